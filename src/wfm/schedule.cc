// The schedule model's validation and coverage (schedule.h).
#include "wfm/schedule.h"

#include <algorithm>
#include <cmath>

namespace switchyard::wfm {
namespace {

Result<void> bad(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidArgument, field + ": " + message, field);
}

bool on_grid(int minutes, int interval_min) { return minutes % interval_min == 0; }

Result<void> validate_breaks(const ScheduleProblem& p, const ShiftTemplate& t,
                             const std::string& at) {
  if (t.breaks.size() > kMaxBreaksPerTemplate) {
    return bad(at + ".breaks", "at most " + std::to_string(kMaxBreaksPerTemplate) + " rules");
  }
  int prev_window_end = 0;
  for (size_t j = 0; j < t.breaks.size(); ++j) {
    const BreakRule& b = t.breaks[j];
    const std::string bt = at + ".breaks[" + std::to_string(j) + "]";
    if (b.min_length_min <= 0 || !on_grid(b.min_length_min, p.interval_min)) {
      return bad(bt + ".min_length_min", "must be a positive multiple of interval_min");
    }
    if (b.max_length_min < b.min_length_min || !on_grid(b.max_length_min, p.interval_min)) {
      return bad(bt + ".max_length_min", "must be >= min_length_min and on the interval grid");
    }
    if (b.earliest_offset_min < 0 || !on_grid(b.earliest_offset_min, p.interval_min)) {
      return bad(bt + ".earliest_offset_min", "must be >= 0 and on the interval grid");
    }
    if (b.latest_offset_min < b.earliest_offset_min ||
        !on_grid(b.latest_offset_min, p.interval_min)) {
      return bad(bt + ".latest_offset_min",
                 "must be >= earliest_offset_min and on the interval grid");
    }
    if (b.min_shift_length_min < 0) return bad(bt + ".min_shift_length_min", "must be >= 0");
    if (j > 0 && b.earliest_offset_min < prev_window_end) {
      return bad(bt + ".earliest_offset_min",
                 "break windows must be in time order and must not overlap (the previous rule's "
                 "window ends at " +
                     std::to_string(prev_window_end) + ")");
    }
    prev_window_end = b.latest_offset_min + b.max_length_min;
    for (int len : t.lengths_min) {
      if (len >= b.min_shift_length_min && b.earliest_offset_min + b.min_length_min > len) {
        return bad(bt + ".earliest_offset_min",
                   "the break does not fit in a shift of " + std::to_string(len) + " min");
      }
    }
  }
  return {};
}

Result<void> validate_template(const ScheduleProblem& p, const ShiftTemplate& t, size_t i) {
  const std::string at = "templates[" + std::to_string(i) + "]";
  if (t.id.empty()) return bad(at + ".id", "must not be empty");
  if (t.earliest_start_min < 0 || t.earliest_start_min >= kMinutesPerDay ||
      !on_grid(t.earliest_start_min, p.interval_min)) {
    return bad(at + ".earliest_start_min", "must be in [0, 1440) and on the interval grid");
  }
  if (t.latest_start_min < t.earliest_start_min || t.latest_start_min >= kMinutesPerDay) {
    return bad(at + ".latest_start_min", "must be in [earliest_start_min, 1440)");
  }
  if (t.start_step_min <= 0 || !on_grid(t.start_step_min, p.interval_min)) {
    return bad(at + ".start_step_min", "must be a positive multiple of interval_min");
  }
  if (t.lengths_min.empty()) return bad(at + ".lengths_min", "must not be empty");
  for (size_t k = 0; k < t.lengths_min.size(); ++k) {
    const int len = t.lengths_min[k];
    if (len <= 0 || len > kMinutesPerDay || !on_grid(len, p.interval_min)) {
      return bad(at + ".lengths_min[" + std::to_string(k) + "]",
                 "must be in (0, 1440] and a multiple of interval_min");
    }
  }
  if ((t.weekdays_mask & 0x7f) == 0) return bad(at + ".weekdays_mask", "no weekday set");
  return validate_breaks(p, t, at);
}

Result<void> validate_agent(const ScheduleProblem& p, const Agent& a, size_t i) {
  const std::string at = "agents[" + std::to_string(i) + "]";
  if (a.id.empty()) return bad(at + ".id", "must not be empty");
  if (a.skills.empty()) return bad(at + ".skills", "must name at least one skill group");
  for (size_t k = 0; k < a.skills.size(); ++k) {
    if (a.skills[k] < 0 || a.skills[k] >= static_cast<int>(p.skill_groups.size())) {
      return bad(at + ".skills[" + std::to_string(k) + "]", "no such skill group");
    }
  }
  const Contract& c = a.contract;
  if (c.min_weekly_min < 0) return bad(at + ".contract.min_weekly_min", "must be >= 0");
  if (c.max_weekly_min < c.min_weekly_min || c.max_weekly_min > 7 * kMinutesPerDay) {
    return bad(at + ".contract.max_weekly_min", "must be in [min_weekly_min, 10080]");
  }
  if (c.leave_credit_min < 0) return bad(at + ".contract.leave_credit_min", "must be >= 0");
  if (!a.availability.empty() && static_cast<int>(a.availability.size()) != p.days) {
    return bad(at + ".availability", "must be empty or have one entry per day");
  }
  for (size_t d = 0; d < a.availability.size(); ++d) {
    const DayAvailability& v = a.availability[d];
    if (!v.available) continue;
    const std::string vt = at + ".availability[" + std::to_string(d) + "]";
    if (v.from_min < 0 || v.from_min >= kMinutesPerDay) {
      return bad(vt + ".from_min", "must be in [0, 1440)");
    }
    if (v.to_min <= v.from_min || v.to_min > 2 * kMinutesPerDay) {
      return bad(vt + ".to_min", "must be in (from_min, 2880]");
    }
  }
  for (size_t k = 0; k < a.leave.size(); ++k) {
    const LeaveRange& l = a.leave[k];
    const std::string lt = at + ".leave[" + std::to_string(k) + "]";
    if (l.first_day < 0 || l.first_day >= p.days) {
      return bad(lt + ".first_day", "must be a day of the horizon");
    }
    if (l.last_day < l.first_day || l.last_day >= p.days) {
      return bad(lt + ".last_day", "must be in [first_day, days)");
    }
  }
  const Preferences& f = a.preferences;
  if (f.preferred_start_from_min < 0 || f.preferred_start_to_min < f.preferred_start_from_min ||
      f.preferred_start_to_min > kMinutesPerDay) {
    return bad(at + ".preferences.preferred_start_to_min",
               "the preferred start range must be within [0, 1440] and not empty");
  }
  for (size_t k = 0; k < a.templates.size(); ++k) {
    if (a.templates[k] < 0 || a.templates[k] >= static_cast<int>(p.templates.size())) {
      return bad(at + ".templates[" + std::to_string(k) + "]", "no such template");
    }
  }
  return {};
}

}  // namespace

