#include "wfm/forecast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "wfm/wfm_test_util.h"

namespace switchyard::wfm {
namespace {

// 2026-11-02 is a Monday.
const Date kMonday = ymd(2026, 11, 2);

Series series(std::vector<double> values, int interval_min = 30, Date start = kMonday) {
  return Series{start, interval_min, std::move(values)};
}

History history_of(Series s, double aht_s = 180) {
  History h;
  h.aht_s.assign(s.values.size(), aht_s);
  h.contacts = std::move(s);
  return h;
}

// Standard normal draws from a fixed seed, by Box-Muller on 53-bit uniforms (the std::
// distributions differ between standard libraries).
class Normal {
 public:
  explicit Normal(uint64_t seed) : gen_(seed) {}
  double operator()() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  }

 private:
  double uniform() { return (double(gen_() >> 11) + 0.5) * 0x1.0p-53; }
  std::mt19937_64 gen_;
};

// A 15-minute series from Monday with a known daily shape (morning and afternoon peaks), a
// known weekly pattern (busy Monday, quiet weekend with a flatter day) and Gaussian noise of
// standard deviation `sigma`; `truth` receives the noise-free values.
Series synthetic(int weeks, double sigma, uint64_t seed, std::vector<double>* truth) {
  constexpr int m1 = 96;
  constexpr std::array<double, 7> kDayOffset = {25, 10, 0, 0, -5, -30, -40};
  Normal noise(seed);
  Series s{kMonday, 15, {}};
  for (int d = 0; d < weeks * 7; ++d) {
    const int wd = d % 7;
    const double peak = wd >= 5 ? 0.5 : 1.0;
    for (int j = 0; j < m1; ++j) {
      const double shape = 80 * std::exp(-std::pow((j - 42) / 10.0, 2)) +
                           50 * std::exp(-std::pow((j - 62) / 8.0, 2));
      const double v = std::max(10.0, 60 + peak * shape + kDayOffset[wd]);
      if (truth) truth->push_back(v);
      s.values.push_back(std::max(0.0, v + sigma * noise()));
    }
  }
  return s;
}

double wape(std::span<const double> f, std::span<const double> a) {
  double err = 0, sum = 0;
  for (size_t i = 0; i < a.size(); ++i) err += std::abs(f[i] - a[i]), sum += a[i];
  return err / sum;
}

// Splits a series into its first `weeks` weeks (returned) and the rest (`rest`).
Series head(const Series& s, int weeks, std::vector<double>* rest) {
  Series h = s;
  const size_t n = size_t(weeks) * s.intervals_per_week();
  h.values.resize(n);
  if (rest) rest->assign(s.values.begin() + long(n), s.values.end());
  return h;
}

void expect_invalid(const Error& e, std::string_view field) {
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << e.message;
  EXPECT_EQ(e.field, field) << e.message;
  EXPECT_FALSE(e.message.empty());
}

// ---- Series ----

TEST(ForecastSeries, CalendarHelpers) {
  const Series s = series(std::vector<double>(48 * 3, 1.0));
  EXPECT_EQ(s.intervals_per_day(), 48);
  EXPECT_EQ(s.intervals_per_week(), 336);
  EXPECT_EQ(s.days(), 3);
  EXPECT_EQ(s.start_weekday(), std::chrono::Monday);
  EXPECT_EQ(s.end(), ymd(2026, 11, 5));
  EXPECT_EQ((Series{kMonday, 15, {}}.intervals_per_day()), 96);
}

// ---- Seasonal naive ----

TEST(SeasonalNaive, HandComputed) {
  // Week 1: value = interval index; week 2: week 1 + 1000. The forecast repeats week 2.
  std::vector<double> v(672);
  for (size_t t = 0; t < 336; ++t) v[t] = double(t), v[t + 336] = 1000.0 + double(t);
  auto f = seasonal_naive(series(v), 400);
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->size(), 400u);
  EXPECT_EQ((*f)[0], 1000.0);
  EXPECT_EQ((*f)[47], 1047.0);
  EXPECT_EQ((*f)[335], 1335.0);
  EXPECT_EQ((*f)[336], 1000.0);  // a second week repeats the last week again
  EXPECT_EQ((*f)[399], 1063.0);
}

