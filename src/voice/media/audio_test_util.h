#pragma once
// Test and bench helpers for audio processing (denoise_test.cc,
// bench/voice/denoise_measure.cc): signal measures and deterministic test
// signals, 16-bit linear PCM at 8000 Hz. Header-only, not part of any library.
//
// Power is the mean of the squared samples; dBFS is that power relative to
// 32768^2 (a full-scale square wave is 0 dBFS, a full-scale sine -3 dBFS).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace switchyard::voice::media::testing {

inline constexpr double kRate = 8000.0;

inline double power(std::span<const int16_t> x) {
  if (x.empty()) return 0.0;
  double sum = 0.0;
  for (int16_t s : x) sum += static_cast<double>(s) * s;
  return sum / static_cast<double>(x.size());
}

inline double power(std::span<const double> x) {
  if (x.empty()) return 0.0;
  double sum = 0.0;
  for (double s : x) sum += s * s;
  return sum / static_cast<double>(x.size());
}

// -200 for silence, so that differences stay finite.
inline double to_db(double power_ratio) {
  return power_ratio > 0 ? 10.0 * std::log10(power_ratio) : -200.0;
}
inline double power_dbfs(std::span<const int16_t> x) {
  return to_db(power(x) / (32768.0 * 32768.0));
}

// SNR of `processed` against the reference `clean`, in dB: the clean power
// over the power of (processed - clean), on min(sizes) samples (align them
// first: the suppressor delays by a frame). Everything that differs from the
// clean signal counts as noise, remaining noise and speech distortion alike.
// +200 if they are identical, -200 if clean is silent and processed is not.
inline double snr_db(std::span<const int16_t> clean, std::span<const int16_t> processed) {
  const size_t n = std::min(clean.size(), processed.size());
  double sig = 0.0, err = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double c = clean[i];
    const double d = static_cast<double>(processed[i]) - c;
    sig += c * c;
    err += d * d;
  }
  if (err == 0.0) return 200.0;
  if (sig == 0.0) return -200.0;
  return 10.0 * std::log10(sig / err);
}

// Segmental SNR in dB: the mean over consecutive whole segments of
// `segment_samples` (160 = 20 ms) of each segment's SNR clamped to
// [lo_db, hi_db] (the usual -10..35: a silent clean segment counts -10, a
// segment reproduced exactly 35). Every segment counts, pauses included.
inline double segmental_snr_db(std::span<const int16_t> clean, std::span<const int16_t> processed,
                               size_t segment_samples = 160, double lo_db = -10.0,
                               double hi_db = 35.0) {
  const size_t n = std::min(clean.size(), processed.size()) / segment_samples;
  if (n == 0) return lo_db;
  double total = 0.0;
  for (size_t k = 0; k < n; ++k) {
    const double s = snr_db(clean.subspan(k * segment_samples, segment_samples),
                            processed.subspan(k * segment_samples, segment_samples));
    total += std::clamp(s, lo_db, hi_db);
  }
  return total / static_cast<double>(n);
}

// splitmix64: a small deterministic generator (same numbers on every
// platform, unlike std::normal_distribution).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double gaussian() {                   // Box-Muller, mean 0, variance 1
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  uint64_t state_;
};

// Noise shapes, unscaled (any level; scale with scale_to_power). All
// stationary: the kind of noise a spectral suppressor is for.
enum class Noise { kWhite, kPink, kHum };
inline const char* noise_name(Noise n) {
  switch (n) {
    case Noise::kWhite:
      return "white";
    case Noise::kPink:
      return "pink";
    case Noise::kHum:
      return "hum+fan";
  }
  return "?";
}

