#include "sciorex/common/command_line.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "sciorex/common/terminal_text.hpp"

namespace sciorex::common {

namespace {

std::string command_names(const CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names += (names.empty() ? "" : ", ") + sub->get_name();
  return names;
}

}  // namespace

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, const std::string& program) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    sub->fallthrough()->footer(
        "The main options (--workspace, --db, --log-level, ...) may also follow the command; " + program +
        " --help lists them.");
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    const auto extras = app.remaining();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && app.get_subcommands().empty() && !extras.empty() &&
        !extras.front().empty() && extras.front()[0] != '-')
      message = "unknown command '" + extras.front() + "'; the commands are: " + command_names(app);
    print_error(program, message + " (see " + program + " --help)");
    return kExitUsage;
  }
}

int run_main(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    print_error(program, e.what());
  } catch (...) {
    print_error(program, "an unknown exception ended the program");
  }
  return kExitFailed;
}

void print_error(const std::string& program, const std::string& message) {
  // Messages can quote agent text (a client's name in a conflict, an id from the store).
  std::cerr << program << ": error: " << visible(message) << std::endl;
}

std::string log_level(const CLI::App& app, const TransportOptions& transport) {
  if (app.count("--log-level") > 0 || app.get_subcommands().empty()) return transport.log_level;
  return "warn";
}

std::string person_name() {
  if (const char* user = std::getenv("USER"); user && *user) return std::string(user).substr(0, 200);
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
    return std::string(pw->pw_name).substr(0, 200);
  return "uid " + std::to_string(::geteuid());
}

std::string count_of(std::size_t n, const std::string& word, const std::string& plural_word) {
  return std::to_string(n) + " " + (n == 1 ? word : plural_word.empty() ? word + "s" : plural_word);
}

nlohmann::json list_json(nlohmann::json items, const std::optional<std::string>& next_cursor) {
  nlohmann::json out = {{"count", items.size()}, {"items", std::move(items)}};
  if (next_cursor) out["nextCursor"] = *next_cursor;
  return out;
}

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

}  // namespace sciorex::common
