// The tool definitions of schemas/interactions/*.json, embedded at build time.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sciorex::interactions {

struct EmbeddedSchema {
  const char* name;  // the file stem, which is the tool name
  const char* text;  // the file's JSON text
};

const std::vector<EmbeddedSchema>& embedded_schemas();

}  // namespace sciorex::interactions
