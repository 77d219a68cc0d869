// Erlang B / C / A. The formulas and their derivations are in docs/kpis.md;
// comments here say how each is kept finite and accurate in double precision.
#include "wfm/erlang.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>
#include <string>

namespace switchyard::wfm {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();
// Iteration cap of the incomplete-gamma series / continued fraction. They need
// about 9 sqrt(a) terms near z = a, so this covers a up to ~3e13.
constexpr int kMaxIterations = 50'000'000;
// Largest x = n * patience / aht accepted under Erlang A (~1e7 series terms,
// a few ms per evaluation). Beyond it the caller should use Erlang C.
constexpr double kMaxPalmX = 1e12;
// Relative slack of meets_goal() (see erlang.h).
constexpr double kGoalSlack = 1e-12;

// 1 / ErlangB(n, traffic) - 1, from invB(k) = 1 + (k / A) invB(k - 1),
// invB(0) = 1, as (n / A) invB(n - 1) so that it stays accurate when B is
// close to 1. All terms are positive, so the forward recurrence is stable;
// once it overflows it stays +inf (B underflowed to 0).
double inverse_erlang_b_minus_one(int n, double traffic) {
  if (n == 0) return 0;
  if (traffic <= 0) return kInf;
  double inv = 1.0;  // invB(k - 1)
  for (int k = 1; k < n && inv != kInf; ++k) inv = 1.0 + inv * (k / traffic);
  return inv * (n / traffic);
}

// ErlangC for n > traffic: 1/C = (1 - A/n) invB + A/n = 1 + (1 - A/n)(invB - 1).
double erlang_c_for_stable(int n, double traffic) {
  const double k = (1 - traffic / n) * inverse_erlang_b_minus_one(n, traffic);
  return k == kInf ? 0.0 : 1 / (1 + k);
}

// log(1 + t) - t without cancellation for small |t|; t > -1.
double log1pmx(double t) {
  if (std::fabs(t) > 0.1) return std::log1p(t) - t;
  double sum = 0, power = t;
  for (int k = 2; k < 60; ++k) {
    power *= -t;  // (-1)^(k+1) t^k
    const double term = power / k;
    sum += term;
    if (std::fabs(term) < kEps * 1e-3 * std::fabs(sum)) break;
  }
  return sum;
}

// lgamma(a + 1) - (a log a - a) for a >= 10 by Stirling's series
// (truncation error < 2e-14).
double stirling_tail(double a) {
  const double inv = 1 / a, inv2 = inv * inv;
  return 0.5 * std::log(2 * std::numbers::pi * a) +
         inv * (1.0 / 12 -
                inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))));
}

// log D(a, z), D = z^a e^-z / Gamma(a + 1), the prefactor of both the series
// P(a, z) = D * S(a, z) and the fraction Q(a, z) = a * D * h(a, z). For large
// a it is a log(z / a) + (a - z) - stirling_tail(a), which avoids the
// cancellation of a log z - z - lgamma(a + 1); near z = a the first two terms
// are a (log1p(t) - t), t = (z - a) / a.
double log_prefactor(double a, double z) {
  // tgamma rather than lgamma: lgamma writes the global signgam (not thread-safe).
  if (a < 10) return a * std::log(z) - z - std::log(std::tgamma(a + 1));
  const double t = (z - a) / a;
  if (std::fabs(t) <= 0.5) return a * log1pmx(t) - stirling_tail(a);
  return a * std::log(z / a) + (a - z) - stirling_tail(a);
}

// Sums of the series S(a, z) = sum_{k>=0} t_k, t_k = z^k / ((a+1)...(a+k)),
// for 0 < z < a + 1 where t_k decreases: rest = S - 1 and weighted =
// sum_k k t_k, both without cancellation. NaN if it does not converge.
struct SeriesSums {
  double rest = 0;
  double weighted = 0;
};
SeriesSums gamma_series(double a, double z) {
  SeriesSums s;
  double term = 1;
  for (int k = 1; k < kMaxIterations; ++k) {
    term *= z / (a + k);
    s.rest += term;
    s.weighted += k * term;
    // Tails: sum_{j>k} t_j <= t_k r / (1 - r) and sum_{j>k} j t_j <=
    // t_k (k r / (1 - r) + r / (1 - r)^2), r = z / (a + k + 1) < 1.
    const double r = z / (a + k + 1);
    const double geo = r / (1 - r);
    if (term * geo <= 0.5 * kEps * (1 + s.rest) &&
        term * (k * geo + geo / (1 - r)) <= 0.5 * kEps * s.weighted) {
      return s;
    }
  }
  return {kNaN, kNaN};
}

// h(a, z) of Q(a, z) = a * D(a, z) * h by the modified Lentz continued
// fraction (Numerical Recipes gcf), for z >= a + 1. NaN if it does not converge.
double gamma_fraction(double a, double z) {
  constexpr double kTiny = 1e-300;
  double b = z + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) <= kEps) return h;
  }
  return kNaN;
}

// log(P(a, z e^-s) / P(a, z)) for s >= 0. In the series region the
// prefactors are divided exactly, log D(a, z e^-s) - log D(a, z) =
// -a s - z expm1(-s), so small s (T << patience) loses no precision.
double log_gamma_p_ratio(double a, double z, double s) {
  if (s == 0) return 0;
  if (z < a + 1) {
    const double z_low = z * std::exp(-s);
    if (z_low == 0) return -kInf;
    return -a * s - z * std::expm1(-s) + std::log1p(gamma_series(a, z_low).rest) -
           std::log1p(gamma_series(a, z).rest);
  }
  return log_gamma_p(a, z * std::exp(-s)) - log_gamma_p(a, z);
}

