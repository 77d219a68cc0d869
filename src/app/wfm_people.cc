// WfmService for the people planned: one's own schedule, live adherence and
// the adherence report, leave requests and their decisions (docs/wfm.md,
// "Server"). The planner's side is in wfm_service.cc.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/wfm_detail.h"
#include "app/wfm_service.h"
#include "app/notify_service.h"
#include "audit/audit_log.h"
#include "notify/notify_store.h"
#include "reports/rollups.h"

namespace switchyard::app {

using namespace wfm_detail;

namespace wfm_detail {

// The agents in the caller's scope, read on the engine thread.
void scoped_agents(Runtime& rt, const Caller& c, Reply<ScopedAgents> then) {
  on_engine<ScopedAgents>(
      rt,
      [c](server::TaskContext& ctx) -> Result<ScopedAgents> {
        auto out = std::make_shared<std::vector<AgentRef>>();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a);
              cfg && agent_in_scope(ctx.engine, c, auth::Permission::kReadSchedules, a))
            out->push_back({a, cfg->team, cfg->name});
        return ScopedAgents(std::move(out));
      },
      std::move(then));
}

// The agent a leave call is about (the caller's own when none is named), on
// the engine thread: its name when the caller may act for it; `manage`
// (deciding, setting allowances) needs more than one's own scope.
void leave_agent(Runtime& rt, const Caller& c, std::optional<core::AgentId> agent, bool manage,
                 Reply<AgentRef> then) {
  on_engine<AgentRef>(
      rt,
      [c, agent, manage](server::TaskContext& ctx) -> Result<AgentRef> {
        const core::AgentId id = agent.value_or(c.agent);
        if (id == core::kNoId)
          return make_error(ErrorCode::kNotFound, "this user works as no agent", "agent");
        const core::AgentConfig* cfg = ctx.engine.agent_config(id);
        if (!cfg) return make_error(ErrorCode::kNotFound, "unknown agent", "agent");
        if (!agent_in_scope(ctx.engine, c, auth::Permission::kReadSchedules, id) ||
            (manage && c.scope(auth::Permission::kReadSchedules) == auth::Scope::kSelf))
          return make_error(ErrorCode::kPermissionDenied, "not in your scope", "agent");
        return AgentRef{id, cfg->team, cfg->name};
      },
      std::move(then));
}

}  // namespace wfm_detail

// ---- agents' side -------------------------------------------------------------------

void WfmService::my_schedule(const Caller& c, Reply<ScheduleView> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId)
    return reply(make_error(ErrorCode::kNotFound, "this user works as no agent", "agent"));
  const std::string* me = rt_.catalog.names()->name(Kind::kAgent, c.agent);
  if (!me) return reply(make_error(ErrorCode::kNotFound, "unknown agent", "agent"));
  on_store<ScheduleView>(
      rt_,
      [this, name = *me](storage::SqlDriver& db) -> Result<ScheduleView> {
        auto s = wfm::WfmRepository(db).published_for(calendar_.format_date(rt_.clock.now_ms()));
        if (!s) return std::unexpected(s.error());
        if (!*s) return make_error(ErrorCode::kNotFound, "no schedule is published", "schedule");
        auto v = load_view(db, (*s)->id);
        if (!v) return v;
        const auto& agents = v->plan.problem.agents;
        auto it = std::find_if(agents.begin(), agents.end(),
                               [&](const wfm::Agent& a) { return a.id == name; });
        const int index = it == agents.end() ? -1 : static_cast<int>(it - agents.begin());
        std::erase_if(v->plan.schedule.shifts,
                      [&](const wfm::Shift& sh) { return sh.agent != index; });
        std::erase_if(v->violations, [&](const wfm::Violation& x) { return x.agent != index; });
        return v;
      },
      std::move(reply));
}

