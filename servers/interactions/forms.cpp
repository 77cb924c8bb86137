#include "forms.hpp"

#include <algorithm>

#include "sciorex/protocol/arguments.hpp"
#include "sciorex/protocol/features.hpp"

namespace sciorex::interactions {

namespace args = protocol::args;

namespace {

constexpr int kMaxTimeout = 86'400;

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// Choices a person picks from must each say something and differ from the others.
void check_choices(const std::vector<std::string>& values, const char* argument) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty())
      throw protocol::ToolError(std::string("Invalid argument \"") + argument + "\": item " +
                                std::to_string(i + 1) + " is empty; each choice needs a text");
    for (std::size_t j = i + 1; j < values.size(); ++j)
      if (values[i] == values[j])
        throw protocol::ToolError(std::string("Invalid argument \"") + argument + "\": \"" + values[i] +
                                  "\" is given twice");
  }
}

}  // namespace

Question Question::from_json(const json& a) {
  args::only(a, {"question", "context", "responseType", "options", "allowCustomText", "urgency",
                 "placeholder", "ticketId", "timeoutSeconds"});
  Question q;
  q.question = args::required_string(a, "question", 5000);
  q.context = args::optional_string(a, "context", 20000).value_or("");
  q.options = args::optional_strings(a, "options", 50, 500).value_or(std::vector<std::string>{});
  q.response_type =
      args::optional_enum(a, "responseType", kResponseTypes).value_or(q.options.empty() ? "text" : "single");
  if (q.response_type != "text" && q.options.empty())
    throw protocol::ToolError("Invalid argument \"options\": responseType " + q.response_type +
                              " needs at least one option");
  check_choices(q.options, "options");
  q.allow_custom_text = args::optional_bool(a, "allowCustomText").value_or(true);
  q.urgency = args::optional_enum(a, "urgency", kUrgencies).value_or("important");
  q.placeholder = args::optional_string(a, "placeholder", 500).value_or("");
  q.ticket_id = args::optional_string(a, "ticketId", 200);
  if (auto t = args::optional_int(a, "timeoutSeconds", 1, kMaxTimeout))
    q.timeout_seconds = static_cast<int>(*t);
  return q;
}

json Question::to_request() const {
  json r = {{"question", question},
            {"responseType", response_type},
            {"options", options},
            {"allowCustomText", allow_custom_text},
            {"urgency", urgency}};
  if (!context.empty()) r["context"] = context;
  if (!placeholder.empty()) r["placeholder"] = placeholder;
  return r;
}

Question Question::from_request(const json& r) {
  Question q;
  q.question = r.value("question", "");
  q.context = r.value("context", "");
  q.response_type = r.value("responseType", "text");
  q.options = r.value("options", std::vector<std::string>{});
  q.allow_custom_text = r.value("allowCustomText", true);
  q.urgency = r.value("urgency", "important");
  q.placeholder = r.value("placeholder", "");
  return q;
}

Approval Approval::from_json(const json& a) {
  args::only(a, {"action", "reason", "alternatives", "impact", "ticketId", "timeoutSeconds"});
  Approval ap;
  ap.action = args::required_string(a, "action", 5000);
  ap.reason = args::required_string(a, "reason", 20000);
  ap.alternatives = args::optional_strings(a, "alternatives", 20, 500).value_or(std::vector<std::string>{});
  check_choices(ap.alternatives, "alternatives");
  ap.impact = args::optional_enum(a, "impact", kImpacts).value_or("medium");
  ap.ticket_id = args::optional_string(a, "ticketId", 200);
  if (auto t = args::optional_int(a, "timeoutSeconds", 1, kMaxTimeout))
    ap.timeout_seconds = static_cast<int>(*t);
  return ap;
}

json Approval::to_request() const {
  return {{"action", action}, {"reason", reason}, {"alternatives", alternatives}, {"impact", impact}};
}

Approval Approval::from_request(const json& r) {
  Approval ap;
  ap.action = r.value("action", "");
  ap.reason = r.value("reason", "");
  ap.alternatives = r.value("alternatives", std::vector<std::string>{});
  ap.impact = r.value("impact", "medium");
  return ap;
}

