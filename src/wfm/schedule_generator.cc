// The schedule generator: greedy baseline and late-acceptance local search (schedule_generator.h).
//
// Internally times are whole intervals. A shift's breaks always take their rule's minimum length
// (most coverage for the paid time); their offsets are chosen to smooth coverage. Every move is
// checked against the agent's multi-day rules (schedule_agent_rules.h, shared with check()) before
// it touches the coverage; the single-day rules hold by construction (shifts come from the
// candidate list, breaks from their windows).
#include "wfm/schedule_generator.h"

#include <algorithm>
#include <array>
#include <optional>

#include "wfm/schedule_agent_rules.h"
#include "wfm/splitmix.h"

namespace switchyard::wfm {
namespace {

constexpr double kEps = 1e-9;

using Rng = SplitMix;

// A break slot of a (template, length) in intervals: start offset in [e, l], length len.
struct Slot {
  int e = 0;
  int l = 0;
  int len = 0;
};

// The shape of a template at one of its lengths.
struct Shape {
  int len_iv = 0;
  int len_min = 0;
  int paid_min = 0;
  int n_slots = 0;
  std::array<Slot, kMaxBreaksPerTemplate> slots{};
};

struct Cand {
  int16_t tmpl;
  int16_t start_iv;
  int16_t len_idx;
};

// What an agent works on one day. tmpl < 0: nothing.
struct Work {
  int16_t tmpl = -1;
  int16_t start_iv = 0;
  int8_t len_idx = 0;
  int8_t skill = 0;
  std::array<int8_t, kMaxBreaksPerTemplate> br{};  // break offsets (intervals from the start)
  bool on() const { return tmpl >= 0; }
};

struct Change {
  int day;
  Work old_work;
  Work new_work;
  bool place;  // place new_work's breaks (smoothing) once old_work is removed
};

class Generator {
 public:
  explicit Generator(const ScheduleProblem& p)
      : p_(p),
        iv_(p.interval_min),
        ipd_(p.intervals_per_day()),
        n_(p.intervals()),
        days_(p.days),
        groups_(static_cast<int>(p.skill_groups.size())) {
    for (const ShiftTemplate& t : p.templates) {
      std::vector<Shape> shapes;
      for (int len : t.lengths_min) {
        Shape s;
        s.len_iv = len / iv_;
        s.len_min = len;
        s.paid_min = len;
        for (const BreakRule& b : t.breaks) {
          if (len < b.min_shift_length_min) continue;
          Slot& sl = s.slots[s.n_slots++];
          sl.e = b.earliest_offset_min / iv_;
          sl.l = std::min(b.latest_offset_min, len - b.min_length_min) / iv_;
          sl.len = b.min_length_min / iv_;
          if (!b.paid) s.paid_min -= b.min_length_min;
        }
        shapes.push_back(s);
      }
      shapes_.push_back(std::move(shapes));
    }
    const int n_agents = static_cast<int>(p.agents.size());
    for (const Agent& a : p.agents) cal_.push_back(detail::make_calendar(p, a));
    cands_.resize(static_cast<size_t>(n_agents) * days_);
    for (int a = 0; a < n_agents; ++a) {
      for (int d = 0; d < days_; ++d) build_cands(a, d);
    }
    work_.assign(static_cast<size_t>(n_agents) * days_, Work{});
    dw_.assign(static_cast<size_t>(n_agents) * days_, detail::DayWork{});
    cov_.assign(static_cast<size_t>(groups_) * n_, 0);
    req_.reserve(static_cast<size_t>(groups_) * n_);
    for (const auto& curve : p.required) req_.insert(req_.end(), curve.begin(), curve.end());
    scratch_.resize(days_);
  }

  Result<void> greedy();
  void local_search(const GenerateOptions& o, GenerateResult& out);
  Schedule schedule_of(const std::vector<Work>& work) const;
  const std::vector<Work>& work() const { return work_; }

 private:
  double f(int c, double r) const {
    const double d = r - c;
    return d > 0 ? p_.weights.under * d : -p_.weights.over * d;
  }
  const Shape& shape(const Work& w) const { return shapes_[w.tmpl][w.len_idx]; }
  Work& at(int a, int d) { return work_[static_cast<size_t>(a) * days_ + d]; }
  const std::vector<Cand>& cands(int a, int d) const {
    return cands_[static_cast<size_t>(a) * days_ + d];
  }

