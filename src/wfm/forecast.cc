#include "wfm/forecast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace switchyard::wfm {
namespace {

using std::chrono::sys_days;

constexpr int kMaxHorizonDays = 366;

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

std::string indexed(std::string_view prefix, size_t i) {
  return std::string(prefix) + "[" + std::to_string(i) + "]";
}

int64_t days_between(const Date& from, const Date& to) {
  return (sys_days(to) - sys_days(from)).count();
}

std::string date_text(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

// Checks the special days' own fields; their references are checked where they are applied.
Result<void> check_special_days(std::span<const SpecialDay> days) {
  for (size_t i = 0; i < days.size(); ++i) {
    const SpecialDay& s = days[i];
    const std::string f = indexed("special_days", i);
    if (!s.date.ok()) return invalid("is not a valid date", f + ".date");
    for (size_t j = 0; j < i; ++j) {
      if (days[j].date == s.date) {
        return invalid(
            date_text(s.date) + " is listed twice (also special_days[" + std::to_string(j) + "])",
            f + ".date");
      }
    }
    if (!std::isfinite(s.factor) || s.factor < 0) {
      return invalid("must be a finite number >= 0", f + ".factor");
    }
    if (s.reference && !s.reference->ok()) return invalid("is not a valid date", f + ".reference");
  }
  return {};
}

// 1 for each day of [start, start + days) that is a special day.
std::vector<uint8_t> special_mask(const Date& start, int64_t days,
                                  std::span<const SpecialDay> special) {
  std::vector<uint8_t> mask(static_cast<size_t>(std::max<int64_t>(days, 0)), 0);
  for (const SpecialDay& s : special) {
    const int64_t d = days_between(start, s.date);
    if (d >= 0 && d < days) mask[static_cast<size_t>(d)] = 1;
  }
  return mask;
}

Result<void> check_params(const HwParams& p) {
  const std::array<std::pair<double, const char*>, 3> unit = {
      {{p.alpha, "params.alpha"}, {p.delta, "params.delta"}, {p.omega, "params.omega"}}};
  for (const auto& [v, name] : unit) {
    if (!(v >= 0 && v <= 1)) return invalid("must be in [0, 1]", name);
  }
  if (!(p.phi >= 0 && p.phi <= kMaxPhi)) {
    return invalid("must be in [0, " + std::to_string(kMaxPhi) + "]", "params.phi");
  }
  return {};
}

Result<void> check_history_weeks(const Series& s, int weeks_needed, std::string_view what) {
  const int64_t have = static_cast<int64_t>(s.values.size());
  const int64_t need = int64_t{weeks_needed} * s.intervals_per_week();
  if (have < need) {
    return invalid(std::string(what) + " needs at least " + std::to_string(weeks_needed) +
                       " weeks of history (" + std::to_string(need) + " values), got " +
                       std::to_string(s.days()) + " days",
                   "contacts.values");
  }
  return {};
}

std::string_view method_name(Method m) {
  return m == Method::kHoltWinters ? "Holt-Winters" : "seasonal naive";
}

// Checks a series, the special days and the history length for `method`; gives the series'
// special-day mask.
Result<std::vector<uint8_t>> checked_mask(const Series& s, std::span<const SpecialDay> special,
                                          Method method) {
  if (auto v = validate(s, "contacts"); !v) return std::unexpected(v.error());
  if (auto v = check_special_days(special); !v) return std::unexpected(v.error());
  if (auto v = check_history_weeks(s, min_history_weeks(method), method_name(method)); !v) {
    return std::unexpected(v.error());
  }
  return special_mask(s.start, s.days(), special);
}

// ---- Holt-Winters core, on a prefix of a series ----

// The state after the first week (see run_holt_winters in the header).
struct HwInit {
  double level = 0;
  std::vector<double> daily;
  std::vector<double> weekly;
};

HwInit hw_initialise(std::span<const double> y, int m1, std::span<const uint8_t> special) {
  const int m2 = 7 * m1;
  HwInit init;
  init.daily.assign(static_cast<size_t>(m1), 0.0);
  init.weekly.assign(static_cast<size_t>(m2), 0.0);
  int ordinary = 0;
  for (int d = 0; d < 7; ++d) ordinary += special[static_cast<size_t>(d)] ? 0 : 1;
  // Days used: the ordinary days of week 1, or all of them when every day is special.
  auto used = [&](int d) { return ordinary == 0 || !special[static_cast<size_t>(d)]; };
  const int n_used = ordinary == 0 ? 7 : ordinary;
  double sum = 0;
  for (int d = 0; d < 7; ++d) {
    if (!used(d)) continue;
    for (int j = 0; j < m1; ++j) sum += y[static_cast<size_t>(d * m1 + j)];
  }
  init.level = sum / (double(n_used) * m1);
  for (int j = 0; j < m1; ++j) {
    double s = 0;
    for (int d = 0; d < 7; ++d) {
      if (used(d)) s += y[static_cast<size_t>(d * m1 + j)];
    }
    init.daily[static_cast<size_t>(j)] = s / n_used - init.level;
  }
  for (int i = 0; i < m2; ++i) {
    if (!used(i / m1)) continue;  // a special day of week 1: no weekday information (0)
    init.weekly[static_cast<size_t>(i)] =
        y[static_cast<size_t>(i)] - init.level - init.daily[static_cast<size_t>(i % m1)];
  }
  return init;
}

struct HwRun {
  double sse = 0;
  int64_t fitted = 0;
  double level = 0;
  std::vector<double> daily;
  std::vector<double> weekly;
  double last_error = 0;
};

// Runs the filter over y (n >= m2, whole days) from the initial state into `out` (reused by
// the fit's inner loop to avoid allocations).
void hw_filter(std::span<const double> y, int m1, std::span<const uint8_t> special,
               const HwInit& init, const HwParams& p, HwRun& out) {
  const int m2 = 7 * m1;
  out.daily = init.daily;
  out.weekly = init.weekly;
  double l = init.level;
  double* d = out.daily.data();
  double* w = out.weekly.data();
  double e_prev = 0, sse = 0;
  int64_t fitted = 0;
  const int64_t n = static_cast<int64_t>(y.size());
  int j = 0, i = 0;  // t % m1, t % m2 (t starts at m2, a multiple of both)
  for (int64_t t = m2; t < n; t += m1) {
    const bool skip = special[static_cast<size_t>(t / m1)] != 0;
    if (skip) {
      e_prev = 0;
      i += m1;
      if (i == m2) i = 0;
      continue;
    }
    for (j = 0; j < m1; ++j, ++i) {
      const double yt = y[static_cast<size_t>(t + j)];
      const double dj = d[j], wi = w[i];
      const double base = l + dj + wi;
      const double e = yt - base;
      const double r = e - p.phi * e_prev;  // error of the AR-adjusted forecast
      sse += r * r;
      l += p.alpha * e;
      d[j] = dj + p.delta * (yt - l - wi - dj);
      w[i] = wi + p.omega * (yt - l - dj - wi);
      e_prev = e;
    }
    fitted += m1;
    if (i == m2) i = 0;
  }
  out.sse = sse;
  out.fitted = fitted;
  out.level = l;
  out.last_error = e_prev;
}

HwModel to_model(const HwRun& run, const HwParams& p, int m1, int64_t n) {
  HwModel m;
  m.params = p;
  m.sse = run.sse;
  m.fitted_points = run.fitted;
  m.intervals_per_day = m1;
  m.history_len = n;
  m.level = run.level;
  m.daily = run.daily;
  m.weekly = run.weekly;
  m.last_error = run.last_error;
  return m;
}

// Initialises and runs the filter with fixed parameters (a checked series of >= 2 weeks).
HwModel hw_run(std::span<const double> y, int m1, std::span<const uint8_t> special,
               const HwParams& p) {
  HwRun run;
  hw_filter(y, m1, special, hw_initialise(y, m1, special), p, run);
  return to_model(run, p, m1, static_cast<int64_t>(y.size()));
}

HwParams clamp_params(const std::array<double, 4>& x) {
  return HwParams{std::clamp(x[0], 0.0, 1.0), std::clamp(x[1], 0.0, 1.0),
                  std::clamp(x[2], 0.0, 1.0), std::clamp(x[3], 0.0, kMaxPhi)};
}

// Grid search then projected Nelder-Mead over (alpha, delta, omega, phi).
HwModel hw_fit(std::span<const double> y, int m1, std::span<const uint8_t> special) {
  const HwInit init = hw_initialise(y, m1, special);
  HwRun scratch;
  int evaluations = 0;
  auto sse_of = [&](const std::array<double, 4>& x) {
    ++evaluations;
    hw_filter(y, m1, special, init, clamp_params(x), scratch);
    return scratch.sse;
  };

  using Point = std::array<double, 4>;
  constexpr std::array<double, 3> kSmooth = {0.02, 0.15, 0.5};
  constexpr std::array<double, 3> kPhi = {0.0, 0.5, 0.9};
  Point best{};
  double best_f = std::numeric_limits<double>::infinity();
  for (double a : kSmooth) {
    for (double dl : kSmooth) {
      for (double om : kSmooth) {
        for (double ph : kPhi) {
          const Point x = {a, dl, om, ph};
          const double f = sse_of(x);
          if (f < best_f) best_f = f, best = x;
        }
      }
    }
  }

  // Nelder-Mead: reflection 1, expansion 2, contraction 0.5, shrink 0.5; every point is
  // projected onto the box before it is evaluated and kept.
  constexpr int kMaxEvaluations = 500;
  constexpr std::array<double, 4> kUpper = {1.0, 1.0, 1.0, kMaxPhi};
  auto project = [&](Point x) {
    for (size_t k = 0; k < 4; ++k) x[k] = std::clamp(x[k], 0.0, kUpper[k]);
    return x;
  };
  std::array<Point, 5> v;
  std::array<double, 5> fv;
  v[0] = best;
  fv[0] = best_f;
  for (size_t k = 0; k < 4; ++k) {
    Point x = best;
    const double step = 0.1 * kUpper[k];
    x[k] = x[k] + step <= kUpper[k] ? x[k] + step : x[k] - step;
    v[k + 1] = x;
    fv[k + 1] = sse_of(x);
  }
  std::array<int, 5> order;
  while (evaluations < kMaxEvaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return fv[a] < fv[b]; });
    std::array<Point, 5> sv;
    std::array<double, 5> sf;
    for (size_t k = 0; k < 5; ++k) sv[k] = v[order[k]], sf[k] = fv[order[k]];
    v = sv;
    fv = sf;
    double size = 0;
    for (size_t k = 1; k < 5; ++k) {
      for (size_t c = 0; c < 4; ++c) size = std::max(size, std::abs(v[k][c] - v[0][c]));
    }
    if (size < 1e-5 || fv[4] - fv[0] <= 1e-12 * std::abs(fv[0])) break;
    Point centroid{};
    for (size_t k = 0; k < 4; ++k) {
      for (size_t c = 0; c < 4; ++c) centroid[c] += v[k][c] / 4;
    }
    auto along = [&](double coef) {
      Point x;
      for (size_t c = 0; c < 4; ++c) x[c] = centroid[c] + coef * (v[4][c] - centroid[c]);
      return project(x);
    };
    const Point xr = along(-1.0);
    const double fr = sse_of(xr);
    if (fr < fv[0]) {
      const Point xe = along(-2.0);
      const double fe = sse_of(xe);
      if (fe < fr) {
        v[4] = xe, fv[4] = fe;
      } else {
        v[4] = xr, fv[4] = fr;
      }
      continue;
    }
    if (fr < fv[3]) {
      v[4] = xr, fv[4] = fr;
      continue;
    }
    const bool outside = fr < fv[4];
    const Point xc = along(outside ? -0.5 : 0.5);
    const double fc = sse_of(xc);
    if (fc < (outside ? fr : fv[4])) {
      v[4] = xc, fv[4] = fc;
      continue;
    }
    for (size_t k = 1; k < 5; ++k) {
      for (size_t c = 0; c < 4; ++c) v[k][c] = v[0][c] + 0.5 * (v[k][c] - v[0][c]);
      fv[k] = sse_of(v[k]);
    }
  }
  size_t arg = 0;
  for (size_t k = 1; k < 5; ++k) {
    if (fv[k] < fv[arg]) arg = k;
  }
  HwModel m = hw_run(y, m1, special, clamp_params(v[arg]));
  m.evaluations = evaluations;
  return m;
}

