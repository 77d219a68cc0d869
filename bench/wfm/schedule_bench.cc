// Schedule generation (issue 11): 500 agents x 1 week in 15-min intervals, 4 skill groups, the
// sample problem of wfm/schedule_sample.h (full- and part-time contracts, breaks and lunches,
// unavailable days, leave, preferences, daily peaks and a weekly shape). Goal: <= 30 s.
// Each run reports the coverage gap (under- and over-staffed agent-intervals) and the weighted
// objective of the result beside the greedy baseline's on the same input.
#include <benchmark/benchmark.h>

#include "wfm/schedule.h"
#include "wfm/schedule_generator.h"
#include "wfm/schedule_sample.h"

namespace {

using namespace switchyard::wfm;

const ScheduleProblem& problem() {
  static const ScheduleProblem p = sample_problem(SampleSpec{
      .agents = 500, .days = 7, .interval_min = 15, .skill_groups = 4, .load = 0.9, .seed = 1});
  return p;
}

void report(benchmark::State& state, const GenerateResult& r) {
  double required = 0;
  for (const auto& curve : problem().required) {
    for (double v : curve) required += v;
  }
  state.counters["required"] = required;
  state.counters["under"] = r.report.under;
  state.counters["over"] = r.report.over;
  state.counters["objective"] = r.report.objective;
  state.counters["greedy_under"] = r.greedy.under;
  state.counters["greedy_over"] = r.greedy.over;
  state.counters["greedy_objective"] = r.greedy.objective;
  state.counters["violations"] = static_cast<double>(check(r.schedule, problem()).size());
  state.counters["shifts"] = static_cast<double>(r.schedule.shifts.size());
  state.counters["accepted"] = static_cast<double>(r.accepted_moves);
}

void BM_Greedy500x7(benchmark::State& state) {
  GenerateResult last;
  for (auto _ : state) {
    auto r = generate(problem(), GenerateOptions{.method = ScheduleMethod::kGreedy});
    if (!r) state.SkipWithError(r.error().message.c_str());
    last = std::move(*r);
  }
  report(state, last);
}
BENCHMARK(BM_Greedy500x7)->Unit(benchmark::kMillisecond)->Iterations(1);

// Argument: local-search iterations.
void BM_LocalSearch500x7(benchmark::State& state) {
  GenerateResult last;
  for (auto _ : state) {
    auto r = generate(problem(), GenerateOptions{.seed = 1, .max_iterations = state.range(0)});
    if (!r) state.SkipWithError(r.error().message.c_str());
    last = std::move(*r);
  }
  report(state, last);
}
BENCHMARK(BM_LocalSearch500x7)
    ->Arg(1'000'000)
    ->Arg(5'000'000)
    ->Arg(20'000'000)
    ->Arg(50'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