  bool template_allowed(const Agent& a, int tmpl) const {
    return a.templates.empty() ||
           std::find(a.templates.begin(), a.templates.end(), tmpl) != a.templates.end();
  }
  // The single-day rules: template allowed and on this weekday, start in window and on its
  // step, within availability, not on leave.
  bool cand_ok(int a, int d, int tmpl, int start_iv, int len_idx) const {
    const Agent& ag = p_.agents[a];
    const ShiftTemplate& t = p_.templates[tmpl];
    if (cal_[a].on_leave[d] || !template_allowed(ag, tmpl)) return false;
    if (((t.weekdays_mask >> weekday_of(p_, d)) & 1) == 0) return false;
    if (len_idx < 0 || len_idx >= static_cast<int>(t.lengths_min.size())) return false;
    const int start = start_iv * iv_;
    if (start < t.earliest_start_min || start > t.latest_start_min ||
        (start - t.earliest_start_min) % t.start_step_min != 0) {
      return false;
    }
    if (!ag.availability.empty()) {
      const DayAvailability& v = ag.availability[d];
      if (!v.available || start < v.from_min || start + t.lengths_min[len_idx] > v.to_min) {
        return false;
      }
    }
    return true;
  }
  void build_cands(int a, int d) {
    auto& out = cands_[static_cast<size_t>(a) * days_ + d];
    for (size_t ti = 0; ti < p_.templates.size(); ++ti) {
      const ShiftTemplate& t = p_.templates[ti];
      for (int s = t.earliest_start_min; s <= t.latest_start_min; s += t.start_step_min) {
        for (size_t k = 0; k < t.lengths_min.size(); ++k) {
          if (cand_ok(a, d, static_cast<int>(ti), s / iv_, static_cast<int>(k))) {
            out.push_back(Cand{static_cast<int16_t>(ti), static_cast<int16_t>(s / iv_),
                               static_cast<int16_t>(k)});
          }
        }
      }
    }
  }

  int penalty(int a, int d, const Work& w) const {
    if (!w.on()) return 0;
    const Preferences& f = p_.agents[a].preferences;
    const int start = w.start_iv * iv_;
    int n = (start < f.preferred_start_from_min || start > f.preferred_start_to_min) ? 1 : 0;
    if ((f.preferred_days_off_mask >> weekday_of(p_, d)) & 1) ++n;
    return n;
  }
  detail::DayWork day_work(int d, const Work& w) const {
    if (!w.on()) return {};
    const Shape& s = shape(w);
    const int start = d * kMinutesPerDay + w.start_iv * iv_;
    return detail::DayWork{true, start, start + s.len_min, s.paid_min};
  }

  // The agent's multi-day rules with `changes` applied.
  bool feasible(int a, const Change* changes, int n_changes, bool check_min) {
    std::copy_n(dw_.begin() + static_cast<ptrdiff_t>(a) * days_, days_, scratch_.begin());
    for (int i = 0; i < n_changes; ++i) {
      scratch_[changes[i].day] = day_work(changes[i].day, changes[i].new_work);
    }
    return detail::check_agent_days(p_, p_.agents[a], cal_[a], scratch_, check_min,
                                    [](Rule, int, auto&&) { return false; });
  }

  // Adds (sign +1) or removes (-1) a shift's coverage; returns the change of the coverage cost.
  double apply(int d, const Work& w, int sign) {
    const Shape& s = shape(w);
    const int t0 = d * ipd_ + w.start_iv;
    int* c = &cov_[static_cast<size_t>(w.skill) * n_];
    const double* r = &req_[static_cast<size_t>(w.skill) * n_];
    double delta = 0;
    auto run = [&](int from, int to) {
      const int end = std::min(t0 + to, n_);
      for (int t = t0 + from; t < end; ++t) {
        const double before = f(c[t], r[t]);
        c[t] += sign;
        delta += f(c[t], r[t]) - before;
      }
    };
    int k = 0;
    for (int j = 0; j < s.n_slots; ++j) {
      run(k, w.br[j]);
      k = w.br[j] + s.slots[j].len;
    }
    run(k, s.len_iv);
    return delta;
  }

