// Domain structs of the epic aggregate: what EpicRepository returns and takes. Plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/ticket.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

struct Epic {
  std::string id;
  std::string title;
  std::string description;
  EpicStatus status = EpicStatus::Open;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> completed_at;  // set on entering completed, cleared on leaving
  bool operator==(const Epic&) const = default;
};

// Derived from the tickets whose epicId is the epic.
struct EpicProgress {
  int total = 0;
  int done = 0;
  int percentage = 0;                     // done * 100 / total, rounded; 0 without tickets
  std::map<TicketStatus, int> by_status;  // only statuses that occur
  bool operator==(const EpicProgress&) const = default;
};

struct EpicSummary {
  Epic epic;
  EpicProgress progress;
};

struct EpicDetail {
  Epic epic;
  EpicProgress progress;
  std::vector<Ticket> tickets;  // row fields only, in id order
  std::vector<SessionLink> sessions;
  std::vector<HistoryEntry> history;
};

struct NewEpic {
  std::string title;  // required, 1..500 characters
  std::string description;
  std::optional<EpicStatus> status;  // default open
};

struct EpicPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<EpicStatus> status;
};

}  // namespace sciorex::storage
