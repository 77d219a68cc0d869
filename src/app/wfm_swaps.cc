// WfmService's shift swap board and settings (docs/wfm.md, "Shift swaps" and
// "Settings"). A swap gives one agent's published shift to another: the
// schedule in force is copied with the shift reassigned, both agents' rules
// are checked on the copy (violations listed, nothing changed), and the copy
// is published as a new version once the swap is approved.
//
// Writes run on the store's bulk lane, one at a time, so two swaps approved
// together each start from the other's published version.
#include <algorithm>
#include <map>
#include <set>

#include "app/notify_service.h"
#include "app/wfm_detail.h"
#include "app/wfm_service.h"
#include "audit/audit_log.h"
#include "notify/notify_store.h"

namespace switchyard::app {

using namespace wfm_detail;

namespace {

constexpr std::string_view kSwapStatuses[] = {"open", "pending", "approved", "declined", "cancelled", "expired"};
constexpr int kBoardDaysBack = 30;
constexpr const char* kAgentLink = "/schedule?tab=swaps";
constexpr const char* kLeadLink = "/wfm?tab=swaps";

// Every configured agent by name (engine thread).
using AgentsByName = std::shared_ptr<const std::map<std::string, AgentRef>>;
void all_agents(Runtime& rt, Reply<AgentsByName> then) {
  on_engine<AgentsByName>(
      rt,
      [](server::TaskContext& ctx) -> Result<AgentsByName> {
        auto out = std::make_shared<std::map<std::string, AgentRef>>();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a)) (*out)[cfg->name] = {a, cfg->team, cfg->name};
        return AgentsByName(std::move(out));
      },
      std::move(then));
}

// The schedule in force on a swap's date with the offered shift given to `taker`.
struct Swapped {
  wfm::StoredSchedule meta;  // the schedule it was taken from (body cleared)
  wfm::SchedulePlan plan;    // with the shift reassigned
  std::vector<wfm::Violation> violations;  // of the offerer and the taker only
};

int agent_index(const wfm::SchedulePlan& p, std::string_view name) {
  for (size_t i = 0; i < p.problem.agents.size(); ++i)
    if (p.problem.agents[i].id == name) return static_cast<int>(i);
  return -1;
}

// The shift of agent `a` starting on `day` (index), -1 when none.
int shift_of(const wfm::SchedulePlan& p, int a, int day) {
  for (size_t i = 0; i < p.schedule.shifts.size(); ++i)
    if (p.schedule.shifts[i].agent == a && p.schedule.shifts[i].day == day) return static_cast<int>(i);
  return -1;
}

// The published schedule covering `date` and the day's index in it; kNotFound naming `field` when none.
Result<std::pair<wfm::StoredSchedule, int>> schedule_on(storage::SqlDriver& db, const std::string& date,
                                                        const std::string& field) {
  auto s = wfm::WfmRepository(db).published_for(date);
  if (!s) return std::unexpected(s.error());
  auto d = parse_date(date, field);
  if (!d) return std::unexpected(d.error());
  if (*s) {
    auto first = parse_date((*s)->start, "start");
    if (!first) return std::unexpected(first.error());
    const int64_t day = days_between(*first, *d);
    if (day >= 0 && day < (*s)->days) return std::pair{std::move(**s), static_cast<int>(day)};
  }
  return make_error(ErrorCode::kNotFound, "no published schedule has " + date, field);
}