std::vector<double> naive_core(std::span<const double> y, int m1, std::span<const uint8_t> special,
                               int64_t horizon) {
  const int64_t m2 = 7 * int64_t{m1};
  const int64_t n = static_cast<int64_t>(y.size());
  std::vector<double> out(static_cast<size_t>(horizon));
  // Per day of the horizon, the source day; then copy whole days.
  for (int64_t day = 0; day * m1 < horizon; ++day) {
    const int64_t t0 = n + day * m1;
    const int64_t k0 = (t0 - n) / m2 + 1;
    int64_t src = t0 - k0 * m2;  // the latest candidate (>= 0 since n >= m2)
    for (int64_t s = src; s >= 0; s -= m2) {
      if (!special[static_cast<size_t>(s / m1)]) {
        src = s;
        break;
      }
    }
    for (int64_t j = 0; j < m1 && day * m1 + j < horizon; ++j) {
      out[static_cast<size_t>(day * m1 + j)] = y[static_cast<size_t>(src + j)];
    }
  }
  return out;
}

// Validates a whole history (contacts and AHT).
Result<void> check_history(const History& h) {
  if (auto v = validate(h.contacts, "contacts"); !v) return v;
  if (h.aht_s.size() != h.contacts.values.size()) {
    return invalid("has " + std::to_string(h.aht_s.size()) + " values, contacts has " +
                       std::to_string(h.contacts.values.size()),
                   "aht_s");
  }
  for (size_t i = 0; i < h.aht_s.size(); ++i) {
    if (!std::isfinite(h.aht_s[i]) || h.aht_s[i] < 0) {
      return invalid("must be a finite number >= 0", indexed("aht_s", i));
    }
  }
  return {};
}

