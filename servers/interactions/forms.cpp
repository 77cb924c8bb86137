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

}  // namespace

Question Question::from_arguments(const json& a) {
  args::only(a, {"question", "context", "responseType", "options", "allowCustomText", "urgency", "placeholder",
                 "ticketId", "timeoutSeconds"});
  Question q;
  q.question = args::required_string(a, "question", 5000);
  q.context = args::optional_string(a, "context", 20000).value_or("");
  q.options = args::optional_strings(a, "options", 50, 500).value_or(std::vector<std::string>{});
  q.response_type =
      args::optional_enum(a, "responseType", {"single", "multiple", "text"}).value_or(q.options.empty() ? "text" : "single");
  if (q.response_type != "text" && q.options.empty())
    throw protocol::ToolError("Invalid argument \"options\": responseType " + q.response_type + " needs at least one option");
  for (std::size_t i = 0; i < q.options.size(); ++i)
    for (std::size_t j = i + 1; j < q.options.size(); ++j)
      if (q.options[i] == q.options[j]) throw protocol::ToolError("Invalid argument \"options\": \"" + q.options[i] + "\" is given twice");
  q.allow_custom_text = args::optional_bool(a, "allowCustomText").value_or(true);
  // Agents in the wild also send "informational" (see the contract).
  q.urgency = args::optional_enum(a, "urgency", {"blocking", "important", "optional", "informational"}).value_or("important");
  q.placeholder = args::optional_string(a, "placeholder", 500).value_or("");
  q.ticket_id = args::optional_string(a, "ticketId", 200);
  if (auto t = args::optional_int(a, "timeoutSeconds", 1, kMaxTimeout)) q.timeout_seconds = static_cast<int>(*t);
  return q;
}