// With `give_date` set (a trade), the taker's own shift of that date goes to the offerer.
Result<Swapped> swapped(storage::SqlDriver& db, const wfm::ShiftSwap& w, const std::string& taker,
                        const std::string& give_date) {
  auto on = schedule_on(db, w.date, "id");
  if (!on) return std::unexpected(on.error());
  auto& [meta, day] = *on;
  auto plan = wfm::decode_plan(meta.body);
  if (!plan) return std::unexpected(plan.error());
  meta.body.clear();
  const int from = agent_index(*plan, w.offered_by), to = agent_index(*plan, taker);
  if (to < 0) return make_error(ErrorCode::kIllegalState, taker + " is not in the schedule in force", "id");
  const int k = from < 0 ? -1 : shift_of(*plan, from, day);
  if (k < 0) return make_error(ErrorCode::kIllegalState, "the shift is no longer in the schedule in force", "id");
  wfm::Shift& sh = plan->schedule.shifts[static_cast<size_t>(k)];
  const size_t skill = static_cast<size_t>(sh.skill);
  if (sh.start_min != w.start_min || sh.length_min != w.length_min || skill >= plan->problem.skill_groups.size() ||
      plan->problem.skill_groups[skill] != w.queue)
    return make_error(ErrorCode::kIllegalState, "the shift changed since it was offered", "id");
  int given = -1;
  if (!give_date.empty()) {
    auto g = parse_date(give_date, "give_date");
    auto first = parse_date(meta.start, "start");
    if (!g || !first) return std::unexpected(g ? first.error() : g.error());
    const int64_t gday = days_between(*first, *g);
    given = gday < 0 || gday >= meta.days ? -1 : shift_of(*plan, to, static_cast<int>(gday));
    if (given < 0) return make_error(ErrorCode::kNotFound, taker + " has no shift on " + give_date + " in the same schedule", "give_date");
  }
  sh.agent = to;
  if (given >= 0) plan->schedule.shifts[static_cast<size_t>(given)].agent = from;
  Swapped out{std::move(meta), std::move(*plan), {}};
  for (wfm::Violation& v : wfm::check(out.plan.schedule, out.plan.problem))
    if (v.agent == from || v.agent == to) out.violations.push_back(std::move(v));
  // Leave approved (or asked for) after the schedule was generated is not in its plan.
  auto on_leave = [&](const std::string& who, int index, const std::string& date, int d) -> Result<void> {
    auto leave = wfm::WfmRepository(db).leave_between(date, date);
    if (!leave) return std::unexpected(leave.error());
    for (const wfm::LeaveRequest& l : *leave)
      if (l.agent == who && (l.status == "approved" || l.status == "pending"))
        out.violations.push_back({index, d, wfm::Rule::kLeave, who + " has " + l.status + " leave on " + date});
    return {};
  };
  if (auto r = on_leave(taker, to, w.date, day); !r) return std::unexpected(r.error());
  if (given >= 0)
    if (auto r = on_leave(w.offered_by, from, give_date, out.plan.schedule.shifts[static_cast<size_t>(given)].day); !r)
      return std::unexpected(r.error());
  return out;
}

std::vector<SwapViolation> named(const Swapped& s) {
  std::vector<SwapViolation> out;
  for (const wfm::Violation& v : s.violations)
    out.push_back({v.agent >= 0 && static_cast<size_t>(v.agent) < s.plan.problem.agents.size()
                       ? s.plan.problem.agents[static_cast<size_t>(v.agent)].id
                       : std::string(),
                   v.day, v.rule, v.message});
  return out;
}

// Publishes the swapped copy as a new version; returns its id.
Result<int64_t> publish_swapped(storage::SqlDriver& db, const Swapped& s, int64_t swap, int64_t now) {
  wfm::WfmRepository repo(db);
  wfm::StoredSchedule meta;
  meta.start = s.meta.start;
  meta.days = s.meta.days;
  meta.created_ms = now;
  meta.created_by = "swap " + std::to_string(swap);
  meta.body = wfm::encode_plan(s.plan);
  auto id = repo.add_schedule(meta);
  if (!id) return id;
  if (auto r = repo.publish(*id, now); !r) return std::unexpected(r.error());
  return id;
}

std::string taken_data(const wfm::ShiftSwap& w) {
  return notify::encode_data({{"swap", w.id},
                              {"given_date", w.given_date},
                              {"offered_by", w.offered_by},
                              {"taken_by", w.taken_by},
                              {"date", w.date},
                              {"start_min", int64_t{w.start_min}},
                              {"length_min", int64_t{w.length_min}},
                              {"queue", w.queue},
                              {"status", w.status}});
}

std::string decided_data(const wfm::ShiftSwap& w) {
  return notify::encode_data({{"swap", w.id},
                              {"status", w.status},
                              {"by", w.decided_by},
                              {"reason", w.reason},
                              {"date", w.date},
                              {"offered_by", w.offered_by},
                              {"taken_by", w.taken_by}});
}

