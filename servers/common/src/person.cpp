// The person at the host (person.hpp).
#include "sciorex/common/person.hpp"

#include "sciorex/common/command_line.hpp"

namespace sciorex::common {

storage::Actor person_actor(const protocol::RequestContext&) { return storage::Actor::user(person_name()); }

}  // namespace sciorex::common
