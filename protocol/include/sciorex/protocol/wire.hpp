#pragma once
// Serialising messages for the wire: compact JSON, invalid UTF-8 replaced rather than thrown.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace sciorex::protocol {
std::string serialize(const nlohmann::json& message);
}