std::vector<double> aht_core(const History& h, std::span<const uint8_t> special, int64_t horizon,
                             int weeks) {
  const int m1 = h.contacts.intervals_per_day();
  const int64_t m2 = 7 * int64_t{m1};
  const auto& c = h.contacts.values;
  const int64_t n = static_cast<int64_t>(c.size());
  std::vector<double> week_num(static_cast<size_t>(m2), 0), week_den(static_cast<size_t>(m2), 0);
  std::vector<double> day_num(static_cast<size_t>(m1), 0), day_den(static_cast<size_t>(m1), 0);
  double all_num = 0, all_den = 0;
  const int64_t recent = std::max<int64_t>(0, n - weeks * m2);
  for (int64_t t = 0; t < n; ++t) {
    if (special[static_cast<size_t>(t / m1)] || c[static_cast<size_t>(t)] <= 0) continue;
    const double ct = c[static_cast<size_t>(t)];
    const double work = ct * h.aht_s[static_cast<size_t>(t)];
    if (t >= recent) {
      week_num[static_cast<size_t>(t % m2)] += work;
      week_den[static_cast<size_t>(t % m2)] += ct;
    }
    day_num[static_cast<size_t>(t % m1)] += work;
    day_den[static_cast<size_t>(t % m1)] += ct;
    all_num += work;
    all_den += ct;
  }
  std::vector<double> out(static_cast<size_t>(horizon));
  for (int64_t k = 0; k < horizon; ++k) {
    const int64_t t = n + k;
    const size_t wi = static_cast<size_t>(t % m2), di = static_cast<size_t>(t % m1);
    double v = 0;
    if (week_den[wi] > 0) {
      v = week_num[wi] / week_den[wi];
    } else if (day_den[di] > 0) {
      v = day_num[di] / day_den[di];
    } else if (all_den > 0) {
      v = all_num / all_den;
    }
    out[static_cast<size_t>(k)] = v;
  }
  return out;
}

