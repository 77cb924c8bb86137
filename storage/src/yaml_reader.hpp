// Reading a ticket or epic document (yaml-cpp nodes) into domain structs, with the line and field
// of the first bad value. Private to the storage library.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

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
  bool has_id = false;
  bool has_created_at = false;
  bool has_updated_at = false;
  bool has_history = false;
};

struct ParsedEpic {
  Epic epic;
  std::vector<SessionLink> sessions;
  std::vector<HistoryEntry> history;
  bool has_id = false;
  bool has_created_at = false;
  bool has_updated_at = false;
  bool has_history = false;
};

// `import_time` fills timestamps the document leaves out. Throws FieldError.
ParsedTicket parse_ticket(const YAML::Node& doc, const std::string& import_time);
ParsedEpic parse_epic(const YAML::Node& doc, const std::string& import_time);

// A YAML node as JSON: quoted scalars stay strings, plain ones resolve (null, bool, numbers).
nlohmann::json to_json(const YAML::Node& node);

}  // namespace sciorex::storage::yaml
