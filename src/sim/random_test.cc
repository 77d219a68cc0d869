#include "sim/random.h"

#include <gtest/gtest.h>

#include <cmath>

namespace switchyard::sim {
namespace {

TEST(RandomTest, SameSeedSameSequence) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const double x = a.uniform();
    EXPECT_EQ(x, b.uniform());
    EXPECT_GT(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
  EXPECT_NE(a.uniform(), c.uniform());
}

TEST(RandomTest, FirstDrawsArePinned) {
  // mt19937_64 output is fixed by the standard: pins portability.
  Rng r(1);
  const double u = r.uniform();
  EXPECT_NEAR(u, (static_cast<double>(std::mt19937_64(1)() >> 11) + 0.5) * 0x1.0p-53, 0);
}

TEST(RandomTest, NormalQuantile) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167814, 1e-12);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
}

struct Moments {
  double mean = 0, sd = 0;
};

Moments moments(Rng& r, const DistSpec& d, int n) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.sample_s(d);
    s += x;
    s2 += x * x;
  }
  Moments m;
  m.mean = s / n;
  m.sd = std::sqrt(s2 / n - m.mean * m.mean);
  return m;
}

TEST(RandomTest, DistributionMoments) {
  Rng r(7);
  constexpr int kN = 400'000;
  const Moments e = moments(r, {DistSpec::Kind::kExponential, 180, 0}, kN);
  EXPECT_NEAR(e.mean, 180, 180 * 0.01);
  EXPECT_NEAR(e.sd, 180, 180 * 0.02);
  const Moments l = moments(r, {DistSpec::Kind::kLognormal, 300, 150}, kN);
  EXPECT_NEAR(l.mean, 300, 300 * 0.01);
  EXPECT_NEAR(l.sd, 150, 150 * 0.03);
  const Moments c = moments(r, {DistSpec::Kind::kConstant, 42, 0}, 10);
  EXPECT_EQ(c.mean, 42);
  EXPECT_TRUE(std::isinf(r.sample_s({})));
  EXPECT_EQ(r.sample_ms({}), -1);
  EXPECT_EQ(r.sample_ms({DistSpec::Kind::kConstant, 1.2345, 0}), 1235);
}

}  // namespace
}  // namespace switchyard::sim
