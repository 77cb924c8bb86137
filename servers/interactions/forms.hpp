// The questions and approvals agents ask (the params of sciorex_ask_user and
// sciorex_request_approval), their elicitation forms, and their answers. Answers have the
// contract's shapes whichever way they came: a question's {selectedOptions, customText, skipped},
// an approval's {approved, selectedAlternative, userComment}.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sciorex::interactions {

using nlohmann::json;

// The enums of the two tools (the schema test holds them equal to the schemas' `enum` lists).
// Agents in the wild also send urgency "informational" (see the contract).
inline constexpr std::array<std::string_view, 3> kResponseTypes{"single", "multiple", "text"};
inline constexpr std::array<std::string_view, 4> kUrgencies{"blocking", "important", "optional",
                                                            "informational"};
inline constexpr std::array<std::string_view, 3> kImpacts{"low", "medium", "high"};

struct Question {
  std::string question;
  std::string context;
  std::string response_type;  // single, multiple or text
  std::vector<std::string> options;
  bool allow_custom_text = true;
  std::string urgency = "important";
  std::string placeholder;
  std::optional<std::string> ticket_id;
  std::optional<int> timeout_seconds;

  // Parses sciorex_ask_user's arguments (throws ToolError naming the argument).
  static Question from_json(const json& arguments);
  // The stored request (the normalised arguments) and back.
  json to_request() const;
  static Question from_request(const json& request);
};

struct Approval {
  std::string action;
  std::string reason;
  std::vector<std::string> alternatives;
  std::string impact = "medium";
  std::optional<std::string> ticket_id;
  std::optional<int> timeout_seconds;

  // Parses sciorex_request_approval's arguments (throws ToolError naming the argument).
  static Approval from_json(const json& arguments);
  json to_request() const;
  static Approval from_request(const json& request);
};

// Elicitation forms: {message, requestedSchema} (flat objects of primitives, as the spec allows).
json form_for(const Question& q);
json form_for(const Approval& a);

// True for an elicitation result whose action is "cancel": the client closed the form without a
// person's choice (Claude Code in print mode cancels every form at once). That is no answer: the
// question stays pending in the inbox. "decline" is a person's choice (skipped / not approved).
bool form_cancelled(const json& result);

// An elicitation result ({action, content}) as the contract's answer: accept as filled in, decline
// skipped / not approved. Throws std::invalid_argument for content that does not fit the form and
// for a cancel (no answer: see form_cancelled).
json answer_from_elicitation(const Question& q, const json& result);
json answer_from_elicitation(const Approval& a, const json& result);

// A person's answer from the command line. Throws std::invalid_argument with a message for the
// person (an option that is not offered, two options for a single choice, no decision, ...).
struct CliAnswer {
  std::vector<std::string> options;
  std::optional<std::string> text;
  bool skip = false;
  bool approve = false;
  bool deny = false;
  std::optional<std::string> alternative;
  std::optional<std::string> comment;
};
json answer_from_cli(const Question& q, const CliAnswer& a);
json answer_from_cli(const Approval& ap, const CliAnswer& a);

}  // namespace sciorex::interactions
