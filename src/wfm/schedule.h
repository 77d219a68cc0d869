#pragma once
// The schedule model of workforce management (issue 11, docs/wfm.md "Schedules"): a planning
// horizon of whole weeks in 15- or 30-minute intervals, shift templates with break rules, agents
// with contracts, availability, leave and preferences, and the requirement per skill group and
// interval. This header has the model, its validation, the rule checker (check()) and the
// coverage / objective of a schedule (evaluate()); the generator is in schedule_generator.h.
//
// Pure functions on values: no I/O, no clock, safe to call from any thread.
// Units: times are whole minutes (a field name ends in _min) and must be multiples of the
// horizon's interval_min; days are indices into the horizon (0 = its first day); weekdays are
// 0 = Monday .. 6 = Sunday. Coverage and requirements count agents per interval.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace switchyard::wfm {

inline constexpr int kMinutesPerDay = 1440;
inline constexpr int kMaxBreaksPerTemplate = 4;

// A break or lunch a shift of a template must contain when the shift is at least
// min_shift_length_min long. Its start lies in [earliest_offset_min, latest_offset_min] after the
// shift's start, its length in [min_length_min, max_length_min]; it must end within the shift.
// The windows (earliest start .. latest start + max length) of one template's rules must not
// overlap, so any placement inside the windows keeps breaks apart. Unpaid breaks do not count
// towards contract hours. During a break the agent covers nothing.
struct BreakRule {
  std::string name;  // "break", "lunch": for messages
  int min_shift_length_min = 0;
  int earliest_offset_min = 0;
  int latest_offset_min = 0;
  int min_length_min = 15;
  int max_length_min = 15;
  bool paid = true;
};

// The shifts a template allows: a start on the day in [earliest_start_min, latest_start_min]
// (minutes after the day's midnight, latest < 1440) on the step start_step_min counted from the
// earliest start, one of lengths_min, on the weekdays set in weekdays_mask (bit w = weekday w).
// A shift may run past midnight into the next day; intervals past the horizon's end are not
// counted as coverage.
struct ShiftTemplate {
  std::string id;
  int earliest_start_min = 0;
  int latest_start_min = 0;
  int start_step_min = 30;
  std::vector<int> lengths_min;
  uint8_t weekdays_mask = 0x7f;
  std::vector<BreakRule> breaks;  // at most kMaxBreaksPerTemplate
};

// When an agent may work on one day: a shift must lie within [from_min, to_min) counted from
// that day's midnight (to_min up to 2880: the end of the next day). available = false: no shift.
struct DayAvailability {
  bool available = true;
  int from_min = 0;
  int to_min = 2 * kMinutesPerDay;
};

// Approved leave: no shift on days first_day..last_day (inclusive). A leave day counts as a day
// off and lowers the week's minimum hours by the contract's leave_credit_min.
struct LeaveRange {
  int first_day = 0;
  int last_day = 0;
};

// Soft wishes, paid for in the objective (Weights::preference) per shift that ignores them.
struct Preferences {
  int preferred_start_from_min = 0;  // a shift starting outside [from, to] costs one penalty
  int preferred_start_to_min = kMinutesPerDay;
  uint8_t preferred_days_off_mask = 0;  // a shift on such a weekday costs one penalty
};

struct Contract {
  int min_weekly_min = 0;         // paid minutes per week (week w = days 7w..7w+6), at least
  int max_weekly_min = 40 * 60;   // and at most
  int leave_credit_min = 8 * 60;  // each leave day lowers that week's minimum by this much
};

struct Agent {
  std::string id;
  std::vector<int> skills;  // indices into ScheduleProblem::skill_groups the agent may cover
  Contract contract;
  std::vector<DayAvailability> availability;  // empty = always available; else one per day
  std::vector<LeaveRange> leave;
  Preferences preferences;
  std::vector<int> templates;  // indices of templates the agent may work; empty = all
};

// Rules for every agent.
struct WorkRules {
  int min_rest_min = 11 * 60;     // between the end of one shift and the start of the next
  int min_days_off_per_week = 2;  // days without a shift in each week (leave counts as off)
  int max_consecutive_days = 5;   // working days in a row within the horizon
};

// Weights of the objective: under * (agent-intervals short of the requirement) + over *
// (agent-intervals above it) + preference * (preference penalties). Under-staffing costs more
// than over-staffing because a missing agent hurts service while a spare one only costs money.
struct Weights {
  double under = 1.0;
  double over = 0.2;
  double preference = 0.05;
};