// Swap `id` after expiring the days that have come; kNotFound naming "id".
Result<wfm::ShiftSwap> current_swap(wfm::WfmRepository& repo, int64_t id, Date today, int64_t now) {
  if (auto r = repo.expire_swaps(format_date(today), now); !r) return std::unexpected(r.error());
  auto found = repo.swap(id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return make_error(ErrorCode::kNotFound, "no such swap", "id");
  return std::move(**found);
}

const AgentRef* ref_of(const AgentsByName& agents, const std::string& name) {
  auto it = agents->find(name);
  return it == agents->end() ? nullptr : &it->second;
}

}  // namespace

void WfmService::offer_swap(const Caller& c, std::string date, std::string note, Reply<wfm::ShiftSwap> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId) return reply(make_error(ErrorCode::kNotFound, "this user works as no agent", "agent"));
  const std::string* me = rt_.catalog.names()->name(Kind::kAgent, c.agent);
  if (!me) return reply(make_error(ErrorCode::kNotFound, "unknown agent", "agent"));
  auto d = parse_date(date, "date");
  if (!d) return reply(std::unexpected(d.error()));
  auto today = today_of(calendar_, rt_.clock.now_ms());
  if (!today) return reply(std::unexpected(today.error()));
  if (*d <= *today) return reply(bad("must be a later day than today", "date"));
  if (note.size() > 500) return reply(bad("at most 500 bytes", "note"));
  rt_.store.post_bulk([this, c, date, note, name = *me, today = *today,
                       reply = std::move(reply)](storage::SqlDriver& db) {
    auto run = [&]() -> Result<wfm::ShiftSwap> {
      wfm::WfmRepository repo(db);
      const int64_t now = rt_.clock.now_ms();
      if (auto r = repo.expire_swaps(format_date(today), now); !r) return std::unexpected(r.error());
      auto on = schedule_on(db, date, "date");
      if (!on) return std::unexpected(on.error());
      auto plan = wfm::decode_plan(on->first.body);
      if (!plan) return std::unexpected(plan.error());
      const int a = agent_index(*plan, name);
      const int k = a < 0 ? -1 : shift_of(*plan, a, on->second);
      if (k < 0) return make_error(ErrorCode::kNotFound, "you have no published shift on " + date, "date");
      auto same = repo.swaps_between(date, date);
      if (!same) return std::unexpected(same.error());
      for (const wfm::ShiftSwap& s : *same)
        if (s.offered_by == name && (s.status == "open" || s.status == "pending"))
          return make_error(ErrorCode::kIllegalState, "already offered (swap " + std::to_string(s.id) + ")", "date");
      const wfm::Shift& sh = plan->schedule.shifts[static_cast<size_t>(k)];
      wfm::ShiftSwap w;
      w.date = date;
      w.offered_by = name;
      w.schedule = on->first.id;
      w.queue = plan->problem.skill_groups.at(static_cast<size_t>(sh.skill));
      w.start_min = sh.start_min;
      w.length_min = sh.length_min;
      w.breaks = sh.breaks;
      w.note = note;
      w.status = "open";
      w.created_ms = now;
      auto id = repo.add_swap(w);
      if (!id) return std::unexpected(id.error());
      w.id = *id;
      storage::Transaction tx;
      audit::AuditLog::stage(tx, {0, now, c.name, "wfm.swap_offer", "swap:" + std::to_string(w.id), name + " " + date, 0});
      if (auto r = tx.run(db); !r) return std::unexpected(r.error());
      return w;
    };
    reply(run());
  });
}