void WfmService::adherence(const Caller& c, Reply<std::vector<AdherenceRow>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  on_store<ScheduleView>(
      rt_,
      [this](storage::SqlDriver& db) -> Result<ScheduleView> {
        auto s = wfm::WfmRepository(db).published_for(calendar_.format_date(rt_.clock.now_ms()));
        if (!s) return std::unexpected(s.error());
        if (!*s) return ScheduleView{};
        return load_view(db, (*s)->id);
      },
      [this, c, reply = std::move(reply)](Result<ScheduleView> plan) mutable {
        if (!plan) return reply(std::unexpected(plan.error()));
        auto shared = std::make_shared<const ScheduleView>(std::move(*plan));
        on_engine<std::vector<AdherenceRow>>(
            rt_,
            [this, c, shared](server::TaskContext& ctx) -> Result<std::vector<AdherenceRow>> {
              const core::Engine& e = ctx.engine;
              const int64_t now = ctx.now_ms();
              int day = -1, minute = 0;
              int64_t midnight = 0;
              if (shared->meta.id != 0) {
                auto first = parse_date(shared->meta.start, "start");
                auto today = today_of(calendar_, now);
                if (first && today) {
                  day = static_cast<int>(days_between(*first, *today));
                  midnight = calendar_.from_local(static_cast<int>(today->year()),
                                                  static_cast<unsigned>(today->month()),
                                                  static_cast<unsigned>(today->day()));
                  minute = static_cast<int>((now - midnight) / 60'000);
                }
              }
              const auto& agents = shared->plan.problem.agents;
              std::vector<AdherenceRow> rows;
              for (core::AgentId a = 0; a < e.agent_count(); ++a) {
                if (!agent_in_scope(e, c, auth::Permission::kReadSchedules, a)) continue;
                auto v = e.agent(a);
                const core::AgentConfig* cfg = e.agent_config(a);
                if (!v || !cfg) continue;
                AdherenceRow r;
                r.agent = a;
                r.team = cfg->team;
                r.state = v->state;
                auto it = std::find_if(agents.begin(), agents.end(),
                                       [&](const wfm::Agent& x) { return x.id == cfg->name; });
                const int index = it == agents.end() ? -1 : static_cast<int>(it - agents.begin());
                int began = 0;  // minute of today the scheduled activity began
                if (index >= 0 && day >= 0) {
                  r.scheduled = activity_at(shared->plan, index, day, minute);
                  began = minute;
                  while (began > 0 &&
                         activity_at(shared->plan, index, day, began - 1) == r.scheduled)
                    --began;
                }
                if (!adheres(r.scheduled, r.state)) {
                  // Out since the later of the state change and the activity's start.
                  const int64_t since =
                      std::max(v->state_since_ms, midnight + int64_t{began} * 60'000);
                  r.out_since_ms = since;
                  r.in_adherence = now - since < opts_.adherence_tolerance_s * 1000;
                }
                rows.push_back(r);
              }
              return rows;
            },
            std::move(reply));
      });
}

void WfmService::agent_adherence(core::AgentId agent, std::string first, std::string last,
                                 Reply<std::optional<double>> reply) {
  Caller server;  // the server itself, to read any agent's rows
  server.name = "wfm";
  server.role = auth::Role::kAdmin;
  adherence_report(server, std::move(first), std::move(last),
                   [agent, reply = std::move(reply)](Result<std::vector<AdherenceDay>> days) {
                     if (!days) return reply(std::unexpected(days.error()));
                     int64_t in = 0, scheduled = 0;
                     for (const AdherenceDay& d : *days)
                       if (d.agent == agent) {
                         in += d.in_adherence_min;
                         scheduled += d.scheduled_min;
                       }
                     reply(scheduled > 0 ? std::optional(double(in) / double(scheduled)) : std::nullopt);
                   });
}

void WfmService::adherence_report(const Caller& c, std::string from, std::string to,
                                  Reply<std::vector<AdherenceDay>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  auto first = parse_date(from, "from");
  if (!first) return reply(std::unexpected(first.error()));
  auto last = parse_date(to, "to");
  if (!last) return reply(std::unexpected(last.error()));
  const int64_t days = days_between(*first, *last) + 1;
  if (days < 1 || days > 62) return reply(bad("must be from..from + 61 days", "to"));
  // The agents in the caller's scope, read on the engine thread.
  scoped_agents(
      rt_, c,
      [this, first = *first, days, reply = std::move(reply)](Result<ScopedAgents> result) mutable {
        if (!result) return reply(std::unexpected(result.error()));
        ScopedAgents shared = *result;
        const std::vector<AgentRef>* agents = shared.get();
        on_store<std::vector<AdherenceDay>>(
            rt_,
            [this, first, days, shared,
             &agents = *agents](storage::SqlDriver& db) -> Result<std::vector<AdherenceDay>> {
              const std::vector<int64_t> mid = midnights(calendar_, first, days);
              reports::RollupQuery q;
              q.dim = metrics::Dim::kAgent;
              q.grain = metrics::Grain::k15Min;
              q.from_ms = mid.front();
              q.to_ms = mid.back();
              for (const AgentRef& a : agents) q.ids.push_back(a.id);
              auto rows = reports::RollupRepository(db).rows(q);
              if (!rows) return std::unexpected(rows.error());
              // (agent, slot) -> (on-phone ms, not-ready ms)
              std::map<std::pair<core::AgentId, int64_t>, std::pair<int64_t, int64_t>> time;
              for (const reports::RollupRow& r : *rows)
                if (int64_t i = slot_of(mid, r.start_ms); i >= 0)
                  time[{r.id, i}] = {r.counters.busy_ms + r.counters.idle_ms,
                                     r.counters.not_ready_ms};
              std::vector<AdherenceDay> out;
              for (int64_t d = 0; d < days; ++d) {
                const Date date = add_days(first, d);
                auto s = wfm::WfmRepository(db).published_for(format_date(date));
                if (!s) return std::unexpected(s.error());
                std::optional<ScheduleView> plan;
                int plan_day = -1;
                if (*s) {
                  auto v = load_view(db, (*s)->id);
                  if (!v) return std::unexpected(v.error());
                  auto start = parse_date(v->meta.start, "start");
                  plan_day = start ? static_cast<int>(days_between(*start, date)) : -1;
                  if (plan_day >= 0 && plan_day < v->plan.problem.days) plan = std::move(*v);
                }
                for (const AgentRef& a : agents) {
                  AdherenceDay row{format_date(date), a.id, a.team};
                  int index = -1;
                  if (plan)
                    for (size_t k = 0; k < plan->plan.problem.agents.size(); ++k)
                      if (plan->plan.problem.agents[k].id == a.name) index = static_cast<int>(k);
                  double in_sum = 0, off_sum = 0, on_sum = 0;
                  for (int slot = 0; slot < kPerDay; ++slot) {
                    auto it = time.find({a.id, d * kPerDay + slot});
                    const double on =
                        it == time.end() ? 0 : static_cast<double>(it->second.first) / 60'000.0;
                    const double nr =
                        it == time.end() ? 0 : static_cast<double>(it->second.second) / 60'000.0;
                    const double out_ = std::max(0.0, kIntervalMin - on - nr);  // logged out
                    on_sum += on;
                    // Minute by minute of the interval: what was scheduled. The
                    // rollups give time per state per interval, not when in it:
                    // each minute is credited with the interval's shares.
                    double in = 0, off_logged_in = 0;
                    for (int m = slot * kIntervalMin; m < (slot + 1) * kIntervalMin; ++m) {
                      const Activity act =
                          index >= 0 ? activity_at(plan->plan, index, plan_day, m) : Activity::kOff;
                      if (act == Activity::kOff) {
                        off_logged_in += (on + nr) / kIntervalMin;
                        continue;
                      }
                      ++row.scheduled_min;
                      if (act == Activity::kWorking) {
                        ++row.working_min;
                        in += on / kIntervalMin;
                      } else {
                        in += (nr + out_) / kIntervalMin;
                      }
                    }
                    in_sum += in;
                    off_sum += off_logged_in;
                  }
                  row.on_phone_min = std::llround(on_sum);
                  row.out_off_min = std::llround(off_sum);
                  row.in_adherence_min = std::min<int64_t>(std::llround(in_sum), row.scheduled_min);
                  out.push_back(row);
                }
              }
              return out;
            },
            std::move(reply));
      });
}

// ---- leave ------------------------------------------------------------------------------

namespace {

constexpr const char* kLeaveKinds[] = {"annual", "sick", "training", "other"};
constexpr int kMaxLeaveDays = 60;


Result<LeaveBalance> balance_of(storage::SqlDriver& db, const std::string& agent, int year,
                                int default_days) {
  wfm::WfmRepository repo(db);
  LeaveBalance b;
  b.agent = agent;
  b.year = year;
  auto allowance = repo.allowance(agent, year);
  if (!allowance) return std::unexpected(allowance.error());
  b.allowance = allowance->value_or(default_days);
  char from[16], to[16];
  std::snprintf(from, sizeof from, "%04d-01-01", year);
  std::snprintf(to, sizeof to, "%04d-12-31", year);
  auto all = repo.leave_between(from, to);
  if (!all) return std::unexpected(all.error());
  for (const wfm::LeaveRequest& l : *all) {
    if (l.agent != agent || l.kind != "annual" || l.first.compare(0, 4, from, 4) != 0) continue;
    if (l.status == "approved")
      b.taken += l.days;
    else if (l.status == "pending")
      b.pending += l.days;
  }
  return b;
}

// Under-staffed agent-intervals of `day`, all groups.
double under_on(const wfm::ScheduleProblem& p, const wfm::CoverageReport& r, int day) {
  const int per_day = p.intervals_per_day();
  double under = 0;
  for (size_t g = 0; g < p.required.size() && g < r.coverage.size(); ++g)
    for (int i = day * per_day;
         i < (day + 1) * per_day && i < static_cast<int>(p.required[g].size()); ++i)
      under += std::max(
          0.0, p.required[g][static_cast<size_t>(i)] - r.coverage[g][static_cast<size_t>(i)]);
  return under;
}

}  // namespace

void WfmService::request_leave(const Caller& c, LeaveInput in, Reply<wfm::LeaveRequest> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  auto first = parse_date(in.first, "first");
  if (!first) return reply(std::unexpected(first.error()));
  auto last = parse_date(in.last, "last");
  if (!last) return reply(std::unexpected(last.error()));
  const int64_t days = days_between(*first, *last) + 1;
  if (days < 1) return reply(bad("must be on or after first", "last"));
  if (days > kMaxLeaveDays) return reply(bad("at most 60 days in one request", "last"));
  if (std::find(std::begin(kLeaveKinds), std::end(kLeaveKinds), in.kind) == std::end(kLeaveKinds))
    return reply(bad("annual, sick, training or other", "kind"));
  if (in.note.size() > 500) return reply(bad("at most 500 bytes", "note"));
  leave_agent(rt_, c, in.agent, in.agent.has_value() && *in.agent != c.agent,
              [this, c, in, days, reply = std::move(reply)](Result<AgentRef> agent) mutable {
                if (!agent) return reply(std::unexpected(agent.error()));
                on_store<wfm::LeaveRequest>(
                    rt_,
                    [this, c, in, days, team = agent->team,
                     name = agent->name](storage::SqlDriver& db) -> Result<wfm::LeaveRequest> {
                      wfm::WfmRepository repo(db);
                      auto overlapping = repo.leave_between(in.first, in.last);
                      if (!overlapping) return std::unexpected(overlapping.error());
                      for (const wfm::LeaveRequest& l : *overlapping)
                        if (l.agent == name && (l.status == "pending" || l.status == "approved"))
                          return make_error(ErrorCode::kIllegalState,
                                            "overlaps request " + std::to_string(l.id) + " (" +
                                                l.first + ".." + l.last + ", " + l.status + ")",
                                            "first");
                      if (in.kind == "annual") {
                        auto b = balance_of(db, name, std::stoi(in.first.substr(0, 4)),
                                            opts_.leave_days_per_year);
                        if (!b) return std::unexpected(b.error());
                        if (days > b->left())
                          return make_error(ErrorCode::kIllegalState,
                                            "exceeds the balance: " + std::to_string(b->left()) +
                                                " day(s) left of " + std::to_string(b->allowance),
                                            "last");
                      }
                      wfm::LeaveRequest l;
                      l.agent = name;
                      l.first = in.first;
                      l.last = in.last;
                      l.days = static_cast<int>(days);
                      l.kind = in.kind;
                      l.note = in.note;
                      l.status = "pending";
                      l.requested_ms = rt_.clock.now_ms();
                      auto id = repo.add_leave(l);
                      if (!id) return std::unexpected(id.error());
                      l.id = *id;
                      storage::Transaction tx;
                      audit::AuditLog::stage(tx, {0, l.requested_ms, c.name, "wfm.leave_request",
                                                  "leave:" + std::to_string(l.id),
                                                  name + " " + l.first + ".." + l.last, 0});
                      auto leads = recipients(db, c, core::kNoId, team);
                      if (!leads) return std::unexpected(leads.error());
                      notify::NotifyRepository::stage_all(
                          tx, *leads, "wfm.leave_requested",
                          notify::encode_data({{"leave", l.id},
                                               {"agent", name},
                                               {"first", l.first},
                                               {"last", l.last},
                                               {"kind", l.kind},
                                               {"days", int64_t{l.days}}}),
                          "/wfm?tab=leave", l.requested_ms);
                      if (auto r = tx.run(db); !r) return std::unexpected(r.error());
                      told(*leads);
                      return l;
                    },
                    std::move(reply));
              });
}

void WfmService::decide_leave(const Caller& c, int64_t id, std::string decision, std::string reason,
                              Reply<wfm::LeaveRequest> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  if (decision != "approve" && decision != "decline" && decision != "cancel")
    return reply(bad("approve, decline or cancel", "decision"));
  if (reason.size() > 500) return reply(bad("at most 500 bytes", "reason"));
  on_store<wfm::LeaveRequest>(
      rt_,
      [id](storage::SqlDriver& db) -> Result<wfm::LeaveRequest> {
        auto l = wfm::WfmRepository(db).leave(id);
        if (!l) return std::unexpected(l.error());
        if (!*l) return make_error(ErrorCode::kNotFound, "no such leave request", "id");
        return **l;
      },
      [this, c, id, decision, reason,
       reply = std::move(reply)](Result<wfm::LeaveRequest> found) mutable {
        if (!found) return reply(std::unexpected(found.error()));
        auto agent_id = rt_.catalog.names()->id(Kind::kAgent, found->agent);
        if (!agent_id)
          return reply(
              make_error(ErrorCode::kNotFound, "the request's agent no longer exists", "id"));
        const bool own = *agent_id == c.agent;
        leave_agent(rt_, c, *agent_id, decision != "cancel" || !own,
                    [this, c, id, decision, reason, l = *found,
                     reply = std::move(reply)](Result<AgentRef> agent) mutable {
                      if (!agent) return reply(std::unexpected(agent.error()));
                      on_store<wfm::LeaveRequest>(
                          rt_,
                          [this, c, id, decision, reason, l,
                           who = *agent](storage::SqlDriver& db) mutable -> Result<wfm::LeaveRequest> {
                            const int64_t now = rt_.clock.now_ms();
                            const std::string today = calendar_.format_date(now);
                            std::string from = "pending", to;
                            if (decision == "approve")
                              to = "approved";
                            else if (decision == "decline")
                              to = "declined";
                            else {
                              to = "cancelled";
                              if (l.status == "approved" && l.first > today) from = "approved";
                            }
                            if (l.status != from)
                              return make_error(
                                  ErrorCode::kIllegalState,
                                  "the request is " + l.status + ": it cannot be " + to, "id");
                            auto changed = wfm::WfmRepository(db).decide_leave(id, from, to, c.name,
                                                                               now, reason);
                            if (!changed) return std::unexpected(changed.error());
                            if (!*changed)
                              return make_error(ErrorCode::kConflict,
                                                "decided meanwhile; read it again", "id");
                            storage::Transaction tx;
                            audit::AuditLog::stage(tx, {0, now, c.name, "wfm.leave_" + decision,
                                                        "leave:" + std::to_string(id), reason, 0});
                            // The agent hears a decision; its leads hear a cancellation.
                            auto told_users = decision == "cancel"
                                                  ? recipients(db, c, core::kNoId, who.team)
                                                  : recipients(db, c, who.id, core::kNoId);
                            if (!told_users) return std::unexpected(told_users.error());
                            notify::NotifyRepository::stage_all(
                                tx, *told_users, "wfm.leave_decided",
                                notify::encode_data({{"leave", id},
                                                     {"agent", l.agent},
                                                     {"status", to},
                                                     {"by", c.name},
                                                     {"reason", reason},
                                                     {"first", l.first},
                                                     {"last", l.last}}),
                                decision == "cancel" ? "/wfm?tab=leave" : "/schedule", now);
                            if (auto r = tx.run(db); !r) return std::unexpected(r.error());
                            told(*told_users);
                            l.status = to;
                            l.decided_by = c.name;
                            l.decided_ms = now;
                            l.reason = reason;
                            return l;
                          },
                          std::move(reply));
                    });
      });
}

void WfmService::leave_list(const Caller& c, std::string from, std::string to,
                            Reply<std::vector<wfm::LeaveRequest>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  if (auto f = parse_date(from, "from"); !f) return reply(std::unexpected(f.error()));
  if (auto t = parse_date(to, "to"); !t) return reply(std::unexpected(t.error()));
  scoped_agents(
      rt_, c, [this, from, to, reply = std::move(reply)](Result<ScopedAgents> agents) mutable {
        if (!agents) return reply(std::unexpected(agents.error()));
        std::set<std::string> names;
        for (const AgentRef& a : **agents) names.insert(a.name);
        on_store<std::vector<wfm::LeaveRequest>>(
            rt_,
            [from, to, names = std::move(names)](
                storage::SqlDriver& db) -> Result<std::vector<wfm::LeaveRequest>> {
              auto all = wfm::WfmRepository(db).leave_between(from, to);
              if (!all) return all;
              std::erase_if(*all,
                            [&](const wfm::LeaveRequest& l) { return !names.contains(l.agent); });
              return all;
            },
            std::move(reply));
      });
}

void WfmService::leave_balance(const Caller& c, core::AgentId agent, int year,
                               Reply<LeaveBalance> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  if (year < 2000 || year > 2100) return reply(bad("must be 2000..2100", "year"));
  leave_agent(rt_, c, agent, false,
              [this, year, reply = std::move(reply)](Result<AgentRef> agent) mutable {
                if (!agent) return reply(std::unexpected(agent.error()));
                on_store<LeaveBalance>(
                    rt_,
                    [this, year, n = agent->name](storage::SqlDriver& db) {
                      return balance_of(db, n, year, opts_.leave_days_per_year);
                    },
                    std::move(reply));
              });
}

void WfmService::set_allowance(const Caller& c, core::AgentId agent, int year, int days,
                               Reply<LeaveBalance> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok)
    return reply(std::unexpected(ok.error()));
  if (year < 2000 || year > 2100) return reply(bad("must be 2000..2100", "year"));
  if (days < 0 || days > 366) return reply(bad("must be 0..366", "days"));
  leave_agent(
      rt_, c, agent, true,
      [this, c, year, days, reply = std::move(reply)](Result<AgentRef> agent) mutable {
        if (!agent) return reply(std::unexpected(agent.error()));
        on_store<LeaveBalance>(
            rt_,
            [this, c, year, days, n = agent->name](storage::SqlDriver& db) -> Result<LeaveBalance> {
              if (auto r = wfm::WfmRepository(db).set_allowance(n, year, days); !r)
                return std::unexpected(r.error());
              storage::Transaction tx;
              audit::AuditLog::stage(
                  tx, {0, rt_.clock.now_ms(), c.name, "wfm.leave_allowance", "agent:" + n,
                       std::to_string(year) + ": " + std::to_string(days) + " days", 0});
              if (auto r = tx.run(db); !r) return std::unexpected(r.error());
              return balance_of(db, n, year, opts_.leave_days_per_year);
            },
            std::move(reply));
      });
}

void WfmService::leave_impact(const Caller& c, int64_t id, Reply<LeaveImpact> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok)
    return reply(std::unexpected(ok.error()));
  if (c.scope(auth::Permission::kReadSchedules) == auth::Scope::kSelf)
    return reply(make_error(ErrorCode::kPermissionDenied, "for those who decide leave", "id"));
  on_store<LeaveImpact>(
      rt_,
      [id](storage::SqlDriver& db) -> Result<LeaveImpact> {
        auto found = wfm::WfmRepository(db).leave(id);
        if (!found) return std::unexpected(found.error());
        if (!*found) return make_error(ErrorCode::kNotFound, "no such leave request", "id");
        const wfm::LeaveRequest& l = **found;
        LeaveImpact out;
        auto first = parse_date(l.first, "first");
        if (!first) return std::unexpected(first.error());
        for (int64_t d = 0; d < l.days; ++d) {
          const Date date = add_days(*first, d);
          LeaveImpact::Day day{format_date(date)};
          auto s = wfm::WfmRepository(db).published_for(day.date);
          if (!s) return std::unexpected(s.error());
          if (*s) {
            auto v = load_view(db, (*s)->id);
            if (!v) return std::unexpected(v.error());
            auto start = parse_date(v->meta.start, "start");
            const int index = start ? static_cast<int>(days_between(*start, date)) : -1;
            if (index >= 0 && index < v->plan.problem.days) {
              out.schedule = v->meta.id;
              const auto& agents = v->plan.problem.agents;
              auto it = std::find_if(agents.begin(), agents.end(),
                                     [&](const wfm::Agent& a) { return a.id == l.agent; });
              const int agent = it == agents.end() ? -1 : static_cast<int>(it - agents.begin());
              day.under_before = under_on(v->plan.problem, v->report, index);
              wfm::Schedule without = v->plan.schedule;
              std::erase_if(without.shifts, [&](const wfm::Shift& sh) {
                if (sh.agent != agent || sh.day != index) return false;
                day.shift_min += sh.length_min;
                return true;
              });
              day.under_after =
                  under_on(v->plan.problem, wfm::evaluate(without, v->plan.problem), index);
            }
          }
          out.days.push_back(std::move(day));
        }
        return out;
      },
      std::move(reply));
}

}  // namespace switchyard::app