  // Places w's breaks where adding the agent would help least (w is not in the coverage).
  void place_breaks(int d, Work& w) const {
    const Shape& s = shape(w);
    const int t0 = d * ipd_ + w.start_iv;
    const int* c = &cov_[static_cast<size_t>(w.skill) * n_];
    const double* r = &req_[static_cast<size_t>(w.skill) * n_];
    for (int j = 0; j < s.n_slots; ++j) {
      const Slot& sl = s.slots[j];
      double best = -1e300;
      double best_surplus = -1e300;
      int best_o = sl.e;
      for (int o = sl.e; o <= sl.l; ++o) {
        double score = 0;
        double surplus = 0;
        for (int k = 0; k < sl.len; ++k) {
          const int t = t0 + o + k;
          if (t >= n_) break;
          score += f(c[t] + 1, r[t]) - f(c[t], r[t]);
          surplus += c[t] - r[t];
        }
        if (score > best + kEps || (score > best - kEps && surplus > best_surplus + kEps)) {
          best = score;
          best_surplus = surplus;
          best_o = o;
        }
      }
      w.br[j] = static_cast<int8_t>(best_o);
    }
  }

  // Greedy helpers: gain (cost decrease) of adding one agent, as prefix sums per group.
  void refresh_prefix(int g) {
    auto& pre = prefix_[g];
    const int* c = &cov_[static_cast<size_t>(g) * n_];
    const double* r = &req_[static_cast<size_t>(g) * n_];
    pre[0] = 0;
    for (int t = 0; t < n_; ++t) pre[t + 1] = pre[t] + f(c[t], r[t]) - f(c[t] + 1, r[t]);
  }
  // The gain of w (breaks in the middle of their windows) before preferences.
  double gain_of(int d, const Work& w) const {
    const Shape& s = shape(w);
    const auto& pre = prefix_[w.skill];
    const int t0 = d * ipd_ + w.start_iv;
    auto seg = [&](int from, int to) {
      const int a = std::min(t0 + from, n_);
      const int b = std::min(t0 + to, n_);
      return pre[b] - pre[a];
    };
    double g = seg(0, s.len_iv);
    for (int j = 0; j < s.n_slots; ++j) {
      const int o = (s.slots[j].e + s.slots[j].l) / 2;
      g -= seg(o, o + s.slots[j].len);
    }
    return g;
  }
  // The best single shift agent a can add on a day off (in week `week` when >= 0) within the
  // rules except the weekly minimum; only gains above 0 unless allow_negative.
  std::optional<Change> best_addition(int a, bool allow_negative, int week);
  // The best replacement of one of a's shifts in `week` by one with more paid minutes.
  std::optional<Change> best_longer(int a, int week);
  double commit(int a, const Change& ch) {
    double delta = 0;
    if (ch.old_work.on()) delta += apply(ch.day, ch.old_work, -1);
    Work w = ch.new_work;
    if (w.on()) {
      if (ch.place) place_breaks(ch.day, w);
      delta += apply(ch.day, w, +1);
    }
    at(a, ch.day) = w;
    dw_[static_cast<size_t>(a) * days_ + ch.day] = day_work(ch.day, w);
    return delta;
  }
  int week_paid(int a, int week) const {
    int paid = 0;
    for (int d = 7 * week; d < 7 * week + 7; ++d) {
      paid += dw_[static_cast<size_t>(a) * days_ + d].works
                  ? dw_[static_cast<size_t>(a) * days_ + d].paid_min
                  : 0;
    }
    return paid;
  }
  double total_cost() const {
    double cost = 0;
    for (size_t i = 0; i < cov_.size(); ++i) cost += f(cov_[i], req_[i]);
    int pen = 0;
    for (size_t i = 0; i < work_.size(); ++i) {
      pen += penalty(static_cast<int>(i / days_), static_cast<int>(i % days_), work_[i]);
    }
    return cost + p_.weights.preference * pen;
  }

