// The forecasting core (src/wfm/forecast.h, issue 11): fitting double seasonal Holt-Winters on
// 8 weeks of 15-minute history, a 4-week rolling-origin backtest of both methods, and a week's
// forecast for 1,000 queues. Synthetic histories (daily and weekly seasonality plus Gaussian
// noise from a fixed seed), so every run times the same work. Figures: bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "wfm/forecast.h"

namespace {

using switchyard::wfm::Date;
using switchyard::wfm::ForecastOptions;
using switchyard::wfm::History;
using switchyard::wfm::Method;
using switchyard::wfm::Series;

const Date kMonday{std::chrono::year(2026), std::chrono::November, std::chrono::day(2)};

// 8 weeks of 15-minute values: a two-peak day, a quieter weekend, noise sd 8 % of the level;
// `scale` and the seed vary the queues.
History make_history(int weeks, double scale, uint64_t seed) {
  std::mt19937_64 gen(seed);
  auto normal = [&] {
    const double u1 = (double(gen() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = (double(gen() >> 11) + 0.5) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  };
  History h;
  h.contacts = Series{kMonday, 15, {}};
  for (int d = 0; d < weeks * 7; ++d) {
    const double day_factor = d % 7 >= 5 ? 0.5 : 1.0 + 0.05 * (4 - d % 7);
    for (int j = 0; j < 96; ++j) {
      const double shape = 5 + 80 * std::exp(-std::pow((j - 42) / 10.0, 2)) +
                           50 * std::exp(-std::pow((j - 62) / 8.0, 2));
      const double v = scale * day_factor * shape;
      h.contacts.values.push_back(std::max(0.0, v + 0.08 * v * normal()));
      h.aht_s.push_back(180 + 20 * normal());
    }
  }
  return h;
}

void BM_FitHoltWinters8Weeks(benchmark::State& state) {
  const History h = make_history(8, 1.0, 1);
  int evaluations = 0;
  for (auto _ : state) {
    auto m = switchyard::wfm::fit_holt_winters(h.contacts);
    evaluations = m->evaluations;
    benchmark::DoNotOptimize(m);
  }
  state.counters["sse_evaluations"] = evaluations;
}
BENCHMARK(BM_FitHoltWinters8Weeks)->Unit(benchmark::kMillisecond);

// Both methods over the last 4 of 8 weeks: 4 Holt-Winters fits (on 4..7 weeks) and 4 naive.
void BM_Backtest4Weeks(benchmark::State& state) {
  const History h = make_history(8, 1.0, 2);
  for (auto _ : state) {
    auto bt = switchyard::wfm::backtest(h.contacts, 4);
    benchmark::DoNotOptimize(bt);
  }
}
BENCHMARK(BM_Backtest4Weeks)->Unit(benchmark::kMillisecond);

// A week's forecast (contacts and AHT) for 1,000 queues, each with 8 weeks of history.
// Arg 0: Holt-Winters with parameters fitted per queue (the nightly job); 1: Holt-Winters with
// given parameters (a re-run after new data, no fit); 2: seasonal naive.
void BM_Forecast1000QueuesWeek(benchmark::State& state) {
  static const std::vector<History> queues = [] {
    std::vector<History> q;
    for (int i = 0; i < 1000; ++i) q.push_back(make_history(8, 0.2 + 0.01 * i, 100 + i));
    return q;
  }();
  ForecastOptions o;
  o.horizon_days = 7;
  if (state.range(0) == 1) o.hw_params = switchyard::wfm::HwParams{0.05, 0.05, 0.1, 0.3};
  if (state.range(0) == 2) o.method = Method::kSeasonalNaive;
  for (auto _ : state) {
    for (const History& h : queues) {
      auto f = switchyard::wfm::forecast(h, o);
      benchmark::DoNotOptimize(f);
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_Forecast1000QueuesWeek)
    ->ArgName("mode")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