TEST(SeasonalNaive, SkipsSpecialDaysOfTheHistory) {
  // Two weeks; the second Tuesday (2026-11-10) is a holiday: the forecast Tuesday copies the
  // first Tuesday instead.
  std::vector<double> v(672);
  for (size_t t = 0; t < 336; ++t) v[t] = 10, v[t + 336] = 20;
  for (size_t t = 336 + 48; t < 336 + 96; ++t) v[t] = 2;
  const std::vector<SpecialDay> special = {{ymd(2026, 11, 10), 0.1, {}, "holiday"}};
  auto plain = seasonal_naive(series(v), 336);
  auto neutral = seasonal_naive(series(v), 336, special);
  ASSERT_TRUE(plain && neutral);
  EXPECT_EQ((*plain)[48], 2.0);
  EXPECT_EQ((*neutral)[48], 10.0);
  EXPECT_EQ((*neutral)[0], 20.0);
  EXPECT_EQ((*neutral)[96], 20.0);
}

// ---- Holt-Winters ----

TEST(HoltWinters, OneStepHandComputed) {
  // Constant 10 for two weeks except a spike of 16 at the very last interval. The first week
  // initialises level 10 and zero indexes; every error is 0 until the spike (e = 6).
  std::vector<double> v(672, 10.0);
  v.back() = 16;
  const HwParams p{0.2, 0.3, 0.4, 0.5};
  auto m = run_holt_winters(series(v), p);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_DOUBLE_EQ(m->sse, 36.0);
  EXPECT_EQ(m->fitted_points, 336);
  EXPECT_DOUBLE_EQ(m->level, 10 + 0.2 * 6);             // 11.2
  EXPECT_DOUBLE_EQ(m->daily[47], 0.3 * (16 - 11.2));    // 1.44
  EXPECT_DOUBLE_EQ(m->weekly[335], 0.4 * (16 - 11.2));  // 1.92
  EXPECT_DOUBLE_EQ(m->last_error, 6.0);
  const auto f = forecast_holt_winters(*m, 48);
  EXPECT_NEAR(f[0], 11.2 + 0.5 * 6, 1e-12);   // 14.2
  EXPECT_NEAR(f[1], 11.2 + 0.25 * 6, 1e-12);  // 12.7
  EXPECT_NEAR(f[47], 11.2 + 1.44 + 6 * std::pow(0.5, 48), 1e-12);
}

TEST(HoltWinters, NoiseFreeSeasonalityIsForecastExactly) {
  std::vector<double> truth;
  const Series s = synthetic(3, 0.0, 1, &truth);
  std::vector<double> test;
  const Series h = head(s, 2, &test);
  auto m = fit_holt_winters(h);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_LT(m->sse, 1e-12);
  const auto f = forecast_holt_winters(*m, long(test.size()));
  for (size_t i = 0; i < test.size(); ++i) ASSERT_NEAR(f[i], test[i], 1e-6) << i;
}

TEST(HoltWinters, FitRecoversKnownSeasonalityUnderNoise) {
  // 10 weeks to fit, the 11th to test; noise sd 6 on values of 20..170 per interval.
  std::vector<double> truth;
  const Series s = synthetic(11, 6.0, 42, &truth);
  std::vector<double> actual;
  const Series h = head(s, 10, &actual);
  const std::span<const double> true_test = std::span(truth).subspan(h.values.size());

  auto m = fit_holt_winters(h);
  ASSERT_TRUE(m) << m.error().message;
  const auto hw = forecast_holt_winters(*m, long(actual.size()));
  auto naive = seasonal_naive(h, long(actual.size()));
  ASSERT_TRUE(naive);
  double mean = 0;
  for (double v : h.values) mean += v / double(h.values.size());
  const std::vector<double> flat(actual.size(), mean);

  const double noise_wape = wape(true_test, actual);  // the best any method can do
  const double hw_wape = wape(hw, actual);
  const double naive_wape = wape(*naive, actual);
  const double flat_wape = wape(flat, actual);
  RecordProperty("noise_wape", std::to_string(noise_wape));
  RecordProperty("hw_wape", std::to_string(hw_wape));
  EXPECT_LT(hw_wape, 1.2 * noise_wape) << "noise " << noise_wape << " naive " << naive_wape;
  EXPECT_LT(hw_wape, 0.25 * flat_wape) << "flat " << flat_wape;
  EXPECT_LT(hw_wape, naive_wape);
  // The one-step errors are the noise (sd 6) plus little estimation error.
  EXPECT_GT(m->rmse(), 5.4);
  EXPECT_LT(m->rmse(), 7.0);
  // Little noise to follow: the seasonal indexes are smoothed slowly.
  EXPECT_LT(m->params.omega, 0.5);
  EXPECT_LE(m->evaluations, 600);
}