double wape_of(double abs_error, double actual) {
  if (actual > 0) return abs_error / actual;
  return abs_error > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

}  // namespace

int64_t Series::days() const {
  const int ipd = intervals_per_day();
  return ipd > 0 ? static_cast<int64_t>(values.size()) / ipd : 0;
}

std::chrono::weekday Series::start_weekday() const { return std::chrono::weekday(sys_days(start)); }

Date Series::end() const { return Date(sys_days(start) + std::chrono::days(days())); }

Result<void> validate(const Series& s, std::string_view field_prefix) {
  const std::string p(field_prefix);
  if (s.interval_min != 15 && s.interval_min != 30) {
    return invalid("must be 15 or 30 (minutes), got " + std::to_string(s.interval_min),
                   p + ".interval_min");
  }
  if (!s.start.ok()) return invalid("is not a valid date", p + ".start");
  const size_t ipd = static_cast<size_t>(s.intervals_per_day());
  if (s.values.size() % ipd != 0) {
    return invalid("must cover whole days (" + std::to_string(ipd) + " values a day), got " +
                       std::to_string(s.values.size()) + " values",
                   p + ".values");
  }
  for (size_t i = 0; i < s.values.size(); ++i) {
    if (!std::isfinite(s.values[i]) || s.values[i] < 0) {
      return invalid("must be a finite number >= 0", indexed(p + ".values", i));
    }
  }
  return {};
}

