// Routing benchmark: a contact center in steady state near 90% occupancy,
// driven through the real engine and through a naive scan-everything router
// with the same arrivals, handle times and patience.
//
// Reports per case: engine events per second of time spent inside the router,
// and per-decision latency (each arrival and each agent-free call, which both
// make a routing decision) p50 / p99 / max in microseconds.
//
//   make bench   (or: build-release/bench/routing_bench --benchmark_counters_tabular=true)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>
#include <unordered_map>

#include "core/clock.h"
#include "core/engine.h"
#include "naive_router.h"

namespace switchyard::bench {
namespace {

using core::AgentId;
using core::ContactId;
using core::Engine;
using core::Event;

constexpr int kSkills = 20;
constexpr int kSkillsPerAgent = 3;
constexpr double kAhtMs = 300'000;       // exponential handle time
constexpr double kPatienceMs = 600'000;  // exponential patience
constexpr double kOccupancy = 0.9;

struct Center {
  std::vector<std::vector<std::pair<uint32_t, uint8_t>>> agent_skills;
  std::vector<std::pair<uint32_t, uint8_t>> queue_skill;  // (skill, min proficiency)
  double arrivals_per_ms = 0;
};

Center make_center(int agents, int queues, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Center c;
  for (int a = 0; a < agents; ++a) {
    std::vector<std::pair<uint32_t, uint8_t>> s;
    while (static_cast<int>(s.size()) < kSkillsPerAgent) {
      uint32_t k = static_cast<uint32_t>(rng() % kSkills);
      if (std::none_of(s.begin(), s.end(), [&](auto& p) { return p.first == k; }))
        s.push_back({k, static_cast<uint8_t>(1 + rng() % 5)});
    }
    c.agent_skills.push_back(std::move(s));
  }
  for (int q = 0; q < queues; ++q)
    c.queue_skill.push_back({static_cast<uint32_t>(q % kSkills), static_cast<uint8_t>(q % 4 == 0 ? 2 : 1)});
  c.arrivals_per_ms = kOccupancy * agents / kAhtMs;
  return c;
}

double exp_sample(std::mt19937_64& rng, double mean) {
  double u = (static_cast<double>(rng() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  return -std::log(u) * mean;
}

struct Sim {
  enum Kind { kArrival, kEnd, kAbandon };
  struct Ev {
    double t;
    Kind kind;
    uint64_t contact;
    uint32_t agent;
    bool operator>(const Ev& o) const { return t > o.t; }
  };
  std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> heap;
  std::mt19937_64 rng{7};
};

struct Stats {
  std::vector<double> decision_ns;
  double router_ns = 0;
  uint64_t events = 0;
  uint64_t contacts = 0;
  uint64_t answered = 0;   // over the whole run
  uint64_t arrived = 0;    // over the whole run
  double busy_sum = 0;     // busy agents seen by measured arrivals (PASTA: time average)
  int agents = 0;
};

// Router time is measured on the monotonic clock of core/clock.h.
double since_ns(int64_t t0_ns) { return static_cast<double>(monotonic_ns() - t0_ns); }

class Collect : public core::EventSink {
 public:
  void on_event(const Event& e) override {
    ++count;
    if (const auto* o = e.as<core::ev::ContactOffered>()) offers.push_back({o->contact, o->agent});
  }
  uint64_t count = 0;
  std::vector<std::pair<ContactId, AgentId>> offers;
};

// "prefix<i>". Appends rather than `"q" + std::to_string(i)`, whose inlined
// insert GCC 12 at -O3 flags with a false -Wrestrict (GCC bug 105329).
std::string numbered(const char* prefix, size_t i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

// Runs `total` contacts through the engine; measures the last 80%.
Stats run_engine(const Center& center, int total) {
  ManualClock clock(0);
  Collect sink;
  Engine engine(clock, &sink);
  core::EngineSettings st;
  st.offer_timeout_ms = 0;
  (void)engine.set_settings(st);
  for (int s = 0; s < kSkills; ++s) (void)engine.define_skill(numbered("skill", static_cast<size_t>(s)));
  for (size_t q = 0; q < center.queue_skill.size(); ++q) {
    core::QueueConfig qc;
    qc.name = numbered("q", q);
    qc.skills = {{center.queue_skill[q].first, center.queue_skill[q].second}};
    qc.acw_ms = 0;
    (void)engine.configure_queue(qc);
  }
  for (size_t a = 0; a < center.agent_skills.size(); ++a) {
    core::AgentConfig ac;
    ac.name = numbered("a", a);
    for (auto [k, p] : center.agent_skills[a]) ac.skills.push_back({k, p});
    (void)engine.configure_agent(ac);
    (void)engine.login(static_cast<AgentId>(a));
  }
  Sim sim;
  Stats stats;
  stats.agents = static_cast<int>(center.agent_skills.size());
  int busy = 0;
  std::unordered_map<ContactId, bool> waiting;  // contact -> still waiting
  const int warmup = total / 5;
  int arrived = 0;
  sim.heap.push({exp_sample(sim.rng, 1 / center.arrivals_per_ms), Sim::kArrival, 0, 0});
  auto take_offers = [&](double now) {
    for (auto [c, a] : sink.offers) {
      int64_t t0 = monotonic_ns();
      (void)engine.accept(a, c);
      if (arrived > warmup) stats.router_ns += since_ns(t0);
      waiting.erase(c);
      ++stats.answered;
      ++busy;
      sim.heap.push({now + exp_sample(sim.rng, kAhtMs), Sim::kEnd, c, a});
    }
    sink.offers.clear();
  };
  uint64_t events_at_warmup = 0;
  while (!sim.heap.empty() && arrived < total) {
    Sim::Ev ev = sim.heap.top();
    sim.heap.pop();
    clock.set_ms(static_cast<int64_t>(ev.t));
    bool measure = arrived > warmup;
    if (ev.kind == Sim::kArrival) {
      ++arrived;
      if (arrived == warmup + 1) events_at_warmup = sink.count;
      if (measure) stats.busy_sum += busy;
      core::ContactSpec spec;
      spec.queue = static_cast<core::QueueId>(sim.rng() % center.queue_skill.size());
      int64_t t0 = monotonic_ns();
      auto r = engine.create_contact(spec);
      double ns = since_ns(t0);
      if (measure) {
        stats.decision_ns.push_back(ns);
        stats.router_ns += ns;
        ++stats.contacts;
      }
      if (r && r->state == core::ContactState::kQueued) {
        waiting[r->id] = true;
        sim.heap.push({ev.t + exp_sample(sim.rng, kPatienceMs), Sim::kAbandon, r->id, 0});
      }
      take_offers(ev.t);
      sim.heap.push({ev.t + exp_sample(sim.rng, 1 / center.arrivals_per_ms), Sim::kArrival, 0, 0});
    } else if (ev.kind == Sim::kEnd) {
      int64_t t0 = monotonic_ns();
      (void)engine.end_contact(ev.agent, ev.contact);  // ACW 0: the agent is free and picks next
      double ns = since_ns(t0);
      --busy;
      if (measure) {
        stats.decision_ns.push_back(ns);
        stats.router_ns += ns;
      }
      take_offers(ev.t);
    } else if (waiting.count(ev.contact)) {
      int64_t t0 = monotonic_ns();
      (void)engine.abandon(ev.contact);
      if (measure) stats.router_ns += since_ns(t0);
      waiting.erase(ev.contact);
    }
  }
  stats.events = sink.count - events_at_warmup;
  stats.arrived = static_cast<uint64_t>(arrived);
  return stats;
}

Stats run_naive(const Center& center, int total) {
  std::vector<NaiveAgent> agents(center.agent_skills.size());
  for (size_t a = 0; a < agents.size(); ++a) {
    agents[a].prof.assign(kSkills, 0);
    for (auto [k, p] : center.agent_skills[a]) agents[a].prof[k] = p;
  }
  NaiveRouter router(std::move(agents), center.queue_skill);
  Sim sim;
  Stats stats;
  stats.agents = static_cast<int>(center.agent_skills.size());
  int busy = 0;
  const int warmup = total / 5;
  int arrived = 0;
  uint64_t next_id = 1;
  sim.heap.push({exp_sample(sim.rng, 1 / center.arrivals_per_ms), Sim::kArrival, 0, 0});
  while (!sim.heap.empty() && arrived < total) {
    Sim::Ev ev = sim.heap.top();
    sim.heap.pop();
    auto now = static_cast<int64_t>(ev.t);
    bool measure = arrived > warmup;
    if (ev.kind == Sim::kArrival) {
      ++arrived;
      uint64_t id = next_id++;
      if (measure) stats.busy_sum += busy;
      auto q = static_cast<uint32_t>(sim.rng() % center.queue_skill.size());
      int64_t t0 = monotonic_ns();
      int64_t a = router.arrive(id, q, 0, now);
      double ns = since_ns(t0);
      if (measure) {
        stats.decision_ns.push_back(ns);
        stats.router_ns += ns;
        ++stats.contacts;
      }
      if (a >= 0) {
        ++stats.answered;
        ++busy;
        sim.heap.push({ev.t + exp_sample(sim.rng, kAhtMs), Sim::kEnd, id, static_cast<uint32_t>(a)});
      } else {
        sim.heap.push({ev.t + exp_sample(sim.rng, kPatienceMs), Sim::kAbandon, id, 0});
      }
      sim.heap.push({ev.t + exp_sample(sim.rng, 1 / center.arrivals_per_ms), Sim::kArrival, 0, 0});
    } else if (ev.kind == Sim::kEnd) {
      int64_t t0 = monotonic_ns();
      uint64_t next = router.agent_free(ev.agent, now);
      double ns = since_ns(t0);
      if (measure) {
        stats.decision_ns.push_back(ns);
        stats.router_ns += ns;
      }
      --busy;
      if (next != 0) {
        ++stats.answered;
        ++busy;
        sim.heap.push({ev.t + exp_sample(sim.rng, kAhtMs), Sim::kEnd, next, ev.agent});
      }
    } else {
      int64_t t0 = monotonic_ns();
      router.abandon(ev.contact);
      if (measure) stats.router_ns += since_ns(t0);
    }
  }
  // The naive router emits no events: compare decisions per second.
  stats.events = 0;
  stats.arrived = static_cast<uint64_t>(arrived);
  return stats;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void report(benchmark::State& state, Stats& s) {
  state.SetIterationTime(s.router_ns / 1e9);
  double decisions = static_cast<double>(s.decision_ns.size());
  state.counters["contacts"] = static_cast<double>(s.contacts);
  state.counters["decisions_per_s"] = decisions / (s.router_ns / 1e9);
  if (s.events > 0) state.counters["events_per_s"] = static_cast<double>(s.events) / (s.router_ns / 1e9);
  state.counters["p50_us"] = percentile(s.decision_ns, 0.50) / 1e3;
  state.counters["p99_us"] = percentile(s.decision_ns, 0.99) / 1e3;
  state.counters["max_us"] = *std::max_element(s.decision_ns.begin(), s.decision_ns.end()) / 1e3;
  state.counters["answered_pct"] = 100.0 * static_cast<double>(s.answered) / static_cast<double>(s.arrived);
  state.counters["occupancy_pct"] = 100.0 * s.busy_sum / static_cast<double>(s.contacts) / s.agents;
}

// Contacts per run: enough for a steady state, bounded for the naive router.
int contacts_for(int agents, bool naive) {
  if (naive) return agents >= 10'000 ? 60'000 : 100'000;
  return std::max(200'000, agents * 40);
}

void BM_Engine(benchmark::State& state) {
  int agents = static_cast<int>(state.range(0)), queues = static_cast<int>(state.range(1));
  Center center = make_center(agents, queues, 1);
  for (auto _ : state) {
    Stats s = run_engine(center, contacts_for(agents, false));
    report(state, s);
  }
}

void BM_Naive(benchmark::State& state) {
  int agents = static_cast<int>(state.range(0)), queues = static_cast<int>(state.range(1));
  Center center = make_center(agents, queues, 1);
  for (auto _ : state) {
    Stats s = run_naive(center, contacts_for(agents, true));
    report(state, s);
  }
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int a : {100, 1'000, 10'000})
    for (int q : {10, 100, 1'000}) b->Args({a, q});
  b->ArgNames({"agents", "queues"})->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Engine)->Apply(sizes);
BENCHMARK(BM_Naive)->Apply(sizes);

}  // namespace
}  // namespace switchyard::bench

BENCHMARK_MAIN();
