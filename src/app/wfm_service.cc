#include "app/wfm_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "audit/audit_log.h"
#include "reports/rollups.h"
#include "wfm/schedule_generator.h"

namespace switchyard::app {

namespace {

using wfm::Date;
namespace chr = std::chrono;

constexpr int kIntervalMin = 15;  // the rollups' finest grain
constexpr int kPerDay = 24 * 60 / kIntervalMin;
constexpr int64_t kIntervalMs = kIntervalMin * 60'000;
constexpr int kMaxDays = 28;

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
int weekday_monday0(Date d) { return static_cast<int>(chr::weekday(chr::sys_days(d)).iso_encoding()) - 1; }

std::string queue_name(const Runtime& rt, core::QueueId q) {
  const std::string* n = rt.catalog.names()->name(Kind::kQueue, q);
  return n ? *n : std::to_string(q);
}

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
  const wfm::Method methods[] = {wfm::Method::kSeasonalNaive, wfm::Method::kHoltWinters};
  if (auto bt = wfm::backtest(h->contacts, opts.backtest_weeks, {}, methods)) {
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

// The default shift rules of generated schedules (docs/wfm.md, "Server").
void default_rules(wfm::ScheduleProblem& p) {
  wfm::ShiftTemplate day;
  day.id = "day";
  day.earliest_start_min = 6 * 60;
  day.latest_start_min = 16 * 60;
  day.start_step_min = 30;
  day.lengths_min = {4 * 60, 6 * 60, 8 * 60};
  // Windows (offsets from the shift's start, min) in order, not overlapping.
  day.breaks = {wfm::BreakRule{"break", 4 * 60, 60, 135, 15, 15, true},
                wfm::BreakRule{"lunch", 6 * 60, 150, 270, 30, 30, false},
                wfm::BreakRule{"break", 8 * 60, 300, 405, 15, 15, true}};
  p.templates = {day};
  p.rules = wfm::WorkRules{11 * 60, 2, 5};
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

}  // namespace

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
            default_rules(p);
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
              ag.contract = wfm::Contract{20 * 60, 40 * 60, 8 * 60};
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

// ---- agents' side -------------------------------------------------------------------

void WfmService::my_schedule(const Caller& c, Reply<ScheduleView> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId) return reply(make_error(ErrorCode::kNotFound, "this user works as no agent", "agent"));
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
        auto it = std::find_if(agents.begin(), agents.end(), [&](const wfm::Agent& a) { return a.id == name; });
        const int index = it == agents.end() ? -1 : static_cast<int>(it - agents.begin());
        std::erase_if(v->plan.schedule.shifts, [&](const wfm::Shift& sh) { return sh.agent != index; });
        std::erase_if(v->violations, [&](const wfm::Violation& x) { return x.agent != index; });
        return v;
      },
      std::move(reply));
}

