#pragma once
// Volume and AHT forecasting per 15- or 30-minute interval (docs/wfm.md, "Forecast").
//
// Methods: seasonal naive (the same interval one week earlier) as the baseline, and additive
// double seasonal Holt-Winters (Taylor 2003: a level, a daily index of m1 = intervals per day
// values and a weekly index of m2 = 7 * m1 values, no trend) with an AR(1) adjustment of the
// one-step error, its parameters fitted on the history by minimising the one-step-ahead SSE. AHT
// is forecast as the volume-weighted mean of the same interval of the week over the last weeks.
// Special days (holidays) are neutralised in the history and applied to the forecast; planners'
// adjustments are applied on top; a rolling-origin backtest scores the methods (WAPE, MAPE).
//
// Pure and deterministic: no I/O, no clock, no randomness; the same input gives the same output
// bit for bit. Safe to call from any thread (no shared state).
//
// Units: contacts per interval (double, >= 0), AHT in seconds, fractions 0..1 (WAPE, MAPE,
// relative adjustments). Times are the center's local calendar: a series' value i covers
// [midnight of `start` + i * interval_min, + interval_min) local time; days are whole (a DST day
// still has 24 h worth of intervals, the caller maps clock changes).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace switchyard::wfm {

using Date = std::chrono::year_month_day;

// Values per interval, whole days, from local midnight of `start`.
struct Series {
  Date start{};           // local date of values[0]; its weekday is the series' first weekday
  int interval_min = 15;  // 15 or 30 (96 or 48 intervals per day)
  std::vector<double> values;

  int intervals_per_day() const { return interval_min > 0 ? 24 * 60 / interval_min : 0; }
  int intervals_per_week() const { return 7 * intervals_per_day(); }
  // Whole days covered (values.size() / intervals_per_day()).
  int64_t days() const;
  std::chrono::weekday start_weekday() const;
  // Local date of the day after the last value (where a forecast begins).
  Date end() const;
};

// Checks interval_min (15 or 30), start (a valid date), whole days, and every value finite and
// >= 0. Errors are kInvalidArgument naming `field_prefix` + ".interval_min", ".start",
// ".values" or ".values[i]" (field_prefix "contacts" gives "contacts.values[12]").
Result<void> validate(const Series& s, std::string_view field_prefix);

// A queue's history: contacts per interval and their volume-weighted mean handle time.
struct History {
  Series contacts;
  // Same length as contacts.values; seconds, >= 0. Read only where contacts > 0 (an interval
  // without contacts has no AHT; any finite value >= 0 is accepted there).
  std::vector<double> aht_s;
};

enum class Method : uint8_t {
  kSeasonalNaive,  // the same interval one week earlier
  kHoltWinters,    // additive double seasonal Holt-Winters with AR(1) error adjustment
};
std::string_view to_string(Method m);

// Weeks of history a method needs: 1 for seasonal naive, 2 for Holt-Winters (one week to
// initialise the indexes, at least one to fit on).
int min_history_weeks(Method m);

// A special day: the forecast of `date` is (reference ? the values of `reference` : the
// statistical forecast of `date`) x factor. `reference` may be a day of the history (its actual
// contacts and AHT, e.g. last year's Christmas) or another day of the forecast horizon (its
// statistical forecast, e.g. "forecast this Wednesday like the Saturday"). The factor scales
// contacts only, never AHT. History days listed here are neutralised in fitting (see
// fit_holt_winters) and in seasonal naive (the latest ordinary same weekday is used instead).
struct SpecialDay {
  Date date{};
  double factor = 1.0;            // >= 0, finite
  std::optional<Date> reference;  // none = the date's own statistical forecast
  std::string name;               // shown to planners ("Christmas"); not interpreted
};

// Holt-Winters smoothing parameters, each in [0, 1] (phi in [0, kMaxPhi]).
struct HwParams {
  double alpha = 0.1;  // level
  double delta = 0.1;  // daily index
  double omega = 0.1;  // weekly index
  double phi = 0.0;    // AR(1) coefficient of the one-step error
};
inline constexpr double kMaxPhi = 0.99;

