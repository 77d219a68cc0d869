#pragma once
// Internal to switchyard_wfm_schedule: the rules that span an agent's days (rest, overlap, days
// off, consecutive days, weekly hours), written once and used by both the checker (which
// collects every violation with its message) and the generator (which only asks "feasible?"
// millions of times and never builds a message). Not a public header.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "wfm/schedule.h"

namespace switchyard::wfm::detail {

// What an agent does on one day of the horizon.
struct DayWork {
  bool works = false;
  int start_abs_min = 0;  // from the horizon's start (day * 1440 + start_min)
  int end_abs_min = 0;
  int paid_min = 0;
};

// Per-agent facts derived from the problem once: leave days and each week's hour bounds.
struct AgentCalendar {
  std::vector<uint8_t> on_leave;  // per day
  std::vector<int> min_week_min;  // per week, after leave credit
  int max_week_min = 0;
};

inline AgentCalendar make_calendar(const ScheduleProblem& p, const Agent& a) {
  AgentCalendar c;
  c.on_leave.assign(p.days, 0);
  for (const LeaveRange& l : a.leave) {
    for (int d = std::max(0, l.first_day); d <= std::min(p.days - 1, l.last_day); ++d) {
      c.on_leave[d] = 1;
    }
  }
  const int weeks = p.days / 7;
  c.min_week_min.assign(weeks, 0);
  for (int w = 0; w < weeks; ++w) {
    int leave_days = 0;
    for (int d = 7 * w; d < 7 * w + 7; ++d) leave_days += c.on_leave[d];
    c.min_week_min[w] =
        std::max(0, a.contract.min_weekly_min - leave_days * a.contract.leave_credit_min);
  }
  c.max_week_min = a.contract.max_weekly_min;
  return c;
}

// Checks the multi-day rules of one agent. For each violation calls
// sink(Rule, day, make_message) where make_message() builds the text on demand; the sink returns
// false to stop early. Returns true when no violation was found. With check_minimum false the
// weekly minimum is not checked (a schedule under construction). Cost O(days).
template <typename Sink>
bool check_agent_days(const ScheduleProblem& p, const Agent& agent, const AgentCalendar& cal,
                      std::span<const DayWork> days, bool check_minimum, Sink&& sink) {
  bool ok = true;
  auto report = [&](Rule r, int day, auto&& make) {
    ok = false;
    return sink(r, day, make);
  };
  // Rest and overlap between consecutive shifts (one shift per day, so day order is time order).
  int prev = -1;
  for (int d = 0; d < p.days; ++d) {
    if (!days[d].works) continue;
    if (prev >= 0) {
      const int gap = days[d].start_abs_min - days[prev].end_abs_min;
      if (gap < 0) {
        if (!report(Rule::kOverlap, d, [&] {
              return agent.id + ": the shift of day " + std::to_string(d) +
                     " starts before the shift of day " + std::to_string(prev) + " ends";
            }))
          return false;
      } else if (gap < p.rules.min_rest_min) {
        if (!report(Rule::kRest, d, [&] {
              return agent.id + ": " + std::to_string(gap) + " min rest before the shift of day " +
                     std::to_string(d) + ", at least " + std::to_string(p.rules.min_rest_min) +
                     " required";
            }))
          return false;
      }
    }
    prev = d;
  }
  // Consecutive working days.
  int run = 0;
  for (int d = 0; d < p.days; ++d) {
    run = days[d].works ? run + 1 : 0;
    if (run == p.rules.max_consecutive_days + 1) {
      if (!report(Rule::kConsecutiveDays, d, [&] {
            return agent.id + ": works more than " + std::to_string(p.rules.max_consecutive_days) +
                   " days in a row (through day " + std::to_string(d) + ")";
          }))
        return false;
    }
  }
  // Weekly: days off and paid hours.
  for (int w = 0; w < p.days / 7; ++w) {
    int worked = 0;
    int paid = 0;
    for (int d = 7 * w; d < 7 * w + 7; ++d) {
      worked += days[d].works ? 1 : 0;
      paid += days[d].works ? days[d].paid_min : 0;
    }
    const int off = 7 - worked;
    if (off < p.rules.min_days_off_per_week) {
      if (!report(Rule::kDaysOff, 7 * w, [&] {
            return agent.id + ": " + std::to_string(off) + " days off in week " +
                   std::to_string(w) + ", at least " +
                   std::to_string(p.rules.min_days_off_per_week) + " required";
          }))
        return false;
    }
    if (paid > cal.max_week_min) {
      if (!report(Rule::kWeeklyMaximum, 7 * w, [&] {
            return agent.id + ": " + std::to_string(paid) + " paid min in week " +
                   std::to_string(w) + ", contract maximum " + std::to_string(cal.max_week_min);
          }))
        return false;
    }
    if (check_minimum && paid < cal.min_week_min[w]) {
      if (!report(Rule::kWeeklyMinimum, 7 * w, [&] {
            return agent.id + ": " + std::to_string(paid) + " paid min in week " +
                   std::to_string(w) + ", contract minimum " + std::to_string(cal.min_week_min[w]) +
                   " (after leave)";
          }))
        return false;
    }
  }
  return ok;
}

}  // namespace switchyard::wfm::detail
