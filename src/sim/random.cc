#include "sim/random.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace switchyard::sim {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

double Rng::uniform() {
  // 53 random bits, centred in their cell: never 0, never 1.
  return (static_cast<double>(gen_() >> 11) + 0.5) * 0x1.0p-53;
}

double Rng::exponential(double mean) { return -mean * std::log(uniform()); }

double normal_quantile(double p) {
  // Acklam's algorithm.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - kLow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley refinement step.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double Rng::normal() { return normal_quantile(uniform()); }

double Rng::lognormal(double mean, double sd) {
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  const double mu = std::log(mean) - s2 / 2;
  return std::exp(mu + std::sqrt(s2) * normal());
}

double Rng::sample_s(const DistSpec& d) {
  switch (d.kind) {
    case DistSpec::Kind::kNone: return std::numeric_limits<double>::infinity();
    case DistSpec::Kind::kConstant: return d.mean_s;
    case DistSpec::Kind::kExponential: return exponential(d.mean_s);
    case DistSpec::Kind::kLognormal: return d.sd_s > 0 ? lognormal(d.mean_s, d.sd_s) : d.mean_s;
  }
  return d.mean_s;
}

int64_t Rng::sample_ms(const DistSpec& d) {
  if (d.kind == DistSpec::Kind::kNone) return -1;
  const double s = sample_s(d);
  return s <= 0 ? 0 : std::llround(s * 1000.0);
}

}  // namespace switchyard::sim
