// StoreConfig: validation, sciorex.yaml reading, id formatting.
#include "sciorex/storage/config.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {
namespace {

void check_prefix(const std::string& p, const char* what) {
  static const std::regex re("^[A-Za-z][A-Za-z0-9]{0,4}$");
  if (!std::regex_match(p, re))
    throw StoreError::invalid_argument(std::string("Invalid ") + what + " '" + p +
                                       "': use 1-5 characters, a letter first, then letters or digits.");
}

void check_numbers(int start, int padding, const char* what) {
  if (start < 0 || start > 1'000'000'000)
    throw StoreError::invalid_argument(std::string("Invalid ") + what +
                                       " startNumber: use a number from 0 to 1000000000.");
  if (padding < 1 || padding > 10)
    throw StoreError::invalid_argument(std::string("Invalid ") + what + " padding: use 1 to 10 digits.");
}

std::string where(const std::filesystem::path& file, const YAML::Node& n, const std::string& key) {
  return file.string() + ":" + std::to_string(n.Mark().line + 1) + ": " + key;
}

void read_section(const std::filesystem::path& file, const YAML::Node& root, const char* section,
                  std::string& prefix, int& start, int& padding) {
  const YAML::Node s = root[section];
  if (!s) return;
  if (!s.IsMap()) throw StoreError::invalid_argument(where(file, s, section) + ": expected a mapping");
  auto get_int = [&](const char* key, int& out) {
    const YAML::Node n = s[key];
    if (!n) return;
    try {
      out = n.as<int>();
    } catch (const YAML::Exception&) {
      throw StoreError::invalid_argument(where(file, n, std::string(section) + "." + key) +
                                         ": expected a whole number");
    }
  };
  if (const YAML::Node p = s["prefix"]) {
    if (!p.IsScalar())
      throw StoreError::invalid_argument(where(file, p, std::string(section) + ".prefix") +
                                         ": expected text");
    prefix = p.Scalar();
  }
  get_int("startNumber", start);
  get_int("padding", padding);
}

}  // namespace

void validate(const StoreConfig& c) {
  check_prefix(c.ticket_prefix, "ticket prefix");
  check_prefix(c.epic_prefix, "epic prefix");
  if (c.ticket_prefix == c.epic_prefix)
    throw StoreError::invalid_argument("The ticket and epic prefixes must differ (both are '" +
                                       c.ticket_prefix + "').");
  check_numbers(c.start_number, c.padding, "tickets");
  check_numbers(c.epic_start_number, c.epic_padding, "epics");
}

StoreConfig load_config(const std::filesystem::path& sciorex_dir) {
  StoreConfig c;
  const auto file = sciorex_dir / "sciorex.yaml";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return c;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw StoreError::invalid_argument(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return c;
  if (!root.IsMap()) throw StoreError::invalid_argument(file.string() + ": expected a mapping at the top");
  read_section(file, root, "tickets", c.ticket_prefix, c.start_number, c.padding);
  c.epic_start_number = c.start_number;
  c.epic_padding = c.padding;
  read_section(file, root, "epics", c.epic_prefix, c.epic_start_number, c.epic_padding);
  try {
    validate(c);
  } catch (const StoreError& e) {
    throw StoreError::invalid_argument(file.string() + ": " + e.what());
  }
  return c;
}

std::string format_id(const std::string& prefix, long long number, int padding) {
  std::string digits = std::to_string(number);
  if (static_cast<int>(digits.size()) < padding)
    digits.insert(0, static_cast<std::size_t>(padding) - digits.size(), '0');
  return prefix + "-" + digits;
}

}  // namespace sciorex::storage
