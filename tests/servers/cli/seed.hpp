// Content written the way agents write it, straight through the storage library, so the command
// line has something to show (titles with escape sequences, questions waiting, ...).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/epic_repository.hpp"
#include "sciorex/storage/interaction_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"

namespace sciorex::cli_test {

// The store at `db` (its folder created), as an agent named "claude-code" uses it.
struct Seed {
  explicit Seed(const std::filesystem::path& db)
      : database((std::filesystem::create_directories(db.parent_path()), db.string())) {}
  storage::Database database;
  storage::TicketRepository tickets{database};
  storage::EpicRepository epics{database};
  storage::InteractionRepository interactions{database};
  storage::Actor agent = storage::Actor::agent("claude-code");

  std::string ticket(const std::string& title, std::optional<std::string> epic = std::nullopt,
                     std::vector<std::string> subtasks = {}) {
    storage::NewTicket t;
    t.title = title;
    t.epic_id = std::move(epic);
    t.subtasks = std::move(subtasks);
    return tickets.create(t, agent).id;
  }
  std::string epic(const std::string& title) {
    storage::NewEpic e;
    e.title = title;
    return epics.create(e, agent).id;
  }
  std::string ask(storage::InteractionKind kind, const std::string& summary, const nlohmann::json& request,
                  const std::string& urgency = "important",
                  std::optional<std::string> ticket = std::nullopt) {
    storage::NewInteraction n;
    n.kind = kind;
    n.summary = summary;
    n.urgency = urgency;
    n.request_json = request.dump();
    n.ticket_id = std::move(ticket);
    return interactions.create(n, agent).id;
  }
};

}  // namespace sciorex::cli_test
