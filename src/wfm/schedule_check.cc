// The rule checker (schedule.h: check()). Every violation is listed; nothing is fixed.
#include <algorithm>

#include "wfm/schedule.h"
#include "wfm/schedule_agent_rules.h"

namespace switchyard::wfm {
namespace {

std::string day_text(const Agent& a, int day) {
  return a.id + " day " + std::to_string(day) + ": ";
}

// The rules of one shift taken alone (template, window, availability, leave, breaks).
void check_shift(const Shift& s, const ScheduleProblem& p, const detail::AgentCalendar& cal,
                 std::vector<Violation>& out) {
  const Agent& a = p.agents[s.agent];
  const ShiftTemplate& t = p.templates[s.template_index];
  auto add = [&](Rule r, std::string msg) {
    out.push_back(Violation{s.agent, s.day, r, day_text(a, s.day) + msg});
  };
  if (!a.templates.empty() &&
      std::find(a.templates.begin(), a.templates.end(), s.template_index) == a.templates.end()) {
    add(Rule::kTemplateAllowed, "template " + t.id + " is not allowed for this agent");
  }
  const int wd = weekday_of(p, s.day);
  if (((t.weekdays_mask >> wd) & 1) == 0) {
    add(Rule::kTemplateDay,
        "template " + t.id + " does not apply on weekday " + std::to_string(wd));
  }
  if (s.start_min < t.earliest_start_min || s.start_min > t.latest_start_min ||
      (s.start_min - t.earliest_start_min) % t.start_step_min != 0 ||
      s.start_min % p.interval_min != 0) {
    add(Rule::kStartWindow, "start " + std::to_string(s.start_min) + " min is outside template " +
                                t.id + "'s window " + std::to_string(t.earliest_start_min) + ".." +
                                std::to_string(t.latest_start_min) + " step " +
                                std::to_string(t.start_step_min));
  }
  if (std::find(t.lengths_min.begin(), t.lengths_min.end(), s.length_min) == t.lengths_min.end()) {
    add(Rule::kLength, "length " + std::to_string(s.length_min) + " min is not allowed by " + t.id);
  }
  if (std::find(a.skills.begin(), a.skills.end(), s.skill) == a.skills.end()) {
    add(Rule::kSkill, "the agent does not have skill group " + p.skill_groups[s.skill]);
  }
  if (!a.availability.empty()) {
    const DayAvailability& v = a.availability[s.day];
    if (!v.available) {
      add(Rule::kAvailability, "the agent is not available");
    } else if (s.start_min < v.from_min || s.start_min + s.length_min > v.to_min) {
      add(Rule::kAvailability, "shift " + std::to_string(s.start_min) + ".." +
                                   std::to_string(s.start_min + s.length_min) +
                                   " min is outside availability " + std::to_string(v.from_min) +
                                   ".." + std::to_string(v.to_min));
    }
  }
  if (cal.on_leave[s.day]) add(Rule::kLeave, "the agent is on approved leave");
  // Breaks: one per applicable rule, in rule order.
  std::vector<const BreakRule*> rules;
  for (const BreakRule& b : t.breaks) {
    if (s.length_min >= b.min_shift_length_min) rules.push_back(&b);
  }
  if (rules.size() != s.breaks.size()) {
    add(Rule::kBreakCount, std::to_string(s.breaks.size()) + " breaks, the template requires " +
                               std::to_string(rules.size()) + " for a shift of " +
                               std::to_string(s.length_min) + " min");
  }
  for (size_t k = 0; k < std::min(rules.size(), s.breaks.size()); ++k) {
    const BreakRule& b = *rules[k];
    const PlacedBreak& pb = s.breaks[k];
    if (pb.offset_min < b.earliest_offset_min || pb.offset_min > b.latest_offset_min ||
        pb.offset_min % p.interval_min != 0 || pb.offset_min + pb.length_min > s.length_min) {
      add(Rule::kBreakPlacement, b.name + " at +" + std::to_string(pb.offset_min) +
                                     " min is outside its window +" +
                                     std::to_string(b.earliest_offset_min) + "..+" +
                                     std::to_string(b.latest_offset_min) + " or the shift");
    }
    if (pb.length_min < b.min_length_min || pb.length_min > b.max_length_min ||
        pb.length_min % p.interval_min != 0) {
      add(Rule::kBreakLength, b.name + " of " + std::to_string(pb.length_min) + " min, allowed " +
                                  std::to_string(b.min_length_min) + ".." +
                                  std::to_string(b.max_length_min));
    }
  }
  for (size_t i = 0; i < s.breaks.size(); ++i) {
    for (size_t j = i + 1; j < s.breaks.size(); ++j) {
      const PlacedBreak& x = s.breaks[i];
      const PlacedBreak& y = s.breaks[j];
      if (x.offset_min < y.offset_min + y.length_min &&
          y.offset_min < x.offset_min + x.length_min) {
        add(Rule::kBreakOverlap,
            "breaks " + std::to_string(i) + " and " + std::to_string(j) + " overlap");
      }
    }
  }
}

}  // namespace

std::vector<Violation> check(const Schedule& schedule, const ScheduleProblem& p) {
  std::vector<Violation> out;
  const int n_agents = static_cast<int>(p.agents.size());
  // The first valid shift per agent and day; later ones on the same day are violations.
  std::vector<std::vector<const Shift*>> by_day(n_agents, std::vector<const Shift*>(p.days));
  for (const Shift& s : schedule.shifts) {
    const bool agent_ok = s.agent >= 0 && s.agent < n_agents;
    if (!agent_ok || s.day < 0 || s.day >= p.days || s.template_index < 0 ||
        s.template_index >= static_cast<int>(p.templates.size()) || s.skill < 0 ||
        s.skill >= static_cast<int>(p.skill_groups.size())) {
      out.push_back(Violation{agent_ok ? s.agent : -1, s.day, Rule::kReference,
                              "shift of agent " + std::to_string(s.agent) + " day " +
                                  std::to_string(s.day) + ": agent, day, template or skill " +
                                  "index out of range"});
      continue;
    }
    if (by_day[s.agent][s.day] != nullptr) {
      out.push_back(Violation{s.agent, s.day, Rule::kOneShiftPerDay,
                              day_text(p.agents[s.agent], s.day) + "more than one shift"});
      continue;
    }
    by_day[s.agent][s.day] = &s;
  }
  std::vector<detail::DayWork> days(p.days);
  for (int a = 0; a < n_agents; ++a) {
    const Agent& agent = p.agents[a];
    const detail::AgentCalendar cal = detail::make_calendar(p, agent);
    for (int d = 0; d < p.days; ++d) {
      days[d] = {};
      const Shift* s = by_day[a][d];
      if (s == nullptr) continue;
      check_shift(*s, p, cal, out);
      const int start = d * kMinutesPerDay + s->start_min;
      days[d] = detail::DayWork{true, start, start + s->length_min, paid_minutes(*s, p)};
    }
    detail::check_agent_days(p, agent, cal, days, true, [&](Rule r, int day, auto&& make) {
      out.push_back(Violation{a, day, r, make()});
      return true;
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Violation& x, const Violation& y) {
    return std::pair(x.agent, x.day) < std::pair(y.agent, y.day);
  });
  return out;
}

}  // namespace switchyard::wfm
