// Staffing requirement (issue 11): 1,000 queues x 96 intervals of 15 min with
// a daily shape (0-300 calls per interval), for SL, ASA and abandonment
// targets; and one multi-skill coverage check by simulation (3 queues, 60
// agents, one day). Figures and the command: bench/RESULTS.md, "Issue 11".
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "wfm/coverage_check.h"
#include "wfm/staffing.h"

namespace switchyard::wfm {
namespace {

// 1,000 queues: peak 20-300 calls per 15 min, a two-hump day (zero at
// night), AHT 150-450 s per queue with +-10 % per interval.
std::vector<QueueForecast> make_day(double patience_s, const StaffingGoal& goal) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<QueueForecast> out(1000);
  for (QueueForecast& q : out) {
    q.interval_s = 900;
    q.patience_s = patience_s;
    q.goal = goal;
    const double peak = 20 + 280 * u(rng), aht = 150 + 300 * u(rng);
    for (int i = 0; i < 96; ++i) {
      const double h = i / 4.0;  // hour of day
      const double shape = h < 7 || h >= 22
                               ? 0.0
                               : 0.6 * std::exp(-std::pow((h - 10.5) / 2.2, 2)) +
                                     0.5 * std::exp(-std::pow((h - 15) / 2.5, 2)) + 0.1;
      q.calls.push_back(std::round(peak * std::min(1.0, shape) * (0.9 + 0.2 * u(rng))));
      q.aht_s.push_back(aht * (0.9 + 0.2 * u(rng)));
    }
  }
  return out;
}

// One staffing of the day per iteration. By default into a result kept across
// iterations (staff_queues' overload that reuses the vectors' storage), as a
// what-if loop would; with `fresh_result` by the overload that returns new
// vectors, whose 1,000 rows are allocated, faulted in and freed each time
// (about a third of the Erlang A time on the reference machine).
void run(benchmark::State& state, double patience_s, const StaffingGoal& goal,
         bool fresh_result = false) {
  const std::vector<QueueForecast> day = make_day(patience_s, goal);
  std::vector<std::vector<IntervalRequirement>> kept;
  long agents = 0;
  for (auto _ : state) {
    Result<std::vector<std::vector<IntervalRequirement>>> fresh;
    const std::vector<std::vector<IntervalRequirement>>* r = &kept;
    if (fresh_result) {
      fresh = staff_queues(day);
      if (!fresh) {
        state.SkipWithError(fresh.error().message.c_str());
        return;
      }
      r = &*fresh;
    } else if (auto ok = staff_queues(day, kept); !ok) {
      state.SkipWithError(ok.error().message.c_str());
      return;
    }
    agents = 0;
    for (const auto& q : *r)
      for (const auto& i : q) agents += i.agents;
    benchmark::DoNotOptimize(agents);
  }
  state.counters["agent_intervals"] = static_cast<double>(agents);
  state.counters["intervals"] = 96'000;
}

void BM_ErlangC_SL(benchmark::State& s) { run(s, 0, {.target_sl = 0.8, .max_occupancy = 0.9}); }
void BM_ErlangC_Asa(benchmark::State& s) {
  run(s, 0, {.max_occupancy = 0.9, .target = StaffingTarget::kAsa, .target_asa_s = 20});
}
void BM_ErlangA_SL(benchmark::State& s) { run(s, 120, {.target_sl = 0.8, .max_occupancy = 0.9}); }
// The same with a new result per iteration (the allocating staff_queues()).
void BM_ErlangA_SL_FreshResult(benchmark::State& s) {
  run(s, 120, {.target_sl = 0.8, .max_occupancy = 0.9}, /*fresh_result=*/true);
}
void BM_ErlangA_Asa(benchmark::State& s) {
  run(s, 120, {.max_occupancy = 0.9, .target = StaffingTarget::kAsa, .target_asa_s = 20});
}
void BM_ErlangA_Abandon(benchmark::State& s) {
  run(s, 120,
      {.max_occupancy = 0.9, .target = StaffingTarget::kAbandonRate, .target_abandon = 0.05});
}
// 3 queues (sales 0-120 calls per 15 min, support 0-80, billing 0-40 with a
// daytime shape, AHT 240-360 s, patience 120 s), 60 agents on two 4-hour
// periods with a 1-hour break between (20 sales, 15 support, 5 billing, 20
// shared by all three), one day, 10 replications.
void BM_CoverageCheck(benchmark::State& state) {
  CoverageInput in;
  const double peaks[3] = {120, 80, 40}, aht[3] = {300, 360, 240};
  const char* names[3] = {"sales", "support", "billing"};
  for (int q = 0; q < 3; ++q) {
    CoverageQueue c;
    c.name = names[q];
    c.patience_s = 120;
    for (int i = 0; i < 96; ++i) {
      const double h = i / 4.0;
      c.calls.push_back(h < 7 || h >= 21 ? 0.0 : peaks[q] * std::sin(3.14159265 * (h - 7) / 14));
      c.aht_s.push_back(aht[q]);
    }
    in.queues.push_back(std::move(c));
  }
  constexpr int64_t kH = 3'600'000;
  for (int a = 0; a < 60; ++a) {
    CoverageAgent g;
    g.queues = a < 20   ? std::vector<uint32_t>{0}
               : a < 35 ? std::vector<uint32_t>{1}
               : a < 40 ? std::vector<uint32_t>{2}
                        : std::vector<uint32_t>{0, 1, 2};
    const int64_t start = (7 + a % 6) * kH;  // starts staggered 07:00-12:00
    g.on_duty_ms = {{start, start + 4 * kH}, {start + 5 * kH, start + 9 * kH}};
    in.agents.push_back(std::move(g));
  }
  in.replications = 10;
  uint64_t contacts = 0;
  for (auto _ : state) {
    auto r = check_coverage(in);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    contacts = r->contacts;
    benchmark::DoNotOptimize(r->cells);
  }
  state.counters["contacts"] = static_cast<double>(contacts);
}
BENCHMARK(BM_CoverageCheck)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_ErlangC_SL)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ErlangC_Asa)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ErlangA_SL)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ErlangA_SL_FreshResult)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ErlangA_Asa)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ErlangA_Abandon)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace switchyard::wfm

BENCHMARK_MAIN();