json Question::to_request() const {
  json r = {{"question", question}, {"responseType", response_type}, {"options", options},
            {"allowCustomText", allow_custom_text}, {"urgency", urgency}};
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

Approval Approval::from_arguments(const json& a) {
  args::only(a, {"action", "reason", "alternatives", "impact", "ticketId", "timeoutSeconds"});
  Approval ap;
  ap.action = args::required_string(a, "action", 5000);
  ap.reason = args::required_string(a, "reason", 20000);
  ap.alternatives = args::optional_strings(a, "alternatives", 20, 500).value_or(std::vector<std::string>{});
  ap.impact = args::optional_enum(a, "impact", {"low", "medium", "high"}).value_or("medium");
  ap.ticket_id = args::optional_string(a, "ticketId", 200);
  if (auto t = args::optional_int(a, "timeoutSeconds", 1, kMaxTimeout)) ap.timeout_seconds = static_cast<int>(*t);
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
    props["choices"] = {{"type", "array"}, {"title", "Answers"}, {"items", {{"type", "string"}, {"enum", q.options}}}};
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
  return {{"message", message}, {"requestedSchema", {{"type", "object"}, {"properties", props}, {"required", required}}}};
}

json form_for(const Approval& a) {
  std::string message = "Approve: " + a.action + "\n\nWhy: " + a.reason + "\nImpact: " + a.impact;
  json props = {{"approved", {{"type", "boolean"}, {"title", "Approve"}, {"default", false}}}};
  if (!a.alternatives.empty())
    props["alternative"] = {{"type", "string"}, {"title", "Or choose an alternative"}, {"enum", a.alternatives}};
  props["comment"] = {{"type", "string"}, {"title", "Comment"}};
  return {{"message", message}, {"requestedSchema", {{"type", "object"}, {"properties", props}, {"required", {"approved"}}}}};
}

json answer_from_elicitation(const Question& q, const json& result) {
  if (result.value("action", "") != "accept")
    return {{"selectedOptions", json::array()}, {"customText", nullptr}, {"skipped", true}};
  json c = result.value("content", json::object());
  if (!c.is_object()) throw std::invalid_argument("the form's content is not an object");
  std::vector<std::string> selected;
  if (c.contains("choice") && c["choice"].is_string()) selected.push_back(c["choice"]);
  if (c.contains("choices") && c["choices"].is_array())
    for (const auto& v : c["choices"])
      if (v.is_string()) selected.push_back(v);
  for (const auto& s : selected)
    if (!contains(q.options, s)) throw std::invalid_argument("\"" + s + "\" is not one of the options");
  std::optional<std::string> text;
  for (const char* key : {"answer", "customText"})
    if (c.contains(key) && c[key].is_string() && !c[key].get_ref<const std::string&>().empty()) text = c[key].get<std::string>();
  return {{"selectedOptions", selected}, {"customText", optional_text(text)}, {"skipped", selected.empty() && !text}};
}

json answer_from_elicitation(const Approval& a, const json& result) {
  if (result.value("action", "") != "accept")
    return {{"approved", false}, {"selectedAlternative", nullptr}, {"userComment", nullptr}};
  json c = result.value("content", json::object());
  if (!c.is_object()) throw std::invalid_argument("the form's content is not an object");
  std::optional<std::string> alternative, comment;
  if (c.contains("alternative") && c["alternative"].is_string()) {
    alternative = c["alternative"].get<std::string>();
    if (!contains(a.alternatives, *alternative)) throw std::invalid_argument("\"" + *alternative + "\" is not an alternative");
  }
  if (c.contains("comment") && c["comment"].is_string() && !c["comment"].get_ref<const std::string&>().empty())
    comment = c["comment"].get<std::string>();
  bool approved = c.value("approved", false) == true && !alternative;
  return {{"approved", approved}, {"selectedAlternative", optional_text(alternative)}, {"userComment", optional_text(comment)}};
}

json answer_from_cli(const Question& q, const CliAnswer& a) {
  if (a.approve || a.deny || a.alternative) throw std::invalid_argument("--approve, --deny and --alternative answer approvals, not questions");
  if (a.skip) {
    if (!a.options.empty() || a.text) throw std::invalid_argument("--skip takes no --option or --text");
    return {{"selectedOptions", json::array()}, {"customText", nullptr}, {"skipped", true}};
  }
  for (const auto& o : a.options)
    if (!contains(q.options, o))
      throw std::invalid_argument("\"" + o + "\" is not one of the options: " + (q.options.empty() ? "(none)" : joined(q.options)));
  if (q.response_type == "single" && a.options.size() > 1) throw std::invalid_argument("this question takes one --option");
  if (a.text && q.response_type != "text" && !q.allow_custom_text)
    throw std::invalid_argument("this question takes only the options offered: " + joined(q.options));
  if (a.options.empty() && !a.text)
    throw std::invalid_argument(q.options.empty() ? "give --text (or --skip)" : "give --option (from: " + joined(q.options) + "), --text or --skip");
  std::optional<std::string> text = a.text;
  if (a.comment) text = text ? *text + "\n" + *a.comment : *a.comment;
  return {{"selectedOptions", a.options}, {"customText", optional_text(text)}, {"skipped", false}};
}

json answer_from_cli(const Approval& ap, const CliAnswer& a) {
  if (!a.options.empty() || a.text || a.skip) throw std::invalid_argument("--option, --text and --skip answer questions, not approvals");
  if (a.approve && a.deny) throw std::invalid_argument("give --approve or --deny, not both");
  if (a.alternative && !contains(ap.alternatives, *a.alternative))
    throw std::invalid_argument("\"" + *a.alternative + "\" is not an alternative" +
                                (ap.alternatives.empty() ? std::string(" (none were offered)") : ": " + joined(ap.alternatives)));
  if (!a.approve && !a.deny && !a.alternative) throw std::invalid_argument("give --approve, --deny or --alternative");
  if (a.approve && a.alternative) throw std::invalid_argument("--approve approves the action as asked; --alternative chooses another instead");
  return {{"approved", a.approve}, {"selectedAlternative", optional_text(a.alternative)}, {"userComment", optional_text(a.comment)}};
}

}  // namespace sciorex::interactions
