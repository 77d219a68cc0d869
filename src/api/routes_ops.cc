// Operations routes: health, readiness, Prometheus metrics, and the live
// picture (/realtime).
#include <boost/json.hpp>

#include <mutex>
#include <set>

#include "api/api.h"
#include "app/realtime_service.h"
#include "api/errors.h"
#include "api/json_text.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;

namespace {

// The KPI entries a caller may see: queues, channels, sites and the center
// to everyone who sees the live picture; agents as the picture's agents;
// teams with scope all, or the caller's own team.
using EntryFilter = std::function<bool(const metrics::KpiEntry&)>;

json::object kpis_json(const metrics::TodayKpis& t, const app::Realtime& r, const app::Names& n,
                       const EntryFilter& allowed) {
  json::object out{{"time_ms", t.time_ms}, {"seq", t.seq}, {"day_start_ms", t.day_start_ms}};
  json::array channels, groups, teams, sites, agents;
  for (const metrics::KpiEntry& e : t.entries) {
    if (!allowed(e)) continue;
    json::object o = live_kpis_json(e);
    switch (e.dim) {
      case metrics::Dim::kCenter:
        out["center"] = std::move(o);
        break;
      case metrics::Dim::kQueue:
        break;  // in each queue of the picture
      case metrics::Dim::kChannel:
        o["channel"] = e.id < core::kChannelCount ? core::to_string(static_cast<core::Channel>(e.id)) : "";
        channels.push_back(std::move(o));
        break;
      case metrics::Dim::kTeam: {
        o["id"] = e.id;
        o["name"] = name_or_null(n, app::Kind::kTeam, e.id);
        json::object by_state;
        for (int s = 0; s < core::kAgentStateCount; ++s) by_state[core::to_string(static_cast<core::AgentState>(s))] = 0;
        for (const app::RealtimeAgent& a : r.agents)
          if (a.team == e.id) {
            auto& v = by_state[core::to_string(a.state)];
            v = v.to_number<int64_t>() + 1;
          }
        o["agents_by_state"] = std::move(by_state);
        teams.push_back(std::move(o));
        break;
      }
      case metrics::Dim::kSite:
        o["id"] = e.id;
        o["name"] = name_or_null(n, app::Kind::kSite, e.id);
        sites.push_back(std::move(o));
        break;
      case metrics::Dim::kGroup:
        o["name"] = e.name;  // the id is the process's own: the name is the key
        groups.push_back(std::move(o));
        break;
      case metrics::Dim::kAgent:
        o["id"] = e.id;
        o["name"] = name_or_null(n, app::Kind::kAgent, e.id);
        agents.push_back(std::move(o));
        break;
    }
  }
  out["channels"] = std::move(channels);
  out["groups"] = std::move(groups);
  out["teams"] = std::move(teams);
  out["sites"] = std::move(sites);
  out["agents"] = std::move(agents);
  return out;
}

std::string realtime_text(const app::Realtime& r, const app::Names& n, const EntryFilter& allowed) {
  json::object root{{"time_ms", r.time_ms}, {"seq", r.seq}};
  if (r.today) {
    json::object today = kpi_json(r.today->overall);
    today["day_start_ms"] = r.today->day_start_ms;
    today["seq"] = r.today->seq;
    root["today"] = std::move(today);
  }
  json::array queues;
  for (const app::RealtimeQueue& q : r.queues) {
    const core::QueueView& v = q.view;
    json::object by_state;
    for (int s = 0; s < core::kAgentStateCount; ++s)
      by_state[core::to_string(static_cast<core::AgentState>(s))] = v.agents_by_state[s];
    queues.push_back(json::object{{"id", q.id},
                                  {"name", q.name},
                                  {"channel", core::to_string(q.channel)},
                                  {"waiting", v.waiting},
                                  {"longest_wait_ms", v.longest_wait_ms},
                                  {"ewt_ms", v.ewt_ms >= 0 ? json::value(v.ewt_ms) : json::value(nullptr)},
                                  {"overflowing", v.overflowing},
                                  {"staffed", v.staffed},
                                  {"agents_by_state", std::move(by_state)}});
    if (r.today)
      if (const metrics::KpiEntry* e = r.today->find(metrics::Dim::kQueue, q.id))
        for (auto& [k, v] : live_kpis_json(*e)) queues.back().as_object()[k] = v;
  }
  root["queues"] = std::move(queues);
  json::array agents;
  for (const app::RealtimeAgent& a : r.agents)
    agents.push_back(json::object{{"id", a.id},
                                  {"name", a.name},
                                  {"team", name_or_null(n, app::Kind::kTeam, a.team)},
                                  {"state", core::to_string(a.state)},
                                  {"reason", a.reason},
                                  {"time_in_state_ms", std::max<int64_t>(0, r.time_ms - a.state_since_ms)},
                                  {"contacts", a.contacts},
                                  {"occupancy", a.occupancy}});
  root["agents"] = std::move(agents);
  if (r.today) root["kpis"] = kpis_json(*r.today, r, n, allowed);
  return to_text(root);
}

// The text of the shared snapshot, rendered once per snapshot.
class RealtimeCache {
 public:
  std::shared_ptr<const std::string> text(const std::shared_ptr<const app::Realtime>& r, const app::Names& n) {
    std::lock_guard lk(mu_);
    if (r != source_.lock() || !text_) {
      text_ = std::make_shared<const std::string>(realtime_text(*r, n, [](const metrics::KpiEntry&) { return true; }));
      source_ = r;
    }
    return text_;
  }