std::string_view to_string(Rule rule) {
  switch (rule) {
    case Rule::kReference:
      return "reference";
    case Rule::kOneShiftPerDay:
      return "one_shift_per_day";
    case Rule::kTemplateDay:
      return "template_day";
    case Rule::kTemplateAllowed:
      return "template_allowed";
    case Rule::kStartWindow:
      return "start_window";
    case Rule::kLength:
      return "length";
    case Rule::kSkill:
      return "skill";
    case Rule::kAvailability:
      return "availability";
    case Rule::kLeave:
      return "leave";
    case Rule::kBreakCount:
      return "break_count";
    case Rule::kBreakPlacement:
      return "break_placement";
    case Rule::kBreakLength:
      return "break_length";
    case Rule::kBreakOverlap:
      return "break_overlap";
    case Rule::kOverlap:
      return "overlap";
    case Rule::kRest:
      return "rest";
    case Rule::kDaysOff:
      return "days_off";
    case Rule::kConsecutiveDays:
      return "consecutive_days";
    case Rule::kWeeklyMinimum:
      return "weekly_minimum";
    case Rule::kWeeklyMaximum:
      return "weekly_maximum";
  }
  return "unknown";
}

Result<void> validate(const ScheduleProblem& p) {
  if (p.interval_min != 15 && p.interval_min != 30) return bad("interval_min", "must be 15 or 30");
  if (p.days <= 0 || p.days % 7 != 0 || p.days > 364) {
    return bad("days", "must be a multiple of 7 in [7, 364]");
  }
  if (p.first_weekday < 0 || p.first_weekday > 6) return bad("first_weekday", "must be 0..6");
  if (p.skill_groups.empty() || p.skill_groups.size() > 64) {
    return bad("skill_groups", "must have 1 to 64 groups");
  }
  if (p.required.size() != p.skill_groups.size()) {
    return bad("required", "must have one curve per skill group");
  }
  for (size_t g = 0; g < p.required.size(); ++g) {
    const std::string at = "required[" + std::to_string(g) + "]";
    if (static_cast<int>(p.required[g].size()) != p.intervals()) {
      return bad(at, "must have days * intervals_per_day values");
    }
    for (size_t t = 0; t < p.required[g].size(); ++t) {
      const double r = p.required[g][t];
      if (!std::isfinite(r) || r < 0) {
        return bad(at + "[" + std::to_string(t) + "]", "must be finite and >= 0");
      }
    }
  }
  if (p.templates.empty()) return bad("templates", "must not be empty");
  for (size_t i = 0; i < p.templates.size(); ++i) {
    if (auto r = validate_template(p, p.templates[i], i); !r) return r;
  }
  for (size_t i = 0; i < p.agents.size(); ++i) {
    if (auto r = validate_agent(p, p.agents[i], i); !r) return r;
  }
  if (p.rules.min_rest_min < 0) return bad("rules.min_rest_min", "must be >= 0");
  if (p.rules.min_days_off_per_week < 0 || p.rules.min_days_off_per_week > 7) {
    return bad("rules.min_days_off_per_week", "must be 0..7");
  }
  if (p.rules.max_consecutive_days < 1) return bad("rules.max_consecutive_days", "must be >= 1");
  const Weights& w = p.weights;
  if (!std::isfinite(w.under) || w.under < 0) return bad("weights.under", "must be >= 0");
  if (!std::isfinite(w.over) || w.over < 0) return bad("weights.over", "must be >= 0");
  if (!std::isfinite(w.preference) || w.preference < 0) {
    return bad("weights.preference", "must be >= 0");
  }
  return {};
}

