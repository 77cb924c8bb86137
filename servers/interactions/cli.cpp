#include "cli.hpp"

#include <unistd.h>

#include <ctime>
#include <iostream>
#include <stdexcept>

#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::interactions {

namespace {

using common::visible;

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s + " ";
}

std::string quoted(const std::string& s) { return "\"" + visible(s) + "\""; }

std::string joined(const json& values, const char* separator) {
  std::string out;
  for (const auto& v : values)
    if (v.is_string()) out += (out.empty() ? "" : separator) + quoted(v.get<std::string>());
  return out;
}

// The line that answers `i` from this terminal, with every choice its kind offers.
std::string answer_hint(const storage::Interaction& i, const json& req) {
  const std::string cmd = "sciorex-interactions answer " + i.id;
  if (i.kind == storage::InteractionKind::Approval) {
    std::string hint = cmd + " --approve | --deny";
    if (!req.value("alternatives", json::array()).empty()) hint += " | --alternative \"...\"";
    return hint + " [--comment \"...\"]";
  }
  const std::string type = req.value("responseType", std::string("text"));
  std::string how = type == "multiple" ? "--option \"...\" [--option \"...\"]..."
                    : type == "single" ? "--option \"...\""
                                       : "";
  if (type == "text" || req.value("allowCustomText", true))
    how += std::string(how.empty() ? "" : " | ") + "--text \"...\"";
  return cmd + " " + how + " | --skip";
}

// An answer in words: `chose "a", "b"`, `said "..."`, `skipped`, `approved`, `denied`, ...
std::string answer_words(storage::InteractionKind kind, const json& a) {
  std::string s;
  auto add = [&](const std::string& part) { s += (s.empty() ? "" : ", ") + part; };
  if (kind == storage::InteractionKind::Approval) {
    const auto alternative = a.value("selectedAlternative", json(nullptr));
    if (alternative.is_string())
      add("chose the alternative " + quoted(alternative.get<std::string>()));
    else
      add(a.value("approved", false) ? "approved" : "denied");
    if (a.value("userComment", json(nullptr)).is_string())
      add("comment " + quoted(a["userComment"].get<std::string>()));
    return s;
  }
  if (a.value("skipped", false)) return "skipped";
  if (const auto chosen = a.value("selectedOptions", json::array()); !chosen.empty())
    add("chose " + joined(chosen, ", "));
  if (a.value("customText", json(nullptr)).is_string())
    add("said " + quoted(a["customText"].get<std::string>()));
  return s.empty() ? "answered" : s;
}

void print_item(const storage::Interaction& i) {
  std::cout << pad(visible(i.id), 7) << pad(std::string(storage::to_string(i.kind)), 12)
            << pad(visible(i.urgency), 10) << pad(visible(i.ticket_id.value_or("-")), 8)
            << pad(interaction_age(i.created_at), 8) << pad(visible(i.asked_by.id), 14) << visible(i.summary)
            << "\n";
  const json req = json::parse(i.request_json, nullptr, false);
  const std::string indent(7, ' ');
  if (req.is_object() && !req.value("context", std::string()).empty())
    std::cout << indent << " context: " << visible(req["context"].get<std::string>()) << "\n";
  const bool open = i.status == storage::InteractionStatus::Pending;
  if (req.is_object() && i.kind == storage::InteractionKind::Question &&
      !req.value("options", json::array()).empty())
    std::cout << indent << " options: " << joined(req["options"], " | ") << "\n";
  if (req.is_object() && i.kind == storage::InteractionKind::Approval) {
    std::cout << indent << " reason: " << visible(req.value("reason", std::string())) << "\n";
    if (!req.value("alternatives", json::array()).empty())
      std::cout << indent << " alternatives: " << joined(req["alternatives"], " | ") << "\n";
  }
  if (open && i.kind != storage::InteractionKind::Notification)
    std::cout << indent << " answer: " << answer_hint(i, req.is_object() ? req : json::object()) << "\n";
  else if (i.status != storage::InteractionStatus::Delivered) {
    std::string line = std::string(storage::to_string(i.status));
    if (i.answer_json) line += ": " + answer_words(i.kind, json::parse(*i.answer_json, nullptr, false));
    if (i.answered_by) line += " by " + visible(i.answered_by->id);
    std::cout << indent << " " << line << "\n";
  }
}

