#include "app/wfm_service.h"
#include "app/wfm_detail.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "app/notify_service.h"
#include "audit/audit_log.h"
#include "reports/rollups.h"
#include "wfm/schedule_generator.h"

namespace switchyard::app {

namespace wfm_detail {

namespace chr = std::chrono;

std::unexpected<Error> bad(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// "YYYY-MM-DD" as a date, else an error naming `field`.
Result<Date> parse_date(std::string_view s, std::string field) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return bad("expected a date YYYY-MM-DD", std::move(field));
  Date date{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!date.ok()) return bad("no such date", std::move(field));
  return date;
}

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Date add_days(Date d, int64_t n) { return Date{chr::sys_days(d) + chr::days{n}}; }
int64_t days_between(Date a, Date b) { return (chr::sys_days(b) - chr::sys_days(a)).count(); }

}  // namespace wfm_detail

namespace {

using namespace wfm_detail;
namespace chr = std::chrono;

constexpr int kMaxDays = 28;

int weekday_monday0(Date d) { return static_cast<int>(chr::weekday(chr::sys_days(d)).iso_encoding()) - 1; }

std::string queue_name(const Runtime& rt, core::QueueId q) {
  const std::string* n = rt.catalog.names()->name(Kind::kQueue, q);
  return n ? *n : std::to_string(q);
}

// Contacts and AHT per 15 minutes of `queue` over `days` days from `first`:
// the rollups' offered and handle time; imported history where the rollups
// have no row.
Result<wfm::History> read_history(storage::SqlDriver& db, const metrics::Calendar& cal, core::QueueId queue,
                                  const std::string& name, Date first, int64_t days) {
  wfm::History h;
  h.contacts.start = first;
  h.contacts.interval_min = kIntervalMin;
  const size_t n = static_cast<size_t>(days * kPerDay);
  h.contacts.values.assign(n, 0.0);
  h.aht_s.assign(n, 0.0);
  std::vector<bool> seen(n, false);
  const std::vector<int64_t> mid = midnights(cal, first, days);
  reports::RollupQuery q;
  q.dim = metrics::Dim::kQueue;
  q.grain = metrics::Grain::k15Min;
  q.from_ms = mid.front();
  q.to_ms = mid.back();
  q.ids = {queue};
  auto rows = reports::RollupRepository(db).rows(q);
  if (!rows) return std::unexpected(rows.error());
  for (const reports::RollupRow& r : *rows) {
    int64_t i = slot_of(mid, r.start_ms);
    if (i < 0) continue;
    const metrics::KpiCounters& k = r.counters;
    h.contacts.values[static_cast<size_t>(i)] += static_cast<double>(k.offered);
    if (k.handled > 0)
      h.aht_s[static_cast<size_t>(i)] =
          static_cast<double>(k.talk_ms + k.hold_ms + k.acw_ms) / static_cast<double>(k.handled) / 1000.0;
    seen[static_cast<size_t>(i)] = true;
  }
  auto imported = wfm::WfmRepository(db).history(name, mid.front(), mid.back());
  if (!imported) return std::unexpected(imported.error());
  for (const wfm::HistoryPoint& p : *imported) {
    int64_t i = slot_of(mid, p.start_ms);
    if (i < 0 || seen[static_cast<size_t>(i)]) continue;
    h.contacts.values[static_cast<size_t>(i)] = p.contacts;
    h.aht_s[static_cast<size_t>(i)] = p.aht_s;
  }
  return h;
}

std::vector<double> slice(const std::vector<double>& v, size_t from, size_t n) {
  from = std::min(from, v.size());
  return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(from),
                             v.begin() + static_cast<std::ptrdiff_t>(std::min(v.size(), from + n)));
}

// The forecast of `in` (validated): history ends at the start or today,
// whichever is earlier; the gap between them is forecast too and cut off.
Result<ForecastView> compute_forecast(storage::SqlDriver& db, const metrics::Calendar& cal, const WfmOptions& opts,
                                      const std::string& name, const ForecastRequest& in, Date start, Date today) {
  const Date history_end = std::min(start, today);
  const Date history_start = add_days(history_end, -7 * opts.history_weeks);
  auto h = read_history(db, cal, in.queue, name, history_start, 7 * opts.history_weeks);
  if (!h) return std::unexpected(h.error());
  ForecastView v;
  v.queue = name;
  v.start = format_date(start);
  v.days = in.days;
  v.interval_min = kIntervalMin;
  v.history_start = format_date(history_start);
  const Date horizon_end = add_days(start, in.days);
  auto special = special_days_of(db, name, history_start, horizon_end);
  if (!special) return std::unexpected(special.error());
  for (size_t i = 0; i < special->days.size(); ++i)
    if (special->days[i].date >= start && special->days[i].date < horizon_end) v.special_days.push_back(special->stored[i]);
  const wfm::Method methods[] = {wfm::Method::kSeasonalNaive, wfm::Method::kHoltWinters};
  if (auto bt = wfm::backtest(h->contacts, opts.backtest_weeks, special->days, methods)) {
    v.backtest = bt->scores;
    v.proposed = bt->best;
  } else {
    v.proposed = wfm::Method::kSeasonalNaive;
  }
  v.method = in.method == ForecastMethod::kAuto           ? v.proposed
             : in.method == ForecastMethod::kHoltWinters ? wfm::Method::kHoltWinters
                                                         : wfm::Method::kSeasonalNaive;
  const int64_t gap = days_between(history_end, start);
  wfm::ForecastOptions fo;
  fo.method = v.method;
  fo.horizon_days = static_cast<int>(gap + in.days);
  fo.special_days = special->days;
  auto f = wfm::forecast(*h, fo);
  if (!f) return std::unexpected(Error{f.error().code, f.error().message, "method"});
  // Adjustments over the shown days, as interval ranges of the whole horizon.
  const std::vector<int64_t> mid = midnights(cal, history_end, fo.horizon_days);
  auto adj = wfm::WfmRepository(db).adjustments(name, mid[static_cast<size_t>(gap)], mid.back());
  if (!adj) return std::unexpected(adj.error());
  std::vector<wfm::Adjustment> list;
  const int64_t total = static_cast<int64_t>(f->contacts.values.size());
  for (const wfm::StoredAdjustment& a : *adj) {
    wfm::Adjustment x;
    int64_t b = slot_of(mid, a.start_ms), e = slot_of(mid, a.end_ms - 1);
    x.begin = b < 0 ? 0 : b;
    x.end = e < 0 ? total : e + 1;
    if (x.begin >= x.end) continue;
    x.kind = a.percent ? wfm::Adjustment::Kind::kRelative : wfm::Adjustment::Kind::kAbsolute;
    x.amount = a.percent ? a.amount / 100.0 : a.amount;
    x.note = a.note;
    list.push_back(std::move(x));
  }
  auto adjusted = wfm::apply_adjustments(*f, list);
  if (!adjusted) return std::unexpected(adjusted.error());
  const size_t from = static_cast<size_t>(gap * kPerDay), n = static_cast<size_t>(in.days * kPerDay);
  v.base_contacts = slice(adjusted->base_contacts, from, n);
  v.contacts = slice(adjusted->contacts, from, n);
  v.aht_s = slice(adjusted->aht_s, from, n);
  v.history_contacts = std::move(h->contacts.values);
  v.history_aht_s = std::move(h->aht_s);
  v.adjustments = std::move(*adj);
  return v;
}

// One queue's forecast -> the staffing input (AHT of empty intervals: the
// forecast's mean, else 180 s).
wfm::QueueForecast staffing_input(const ForecastView& f, const RequirementRequest& goal) {
  wfm::QueueForecast q;
  q.interval_s = kIntervalMin * 60.0;
  q.calls = f.contacts;
  double w = 0, sum = 0;
  for (size_t i = 0; i < f.contacts.size(); ++i) {
    w += f.contacts[i];
    sum += f.contacts[i] * f.aht_s[i];
  }
  const double mean = w > 0 && sum > 0 ? sum / w : 180.0;
  q.aht_s = f.aht_s;
  for (double& a : q.aht_s)
    if (!(a > 0)) a = mean;
  q.target_s = goal.target_s;
  q.patience_s = goal.patience_s;
  q.goal.target = goal.target;
  q.goal.target_asa_s = goal.target_asa_s;
  q.goal.target_abandon = goal.target_abandon;
  q.goal.target_sl = goal.target_sl;
  q.goal.max_occupancy = goal.max_occupancy;
  q.goal.shrinkage = goal.shrinkage;
  return q;
}

Result<void> check_goal(const RequirementRequest& r) {
  if (!(r.target_sl > 0 && r.target_sl < 1)) return bad("must be in (0, 1)", "target_sl");
  if (!(r.target_s >= 0 && r.target_s <= 3600)) return bad("must be 0..3600 s", "target_s");
  if (!(r.max_occupancy > 0 && r.max_occupancy <= 1)) return bad("must be in (0, 1]", "max_occupancy");
  if (!(r.shrinkage >= 0 && r.shrinkage < 1)) return bad("must be in [0, 1)", "shrinkage");
  if (!(r.patience_s >= 0 && r.patience_s <= 3600)) return bad("must be 0..3600 s", "patience_s");
  if (!(r.target_asa_s > 0 && r.target_asa_s <= 3600)) return bad("must be in (0, 3600] s", "target_asa_s");
  if (!(r.target_abandon > 0 && r.target_abandon < 1)) return bad("must be in (0, 1)", "target_abandon");
  if (r.target == wfm::StaffingTarget::kAbandonRate && r.patience_s <= 0)
    return bad("an abandonment goal needs the customers' patience (Erlang A)", "patience_s");
  return {};
}


// Requirement + agents of every queue, read from the engine's configuration.
struct CenterShape {
  struct Queue {
    core::QueueId id;
    std::string name;
    std::vector<core::SkillRequirement> skills;
  };
  struct AgentRow {
    std::string name;
    std::vector<int> queues;  // indices into `queues` it may cover
  };
  std::vector<Queue> queues;
  std::vector<AgentRow> agents;
};

CenterShape shape_of(const core::Engine& e) {
  CenterShape s;
  for (core::QueueId q = 0; q < e.queue_count(); ++q)
    if (const core::QueueConfig* c = e.queue_config(q)) s.queues.push_back({q, c->name, c->skills});
  for (core::AgentId a = 0; a < e.agent_count(); ++a) {
    const core::AgentConfig* c = e.agent_config(a);
    if (!c) continue;
    CenterShape::AgentRow row{c->name, {}};
    for (size_t qi = 0; qi < s.queues.size(); ++qi) {
      bool ok = true;
      for (const core::SkillRequirement& r : s.queues[qi].skills) {
        auto it = std::find_if(c->skills.begin(), c->skills.end(),
                               [&](const core::AgentSkill& k) { return k.skill == r.skill; });
        if (it == c->skills.end() || it->proficiency < r.min_proficiency) ok = false;
      }
      if (ok) row.queues.push_back(static_cast<int>(qi));
    }
    if (!row.queues.empty()) s.agents.push_back(std::move(row));
  }
  return s;
}

}  // namespace