int preference_penalty(const Shift& s, const ScheduleProblem& p) {
  const Preferences& f = p.agents[s.agent].preferences;
  int n = 0;
  if (s.start_min < f.preferred_start_from_min || s.start_min > f.preferred_start_to_min) ++n;
  if ((f.preferred_days_off_mask >> weekday_of(p, s.day)) & 1) ++n;
  return n;
}

int paid_minutes(const Shift& s, const ScheduleProblem& p) {
  int paid = s.length_min;
  const ShiftTemplate& t = p.templates[s.template_index];
  size_t k = 0;  // s.breaks[k] belongs to the k-th rule that applies
  for (const BreakRule& b : t.breaks) {
    if (s.length_min < b.min_shift_length_min) continue;
    if (k < s.breaks.size() && !b.paid) paid -= s.breaks[k].length_min;
    ++k;
  }
  return paid;
}

CoverageReport evaluate(const Schedule& schedule, const ScheduleProblem& p) {
  CoverageReport r;
  const int n = p.intervals();
  const int groups = static_cast<int>(p.skill_groups.size());
  r.coverage.assign(groups, std::vector<int>(n, 0));
  for (const Shift& s : schedule.shifts) {
    if (s.agent < 0 || s.agent >= static_cast<int>(p.agents.size()) || s.skill < 0 ||
        s.skill >= groups || s.day < 0 || s.day >= p.days || s.template_index < 0 ||
        s.template_index >= static_cast<int>(p.templates.size())) {
      continue;
    }
    r.preference_penalties += preference_penalty(s, p);
    // Interval k of the shift is covered unless a break overlaps it.
    for (int m = 0; m < s.length_min; m += p.interval_min) {
      bool on_break = false;
      for (const PlacedBreak& b : s.breaks) {
        if (m < b.offset_min + b.length_min && b.offset_min < m + p.interval_min) on_break = true;
      }
      const int t = (s.day * kMinutesPerDay + s.start_min + m) / p.interval_min;
      if (!on_break && t < n) ++r.coverage[s.skill][t];
    }
  }
  for (int g = 0; g < groups; ++g) {
    for (int t = 0; t < n; ++t) {
      const double d = p.required[g][t] - r.coverage[g][t];
      if (d > 0)
        r.under += d;
      else
        r.over -= d;
    }
  }
  r.objective = p.weights.under * r.under + p.weights.over * r.over +
                p.weights.preference * r.preference_penalties;
  return r;
}

}  // namespace switchyard::wfm