TEST(HoltWinters, FitFindsTheAutocorrelationOfTheErrors) {
  // AR(1) noise with phi 0.8 on top of the seasonal pattern.
  std::vector<double> truth;
  Series s = synthetic(8, 0.0, 1, &truth);
  Normal noise(7);
  double e = 0;
  for (size_t t = 0; t < s.values.size(); ++t) {
    e = 0.8 * e + 4 * noise();
    s.values[t] = std::max(0.0, truth[t] + e);
  }
  auto m = fit_holt_winters(s);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_GT(m->params.phi, 0.5);
  EXPECT_LT(m->params.phi, 0.95);
}

TEST(HoltWinters, FitIsDeterministic) {
  const Series s = synthetic(4, 5.0, 3, nullptr);
  auto a = fit_holt_winters(s);
  auto b = fit_holt_winters(s);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->params.alpha, b->params.alpha);
  EXPECT_EQ(a->params.delta, b->params.delta);
  EXPECT_EQ(a->params.omega, b->params.omega);
  EXPECT_EQ(a->params.phi, b->params.phi);
  EXPECT_EQ(a->sse, b->sse);
}

TEST(HoltWinters, SpecialDaysOfTheHistoryAreNeutralised) {
  // 6 weeks; the last day of the history (a Sunday) is a holiday at 10 % of its volume. Listed
  // as special, the model ignores it: next Monday and next Sunday are forecast like the others.
  // Unlisted, the dip pulls the level (Monday) and the Sunday index down.
  std::vector<double> truth;
  Series s = synthetic(7, 3.0, 5, &truth);
  std::vector<double> actual;
  Series h = head(s, 6, &actual);
  const size_t sunday = (6 * 7 - 1) * 96;
  for (size_t t = sunday; t < sunday + 96; ++t) h.values[t] *= 0.1;
  const Date holiday = ymd(2026, 12, 13);  // day 41 of the series
  ASSERT_EQ(std::chrono::weekday(std::chrono::sys_days(holiday)), std::chrono::Sunday);
  const std::vector<SpecialDay> special = {{holiday, 0.1, {}, "holiday"}};
  auto listed = fit_holt_winters(h, special);
  auto unlisted = fit_holt_winters(h);
  ASSERT_TRUE(listed && unlisted);
  const auto f_listed = forecast_holt_winters(*listed, 672);
  const auto f_unlisted = forecast_holt_winters(*unlisted, 672);
  for (size_t day : {0u, 6u}) {
    const auto a = std::span(actual).subspan(day * 96, 96);
    const double w_listed = wape(std::span(f_listed).subspan(day * 96, 96), a);
    const double w_unlisted = wape(std::span(f_unlisted).subspan(day * 96, 96), a);
    const double noise = wape(std::span(truth).subspan(6 * 672 + day * 96, 96), a);
    EXPECT_LT(w_listed, 1.5 * noise) << "day " << day;
    EXPECT_LT(w_listed, 0.5 * w_unlisted) << "day " << day;
  }
  // The holiday's errors are out of the SSE.
  EXPECT_LT(listed->rmse(), unlisted->rmse());
  EXPECT_EQ(unlisted->fitted_points - listed->fitted_points, 96);
  EXPECT_EQ(listed->last_error, 0.0);
}

// ---- AHT ----