namespace wfm_detail {

// Where the interval `t_ms` falls in a series of `days` days starting at
// `midnights[0]` (one local midnight per day, plus the end); -1 if outside.
int64_t slot_of(const std::vector<int64_t>& midnights, int64_t t_ms) {
  auto it = std::upper_bound(midnights.begin(), midnights.end(), t_ms);
  if (it == midnights.begin() || it == midnights.end()) return -1;
  int64_t day = (it - midnights.begin()) - 1;
  int64_t i = (t_ms - midnights[static_cast<size_t>(day)]) / kIntervalMs;
  return i < kPerDay ? day * kPerDay + i : -1;
}

// The local midnights of `days` days from `first`, and the one after.
std::vector<int64_t> midnights(const metrics::Calendar& cal, Date first, int64_t days) {
  std::vector<int64_t> out;
  for (int64_t d = 0; d <= days; ++d) {
    Date x = add_days(first, d);
    out.push_back(cal.from_local(static_cast<int>(x.year()), static_cast<unsigned>(x.month()),
                                 static_cast<unsigned>(x.day())));
  }
  return out;
}

ScheduleView view_of(wfm::StoredSchedule meta, wfm::SchedulePlan plan) {
  ScheduleView v;
  meta.body.clear();
  v.meta = std::move(meta);
  v.report = wfm::evaluate(plan.schedule, plan.problem);
  v.violations = wfm::check(plan.schedule, plan.problem);
  v.plan = std::move(plan);
  return v;
}

Result<ScheduleView> load_view(storage::SqlDriver& db, int64_t id) {
  auto s = wfm::WfmRepository(db).schedule(id);
  if (!s) return std::unexpected(s.error());
  if (!*s) return make_error(ErrorCode::kNotFound, "no such schedule", "id");
  auto plan = wfm::decode_plan((*s)->body);
  if (!plan) return std::unexpected(Error{ErrorCode::kInternal, plan.error().message, ""});
  return view_of(std::move(**s), std::move(*plan));
}

Result<Date> today_of(const metrics::Calendar& cal, int64_t now_ms) {
  return parse_date(cal.format_date(now_ms), "now");
}

}  // namespace wfm_detail