void WfmService::swaps(const Caller& c, std::string status, Reply<std::vector<SwapView>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (status.empty()) status = "all";
  if (status != "all" && std::find(std::begin(kSwapStatuses), std::end(kSwapStatuses), status) == std::end(kSwapStatuses))
    return reply(bad("open, pending, approved, declined, cancelled, expired or all", "status"));
  auto today = today_of(calendar_, rt_.clock.now_ms());
  if (!today) return reply(std::unexpected(today.error()));
  scoped_agents(rt_, c, [this, c, status, today = *today, reply = std::move(reply)](Result<ScopedAgents> scoped) mutable {
    if (!scoped) return reply(std::unexpected(scoped.error()));
    std::set<std::string> names;
    for (const AgentRef& a : **scoped) names.insert(a.name);
    const bool agent_view = c.scope(auth::Permission::kReadSchedules) == auth::Scope::kSelf;
    const std::string* me = agent_view ? rt_.catalog.names()->name(Kind::kAgent, c.agent) : nullptr;
    on_store<std::vector<SwapView>>(
        rt_,
        [this, status, today, agent_view, me = me ? *me : std::string(),
         names = std::move(names)](storage::SqlDriver& db) -> Result<std::vector<SwapView>> {
          wfm::WfmRepository repo(db);
          if (auto r = repo.expire_swaps(format_date(today), rt_.clock.now_ms()); !r) return std::unexpected(r.error());
          auto all = repo.swaps_between(format_date(add_days(today, -kBoardDaysBack)), "9999-12-31");
          if (!all) return std::unexpected(all.error());
          std::vector<SwapView> out;
          for (wfm::ShiftSwap& w : *all) {
            if (status != "all" && w.status != status) continue;
            const bool mine = names.contains(w.offered_by) || names.contains(w.taken_by);
            const bool board = agent_view && w.status == "open";
            if (!mine && !board) continue;
            SwapView v{std::move(w), std::nullopt, {}, {}};
            if (board && !me.empty() && v.swap.offered_by != me) {
              auto s = swapped(db, v.swap, me, "");
              if (s) {
                v.can_take = s->violations.empty();
                for (const wfm::Violation& x : s->violations) v.problems.push_back(x.message);
                // The caller's own shifts of that schedule it could give in exchange, rules kept.
                auto first = parse_date(s->meta.start, "start");
                const int mine_index = agent_index(s->plan, me);
                if (first && mine_index >= 0)
                  for (const wfm::Shift& sh : s->plan.schedule.shifts)
                    if (sh.agent == mine_index) {
                      const std::string date = format_date(add_days(*first, sh.day));
                      if (date <= format_date(today) || date == v.swap.date) continue;
                      if (auto t = swapped(db, v.swap, me, date); t && t->violations.empty()) v.trades.push_back(date);
                    }
                if (auto same = swapped(db, v.swap, me, v.swap.date); same && same->violations.empty())
                  v.trades.push_back(v.swap.date);
                std::sort(v.trades.begin(), v.trades.end());
              } else {
                v.can_take = false;
                v.problems.push_back(s.error().message);
              }
            }
            out.push_back(std::move(v));
          }
          return out;
        },
        std::move(reply));
  });
}

