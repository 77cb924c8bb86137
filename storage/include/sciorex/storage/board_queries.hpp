// BoardQueries: what the board's columns need, in a few indexed queries: per status the number of
// matching tickets, and a page of cards in board order (priority, critical first; then the most
// recently updated first; then id), each with its subtask progress and whether an unfinished
// ticket blocks it. Filters as the board offers them: type, priority, one label, epic, and the
// store's search (the same matching as TicketRepository::search).
//
// Holds a reference to a Database (which must outlive it); thread-safe as Database is.
// Throws StoreError(InvalidArgument) for a bad limit/offset or query, Internal on SQLite failures.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sciorex/storage/ticket.hpp"
#include "sciorex/storage/types.hpp"

namespace sciorex::storage {

class Database;

struct BoardFilter {
  std::optional<TicketType> type;
  std::optional<Priority> priority;
  std::optional<std::string> label;
  std::optional<std::string> epic_id;
  std::optional<std::string> query;  // substring of id, title or description (case-insensitive)
};

struct BoardCard {
  Ticket ticket;  // row fields only
  int subtasks_done = 0;
  int subtasks_total = 0;
  bool blocked = false;  // at least one blocker is neither done nor cancelled
};

struct BoardColumn {
  TicketStatus status = TicketStatus::Backlog;
  int total = 0;  // tickets of this status matching the filter
  std::vector<BoardCard> cards;
};

class BoardQueries {
 public:
  explicit BoardQueries(Database& db) : db_(db) {}

  // The number of matching tickets of each status (statuses with none are absent).
  std::map<TicketStatus, int> totals(const BoardFilter& filter);
  // `limit` (1..500) cards of `status` from `offset` (0..) in board order, with the column's total.
  BoardColumn column(TicketStatus status, const BoardFilter& filter, int offset, int limit);
  // Each of `statuses` with its first `limit` cards, read in one snapshot.
  std::vector<BoardColumn> columns(const std::vector<TicketStatus>& statuses, const BoardFilter& filter,
                                   int limit);

 private:
  Database& db_;
};

}  // namespace sciorex::storage