bool adheres(Activity a, core::AgentState s) {
  using S = core::AgentState;
  switch (a) {
    case Activity::kWorking:
      return s == S::kAvailable || s == S::kReserved || s == S::kBusy || s == S::kWrapUp;
    case Activity::kBreak:
      return s == S::kNotReady || s == S::kLoggedOut;
    case Activity::kOff:
      return s == S::kLoggedOut;
  }
  return false;
}

Activity activity_at(const wfm::SchedulePlan& plan, int agent, int day, int minute) {
  for (const wfm::Shift& s : plan.schedule.shifts) {
    if (s.agent != agent) continue;
    // A shift of the day before may run past midnight.
    int m = s.day == day ? minute : s.day == day - 1 ? minute + wfm::kMinutesPerDay : -1;
    if (m < s.start_min || m >= s.start_min + s.length_min) continue;
    for (const wfm::PlacedBreak& b : s.breaks)
      if (m >= s.start_min + b.offset_min && m < s.start_min + b.offset_min + b.length_min) return Activity::kBreak;
    return Activity::kWorking;
  }
  return Activity::kOff;
}

// ---- forecasts and requirements ---------------------------------------------------

void WfmService::forecast(const Caller& c, ForecastRequest in, Reply<ForecastView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (in.start.empty()) in.start = calendar_.format_date(rt_.clock.now_ms());
  auto start = parse_date(in.start, "start");
  if (!start) return reply(std::unexpected(start.error()));
  if (in.days < 1 || in.days > kMaxDays) return reply(bad("must be 1..28", "days"));
  const std::string name = queue_name(rt_, in.queue);
  on_store<ForecastView>(
      rt_,
      [this, in, name, start = *start](storage::SqlDriver& db) -> Result<ForecastView> {
        auto today = today_of(calendar_, rt_.clock.now_ms());
        if (!today) return std::unexpected(today.error());
        return compute_forecast(db, calendar_, opts_, name, in, start, *today);
      },
      std::move(reply));
}

