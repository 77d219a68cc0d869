#include "sim/simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace switchyard::sim {

namespace {

using core::AgentState;
using core::EventType;

// An agent the engine set not ready (missed offers) returns after this.
constexpr int64_t kReadyAgainMs = 30'000;
// The stream index of the customers' draws (queues use 0, 1, 2, ...).
constexpr uint64_t kCustomerStream = UINT64_MAX;

metrics::KpiOptions kpi_options(const Scenario& sc, const SimOptions& opts) {
  metrics::KpiOptions o;
  o.per_queue_intervals = opts.per_queue_intervals;
  o.short_abandon_ms = sc.short_abandon_ms;
  o.stats_from_ms = sc.simulation.warmup_ms;
  o.interval_ms = sc.simulation.interval_ms;
  o.fcr_window_ms = sc.customers.fcr_window_ms;
  return o;
}

// Stream seed of queue `i`: independent streams so that one queue's draws do
// not shift another's.
uint64_t stream_seed(uint64_t seed, uint64_t i) { return splitmix64(splitmix64(seed) ^ (i * 0x9E3779B97F4A7C15ull)); }

Error named(const Error& e, std::string_view what) {
  Error out = e;
  out.message = fmt::format("{}: {}", what, e.message);
  return out;
}

}  // namespace

Simulator::Simulator(Scenario scenario, SimOptions opts)
    : scenario_(std::move(scenario)), opts_(std::move(opts)), clock_(opts_.start_ms), kpis_(kpi_options(scenario_, opts_)) {
  engine_ = std::make_unique<core::Engine>(clock_, static_cast<core::EventSink*>(this));
  stats_.seed = opts_.seed.value_or(scenario_.simulation.seed);
  notes_.reserve(256);
  // Where the run starts on the local calendar (1970-01-01 was a Thursday).
  const int64_t local_ms = opts_.start_ms + opts_.utc_offset_ms;
  const int64_t day = local_ms >= 0 ? local_ms / kDayMs : -((-local_ms + kDayMs - 1) / kDayMs);
  day_phase_ms_ = local_ms - day * kDayMs;
  first_weekday_ = static_cast<int>(((day + 3) % 7 + 7) % 7);
}

Simulator::~Simulator() = default;

void Simulator::on_event(const core::Event& e) {
  ++stats_.engine_events;
  if (opts_.start_ms == 0) {
    kpis_.on_event(e);
  } else {
    // The KPI collector counts time (intervals, warm-up) from the run's start.
    core::Event since_start = e;
    since_start.time_ms -= opts_.start_ms;
    kpis_.on_event(since_start);
  }
  switch (e.type()) {
    case EventType::kContactOffered:
    case EventType::kContactAccepted:
    case EventType::kContactAbandoned:
    case EventType::kContactExpired:
    case EventType::kContactCompleted:
    case EventType::kCallbackRequested:
      notes_.push_back(Note{e.type(), e.contact(), e.agent(), AgentState::kLoggedOut});
      break;
    case EventType::kAgentStateChanged:
      notes_.push_back(Note{e.type(), core::kNoContact, e.agent(), e.as<core::ev::AgentStateChanged>()->state});
      break;
    default: break;
  }
  if (tap_) tap_->on_event(e);
}

void Simulator::push(int64_t t_ms, Kind kind, uint32_t a, uint64_t c) {
  heap_.push(SimEvent{t_ms, seq_++, c, a, kind});
}

void Simulator::check(const Result<void>& r) {
  if (!r) ++stats_.rejected_commands;
}

Simulator::ContactRt* Simulator::find(core::ContactId c) {
  const auto slot = static_cast<uint32_t>(c);
  if (slot >= contacts_.size()) return nullptr;
  ContactRt& r = contacts_[slot];
  return (r.gen != 0 && r.gen == static_cast<uint32_t>(c >> 32)) ? &r : nullptr;
}

// ---- setup ------------------------------------------------------------------------