  const ScheduleProblem& p_;
  const int iv_, ipd_, n_, days_, groups_;
  std::vector<std::vector<Shape>> shapes_;   // [template][length index]
  std::vector<detail::AgentCalendar> cal_;   // [agent]
  std::vector<std::vector<Cand>> cands_;     // [agent * days + day]
  std::vector<Work> work_;                   // [agent * days + day]
  std::vector<detail::DayWork> dw_;          // [agent * days + day], mirrors work_
  std::vector<int> cov_;                     // [group * n + interval]
  std::vector<double> req_;                  // [group * n + interval]
  std::vector<std::vector<double>> prefix_;  // greedy only: [group][interval + 1]
  std::vector<detail::DayWork> scratch_;     // one agent's days, for feasible()
};

std::optional<Change> Generator::best_addition(int a, bool allow_negative, int week) {
  const Agent& ag = p_.agents[a];
  std::optional<Change> best;
  double best_gain = allow_negative ? -1e300 : kEps;
  const int d0 = week >= 0 ? 7 * week : 0;
  const int d1 = week >= 0 ? 7 * week + 7 : days_;
  for (int d = d0; d < d1; ++d) {
    if (at(a, d).on()) continue;
    for (const Cand& c : cands(a, d)) {
      Work w;
      w.tmpl = c.tmpl;
      w.start_iv = c.start_iv;
      w.len_idx = static_cast<int8_t>(c.len_idx);
      const double pen = p_.weights.preference * penalty(a, d, w);
      bool checked = false;
      for (int g : ag.skills) {
        w.skill = static_cast<int8_t>(g);
        const double gain = gain_of(d, w) - pen;
        if (gain <= best_gain) continue;
        Change ch{d, Work{}, w, true};
        if (!checked) {
          if (!feasible(a, &ch, 1, false)) break;
          checked = true;
        }
        best_gain = gain;
        best = ch;
      }
    }
  }
  return best;
}

std::optional<Change> Generator::best_longer(int a, int week) {
  const Agent& ag = p_.agents[a];
  std::optional<Change> best;
  double best_gain = -1e300;
  for (int d = 7 * week; d < 7 * week + 7; ++d) {
    const Work old = at(a, d);
    if (!old.on()) continue;
    apply(d, old, -1);
    refresh_prefix(old.skill);
    const double old_pen = p_.weights.preference * penalty(a, d, old);
    for (const Cand& c : cands(a, d)) {
      Work w;
      w.tmpl = c.tmpl;
      w.start_iv = c.start_iv;
      w.len_idx = static_cast<int8_t>(c.len_idx);
      if (shape(w).paid_min <= shape(old).paid_min) continue;
      Change ch{d, old, w, true};
      if (!feasible(a, &ch, 1, false)) continue;
      const double pen = p_.weights.preference * penalty(a, d, w) - old_pen;
      for (int g : ag.skills) {
        w.skill = static_cast<int8_t>(g);
        const double gain = gain_of(d, w) - pen;
        if (gain > best_gain) {
          best_gain = gain;
          ch.new_work = w;
          best = ch;
        }
      }
    }
    apply(d, old, +1);
    refresh_prefix(old.skill);
  }
  return best;
}

Result<void> Generator::greedy() {
  prefix_.assign(groups_, std::vector<double>(n_ + 1, 0));
  for (int g = 0; g < groups_; ++g) refresh_prefix(g);
  const int n_agents = static_cast<int>(p_.agents.size());
  // Most constrained first: fewest skills, then fewest candidate shifts.
  std::vector<int> order(n_agents);
  std::vector<size_t> n_cands(n_agents, 0);
  for (int a = 0; a < n_agents; ++a) {
    order[a] = a;
    for (int d = 0; d < days_; ++d) n_cands[a] += cands(a, d).size();
  }
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    const size_t sx = p_.agents[x].skills.size();
    const size_t sy = p_.agents[y].skills.size();
    return sx != sy ? sx < sy : n_cands[x] < n_cands[y];
  });
  for (bool added = true; added;) {
    added = false;
    for (int a : order) {
      if (auto ch = best_addition(a, false, -1)) {
        commit(a, *ch);
        refresh_prefix(ch->new_work.skill);
        added = true;
      }
    }
  }
  // Contract minimums.
  for (int a : order) {
    for (int week = 0; week < days_ / 7; ++week) {
      while (week_paid(a, week) < cal_[a].min_week_min[week]) {
        std::optional<Change> ch = best_addition(a, true, week);
        if (!ch) ch = best_longer(a, week);
        if (!ch) {
          const std::string field = "agents[" + std::to_string(a) + "].contract.min_weekly_min";
          return make_error(ErrorCode::kInvalidArgument,
                            field + ": " + p_.agents[a].id + " cannot work " +
                                std::to_string(cal_[a].min_week_min[week]) + " paid min in week " +
                                std::to_string(week) +
                                " within the availability, leave, templates and rules",
                            field);
        }
        commit(a, *ch);
        if (ch->old_work.on()) refresh_prefix(ch->old_work.skill);
        refresh_prefix(ch->new_work.skill);
      }
    }
  }
  prefix_.clear();
  return {};
}