void WfmService::add_adjustment(const Caller& c, NewAdjustment in, Reply<wfm::StoredAdjustment> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  auto at = [this](const std::string& text, const char* field) -> Result<int64_t> {
    if (text.size() != 16 || text[10] != 'T') return bad("expected YYYY-MM-DDTHH:MM", field);
    auto t = calendar_.parse(text, field);
    if (!t) return t;
    if (((text[14] - '0') * 10 + (text[15] - '0')) % kIntervalMin != 0)
      return bad("must be on a 15-minute boundary", field);
    return t;
  };
  auto from = at(in.start, "start");
  if (!from) return reply(std::unexpected(from.error()));
  auto to = at(in.end, "end");
  if (!to) return reply(std::unexpected(to.error()));
  if (*to <= *from) return reply(bad("must be after start", "end"));
  if (!std::isfinite(in.amount) || (in.percent && in.amount < -100) || std::abs(in.amount) > 1e6)
    return reply(bad(in.percent ? "a percent >= -100" : "a finite number of contacts", "amount"));
  if (in.note.size() > 500) return reply(bad("at most 500 bytes", "note"));
  wfm::StoredAdjustment a{0, queue_name(rt_, in.queue), *from, *to, in.percent, in.amount, in.note, c.name,
                          rt_.clock.now_ms()};
  on_store<wfm::StoredAdjustment>(
      rt_,
      [this, a, c](storage::SqlDriver& db) mutable -> Result<wfm::StoredAdjustment> {
        auto id = wfm::WfmRepository(db).add_adjustment(a);
        if (!id) return std::unexpected(id.error());
        a.id = *id;
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, a.created_ms, c.name, "wfm.adjust", "queue:" + a.queue,
                                    std::to_string(a.amount) + (a.percent ? " %" : " contacts"), 0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        return a;
      },
      std::move(reply));
}

