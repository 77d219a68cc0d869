#include "app/caller.h"

namespace switchyard::app {

std::string Caller::identity() const {
  return api_key_id != 0 ? "apikey:" + std::to_string(api_key_id) : "user:" + std::to_string(user_id);
}

Result<void> require(const Caller& c, auth::Permission p) {
  if (c.scope(p) == auth::Scope::kNone)
    return make_error(ErrorCode::kPermissionDenied,
                      "role " + std::string(auth::to_string(c.role)) + " may not do this");
  return {};
}

bool agent_in_scope(const core::Engine& e, const Caller& c, auth::Permission p, core::AgentId a) {
  switch (c.scope(p)) {
    case auth::Scope::kAll: return true;
    case auth::Scope::kTeam: {
      const core::AgentConfig* cfg = e.agent_config(a);
      return cfg && c.team != core::kNoId && cfg->team == c.team;
    }
    case auth::Scope::kSelf: return c.agent != core::kNoId && a == c.agent;
    case auth::Scope::kNone: return false;
  }
  return false;
}

bool contact_in_scope(const core::Engine& e, const Caller& c, auth::Permission p, core::AgentId contact_agent) {
  if (c.scope(p) == auth::Scope::kAll) return true;
  return contact_agent != core::kNoId && agent_in_scope(e, c, p, contact_agent);
}

}  // namespace switchyard::app
