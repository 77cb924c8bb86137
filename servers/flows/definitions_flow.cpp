// Flow definitions (issue 12): `.sciorex/flows/*.yaml` in the seed's form, read strictly: the
// flow's options, its trigger (type, statuses, filter) and its nodes (agent, condition,
// ticketAction, end), each with the keys its type allows. Node references (onTrue/onFalse, agents,
// the paths templates and expressions read) are checked here too, so a loaded flow never meets
// an unknown name while it runs.
#include <set>

#include "definitions_parse.hpp"
#include "definitions_yaml.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::flows::defs {

namespace {

constexpr int kMaxTimeoutSeconds = 7 * 24 * 3600;
constexpr std::size_t kMaxNodes = 200;

template <class E>
E flow_enum(const YamlFields& f, const std::string& key, const std::string& value) {
  if (auto v = storage::parse_enum<E>(value)) return *v;
  std::string names;
  for (const std::string_view n : storage::names_of<E>())
    names += (names.empty() ? "" : ", ") + std::string(n);
  f.fail(key, "'" + value + "' is not one of " + names);
}

// A single name or a list of names of E; a wrong one is refused at its own line.
template <class E>
std::vector<E> flow_enum_list(const YamlFields& f, const std::string& key) {
  const std::vector<std::string> names = f.string_list(key, true);
  std::vector<E> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto v = storage::parse_enum<E>(names[i]);
    if (!v) {
      std::string valid;
      for (const std::string_view n : storage::names_of<E>())
        valid += (valid.empty() ? "" : ", ") + std::string(n);
      f.fail_item(key, i, "'" + names[i] + "' is not one of " + valid);
    }
    out.push_back(*v);
  }
  return out;
}

TriggerFilter read_filter(const YamlFields& f) {
  f.only({"type", "priority", "labels", "epicId"});
  TriggerFilter out;
  out.types = flow_enum_list<storage::TicketType>(f, "type");
  out.priorities = flow_enum_list<storage::Priority>(f, "priority");
  out.labels = f.string_list("labels", true);
  out.epic_id = f.optional_string("epicId");
  return out;
}

Trigger read_trigger(const YamlFields& f) {
  f.only({"type", "fromStatus", "toStatus", "filter"});
  Trigger t;
  const std::string type = f.required_string("type");
  if (type == "ticketStatusChanged")
    t.type = TriggerType::TicketStatusChanged;
  else if (type == "ticketCreated")
    t.type = TriggerType::TicketCreated;
  else if (type == "subtaskCompleted")
    t.type = TriggerType::SubtaskCompleted;
  else if (type == "manual")
    t.type = TriggerType::Manual;
  else
    f.fail("type",
           "'" + type +
               "' is not a trigger (known: ticketStatusChanged, ticketCreated, subtaskCompleted, manual)");
  for (const char* key : {"fromStatus", "toStatus"}) {
    const auto v = f.optional_string(key);
    if (!v) continue;
    if (t.type != TriggerType::TicketStatusChanged)
      f.fail(key, "only a ticketStatusChanged trigger has statuses");
    (std::string_view(key) == "fromStatus" ? t.from_status : t.to_status) =
        flow_enum<storage::TicketStatus>(f, key, *v);
  }
  if (t.from_status && t.to_status && !storage::is_allowed_transition(*t.from_status, *t.to_status)) {
    std::string allowed;
    for (const auto s : storage::allowed_transitions(*t.from_status))
      allowed += (allowed.empty() ? "" : ", ") + std::string(storage::to_string(s));
    f.fail("toStatus",
           "a ticket never moves from " + std::string(storage::to_string(*t.from_status)) + " to " +
               std::string(storage::to_string(*t.to_status)) + ", so this trigger would never fire (from " +
               std::string(storage::to_string(*t.from_status)) + " it may go to " + allowed + ")");
  }
  if (auto filter = f.mapping("filter", false)) t.filter = read_filter(*filter);
  return t;
}