void WfmService::delete_adjustment(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<void>(
      rt_, [id](storage::SqlDriver& db) { return wfm::WfmRepository(db).delete_adjustment(id); }, std::move(reply));
}

void WfmService::requirement(const Caller& c, RequirementRequest in, Reply<RequirementView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  auto start = parse_date(in.start, "start");
  if (!start) return reply(std::unexpected(start.error()));
  if (in.days < 1 || in.days > kMaxDays) return reply(bad("must be 1..28", "days"));
  if (auto ok = check_goal(in); !ok) return reply(std::unexpected(ok.error()));
  const std::string name = queue_name(rt_, in.queue);
  on_store<RequirementView>(
      rt_,
      [this, in, name, start = *start](storage::SqlDriver& db) -> Result<RequirementView> {
        auto today = today_of(calendar_, rt_.clock.now_ms());
        if (!today) return std::unexpected(today.error());
        auto f = compute_forecast(db, calendar_, opts_, name, ForecastRequest{in.queue, in.start, in.days, {}}, start,
                                  *today);
        if (!f) return std::unexpected(f.error());
        const wfm::QueueForecast q = staffing_input(*f, in);
        auto staffed = wfm::staff_queues(std::span<const wfm::QueueForecast>(&q, 1));
        if (!staffed) return std::unexpected(staffed.error());
        return RequirementView{name, f->start, in.days, kIntervalMin, std::move(staffed->front())};
      },
      std::move(reply));
}

// ---- schedules --------------------------------------------------------------------


