#pragma once
// Portable random sampling for the simulator.
//
// std::mt19937_64's output is fixed by the standard, but the std::*_distribution
// classes are not (they differ between standard libraries), so every
// distribution here is sampled by our own inverse CDF from 53-bit uniforms:
// the same seed gives the same run on every platform with IEEE doubles and
// a conforming libm (log, exp, sqrt).
#include <cstdint>
#include <random>

namespace switchyard::sim {

// 64-bit mixer used to derive independent stream seeds from one seed.
uint64_t splitmix64(uint64_t x);

// A distribution of a duration in seconds.
struct DistSpec {
  enum class Kind : uint8_t {
    kNone,         // no value (e.g. infinite patience)
    kConstant,     // always mean_s
    kExponential,  // mean mean_s
    kLognormal,    // mean mean_s, standard deviation sd_s
  };
  Kind kind = Kind::kNone;
  double mean_s = 0;
  double sd_s = 0;
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  // Uniform in the open interval (0, 1).
  double uniform();
  // Exponential with the given mean.
  double exponential(double mean);
  // Standard normal (inverse CDF, Acklam's rational approximation refined by
  // one Halley step: |error| < 1e-15).
  double normal();
  // Lognormal with the given mean and standard deviation (of the variate).
  double lognormal(double mean, double sd);
  // A draw from `d` in seconds; kNone gives +infinity.
  double sample_s(const DistSpec& d);
  // A draw from `d` rounded to whole ms (>= 0); kNone gives -1.
  int64_t sample_ms(const DistSpec& d);

 private:
  std::mt19937_64 gen_;
};

// Inverse of the standard normal CDF for p in (0, 1).
double normal_quantile(double p);

}  // namespace switchyard::sim
