#include "app/realtime_service.h"

namespace switchyard::app {

Realtime build_realtime(const core::Engine& e, int64_t now_ms, const std::function<bool(core::AgentId)>& include) {
  Realtime r;
  r.time_ms = now_ms;
  r.seq = e.last_seq();
  std::vector<core::QueueView> views = e.queue_views();
  r.queues.reserve(views.size());
  for (core::QueueId q = 0; q < e.queue_count(); ++q)
    r.queues.push_back({q, views[q].name, e.queue_config(q)->channel, std::move(views[q])});
  for (core::AgentId a = 0; a < e.agent_count(); ++a) {
    if (!include(a)) continue;
    auto v = e.agent(a);
    r.agents.push_back(RealtimeAgent{a, v->name, e.agent_config(a)->team, v->state, v->reason, v->state_since_ms,
                                     v->contacts.size(), v->occupancy});
  }
  return r;
}

RealtimeService::RealtimeService(Runtime& rt, KpiSource kpis, int64_t refresh_ms) : rt_(rt), kpis_(std::move(kpis)) {
  rt_.engine.add_view(refresh_ms, [this](const core::Engine& e, int64_t now) -> std::function<void()> {
    auto snap = std::make_shared<Realtime>(build_realtime(e, now, [](core::AgentId) { return true; }));
    snap->groups = e.group_views();  // for the alerts (publication listeners); not in scoped views
    return [this, snap] {  // once durable
      if (kpis_) snap->today = kpis_();
      {
        std::lock_guard lk(mu_);
        latest_ = snap;
      }
      if (on_publish_) on_publish_(snap);
    };
  });
}

std::shared_ptr<const Realtime> RealtimeService::latest() const {
  std::lock_guard lk(mu_);
  return latest_;
}

void RealtimeService::get(const Caller& c, Reply<std::shared_ptr<const Realtime>> reply) {
  if (auto ok = require(c, auth::Permission::kReadRealtime); !ok) return reply(std::unexpected(ok.error()));
  if (c.scope(auth::Permission::kReadRealtime) == auth::Scope::kAll)
    if (auto snap = latest()) return reply(std::move(snap));
  on_engine<std::shared_ptr<const Realtime>>(
      rt_,
      [this, c](server::TaskContext& ctx) -> Result<std::shared_ptr<const Realtime>> {
        const core::Engine& e = ctx.engine;
        auto r = std::make_shared<Realtime>(build_realtime(e, ctx.now_ms(), [&](core::AgentId a) {
          return agent_in_scope(e, c, auth::Permission::kReadRealtime, a);
        }));
        if (kpis_) r->today = kpis_();
        return std::shared_ptr<const Realtime>(std::move(r));
      },
      std::move(reply));
}

}  // namespace switchyard::app