void WfmService::take_swap(const Caller& c, int64_t id, std::string give_date, Reply<SwapOutcome> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId) return reply(make_error(ErrorCode::kNotFound, "this user works as no agent", "agent"));
  auto today = today_of(calendar_, rt_.clock.now_ms());
  if (!today) return reply(std::unexpected(today.error()));
  if (!give_date.empty()) {
    auto g = parse_date(give_date, "give_date");
    if (!g) return reply(std::unexpected(g.error()));
    if (*g <= *today) return reply(bad("must be a later day than today", "give_date"));
  }
  all_agents(rt_, [this, c, id, give_date, today = *today, reply = std::move(reply)](Result<AgentsByName> agents) mutable {
    if (!agents) return reply(std::unexpected(agents.error()));
    rt_.store.post_bulk([this, c, id, give_date, today, agents = *agents, reply = std::move(reply)](storage::SqlDriver& db) {
      auto run = [&]() -> Result<SwapOutcome> {
        wfm::WfmRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        auto found = current_swap(repo, id, today, now);
        if (!found) return std::unexpected(found.error());
        wfm::ShiftSwap w = std::move(*found);
        const std::string* me = rt_.catalog.names()->name(Kind::kAgent, c.agent);
        if (!me) return make_error(ErrorCode::kNotFound, "unknown agent", "agent");
        if (w.offered_by == *me) return make_error(ErrorCode::kIllegalState, "your own offer", "id");
        if (w.status != "open") return make_error(ErrorCode::kIllegalState, "the swap is " + w.status, "id");
        auto s = swapped(db, w, *me, give_date);
        if (!s) return std::unexpected(s.error());
        if (!s->violations.empty()) return SwapOutcome{std::move(w), named(*s), 0};
        auto settings = repo.settings();
        if (!settings) return std::unexpected(settings.error());
        const std::string to = settings->swap_approval ? "pending" : "approved";
        wfm::ShiftSwap taken_as = w;
        taken_as.taken_by = *me;
        if (!give_date.empty()) {
          // The given shift as it stands (it moved to the offerer in the copy).
          const int from_index = agent_index(s->plan, w.offered_by);
          auto first = parse_date(s->meta.start, "start");
          for (const wfm::Shift& sh : s->plan.schedule.shifts)
            if (first && sh.agent == from_index && format_date(add_days(*first, sh.day)) == give_date) {
              taken_as.given_date = give_date;
              taken_as.given_start_min = sh.start_min;
              taken_as.given_length_min = sh.length_min;
            }
        }
        auto taken = repo.take_swap(id, to, taken_as, now);
        if (!taken) return std::unexpected(taken.error());
        if (!*taken) return make_error(ErrorCode::kConflict, "taken meanwhile; read it again", "id");
        w = std::move(taken_as);
        w.status = to;
        w.taken_ms = now;
        SwapOutcome out{w, {}, 0};
        if (!settings->swap_approval) {
          auto published = publish_swapped(db, *s, id, now);
          if (!published) return std::unexpected(published.error());
          out.schedule = *published;
        }
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, now, c.name, "wfm.swap_take", "swap:" + std::to_string(id),
                                    *me + " takes " + w.offered_by + "'s shift of " + w.date +
                                        (w.given_date.empty() ? "" : " giving its own of " + w.given_date) +
                                        (out.schedule ? ", published as schedule " + std::to_string(out.schedule) : ""),
                                    0});
        // The offerer hears it was taken; its leads, when it waits for them.
        const AgentRef* offerer = ref_of(agents, w.offered_by);
        auto agent_users = recipients(db, c, offerer ? offerer->id : core::kNoId, core::kNoId);
        if (!agent_users) return std::unexpected(agent_users.error());
        auto lead_users = settings->swap_approval && offerer ? recipients(db, c, core::kNoId, offerer->team)
                                                             : Result<std::vector<int64_t>>(std::vector<int64_t>{});
        if (!lead_users) return std::unexpected(lead_users.error());
        notify::NotifyRepository::stage_all(tx, *agent_users, "wfm.swap_taken", taken_data(w), kAgentLink, now);
        notify::NotifyRepository::stage_all(tx, *lead_users, "wfm.swap_taken", taken_data(w), kLeadLink, now);
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        told(*agent_users);
        told(*lead_users);
        return out;
      };
      reply(run());
    });
  });
}

