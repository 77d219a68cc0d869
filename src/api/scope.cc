#include "api/scope.h"

#include <charconv>
#include <unordered_set>

namespace switchyard::api {
namespace {
std::optional<uint32_t> parse_id(const std::string& s) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

std::optional<core::AgentId> resolve_agent(const core::Engine& e, const std::string& ref) {
  if (auto a = e.find_agent(ref)) return a;
  if (auto id = parse_id(ref); id && *id < e.agent_count()) return *id;
  return std::nullopt;
}

std::optional<core::QueueId> resolve_queue(const core::Engine& e, const std::string& ref) {
  if (auto q = e.find_queue(ref)) return q;
  if (auto id = parse_id(ref); id && *id < e.queue_count()) return *id;
  return std::nullopt;
}

bool agent_in_scope(const core::Engine& e, const Principal& p, auth::Permission perm, core::AgentId a) {
  switch (auth::scope_of(p.role, perm)) {
    case auth::Scope::kAll: return true;
    case auth::Scope::kTeam: {
      const core::AgentConfig* c = e.agent_config(a);
      return c && p.team != core::kNoId && c->team == p.team;
    }
    case auth::Scope::kSelf: return p.agent != core::kNoId && a == p.agent;
    case auth::Scope::kNone: return false;
  }
  return false;
}

bool contact_in_scope(const core::Engine& e, const Principal& p, auth::Permission perm, core::AgentId contact_agent) {
  if (auth::scope_of(p.role, perm) == auth::Scope::kAll) return true;
  return contact_agent != core::kNoId && agent_in_scope(e, p, perm, contact_agent);
}

Result<std::function<bool(const core::Event&)>> make_event_filter(const core::Engine& e, const Principal& p,
                                                                  const std::string& queue, const std::string& team,
                                                                  const std::string& agent) {
  std::optional<core::QueueId> q;
  if (!queue.empty() && !(q = resolve_queue(e, queue)))
    return make_error(ErrorCode::kNotFound, "queue not found", "queue");
  std::optional<core::AgentId> a;
  if (!agent.empty() && !(a = resolve_agent(e, agent)))
    return make_error(ErrorCode::kNotFound, "agent not found", "agent");
  std::optional<core::TeamId> t;
  if (!team.empty() && !(t = e.find_team(team))) return make_error(ErrorCode::kNotFound, "team not found", "team");
  auth::Scope scope = auth::scope_of(p.role, auth::Permission::kReadEvents);
  if (scope == auth::Scope::kSelf) {
    if (p.agent == core::kNoId) return make_error(ErrorCode::kPermissionDenied, "user has no agent", "agent");
    if (a && *a != p.agent) return make_error(ErrorCode::kPermissionDenied, "not your agent", "agent");
    a = p.agent;
  }
  if (scope == auth::Scope::kTeam) {
    if (p.team == core::kNoId) return make_error(ErrorCode::kPermissionDenied, "user has no team", "team");
    if (t && *t != p.team) return make_error(ErrorCode::kPermissionDenied, "not your team", "team");
    t = p.team;
  }
  std::unordered_set<core::AgentId> members;
  if (t)
    for (core::AgentId id = 0; id < e.agent_count(); ++id)
      if (e.agent_config(id)->team == *t) members.insert(id);
  return std::function<bool(const core::Event&)>([q, a, t, members = std::move(members)](const core::Event& ev) {
    if (q && ev.queue() != *q) return false;
    if (a && ev.agent() != *a) return false;
    if (t && !members.count(ev.agent())) return false;
    return true;
  });
}

}  // namespace switchyard::api