// A Holt-Winters model run over a history: its parameters, fit and final state.
struct HwModel {
  HwParams params;
  double sse = 0;              // sum of squared one-step errors (contacts^2) over fitted points
  int64_t fitted_points = 0;   // intervals in the SSE (after week 1, special days left out)
  int intervals_per_day = 0;   // m1
  int64_t history_len = 0;     // n: the state is that after value n-1
  double level = 0;            // contacts per interval
  std::vector<double> daily;   // m1 values, daily[t % m1] is the index of interval t
  std::vector<double> weekly;  // m2 values, weekly[t % m2] (t counted from the series start)
  double last_error = 0;       // one-step error of the last value (0 after a special day)
  int evaluations = 0;         // SSE evaluations the fit took (0 for run_holt_winters)

  double rmse() const;  // sqrt(sse / fitted_points); 0 without fitted points
};

// Runs the model with fixed parameters over `history` (at least 2 weeks).
//
// Initialisation from the first week: level = its mean; daily[j] = mean over its 7 days of
// interval j, minus the level; weekly[i] = y_i - level - daily[i % m1]. Then for t >= m2, with
// base = l + d[t%m1] + w[t%m2], forecast = base + phi * e_prev, e = y_t - base:
//   l <- l + alpha * e
//   d[t%m1] <- d + delta * (y_t - l_new - w - d)
//   w[t%m2] <- w + omega * (y_t - l_new - d_old - w)
// SSE += (y_t - forecast)^2; e_prev = e. An interval of a special day is treated as missing:
// the state is unchanged, it is left out of the SSE, and e_prev becomes 0.
// Errors: kInvalidArgument on a bad series ("contacts...", see validate), too little history
// ("contacts.values"), parameters outside their range ("params.alpha", ...).
Result<HwModel> run_holt_winters(const Series& history, const HwParams& params,
                                 std::span<const SpecialDay> special_days = {});

// Fits alpha, delta, omega in [0, 1] and phi in [0, kMaxPhi] by minimising the model's SSE: a
// 3x3x3x3 grid, then Nelder-Mead (projected onto the box) from the best grid point, at most
// about 500 SSE evaluations. Deterministic. Cost O(evaluations x values): about 10 ms for 8 weeks
// of 15-minute values (bench/RESULTS.md). Errors as run_holt_winters.
Result<HwModel> fit_holt_winters(const Series& history,
                                 std::span<const SpecialDay> special_days = {});

// k = 1..horizon steps after the model's history: l + d[t%m1] + w[t%m2] + phi^k * e_last, clamped
// at 0.
std::vector<double> forecast_holt_winters(const HwModel& model, int64_t horizon);

// Seasonal naive: value t (t >= n) is the value at t - 7k days for the smallest k >= 1 that
// falls in the history on a day that is not special; if every candidate day is special, the
// latest candidate. Errors: bad series, less than one week of history, horizon < 0.
Result<std::vector<double>> seasonal_naive(const Series& history, int64_t horizon,
                                           std::span<const SpecialDay> special_days = {});

// AHT forecast for `horizon` intervals after the history: for interval t, the volume-weighted
// mean AHT of the same interval of the week over the last `weeks` weeks of history (special days
// left out): sum(contacts * aht_s) / sum(contacts). Where those weeks have no contacts in that
// interval: the volume-weighted mean of the same interval of the day over the whole history
// (special days left out), then the whole history's, then 0.
// Errors: bad history or special days (as forecast()), weeks < 1 ("aht_weeks"), horizon < 0
// ("horizon").
Result<std::vector<double>> forecast_aht(const History& history, int64_t horizon, int weeks = 4,
                                         std::span<const SpecialDay> special_days = {});

struct ForecastOptions {
  Method method = Method::kHoltWinters;
  int horizon_days = 7;                  // 1..366
  std::vector<SpecialDay> special_days;  // for the history and the horizon
  int aht_weeks = 4;                     // see forecast_aht
  std::optional<HwParams> hw_params;     // fixed parameters instead of a fit
};