// kWhite: Gaussian, flat to 4 kHz.
// kPink: Voss-McCartney, 8 rows of held Gaussian values, row r re-drawn every
//   2^r samples, plus a fresh white value: about -3 dB per octave from ~30 Hz.
// kHum: mains hum and a fan: 50 Hz and its harmonics to 350 Hz (falling
//   levels), a 120 Hz blade tone, and Gaussian noise through two one-pole
//   low-passes at 400 Hz (the fan's rumble), at about equal power.
inline std::vector<double> make_noise(Noise kind, size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> out(n);
  switch (kind) {
    case Noise::kWhite:
      for (double& v : out) v = rng.gaussian();
      break;
    case Noise::kPink: {
      double rows[8];
      for (double& r : rows) r = rng.gaussian();
      double sum = 0;
      for (double r : rows) sum += r;
      for (size_t i = 0; i < n; ++i) {
        // The row whose period starts here: the number of trailing zeros of i.
        if (i > 0) {
          const int r = std::countr_zero(i);
          if (r < 8) {
            sum -= rows[r];
            rows[r] = rng.gaussian();
            sum += rows[r];
          }
        }
        out[i] = sum + rng.gaussian();
      }
      break;
    }
    case Noise::kHum: {
      const double a = std::exp(-2.0 * std::numbers::pi * 400.0 / kRate);
      double lp1 = 0, lp2 = 0;
      std::vector<double> rumble(n);
      for (size_t i = 0; i < n; ++i) {
        lp1 = a * lp1 + (1 - a) * rng.gaussian();
        lp2 = a * lp2 + (1 - a) * lp1;
        rumble[i] = lp2;
      }
      const double rumble_rms = std::sqrt(power(std::span<const double>(rumble)));
      const double phase0 = 2.0 * std::numbers::pi * rng.uniform();
      for (size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / kRate;
        double tones = 0;
        for (int h = 1; h <= 7; ++h) {
          tones += std::sin(2.0 * std::numbers::pi * 50.0 * h * t + h * phase0) / h;
        }
        tones += 0.5 * std::sin(2.0 * std::numbers::pi * 120.0 * t);
        out[i] = tones + rumble[i] / rumble_rms;  // tones ~1.0 rms, rumble 1.0 rms
      }
      break;
    }
  }
  return out;
}

// A speech-like test signal (not speech): a harmonic complex on a gliding
// fundamental (100..140 Hz, 0.7 Hz glide) with harmonics to 3.4 kHz falling
// 6 dB per octave and two formant-like peaks (500 Hz, 1500 Hz), amplitude-
// modulated into syllables at 4 Hz (each a raised sine, with a silent gap
// between syllables, the level varying syllable to syllable).
inline std::vector<double> make_speech_like(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> out(n);
  double phase = 0;
  double syllable_gain = 1.0;
  size_t syllable = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kRate;
    const double f0 = 120.0 + 20.0 * std::sin(2.0 * std::numbers::pi * 0.7 * t);
    phase += 2.0 * std::numbers::pi * f0 / kRate;
    double v = 0;
    for (int h = 1; h * f0 < 3400.0; ++h) {
      const double f = h * f0;
      const double formants = 1.0 + 2.0 * std::exp(-std::pow((f - 500.0) / 150.0, 2)) +
                              1.0 * std::exp(-std::pow((f - 1500.0) / 250.0, 2));
      v += formants / h * std::sin(h * phase);
    }
    // 250 ms syllables: 180 ms of voice (raised sine), 70 ms of silence.
    const size_t s = i / 2000;
    if (s != syllable) {
      syllable = s;
      syllable_gain = 0.5 + rng.uniform();
    }
    const double in_syllable = static_cast<double>(i % 2000) / 1440.0;  // 180 ms = 1440 samples
    const double env = in_syllable < 1.0 ? std::sin(std::numbers::pi * in_syllable) : 0.0;
    out[i] = v * env * syllable_gain;
  }
  return out;
}

// Scales `x` so that its power is `target_power` (in squared samples).
inline void scale_to_power(std::vector<double>& x, double target_power) {
  const double p = power(std::span<const double>(x));
  if (p <= 0) return;
  const double g = std::sqrt(target_power / p);
  for (double& v : x) v *= g;
}

inline double dbfs_to_power(double dbfs) { return 32768.0 * 32768.0 * std::pow(10.0, dbfs / 10.0); }

// Rounds to int16 with saturation.
inline std::vector<int16_t> to_pcm(std::span<const double> x) {
  std::vector<int16_t> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    out[i] = static_cast<int16_t>(std::clamp(std::lround(x[i]), -32768L, 32767L));
  }
  return out;
}

}  // namespace switchyard::voice::media::testing