bool valid_node_id(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  const char c0 = id[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_')) return false;
  for (const char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

// Reads the nodes one at a time, knowing every id (for references) from the first pass.
class NodeReader {
 public:
  NodeReader(const FlowShape& shape, const Definitions& agents) : shape_(shape), agents_(agents) {}

  Node read(const YamlFields& f, std::size_t index) {
    index_ = index;
    Node n;
    n.id = f.required_string("id");
    n.line = f.line();
    const std::string type = f.required_string("type");
    if (type == "agent") {
      f.only({"id", "type", "agent", "input", "timeout"});
      n.type = NodeType::Agent;
      const std::string agent = f.required_string("agent");
      const AgentDef* def = agents_.find_agent(agent);
      if (def == nullptr)
        f.fail("agent", "no agent '" + agent + "' in .sciorex/agents (" + known_agents() + ")");
      n.agent = def->key;
      n.input = templ(f, "input", true);
      if (auto t = f.optional_int("timeout", 1, kMaxTimeoutSeconds)) n.timeout = std::chrono::seconds(*t);
    } else if (type == "condition") {
      f.only({"id", "type", "expression", "onTrue", "onFalse"});
      n.type = NodeType::Condition;
      n.expression = expression(f);
      n.on_true = target(f, "onTrue");
      n.on_false = target(f, "onFalse");
    } else if (type == "ticketAction") {
      read_action(f, n);
    } else if (type == "end") {
      f.only({"id", "type"});
      n.type = NodeType::End;
    } else {
      f.fail("type", "'" + type + "' is not a node type (known: agent, condition, ticketAction, end)");
    }
    return n;
  }

 private:
  void read_action(const YamlFields& f, Node& n) {
    n.type = NodeType::TicketAction;
    const std::string action = f.required_string("action");
    if (action == "changeStatus") {
      f.only({"id", "type", "action", "ticketId", "status"});
      n.action = TicketActionKind::ChangeStatus;
      n.status = flow_enum<storage::TicketStatus>(f, "status", f.required_string("status"));
    } else if (action == "addComment") {
      f.only({"id", "type", "action", "ticketId", "text"});
      n.action = TicketActionKind::AddComment;
      n.text = templ(f, "text", true);
    } else if (action == "addLabel") {
      f.only({"id", "type", "action", "ticketId", "label"});
      n.action = TicketActionKind::AddLabel;
      n.label = templ(f, "label", true);
    } else if (action == "linkResource") {
      f.only({"id", "type", "action", "ticketId", "url", "path", "title", "kind"});
      n.action = TicketActionKind::LinkResource;
      if (f.has("url") == f.has("path"))
        f.fail("url", "a linkResource action needs exactly one of url and path");
      n.url = templ(f, "url", false);
      n.path = templ(f, "path", false);
      n.title = templ(f, "title", false);
      n.kind = templ(f, "kind", false);
    } else {
      f.fail("action",
             "'" + action +
                 "' is not a ticket action (known: changeStatus, addComment, addLabel, linkResource)");
    }
    n.ticket_id = f.has("ticketId") ? templ(f, "ticketId", true) : Template::parse("{{trigger.ticket.id}}");
    if (!f.has("ticketId")) check_paths(f, "ticketId", n.ticket_id.paths());
  }

  Template templ(const YamlFields& f, const std::string& key, bool required) {
    const auto text = required ? std::optional(f.required_string(key)) : f.optional_string(key);
    if (!text) return {};
    Template t;
    try {
      t = Template::parse(*text);
    } catch (const TemplateError& e) {
      f.fail(key, e.what());
    }
    check_paths(f, key, t.paths());
    return t;
  }

  std::shared_ptr<const Expression> expression(const YamlFields& f) {
    const std::string text = f.required_string("expression");
    std::shared_ptr<const Expression> e;
    try {
      e = Expression::parse(text);
    } catch (const ExpressionError& err) {
      f.fail("expression", std::string("'") + text + "': " + err.what());
    }
    check_paths(f, "expression", e->paths());
    return e;
  }

  void check_paths(const YamlFields& f, const std::string& key,
                   const std::vector<std::vector<std::string>>& paths) {
    for (const auto& p : paths)
      if (auto why = path_problem(p, shape_, index_)) f.fail(key, *why);
  }

  std::optional<std::string> target(const YamlFields& f, const std::string& key) {
    auto id = f.optional_string(key);
    if (id && std::find(shape_.ids.begin(), shape_.ids.end(), *id) == shape_.ids.end())
      f.fail(key, "there is no node '" + *id + "' in this flow");
    return id;
  }

  std::string known_agents() const {
    if (agents_.agents.empty()) return "none is defined";
    std::string out = "known: ";
    for (std::size_t i = 0; i < agents_.agents.size(); ++i) out += (i ? ", " : "") + agents_.agents[i].key;
    return out;
  }

  const FlowShape& shape_;
  const Definitions& agents_;
  std::size_t index_ = 0;
};

}  // namespace

Flow read_flow(const std::filesystem::path& file, const Definitions& agents) {
  const YAML::Node doc = load_yaml_file(file.string());
  if (!doc.IsDefined() || doc.IsNull())
    throw DefinitionFailure(0, "is empty: a flow needs a name, a trigger and nodes");
  const YamlFields f(doc, "flow", 1);
  f.only({"name", "description", "trigger", "nodes", "maxIterations", "onInterrupt", "nodeTimeout"});
  Flow flow;
  flow.file = file;
  flow.name = f.required_string("name");
  // The actor of its ticket actions is "flow:" + name, at most 200 characters.
  if (flow.name.size() > 195) f.fail("name", "is longer than 195 characters");
  flow.description = f.optional_string("description");
  flow.max_iterations = f.optional_int("maxIterations", 1, 100).value_or(3);
  if (auto t = f.optional_int("nodeTimeout", 1, kMaxTimeoutSeconds))
    flow.node_timeout = std::chrono::seconds(*t);
  if (auto oi = f.optional_string("onInterrupt")) {
    if (*oi == "retry")
      flow.on_interrupt = OnInterrupt::Retry;
    else if (*oi != "fail")
      f.fail("onInterrupt", "'" + *oi + "' is neither retry nor fail");
  }
  flow.trigger = read_trigger(*f.mapping("trigger", true));

  const YAML::Node nodes = f.node("nodes");
  if (!nodes.IsDefined()) throw DefinitionFailure(f.line(), "flow: 'nodes' is missing");
  if (!nodes.IsSequence() || nodes.size() == 0) f.fail("nodes", "expected a list of at least one node");
  if (nodes.size() > kMaxNodes) f.fail("nodes", "more than " + std::to_string(kMaxNodes) + " nodes");

  // First pass: every node's id (unique, usable in paths) and type, for the references.
  FlowShape shape;
  shape.trigger = flow.trigger.type;
  std::vector<YamlFields> fields;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    fields.emplace_back(nodes[i], "node " + std::to_string(i + 1), f.line("nodes"));
    const YamlFields& nf = fields.back();
    const std::string id = nf.required_string("id");
    if (!valid_node_id(id))
      nf.fail("id",
              "'" + id + "' is not a node id (a letter or _, then letters, digits, _ or -; at most 100)");
    if (!seen.insert(id).second) nf.fail("id", "the id '" + id + "' is used by an earlier node");
    shape.ids.push_back(id);
    const auto type = nf.optional_string("type");
    shape.types.push_back(type == "end" ? NodeType::End : NodeType::Agent);
  }
  NodeReader reader(shape, agents);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const YamlFields named(nodes[i], "node '" + shape.ids[i] + "'", fields[i].line());
    flow.nodes.push_back(reader.read(named, i));
  }
  return flow;
}

}  // namespace sciorex::flows::defs
