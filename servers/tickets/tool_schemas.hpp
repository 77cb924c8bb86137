// The tool definitions of schemas/tickets/*.json, embedded at build time (embed_schemas.cmake).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sciorex::tickets {

struct EmbeddedSchema {
  const char* name;  // the file stem, which is the tool name
  const char* text;  // the file's JSON text
};

// Every embedded schema file, in file-name order.
const std::vector<EmbeddedSchema>& embedded_schemas();

// The parsed definition of tool `name` ({name, title, description, inputSchema, outputSchema,
// annotations}), served as written. Throws std::logic_error when no file names the tool (a
// build error, caught by the schema test), or when the file's "name" differs from its stem.
nlohmann::json tool_definition(const std::string& name);

}  // namespace sciorex::tickets