void WfmService::generate(const Caller& c, GenerateRequest in, Reply<ScheduleView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  auto start = parse_date(in.start, "start");
  if (!start) return reply(std::unexpected(start.error()));
  if (in.weeks < 1 || in.weeks > 4) return reply(bad("must be 1..4", "weeks"));
  on_engine<CenterShape>(
      rt_, [](server::TaskContext& ctx) -> Result<CenterShape> { return shape_of(ctx.engine); },
      [this, c, in, start = *start, reply = std::move(reply)](Result<CenterShape> shape) mutable {
        if (!shape) return reply(std::unexpected(shape.error()));
        rt_.store.post_bulk([this, c, in, start, shape = std::move(*shape),
                             reply = std::move(reply)](storage::SqlDriver& db) {
          auto run = [&]() -> Result<ScheduleView> {
            auto today = today_of(calendar_, rt_.clock.now_ms());
            if (!today) return std::unexpected(today.error());
            const int days = 7 * in.weeks;
            wfm::SchedulePlan plan;
            wfm::ScheduleProblem& p = plan.problem;
            p.days = days;
            p.interval_min = kIntervalMin;
            p.first_weekday = weekday_monday0(start);
            // The planner's rules (or the defaults) and each agent's own.
            wfm::WfmRepository repo(db);
            auto shift_rules = repo.shift_rules();
            if (!shift_rules) return std::unexpected(shift_rules.error());
            const wfm::ShiftRules rules = shift_rules->value_or(wfm::default_shift_rules());
            auto own = repo.agent_rules();
            if (!own) return std::unexpected(own.error());
            p.templates = rules.templates;
            p.rules = rules.work;
            RequirementRequest goal{core::kNoId, format_date(start), days, opts_.target_sl, opts_.target_s,
                                    opts_.max_occupancy, opts_.shrinkage};
            for (const CenterShape::Queue& q : shape.queues) {
              auto f = compute_forecast(db, calendar_, opts_, q.name,
                                        ForecastRequest{q.id, goal.start, days, ForecastMethod::kAuto}, start, *today);
              if (!f) return std::unexpected(f.error());
              const wfm::QueueForecast qf = staffing_input(*f, goal);
              auto staffed = wfm::staff_queues(std::span<const wfm::QueueForecast>(&qf, 1));
              if (!staffed) return std::unexpected(staffed.error());
              std::vector<double> need;
              for (const wfm::IntervalRequirement& r : staffed->front())
                need.push_back(static_cast<double>(r.scheduled_agents));
              p.skill_groups.push_back(q.name);
              p.required.push_back(std::move(need));
            }
            // Approved leave in the horizon: no shift on those days.
            auto leave = wfm::WfmRepository(db).leave_between(format_date(start), format_date(add_days(start, days - 1)));
            if (!leave) return std::unexpected(leave.error());
            for (const CenterShape::AgentRow& a : shape.agents) {
              wfm::Agent ag;
              ag.id = a.name;
              ag.skills = a.queues;
              ag.contract = rules.contract;
              auto mine = std::find_if(own->begin(), own->end(), [&](const wfm::AgentRules& r) { return r.agent == a.name; });
              if (mine != own->end()) apply_agent_rules(*mine, p, ag);
              for (const wfm::LeaveRequest& l : *leave) {
                if (l.agent != a.name || l.status != "approved") continue;
                auto lf = parse_date(l.first, "first");
                auto ll = parse_date(l.last, "last");
                if (!lf || !ll) continue;
                const int from_day = static_cast<int>(std::max<int64_t>(0, days_between(start, *lf)));
                const int to_day = static_cast<int>(std::min<int64_t>(days - 1, days_between(start, *ll)));
                if (from_day <= to_day) ag.leave.push_back(wfm::LeaveRange{from_day, to_day});
              }
              p.agents.push_back(std::move(ag));
            }
            wfm::GenerateOptions go;
            go.method = in.greedy ? wfm::ScheduleMethod::kGreedy : wfm::ScheduleMethod::kLocalSearch;
            go.max_iterations = opts_.generate_iterations;
            auto g = wfm::generate(p, go);
            if (!g) return std::unexpected(g.error());
            plan.schedule = std::move(g->schedule);
            if (!in.greedy) {
              plan.has_greedy = true;
              plan.greedy_under = g->greedy.under;
              plan.greedy_over = g->greedy.over;
              plan.greedy_objective = g->greedy.objective;
            }
            wfm::StoredSchedule meta;
            meta.start = format_date(start);
            meta.days = days;
            meta.created_ms = rt_.clock.now_ms();
            meta.created_by = c.name;
            meta.body = wfm::encode_plan(plan);
            auto id = wfm::WfmRepository(db).add_schedule(meta);
            if (!id) return std::unexpected(id.error());
            storage::Transaction tx;
            audit::AuditLog::stage(tx, {0, meta.created_ms, c.name, "wfm.generate", "schedule:" + std::to_string(*id),
                                        meta.start, 0});
            if (auto r = tx.run(db); !r) return std::unexpected(r.error());
            return load_view(db, *id);
          };
          reply(run());
        });
      });
}

