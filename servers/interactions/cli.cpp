#include "cli.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <iostream>

#include "sciorex/storage/errors.hpp"

namespace sciorex::interactions {

namespace {

std::string age(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return "?";
  long long secs = static_cast<long long>(std::difftime(std::time(nullptr), timegm(&tm)));
  if (secs < 0) secs = 0;
  if (secs < 60) return std::to_string(secs) + "s ago";
  if (secs < 3600) return std::to_string(secs / 60) + "m ago";
  if (secs < 86400) return std::to_string(secs / 3600) + "h ago";
  return std::to_string(secs / 86400) + "d ago";
}

std::string person() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "user";
}

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

void print_text(const std::vector<storage::Interaction>& items) {
  if (items.empty()) {
    std::cout << "Nothing waiting for an answer." << std::endl;
    return;
  }
  for (const auto& i : items) {
    std::cout << pad(i.id, 7) << pad(std::string(storage::to_string(i.kind)), 13) << pad(i.urgency, 14)
              << pad(i.ticket_id.value_or("-"), 9) << pad(age(i.created_at), 9) << i.summary << "\n";
    json req = json::parse(i.request_json, nullptr, false);
    std::string how;
    if (i.kind == storage::InteractionKind::Question && i.status == storage::InteractionStatus::Pending) {
      std::string opts;
      for (const auto& o : req.value("options", json::array())) opts += (opts.empty() ? "" : " | ") + o.get<std::string>();
      if (!opts.empty()) std::cout << "       options: " << opts << "\n";
      how = opts.empty() ? "--text \"...\"" : "--option \"...\"";
    } else if (i.kind == storage::InteractionKind::Approval && i.status == storage::InteractionStatus::Pending) {
      std::cout << "       reason: " << req.value("reason", "") << "\n";
      std::string alts;
      for (const auto& o : req.value("alternatives", json::array())) alts += (alts.empty() ? "" : " | ") + o.get<std::string>();
      if (!alts.empty()) std::cout << "       alternatives: " << alts << "\n";
      how = "--approve | --deny";
    }
    if (!how.empty()) std::cout << "       answer: sciorex-interactions answer " << i.id << " " << how << "\n";
    else if (i.status != storage::InteractionStatus::Pending && i.status != storage::InteractionStatus::Delivered)
      std::cout << "       " << storage::to_string(i.status) << (i.answer_json ? ": " + *i.answer_json : std::string()) << "\n";
  }
  std::cout.flush();
}

}  // namespace

void add_cli_commands(CLI::App& app, CliCommands& c) {
  c.inbox = app.add_subcommand("inbox", "List what agents asked (newest first): questions and approvals waiting for an answer");
  c.inbox->add_flag("--all", c.inbox_all, "Also show answered, withdrawn and notifications");
  c.inbox->add_flag("--json", c.inbox_json, "Print a JSON array");
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
    if (c.inbox_json) {
      json out = json::array();
      for (const auto& i : items) {
        json j = to_json(i);
        j["age"] = age(i.created_at);
        out.push_back(j);
      }
      std::cout << out.dump(2) << std::endl;
    } else {
      print_text(items);
    }
    return 0;
  }
  if (c.answer && c.answer->parsed()) {
    if (c.answer->count("--text")) c.answer_args.text = c.text_arg;
    if (c.answer->count("--alternative")) c.answer_args.alternative = c.alternative_arg;
    if (c.answer->count("--comment")) c.answer_args.comment = c.comment_arg;
    try {
      auto i = inbox.repo().get(c.answer_id);
      if (i.kind == storage::InteractionKind::Notification) {
        std::cerr << "sciorex-interactions: " << i.id << " is a notification; it takes no answer" << std::endl;
        return 1;
      }
      json request = json::parse(i.request_json, nullptr, false);
      json answer = i.kind == storage::InteractionKind::Question
                        ? answer_from_cli(Question::from_request(request), c.answer_args)
                        : answer_from_cli(Approval::from_request(request), c.answer_args);
      inbox.repo().answer(i.id, answer.dump(), "inbox", storage::Actor::user(person()));
      std::cout << "Answered " << i.id << ": " << answer.dump() << std::endl;
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "sciorex-interactions: " << e.what() << std::endl;
      return 1;
    }
  }
  return std::nullopt;
}

}  // namespace sciorex::interactions