// Erlang A building blocks for x = n mu / theta, y = lambda / theta > 0 with
// A(x, y) = x e^y y^-x gamma(x, y) = P(x, y) / D(x, y) >= 1.
struct PalmParts {
  double inv_a = 0;            // 1 / A(x, y)
  double one_minus_inv_a = 0;  // 1 - 1 / A(x, y)
  double p_ab_given_wait = 0;  // P(Ab | W > 0) = 1 - (x / y)(1 - 1/A)
};
PalmParts palm_parts(double x, double y) {
  PalmParts p;
  if (y < x + 1) {
    // A = S(x, y); P(Ab | W > 0) = sum_k k t_k / (y S), see docs/kpis.md.
    const SeriesSums s = gamma_series(x, y);
    const double sum = 1 + s.rest;
    p.inv_a = 1 / sum;
    p.one_minus_inv_a = s.rest / sum;
    p.p_ab_given_wait = s.weighted / (y * sum);
  } else {
    // P(x, y) >= ~1/2 here, so log A = log P - log D is accurate.
    const double log_a = log_gamma_p(x, y) - log_prefactor(x, y);
    p.inv_a = std::exp(-log_a);
    p.one_minus_inv_a = -std::expm1(-log_a);
    p.p_ab_given_wait = 1 - (x / y) * p.one_minus_inv_a;
  }
  return p;
}