std::string_view to_string(Method m) {
  switch (m) {
    case Method::kSeasonalNaive:
      return "seasonal_naive";
    case Method::kHoltWinters:
      return "holt_winters";
  }
  return "unknown";
}

int min_history_weeks(Method m) { return m == Method::kHoltWinters ? 2 : 1; }

double HwModel::rmse() const {
  return fitted_points > 0 ? std::sqrt(sse / static_cast<double>(fitted_points)) : 0.0;
}

Result<HwModel> run_holt_winters(const Series& history, const HwParams& params,
                                 std::span<const SpecialDay> special_days) {
  if (auto v = check_params(params); !v) return std::unexpected(v.error());
  auto mask = checked_mask(history, special_days, Method::kHoltWinters);
  if (!mask) return std::unexpected(mask.error());
  return hw_run(history.values, history.intervals_per_day(), *mask, params);
}

Result<HwModel> fit_holt_winters(const Series& history, std::span<const SpecialDay> special_days) {
  auto mask = checked_mask(history, special_days, Method::kHoltWinters);
  if (!mask) return std::unexpected(mask.error());
  return hw_fit(history.values, history.intervals_per_day(), *mask);
}

std::vector<double> forecast_holt_winters(const HwModel& m, int64_t horizon) {
  std::vector<double> out(static_cast<size_t>(std::max<int64_t>(horizon, 0)));
  const int64_t m1 = m.intervals_per_day;
  if (m1 <= 0 || m.daily.size() != size_t(m1) || m.weekly.size() != size_t(7 * m1)) return out;
  const int64_t m2 = 7 * m1;
  double ar = m.last_error;
  for (int64_t k = 1; k <= horizon; ++k) {
    const int64_t t = m.history_len - 1 + k;
    ar *= m.params.phi;
    const double v =
        m.level + m.daily[static_cast<size_t>(t % m1)] + m.weekly[static_cast<size_t>(t % m2)] + ar;
    out[static_cast<size_t>(k - 1)] = std::max(0.0, v);
  }
  return out;
}

Result<std::vector<double>> seasonal_naive(const Series& history, int64_t horizon,
                                           std::span<const SpecialDay> special_days) {
  if (horizon < 0) return invalid("must be >= 0", "horizon");
  auto mask = checked_mask(history, special_days, Method::kSeasonalNaive);
  if (!mask) return std::unexpected(mask.error());
  return naive_core(history.values, history.intervals_per_day(), *mask, horizon);
}

Result<std::vector<double>> forecast_aht(const History& history, int64_t horizon, int weeks,
                                         std::span<const SpecialDay> special_days) {
  if (auto v = check_history(history); !v) return std::unexpected(v.error());
  if (auto v = check_special_days(special_days); !v) return std::unexpected(v.error());
  if (weeks < 1) return invalid("must be >= 1", "aht_weeks");
  if (horizon < 0) return invalid("must be >= 0", "horizon");
  const auto mask = special_mask(history.contacts.start, history.contacts.days(), special_days);
  return aht_core(history, mask, horizon, weeks);
}

