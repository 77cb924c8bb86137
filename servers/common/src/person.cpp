// The person at the host (person.hpp).
#include "sciorex/common/person.hpp"

#include "sciorex/common/agent_identity.hpp"
#include "sciorex/common/command_line.hpp"

namespace sciorex::common {

storage::Actor person_actor(const protocol::RequestContext& ctx) {
  // A view's click is the person's own change: the person the request's token names (issue 13),
  // else the server process's user, as the web board records it.
  if (auto person = request_person(ctx)) return storage::Actor::user(*person);
  return storage::Actor::user(person_name());
}

}  // namespace sciorex::common
