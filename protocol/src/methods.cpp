// The MCP methods: one handler each, on typed-enough params; the dispatcher already checked the
// envelope, the era and the lifecycle.
#include <algorithm>

#include "dispatcher.hpp"
#include "extensions.hpp"
#include "sciorex/protocol/envelope.hpp"

namespace sciorex::protocol {

namespace {

// Resources one session (or one subscriptions/listen) may watch: far more than a client shows at
// once, and a bound on what each session keeps for its whole life.
constexpr std::size_t kMaxSubscriptions = 1000;

const std::string& required_string(const json& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string())
    throw errors::invalid_params(std::string("params.") + key + " must be a string");
  return it->get_ref<const std::string&>();
}

// One page of `items` from the cursor on.
json page_of(const std::vector<json>& items, std::size_t offset, std::size_t size, const char* key) {
  if (offset > items.size()) throw errors::invalid_cursor();
  json out = {{key, json::array()}};
  std::size_t end = std::min(items.size(), offset + size);
  for (std::size_t i = offset; i < end; ++i) out[key].push_back(items[i]);
  if (end < items.size()) out["nextCursor"] = encode_cursor(end);
  return out;
}

json all_versions() {
  json v = json::array();
  for (auto s : kModernVersions) v.push_back(std::string(s));
  for (auto s : kLegacyVersions) v.push_back(std::string(s));
  return v;
}

}  // namespace

std::string encode_cursor(std::size_t offset) {
  return detail::base64url_encode("o:" + std::to_string(offset));
}

std::size_t decode_cursor(const json& params) {
  auto it = params.find("cursor");
  if (it == params.end() || it->is_null()) return 0;
  if (!it->is_string()) throw errors::invalid_cursor();
  auto raw = detail::base64url_decode(*it);
  if (!raw || raw->size() < 3 || raw->compare(0, 2, "o:") != 0) throw errors::invalid_cursor();
  std::size_t offset = 0;
  for (std::size_t i = 2; i < raw->size(); ++i) {
    char c = (*raw)[i];
    if (c < '0' || c > '9' || offset > 100'000'000) throw errors::invalid_cursor();
    offset = offset * 10 + static_cast<std::size_t>(c - '0');
  }
  return offset;
}

json Dispatcher::server_info_json() const {
  json j = {{"name", info.name}, {"version", info.version}};
  if (!info.title.empty()) j["title"] = info.title;
  if (!info.description.empty()) j["description"] = info.description;
  return j;
}

json Dispatcher::capabilities() const {
  json caps = json::object();
  caps["tools"] = {{"listChanged", true}};
  caps["prompts"] = {{"listChanged", true}};
  caps["resources"] = {{"subscribe", true}, {"listChanged", true}};
  if (options.declare_completions) caps["completions"] = json::object();
  if (options.declare_logging) caps["logging"] = json::object();
  return caps;
}

void Dispatcher::add_caching(CallState& call, json& result, bool catalog) const {
  if (call.era != Era::modern) return;
  result["ttlMs"] = catalog ? options.catalog_ttl_ms : options.resource_ttl_ms;
  result["cacheScope"] = catalog ? "public" : "private";
}