struct Forecast {
  Method method = Method::kHoltWinters;
  Series contacts;               // starts at history.contacts.end(), horizon_days whole days
  std::vector<double> aht_s;     // same length
  std::optional<HwModel> model;  // Holt-Winters only: the fitted (or fixed) model
  // Indexes into options.special_days of the entries that fell in the horizon and were applied.
  std::vector<int> special_days_applied;
};

// Forecasts contacts and AHT for horizon_days after the history with the given method, then
// applies the special days of the horizon. Errors (kInvalidArgument): "contacts..." (validate),
// "aht_s" (length) / "aht_s[i]" (NaN, negative, infinite), "horizon_days", "aht_weeks",
// "special_days[i].date" (invalid or listed twice), "special_days[i].factor" (NaN, < 0),
// "special_days[i].reference" (invalid, or neither in the history nor in the horizon),
// "params.*", and "contacts.values" for too little history for the method.
Result<Forecast> forecast(const History& history, const ForecastOptions& options);

// ---- Backtest ----

// Rolling origin: for each of the last `weeks` weeks of the history, the method is fitted on
// everything before that week and forecasts the week (7 days); intervals of special days are
// left out of the scores.
//   WAPE = sum |F - A| / sum A over all scored intervals of all weeks (0 when both sums are 0,
//          +inf when only the actual sum is 0)
//   MAPE = mean of |F - A| / A over scored intervals with A > 0 (0 when there are none)
struct MethodScore {
  Method method = Method::kSeasonalNaive;
  double wape = 0;
  double mape = 0;
  int64_t scored_intervals = 0;   // intervals in WAPE
  int64_t mape_intervals = 0;     // ... of them with actual > 0 (in MAPE)
  double abs_error = 0;           // sum |F - A| (contacts)
  double actual = 0;              // sum A (contacts)
  std::vector<double> week_wape;  // per backtest week, oldest first (same rule as wape)
};

struct Backtest {
  int weeks = 0;
  std::vector<MethodScore> scores;       // in the order of `methods`
  Method best = Method::kSeasonalNaive;  // lowest WAPE; ties go to the earlier in `methods`
};

// Backtests `methods` (default: both, seasonal naive first) on the last `weeks` weeks. Needs
// weeks + min_history_weeks(method) whole weeks of history for every method. Errors
// (kInvalidArgument): "weeks" (< 1), "methods" (empty or repeated), "contacts..." (validate, or
// too little history), "special_days[i]..." (as forecast()).
Result<Backtest> backtest(const Series& history, int weeks,
                          std::span<const SpecialDay> special_days = {},
                          std::span<const Method> methods = {});

// ---- Manual adjustments ----

// A planner's change over forecast intervals [begin, end) (indexes into the forecast's values).
// Applied in list order on top of the statistical forecast; after each step a value below 0
// becomes 0.
struct Adjustment {
  enum class Kind : uint8_t {
    kRelative,  // value *= 1 + amount (a fraction: 0.1 = +10 %, -0.25 = -25 %)
    kAbsolute,  // value += amount per interval (contacts, or seconds for AHT)
  };
  enum class Target : uint8_t { kContacts, kAhtS };
  int64_t begin = 0;
  int64_t end = 0;
  Kind kind = Kind::kRelative;
  Target target = Target::kContacts;
  double amount = 0;  // finite; kRelative >= -1
  std::string note;   // why (shown to planners); not interpreted
};

struct AdjustedForecast {
  std::vector<double> base_contacts;  // the statistical forecast
  std::vector<double> contacts;       // after the adjustments
  std::vector<double> base_aht_s;
  std::vector<double> aht_s;
  std::vector<Adjustment> adjustments;  // as applied, in order
  std::vector<int> adjusted_by;         // per interval: how many adjustments touched it
};

// Applies `adjustments` to `f`. Errors (kInvalidArgument) name the adjustment:
// "adjustments[i].begin" / ".end" (outside [0, size], or begin >= end), "adjustments[i].amount"
// (not finite, or a relative amount below -1).
Result<AdjustedForecast> apply_adjustments(const Forecast& f,
                                           std::span<const Adjustment> adjustments);

}  // namespace switchyard::wfm
