// Reading a ticket or epic document (yaml-cpp nodes) into domain structs, with the line and field
// of the first bad value. Private to the storage library.
#pragma once

#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sciorex/storage/config.hpp"
#include "sciorex/storage/epic.hpp"
#include "sciorex/storage/ticket.hpp"

namespace sciorex::storage::yaml {

struct FieldError : std::runtime_error {
  FieldError(int line, std::string field, const std::string& message)
      : std::runtime_error(message), line(line), field(std::move(field)) {}
  int line;  // 1-based
  std::string field;
};

// What the document said, with presence flags for what import fills in when absent.
struct ParsedTicket {
  Ticket ticket;
  int line = 0;                    // of its id (of the document when it has none)
  std::vector<int> blocker_lines;  // of each of ticket.blocked_by
  int parent_line = 0;             // of ticket.parent_id
  bool has_id = false;
  bool has_created_at = false;
  bool has_updated_at = false;
  bool has_history = false;
};

struct ParsedEpic {
  Epic epic;
  std::vector<SessionLink> sessions;
  std::vector<HistoryEntry> history;
  int line = 0;  // of its id (of the document when it has none)
  bool has_id = false;
  bool has_created_at = false;
  bool has_updated_at = false;
  bool has_history = false;
};

// `import_time` fills timestamps the document leaves out; `config` gives the store's id prefixes.
// Throws FieldError.
ParsedTicket parse_ticket(const YAML::Node& doc, const std::string& import_time, const StoreConfig& config);
ParsedEpic parse_epic(const YAML::Node& doc, const std::string& import_time, const StoreConfig& config);

// Reads every document of `text` as parser events and throws FieldError at the second of two
// equal keys in one mapping (yaml-cpp would keep the first silently), with the key's path as the
// field. YAML syntax errors propagate as YAML::Exception.
void check_unique_keys(const std::string& text);

}  // namespace sciorex::storage::yaml