TEST(ForecastAht, VolumeWeightedSameIntervalWithFallbacks) {
  // Two weeks of 30-minute intervals. Interval 0 of the week: 10 contacts at 100 s, then 30 at
  // 200 s -> (1000 + 6000) / 40 = 175. Interval 1 of the week has no contacts in the last
  // weeks but interval 1 of other days has: the same interval of the day (weighted) is used.
  Series s = series(std::vector<double>(672, 0.0));
  History h = history_of(s, 0);
  h.contacts.values[0] = 10, h.aht_s[0] = 100;
  h.contacts.values[336] = 30, h.aht_s[336] = 200;
  h.contacts.values[48 + 1] = 5, h.aht_s[48 + 1] = 300;   // Tuesday interval 1
  h.contacts.values[96 + 1] = 15, h.aht_s[96 + 1] = 100;  // Wednesday interval 1
  auto a = forecast_aht(h, 336, 2);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_DOUBLE_EQ((*a)[0], 175.0);
  EXPECT_DOUBLE_EQ((*a)[48 + 1], 300.0);                     // its own slot (Tuesday interval 1)
  EXPECT_DOUBLE_EQ((*a)[1], (5 * 300.0 + 15 * 100.0) / 20);  // Monday 1: same time of day
  // Interval 5 never had contacts: the whole history's weighted mean.
  EXPECT_DOUBLE_EQ((*a)[5], (1000 + 6000 + 1500 + 1500) / 60.0);
  // Only the last week: interval 0 is 200.
  auto last = forecast_aht(h, 1, 1);
  ASSERT_TRUE(last);
  EXPECT_DOUBLE_EQ((*last)[0], 200.0);
  // No contacts at all: 0.
  auto none = forecast_aht(history_of(series(std::vector<double>(336, 0.0))), 3);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, std::vector<double>(3, 0.0));
}

// ---- forecast() and special days ----

// Two weeks at 30 minutes where every value of weekday d (Monday 0) is 10 * (d + 1) and AHT
// 100 + d; so the forecast of a weekday is known exactly.
History weekday_history() {
  std::vector<double> v(672), a(672);
  for (size_t t = 0; t < v.size(); ++t) {
    const size_t d = (t / 48) % 7;
    v[t] = 10.0 * double(d + 1);
    a[t] = 100.0 + double(d);
  }
  History h;
  h.contacts = series(v);
  h.aht_s = a;
  return h;
}

TEST(Forecast, SpecialDayFactorAndReference) {
  const History h = weekday_history();
  ForecastOptions o;
  o.method = Method::kSeasonalNaive;
  o.horizon_days = 7;  // 2026-11-16 (Mon) .. 11-22 (Sun)
  o.special_days = {
      {ymd(2026, 11, 18), 0.4, {}, "holiday"},                  // Wed at 40 %
      {ymd(2026, 11, 19), 1.0, ymd(2026, 11, 22), "like Sun"},  // Thu as the forecast Sunday
      {ymd(2026, 11, 20), 0.5, ymd(2026, 11, 7), "half Sat"},   // Fri as a history Saturday x 0.5
      {ymd(2027, 1, 1), 0.1, {}, "later"},                      // outside the horizon: unused
  };
  auto f = forecast(h, o);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->contacts.start, ymd(2026, 11, 16));
  ASSERT_EQ(f->contacts.values.size(), 336u);
  EXPECT_EQ(f->special_days_applied, (std::vector<int>{0, 1, 2}));
  auto day = [&](int d) { return f->contacts.values[size_t(d * 48 + 7)]; };
  auto aht = [&](int d) { return f->aht_s[size_t(d * 48 + 7)]; };
  EXPECT_DOUBLE_EQ(day(0), 10);
  EXPECT_DOUBLE_EQ(day(1), 20);
  EXPECT_DOUBLE_EQ(day(2), 30 * 0.4);
  EXPECT_DOUBLE_EQ(aht(2), 102);  // a factor leaves AHT alone
  EXPECT_DOUBLE_EQ(day(3), 70);   // the Sunday's forecast
  EXPECT_DOUBLE_EQ(aht(3), 106);
  EXPECT_DOUBLE_EQ(day(4), 60 * 0.5);
  EXPECT_DOUBLE_EQ(aht(4), 105);
  EXPECT_DOUBLE_EQ(day(5), 60);
  EXPECT_DOUBLE_EQ(day(6), 70);
}