json Dispatcher::initialize(CallState& call) {
  const json& p = call.params;
  auto requested = p.find("protocolVersion");
  if (requested == p.end() || !requested->is_string())
    throw errors::invalid_params("initialize needs params.protocolVersion (a string)");
  auto caps = p.value("capabilities", json::object());
  if (!caps.is_object()) throw errors::invalid_params("params.capabilities must be an object");
  std::string version = era_of(requested->get<std::string>()) == Era::legacy
                            ? requested->get<std::string>()
                            : std::string(kLatestLegacyVersion);
  if (!call.peer->state().initialize(version, caps, p.value("clientInfo", json::object())))
    throw errors::invalid_request("this session is already initialized");
  register_peer(call.peer);
  json result = {{"protocolVersion", version},
                 {"capabilities", capabilities_for(caps)},
                 {"serverInfo", server_info_json()}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  return result;
}

json Dispatcher::ping(CallState&) { return json::object(); }

json Dispatcher::discover(CallState& call) {
  json result = {{"supportedVersions", all_versions()},
                 {"capabilities", capabilities_for(call.client_capabilities)}};
  // Extensions are 2026 only, and discover is the 2026 handshake (2025 initialize lacks them).
  if (options.max_tasks > 0) result["capabilities"]["extensions"][kTasksExtension] = json::object();
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  add_caching(call, result, true);
  return result;
}

json Dispatcher::capabilities_for(const json& client_capabilities) const {
  json caps = capabilities();
  // Client extensions this server uses and the client declared (SEP-2133): named back, so the
  // client knows they are on; a client that declared none gets exactly the plain capabilities.
  json back = detail::declared_back(registry.used_extensions(), client_capabilities);
  for (auto& [id, settings] : back.items()) caps["extensions"][id] = settings;
  return caps;
}

std::shared_ptr<const Registry::Tool> Dispatcher::offered_tool(const CallState& call,
                                                               const std::string& name) const {
  auto tool = registry.tool(name);
  if (tool && !detail::offered(tool->def.requires_extension, call.client_capabilities)) return nullptr;
  return tool;
}

json Dispatcher::tools_list(CallState& call) {
  // Per client: tools needing an extension it did not declare are left out, and extension _meta
  // is added only for the extensions it declared. The cursor is an offset into this client's list.
  std::vector<json> defs;
  bool tailored = false;
  for (const auto& tool : registry.tools()) {
    const ToolDefinition& def = tool->def;
    if (!detail::offered(def.requires_extension, call.client_capabilities)) continue;
    json view = detail::tool_view(def, call.client_capabilities);
    tailored = tailored || !def.requires_extension.empty() || view != def.definition;
    bool hide_tasks = call.era == Era::legacy && def.task_support != TaskSupport::forbidden;
    defs.push_back(hide_tasks ? detail::legacy_tool_view(view) : std::move(view));
  }
  json result = page_of(defs, decode_cursor(call.params), options.page_size, "tools");
  add_caching(call, result, true);
  // A list tailored to the client's declared extensions is not the one every client gets, so no
  // shared cache may hand it on. Decided on the whole list, so every page has the same scope.
  if (tailored && result.contains("cacheScope")) result["cacheScope"] = "private";
  return result;
}

json Dispatcher::tools_call(CallState& call) {
  const std::string& name = required_string(call.params, "name");
  // Resolved at admission; a task round resolves it again (the tool may have gone meanwhile).
  std::shared_ptr<const Registry::Tool> tool = call.tool ? call.tool : offered_tool(call, name);
  if (!tool) throw errors::unknown_tool(name);
  call.task_support = tool->def.task_support;
  // A tool that cannot be served without a task, to a 2026 request without the tasks extension.
  if (call.task_support == TaskSupport::required && call.era == Era::modern &&
      !detail::declares_tasks(call.client_capabilities))
    throw errors::tasks_extension_required();
  json args = call.params.value("arguments", json::object());
  if (!args.is_object()) throw errors::invalid_params("params.arguments must be an object");
  RequestContext ctx(call);
  ToolResult r;
  try {
    r = tool->handler(args, ctx);
  } catch (const ToolError& e) {
    r = ToolResult::error(e.what());
  }
  return tool_call_result(std::move(r));
}

json tool_call_result(ToolResult r) {
  json result = {{"content", std::move(r.content)}};
  if (r.structured) result["structuredContent"] = std::move(*r.structured);
  if (r.is_error) result["isError"] = true;
  return result;
}

namespace {
// "s<index>:", the start of a cursor into resource source `index`. Built by appending: GCC 12
// warns falsely (-Wrestrict, its bug 105329) on "s" + std::to_string(...).
std::string source_cursor(std::size_t index) {
  std::string c = "s";
  c += std::to_string(index);
  c += ':';
  return c;
}
}  // namespace

json Dispatcher::resources_list(CallState& call) {
  // Static resources first, then each source in turn. The cursor is an offset over the static
  // ones, or "s<index>:<source continuation>" once past them.
  std::vector<json> statics = registry.resource_definitions(call.client_capabilities);
  std::vector<std::shared_ptr<ResourceSource>> srcs = registry.sources();
  std::size_t source_index = 0;
  std::string after;
  std::size_t offset = 0;
  auto cur = call.params.find("cursor");
  if (cur != call.params.end() && cur->is_string()) {
    auto raw = detail::base64url_decode(*cur);
    if (raw && raw->size() > 1 && (*raw)[0] == 's') {
      auto colon = raw->find(':');
      if (colon == std::string::npos) throw errors::invalid_cursor();
      try {
        source_index = std::stoul(raw->substr(1, colon - 1));
      } catch (...) {
        throw errors::invalid_cursor();
      }
      if (source_index >= srcs.size()) throw errors::invalid_cursor();
      after = raw->substr(colon + 1);
      offset = statics.size();
    } else {
      offset = decode_cursor(call.params);
    }
  } else if (cur != call.params.end() && !cur->is_null()) {
    throw errors::invalid_cursor();
  }
  json out = {{"resources", json::array()}};
  std::size_t budget = options.page_size;
  if (offset < statics.size()) {
    json page = page_of(statics, offset, budget, "resources");
    out["resources"] = std::move(page["resources"]);
    budget -= out["resources"].size();
    if (page.contains("nextCursor")) {
      out["nextCursor"] = page["nextCursor"];
      add_caching(call, out, false);
      return out;
    }
  } else if (offset > statics.size()) {
    throw errors::invalid_cursor();
  }
  for (; source_index < srcs.size() && budget > 0; ++source_index, after.clear()) {
    auto page = srcs[source_index]->list(after, budget);
    for (auto& r : page.resources) out["resources"].push_back(std::move(r));
    budget -= std::min(budget, page.resources.size());
    if (page.next) {
      out["nextCursor"] = detail::base64url_encode(source_cursor(source_index) + *page.next);
      break;
    }
  }
  if (!out.contains("nextCursor") && source_index < srcs.size() && budget == 0)
    out["nextCursor"] = detail::base64url_encode(source_cursor(source_index));
  add_caching(call, out, false);
  return out;
}

json Dispatcher::resources_templates_list(CallState& call) {
  json result = page_of(registry.template_definitions(), decode_cursor(call.params), options.page_size,
                        "resourceTemplates");
  add_caching(call, result, true);
  return result;
}

json Dispatcher::resources_read(CallState& call) {
  json result = {{"contents", read_resource(call, required_string(call.params, "uri"))}};
  add_caching(call, result, false);
  return result;
}

json Dispatcher::read_resource(CallState& call, const std::string& uri) {
  RequestContext ctx(call);
  Registry::ResourceMatch m = registry.match_resource(uri, call.client_capabilities);
  ResourceContents contents;
  if (m.reader) {
    contents = m.reader(uri, ctx);
  } else if (m.template_reader) {
    contents = m.template_reader(uri, m.vars, ctx);
  }
  for (std::size_t i = 0; !contents && i < m.sources.size(); ++i) contents = m.sources[i]->read(uri, ctx);
  if (!contents || !contents->is_array() || contents->empty())
    throw errors::resource_not_found(uri, call.era == Era::modern);
  return std::move(*contents);
}

json Dispatcher::resources_subscribe(CallState& call) {
  const std::string& uri = required_string(call.params, "uri");
  // Only what exists can be watched: an unknown URI is refused as resources/read refuses it,
  // and a session holds a bounded number (each URI is kept for the session's life).
  read_resource(call, uri);
  if (!call.peer->state().subscribe(uri, kMaxSubscriptions))
    throw errors::too_many_subscriptions(kMaxSubscriptions);
  return json::object();
}

json Dispatcher::resources_unsubscribe(CallState& call) {
  const std::string& uri = required_string(call.params, "uri");
  call.peer->state().unsubscribe(uri);
  return json::object();
}

json Dispatcher::prompts_list(CallState& call) {
  json result =
      page_of(registry.prompt_definitions(), decode_cursor(call.params), options.page_size, "prompts");
  add_caching(call, result, true);
  return result;
}

json Dispatcher::prompts_get(CallState& call) {
  const std::string& name = required_string(call.params, "name");
  std::shared_ptr<const Registry::Prompt> prompt = registry.prompt(name);
  if (!prompt) throw errors::unknown_prompt(name);
  json args = call.params.value("arguments", json::object());
  if (!args.is_object()) throw errors::invalid_params("params.arguments must be an object of strings");
  for (const auto& a : prompt->def.value("arguments", json::array())) {
    if (a.value("required", false) && !args.contains(a.value("name", "")))
      throw errors::invalid_params("Missing required argument \"" + a.value("name", std::string()) +
                                   "\" for prompt " + name);
  }
  RequestContext ctx(call);
  PromptResult r = prompt->handler(args, ctx);
  json result = {{"messages", std::move(r.messages)}};
  if (r.description) result["description"] = *r.description;
  return result;
}

json Dispatcher::completion_complete(CallState& call) {
  const json& p = call.params;
  auto ref = p.find("ref");
  auto arg = p.find("argument");
  if (ref == p.end() || !ref->is_object() || arg == p.end() || !arg->is_object())
    throw errors::invalid_params("completion/complete needs params.ref and params.argument");
  const std::string type = ref->value("type", "");
  const std::string arg_name = arg->value("name", "");
  const std::string value = arg->value("value", "");
  json context_args = p.value("context", json::object()).value("arguments", json::object());
  Completer completer;
  if (type == "ref/prompt") {
    std::string name = ref->value("name", "");
    auto found = registry.prompt_completer(name);
    if (!found) throw errors::unknown_prompt(name);
    completer = std::move(*found);
  } else if (type == "ref/resource") {
    completer = registry.template_completer(ref->value("uri", ""));
  } else {
    throw errors::invalid_params("params.ref.type must be ref/prompt or ref/resource");
  }
  Completion c;
  if (completer) c = completer(arg_name, value, context_args);
  json values = json::array();
  for (std::size_t i = 0; i < c.values.size() && i < 100; ++i) values.push_back(c.values[i]);
  json completion = {{"values", values}};
  std::size_t total = c.total.value_or(c.values.size());
  completion["total"] = total;
  completion["hasMore"] = c.has_more || total > values.size();
  return {{"completion", completion}};
}

json Dispatcher::logging_set_level(CallState& call) {
  const std::string& level = required_string(call.params, "level");
  auto parsed = parse_log_level(level);
  if (!parsed) throw errors::invalid_params("Invalid log level \"" + level + "\"");
  call.peer->state().set_log_level(*parsed);
  return json::object();
}

json Dispatcher::subscriptions_listen(CallState& call) {
  json filter = call.params.value("notifications", json::object());
  if (!filter.is_object()) throw errors::invalid_params("params.notifications must be an object");
  // Task status notifications are the tasks extension's: refused without it (SEP-2663). With it
  // they are not offered (the ack omits taskIds), which the extension allows: clients poll.
  if (filter.contains("taskIds") && !detail::declares_tasks(call.client_capabilities))
    throw errors::tasks_extension_required();
  Listener l;
  l.id = call.id;
  l.sink = call.sink;
  l.cancel = call.cancel;
  l.peer = call.peer;
  json honoured = json::object();
  auto flag = [&](const char* key, bool& out) {
    if (filter.value(key, false) == true) {
      out = true;
      honoured[key] = true;
    }
  };
  flag("toolsListChanged", l.tools);
  flag("promptsListChanged", l.prompts);
  flag("resourcesListChanged", l.resources);
  if (auto subs = filter.find("resourceSubscriptions"); subs != filter.end()) {
    if (!subs->is_array()) throw errors::invalid_params("resourceSubscriptions must be an array of URIs");
    if (subs->size() > kMaxSubscriptions) throw errors::too_many_subscriptions(kMaxSubscriptions);
    for (const auto& u : *subs)
      if (u.is_string()) l.uris.insert(u.get<std::string>());
    honoured["resourceSubscriptions"] = *subs;
  }
  json ack = envelope::notification(
      "notifications/subscriptions/acknowledged",
      {{"_meta", {{meta_keys::subscription_id, call.id}}}, {"notifications", honoured}});
  {
    std::lock_guard lock(listen_mu_);
    listeners_.push_back(l);
    call.sink->send(ack);
  }
  return kKeepOpen;
}

}  // namespace sciorex::protocol