Result<Forecast> forecast(const History& history, const ForecastOptions& o) {
  if (auto v = check_history(history); !v) return std::unexpected(v.error());
  if (o.horizon_days < 1 || o.horizon_days > kMaxHorizonDays) {
    return invalid("must be 1.." + std::to_string(kMaxHorizonDays), "horizon_days");
  }
  if (o.aht_weeks < 1) return invalid("must be >= 1", "aht_weeks");
  if (auto v = check_special_days(o.special_days); !v) return std::unexpected(v.error());
  if (o.hw_params) {
    if (auto v = check_params(*o.hw_params); !v) return std::unexpected(v.error());
  }
  const Series& hist = history.contacts;
  if (auto v = check_history_weeks(hist, min_history_weeks(o.method), method_name(o.method)); !v) {
    return std::unexpected(v.error());
  }
  const int m1 = hist.intervals_per_day();
  const int64_t horizon = int64_t{o.horizon_days} * m1;
  const auto mask = special_mask(hist.start, hist.days(), o.special_days);

  Forecast f;
  f.method = o.method;
  f.contacts.start = hist.end();
  f.contacts.interval_min = hist.interval_min;
  if (o.method == Method::kHoltWinters) {
    HwModel model =
        o.hw_params ? hw_run(hist.values, m1, mask, *o.hw_params) : hw_fit(hist.values, m1, mask);
    f.contacts.values = forecast_holt_winters(model, horizon);
    f.model = std::move(model);
  } else {
    f.contacts.values = naive_core(hist.values, m1, mask, horizon);
  }
  f.aht_s = aht_core(history, mask, horizon, o.aht_weeks);

  // Special days of the horizon, from the statistical forecast (a reference to another special
  // day of the horizon reads that day's statistical values, not its adjusted ones).
  const std::vector<double> base_c = f.contacts.values;
  const std::vector<double> base_a = f.aht_s;
  for (size_t i = 0; i < o.special_days.size(); ++i) {
    const SpecialDay& s = o.special_days[i];
    const int64_t day = days_between(f.contacts.start, s.date);
    if (day < 0 || day >= o.horizon_days) continue;
    const double* src_c = &base_c[static_cast<size_t>(day * m1)];
    const double* src_a = &base_a[static_cast<size_t>(day * m1)];
    if (s.reference) {
      const int64_t in_hist = days_between(hist.start, *s.reference);
      const int64_t in_horizon = days_between(f.contacts.start, *s.reference);
      if (in_hist >= 0 && in_hist < hist.days()) {
        src_c = &hist.values[static_cast<size_t>(in_hist * m1)];
        src_a = &history.aht_s[static_cast<size_t>(in_hist * m1)];
      } else if (in_horizon >= 0 && in_horizon < o.horizon_days) {
        src_c = &base_c[static_cast<size_t>(in_horizon * m1)];
        src_a = &base_a[static_cast<size_t>(in_horizon * m1)];
      } else {
        return invalid(date_text(*s.reference) + " is neither in the history nor in the horizon",
                       indexed("special_days", i) + ".reference");
      }
    }
    for (int j = 0; j < m1; ++j) {
      const size_t t = static_cast<size_t>(day * m1 + j);
      f.contacts.values[t] = src_c[j] * s.factor;
      f.aht_s[t] = src_a[j];
    }
    f.special_days_applied.push_back(static_cast<int>(i));
  }
  return f;
}

