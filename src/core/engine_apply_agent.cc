// State::apply for agent presence: login, logout, ready, not ready, the end
// of a missed-offer back-off, and the derived reported-state change.
#include "core/engine_state.h"

namespace switchyard::core {

Result<void> Engine::State::apply(const ev::AgentLoggedIn& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  if (!a || a->logged_in) return bad_event("agent cannot log in");
  a->logged_in = true;
  a->ready = e.ready;
  a->reason = a->ready ? "" : "login";
  a->misses = 0;
  a->time_in_state_ms = {};
  if (a->ready) set_staffed(e.agent, true);
  refresh_routable(e.agent);
  pending_agents.push_back(e.agent);
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply(const ev::AgentLoggedOut& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  if (!a || !a->logged_in || !a->work.empty()) return bad_event("agent cannot log out");
  if (a->ready) set_staffed(e.agent, false);
  a->logged_in = false;
  a->ready = false;
  a->reason.clear();
  a->backoff_until_ms = 0;
  refresh_routable(e.agent);
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply(const ev::AgentReady& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  if (!a || !a->logged_in || a->ready) return bad_event("agent cannot become ready");
  a->ready = true;
  a->reason.clear();
  a->misses = 0;
  set_staffed(e.agent, true);
  refresh_routable(e.agent);
  pending_agents.push_back(e.agent);
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply(const ev::AgentNotReady& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  if (!a || !a->logged_in) return bad_event("agent cannot become not ready");
  if (a->ready) set_staffed(e.agent, false);
  a->ready = false;
  a->reason = e.reason;
  refresh_routable(e.agent);
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply(const ev::AgentBackoffEnded& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  if (!a) return bad_event("unknown agent");
  a->backoff_until_ms = 0;
  refresh_routable(e.agent);
  pending_agents.push_back(e.agent);
  return {};
}

// Derived: on replay it must agree with the rebuilt state.
Result<void> Engine::State::apply(const ev::AgentStateChanged& e, int64_t t) {
  AgentRec* a = agent_rec(e.agent);
  if (!a) return bad_event("unknown agent");
  if (replaying && derive_state(*a) != e.state) return bad_event("state does not match the log");
  a->time_in_state_ms[static_cast<int>(a->reported)] += t - a->state_since_ms;
  a->reported = e.state;
  a->state_since_ms = t;
  if (e.state == AgentState::kLoggedOut) a->time_in_state_ms = {};
  return {};
}

}  // namespace switchyard::core