TEST(Forecast, HoltWintersWithFixedOrFittedParameters) {
  const History h = weekday_history();
  ForecastOptions o;
  o.hw_params = HwParams{0.3, 0.2, 0.1, 0.0};
  o.horizon_days = 3;
  auto fixed = forecast(h, o);
  ASSERT_TRUE(fixed) << fixed.error().message;
  ASSERT_TRUE(fixed->model);
  EXPECT_EQ(fixed->model->params.alpha, 0.3);
  EXPECT_EQ(fixed->contacts.values.size(), 144u);
  // A noise-free weekly pattern: every parameter set forecasts it exactly.
  EXPECT_NEAR(fixed->contacts.values[0], 10, 1e-9);
  EXPECT_NEAR(fixed->contacts.values[143], 30, 1e-9);
  o.hw_params.reset();
  auto fitted = forecast(h, o);
  ASSERT_TRUE(fitted);
  EXPECT_GT(fitted->model->evaluations, 81);
  EXPECT_NEAR(fitted->contacts.values[100], 30, 1e-9);
  EXPECT_DOUBLE_EQ(fitted->aht_s[100], 102);
}

// ---- Backtest ----

TEST(Backtest, HandCheckedOnATinySeries) {
  // Three weeks at 30 minutes. Week 1 all 4, week 2 all 10; week 3 all 10 except
  // 0, 20, 5 in its first three intervals.
  std::vector<double> v(3 * 336, 10.0);
  std::fill(v.begin(), v.begin() + 336, 4.0);
  v[672] = 0, v[673] = 20, v[674] = 5;
  const std::array<Method, 1> naive = {Method::kSeasonalNaive};

  auto one = backtest(series(v), 1, {}, naive);
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ(one->scores.size(), 1u);
  const MethodScore& s1 = one->scores[0];
  // Errors 10, 10, 5; actual sum 0 + 20 + 5 + 333 * 10.
  EXPECT_DOUBLE_EQ(s1.abs_error, 25);
  EXPECT_DOUBLE_EQ(s1.actual, 3355);
  EXPECT_DOUBLE_EQ(s1.wape, 25.0 / 3355);
  EXPECT_EQ(s1.scored_intervals, 336);
  EXPECT_EQ(s1.mape_intervals, 335);
  EXPECT_DOUBLE_EQ(s1.mape, (10.0 / 20 + 5.0 / 5) / 335);

  // Two weeks: week 2 from week 1 (error 6 everywhere), then week 3 as above.
  auto two = backtest(series(v), 2, {}, naive);
  ASSERT_TRUE(two);
  const MethodScore& s2 = two->scores[0];
  ASSERT_EQ(s2.week_wape.size(), 2u);
  EXPECT_DOUBLE_EQ(s2.week_wape[0], 0.6);
  EXPECT_DOUBLE_EQ(s2.week_wape[1], 25.0 / 3355);
  EXPECT_DOUBLE_EQ(s2.wape, (6 * 336 + 25.0) / (3360 + 3355));
  EXPECT_NEAR(s2.mape, (336 * 0.6 + 1.5) / (336 + 335), 1e-14);

  // The last Monday listed as special: its intervals (the three odd ones among them) are not
  // scored.
  const std::vector<SpecialDay> special = {{ymd(2026, 11, 16), 1.0, {}, ""}};
  auto skip = backtest(series(v), 1, special, naive);
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->scores[0].scored_intervals, 336 - 48);
  EXPECT_DOUBLE_EQ(skip->scores[0].wape, 0.0);
  EXPECT_DOUBLE_EQ(skip->scores[0].mape, 0.0);
}

TEST(Backtest, ZeroActualsGiveDefinedFigures) {
  std::vector<double> v(2 * 336, 0.0);
  const std::array<Method, 1> naive = {Method::kSeasonalNaive};
  auto zero = backtest(series(v), 1, {}, naive);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->scores[0].wape, 0.0);
  EXPECT_EQ(zero->scores[0].mape_intervals, 0);
  std::fill(v.begin(), v.begin() + 336, 1.0);
  auto inf = backtest(series(v), 1, {}, naive);
  ASSERT_TRUE(inf);
  EXPECT_TRUE(std::isinf(inf->scores[0].wape));
}