// Sums over the queue positions of the Erlang A chain, for x = n mu / theta > 0,
// y = lambda / theta > 0 and q = e^-theta T in [0, 1]. With t_j = y^j / ((x+1)...(x+j))
// (pi_{n+j} / pi_n, j >= 1) and H_j = sum_{i=1..j} 1 / (x + i) (theta times the mean time
// a contact with j - 1 ahead needs to reach an agent), all dimensionless:
struct PositionSums {
  double rest = 0;        // sum_j t_j = A(x, y) - 1
  double weighted = 0;    // sum_j j t_j
  double harmonic = 0;    // sum_j t_j H_j
  double discounted = 0;  // sum_j q^j t_j
};
// One pass over j with one division per term (the 1 / (x + j) of t_j is also
// H_j's increment), so every Erlang A figure costs about one series. All
// terms are positive (no cancellation); the pass stops when each sum's tail
// is below half an ulp of it (t_j falls geometrically once y < x + j).
// nullopt where the terms would overflow (y far above x: the largest is about
// e^(y - x - x log(y / x))) or the pass does not converge; the caller then
// uses the incomplete-gamma closed forms.
std::optional<PositionSums> position_sums(double x, double y, double q) {
  constexpr double kHalfUlp = 0.5 * kEps;
  // Keeps weighted and harmonic (at most kMaxIterations^2 * 1e200) finite.
  constexpr double kMaxTerm = 1e200;
  PositionSums s;
  double t = 1, h = 0, qj = 1;
  for (int j = 1; j < kMaxIterations; ++j) {
    const double d = 1 / (x + j);
    const double r = y * d;  // t_j / t_{j-1}; bounds every later ratio
    t *= r;
    h += d;
    qj *= q;
    const double fj = j;
    s.rest += t;
    s.weighted += fj * t;
    s.harmonic += t * h;
    s.discounted += t * qj;
    if (r < 1) {
      // Tails past j with t_i <= t r^(i-j), H_i <= H_j + (i - j) / (x + j), q^i <= q^j:
      // rest t g, weighted t (j g + g / (1 - r)), harmonic t (H g + d r / (1 - r)^2),
      // discounted q^j t g, where g = r / (1 - r); compared without dividing.
      const double om = 1 - r, tr = t * r;
      if (tr <= kHalfUlp * s.rest * om && qj * tr <= kHalfUlp * s.discounted * om &&
          tr * (fj * om + 1) <= kHalfUlp * s.weighted * om * om &&
          tr * (h * om + d) <= kHalfUlp * s.harmonic * om * om) {
        return s;
      }
    } else if (t > kMaxTerm) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Gauss-Kronrod 7-15 nodes (non-negative half) and weights.
constexpr std::array<double, 8> kKronrodX = {
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0};
constexpr std::array<double, 8> kKronrodW = {
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
constexpr std::array<double, 4> kGaussW = {  // at kKronrodX[1], [3], [5], [7]
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

// E[ln(y / U) | U < y] for U ~ Gamma(a, 1), a >= 1, y > 0: the mean of
// v = ln(y / U), whose density is proportional to exp(g(v)),
// g(v) = a (ln y - v) - y e^-v (log-concave). Integrated by adaptive
// Gauss-Kronrod over the range where g is within 50 of its maximum.
double mean_log_ratio(double a, double y) {
  const double mode = y > a ? std::log(y / a) : 0.0;
  // g(v) - g(mode), written to avoid cancellation.
  auto rel_log_density = [&](double v) {
    if (y > a) {
      const double d = v - mode;
      return -a * (d + std::expm1(-d));
    }
    return -a * v - y * std::expm1(-v);
  };
  double scale = y > a ? 1 / std::sqrt(a) : 1 / std::sqrt(y);
  if (y < a) scale = std::min(scale, 1 / (a - y));
  constexpr double kCut = -50;  // e^-50: negligible density
  double hi = mode;
  for (double step = scale;; step *= 2) {
    hi = mode + step;
    if (rel_log_density(hi) < kCut) break;
  }
  double lo = 0;
  for (double step = scale; mode - step > 0; step *= 2) {
    if (rel_log_density(mode - step) < kCut) {
      lo = mode - step;
      break;
    }
  }
  // Integrals of the density (mass) and of v times it (moment) on [l, r]:
  // Kronrod estimates and their distance from the Gauss ones.
  struct Panel {
    double mass = 0, moment = 0, mass_err = 0, moment_err = 0;
  };
  auto panel = [&](double l, double r) {
    const double c = 0.5 * (l + r), h = 0.5 * (r - l);
    Panel k, g;
    for (int i = 0; i < 8; ++i) {
      for (int side = 0; side < (i == 7 ? 1 : 2); ++side) {
        const double v = c + (side == 0 ? h : -h) * kKronrodX[i];
        const double f = std::exp(rel_log_density(v));
        k.mass += kKronrodW[i] * f;
        k.moment += kKronrodW[i] * f * v;
        if (i % 2 == 1) {
          g.mass += kGaussW[i / 2] * f;
          g.moment += kGaussW[i / 2] * f * v;
        }
      }
    }
    k.mass_err = std::fabs(k.mass - g.mass) * h;
    k.moment_err = std::fabs(k.moment - g.moment) * h;
    k.mass *= h;
    k.moment *= h;
    return k;
  };
  // A first pass on a fixed grid gives the size of both integrals; panels
  // are then bisected until their error is below 1e-13 of it.
  constexpr int kPanels = 16;
  auto edge = [&](int i) { return lo + (hi - lo) * i / kPanels; };
  Panel coarse;
  for (int i = 0; i < kPanels; ++i) {
    const Panel p = panel(edge(i), edge(i + 1));
    coarse.mass += p.mass;
    coarse.moment += p.moment;
  }
  const double mass_tol = 1e-13 * coarse.mass, moment_tol = 1e-13 * coarse.moment;
  struct Job {
    double l, r;
    int depth;
  };
  std::array<Job, 256> stack;
  int top = 0;
  for (int i = kPanels - 1; i >= 0; --i) stack[top++] = {edge(i), edge(i + 1), 0};
  Panel total;
  while (top > 0) {
    const Job job = stack[--top];
    const Panel p = panel(job.l, job.r);
    const bool done = (p.mass_err <= mass_tol && p.moment_err <= moment_tol) || job.depth >= 60 ||
                      top + 2 > static_cast<int>(stack.size());
    if (done) {
      total.mass += p.mass;
      total.moment += p.moment;
    } else {
      const double m = 0.5 * (job.l + job.r);
      stack[top++] = {m, job.r, job.depth + 1};
      stack[top++] = {job.l, m, job.depth + 1};
    }
  }
  return total.moment / total.mass;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Error invalid(std::string field, std::string what, double got) {
  return Error{ErrorCode::kInvalidArgument, what + " (got " + number(got) + ")", std::move(field)};
}

}  // namespace

Result<void> validate(const Workload& w) {
  if (!std::isfinite(w.calls) || w.calls < 0) {
    return std::unexpected(invalid("calls", "must be a finite number >= 0", w.calls));
  }
  if (!std::isfinite(w.interval_s) || w.interval_s <= 0) {
    return std::unexpected(
        invalid("interval_s", "must be a finite number of seconds > 0", w.interval_s));
  }
  if (!std::isfinite(w.aht_s) || w.aht_s <= 0) {
    return std::unexpected(invalid("aht_s", "must be a finite number of seconds > 0", w.aht_s));
  }
  if (!std::isfinite(w.target_s) || w.target_s < 0) {
    return std::unexpected(
        invalid("target_s", "must be a finite number of seconds >= 0", w.target_s));
  }
  if (!std::isfinite(w.patience_s) || w.patience_s < 0) {
    return std::unexpected(invalid("patience_s",
                                   "must be a finite number of seconds >= 0 (0 = no abandonment)",
                                   w.patience_s));
  }
  const double traffic = w.calls * w.aht_s / w.interval_s;
  if (!std::isfinite(traffic) || traffic > kMaxAgents) {
    return std::unexpected(invalid(
        "calls",
        "gives an offered load calls * aht_s / interval_s above " + number(kMaxAgents) + " Erlangs",
        w.calls));
  }
  if (w.patience_s > 0 && w.calls > 0) {
    // Erlang A works with x = n * patience / aht and y = lambda * patience.
    const double x1 = w.patience_s / w.aht_s, y = w.calls / w.interval_s * w.patience_s;
    if (!(x1 > 1e-250) || !(y > 1e-250) || !std::isfinite(x1 * kMaxAgents) || !std::isfinite(y)) {
      return std::unexpected(
          invalid("patience_s", "is out of the range the Erlang A formulas support", w.patience_s));
    }
  }
  return {};
}

Result<void> validate(const StaffingGoal& goal) {
  switch (goal.target) {
    case StaffingTarget::kServiceLevel:
      if (!(goal.target_sl > 0 && goal.target_sl <= 1)) {
        return std::unexpected(invalid("target_sl", "must be in (0, 1]", goal.target_sl));
      }
      break;
    case StaffingTarget::kAsa:
      if (!(goal.target_asa_s > 0 && std::isfinite(goal.target_asa_s))) {
        return std::unexpected(
            invalid("target_asa_s", "must be a finite number of seconds > 0", goal.target_asa_s));
      }
      break;
    case StaffingTarget::kAbandonRate:
      if (!(goal.target_abandon > 0 && goal.target_abandon < 1)) {
        return std::unexpected(invalid("target_abandon", "must be in (0, 1)", goal.target_abandon));
      }
      break;
    default:
      return make_error(ErrorCode::kInvalidArgument,
                        "must be service_level, asa or abandon_rate (got " +
                            std::to_string(static_cast<int>(goal.target)) + ")",
                        "target");
  }
  if (!(goal.max_occupancy > 0 && goal.max_occupancy <= 1)) {
    return std::unexpected(invalid("max_occupancy", "must be in (0, 1]", goal.max_occupancy));
  }
  if (!(goal.shrinkage >= 0 && goal.shrinkage < 1)) {
    return std::unexpected(invalid("shrinkage", "must be in [0, 1)", goal.shrinkage));
  }
  return {};
}

namespace {

// Erlang C figures; the workload is valid, n >= 1. `inv_b_minus_one` is
// inverse_erlang_b_minus_one(n, traffic) (the search carries it along).
QueueFigures erlang_c_figures(const Workload& w, int n, double traffic, double inv_b_minus_one) {
  QueueFigures f;
  f.agents = n;
  f.traffic_erlangs = traffic;
  if (n <= traffic) {
    f.stable = false;
    f.p_wait = 1;
    f.service_level = 0;
    f.p_wait_le_t = 0;
    f.asa_s = f.mean_wait_s = kInf;
    f.occupancy = 1;
    return f;
  }
  const double k = (1 - traffic / n) * inv_b_minus_one;
  const double c = k == kInf ? 0.0 : 1 / (1 + k);
  const double excess = n - traffic;
  f.p_wait = c;
  f.service_level = std::clamp(1 - c * std::exp(-excess * w.target_s / w.aht_s), 0.0, 1.0);
  f.p_wait_le_t = f.service_level;
  f.asa_s = f.mean_wait_s = c * w.aht_s / excess;
  f.occupancy = traffic / n;
  return f;
}

// theta T = T / patience and the functions of it the figures need; constant
// over a search, so computed once.
struct Threshold {
  double s = 0;            // theta T
  double q = 1;            // e^-theta T
  double expm1_neg_s = 0;  // e^-theta T - 1
};
Threshold threshold_of(const Workload& w) {
  const double s = w.target_s / w.patience_s;
  return {.s = s, .q = std::exp(-s), .expm1_neg_s = std::expm1(-s)};
}

// Which figures erlang_a_figures computes: all, or what a search's goal
// reads (p_wait, abandonment, occupancy and ASA, which need no transcendental
// function, plus the service level for kServiceLevel); skipped ones are NaN.
enum class FigureSet : uint8_t { kAll, kSearchServiceLevel, kSearchOther };

// What a contact that has to wait (W > 0) goes through under Erlang A, x = n mu / theta,
// y = lambda / theta, theta T = s; the two ways of computing it are below.
struct WaitTerms {
  double inv_a = 0;            // 1 / A(x, y)
  double one_minus_inv_a = 0;  // 1 - 1 / A(x, y)
  double p_ab = 0;             // P(Ab | W > 0)
  double served = 0;           // P(served | W > 0)
  // Computed only where needed (by positions, add_tails adds them to the sums):
  double log_late = 0;      // log(P(served, V > T | W > 0) / P(served | W > 0)), <= 0
  double log_beyond = 0;    // log P(V > T, patience > T | W > 0), <= 0
  double served_wait = 0;   // theta E[V 1{served} | W > 0] (dimensionless); see has_wait
  bool has_wait = false;    // served_wait was computed
  bool has_late = false;    // log_late was computed
  bool has_beyond = false;  // log_beyond was computed
  // By positions: x, y and the sums the tails are computed from (add_tails).
  double x = 0, y = 0, rest = 0, discounted = 0;
};

// Sets the tails of terms by positions (wait_terms_by_positions) that are
// asked for and missing: the logarithms of the offered-wait tails, the only
// transcendental functions (one log for log_late, two log1p for log_beyond).
// Each tail's arithmetic is the same whenever it is added, so a tail added
// later to reused terms is bitwise the one a fresh evaluation computes.
void add_tails(WaitTerms& p, const Threshold& th, bool late, bool beyond) {
  const double log_e = -p.x * th.s - p.y * th.expm1_neg_s;
  if (late && !p.has_late) {
    p.log_late = log_e + std::log(p.discounted / p.rest);
    p.has_late = true;
  }
  if (beyond && !p.has_beyond) {
    p.log_beyond = -th.s + log_e + std::log1p(p.discounted) - std::log1p(p.rest);
    p.has_beyond = true;
  }
}

// From the sums over queue positions (docs/kpis.md): with S = 1 + rest,
// P(Ab | W > 0) = sum j t_j / (y S), P(served | W > 0) = x rest / (y S)
// (P(served | j - 1 ahead) = x / (x + j), and t_j / (x + j) = t_{j+1} / y),
// theta E[V 1{served} | W > 0] = x sum t_j H_j / (y S), and the offered-wait
// tail P(x + 1, y q) / P(x + 1, y) = E sum q^j t_j / rest with
// E = q^x e^(y (1 - q)); likewise P(x, y q) / P(x, y) = E (1 + sum q^j t_j) / S.
// The tails are left to add_tails (the caller adds those it reads).
std::optional<WaitTerms> wait_terms_by_positions(double x, double y, const Threshold& th) {
  const auto sums = position_sums(x, y, th.q);
  if (!sums) return std::nullopt;
  WaitTerms p;
  p.x = x;
  p.y = y;
  p.rest = sums->rest;
  p.discounted = sums->discounted;
  const double total = 1 + sums->rest, y_total = y * total;
  p.inv_a = 1 / total;
  p.one_minus_inv_a = sums->rest / total;
  p.p_ab = sums->weighted / y_total;
  p.served = x * sums->rest / y_total;
  p.served_wait = x * sums->harmonic / y_total;
  p.has_wait = true;
  return p;
}

// From the regularized incomplete gamma functions (series or continued
// fraction, docs/kpis.md), and with `with_wait` the mean offered wait by the
// Gauss-Kronrod integral. Works wherever the workload is valid; the
// fallback of wait_terms_by_positions.
WaitTerms wait_terms_by_gamma(double x, double y, double s, bool with_wait) {
  const PalmParts parts = palm_parts(x, y);
  WaitTerms p;
  p.inv_a = parts.inv_a;
  p.one_minus_inv_a = parts.one_minus_inv_a;
  p.p_ab = parts.p_ab_given_wait;
  p.served = 1 - parts.p_ab_given_wait;
  // Waiters served after more than T: x P(x+1, y e^-s) / (y P(x, y))
  // = P(served | W > 0) P(x+1, y e^-s) / P(x+1, y).
  p.log_late = log_gamma_p_ratio(x + 1, y, s);
  // Waiters neither served nor abandoned by T: e^-s P(x, y e^-s) / P(x, y).
  p.log_beyond = -s + log_gamma_p_ratio(x, y, s);
  p.has_late = p.has_beyond = true;
  if (with_wait) {
    // E[V 1{served} | W > 0] = P(served | W > 0) E[ln(y / U) | U < y] / theta,
    // U ~ Gamma(x + 1).
    p.served_wait = p.served * mean_log_ratio(x + 1, y);
    p.has_wait = true;
  }
  return p;
}

// Erlang A figures; the workload is valid with patience and calls > 0,
// n >= 1, and `inv_b_minus_one` is inverse_erlang_b_minus_one(n, traffic)
// (the search carries it along). The wait terms come from the sums over queue
// positions where those are finite, else from the incomplete-gamma forms,
// whose ASA integral is skipped unless `with_asa` (then asa_s is left 0 and
// *complete, if given, is false); `which` may skip more (then *complete is
// false too). `th` is threshold_of(w). Each figure computed depends only on
// (w, n) (but see sl_threshold). `only` forces one method (tests; by positions it fails with
// kInternal where the sums do not apply). `reuse`, if given, are the wait
// terms of an earlier call for the same (w, n), so the sums are not summed
// again; `used`, if given, receives the terms this call used (with the tails
// it computed). `sl_threshold`, if not NaN, is the level a search compares
// the service level with (service_level >= sl_threshold): where a bound
// already decides the comparison (SL >= P(no wait), and SL <= P(no wait) +
// P(W > 0) P(served | W > 0), both exact in floating point as rounding is
// monotone) service_level is that bound, on the same side of the threshold
// as the exact figure, and the tail's log and expm1 are skipped.
Result<QueueFigures> erlang_a_figures(const Workload& w, int n, double traffic,
                                      double inv_b_minus_one, const Threshold& th, bool with_asa,
                                      FigureSet which = FigureSet::kAll, bool* complete = nullptr,
                                      std::optional<ErlangAMethod> only = std::nullopt,
                                      const WaitTerms* reuse = nullptr, WaitTerms* used = nullptr,
                                      double sl_threshold = kNaN) {
  QueueFigures f;
  f.agents = n;
  f.traffic_erlangs = traffic;
  const bool with_sl = which != FigureSet::kSearchOther;
  const bool with_beyond = which == FigureSet::kAll;
  const double x = n * (w.patience_s / w.aht_s);
  const double y = w.calls / w.interval_s * w.patience_s;
  if (x > kMaxPalmX) {
    return make_error(ErrorCode::kInvalidArgument,
                      "is too long for " + std::to_string(n) +
                          " agents: agents * patience_s / aht_s must be at most 1e12 "
                          "(use 0 for no abandonment)",
                      "patience_s");
  }
  std::optional<WaitTerms> by_positions;
  if (reuse) {
    by_positions = *reuse;
  } else if (only != ErlangAMethod::kIncompleteGamma) {
    by_positions = wait_terms_by_positions(x, y, th);
    if (!by_positions && only) {
      return make_error(ErrorCode::kInternal, "the queue-position sums do not apply", "agents");
    }
  }
  // The gamma forms come with both tails; by positions they are added below
  // as the figures need them.
  WaitTerms parts = by_positions ? *by_positions : wait_terms_by_gamma(x, y, th.s, with_asa);
  // P(W > 0) = A E_B / (1 + (A - 1) E_B) = 1 / (1 + k), k = (invB - 1) / A(x, y);
  // 1 - P(W > 0) = k / (1 + k) without cancellation.
  const double k = parts.inv_a * inv_b_minus_one;
  const double p_wait = k == kInf ? 0.0 : 1 / (1 + k);
  const double p_no_wait = k == kInf ? 1.0 : k / (1 + k);
  const double p_ab = p_wait * parts.p_ab;
  // SL = P(no wait) + P(W > 0) P(served, V <= T | W > 0); T = 0 gives
  // exactly 1 - P(W > 0). 1 - e^log_late keeps small T accurate.
  f.p_wait = p_wait;
  f.abandon_rate = p_ab;
  f.service_level = f.p_wait_le_t = kNaN;
  if (with_sl) {
    // served_by_t is in [0, served], so the SL below is in [p_no_wait, upper].
    const double upper = p_no_wait + p_wait * parts.served;
    if (p_no_wait >= sl_threshold) {
      f.service_level = p_no_wait;
    } else if (upper < sl_threshold) {
      f.service_level = upper;
    } else {
      add_tails(parts, th, /*late=*/true, /*beyond=*/false);
      const double served_by_t = parts.served * std::max(0.0, -std::expm1(parts.log_late));
      f.service_level = std::clamp(p_no_wait + p_wait * served_by_t, 0.0, 1.0);
    }
  }
  if (with_beyond) {
    add_tails(parts, th, /*late=*/false, /*beyond=*/true);
    f.p_wait_le_t = std::clamp(1 - p_wait * std::exp(parts.log_beyond), 0.0, 1.0);
  }
  if (used) *used = parts;
  f.mean_wait_s = p_ab * w.patience_s;
  // lambda (1 - P(Ab)) / (n mu) = (A / n)(1 - P(W>0)) + P(W>0)(1 - 1/A(x, y)),
  // since (A / n) P(served | W > 0) = 1 - 1/A(x, y).
  f.occupancy = std::min(1.0, traffic / n * p_no_wait + p_wait * parts.one_minus_inv_a);
  // ASA = P(W > 0) E[V 1{served} | W > 0] / P(served).
  if (parts.has_wait && p_wait > 0) {
    f.asa_s = p_wait * parts.served_wait * w.patience_s / (1 - p_ab);
  }
  if (complete) *complete = (parts.has_wait || p_wait == 0) && which == FigureSet::kAll;
  const bool finite = std::isfinite(f.p_wait) && (!with_sl || std::isfinite(f.service_level)) &&
                      (!with_beyond || std::isfinite(f.p_wait_le_t)) && std::isfinite(f.asa_s) &&
                      std::isfinite(f.occupancy) && std::isfinite(f.abandon_rate);
  if (!finite) {
    return make_error(ErrorCode::kInternal,
                      "Erlang A evaluation did not converge for " + std::to_string(n) + " agents");
  }
  return f;
}

Result<QueueFigures> evaluate_checked(const Workload& w, int agents, bool with_asa) {
  const double traffic = w.calls * w.aht_s / w.interval_s;
  if (w.patience_s == 0) {
    const double inv = agents > traffic ? inverse_erlang_b_minus_one(agents, traffic) : 0.0;
    return erlang_c_figures(w, agents, traffic, inv);
  }
  if (w.calls == 0) {
    QueueFigures f;
    f.agents = agents;
    f.service_level = f.p_wait_le_t = 1;
    return f;
  }
  return erlang_a_figures(w, agents, traffic, inverse_erlang_b_minus_one(agents, traffic),
                          threshold_of(w), with_asa);
}

}  // namespace

double log_gamma_p(double a, double z) {
  if (!(a > 0) || !(z >= 0) || !std::isfinite(a) || std::isnan(z)) return kNaN;
  if (z == 0) return -kInf;
  if (z == kInf) return 0;
  if (z < a + 1) return log_prefactor(a, z) + std::log1p(gamma_series(a, z).rest);
  const double log_q = std::log(a) + log_prefactor(a, z) + std::log(gamma_fraction(a, z));
  return std::log1p(-std::exp(log_q));
}

double erlang_b(int n, double traffic) {
  if (n < 0 || !(traffic >= 0)) return kNaN;
  return 1 / (1 + inverse_erlang_b_minus_one(n, traffic));
}

double erlang_c(int n, double traffic) {
  if (n < 0 || !(traffic >= 0)) return kNaN;
  if (n <= traffic) return 1;
  return erlang_c_for_stable(n, traffic);
}

Result<QueueFigures> evaluate(const Workload& w, int agents) {
  if (auto ok = validate(w); !ok) return std::unexpected(ok.error());
  if (agents < 1 || agents > kMaxAgents) {
    return make_error(ErrorCode::kInvalidArgument,
                      "must be between 1 and " + std::to_string(kMaxAgents) + " (got " +
                          std::to_string(agents) + ")",
                      "agents");
  }
  return evaluate_checked(w, agents, /*with_asa=*/true);
}

std::optional<QueueFigures> erlang_a_by(ErlangAMethod method, const Workload& w, int agents) {
  if (!validate(w) || !(w.patience_s > 0 && w.calls > 0) || agents < 1 || agents > kMaxAgents) {
    return std::nullopt;
  }
  const double traffic = w.calls * w.aht_s / w.interval_s;
  auto f = erlang_a_figures(w, agents, traffic, inverse_erlang_b_minus_one(agents, traffic),
                            threshold_of(w), /*with_asa=*/true, FigureSet::kAll, nullptr, method);
  if (!f) return std::nullopt;
  return *f;
}

int scheduled_agents(int agents, double shrinkage) {
  if (agents <= 0) return 0;
  const double exact = agents / (1 - shrinkage);
  const double nearest = std::round(exact);
  const double result = std::fabs(exact - nearest) <= 1e-9 * exact ? nearest : std::ceil(exact);
  if (!(result < static_cast<double>(INT_MAX))) return INT_MAX;
  return static_cast<int>(result);
}

bool meets_goal(const QueueFigures& f, const StaffingGoal& goal) {
  if (!f.stable || !(f.occupancy <= goal.max_occupancy * (1 + kGoalSlack))) return false;
  switch (goal.target) {
    case StaffingTarget::kServiceLevel:
      return f.service_level >= goal.target_sl * (1 - kGoalSlack);
    case StaffingTarget::kAsa:
      return f.asa_s <= goal.target_asa_s * (1 + kGoalSlack);
    case StaffingTarget::kAbandonRate:
      return f.abandon_rate <= goal.target_abandon * (1 + kGoalSlack);
  }
  return false;
}

namespace {

Error too_many_agents(double calls) {
  return invalid(
      "calls", "needs more than " + std::to_string(kMaxAgents) + " agents to meet the goal", calls);
}

// Erlang C: the smallest n >= start meeting the goal, with start > traffic > 0.
// Steps n up one at a time, carrying invB(n - 1) of Erlang B's recurrence, so
// the whole search costs what one evaluation of the answer does (the
// arithmetic is the same as inverse_erlang_b_minus_one's, so the figures are
// bitwise those of evaluate(), and the answer's are returned so that Erlang B
// is not run from 0 again for them). nullopt past kMaxAgents.
std::optional<QueueFigures> erlang_c_search(const Workload& w, const StaffingGoal& goal,
                                            double traffic, int start) {
  double inv = 1.0;  // invB(k - 1) for k = start at the loop below
  for (int k = 1; k < start && inv != kInf; ++k) inv = 1.0 + inv * (k / traffic);
  for (int n = start; n <= kMaxAgents; ++n) {
    const double inv_minus_one = inv * (n / traffic);
    const QueueFigures f = erlang_c_figures(w, n, traffic, inv_minus_one);
    if (meets_goal(f, goal)) return f;
    if (inv != kInf) inv = 1.0 + inv_minus_one;
  }
  return std::nullopt;
}

// invB(k) = 1 / ErlangB(k, A) for a window of k, for the Erlang A search,
// which tries agent counts up and down around its start. The values come from
// the recurrence from invB(0) = 1 with inverse_erlang_b_minus_one's
// arithmetic, so each is bitwise the same and the search's figures are
// evaluate()'s: moving past the window's top continues the recurrence (O(1)
// per agent), moving below its bottom restarts it from 0 (O(n)).
class InverseErlangBWindow {
 public:
  explicit InverseErlangBWindow(double traffic) : traffic_(traffic) {}

  // inverse_erlang_b_minus_one(n, traffic) for 1 <= n <= kMaxAgents, traffic > 0.
  double minus_one(int n) {
    const int k = n - 1;  // needs invB(n - 1)
    if (top_ < 0 || k < base_ || k - base_ >= kSize) restart(k);
    for (; top_ < k; ++top_) {
      const double prev = inv_[top_ - base_];
      inv_[top_ + 1 - base_] = prev == kInf ? kInf : 1.0 + prev * ((top_ + 1) / traffic_);
    }
    return inv_[k - base_] * (n / traffic_);
  }

 private:
  static constexpr int kSize = 256;
  // Runs the recurrence to invB(base_), base_ = kSize / 4 below k (room to go down).
  void restart(int k) {
    base_ = std::max(0, k - kSize / 4);
    double inv = 1.0;
    for (int j = 1; j <= base_ && inv != kInf; ++j) inv = 1.0 + inv * (j / traffic_);
    inv_[0] = inv;
    top_ = base_;
  }

  double traffic_;
  int base_ = 0, top_ = -1;  // inv_[i] = invB(base_ + i) for base_ + i <= top_
  std::array<double, kSize> inv_;
};

}  // namespace

Result<Staffing> required_agents(const Workload& w, const StaffingGoal& goal, int hint) {
  if (auto ok = validate(w); !ok) return std::unexpected(ok.error());
  if (auto ok = validate(goal); !ok) return std::unexpected(ok.error());
  if (goal.target == StaffingTarget::kServiceLevel && goal.target_sl >= 1 && w.calls > 0) {
    return std::unexpected(
        invalid("target_sl",
                "is unreachable: with calls > 0 no finite staff answers every contact "
                "within the target time",
                goal.target_sl));
  }
  if (goal.target == StaffingTarget::kAbandonRate && w.patience_s == 0) {
    return std::unexpected(invalid("patience_s",
                                   "must be > 0 for an abandonment target (Erlang A): "
                                   "under Erlang C nobody abandons",
                                   w.patience_s));
  }
  const double traffic = w.calls * w.aht_s / w.interval_s;
  int answer = 0;
  std::optional<QueueFigures> figures;  // at the answer, if the search has them
  if (w.patience_s == 0 && traffic > 0) {
    // Erlang C needs n > A, and the occupancy cap A / n <= cap (less one for
    // the slack of meets_goal).
    const double bound =
        std::max(std::floor(traffic) + 1, std::ceil(traffic / goal.max_occupancy) - 1);
    if (bound > kMaxAgents) return std::unexpected(too_many_agents(w.calls));
    figures = erlang_c_search(w, goal, traffic, static_cast<int>(bound));
    if (!figures) return std::unexpected(too_many_agents(w.calls));
    answer = figures->agents;
  } else {
    // meets(n): the goal holds with n agents. It is monotone in n (service
    // level rises, ASA, abandonment and occupancy fall), so the answer is
    // found by galloping from a start (down if it meets, up if not) and
    // bisecting.
    const bool with_asa = goal.target == StaffingTarget::kAsa;
    Error failure;
    // With calls, each count tried costs one pass of position_sums (Erlang B
    // comes from the window) and computes only the figures the goal reads.
    // Not a std::optional: that zero-fills the window's 2 KB per interval.
    const bool by_window = w.calls > 0;
    InverseErlangBWindow inv_b(traffic);
    Threshold th;
    if (by_window) th = threshold_of(w);
    const FigureSet which = goal.target == StaffingTarget::kServiceLevel
                                ? FigureSet::kSearchServiceLevel
                                : FigureSet::kSearchOther;
    // The wait terms of the last count that met the goal (always `hi`), for
    // the answer's figures.
    WaitTerms terms, met_terms;
    int met_n = 0;
    // meets_goal's comparison, so that a bound deciding it spares the SL's tail.
    const double sl_threshold = which == FigureSet::kSearchServiceLevel
                                    ? goal.target_sl * (1 - kGoalSlack)
                                    : std::numeric_limits<double>::quiet_NaN();
    auto meets = [&](int n) {
      auto f = by_window ? erlang_a_figures(w, n, traffic, inv_b.minus_one(n), th, with_asa, which,
                                            nullptr, std::nullopt, nullptr, &terms, sl_threshold)
                         : evaluate_checked(w, n, with_asa);
      if (!f) {
        failure = f.error();
        return false;
      }
      if (!meets_goal(*f, goal)) return false;
      met_n = n;
      met_terms = terms;
      return true;
    };
    // Lower bounds under Erlang A: the carried load A (1 - P(Ab)) is below n,
    // so SL <= 1 - P(Ab) < n / A needs n > target_sl * A, and P(Ab) > 1 - n / A
    // needs n > (1 - target_abandon) A.
    double bound = 1;
    if (goal.target == StaffingTarget::kServiceLevel) bound = std::floor(goal.target_sl * traffic);
    if (goal.target == StaffingTarget::kAbandonRate) {
      bound = std::floor((1 - goal.target_abandon) * traffic);
    }
    if (bound > kMaxAgents) return std::unexpected(too_many_agents(w.calls));
    const int floor_start = std::max(1, static_cast<int>(bound));
    int lo = floor_start - 1;  // the goal fails at lo (or lo == 0)
    int hi = std::clamp(hint, floor_start, kMaxAgents);
    if (meets(hi)) {
      // Probes start - 1, - 2, - 4, ...: a start one above the answer costs three tries.
      for (int step = 1, tries = 0; hi - lo > 1; step = tries++ == 0 ? 1 : 2 * step) {
        const int probe = std::max(lo + 1, hi - step);
        if (meets(probe)) {
          hi = probe;
        } else {
          if (!failure.message.empty()) return std::unexpected(failure);
          lo = probe;
          break;
        }
      }
    } else {
      if (!failure.message.empty()) return std::unexpected(failure);
      const int start = hi;
      lo = hi;
      for (int step = 1;; step *= 2) {
        if (hi == kMaxAgents) return std::unexpected(too_many_agents(w.calls));
        hi =
            static_cast<int>(std::min<long long>(kMaxAgents, static_cast<long long>(start) + step));
        if (meets(hi)) break;
        if (!failure.message.empty()) return std::unexpected(failure);
        lo = hi;
      }
    }
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      if (meets(mid)) {
        hi = mid;
      } else {
        if (!failure.message.empty()) return std::unexpected(failure);
        lo = mid;
      }
    }
    answer = hi;
    if (by_window) {
      // All figures at the answer, with Erlang B from the window (bitwise evaluate()'s).
      // The fallback's terms lack the ASA integral unless the goal is ASA.
      const bool reuse = met_n == answer && (met_terms.has_wait || with_asa);
      auto f =
          erlang_a_figures(w, answer, traffic, inv_b.minus_one(answer), th, true, FigureSet::kAll,
                           nullptr, std::nullopt, reuse ? &met_terms : nullptr);
      if (!f) return std::unexpected(f.error());
      figures = *f;
    }
  }
  if (!figures) {
    auto f = evaluate_checked(w, answer, /*with_asa=*/true);
    if (!f) return std::unexpected(f.error());
    figures = *f;
  }
  const double paid = answer / (1 - goal.shrinkage);
  if (!(paid < INT_MAX)) {
    return std::unexpected(invalid("shrinkage",
                                   "leaves too few agents on the phones: the "
                                   "scheduled headcount overflows",
                                   goal.shrinkage));
  }
  return Staffing{*figures, scheduled_agents(answer, goal.shrinkage)};
}

}  // namespace switchyard::wfm
