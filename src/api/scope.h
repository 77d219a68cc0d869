#pragma once
// What a principal may see and touch, given its role's scope for a
// permission: everything, its team's agents, or only its own agent.
// Engine thread only (reads agent configuration).
#include <functional>

#include "api/auth_service.h"
#include "core/engine.h"

namespace switchyard::api {

bool agent_in_scope(const core::Engine& e, const Principal& p, auth::Permission perm, core::AgentId a);
// A contact is in scope when its agent is (contacts nobody holds: kAll only).
bool contact_in_scope(const core::Engine& e, const Principal& p, auth::Permission perm, core::AgentId contact_agent);

// The filter of an event subscription: the role's scope, narrowed by the
// optional queue / team / agent query parameters (names or ids). Team
// membership is taken at subscription time.
Result<std::function<bool(const core::Event&)>> make_event_filter(const core::Engine& e, const Principal& p,
                                                                  const std::string& queue, const std::string& team,
                                                                  const std::string& agent);

// Resolves "name-or-id" for agents (name first, then a numeric id).
std::optional<core::AgentId> resolve_agent(const core::Engine& e, const std::string& ref);
std::optional<core::QueueId> resolve_queue(const core::Engine& e, const std::string& ref);

}  // namespace switchyard::api