TEST(Backtest, ProposesHoltWintersOnNoisySeasonalData) {
  const Series s = synthetic(8, 6.0, 9, nullptr);
  auto bt = backtest(s, 3);
  ASSERT_TRUE(bt) << bt.error().message;
  ASSERT_EQ(bt->scores.size(), 2u);
  EXPECT_EQ(bt->scores[0].method, Method::kSeasonalNaive);
  EXPECT_EQ(bt->scores[1].method, Method::kHoltWinters);
  EXPECT_LT(bt->scores[1].wape, bt->scores[0].wape);
  EXPECT_LT(bt->scores[1].mape, bt->scores[0].mape);
  EXPECT_EQ(bt->best, Method::kHoltWinters);
  EXPECT_EQ(bt->scores[1].week_wape.size(), 3u);
}

TEST(Backtest, TiesGoToTheFirstMethodListed) {
  // An exact weekly copy: seasonal naive is perfect and Holt-Winters is perfect up to rounding,
  // so seasonal naive (listed first) is proposed.
  const Series s = synthetic(5, 0.0, 1, nullptr);
  auto bt = backtest(s, 2);
  ASSERT_TRUE(bt);
  EXPECT_EQ(bt->scores[0].wape, 0.0);
  EXPECT_LT(bt->scores[1].wape, 1e-9);
  EXPECT_EQ(bt->best, Method::kSeasonalNaive);
}

// ---- Adjustments ----

// One day's seasonal naive forecast of a week of 10 contacts per 30 minutes at `aht_s`.
Forecast flat_day(double aht_s) {
  ForecastOptions o;
  o.method = Method::kSeasonalNaive;
  o.horizon_days = 1;
  auto f = forecast(history_of(series(std::vector<double>(336, 10.0)), aht_s), o);
  EXPECT_TRUE(f);
  return f ? *f : Forecast{};
}

TEST(Adjustments, AppliedInOrderWithBaseKept) {
  const Forecast f = flat_day(200);
  using K = Adjustment::Kind;
  using T = Adjustment::Target;
  const std::vector<Adjustment> adj = {
      {0, 10, K::kRelative, T::kContacts, 0.10, "campaign"},  // 11 on [0, 10)
      {5, 20, K::kAbsolute, T::kContacts, -5, ""},            // 6 on [5, 10), 5 on [10, 20)
      {15, 16, K::kAbsolute, T::kContacts, -20, ""},          // clamps at 0
      {15, 16, K::kAbsolute, T::kContacts, 3, ""},            // then 3 (clamped per step)
      {0, 4, K::kAbsolute, T::kAhtS, 30, "new product"},      // AHT 230 on [0, 4)
      {47, 48, K::kRelative, T::kContacts, -1, "closed"},     // 0
  };
  auto a = apply_adjustments(f, adj);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->base_contacts, f.contacts.values);
  EXPECT_DOUBLE_EQ(a->contacts[0], 11);
  EXPECT_DOUBLE_EQ(a->contacts[5], 6);
  EXPECT_DOUBLE_EQ(a->contacts[10], 5);
  EXPECT_DOUBLE_EQ(a->contacts[15], 3);
  EXPECT_DOUBLE_EQ(a->contacts[20], 10);
  EXPECT_DOUBLE_EQ(a->contacts[47], 0);
  EXPECT_DOUBLE_EQ(a->aht_s[3], 230);
  EXPECT_DOUBLE_EQ(a->aht_s[4], 200);
  EXPECT_DOUBLE_EQ(a->base_aht_s[3], 200);
  EXPECT_EQ(a->adjusted_by[5], 2);
  EXPECT_EQ(a->adjusted_by[15], 3);
  EXPECT_EQ(a->adjusted_by[30], 0);
  ASSERT_EQ(a->adjustments.size(), adj.size());
  EXPECT_EQ(a->adjustments[4].note, "new product");
}

