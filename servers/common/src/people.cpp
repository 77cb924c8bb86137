// People on HTTP (people.hpp).
#include "sciorex/common/people.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "sciorex/storage/user_repository.hpp"

namespace sciorex::common {

void use_people(TransportOptions& options, storage::Database& db) {
  auto people = std::make_shared<storage::UserRepository>(db);
  options.authenticate = [people](std::string_view token) -> std::optional<protocol::Principal> {
    try {
      if (auto user = people->authenticate(std::string(token)))
        return protocol::Principal{user->name, user->read_only};
    } catch (const std::exception& e) {
      spdlog::error("people: a token could not be checked: {}", e.what());
    }
    return std::nullopt;
  };
  // While the store cannot be read (a database server restarting), the last answer stands: a
  // store that had no people stays open to its tool calls, which then fail as tool errors the
  // client may retry; one that had people, or was never read, requires a token (fail closed).
  auto last = std::make_shared<std::atomic<int>>(-1);  // -1 unknown, 0 no people, 1 people
  options.people_required = [people, last] {
    try {
      const bool any = people->any();
      last->store(any ? 1 : 0);
      return any;
    } catch (const std::exception& e) {
      spdlog::error("people: the store could not be read: {}", e.what());
      return last->load() != 0;
    }
  };
}

}  // namespace sciorex::common