void Generator::local_search(const GenerateOptions& o, GenerateResult& out) {
  const int n_agents = static_cast<int>(p_.agents.size());
  std::vector<int> movable;
  for (int a = 0; a < n_agents; ++a) {
    for (int d = 0; d < days_; ++d) {
      if (!cands(a, d).empty()) {
        movable.push_back(a);
        break;
      }
    }
  }
  if (movable.empty() || o.max_iterations == 0) return;
  Rng rng{o.seed};
  double cost = total_cost();
  std::vector<double> history(o.late_acceptance_length, cost);
  double best_cost = cost;
  bool best_is_current = true;
  std::vector<Work> best_work;
  std::vector<int> on_days;
  std::vector<int> off_days;
  std::array<Change, 2> ch{};
  int64_t it = 0;
  for (; it < o.max_iterations; ++it) {
    if ((it & 4095) == 0 && o.stop && o.stop()) break;
    const int a = movable[rng.below(static_cast<int>(movable.size()))];
    const Agent& ag = p_.agents[a];
    on_days.clear();
    off_days.clear();
    for (int d = 0; d < days_; ++d) {
      if (at(a, d).on()) {
        on_days.push_back(d);
      } else if (!cands(a, d).empty()) {
        off_days.push_back(d);
      }
    }
    auto random_work = [&](int d, int skill) {
      const auto& cs = cands(a, d);
      const Cand& c = cs[rng.below(static_cast<int>(cs.size()))];
      Work w;
      w.tmpl = c.tmpl;
      w.start_iv = c.start_iv;
      w.len_idx = static_cast<int8_t>(c.len_idx);
      w.skill = static_cast<int8_t>(skill);
      return w;
    };
    auto random_skill = [&] { return ag.skills[rng.below(static_cast<int>(ag.skills.size()))]; };
    int n_ch = 0;
    int kind = rng.below(100);
    if (on_days.empty()) kind = 80;  // only an addition is possible
    if (off_days.empty() && kind >= 65 && kind < 90) kind = 0;
    if (kind < 45) {  // re-time: start, length, another candidate or skill
      const int d = on_days[rng.below(static_cast<int>(on_days.size()))];
      const Work old = at(a, d);
      Work w = old;
      switch (rng.below(4)) {
        case 0: {
          const int step = p_.templates[old.tmpl].start_step_min / iv_;
          w.start_iv = static_cast<int16_t>(old.start_iv + (rng.below(2) ? step : -step));
          break;
        }
        case 1:
          w.len_idx = static_cast<int8_t>(old.len_idx + (rng.below(2) ? 1 : -1));
          break;
        case 2:
          w = random_work(d, old.skill);
          break;
        default:
          w.skill = static_cast<int8_t>(random_skill());
          break;
      }
      if (!cand_ok(a, d, w.tmpl, w.start_iv, w.len_idx)) continue;
      ch[n_ch++] = Change{d, old, w, true};
    } else if (kind < 65) {  // breaks: move one, or re-place all
      const int d = on_days[rng.below(static_cast<int>(on_days.size()))];
      const Work old = at(a, d);
      const Shape& s = shape(old);
      if (s.n_slots == 0) continue;
      Work w = old;
      bool place = true;
      if (rng.below(2)) {
        const int j = rng.below(s.n_slots);
        const Slot& sl = s.slots[j];
        w.br[j] = static_cast<int8_t>(sl.e + rng.below(sl.l - sl.e + 1));
        place = false;
      }
      ch[n_ch++] = Change{d, old, w, place};
    } else if (kind < 80) {  // move a shift to a day off
      const int d = on_days[rng.below(static_cast<int>(on_days.size()))];
      const int d2 = off_days[rng.below(static_cast<int>(off_days.size()))];
      const Work old = at(a, d);
      Work w = old;
      if (rng.below(2) || !cand_ok(a, d2, w.tmpl, w.start_iv, w.len_idx)) {
        w = random_work(d2, old.skill);
      }
      ch[n_ch++] = Change{d, old, Work{}, false};
      ch[n_ch++] = Change{d2, Work{}, w, true};
    } else if (kind < 90) {  // add a shift
      if (off_days.empty()) continue;
      const int d = off_days[rng.below(static_cast<int>(off_days.size()))];
      ch[n_ch++] = Change{d, Work{}, random_work(d, random_skill()), true};
    } else {  // remove a shift
      const int d = on_days[rng.below(static_cast<int>(on_days.size()))];
      ch[n_ch++] = Change{d, at(a, d), Work{}, false};
    }
    if (!feasible(a, ch.data(), n_ch, true)) continue;
    double delta = 0;
    for (int i = 0; i < n_ch; ++i) {
      if (ch[i].old_work.on()) {
        delta += apply(ch[i].day, ch[i].old_work, -1);
        delta -= p_.weights.preference * penalty(a, ch[i].day, ch[i].old_work);
      }
    }
    for (int i = 0; i < n_ch; ++i) {
      if (!ch[i].new_work.on()) continue;
      if (ch[i].place) place_breaks(ch[i].day, ch[i].new_work);
      delta += apply(ch[i].day, ch[i].new_work, +1);
      delta += p_.weights.preference * penalty(a, ch[i].day, ch[i].new_work);
    }
    const double next = cost + delta;
    double& h = history[it % o.late_acceptance_length];
    if (next <= cost + kEps || next <= h + kEps) {
      if (best_is_current && next > best_cost + kEps) best_work = work_;  // leaving the best
      for (int i = 0; i < n_ch; ++i) {
        at(a, ch[i].day) = ch[i].new_work;
        dw_[static_cast<size_t>(a) * days_ + ch[i].day] = day_work(ch[i].day, ch[i].new_work);
      }
      cost = next;
      ++out.accepted_moves;
      if (cost <= best_cost + kEps) {
        best_is_current = true;
        best_cost = std::min(best_cost, cost);
      } else {
        best_is_current = false;
      }
    } else {
      for (int i = n_ch - 1; i >= 0; --i) {
        if (ch[i].new_work.on()) apply(ch[i].day, ch[i].new_work, -1);
      }
      for (int i = n_ch - 1; i >= 0; --i) {
        if (ch[i].old_work.on()) apply(ch[i].day, ch[i].old_work, +1);
      }
    }
    h = cost;
  }
  out.iterations = it;
  if (!best_is_current) work_ = std::move(best_work);
}