TEST(Adjustments, BadRangesAndAmountsAreNamed) {
  const Forecast f = flat_day(180);
  ASSERT_EQ(f.contacts.values.size(), 48u);
  using K = Adjustment::Kind;
  using T = Adjustment::Target;
  const Adjustment ok{0, 48, K::kRelative, T::kContacts, 0.1, ""};
  auto check = [&](Adjustment bad, std::string_view field) {
    auto r = apply_adjustments(f, std::vector<Adjustment>{ok, bad});
    ASSERT_FALSE(r);
    expect_invalid(r.error(), field);
  };
  check({-1, 5, K::kRelative, T::kContacts, 0.1, ""}, "adjustments[1].begin");
  check({48, 49, K::kRelative, T::kContacts, 0.1, ""}, "adjustments[1].begin");
  check({5, 5, K::kRelative, T::kContacts, 0.1, ""}, "adjustments[1].end");
  check({5, 49, K::kRelative, T::kContacts, 0.1, ""}, "adjustments[1].end");
  check({0, 1, K::kAbsolute, T::kContacts, NAN, ""}, "adjustments[1].amount");
  check({0, 1, K::kAbsolute, T::kAhtS, INFINITY, ""}, "adjustments[1].amount");
  check({0, 1, K::kRelative, T::kContacts, -1.5, ""}, "adjustments[1].amount");
  EXPECT_TRUE(apply_adjustments(f, {}));
}

// ---- Errors ----

TEST(ForecastErrors, BadSeries) {
  auto field_of = [](const Series& s) {
    auto r = seasonal_naive(s, 1);
    return r ? std::string("ok") : r.error().field;
  };
  std::vector<double> week(336, 1.0);
  EXPECT_EQ(field_of(series(week, 20)), "contacts.interval_min");
  EXPECT_EQ(field_of(series(week, 0)), "contacts.interval_min");
  EXPECT_EQ(field_of(series(week, 30, ymd(2026, 2, 30))), "contacts.start");
  EXPECT_EQ(field_of(series(std::vector<double>(337, 1.0))), "contacts.values");
  auto nan = week;
  nan[5] = NAN;
  EXPECT_EQ(field_of(series(nan)), "contacts.values[5]");
  auto neg = week;
  neg[7] = -1;
  EXPECT_EQ(field_of(series(neg)), "contacts.values[7]");
  auto inf = week;
  inf[9] = INFINITY;
  EXPECT_EQ(field_of(series(inf)), "contacts.values[9]");
  EXPECT_EQ(field_of(series(std::vector<double>(6 * 48, 1.0))), "contacts.values");  // < 1 week
  EXPECT_EQ(field_of(series(week)), "ok");
  auto r = seasonal_naive(series(week), -1);
  ASSERT_FALSE(r);
  expect_invalid(r.error(), "horizon");
}

TEST(ForecastErrors, TooLittleHistoryPerMethod) {
  const Series thirteen_days = series(std::vector<double>(13 * 48, 1.0));
  auto fit = fit_holt_winters(thirteen_days);
  ASSERT_FALSE(fit);
  expect_invalid(fit.error(), "contacts.values");
  EXPECT_NE(fit.error().message.find("2 weeks"), std::string::npos) << fit.error().message;
  auto run = run_holt_winters(thirteen_days, HwParams{});
  ASSERT_FALSE(run);
  expect_invalid(run.error(), "contacts.values");
  ForecastOptions o;
  auto f = forecast(history_of(thirteen_days), o);
  ASSERT_FALSE(f);
  expect_invalid(f.error(), "contacts.values");
  o.method = Method::kSeasonalNaive;
  EXPECT_TRUE(forecast(history_of(thirteen_days), o));
  auto b = backtest(series(std::vector<double>(3 * 336, 1.0)), 2);  // HW needs 4 weeks
  ASSERT_FALSE(b);
  expect_invalid(b.error(), "contacts.values");
  const std::array<Method, 1> naive = {Method::kSeasonalNaive};
  EXPECT_TRUE(backtest(series(std::vector<double>(3 * 336, 1.0)), 2, {}, naive));
}

