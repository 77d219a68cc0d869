#include "app/feed_service.h"

#include <unordered_set>

namespace switchyard::app {

namespace {

using Accept = std::function<bool(const core::Event&)>;

// The filter of a subscription (engine thread: reads team membership).
Result<Accept> make_filter(const core::Engine& e, const Caller& c, FeedFilter f) {
  auth::Scope scope = c.scope(auth::Permission::kReadEvents);
  if (scope == auth::Scope::kSelf) {
    if (c.agent == core::kNoId) return make_error(ErrorCode::kPermissionDenied, "user has no agent", "agent");
    if (f.agent && *f.agent != c.agent) return make_error(ErrorCode::kPermissionDenied, "not your agent", "agent");
    f.agent = c.agent;
  }
  if (scope == auth::Scope::kTeam) {
    if (c.team == core::kNoId) return make_error(ErrorCode::kPermissionDenied, "user has no team", "team");
    if (f.team && *f.team != c.team) return make_error(ErrorCode::kPermissionDenied, "not your team", "team");
    if (f.agent && (*f.agent >= e.agent_count() || e.agent_config(*f.agent)->team != c.team))
      return make_error(ErrorCode::kPermissionDenied, "not your team's agent", "agent");
    f.team = c.team;
  }
  std::unordered_set<core::AgentId> members;
  if (f.team)
    for (core::AgentId id = 0; id < e.agent_count(); ++id)
      if (e.agent_config(id)->team == *f.team) members.insert(id);
  return Accept([f, members = std::move(members)](const core::Event& ev) {
    if (f.queue && ev.queue() != *f.queue) return false;
    if (f.agent && ev.agent() != *f.agent) return false;
    if (f.team && !members.count(ev.agent())) return false;
    return true;
  });
}

}  // namespace

void FeedService::subscribe(const Caller& c, FeedFilter f, std::function<bool(std::shared_ptr<const std::string>)> send,
                            Reply<uint64_t> reply, std::function<void(const Error&)> failed) {
  if (auto ok = require(c, auth::Permission::kReadEvents); !ok) return reply(std::unexpected(ok.error()));
  uint64_t since = f.since_seq;
  on_engine<Accept>(
      rt_, [c, f](server::TaskContext& ctx) { return make_filter(ctx.engine, c, f); },
      [this, since, send = std::move(send), reply = std::move(reply),
       failed = std::move(failed)](Result<Accept> accept) mutable {
        if (!accept) return reply(std::unexpected(accept.error()));
        reply(feed_.subscribe(server::Subscriber{since, std::move(*accept), std::move(send), std::move(failed)}));
      });
}

Result<uint64_t> FeedService::subscribe_kpis(const Caller& c,
                                             std::function<bool(std::shared_ptr<const std::string>)> send,
                                             uint32_t dims) {
  if (auto ok = require(c, auth::Permission::kReadRealtime); !ok) return std::unexpected(ok.error());
  if (!kpis_) return make_error(ErrorCode::kUnavailable, "live KPIs are not running", "kpis");
  using metrics::Dim;
  std::function<bool(const metrics::KpiEntry&)> accept;
  switch (c.scope(auth::Permission::kReadRealtime)) {
    case auth::Scope::kAll:
      break;  // everything (a shared text)
    case auth::Scope::kTeam:
      accept = [team = c.team](const metrics::KpiEntry& e) {
        if (e.dim == Dim::kAgent) return e.team == team && team != core::kNoId;
        if (e.dim == Dim::kTeam) return e.id == team;
        return true;
      };
      break;
    default:
      accept = [agent = c.agent](const metrics::KpiEntry& e) {
        if (e.dim == Dim::kAgent) return e.id == agent && agent != core::kNoId;
        return e.dim != Dim::kTeam;
      };
  }
  if ((dims & kAllDims) != kAllDims) {
    auto in_scope = std::move(accept);
    accept = [in_scope = std::move(in_scope), dims](const metrics::KpiEntry& e) {
      return (dims >> static_cast<int>(e.dim) & 1u) != 0 && (!in_scope || in_scope(e));
    };
  }
  return kpis_->subscribe(server::KpiFeed::Subscriber{std::move(accept), std::move(send)});
}

}  // namespace switchyard::app
