// People on HTTP (people.hpp).
#include "sciorex/common/people.hpp"

#include <spdlog/spdlog.h>

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
  options.people_required = [people] {
    try {
      return people->any();
    } catch (const std::exception& e) {
      spdlog::error("people: the store could not be read: {}", e.what());
      return true;
    }
  };
}

}  // namespace sciorex::common