Result<Backtest> backtest(const Series& history, int weeks,
                          std::span<const SpecialDay> special_days,
                          std::span<const Method> methods) {
  static constexpr std::array<Method, 2> kAll = {Method::kSeasonalNaive, Method::kHoltWinters};
  if (methods.empty()) methods = kAll;
  if (auto v = validate(history, "contacts"); !v) return std::unexpected(v.error());
  if (auto v = check_special_days(special_days); !v) return std::unexpected(v.error());
  if (weeks < 1) return invalid("must be >= 1", "weeks");
  for (size_t i = 0; i < methods.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (methods[i] == methods[j]) {
        return invalid(std::string(to_string(methods[i])) + " is listed twice", "methods");
      }
    }
    if (auto v = check_history_weeks(history, weeks + min_history_weeks(methods[i]),
                                     "a " + std::to_string(weeks) + "-week backtest of " +
                                         std::string(to_string(methods[i])));
        !v) {
      return std::unexpected(v.error());
    }
  }
  const int m1 = history.intervals_per_day();
  const int64_t m2 = 7 * int64_t{m1};
  const int64_t n = static_cast<int64_t>(history.values.size());
  const auto mask = special_mask(history.start, history.days(), special_days);
  const std::span<const double> y = history.values;

  Backtest bt;
  bt.weeks = weeks;
  for (Method method : methods) {
    MethodScore score;
    score.method = method;
    double ape_sum = 0;
    for (int w = weeks; w >= 1; --w) {
      const int64_t origin = n - w * m2;
      const auto train = y.first(static_cast<size_t>(origin));
      const auto train_mask =
          std::span<const uint8_t>(mask).first(static_cast<size_t>(origin / m1));
      std::vector<double> fc;
      if (method == Method::kHoltWinters) {
        fc = forecast_holt_winters(hw_fit(train, m1, train_mask), m2);
      } else {
        fc = naive_core(train, m1, train_mask, m2);
      }
      double week_abs = 0, week_actual = 0;
      for (int64_t k = 0; k < m2; ++k) {
        const int64_t t = origin + k;
        if (mask[static_cast<size_t>(t / m1)]) continue;
        const double a = y[static_cast<size_t>(t)];
        const double err = std::abs(fc[static_cast<size_t>(k)] - a);
        week_abs += err;
        week_actual += a;
        ++score.scored_intervals;
        if (a > 0) {
          ape_sum += err / a;
          ++score.mape_intervals;
        }
      }
      score.abs_error += week_abs;
      score.actual += week_actual;
      score.week_wape.push_back(wape_of(week_abs, week_actual));
    }
    score.wape = wape_of(score.abs_error, score.actual);
    score.mape = score.mape_intervals > 0 ? ape_sum / static_cast<double>(score.mape_intervals) : 0;
    bt.scores.push_back(std::move(score));
  }
  size_t best = 0;
  for (size_t i = 1; i < bt.scores.size(); ++i) {
    if (bt.scores[i].wape < bt.scores[best].wape) best = i;
  }
  bt.best = bt.scores[best].method;
  return bt;
}

Result<AdjustedForecast> apply_adjustments(const Forecast& f,
                                           std::span<const Adjustment> adjustments) {
  const int64_t size = static_cast<int64_t>(f.contacts.values.size());
  AdjustedForecast out;
  out.base_contacts = f.contacts.values;
  out.contacts = f.contacts.values;
  out.base_aht_s = f.aht_s;
  out.aht_s = f.aht_s;
  out.aht_s.resize(static_cast<size_t>(size), 0.0);
  out.base_aht_s.resize(static_cast<size_t>(size), 0.0);
  out.adjusted_by.assign(static_cast<size_t>(size), 0);
  for (size_t i = 0; i < adjustments.size(); ++i) {
    const Adjustment& a = adjustments[i];
    const std::string field = indexed("adjustments", i);
    if (a.begin < 0 || a.begin >= size) {
      return invalid("must be in [0, " + std::to_string(size) + ")", field + ".begin");
    }
    if (a.end <= a.begin || a.end > size) {
      return invalid("must be in (begin, " + std::to_string(size) + "]", field + ".end");
    }
    if (!std::isfinite(a.amount)) return invalid("must be finite", field + ".amount");
    if (a.kind == Adjustment::Kind::kRelative && a.amount < -1) {
      return invalid("a relative change must be >= -1 (-100 %)", field + ".amount");
    }
    auto& v = a.target == Adjustment::Target::kContacts ? out.contacts : out.aht_s;
    for (int64_t t = a.begin; t < a.end; ++t) {
      double& x = v[static_cast<size_t>(t)];
      x = a.kind == Adjustment::Kind::kRelative ? x * (1 + a.amount) : x + a.amount;
      x = std::max(0.0, x);
      ++out.adjusted_by[static_cast<size_t>(t)];
    }
    out.adjustments.push_back(a);
  }
  return out;
}

}  // namespace switchyard::wfm