void WfmService::schedules(const Caller& c, Reply<std::vector<wfm::StoredSchedule>> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<wfm::StoredSchedule>>(
      rt_, [](storage::SqlDriver& db) { return wfm::WfmRepository(db).schedules(); }, std::move(reply));
}

void WfmService::schedule(const Caller& c, int64_t id, Reply<ScheduleView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<ScheduleView>(rt_, [id](storage::SqlDriver& db) { return load_view(db, id); }, std::move(reply));
}

void WfmService::edit_shift(const Caller& c, ShiftEdit in, Reply<ScheduleView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (in.start_min < 0 || in.start_min >= wfm::kMinutesPerDay || in.start_min % kIntervalMin != 0)
    return reply(bad("must be 0..1425, a multiple of 15", "start_min"));
  if (in.length_min < kIntervalMin || in.length_min > 16 * 60 || in.length_min % kIntervalMin != 0)
    return reply(bad("must be 15..960, a multiple of 15", "length_min"));
  on_store<ScheduleView>(
      rt_,
      [this, c, in](storage::SqlDriver& db) -> Result<ScheduleView> {
        auto v = load_view(db, in.schedule);
        if (!v) return v;
        if (v->meta.published) return make_error(ErrorCode::kIllegalState, "a published schedule is read-only", "id");
        auto& shifts = v->plan.schedule.shifts;
        if (in.shift < 0 || static_cast<size_t>(in.shift) >= shifts.size())
          return make_error(ErrorCode::kNotFound, "no such shift", "shift");
        if (in.day && (*in.day < 0 || *in.day >= v->plan.problem.days))
          return bad("must be 0.." + std::to_string(v->plan.problem.days - 1), "day");
        wfm::Shift& s = shifts[static_cast<size_t>(in.shift)];
        if (in.day) s.day = *in.day;
        s.start_min = in.start_min;
        s.length_min = in.length_min;  // breaks keep their offsets: the check says if they no longer fit
        if (auto r = wfm::WfmRepository(db).save_draft(in.schedule, wfm::encode_plan(v->plan)); !r)
          return std::unexpected(r.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.edit_shift",
                                    "schedule:" + std::to_string(in.schedule),
                                    "shift " + std::to_string(in.shift), 0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        return view_of(std::move(v->meta), std::move(v->plan));
      },
      std::move(reply));
}

void WfmService::publish(const Caller& c, int64_t id, Reply<PublishOutcome> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<PublishOutcome>(
      rt_,
      [this, c, id](storage::SqlDriver& db) -> Result<PublishOutcome> {
        auto v = load_view(db, id);
        if (!v) return std::unexpected(v.error());
        if (!v->violations.empty()) return PublishOutcome{std::move(*v), false};
        const int64_t now = rt_.clock.now_ms();
        if (auto r = wfm::WfmRepository(db).publish(id, now); !r) return std::unexpected(r.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, now, c.name, "wfm.publish", "schedule:" + std::to_string(id),
                                    "version " + std::to_string(v->meta.version), 0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        v->meta.published = true;
        v->meta.published_ms = now;
        return PublishOutcome{std::move(*v), true};
      },
      std::move(reply));
}

void WfmService::check(const Caller& c, int64_t id, int replications, Reply<ScheduleCheck> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (replications < 1 || replications > 50) return reply(bad("must be 1..50", "replications"));
  rt_.store.post_bulk([this, id, replications, reply = std::move(reply)](storage::SqlDriver& db) {
    auto run = [&]() -> Result<ScheduleCheck> {
      auto v = load_view(db, id);
      if (!v) return std::unexpected(v.error());
      auto start = parse_date(v->meta.start, "start");
      auto today = today_of(calendar_, rt_.clock.now_ms());
      if (!start || !today) return make_error(ErrorCode::kInternal, "bad stored date", "start");
      const wfm::ScheduleProblem& p = v->plan.problem;
      ScheduleCheck out;
      out.start = v->meta.start;
      out.days = p.days;
      out.interval_min = p.interval_min;
      out.replications = replications;
      out.queues = p.skill_groups;
      wfm::CoverageInput in;
      in.interval_ms = int64_t{p.interval_min} * 60'000;
      in.replications = replications;
      const RequirementRequest goal{core::kNoId, v->meta.start, p.days, opts_.target_sl, opts_.target_s,
                                    opts_.max_occupancy, opts_.shrinkage};
      for (const std::string& name : p.skill_groups) {
        auto q = rt_.catalog.names()->id(Kind::kQueue, name);
        if (!q) return make_error(ErrorCode::kIllegalState, "queue " + name + " no longer exists", "id");
        auto f = compute_forecast(db, calendar_, opts_, name, ForecastRequest{*q, v->meta.start, p.days, {}}, *start,
                                  *today);
        if (!f) return std::unexpected(f.error());
        const wfm::QueueForecast qf = staffing_input(*f, goal);
        in.queues.push_back(wfm::CoverageQueue{name, qf.calls, qf.aht_s, 0, opts_.target_s, opts_.target_sl});
      }
      // Each agent's on-duty periods: its shifts less their breaks.
      in.agents.resize(p.agents.size());
      for (size_t a = 0; a < p.agents.size(); ++a)
        for (int g : p.agents[a].skills) in.agents[a].queues.push_back(static_cast<uint32_t>(g));
      for (const wfm::Shift& s : v->plan.schedule.shifts) {
        if (s.agent < 0 || static_cast<size_t>(s.agent) >= p.agents.size()) continue;
        std::vector<wfm::PlacedBreak> breaks = s.breaks;
        std::sort(breaks.begin(), breaks.end(),
                  [](const wfm::PlacedBreak& x, const wfm::PlacedBreak& y) { return x.offset_min < y.offset_min; });
        const int64_t base = int64_t{s.day} * 86'400'000 + int64_t{s.start_min} * 60'000;
        int64_t from = base;
        auto& duty = in.agents[static_cast<size_t>(s.agent)].on_duty_ms;
        for (const wfm::PlacedBreak& b : breaks) {
          const int64_t at = base + int64_t{b.offset_min} * 60'000;
          if (at > from) duty.emplace_back(from, at);
          from = std::max(from, at + int64_t{b.length_min} * 60'000);
        }
        const int64_t end = base + int64_t{s.length_min} * 60'000;
        if (end > from) duty.emplace_back(from, end);
      }
      for (wfm::CoverageAgent& a : in.agents) {  // sorted, overlaps (a draft's violations) merged
        std::sort(a.on_duty_ms.begin(), a.on_duty_ms.end());
        std::vector<std::pair<int64_t, int64_t>> merged;
        for (const auto& d : a.on_duty_ms)
          if (!merged.empty() && d.first <= merged.back().second) merged.back().second = std::max(merged.back().second, d.second);
          else merged.push_back(d);
        a.on_duty_ms = std::move(merged);
      }
      auto r = wfm::check_coverage(in);
      if (!r) return std::unexpected(r.error());
      out.cells = std::move(r->cells);
      out.contacts = r->contacts;
      return out;
    };
    reply(run());
  });
}

}  // namespace switchyard::app
