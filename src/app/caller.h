#pragma once
// Who is calling an application service, and what that caller may see and
// touch. Every transport (REST, WebSocket, SIP, web chat) authenticates its
// own way and then passes a Caller; the rules below are the one place that
// decides permissions and scope.
#include <cstdint>
#include <string>

#include "auth/roles.h"
#include "core/engine.h"
#include "core/result.h"
#include "core/types.h"

namespace switchyard::app {

struct Caller {
  std::string name;  // username, or "apikey:<name>"
  auth::Role role = auth::Role::kAgent;
  int64_t user_id = 0;     // 0 for API keys
  int64_t api_key_id = 0;  // 0 for users
  core::TeamId team = core::kNoId;
  core::AgentId agent = core::kNoId;  // the engine agent this user works as
  std::string token_hash;             // the session's (for logout); empty for API keys
  std::string address;                // the client's network address, when known

  // A stable identity for scoping per-caller state (idempotency keys):
  // "user:<id>" or "apikey:<id>".
  std::string identity() const;
  auth::Scope scope(auth::Permission p) const { return auth::scope_of(role, p); }
};

// kPermissionDenied unless the caller's role may use `p` at all.
Result<void> require(const Caller& c, auth::Permission p);

// Engine thread (reads agent configuration):
// - an agent is in scope for `p` when the role's scope is all, or team and the
//   agent is in the caller's team, or self and it is the caller's agent;
bool agent_in_scope(const core::Engine& e, const Caller& c, auth::Permission p, core::AgentId a);
// - a contact is in scope when its agent is (a contact nobody holds: only
//   with scope all).
bool contact_in_scope(const core::Engine& e, const Caller& c, auth::Permission p, core::AgentId contact_agent);

}  // namespace switchyard::app
