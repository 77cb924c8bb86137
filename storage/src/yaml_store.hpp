// Writing parsed ticket and epic documents (yaml_reader.hpp) into the store, inside import_yaml's
// one transaction. Private to the storage library.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "tx.hpp"
#include "yaml_reader.hpp"

namespace sciorex::storage::yaml {

// What the store holds under an id that an import would replace.
struct Previous {
  std::string title;
  std::string status;
  std::size_t history = 0;  // entries in its history
};
std::optional<Previous> find_ticket(Tx& tx, const std::string& id);
std::optional<Previous> find_epic(Tx& tx, const std::string& id);

// Writes the document under its id (a new id when it has none) and returns the id. A new entity
// gets the file's history, or one `created` entry by `actor` when the file has none (an epic file
// without history stays without, as in Sciorex's layout). When `previous` is set the entity is
// replaced: its fields and children come from the file, its own history stays, the file's entries
// it lacks follow, then a `replaced_by_import` entry by `actor` (details: the file and the
// previous title and status); its updatedAt becomes the transaction's time, so that a client
// holding the old updatedAt sees the change.
std::string write_ticket(Tx& tx, ParsedTicket& p, const std::filesystem::path& file, const Actor& actor,
                         const std::optional<Previous>& previous);
std::string write_epic(Tx& tx, ParsedEpic& p, const std::filesystem::path& file, const Actor& actor,
                       const std::optional<Previous>& previous);

}  // namespace sciorex::storage::yaml