TEST(ForecastErrors, BadOptions) {
  const History h = weekday_history();
  auto field_of = [&](ForecastOptions o) {
    auto r = forecast(h, o);
    if (r) return std::string("ok");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    return r.error().field;
  };
  ForecastOptions o;
  o.method = Method::kSeasonalNaive;
  EXPECT_EQ(field_of(o), "ok");
  ForecastOptions x = o;
  x.horizon_days = 0;
  EXPECT_EQ(field_of(x), "horizon_days");
  x.horizon_days = 367;
  EXPECT_EQ(field_of(x), "horizon_days");
  x = o;
  x.aht_weeks = 0;
  EXPECT_EQ(field_of(x), "aht_weeks");
  x = o;
  x.hw_params = HwParams{1.5, 0.1, 0.1, 0};
  EXPECT_EQ(field_of(x), "params.alpha");
  x.hw_params = HwParams{0.1, NAN, 0.1, 0};
  EXPECT_EQ(field_of(x), "params.delta");
  x.hw_params = HwParams{0.1, 0.1, -0.1, 0};
  EXPECT_EQ(field_of(x), "params.omega");
  x.hw_params = HwParams{0.1, 0.1, 0.1, 1.0};
  EXPECT_EQ(field_of(x), "params.phi");
  x = o;
  x.special_days = {{ymd(2026, 11, 31), 1, {}, ""}};
  EXPECT_EQ(field_of(x), "special_days[0].date");
  x.special_days = {{ymd(2026, 11, 17), 1, {}, ""}, {ymd(2026, 11, 17), 0.5, {}, ""}};
  EXPECT_EQ(field_of(x), "special_days[1].date");
  x.special_days = {{ymd(2026, 11, 17), -0.1, {}, ""}};
  EXPECT_EQ(field_of(x), "special_days[0].factor");
  x.special_days = {{ymd(2026, 11, 17), NAN, {}, ""}};
  EXPECT_EQ(field_of(x), "special_days[0].factor");
  x.special_days = {{ymd(2026, 11, 17), 1, ymd(2026, 13, 1), ""}};
  EXPECT_EQ(field_of(x), "special_days[0].reference");
  x.special_days = {{ymd(2026, 11, 17), 1, ymd(2025, 12, 24), ""}};  // before the history
  EXPECT_EQ(field_of(x), "special_days[0].reference");
  x.special_days = {{ymd(2026, 11, 17), 1, ymd(2026, 11, 30), ""}};  // after the horizon
  EXPECT_EQ(field_of(x), "special_days[0].reference");

  History bad = h;
  bad.aht_s.pop_back();
  auto r = forecast(bad, o);
  ASSERT_FALSE(r);
  expect_invalid(r.error(), "aht_s");
  bad = h;
  bad.aht_s[3] = -2;
  r = forecast(bad, o);
  ASSERT_FALSE(r);
  expect_invalid(r.error(), "aht_s[3]");
  bad.aht_s[3] = NAN;
  EXPECT_FALSE(forecast(bad, o));
  auto aht = forecast_aht(h, 1, 0);
  ASSERT_FALSE(aht);
  expect_invalid(aht.error(), "aht_weeks");
  aht = forecast_aht(h, -1, 1);
  ASSERT_FALSE(aht);
  expect_invalid(aht.error(), "horizon");
}

TEST(ForecastErrors, BadBacktestArguments) {
  const Series s = series(std::vector<double>(4 * 336, 1.0));
  auto b = backtest(s, 0);
  ASSERT_FALSE(b);
  expect_invalid(b.error(), "weeks");
  const std::array<Method, 2> twice = {Method::kSeasonalNaive, Method::kSeasonalNaive};
  b = backtest(s, 1, {}, twice);
  ASSERT_FALSE(b);
  expect_invalid(b.error(), "methods");
  const std::vector<SpecialDay> bad = {{ymd(2026, 11, 3), -1, {}, ""}};
  b = backtest(s, 1, bad);
  ASSERT_FALSE(b);
  expect_invalid(b.error(), "special_days[0].factor");
  b = backtest(series(std::vector<double>(4 * 336 + 1, 1.0)), 1);
  ASSERT_FALSE(b);
  expect_invalid(b.error(), "contacts.values");
}

}  // namespace
}  // namespace switchyard::wfm
