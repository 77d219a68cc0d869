#pragma once
// Workforce planning (docs/wfm.md, "Server"): the cycle forecast ->
// requirement -> schedule -> publish -> adherence over the pure maths of
// src/wfm and module "wfm"'s store.
//  - forecast: contacts and AHT per 15 minutes of a queue from the KPI
//    rollups (imported CSV history where the rollups have no interval), the
//    method proposed by a backtest, planners' adjustments on top;
//  - requirement: agents per interval for a service-level goal (Erlang C);
//  - schedules: a week (or more) generated for every queue at once (skill
//    group = queue; an agent covers the queues whose skills it meets),
//    versioned, edited shift by shift with the rules checked (violations are
//    listed, never fixed silently), published when it breaks no rule;
//  - my schedule and adherence: the published schedule against the agents'
//    live states.
//
// Permissions: kPlanWorkforce (wfm, admin) for planning; kReadSchedules for
// one's own schedule (agents) and adherence (team leads their team).
// Errors name the field: "queue", "start", "days", "method", "id", "shift",
// "start_min", "length_min", "day", "amount", "end".
//
// Threading: every method from any thread; replies on service threads.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "metrics/calendar.h"
#include "wfm/coverage_check.h"
#include "wfm/forecast.h"
#include "wfm/schedule.h"
#include "wfm/staffing.h"
#include "wfm/wfm_store.h"