json form_for(const Question& q) {
  std::string message = q.question;
  if (!q.context.empty()) message += "\n\n" + q.context;
  if (q.urgency == "blocking") message = "[blocking] " + message;
  json props = json::object();
  json required = json::array();
  if (q.response_type == "single") {
    props["choice"] = {{"type", "string"}, {"title", "Answer"}, {"enum", q.options}};
    if (!q.allow_custom_text) required.push_back("choice");
  } else if (q.response_type == "multiple") {
    props["choices"] = {
        {"type", "array"}, {"title", "Answers"}, {"items", {{"type", "string"}, {"enum", q.options}}}};
  }
  if (q.response_type == "text") {
    json field = {{"type", "string"}, {"title", "Answer"}};
    if (!q.placeholder.empty()) field["description"] = q.placeholder;
    props["answer"] = field;
    required.push_back("answer");
  } else if (q.allow_custom_text) {
    json field = {{"type", "string"}, {"title", "Or your own answer"}};
    if (!q.placeholder.empty()) field["description"] = q.placeholder;
    props["customText"] = field;
  }
  return {{"message", message},
          {"requestedSchema", {{"type", "object"}, {"properties", props}, {"required", required}}}};
}

json form_for(const Approval& a) {
  std::string message = "Approve: " + a.action + "\n\nWhy: " + a.reason + "\nImpact: " + a.impact;
  json props = {{"approved", {{"type", "boolean"}, {"title", "Approve"}, {"default", false}}}};
  if (!a.alternatives.empty())
    props["alternative"] = {
        {"type", "string"}, {"title", "Or choose an alternative"}, {"enum", a.alternatives}};
  props["comment"] = {{"type", "string"}, {"title", "Comment"}};
  return {{"message", message},
          {"requestedSchema", {{"type", "object"}, {"properties", props}, {"required", {"approved"}}}}};
}