int print_inbox(const std::vector<storage::Interaction>& items, bool all) {
  if (items.empty()) {
    std::cout << (all ? "Nothing asked yet." : "Nothing waiting for an answer.") << std::endl;
    return common::kExitOk;
  }
  std::cout << pad("ID", 7) << pad("KIND", 12) << pad("URGENCY", 10) << pad("TICKET", 8) << pad("AGE", 8)
            << pad("ASKED BY", 14) << "QUESTION / ACTION\n";
  for (const auto& i : items) print_item(i);
  std::cout << common::count_of(items.size(), all ? "item" : "waiting item") << std::endl;
  return common::kExitOk;
}

}  // namespace

std::string interaction_age(const std::string& iso, std::time_t now) {
  std::tm tm{};
  const char* rest = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return "?";
  if (*rest == '.')  // milliseconds (what the store writes), or any fraction
    for (++rest; *rest >= '0' && *rest <= '9';) ++rest;
  if (*rest == 'Z') ++rest;
  if (*rest != '\0') return "?";
  long long secs = static_cast<long long>(std::difftime(now, timegm(&tm)));
  if (secs < 0) secs = 0;
  if (secs < 60) return std::to_string(secs) + "s ago";
  if (secs < 3600) return std::to_string(secs / 60) + "m ago";
  if (secs < 86400) return std::to_string(secs / 3600) + "h ago";
  return std::to_string(secs / 86400) + "d ago";
}

void add_cli_commands(CLI::App& app, CliCommands& c) {
  c.inbox = app.add_subcommand(
      "inbox", "List what agents asked (newest first): questions and approvals waiting for an answer");
  c.inbox->add_flag("--all", c.inbox_all, "Also show answered, withdrawn and notifications");
  c.inbox->add_flag("--json", c.inbox_json, "Print {count, items} as JSON");
  c.inbox->add_option("--limit", c.inbox_limit, "At most this many")->check(CLI::Range(1, 500));
  c.answer = app.add_subcommand("answer", "Answer a question or an approval");
  c.answer->add_option("id", c.answer_id, "Interaction id, e.g. I-003")->required();
  c.answer->add_option("--option", c.answer_args.options, "An option to select (repeat for several)");
  c.answer->add_option("--text", c.text_arg, "A free-text answer");
  c.answer->add_flag("--skip", c.answer_args.skip, "Skip the question");
  c.answer->add_flag("--approve", c.answer_args.approve, "Approve the action");
  c.answer->add_flag("--deny", c.answer_args.deny, "Deny the action");
  c.answer->add_option("--alternative", c.alternative_arg, "Choose one of the alternatives offered instead");
  c.answer->add_option("--comment", c.comment_arg, "A comment for the agent");
}

std::optional<int> run_cli(CliCommands& c, Inbox& inbox) {
  if (c.inbox && c.inbox->parsed()) {
    auto items = inbox.repo().list(!c.inbox_all, c.inbox_limit);
    if (!c.inbox_json) return print_inbox(items, c.inbox_all);
    json out = json::array();
    for (const auto& i : items) {
      json j = to_json(i);
      j["age"] = interaction_age(i.created_at);
      out.push_back(j);
    }
    common::print_json(common::list_json(std::move(out)));
    return common::kExitOk;
  }
  if (c.answer && c.answer->parsed()) {
    if (c.answer->count("--text")) c.answer_args.text = c.text_arg;
    if (c.answer->count("--alternative")) c.answer_args.alternative = c.alternative_arg;
    if (c.answer->count("--comment")) c.answer_args.comment = c.comment_arg;
    try {
      auto i = inbox.repo().get(c.answer_id);
      if (i.kind == storage::InteractionKind::Notification) {
        common::print_error(kProgram, i.id + " is a notification; it takes no answer");
        return common::kExitFailed;
      }
      json request = json::parse(i.request_json, nullptr, false);
      json answer = i.kind == storage::InteractionKind::Question
                        ? answer_from_cli(Question::from_request(request), c.answer_args)
                        : answer_from_cli(Approval::from_request(request), c.answer_args);
      inbox.repo().answer(i.id, answer.dump(), "inbox", storage::Actor::user(common::person_name()));
      std::cout << "Answered " << i.id << " (" << visible(i.summary) << "): " << answer_words(i.kind, answer)
                << "." << std::endl;
      return common::kExitOk;
    } catch (const std::invalid_argument& e) {  // an answer that does not fit what was asked
      common::print_error(kProgram, e.what());
      return common::kExitUsage;
    } catch (const std::exception& e) {  // an unknown id, an interaction already answered
      common::print_error(kProgram, e.what());
      return common::kExitFailed;
    }
  }
  return std::nullopt;
}

common::StoreUse store_use(const CliCommands& c) {
  return (c.inbox && c.inbox->parsed()) || (c.answer && c.answer->parsed()) ? common::StoreUse::read
                                                                            : common::StoreUse::create;
}

}  // namespace sciorex::interactions