namespace switchyard::app {

struct WfmOptions {
  int history_weeks = 8;     // history read before a forecast's start
  int backtest_weeks = 2;    // weeks the method is scored on (when history allows)
  double target_sl = 0.8;    // the goal schedules are generated for ...
  double target_s = 20;      // ... X % answered within T s,
  double max_occupancy = 0.85;
  double shrinkage = 0.3;    // share of paid time not on the phones
  int64_t generate_iterations = 2'000'000;  // local-search moves per generation
  int64_t adherence_tolerance_s = 300;      // out of adherence only after this long
  int leave_days_per_year = 25;             // the allowance unless set per agent
};

enum class ForecastMethod { kAuto, kSeasonalNaive, kHoltWinters };

struct ForecastRequest {
  core::QueueId queue = core::kNoId;
  std::string start;  // local date "YYYY-MM-DD"; "" = today
  int days = 7;       // 1..28
  ForecastMethod method = ForecastMethod::kAuto;
};

struct ForecastView {
  std::string queue;
  std::string start;
  int days = 7;
  int interval_min = 15;
  wfm::Method method = wfm::Method::kSeasonalNaive;    // used
  wfm::Method proposed = wfm::Method::kSeasonalNaive;  // lowest backtest WAPE
  std::string history_start;                          // local date of history[0]
  std::vector<double> history_contacts, history_aht_s;
  std::vector<double> contacts, base_contacts, aht_s;  // days * 96 values from start
  std::vector<wfm::MethodScore> backtest;              // empty with too little history
  std::vector<wfm::StoredAdjustment> adjustments;
  std::vector<wfm::StoredSpecialDay> special_days;  // those in the days shown
};

struct NewAdjustment {
  core::QueueId queue = core::kNoId;
  std::string start, end;  // local "YYYY-MM-DDTHH:MM", on 15-minute boundaries, start < end
  bool percent = true;
  double amount = 0;       // percent (>= -100) or contacts per interval
  std::string note;
};

struct RequirementRequest {
  core::QueueId queue = core::kNoId;
  std::string start;
  int days = 7;
  double target_sl = 0.8, target_s = 20, max_occupancy = 0.85, shrinkage = 0.3;
  // The goal's kind (service level, ASA or abandonment) and its bounds;
  // patience_s > 0 staffs by Erlang A (customers abandon), 0 by Erlang C.
  wfm::StaffingTarget target = wfm::StaffingTarget::kServiceLevel;
  double target_asa_s = 20, target_abandon = 0.05, patience_s = 0;
};

struct RequirementView {
  std::string queue, start;
  int days = 7;
  int interval_min = 15;
  std::vector<wfm::IntervalRequirement> intervals;
};

struct ScheduleView {
  wfm::StoredSchedule meta;  // body cleared
  wfm::SchedulePlan plan;
  wfm::CoverageReport report;
  std::vector<wfm::Violation> violations;
};

struct GenerateRequest {
  std::string start;  // local date of day 0
  int weeks = 1;      // 1..4
  bool greedy = false;
};

struct ShiftEdit {
  int64_t schedule = 0;
  int shift = 0;           // index in the schedule's shifts
  std::optional<int> day;  // 0-based; unchanged when absent
  int start_min = 0;       // after local midnight
  int length_min = 0;
};

// The multi-skill check of a schedule (wfm/coverage_check.h): its agents and
// shifts run through the simulator against each queue's forecast.
struct ScheduleCheck {
  std::string start;
  int days = 0;
  int interval_min = 15;
  int replications = 0;
  std::vector<std::string> queues;                     // the schedule's groups
  std::vector<std::vector<wfm::CoverageCell>> cells;   // [queue][interval]
  uint64_t contacts = 0;                                // simulated, all replications
};

struct PublishOutcome {
  ScheduleView view;
  bool published = false;  // false: violations stand in the way (view.violations)
};

enum class Activity { kWorking, kBreak, kOff };

struct AdherenceRow {
  core::AgentId agent = core::kNoId;
  core::TeamId team = core::kNoId;
  core::AgentState state = core::AgentState::kLoggedOut;
  Activity scheduled = Activity::kOff;
  bool in_adherence = true;
  std::optional<int64_t> out_since_ms;  // when the mismatch began (shown once past the tolerance)
};

// One agent's day against the schedule in force that day (minutes).
struct AdherenceDay {
  std::string date;  // local "YYYY-MM-DD"
  core::AgentId agent = core::kNoId;
  core::TeamId team = core::kNoId;
  int64_t scheduled_min = 0;     // scheduled working or on a break
  int64_t working_min = 0;       // ... of it scheduled working
  int64_t in_adherence_min = 0;  // of the scheduled time, doing what the schedule says
  int64_t out_off_min = 0;       // logged in while scheduled off (out of adherence, outside the scheduled time)
  int64_t on_phone_min = 0;      // available, reserved, busy or wrap-up, any time of the day
  double adherence() const { return scheduled_min > 0 ? double(in_adherence_min) / double(scheduled_min) : 0; }
  double conformance() const { return working_min > 0 ? double(on_phone_min) / double(working_min) : 0; }
};

// Leave (docs/wfm.md, "Leave"): whole local days, counted against a yearly
// allowance for kind "annual".
struct LeaveInput {
  std::optional<core::AgentId> agent;  // nullopt: the caller's own agent
  std::string first, last;             // "YYYY-MM-DD"
  std::string kind = "annual";         // annual | sick | training | other
  std::string note;
};

struct LeaveBalance {
  std::string agent;
  int year = 0;
  int allowance = 0;  // days
  int taken = 0;      // approved annual leave starting that year
  int pending = 0;    // requested, not decided
  int left() const { return allowance - taken - pending; }
};

// What approving a request does to the published schedule's coverage.
struct LeaveImpact {
  struct Day {
    std::string date;
    int shift_min = 0;          // the agent's scheduled minutes that day
    double under_before = 0;    // under-staffed agent-intervals that day, all groups
    double under_after = 0;     // ... without the agent's shifts
  };
  int64_t schedule = 0;  // the schedule looked at (0: none published)
  std::vector<Day> days;
};

// A swap as one caller sees it: for an agent looking at another agent's open
// offer, whether taking it would break a rule for either of them.
struct SwapView {
  wfm::ShiftSwap swap;
  std::optional<bool> can_take;       // set for an agent's view of others' open offers
  std::vector<std::string> problems;  // why not (rule messages)
  std::vector<std::string> trades;    // the caller's own shift dates it could give in exchange, rules kept
};

// Taking or approving a swap: done, or refused by the rules listed.
struct SwapViolation {
  std::string agent;  // name
  int day = -1;       // in the schedule in force
  wfm::Rule rule = wfm::Rule::kReference;
  std::string message;
};
struct SwapOutcome {
  wfm::ShiftSwap swap;
  std::vector<SwapViolation> violations;  // non-empty: nothing changed
  int64_t schedule = 0;                    // the version published with the swap (approved), else 0
};

// The shift rules in force: a planner's, or the built-in defaults.
struct RulesView {
  wfm::ShiftRules rules;
  bool defaults = true;  // never set by a planner
};

// Team totals of an adherence report: the sum of its agents' rows per day.
struct AdherenceTeamDay {
  std::string date;
  core::TeamId team = core::kNoId;
  int agents = 0;
  AdherenceDay sum;  // agent, date unused
};
std::vector<AdherenceTeamDay> team_totals(const std::vector<AdherenceDay>& days);

class WfmService {
 public:
  WfmService(Runtime& rt, metrics::Calendar calendar, WfmOptions opts = {})
      : rt_(rt), calendar_(std::move(calendar)), opts_(opts) {}