void WfmService::decide_swap(const Caller& c, int64_t id, std::string decision, std::string reason,
                             Reply<SwapOutcome> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (decision != "approve" && decision != "decline" && decision != "cancel")
    return reply(bad("approve, decline or cancel", "decision"));
  if (reason.size() > 500) return reply(bad("at most 500 bytes", "reason"));
  auto today = today_of(calendar_, rt_.clock.now_ms());
  if (!today) return reply(std::unexpected(today.error()));
  all_agents(rt_, [this, c, id, decision, reason, today = *today,
                   reply = std::move(reply)](Result<AgentsByName> agents) mutable {
    if (!agents) return reply(std::unexpected(agents.error()));
    rt_.store.post_bulk([this, c, id, decision, reason, today, agents = *agents,
                         reply = std::move(reply)](storage::SqlDriver& db) {
      auto run = [&]() -> Result<SwapOutcome> {
        wfm::WfmRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        auto found = current_swap(repo, id, today, now);
        if (!found) return std::unexpected(found.error());
        wfm::ShiftSwap w = std::move(*found);
        const AgentRef* offerer = ref_of(agents, w.offered_by);
        const AgentRef* taker = ref_of(agents, w.taken_by);
        const auth::Scope scope = c.scope(auth::Permission::kReadSchedules);
        const bool manages = scope == auth::Scope::kAll ||
                             (scope == auth::Scope::kTeam && offerer && offerer->team == c.team);
        const bool own = offerer && offerer->id == c.agent;
        if (!(manages || (decision == "cancel" && own)))
          return make_error(ErrorCode::kPermissionDenied, "not in your scope", "id");
        std::string from = "pending", to;
        if (decision == "approve")
          to = "approved";
        else if (decision == "decline")
          to = "declined";
        else {
          to = "cancelled";
          if (w.status == "open") from = "open";
        }
        if (w.status != from) return make_error(ErrorCode::kIllegalState, "the swap is " + w.status + ": it cannot be " + to, "id");
        SwapOutcome out{w, {}, 0};
        std::optional<Swapped> s;
        if (decision == "approve") {
          auto sw = swapped(db, w, w.taken_by, w.given_date);
          if (!sw) return std::unexpected(sw.error());
          if (!sw->violations.empty()) return SwapOutcome{std::move(w), named(*sw), 0};
          s = std::move(*sw);
        }
        auto changed = repo.decide_swap(id, from, to, c.name, now, reason);
        if (!changed) return std::unexpected(changed.error());
        if (!*changed) return make_error(ErrorCode::kConflict, "decided meanwhile; read it again", "id");
        if (s) {
          auto published = publish_swapped(db, *s, id, now);
          if (!published) return std::unexpected(published.error());
          out.schedule = *published;
        }
        out.swap.status = to;
        out.swap.decided_by = c.name;
        out.swap.decided_ms = now;
        out.swap.reason = reason;
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, now, c.name, "wfm.swap_" + decision, "swap:" + std::to_string(id),
                                    reason + (out.schedule ? " (published as schedule " + std::to_string(out.schedule) + ")" : ""),
                                    0});
        // Both agents hear a decision; a cancelled pending swap also reaches the leads.
        std::vector<int64_t> agent_users;
        for (const AgentRef* a : {offerer, taker})
          if (a) {
            auto u = recipients(db, c, a->id, core::kNoId);
            if (!u) return std::unexpected(u.error());
            agent_users.insert(agent_users.end(), u->begin(), u->end());
          }
        auto lead_users = decision == "cancel" && from == "pending" && offerer
                              ? recipients(db, c, core::kNoId, offerer->team)
                              : Result<std::vector<int64_t>>(std::vector<int64_t>{});
        if (!lead_users) return std::unexpected(lead_users.error());
        notify::NotifyRepository::stage_all(tx, agent_users, "wfm.swap_decided", decided_data(out.swap), kAgentLink, now);
        notify::NotifyRepository::stage_all(tx, *lead_users, "wfm.swap_decided", decided_data(out.swap), kLeadLink, now);
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        told(agent_users);
        told(*lead_users);
        return out;
      };
      reply(run());
    });
  });
}

void WfmService::settings(const Caller& c, Reply<wfm::WfmSettings> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  on_store<wfm::WfmSettings>(
      rt_, [](storage::SqlDriver& db) { return wfm::WfmRepository(db).settings(); }, std::move(reply));
}

void WfmService::put_settings(const Caller& c, wfm::WfmSettings s, Reply<wfm::WfmSettings> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (s.adherence_alert_min < 0 || s.adherence_alert_min > 480) return reply(bad("must be 0..480", "adherence_alert_min"));
  on_store<wfm::WfmSettings>(
      rt_,
      [this, c, s](storage::SqlDriver& db) -> Result<wfm::WfmSettings> {
        if (auto r = wfm::WfmRepository(db).put_settings(s); !r) return std::unexpected(r.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.settings", "wfm",
                                    std::string("swap_approval=") + (s.swap_approval ? "true" : "false") +
                                        " adherence_alert_min=" + std::to_string(s.adherence_alert_min),
                                    0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        return s;
      },
      std::move(reply));
}

}  // namespace switchyard::app