Result<void> Simulator::setup() {
  const Scenario& sc = scenario_;
  core::Engine& eng = *engine_;
  if (auto r = eng.set_settings(sc.settings); !r) return std::unexpected(named(r.error(), "routing"));
  std::vector<core::SkillId> skill_ids;
  for (const auto& s : sc.skills) {
    auto r = eng.define_skill(s);
    if (!r) return std::unexpected(named(r.error(), fmt::format("skill '{}'", s)));
    skill_ids.push_back(*r);
  }
  std::vector<core::TeamId> team_ids;
  for (const auto& t : sc.teams) {
    auto r = eng.define_team(t);
    if (!r) return std::unexpected(named(r.error(), fmt::format("team '{}'", t)));
    team_ids.push_back(*r);
  }
  std::vector<core::SiteId> site_ids;
  for (const auto& s : sc.sites) {
    auto r = eng.define_site(s);
    if (!r) return std::unexpected(named(r.error(), fmt::format("site '{}'", s)));
    site_ids.push_back(*r);
  }
  // Queues in two passes: names first, so cross references resolve.
  std::vector<core::QueueId> queue_ids;
  for (const auto& q : sc.queues) {
    core::QueueConfig bare;
    bare.name = q.config.name;
    bare.channel = q.config.channel;
    auto r = eng.configure_queue(bare);
    if (!r) return std::unexpected(named(r.error(), fmt::format("queue '{}' (line {})", q.config.name, q.line)));
    queue_ids.push_back(*r);
  }
  auto map_reqs = [&](std::vector<core::SkillRequirement>& v) {
    for (auto& req : v) req.skill = skill_ids[req.skill];
  };
  auto map_ids = [](std::vector<uint32_t>& v, const std::vector<uint32_t>& ids) {
    for (auto& x : v) x = ids[x];
  };
  queues_.resize(sc.queues.size());
  for (size_t i = 0; i < sc.queues.size(); ++i) {
    const QueueSpec& q = sc.queues[i];
    core::QueueConfig cfg = q.config;
    map_reqs(cfg.skills);
    if (cfg.exit_target != core::kNoId) cfg.exit_target = queue_ids[cfg.exit_target];
    map_ids(cfg.sites, site_ids);
    for (auto& step : cfg.bullseye) {
      for (auto& alt : step.alternative_skills) map_reqs(alt);
      map_ids(step.add_queues, queue_ids);
      map_ids(step.add_sites, site_ids);
    }
    map_ids(cfg.overflow.backup_queues, queue_ids);
    map_ids(cfg.overflow.backup_teams, team_ids);
    auto r = eng.configure_queue(cfg);
    if (!r) return std::unexpected(named(r.error(), fmt::format("queue '{}' (line {})", q.config.name, q.line)));
    QueueRt& rt = queues_[i];
    rt.id = *r;
    rt.rng = Rng(stream_seed(stats_.seed, i));
    rt.any_rate = std::any_of(q.rate_per_s.begin(), q.rate_per_s.end(), [](double x) { return x > 0; });
    const auto& wd = sc.simulation.weekday_factors;
    rt.max_rate = *std::max_element(q.rate_per_s.begin(), q.rate_per_s.end()) *
                  (wd.empty() ? 1.0 : *std::max_element(wd.begin(), wd.end()));
    rt.spec.queue = rt.id;
    rt.spec.channel = cfg.channel;
  }
  double cum = 0;
  for (const auto& g : sc.customer_groups) group_cum_share_.push_back(cum += g.share);
  customer_rng_ = Rng(stream_seed(stats_.seed, kCustomerStream));
  group_agents_.resize(sc.agents.size());
  for (size_t g = 0; g < sc.agents.size(); ++g) {
    const AgentGroupSpec& spec = sc.agents[g];
    core::AgentConfig cfg;
    cfg.team = spec.team == core::kNoId ? core::kNoId : team_ids[spec.team];
    cfg.site = spec.site == core::kNoId ? core::kNoId : site_ids[spec.site];
    cfg.skills = spec.skills;
    for (auto& s : cfg.skills) s.skill = skill_ids[s.skill];
    cfg.capacity = spec.capacity;
    for (int n = 1; n <= spec.count; ++n) {
      cfg.name = sc.agent_name(g, n);
      auto r = eng.configure_agent(cfg);
      if (!r) return std::unexpected(named(r.error(), fmt::format("agent '{}'", cfg.name)));
      const core::AgentId a = *r;
      if (a >= agents_.size()) {
        agents_.resize(a + 1);
        answer_delay_ms_.resize(a + 1);
      }
      agents_[a].group = static_cast<uint32_t>(g);
      answer_delay_ms_[a] = spec.answer_delay_ms;
      group_agents_[g].push_back(a);
    }
  }
  // Shifts: groups without one work the whole run.
  for (size_t g = 0; g < sc.agents.size(); ++g) {
    const AgentGroupSpec& spec = sc.agents[g];
    const auto gi = static_cast<uint32_t>(g);
    if (!spec.on_duty_ms.empty()) {
      // Periods since the run's start, touching ones joined (a shift end and
      // a start at one instant would otherwise log the agent out).
      std::vector<std::pair<int64_t, int64_t>> periods = spec.on_duty_ms;
      std::sort(periods.begin(), periods.end());
      int64_t from = -1, to = -1;
      auto flush = [&] {
        if (to > from && to > 0 && from < sc.simulation.duration_ms)
          push(std::max<int64_t>(from, 0), Kind::kShiftStartOnce, gi, static_cast<uint64_t>(to));
      };
      for (const auto& [s, e] : periods) {
        if (s <= to) {
          to = std::max(to, e);
          continue;
        }
        flush();
        from = s;
        to = e;
      }
      flush();
      continue;
    }
    if (!spec.has_shift) {
      push(0, Kind::kShiftStartOnce, gi, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
      continue;
    }
    int64_t len = (spec.shift_end_ms - spec.shift_start_ms + kDayMs) % kDayMs;
    if (len == 0) len = kDayMs;
    // The last shift start at or before the run's start (simulated time <= 0).
    int64_t last_start = spec.shift_start_ms - day_phase_ms_;
    if (last_start > 0) last_start -= kDayMs;
    if (last_start == 0) {
      push(0, Kind::kShiftStart, gi, static_cast<uint64_t>(len));
      continue;
    }
    // That shift (yesterday's, or earlier today's) may still run at time 0.
    if (last_start + len > 0) push(0, Kind::kShiftStartOnce, gi, static_cast<uint64_t>(last_start + len));
    push(last_start + kDayMs, Kind::kShiftStart, gi, static_cast<uint64_t>(last_start + kDayMs + len));
  }
  for (size_t i = 0; i < queues_.size(); ++i) {
    queues_[i].next_s = 0;
    schedule_next_arrival(static_cast<uint32_t>(i));
  }
  drain();
  ready_ = true;
  return {};
}

// ---- arrivals ---------------------------------------------------------------------

size_t Simulator::interval_at(double t_s, double& segment_end_s) const {
  const double interval_s = static_cast<double>(scenario_.simulation.interval_ms) / 1000.0;
  const double phase_s = static_cast<double>(day_phase_ms_) / 1000.0;
  // Profiles start at local midnight of day 1 (phase_s before the run).
  const double k = std::floor((t_s + phase_s) / interval_s);
  segment_end_s = (k + 1) * interval_s - phase_s;
  return static_cast<size_t>(k);
}

double Simulator::rate_at(uint32_t qi, double t_s, double& segment_end_s) const {
  const std::vector<double>& rate = scenario_.queues[qi].rate_per_s;
  const double phase_s = static_cast<double>(day_phase_ms_) / 1000.0;
  double r = rate[interval_at(t_s, segment_end_s) % rate.size()];
  const std::vector<double>& weekdays = scenario_.simulation.weekday_factors;
  if (!weekdays.empty()) {
    const double day = std::floor((t_s + phase_s) / 86'400.0);
    r *= weekdays[static_cast<size_t>(first_weekday_ + static_cast<int64_t>(day)) % 7];
    segment_end_s = std::min(segment_end_s, (day + 1) * 86'400.0 - phase_s);
  }
  return r;
}

// Non-homogeneous Poisson process with a piecewise-constant, cyclic rate:
// draw a unit-rate exponential and walk the integrated rate to its inverse.
void Simulator::schedule_next_arrival(uint32_t qi) {
  QueueRt& q = queues_[qi];
  if (!q.any_rate) return;
  const double end_s = static_cast<double>(scenario_.simulation.duration_ms) / 1000.0;
  double e = q.rng.exponential(1.0);
  double t = q.next_s;
  while (t <= end_s) {
    double boundary = 0;
    const double r = rate_at(qi, t, boundary);
    if (r > 0 && e <= r * (boundary - t)) {
      q.next_s = t + e / r;
      push(std::llround(q.next_s * 1000.0), Kind::kArrival, qi, 0);
      return;
    }
    e -= r * (boundary - t);
    t = boundary;
  }
}

int Simulator::customer_group(uint64_t n) const {
  // A fixed uniform per customer, against the groups' cumulative shares.
  const double u = static_cast<double>(splitmix64(stats_.seed ^ (n * 0xD1B54A32D192ED03ull)) >> 11) * 0x1.0p-53;
  for (size_t g = 0; g < group_cum_share_.size(); ++g)
    if (u < group_cum_share_[g]) return static_cast<int>(g);
  return -1;
}

void Simulator::maybe_repeat(const ContactRt& c) {
  constexpr int kMaxDraws = 64;
  const CustomerSpec& cs = scenario_.customers;
  if (c.customer == 0 || cs.repeat_probability <= 0) return;
  // Fixed draw order per handled contact: whether, then when. When: a
  // repeat_after draw, kept with probability rate / max rate of the queue
  // at that time (thinning), so that customers call back in the hours and
  // on the days customers call; after kMaxDraws the last draw stands.
  if (customer_rng_.uniform() >= cs.repeat_probability) return;
  const QueueRt& q = queues_[c.queue];
  int64_t at = 0;
  for (int i = 0; i < kMaxDraws; ++i) {
    at = now() + std::max<int64_t>(customer_rng_.sample_ms(cs.repeat_after), 0);
    if (q.max_rate <= 0) break;
    double segment_end_s = 0;
    const double rate = rate_at(c.queue, static_cast<double>(at) / 1000.0, segment_end_s);
    if (customer_rng_.uniform() * q.max_rate < rate) break;
  }
  push(at, Kind::kRepeat, c.queue, c.customer);
}

void Simulator::arrival(uint32_t qi, uint64_t customer) {
  QueueRt& q = queues_[qi];
  const QueueSpec& spec = scenario_.queues[qi];
  // Fixed draw order per arrival: group (without customers), handle time,
  // patience; the customer from the customers' stream.
  q.spec.priority = 0;
  q.spec.customer_group.clear();
  int group = -1;
  if (scenario_.customers.count > 0) {
    if (customer == 0)
      customer = 1 + std::min<uint64_t>(static_cast<uint64_t>(customer_rng_.uniform() *
                                                              static_cast<double>(scenario_.customers.count)),
                                        static_cast<uint64_t>(scenario_.customers.count) - 1);
    q.spec.customer_id = fmt::format("cust-{}", customer);
    group = customer_group(customer);
  } else if (!group_cum_share_.empty()) {
    const double u = q.rng.uniform();
    for (size_t g = 0; g < group_cum_share_.size(); ++g) {
      if (u < group_cum_share_[g]) {
        group = static_cast<int>(g);
        break;
      }
    }
  }
  if (group >= 0) {
    q.spec.priority = scenario_.customer_groups[static_cast<size_t>(group)].priority;
    q.spec.customer_group = scenario_.customer_groups[static_cast<size_t>(group)].name;
  }
  int64_t handle_ms = std::max<int64_t>(q.rng.sample_ms(spec.handle), 1);
  if (!spec.handle_factor.empty()) {
    double segment_end_s = 0;
    const size_t k = interval_at(static_cast<double>(now()) / 1000.0, segment_end_s);
    const double f = spec.handle_factor[k % spec.handle_factor.size()];
    handle_ms = std::max<int64_t>(std::llround(static_cast<double>(handle_ms) * f), 1);
  }
  const int64_t patience_ms = q.rng.sample_ms(spec.patience);
  ++stats_.arrivals;
  auto r = engine_->create_contact(q.spec);
  if (r && r->state != core::ContactState::kRefused) {
    const core::ContactId c = r->id;
    const auto slot = static_cast<uint32_t>(c);
    if (slot >= contacts_.size()) contacts_.resize(std::max<size_t>(slot + 1, contacts_.size() * 2));
    contacts_[slot] = ContactRt{static_cast<uint32_t>(c >> 32), qi, customer, handle_ms, ContactRt::kWaiting};
    drain();
    // Only a contact still waiting after its arrival can abandon (most are
    // answered at once in a well-staffed center: no heap entry for them).
    const ContactRt& rt = contacts_[slot];
    if (patience_ms >= 0 && rt.gen == static_cast<uint32_t>(c >> 32) && rt.state == ContactRt::kWaiting) {
      push(now() + patience_ms, Kind::kAbandon, 0, c);
    }
  } else {
    if (!r) ++stats_.rejected_commands;
    drain();
  }
}

// ---- engine events ------------------------------------------------------------------

void Simulator::drain() {
  // Handling a note may call the engine, which appends more notes.
  for (size_t i = 0; i < notes_.size(); ++i) handle(Note(notes_[i]));
  notes_.clear();
}

void Simulator::handle(const Note& n) {
  switch (n.type) {
    case EventType::kContactOffered: {
      const int64_t delay = n.agent < answer_delay_ms_.size() ? answer_delay_ms_[n.agent] : 0;
      if (delay == 0) {
        check(engine_->accept(n.agent, n.contact));
      } else {
        push(now() + delay, Kind::kAccept, n.agent, n.contact);
      }
      break;
    }
    case EventType::kContactAccepted:
      if (ContactRt* c = find(n.contact)) {
        c->state = ContactRt::kAccepted;
        push(now() + c->handle_ms, Kind::kEnd, n.agent, n.contact);
      }
      break;
    case EventType::kCallbackRequested:
      if (ContactRt* c = find(n.contact)) c->state = ContactRt::kCallback;
      break;
    case EventType::kContactCompleted:
      if (ContactRt* c = find(n.contact)) {
        c->gen = 0;
        maybe_repeat(*c);
      }
      break;
    case EventType::kContactAbandoned:
    case EventType::kContactExpired:
      if (ContactRt* c = find(n.contact)) c->gen = 0;
      break;
    case EventType::kAgentStateChanged: {
      if (n.agent >= agents_.size()) break;
      AgentRt& a = agents_[n.agent];
      a.state = n.state;
      if (a.state == AgentState::kLoggedOut) a.leaving = false;
      if (a.state != AgentState::kNotReady) break;
      if (a.leaving) {
        check(engine_->logout(n.agent));
      } else if (a.on_shift && !a.ready_pending) {
        // The engine set the agent not ready (missed offers): back shortly.
        a.ready_pending = true;
        push(now() + kReadyAgainMs, Kind::kReadyAgain, n.agent, 0);
      }
      break;
    }
    default: break;
  }
}

// ---- shifts -----------------------------------------------------------------------

void Simulator::shift_start(uint32_t g) {
  for (core::AgentId a : group_agents_[g]) {
    AgentRt& rt = agents_[a];
    rt.on_shift = true;
    if (rt.state == AgentState::kLoggedOut) {
      check(engine_->login(a, true));
    } else if (rt.leaving) {
      // Still finishing the last shift's work: simply stays on.
      rt.leaving = false;
      check(engine_->set_ready(a));
    }
    drain();
  }
}

void Simulator::shift_end(uint32_t g) {
  for (core::AgentId a : group_agents_[g]) {
    AgentRt& rt = agents_[a];
    if (!rt.on_shift) continue;
    rt.on_shift = false;
    rt.leaving = true;
    check(engine_->set_not_ready(a, "end_of_shift"));
    drain();
    // Already idle and not ready before: no state change will come.
    if (rt.leaving && rt.state == AgentState::kNotReady) {
      check(engine_->logout(a));
      drain();
    }
  }
}

// ---- the loop -----------------------------------------------------------------------

void Simulator::dispatch(const SimEvent& ev) {
  switch (ev.kind) {
    case Kind::kArrival:
      arrival(ev.a);
      schedule_next_arrival(ev.a);
      return;
    case Kind::kRepeat:
      ++stats_.repeat_arrivals;
      arrival(ev.a, ev.c);
      return;
    case Kind::kAccept: check(engine_->accept(ev.a, ev.c)); break;
    case Kind::kEnd: check(engine_->end_contact(ev.a, ev.c)); break;
    case Kind::kAbandon:
      // Lazy cancellation: only a contact still waiting (queued or ringing) leaves.
      if (ContactRt* c = find(ev.c); c && c->state == ContactRt::kWaiting) check(engine_->abandon(ev.c));
      break;
    case Kind::kShiftStart:
      push(ev.t_ms + kDayMs, Kind::kShiftStart, ev.a, ev.c + kDayMs);
      [[fallthrough]];
    case Kind::kShiftStartOnce:
      push(static_cast<int64_t>(ev.c), Kind::kShiftEnd, ev.a, 0);
      shift_start(ev.a);
      return;
    case Kind::kShiftEnd: shift_end(ev.a); return;
    case Kind::kReadyAgain: {
      AgentRt& a = agents_[ev.a];
      a.ready_pending = false;
      if (a.on_shift && !a.leaving && a.state == AgentState::kNotReady) check(engine_->set_ready(ev.a));
      break;
    }
  }
  drain();
}

void Simulator::run() {
  if (!ready_) return;
  const int64_t end_ms = scenario_.simulation.duration_ms;
  const int64_t step_ms = std::max<int64_t>(end_ms / 100, 1);
  int64_t next_progress_ms = step_ms;
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  constexpr int kMaxAdvancesPerInstant = 100'000;
  int64_t last_advance_ms = -1;
  int same_instant_advances = 0;
  for (;;) {
    const int64_t own = heap_.empty() ? kNever : heap_.top().t_ms;
    const std::optional<int64_t> timer = engine_->next_timer_ms();
    const int64_t eng = timer ? *timer - opts_.start_ms : kNever;
    const int64_t t = std::min(own, eng);
    if (t > end_ms) break;
    set_now(t);
    // Guard against an engine whose due timer never fires: after many
    // advances at one instant, let the simulator's own events run.
    same_instant_advances = (t == last_advance_ms) ? same_instant_advances : 0;
    if (eng <= own && (same_instant_advances < kMaxAdvancesPerInstant || own == kNever)) {
      if (same_instant_advances >= kMaxAdvancesPerInstant) break;
      ++same_instant_advances;
      last_advance_ms = t;
      // Engine timers first at equal times (offer timeouts, ACW ends, steps).
      engine_->advance();
      drain();
    } else {
      if (eng <= own) ++stats_.stalled_timers;
      set_now(own);
      const SimEvent ev = heap_.pop();
      ++stats_.sim_events;
      dispatch(ev);
    }
    if (opts_.progress && t >= next_progress_ms) {
      opts_.progress(t, end_ms);
      next_progress_ms = (t / step_ms + 1) * step_ms;
    }
  }
  set_now(end_ms);
  engine_->advance();
  drain();
  kpis_.close_time(end_ms);
  stats_.end_ms = end_ms;
  stats_.live_contacts = engine_->live_contacts();
  if (opts_.progress) opts_.progress(end_ms, end_ms);
}

}  // namespace switchyard::sim
