// The forecast on a simulator-generated year: a real simulator run (src/sim) of one queue with
// an intraday arrival profile and weekday factors for 364 days, its arrivals (contact_created
// events) counted per 15-minute interval. The arrivals are a non-homogeneous Poisson process
// whose rate per interval is known from the scenario, so the best any forecast can do (the
// "oracle" that knows the true rate) is computed beside the methods.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/event.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "wfm/forecast.h"

namespace switchyard::wfm {
namespace {

constexpr int kDays = 364;
constexpr int64_t kIntervalMs = 900'000;
constexpr double kPerDay = 900;
constexpr std::array<double, 7> kWeekday = {1.15, 1.05, 1.0, 1.0, 0.9, 0.5, 0.35};  // Monday first

// 96 weights: quiet night, a morning peak at 10:00, a smaller one at 15:00.
std::vector<double> day_shape() {
  std::vector<double> w(96);
  for (int j = 0; j < 96; ++j) {
    w[size_t(j)] = 0.1 + 2.0 * std::exp(-std::pow((j - 40) / 8.0, 2)) +
                   1.2 * std::exp(-std::pow((j - 60) / 6.0, 2));
  }
  return w;
}

std::string scenario_text() {
  std::string shape;
  for (double w : day_shape()) shape += (shape.empty() ? "" : ", ") + std::to_string(w);
  std::string weekdays;
  for (double w : kWeekday) weekdays += (weekdays.empty() ? "" : ", ") + std::to_string(w);
  return "[simulation]\nduration_s = " + std::to_string(int64_t{kDays} * 86400) +
         "\nseed = 11\ninterval_s = 900\nweekdays = [" + weekdays +
         "]\n[[skills]]\nname = \"s\"\n[[queues]]\nname = \"q\"\nskills = [\"s\"]\n"
         "arrivals = { per_day = " +
         std::to_string(kPerDay) + ", shape = [" + shape +
         "] }\nhandle_time = { dist = \"constant\", mean_s = 60 }\n"
         "[[agents]]\nname = \"a\"\ncount = 8\nskills = { s = 3 }\n";
}

struct ArrivalCounter final : core::EventSink {
  int64_t start_ms = 0;
  std::vector<double> per_interval;
  void on_event(const core::Event& e) override {
    if (e.type() != core::EventType::kContactCreated) return;
    const int64_t i = (e.time_ms - start_ms) / kIntervalMs;
    if (i >= 0 && i < int64_t(per_interval.size())) per_interval[size_t(i)] += 1;
  }
};

TEST(ForecastSimulatedYear, HoltWintersRecoversTheSimulatedSeasonality) {
  const Date start = Date(std::chrono::year(2025), std::chrono::January, std::chrono::day(6));
  ASSERT_EQ(std::chrono::weekday(std::chrono::sys_days(start)), std::chrono::Monday);
  auto scenario = sim::parse_scenario(scenario_text(), "forecast_sim_test");
  ASSERT_TRUE(scenario) << scenario.error().message;
  sim::SimOptions o;
  o.start_ms = std::chrono::sys_days(start).time_since_epoch().count() * 86'400'000LL;
  sim::Simulator sim(std::move(*scenario), o);
  ASSERT_TRUE(sim.setup());
  ArrivalCounter counter;
  counter.start_ms = o.start_ms;
  counter.per_interval.assign(size_t(kDays) * 96, 0.0);
  sim.set_event_tap(&counter);
  sim.run();
  sim.set_event_tap(nullptr);

  Series year{start, 15, counter.per_interval};
  ASSERT_TRUE(validate(year, "contacts"));
  double total = 0;
  for (double v : year.values) total += v;
  double mean_factor = 0;
  for (double f : kWeekday) mean_factor += f / 7;
  EXPECT_NEAR(total, kPerDay * kDays * mean_factor, 4 * std::sqrt(kPerDay * kDays));

  // The true rate per interval: per_day / 96 x w_j / mean(w) x weekday factor.
  const std::vector<double> w = day_shape();
  double mean_w = 0;
  for (double x : w) mean_w += x / 96;
  auto rate = [&](size_t t) { return kPerDay / 96 * w[t % 96] / mean_w * kWeekday[(t / 96) % 7]; };

  constexpr int kWeeks = 4;
  auto bt = backtest(year, kWeeks);
  ASSERT_TRUE(bt) << bt.error().message;
  const MethodScore& naive = bt->scores[0];
  const MethodScore& hw = bt->scores[1];
  double oracle_err = 0, actual = 0;
  for (size_t t = year.values.size() - size_t(kWeeks) * 672; t < year.values.size(); ++t) {
    oracle_err += std::abs(rate(t) - year.values[t]);
    actual += year.values[t];
  }
  const double oracle = oracle_err / actual;
  RecordProperty("oracle_wape", std::to_string(oracle));
  RecordProperty("hw_wape", std::to_string(hw.wape));
  RecordProperty("naive_wape", std::to_string(naive.wape));
  EXPECT_DOUBLE_EQ(hw.actual, actual);
  EXPECT_LT(hw.wape, 1.1 * oracle) << "naive " << naive.wape << " oracle " << oracle;
  EXPECT_LT(hw.wape, 0.85 * naive.wape) << "oracle " << oracle;
  EXPECT_EQ(bt->best, Method::kHoltWinters);

  // The fitted model's next week recovers the weekday factors and the daily profile.
  auto model = fit_holt_winters(year);
  ASSERT_TRUE(model) << model.error().message;
  const auto week = forecast_holt_winters(*model, 672);
  std::array<double, 7> per_day{};
  for (size_t t = 0; t < week.size(); ++t) per_day[t / 96] += week[t];
  for (size_t d = 0; d < 7; ++d) {
    EXPECT_NEAR(per_day[d] / kPerDay, kWeekday[d], 0.05 * kWeekday[d]) << "weekday " << d;
  }
  // The Monday 10:00 interval (the peak) against its true rate.
  EXPECT_NEAR(week[40], rate(40), 0.1 * rate(40));
}

}  // namespace
}  // namespace switchyard::wfm