void WfmService::adherence(const Caller& c, Reply<std::vector<AdherenceRow>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
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
                  while (began > 0 && activity_at(shared->plan, index, day, began - 1) == r.scheduled) --began;
                }
                if (!adheres(r.scheduled, r.state)) {
                  // Out since the later of the state change and the activity's start.
                  const int64_t since = std::max(v->state_since_ms, midnight + int64_t{began} * 60'000);
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


void WfmService::adherence_report(const Caller& c, std::string from, std::string to,
                                  Reply<std::vector<AdherenceDay>> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  auto first = parse_date(from, "from");
  if (!first) return reply(std::unexpected(first.error()));
  auto last = parse_date(to, "to");
  if (!last) return reply(std::unexpected(last.error()));
  const int64_t days = days_between(*first, *last) + 1;
  if (days < 1 || days > 62) return reply(bad("must be from..from + 61 days", "to"));
  // The agents in the caller's scope, read on the engine thread.
  struct AgentRef {
    core::AgentId id;
    core::TeamId team;
    std::string name;
  };
  // Shared between the engine read and the store job (no copy of the list).
  using Agents = std::shared_ptr<const std::vector<AgentRef>>;
  on_engine<Agents>(
      rt_,
      [c](server::TaskContext& ctx) -> Result<Agents> {
        auto out = std::make_shared<std::vector<AgentRef>>();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a);
              cfg && agent_in_scope(ctx.engine, c, auth::Permission::kReadSchedules, a))
            out->push_back({a, cfg->team, cfg->name});
        return Agents(std::move(out));
      },
      [this, first = *first, days, reply = std::move(reply)](Result<Agents> result) mutable {
        if (!result) return reply(std::unexpected(result.error()));
        Agents shared = *result;
        const std::vector<AgentRef>* agents = shared.get();
        on_store<std::vector<AdherenceDay>>(
            rt_,
            [this, first, days, shared, &agents = *agents](storage::SqlDriver& db) -> Result<std::vector<AdherenceDay>> {
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
                  time[{r.id, i}] = {r.counters.busy_ms + r.counters.idle_ms, r.counters.not_ready_ms};
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
                    const double on = it == time.end() ? 0 : static_cast<double>(it->second.first) / 60'000.0;
                    const double nr = it == time.end() ? 0 : static_cast<double>(it->second.second) / 60'000.0;
                    const double out_ = std::max(0.0, kIntervalMin - on - nr);  // logged out
                    on_sum += on;
                    // Minute by minute of the interval: what was scheduled. The
                    // rollups give time per state per interval, not when in it:
                    // each minute is credited with the interval's shares.
                    double in = 0, off_logged_in = 0;
                    for (int m = slot * kIntervalMin; m < (slot + 1) * kIntervalMin; ++m) {
                      const Activity act = index >= 0 ? activity_at(plan->plan, index, plan_day, m) : Activity::kOff;
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

// The agent a leave call is about (the caller's own when none is named), on
// the engine thread: its name when the caller may act for it; `manage`
// (deciding, setting allowances) needs more than one's own scope.
void leave_agent(Runtime& rt, const Caller& c, std::optional<core::AgentId> agent, bool manage,
                 Reply<std::string> then) {
  on_engine<std::string>(
      rt,
      [c, agent, manage](server::TaskContext& ctx) -> Result<std::string> {
        const core::AgentId id = agent.value_or(c.agent);
        if (id == core::kNoId) return make_error(ErrorCode::kNotFound, "this user works as no agent", "agent");
        const core::AgentConfig* cfg = ctx.engine.agent_config(id);
        if (!cfg) return make_error(ErrorCode::kNotFound, "unknown agent", "agent");
        if (!agent_in_scope(ctx.engine, c, auth::Permission::kReadSchedules, id) ||
            (manage && c.scope(auth::Permission::kReadSchedules) == auth::Scope::kSelf))
          return make_error(ErrorCode::kPermissionDenied, "not in your scope", "agent");
        return cfg->name;
      },
      std::move(then));
}

Result<LeaveBalance> balance_of(storage::SqlDriver& db, const std::string& agent, int year, int default_days) {
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
    if (l.status == "approved") b.taken += l.days;
    else if (l.status == "pending") b.pending += l.days;
  }
  return b;
}

// Under-staffed agent-intervals of `day`, all groups.
double under_on(const wfm::ScheduleProblem& p, const wfm::CoverageReport& r, int day) {
  const int per_day = p.intervals_per_day();
  double under = 0;
  for (size_t g = 0; g < p.required.size() && g < r.coverage.size(); ++g)
    for (int i = day * per_day; i < (day + 1) * per_day && i < static_cast<int>(p.required[g].size()); ++i)
      under += std::max(0.0, p.required[g][static_cast<size_t>(i)] - r.coverage[g][static_cast<size_t>(i)]);
  return under;
}

}  // namespace

void WfmService::request_leave(const Caller& c, LeaveInput in, Reply<wfm::LeaveRequest> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
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
              [this, c, in, days, reply = std::move(reply)](Result<std::string> agent) mutable {
                if (!agent) return reply(std::unexpected(agent.error()));
                on_store<wfm::LeaveRequest>(
                    rt_,
                    [this, c, in, days, name = *agent](storage::SqlDriver& db) -> Result<wfm::LeaveRequest> {
                      wfm::WfmRepository repo(db);
                      auto overlapping = repo.leave_between(in.first, in.last);
                      if (!overlapping) return std::unexpected(overlapping.error());
                      for (const wfm::LeaveRequest& l : *overlapping)
                        if (l.agent == name && (l.status == "pending" || l.status == "approved"))
                          return make_error(ErrorCode::kIllegalState,
                                            "overlaps request " + std::to_string(l.id) + " (" + l.first + ".." +
                                                l.last + ", " + l.status + ")",
                                            "first");
                      if (in.kind == "annual") {
                        auto b = balance_of(db, name, std::stoi(in.first.substr(0, 4)), opts_.leave_days_per_year);
                        if (!b) return std::unexpected(b.error());
                        if (days > b->left())
                          return make_error(ErrorCode::kIllegalState,
                                            "exceeds the balance: " + std::to_string(b->left()) + " day(s) left of " +
                                                std::to_string(b->allowance),
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
                                                  "leave:" + std::to_string(l.id), name + " " + l.first + ".." + l.last,
                                                  0});
                      if (auto r = tx.run(db); !r) return std::unexpected(r.error());
                      return l;
                    },
                    std::move(reply));
              });
}

void WfmService::decide_leave(const Caller& c, int64_t id, std::string decision, std::string reason,
                              Reply<wfm::LeaveRequest> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
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
      [this, c, id, decision, reason, reply = std::move(reply)](Result<wfm::LeaveRequest> found) mutable {
        if (!found) return reply(std::unexpected(found.error()));
        auto agent_id = rt_.catalog.names()->id(Kind::kAgent, found->agent);
        if (!agent_id) return reply(make_error(ErrorCode::kNotFound, "the request's agent no longer exists", "id"));
        const bool own = *agent_id == c.agent;
        leave_agent(rt_, c, *agent_id, decision != "cancel" || !own,
                    [this, c, id, decision, reason, l = *found, reply = std::move(reply)](Result<std::string> ok) mutable {
                      if (!ok) return reply(std::unexpected(ok.error()));
                      on_store<wfm::LeaveRequest>(
                          rt_,
                          [this, c, id, decision, reason, l](storage::SqlDriver& db) mutable -> Result<wfm::LeaveRequest> {
                            const int64_t now = rt_.clock.now_ms();
                            const std::string today = calendar_.format_date(now);
                            std::string from = "pending", to;
                            if (decision == "approve") to = "approved";
                            else if (decision == "decline") to = "declined";
                            else {
                              to = "cancelled";
                              if (l.status == "approved" && l.first > today) from = "approved";
                            }
                            if (l.status != from)
                              return make_error(ErrorCode::kIllegalState,
                                                "the request is " + l.status + ": it cannot be " + to, "id");
                            auto changed = wfm::WfmRepository(db).decide_leave(id, from, to, c.name, now, reason);
                            if (!changed) return std::unexpected(changed.error());
                            if (!*changed) return make_error(ErrorCode::kConflict, "decided meanwhile; read it again", "id");
                            storage::Transaction tx;
                            audit::AuditLog::stage(tx, {0, now, c.name, "wfm.leave_" + decision,
                                                        "leave:" + std::to_string(id), reason, 0});
                            if (auto r = tx.run(db); !r) return std::unexpected(r.error());
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
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (auto f = parse_date(from, "from"); !f) return reply(std::unexpected(f.error()));
  if (auto t = parse_date(to, "to"); !t) return reply(std::unexpected(t.error()));
  using Names = std::shared_ptr<const std::set<std::string>>;
  on_engine<Names>(
      rt_,
      [c](server::TaskContext& ctx) -> Result<Names> {
        auto in_scope = std::make_shared<std::set<std::string>>();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a);
              cfg && agent_in_scope(ctx.engine, c, auth::Permission::kReadSchedules, a))
            in_scope->insert(cfg->name);
        return Names(std::move(in_scope));
      },
      [this, from, to, reply = std::move(reply)](Result<Names> names) mutable {
        if (!names) return reply(std::unexpected(names.error()));
        on_store<std::vector<wfm::LeaveRequest>>(
            rt_,
            [from, to, names = *names](storage::SqlDriver& db) -> Result<std::vector<wfm::LeaveRequest>> {
              auto all = wfm::WfmRepository(db).leave_between(from, to);
              if (!all) return all;
              std::erase_if(*all, [&](const wfm::LeaveRequest& l) { return !names->contains(l.agent); });
              return all;
            },
            std::move(reply));
      });
}

void WfmService::leave_balance(const Caller& c, core::AgentId agent, int year, Reply<LeaveBalance> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
  if (year < 2000 || year > 2100) return reply(bad("must be 2000..2100", "year"));
  leave_agent(rt_, c, agent, false, [this, year, reply = std::move(reply)](Result<std::string> name) mutable {
    if (!name) return reply(std::unexpected(name.error()));
    on_store<LeaveBalance>(
        rt_, [this, year, n = *name](storage::SqlDriver& db) { return balance_of(db, n, year, opts_.leave_days_per_year); },
        std::move(reply));
  });
}

void WfmService::set_allowance(const Caller& c, core::AgentId agent, int year, int days, Reply<LeaveBalance> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (year < 2000 || year > 2100) return reply(bad("must be 2000..2100", "year"));
  if (days < 0 || days > 366) return reply(bad("must be 0..366", "days"));
  leave_agent(rt_, c, agent, true, [this, c, year, days, reply = std::move(reply)](Result<std::string> name) mutable {
    if (!name) return reply(std::unexpected(name.error()));
    on_store<LeaveBalance>(
        rt_,
        [this, c, year, days, n = *name](storage::SqlDriver& db) -> Result<LeaveBalance> {
          if (auto r = wfm::WfmRepository(db).set_allowance(n, year, days); !r) return std::unexpected(r.error());
          storage::Transaction tx;
          audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.leave_allowance", "agent:" + n,
                                      std::to_string(year) + ": " + std::to_string(days) + " days", 0});
          if (auto r = tx.run(db); !r) return std::unexpected(r.error());
          return balance_of(db, n, year, opts_.leave_days_per_year);
        },
        std::move(reply));
  });
}

void WfmService::leave_impact(const Caller& c, int64_t id, Reply<LeaveImpact> reply) {
  if (auto ok = require(c, auth::Permission::kReadSchedules); !ok) return reply(std::unexpected(ok.error()));
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
              auto it = std::find_if(agents.begin(), agents.end(), [&](const wfm::Agent& a) { return a.id == l.agent; });
              const int agent = it == agents.end() ? -1 : static_cast<int>(it - agents.begin());
              day.under_before = under_on(v->plan.problem, v->report, index);
              wfm::Schedule without = v->plan.schedule;
              std::erase_if(without.shifts, [&](const wfm::Shift& sh) {
                if (sh.agent != agent || sh.day != index) return false;
                day.shift_min += sh.length_min;
                return true;
              });
              day.under_after = under_on(v->plan.problem, wfm::evaluate(without, v->plan.problem), index);
            }
          }
          out.days.push_back(std::move(day));
        }
        return out;
      },
      std::move(reply));
}

}  // namespace switchyard::app