  void forecast(const Caller& c, ForecastRequest in, Reply<ForecastView> reply);
  void add_adjustment(const Caller& c, NewAdjustment in, Reply<wfm::StoredAdjustment> reply);
  void delete_adjustment(const Caller& c, int64_t id, Reply<void> reply);
  void requirement(const Caller& c, RequirementRequest in, Reply<RequirementView> reply);

  void generate(const Caller& c, GenerateRequest in, Reply<ScheduleView> reply);
  void schedules(const Caller& c, Reply<std::vector<wfm::StoredSchedule>> reply);
  void schedule(const Caller& c, int64_t id, Reply<ScheduleView> reply);
  void edit_shift(const Caller& c, ShiftEdit in, Reply<ScheduleView> reply);
  void publish(const Caller& c, int64_t id, Reply<PublishOutcome> reply);
  // Simulates the schedule (replications 1..50) on the bulk store lane.
  void check(const Caller& c, int64_t id, int replications, Reply<ScheduleCheck> reply);

  // The caller's agent's shifts in the published schedule of this week
  // (plan.schedule holds only them); kNotFound when none is published.
  void my_schedule(const Caller& c, Reply<ScheduleView> reply);
  // Agents in the caller's kReadSchedules scope.
  void adherence(const Caller& c, Reply<std::vector<AdherenceRow>> reply);
  // Adherence and conformance per agent in scope and day, from the agents'
  // 15-minute KPI rollups (time busy, idle, not ready) against the schedule
  // published for each day; days from..to (local dates, at most 62 days).
  void adherence_report(const Caller& c, std::string from, std::string to, Reply<std::vector<AdherenceDay>> reply);
  // One agent's adherence (in adherence / scheduled, 0..1) over days first..last as
  // adherence_report() computes it, nullopt when nothing was scheduled. For other modules (the
  // quality performance page): no caller, whoever asks has checked its own scope.
  void agent_adherence(core::AgentId agent, std::string first, std::string last, Reply<std::optional<double>> reply);

  // Leave requests. request_leave: an agent for itself, a lead / planner /
  // admin for an agent in scope; 409 on an overlapping request or a
  // balance too small. decide_leave: "approve" or "decline" by a lead (its
  // team), a planner or an admin; "cancel" by the agent (or them) while
  // pending or not yet begun. leave_list: requests in scope overlapping
  // [from, to].
  void request_leave(const Caller& c, LeaveInput in, Reply<wfm::LeaveRequest> reply);
  void decide_leave(const Caller& c, int64_t id, std::string decision, std::string reason,
                    Reply<wfm::LeaveRequest> reply);
  void leave_list(const Caller& c, std::string from, std::string to, Reply<std::vector<wfm::LeaveRequest>> reply);
  void leave_balance(const Caller& c, core::AgentId agent, int year, Reply<LeaveBalance> reply);
  void set_allowance(const Caller& c, core::AgentId agent, int year, int days, Reply<LeaveBalance> reply);
  void leave_impact(const Caller& c, int64_t id, Reply<LeaveImpact> reply);

  // Adherence alerts (docs/wfm.md, "Adherence"): every agent out of
  // adherence for at least the settings' adherence_alert_min is reported once
  // per episode to its team's leads (notification "wfm.adherence"). Called
  // periodically by the wiring (every 30 s); one sweep at a time.
  void adherence_sweep();