struct ScheduleProblem {
  int days = 7;           // horizon length, a positive multiple of 7
  int interval_min = 15;  // 15 or 30
  int first_weekday = 0;  // weekday of day 0
  std::vector<std::string> skill_groups;
  // required[g][t]: agents needed on skill group g in interval t of the horizon
  // (t = day * intervals_per_day + interval of the day); >= 0, finite.
  std::vector<std::vector<double>> required;
  std::vector<ShiftTemplate> templates;
  std::vector<Agent> agents;
  WorkRules rules;
  Weights weights;

  int intervals_per_day() const { return kMinutesPerDay / interval_min; }
  int intervals() const { return days * intervals_per_day(); }
};

// A break as placed in a shift: it starts offset_min after the shift's start.
struct PlacedBreak {
  int offset_min = 0;
  int length_min = 0;
};

// One worked shift. breaks has one entry per break rule of the template that applies to the
// shift's length, in the template's rule order.
struct Shift {
  int agent = 0;           // index into ScheduleProblem::agents
  int day = 0;             // the day it starts on
  int template_index = 0;  // index into ScheduleProblem::templates
  int start_min = 0;       // after the day's midnight
  int length_min = 0;
  int skill = 0;  // the skill group covered for the whole shift (index)
  std::vector<PlacedBreak> breaks;
};

struct Schedule {
  std::vector<Shift> shifts;  // any order; at most one per agent and day
};

// The rules check() reports. Names are stable (to_string) and shown to planners.
enum class Rule {
  kReference,        // agent, template, skill or day index out of range
  kOneShiftPerDay,   // two shifts of one agent start on the same day
  kTemplateDay,      // the template does not apply on that weekday
  kTemplateAllowed,  // the agent may not work this template
  kStartWindow,      // start outside the template's window or off its step / the interval grid
  kLength,           // a length the template does not allow
  kSkill,            // a skill group the agent does not have
  kAvailability,     // outside the agent's availability that day
  kLeave,            // a shift on a leave day
  kBreakCount,       // breaks missing or extra for the shift's length
  kBreakPlacement,   // a break outside its window or the shift, or off the interval grid
  kBreakLength,      // a break length outside the rule's range
  kBreakOverlap,     // two breaks overlap
  kOverlap,          // two shifts of one agent overlap
  kRest,             // less than min_rest_min between two shifts
  kDaysOff,          // fewer days off in a week than min_days_off_per_week
  kConsecutiveDays,  // more working days in a row than max_consecutive_days
  kWeeklyMinimum,    // fewer paid minutes in a week than the contract's minimum (after leave)
  kWeeklyMaximum,    // more paid minutes in a week than the contract's maximum
};
std::string_view to_string(Rule rule);

struct Violation {
  int agent = -1;  // index, -1 when the shift names no valid agent
  int day = -1;    // the day (or the first day of the week for weekly rules), -1 when unknown
  Rule rule = Rule::kReference;
  std::string message;  // for people: names the agent id, the day and the figures
};

// Checks the problem's own consistency: sizes, ranges, the interval grid, break windows that
// can be placed for every allowed length. kInvalidArgument naming the field
// ("agents[3].contract.max_weekly_min", "templates[0].breaks[1].latest_offset_min", ...).
Result<void> validate(const ScheduleProblem& problem);

// Every rule violation of `schedule`, none silently fixed, ordered by agent, then day.
// Precondition: validate(problem) succeeded. Cost O(shifts + agents * days).
std::vector<Violation> check(const Schedule& schedule, const ScheduleProblem& problem);

// Coverage and objective of a schedule.
struct CoverageReport {
  std::vector<std::vector<int>> coverage;  // [skill group][interval]: agents on shift, not on break
  double under = 0;  // sum over groups and intervals of max(0, required - coverage)
  double over = 0;   // sum of max(0, coverage - required)
  int preference_penalties = 0;
  double objective = 0;  // weights.under * under + weights.over * over + preference * penalties
};

// Counts coverage from the shifts and breaks. Shifts with indices out of range are skipped
// (check() reports them). Precondition: validate(problem) succeeded.
CoverageReport evaluate(const Schedule& schedule, const ScheduleProblem& problem);

// Penalty count of one shift against its agent's preferences (0, 1 or 2).
int preference_penalty(const Shift& shift, const ScheduleProblem& problem);

// Paid minutes of a shift: its length minus its unpaid breaks.
int paid_minutes(const Shift& shift, const ScheduleProblem& problem);

// The weekday of horizon day `day`.
inline int weekday_of(const ScheduleProblem& p, int day) { return (p.first_weekday + day) % 7; }

}  // namespace switchyard::wfm
