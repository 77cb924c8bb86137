// The people of a team store (issue 13): `users add NAME [--read-only]` prints a new token once,
// `users list` shows who has one (never a token), `users remove NAME` takes a person's token away.
// Once the store has people, both servers over HTTP require a person's token (or --auth-token) on
// every request to /mcp; people added or removed count at once, without restarting a server.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "sciorex/common/command_line.hpp"
#include "sciorex/common/terminal_text.hpp"
#include "sciorex/storage/errors.hpp"
#include "sciorex/storage/user_repository.hpp"

namespace sciorex::tickets {

namespace {

struct UsersCliOptions {
  std::string name;
  bool read_only = false, json = false;
};

nlohmann::json users_cli_json(const storage::User& u) {
  return {{"name", u.name}, {"readOnly", u.read_only}, {"createdAt", u.created_at}};
}

int users_cli_add(const UsersCliOptions& o, Store& store) {
  storage::UserRepository people(store.writer());
  storage::NewUserToken added;
  try {
    added = people.add(o.name, o.read_only);
  } catch (const storage::StoreError& e) {
    if (e.kind() != storage::ErrorKind::InvalidArgument) throw;
    common::print_error(kProgram, e.what());
    return common::kExitUsage;
  }
  if (o.json) {
    nlohmann::json j = users_cli_json(added.user);
    j["token"] = added.token;
    common::print_json(j);
    return common::kExitOk;
  }
  std::cout << "Added " << added.user.name << (o.read_only ? " (read-only: list, read and search)" : "")
            << ". Their token, shown only this once (the store keeps only its hash):\n\n  " << added.token
            << "\n\nHTTP clients of sciorex-tickets --http and sciorex-interactions --http send it on every "
               "request:\n  Authorization: Bearer "
            << added.token
            << "\nfor example: claude mcp add --transport http sciorex http://HOST:PORT/mcp --header "
               "\"Authorization: Bearer "
            << added.token << "\"\nThe board opens with http://HOST:PORT/?token=" << added.token
            << "\nA lost token cannot be shown again: `users remove " << added.user.name
            << "`, then add them again." << std::endl;
  return common::kExitOk;
}

int users_cli_list(const UsersCliOptions& o, Store& store) {
  const auto people = storage::UserRepository(store.reader()).list();
  if (o.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : people) items.push_back(users_cli_json(u));
    common::print_json(common::list_json(std::move(items)));
    return common::kExitOk;
  }
  if (people.empty()) {
    std::cout << "No people: HTTP clients need only the server's --auth-token (none on loopback). "
                 "`sciorex-tickets users add NAME` adds one."
              << std::endl;
    return common::kExitOk;
  }
  for (const auto& u : people)
    std::cout << common::visible(u.name) << "  " << (u.read_only ? "read-only " : "read-write") << "  added "
              << common::visible(u.created_at) << "\n";
  std::cout << std::flush;
  return common::kExitOk;
}

int users_cli_remove(const UsersCliOptions& o, Store& store) {
  storage::UserRepository(store.writer()).remove(o.name);
  std::cout << "Removed " << common::visible(o.name) << ": their token no longer works." << std::endl;
  return common::kExitOk;
}

}  // namespace

void add_users_commands(CLI::App& app, CliCommands& c) {
  auto o = std::make_shared<UsersCliOptions>();
  CLI::App* users = app.add_subcommand(
      "users",
      "The people of a team store and their HTTP tokens: once anyone is added, every HTTP request to /mcp "
      "needs a person's token (or --auth-token), and their changes are recorded as theirs");
  users->require_subcommand(1);

  CLI::App* cmd = users->add_subcommand(
      "add", "Add a person and print their new bearer token, once (only its SHA-256 is stored)");
  cmd->add_option("name", o->name, "1 to 64 letters, digits, '.', '_' or '-' (as the history names them)")
      ->required();
  cmd->add_flag("--read-only", o->read_only, "The token may list, read and search, but change nothing");
  cmd->add_flag("--json", o->json, "Print name, readOnly, createdAt and token as JSON");
  c.commands.push_back({cmd, common::StoreUse::create, [o](Store& s) { return users_cli_add(*o, s); }});

  cmd = users->add_subcommand("list", "List the people: name, read-only or not, when added (never tokens)");
  cmd->add_flag("--json", o->json, "Print the list as JSON");
  c.commands.push_back({cmd, common::StoreUse::read, [o](Store& s) { return users_cli_list(*o, s); }});

  cmd = users->add_subcommand("remove", "Remove a person: their token stops working at once");
  cmd->add_option("name", o->name, "The person's name")->required();
  c.commands.push_back({cmd, common::StoreUse::read, [o](Store& s) { return users_cli_remove(*o, s); }});
}

}  // namespace sciorex::tickets