 private:
  std::mutex mu_;
  std::weak_ptr<const app::Realtime> source_;  // guarded by mu_
  std::shared_ptr<const std::string> text_;    // guarded by mu_
};

}  // namespace

void add_ops_routes(Routes& r, app::RealtimeService& realtime, app::Catalog& catalog, const Ops& ops) {
  r.add_public("GET", "/healthz", [](http::Request&&, http::Respond respond) {
    respond(json_response(200, json::object{{"status", "ok"}}));
  });
  r.add_public("GET", "/readyz", [ops](http::Request&&, http::Respond respond) {
    bool ok = ops.ready();
    respond(json_response(ok ? 200 : 503, json::object{{"ready", ok},
                                                       {"durable_seq", ops.durable_seq()},
                                                       {"store_failed", ops.store_failed()}}));
  });
  r.add_public("GET", "/metrics", [ops](http::Request&&, http::Respond respond) {
    http::Response resp;
    resp.body = ops.metrics_text ? ops.metrics_text() : std::string();
    resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
    respond(std::move(resp));
  });
  auto cache = std::make_shared<RealtimeCache>();
  r.add("GET", "/api/v1/realtime", auth::Permission::kReadRealtime,
        [&realtime, &catalog, cache](const app::Caller& c, http::Request&&, http::Respond respond) {
          bool shared = c.scope(auth::Permission::kReadRealtime) == auth::Scope::kAll;
          realtime.get(c, answer<std::shared_ptr<const app::Realtime>>(
                              respond, [&catalog, cache, shared, c](std::shared_ptr<const app::Realtime> rt) {
                                http::Response resp;
                                if (shared) {
                                  resp.body = *cache->text(rt, *catalog.names());
                                  return resp;
                                }
                                std::set<uint32_t> seen;
                                for (const app::RealtimeAgent& a : rt->agents) seen.insert(a.id);
                                const bool team = c.scope(auth::Permission::kReadRealtime) == auth::Scope::kTeam;
                                resp.body = realtime_text(*rt, *catalog.names(), [&](const metrics::KpiEntry& e) {
                                  if (e.dim == metrics::Dim::kAgent) return seen.contains(e.id);
                                  if (e.dim == metrics::Dim::kTeam) return team && e.id == c.team;
                                  return true;
                                });
                                return resp;
                              }));
        });
}

}  // namespace switchyard::api