namespace {

// The action of an elicitation result that answers: accept or decline. A cancel is no answer, and
// anything else does not fit.
std::string action_of(const json& result) {
  if (!result.is_object()) throw std::invalid_argument("the form's result is not an object");
  if (form_cancelled(result)) throw std::invalid_argument("the form was cancelled: no answer");
  auto a = result.find("action");
  if (a == result.end() || !a->is_string() || (*a != "accept" && *a != "decline"))
    throw std::invalid_argument("the form's action must be accept, decline or cancel");
  return a->get<std::string>();
}

bool has_value(const json& field, const json& v) {
  auto e = field.find("enum");
  return e == field.end() || std::find(e->begin(), e->end(), v) != e->end();
}

// The accepted content checked against the form it answers: only the form's fields, each of the
// type (and among the values) the form asked for, the required ones present.
json content_of(const json& result, const json& form, const char* not_offered) {
  json c = result.value("content", json::object());
  if (c.is_null()) c = json::object();
  if (!c.is_object()) throw std::invalid_argument("the form's content is not an object");
  const json& schema = form["requestedSchema"];
  for (const auto& [key, v] : c.items()) {
    auto f = schema["properties"].find(key);
    if (f == schema["properties"].end()) throw std::invalid_argument("the form has no field \"" + key + "\"");
    const std::string type = (*f)["type"];
    bool fits = type == "string" ? v.is_string() : type == "boolean" ? v.is_boolean() : v.is_array();
    if (!fits) throw std::invalid_argument("the form's field \"" + key + "\" must be a " + type);
    for (const auto& item : v.is_array() ? v : json::array({v})) {
      const json& field = v.is_array() ? (*f)["items"] : *f;
      if (v.is_array() && !item.is_string())
        throw std::invalid_argument("the form's field \"" + key + "\" must list strings");
      if (!has_value(field, item)) throw std::invalid_argument(item.dump() + not_offered);
    }
  }
  for (const auto& r : schema["required"])
    if (!c.contains(r.get<std::string>()))
      throw std::invalid_argument("the form's field " + r.dump() + " is required");
  return c;
}

std::optional<std::string> non_empty(const json& c, const char* key) {
  auto it = c.find(key);
  if (it == c.end() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

bool form_cancelled(const json& result) {
  if (!result.is_object()) return false;
  auto a = result.find("action");
  return a != result.end() && a->is_string() && *a == "cancel";
}

json answer_from_elicitation(const Question& q, const json& result) {
  if (action_of(result) != "accept")
    return {{"selectedOptions", json::array()}, {"customText", nullptr}, {"skipped", true}};
  if (q.response_type != "text" && !q.allow_custom_text &&
      result.value("content", json()).contains("customText"))
    throw std::invalid_argument("this question takes only the options offered: " + joined(q.options));
  json c = content_of(result, form_for(q), " is not one of the options");
  std::vector<std::string> selected;
  if (c.contains("choice")) selected.push_back(c["choice"]);
  if (c.contains("choices")) selected = c["choices"].get<std::vector<std::string>>();
  std::optional<std::string> text = non_empty(c, q.response_type == "text" ? "answer" : "customText");
  return {{"selectedOptions", selected},
          {"customText", optional_text(text)},
          {"skipped", selected.empty() && !text}};
}

json answer_from_elicitation(const Approval& a, const json& result) {
  if (action_of(result) != "accept")
    return {{"approved", false}, {"selectedAlternative", nullptr}, {"userComment", nullptr}};
  json c = content_of(result, form_for(a), " is not an alternative");
  std::optional<std::string> alternative = non_empty(c, "alternative");
  std::optional<std::string> comment = non_empty(c, "comment");
  bool approved = c["approved"].get<bool>() && !alternative;
  return {{"approved", approved},
          {"selectedAlternative", optional_text(alternative)},
          {"userComment", optional_text(comment)}};
}

json answer_from_cli(const Question& q, const CliAnswer& a) {
  if (a.approve || a.deny || a.alternative)
    throw std::invalid_argument("--approve, --deny and --alternative answer approvals, not questions");
  if (a.skip) {
    if (!a.options.empty() || a.text) throw std::invalid_argument("--skip takes no --option or --text");
    return {{"selectedOptions", json::array()}, {"customText", nullptr}, {"skipped", true}};
  }
  for (const auto& o : a.options)
    if (!contains(q.options, o))
      throw std::invalid_argument(
          "\"" + o + "\" is not one of the options: " + (q.options.empty() ? "(none)" : joined(q.options)));
  if (q.response_type == "single" && a.options.size() > 1)
    throw std::invalid_argument("this question takes one --option");
  if (a.text && q.response_type != "text" && !q.allow_custom_text)
    throw std::invalid_argument("this question takes only the options offered: " + joined(q.options));
  if (a.options.empty() && !a.text)
    throw std::invalid_argument(q.options.empty()
                                    ? "give --text (or --skip)"
                                    : "give --option (from: " + joined(q.options) + "), --text or --skip");
  std::optional<std::string> text = a.text;
  if (a.comment) text = text ? *text + "\n" + *a.comment : *a.comment;
  return {{"selectedOptions", a.options}, {"customText", optional_text(text)}, {"skipped", false}};
}

json answer_from_cli(const Approval& ap, const CliAnswer& a) {
  if (!a.options.empty() || a.text || a.skip)
    throw std::invalid_argument("--option, --text and --skip answer questions, not approvals");
  if (a.approve && a.deny) throw std::invalid_argument("give --approve or --deny, not both");
  if (a.alternative && !contains(ap.alternatives, *a.alternative))
    throw std::invalid_argument(
        "\"" + *a.alternative + "\" is not an alternative" +
        (ap.alternatives.empty() ? std::string(" (none were offered)") : ": " + joined(ap.alternatives)));
  if (!a.approve && !a.deny && !a.alternative)
    throw std::invalid_argument("give --approve, --deny or --alternative");
  if (a.approve && a.alternative)
    throw std::invalid_argument(
        "--approve approves the action as asked; --alternative chooses another instead");
  return {{"approved", a.approve},
          {"selectedAlternative", optional_text(a.alternative)},
          {"userComment", optional_text(a.comment)}};
}

}  // namespace sciorex::interactions
