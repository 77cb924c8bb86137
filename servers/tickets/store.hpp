// Store: the repositories the tool families use, over two connections to one SQLite file.
//
// Writes go through `tickets`/`epics` (the writer connection) and run on worker threads; reads
// go through `ticket_reads`/`epic_reads`/`feed` (the reader connection). In WAL mode a reader
// never waits for a writer, so read-only tools can run inline on the transport's thread even
// while a write in this process waits for another process's lock. A write's own read-back uses
// the writer connection, so it always sees the write. Thread-safe (Database serialises each
// connection). A ":memory:" path would give two separate databases, so it gets one connection.
#pragma once

#include <memory>
#include <string>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/epic_repository.hpp"
#include "sciorex/storage/event_feed.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "sciorex/storage/ticket_repository.hpp"

namespace sciorex::tickets {

class Store {
 public:
  // Throws StoreError(Internal) when the file cannot be opened.
  explicit Store(const std::string& db_path, const storage::StoreConfig& config = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  storage::Database& writer() { return *writer_; }
  storage::Database& reader() { return reader_ ? *reader_ : *writer_; }

 private:
  std::unique_ptr<storage::Database> writer_;
  std::unique_ptr<storage::Database> reader_;

 public:
  storage::TicketRepository tickets{*writer_};
  storage::EpicRepository epics{*writer_};
  storage::TicketRepository ticket_reads{reader()};
  storage::EpicRepository epic_reads{reader()};
  storage::EventFeed feed{reader()};
  storage::FlowRunRepository flow_run_reads{reader()};  // the flows runner writes; the tools only read
};

}  // namespace sciorex::tickets