  // Hears the users notifications were committed for (NotifyService::delivered).
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // Shift swaps (docs/wfm.md, "Shift swaps"). offer_swap: the caller's agent
  // offers its published shift of `date` (a later day). swaps: the board
  // ("open", ..., or "all") from 30 days back on, in scope (agents: every
  // open offer and their own). take_swap: the caller's agent takes an open
  // offer; the rules of both agents are checked; it is pending until a lead
  // approves when the settings ask for it, else applied at once (a new
  // published version of the schedule). decide_swap: "approve" / "decline"
  // (leads for their team, planners, admins), "cancel" (the offerer, or they).
  void offer_swap(const Caller& c, std::string date, std::string note, Reply<wfm::ShiftSwap> reply);
  void swaps(const Caller& c, std::string status, Reply<std::vector<SwapView>> reply);
  // give_date (optional): a trade, the caller's own shift of that date goes to the offerer.
  void take_swap(const Caller& c, int64_t id, std::string give_date, Reply<SwapOutcome> reply);
  void decide_swap(const Caller& c, int64_t id, std::string decision, std::string reason, Reply<SwapOutcome> reply);
  // Planner-defined rules (docs/wfm.md, "Shift rules"; kPlanWorkforce,
  // writes audited): checked by the schedule model's own validation, errors
  // name the field ("templates[0].breaks[1].earliest_offset_min",
  // "work.min_rest_min", "contract.max_weekly_min"); used by every schedule
  // generated afterwards.
  void rules(const Caller& c, Reply<RulesView> reply);
  void put_rules(const Caller& c, wfm::ShiftRules r, Reply<RulesView> reply);
  void agent_rules(const Caller& c, Reply<std::vector<wfm::AgentRules>> reply);
  void put_agent_rules(const Caller& c, wfm::AgentRules r, Reply<wfm::AgentRules> reply);
  void delete_agent_rules(const Caller& c, std::string agent, Reply<void> reply);
  // Special days of the forecast (docs/wfm.md, "Special days"); put replaces the list.
  void special_days(const Caller& c, Reply<std::vector<wfm::StoredSpecialDay>> reply);
  void put_special_days(const Caller& c, std::vector<wfm::StoredSpecialDay> days,
                        Reply<std::vector<wfm::StoredSpecialDay>> reply);

  // The center's WFM settings (read: kReadSchedules; write: kPlanWorkforce, audited).
  void settings(const Caller& c, Reply<wfm::WfmSettings> reply);
  void put_settings(const Caller& c, wfm::WfmSettings s, Reply<wfm::WfmSettings> reply);

  const WfmOptions& options() const { return opts_; }
  const metrics::Calendar& calendar() const { return calendar_; }

 private:
  Runtime& rt_;
  metrics::Calendar calendar_;
  WfmOptions opts_;
  std::function<void(std::span<const int64_t>)> notify_;
  std::mutex alert_mu_;
  bool sweeping_ = false;                         // guarded by alert_mu_
  std::map<core::AgentId, int64_t> alerted_;      // guarded by alert_mu_: agent -> out_since_ms told
  void told(const std::vector<int64_t>& users) const {
    if (notify_ && !users.empty()) notify_(users);
  }
};

// The rows to alert on now: out of adherence since at least alert_min
// minutes and not told for that episode yet (`alerted`: agent -> the
// out_since_ms told). Updates `alerted`: episodes told are added, agents back
// in adherence (or out since another time) are forgotten. alert_min 0: none.
std::vector<AdherenceRow> adherence_alerts(const std::vector<AdherenceRow>& rows, int64_t now_ms, int alert_min,
                                           std::map<core::AgentId, int64_t>& alerted);

// What the agent in state `s` should be doing against `a`; exposed for tests.
bool adheres(Activity a, core::AgentState s);
// The activity of `agent` (its index in the plan) at minute `minute` of day
// `day` of the plan (minute may pass 1440: the day's shifts past midnight).
Activity activity_at(const wfm::SchedulePlan& plan, int agent, int day, int minute);

}  // namespace switchyard::app