Schedule Generator::schedule_of(const std::vector<Work>& work) const {
  Schedule s;
  for (size_t i = 0; i < work.size(); ++i) {
    const Work& w = work[i];
    if (!w.on()) continue;
    const Shape& sh = shape(w);
    Shift shift{.agent = static_cast<int>(i / days_),
                .day = static_cast<int>(i % days_),
                .template_index = w.tmpl,
                .start_min = w.start_iv * iv_,
                .length_min = sh.len_min,
                .skill = w.skill,
                .breaks = {}};
    for (int j = 0; j < sh.n_slots; ++j) {
      shift.breaks.push_back(PlacedBreak{w.br[j] * iv_, sh.slots[j].len * iv_});
    }
    s.shifts.push_back(std::move(shift));
  }
  return s;
}

}  // namespace

Result<GenerateResult> generate(const ScheduleProblem& problem, const GenerateOptions& options) {
  if (auto v = validate(problem); !v) return std::unexpected(v.error());
  if (options.max_iterations < 0) {
    return make_error(ErrorCode::kInvalidArgument, "max_iterations: must be >= 0",
                      "max_iterations");
  }
  if (options.late_acceptance_length < 1) {
    return make_error(ErrorCode::kInvalidArgument, "late_acceptance_length: must be >= 1",
                      "late_acceptance_length");
  }
  Generator gen(problem);
  if (auto g = gen.greedy(); !g) return std::unexpected(g.error());
  GenerateResult out;
  Schedule greedy = gen.schedule_of(gen.work());
  out.greedy = evaluate(greedy, problem);
  if (options.method == ScheduleMethod::kGreedy) {
    out.schedule = std::move(greedy);
    out.report = out.greedy;
    return out;
  }
  gen.local_search(options, out);
  out.schedule = gen.schedule_of(gen.work());
  out.report = evaluate(out.schedule, problem);
  if (out.report.objective > out.greedy.objective) {  // only by rounding; keep the promise
    out.schedule = std::move(greedy);
    out.report = out.greedy;
  }
  return out;
}

}  // namespace switchyard::wfm
