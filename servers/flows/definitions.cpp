// Loading a workspace's definitions (issue 12): every agent file, then every flow file, each read
// by definitions_agent.cpp / definitions_flow.cpp; a file they refuse becomes one DefinitionError
// (FILE:LINE: why) and the others load. Also the lookups the runner uses (by key or by name).
#include "definitions.hpp"

#include <algorithm>
#include <system_error>

#include "definitions_parse.hpp"
#include "definitions_yaml.hpp"

namespace sciorex::flows {

namespace fs = std::filesystem;

std::string_view to_string(TriggerType t) {
  switch (t) {
    case TriggerType::TicketStatusChanged:
      return "ticketStatusChanged";
    case TriggerType::TicketCreated:
      return "ticketCreated";
    case TriggerType::SubtaskCompleted:
      return "subtaskCompleted";
    case TriggerType::Manual:
      break;
  }
  return "manual";
}

const Node* Flow::find_node(std::string_view id) const {
  const std::size_t i = index_of(id);
  return i < nodes.size() ? &nodes[i] : nullptr;
}

std::size_t Flow::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].id == id) return i;
  return nodes.size();
}

std::string DefinitionError::to_string() const {
  return file.string() + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + message;
}

const AgentDef* Definitions::find_agent(std::string_view key_or_name) const {
  for (const AgentDef& a : agents)
    if (a.key == key_or_name) return &a;
  for (const AgentDef& a : agents)
    if (a.name == key_or_name) return &a;
  return nullptr;
}

const Flow* Definitions::find_flow(std::string_view name_or_stem) const {
  for (const Flow& f : flows)
    if (f.name == name_or_stem) return &f;
  for (const Flow& f : flows)
    if (f.file.stem() == name_or_stem) return &f;
  return nullptr;
}

namespace {

// The YAML files of a folder, in name order; none when the folder is missing.
std::vector<fs::path> definition_files(const fs::path& dir, std::vector<DefinitionError>& errors) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors.push_back({dir, 0, "cannot be listed: " + ec.message()});
    return out;
  }
  for (const auto& entry : it) {
    const std::string ext = entry.path().extension().string();
    if ((ext == ".yaml" || ext == ".yml") && !entry.is_directory(ec)) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs `read` on a file; a refusal (or any failure of the reader) becomes the file's error.
template <class Read>
bool read_definition_file(const fs::path& file, std::vector<DefinitionError>& errors, Read read) {
  try {
    read();
    return true;
  } catch (const defs::DefinitionFailure& e) {
    errors.push_back({file, e.line, e.what()});
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.is_null() ? 0 : e.mark.line + 1, e.what()});
  } catch (const std::exception& e) {
    errors.push_back({file, 0, e.what()});
  }
  return false;
}

}  // namespace

Definitions load_definitions(const fs::path& sciorex_dir) {
  Definitions defs;
  for (const fs::path& file : definition_files(sciorex_dir / "agents", defs.errors)) {
    read_definition_file(file, defs.errors, [&] {
      AgentDef a = defs::read_agent(file);
      for (const AgentDef& other : defs.agents) {
        if (other.key == a.key)
          throw defs::DefinitionFailure(
              0, "another file defines the agent '" + a.key + "': " + other.file.string());
        if (other.name == a.name)
          throw defs::DefinitionFailure(
              0, "the name '" + a.name + "' is already the agent " + other.file.string());
      }
      defs.agents.push_back(std::move(a));
    });
  }
  for (const fs::path& file : definition_files(sciorex_dir / "flows", defs.errors)) {
    read_definition_file(file, defs.errors, [&] {
      Flow f = defs::read_flow(file, defs);
      for (const Flow& other : defs.flows)
        if (other.name == f.name)
          throw defs::DefinitionFailure(
              0, "the name '" + f.name + "' is already the flow " + other.file.string());
      defs.flows.push_back(std::move(f));
    });
  }
  return defs;
}

}  // namespace sciorex::flows
