// voice_denoise_measure: what NoiseSuppressor (src/voice/media/denoise.h)
// does to a known clean signal with known noise added (issue 10, "measure
// the improvement on a known noisy signal and record it"; bench/RESULTS.md,
// "Issue 10: noise suppression on the agent leg").
//
//   voice_denoise_measure [--speech FILE.wav] [--lead-s 3]
//
// Clean signal: FILE.wav (any rate; the first channel, resampled to 8000 Hz
// with speexdsp's resampler at quality 10), or without --speech the
// speech-like test signal of denoise_test.cc (testing::make_speech_like, 8 s).
// It is scaled to -26 dBFS (its mean power over the whole file) and preceded
// by --lead-s seconds of silence, so the noise plays alone first, as on a
// line that is open before the agent speaks.
//
// Noise (testing::make_noise, fixed seeds): white, pink, hum+fan, added over
// the whole length at 0, 5, 10 and 20 dB SNR (clean power over the speech
// part / noise power). Each run is a fresh suppressor fed the mix in whole
// frames; the output is compared with the clean signal one frame later (the
// suppressor's delay). Printed as markdown tables:
// - SNR and segmental SNR (20 ms segments, clamped to [-10, 35] dB, pauses
//   included) in and out, over the speech part (after the lead);
// - the speech kept: the level of the output's part coherent with the clean
//   signal (speech_level_db), i.e. how much speech the suppressor took away;
// - noise-only attenuation: output over input power on the lead's second
//   [1, 2) s and, when the lead is long enough, [2, 3) s;
// - the clean signal alone through a fresh suppressor: power change and SNR
//   of the output against the input over the speech part (the distortion);
// - a steady 440 Hz tone alone: how much of it is taken for noise;
// - CPU: thread CPU time inside process() over every run, per frame and per
//   20 ms of audio.
// Everything but the CPU time is deterministic.
#include <sndfile.h>
#include <speex/speex_resampler.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "voice/media/audio_test_util.h"
#include "voice/media/denoise.h"

namespace {

using switchyard::voice::media::NoiseSuppressor;
namespace t = switchyard::voice::media::testing;

constexpr double kSpeechDbfs = -26.0;
constexpr double kSnrs[] = {0.0, 5.0, 10.0, 20.0};
constexpr t::Noise kNoises[] = {t::Noise::kWhite, t::Noise::kPink, t::Noise::kHum};

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The first channel of a WAV file at 8000 Hz, as doubles (16-bit scale).
bool read_speech(const std::string& path, std::vector<double>& out) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (f == nullptr) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), sf_strerror(nullptr));
    return false;
  }
  std::vector<int16_t> frames(static_cast<size_t>(info.frames * info.channels));
  const sf_count_t got = sf_readf_short(f, frames.data(), info.frames);
  sf_close(f);
  std::vector<int16_t> mono(static_cast<size_t>(got));
  for (size_t i = 0; i < mono.size(); ++i) mono[i] = frames[i * static_cast<size_t>(info.channels)];
  std::vector<int16_t> pcm8k;
  if (info.samplerate == 8000) {
    pcm8k = mono;
  } else {
    int err = 0;
    SpeexResamplerState* rs =
        speex_resampler_init(1, static_cast<spx_uint32_t>(info.samplerate), 8000, 10, &err);
    if (rs == nullptr) {
      std::fprintf(stderr, "speex_resampler_init: %s\n", speex_resampler_strerror(err));
      return false;
    }
    // The input, then the resampler's input latency in zeros to flush it.
    mono.resize(mono.size() + static_cast<size_t>(speex_resampler_get_input_latency(rs)), 0);
    pcm8k.resize(mono.size() * 8000 / static_cast<size_t>(info.samplerate) + 16);
    spx_uint32_t in_len = static_cast<spx_uint32_t>(mono.size());
    spx_uint32_t out_len = static_cast<spx_uint32_t>(pcm8k.size());
    speex_resampler_process_int(rs, 0, mono.data(), &in_len, pcm8k.data(), &out_len);
    speex_resampler_destroy(rs);
    pcm8k.resize(out_len);
  }
  out.assign(pcm8k.begin(), pcm8k.end());
  return true;
}

// The level change of the part of `out` that is coherent with `clean`, in
// dB: 20 log10(<out, clean> / <clean, clean>). The noise is independent of
// the clean signal, so this is how much of the speech itself the suppressor
// kept (0 dB: all of it), whatever noise remains.
double speech_level_db(std::span<const int16_t> clean, std::span<const int16_t> out) {
  double dot = 0, cc = 0;
  for (size_t i = 0; i < clean.size(); ++i) {
    dot += static_cast<double>(clean[i]) * out[i];
    cc += static_cast<double>(clean[i]) * clean[i];
  }
  return dot > 0 && cc > 0 ? 20.0 * std::log10(dot / cc) : -200.0;
}

struct Run {
  double snr_in, snr_out, seg_in, seg_out;
  double speech_level;      // speech_level_db of the output
  double att_1_2, att_2_3;  // dB, output over input power (negative: quieter)
};

struct Bench {
  std::vector<double> clean;  // lead silence + speech, at kSpeechDbfs over the speech part
  size_t lead = 0;            // samples of lead
  int64_t cpu_ns = 0;         // inside process()
  int64_t frames = 0;

  // Runs `in` through a fresh suppressor; returns the output advanced by
  // the suppressor's one-frame delay (the last frame_samples are zeros).
  std::vector<int16_t> suppress(std::vector<int16_t> in, int frame, int suppress_db) {
    auto ns = NoiseSuppressor::make(frame, suppress_db);
    if (!ns) {
      std::fprintf(stderr, "make: %s\n", ns.error().message.c_str());
      std::exit(1);
    }
    const int64_t t0 = thread_cpu_ns();
    ns->process(in);
    cpu_ns += thread_cpu_ns() - t0;
    frames += ns->figures().frames;
    std::vector<int16_t> out(in.size(), 0);
    std::copy(in.begin() + frame, in.end(), out.begin());
    return out;
  }

  // Output over input power in dB on [from_s, to_s) of the lead (noise only).
  double attenuation(std::span<const int16_t> in, std::span<const int16_t> out, double from_s,
                     double to_s) const {
    const size_t a = static_cast<size_t>(from_s * t::kRate);
    const size_t b = static_cast<size_t>(to_s * t::kRate);
    if (b > lead) return std::numeric_limits<double>::quiet_NaN();  // lead too short
    return t::to_db(t::power(out.subspan(a, b - a)) / t::power(in.subspan(a, b - a)));
  }

  Run noisy(t::Noise kind, double snr_db, int frame, int suppress_db) {
    const double speech_power = t::dbfs_to_power(kSpeechDbfs);
    std::vector<double> noise =
        t::make_noise(kind, clean.size(), 1000 + static_cast<uint64_t>(kind));
    t::scale_to_power(noise, speech_power / std::pow(10.0, snr_db / 10.0));
    std::vector<double> mix(clean.size());
    for (size_t i = 0; i < mix.size(); ++i) mix[i] = clean[i] + noise[i];
    const std::vector<int16_t> c = t::to_pcm(clean);
    const std::vector<int16_t> m = t::to_pcm(mix);
    const std::vector<int16_t> o = suppress(m, frame, suppress_db);
    // The speech part, without the last frame (no output for it yet).
    const size_t n = c.size() - lead - static_cast<size_t>(frame);
    std::span<const int16_t> cs = std::span<const int16_t>(c).subspan(lead, n);
    std::span<const int16_t> ms = std::span<const int16_t>(m).subspan(lead, n);
    std::span<const int16_t> os = std::span<const int16_t>(o).subspan(lead, n);
    return Run{t::snr_db(cs, ms),           t::snr_db(cs, os),       t::segmental_snr_db(cs, ms),
               t::segmental_snr_db(cs, os), speech_level_db(cs, os), attenuation(m, o, 1.0, 2.0),
               attenuation(m, o, 2.0, 3.0)};
  }

  // The clean signal alone: {power change dB, SNR of output vs input dB}.
  std::pair<double, double> distortion(int frame, int suppress_db) {
    const std::vector<int16_t> c = t::to_pcm(clean);
    const std::vector<int16_t> o = suppress(c, frame, suppress_db);
    const size_t n = c.size() - lead - static_cast<size_t>(frame);
    std::span<const int16_t> cs = std::span<const int16_t>(c).subspan(lead, n);
    std::span<const int16_t> os = std::span<const int16_t>(o).subspan(lead, n);
    return {t::to_db(t::power(os) / t::power(cs)), t::snr_db(cs, os)};
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string speech_path;
  double lead_s = 3.0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--speech" && i + 1 < argc) {
      speech_path = argv[++i];
    } else if (a == "--lead-s" && i + 1 < argc) {
      lead_s = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--speech FILE.wav] [--lead-s 3]\n", argv[0]);
      return 2;
    }
  }

  std::vector<double> speech;
  if (speech_path.empty()) {
    speech = t::make_speech_like(8 * 8000, 1);
  } else if (!read_speech(speech_path, speech)) {
    return 1;
  }
  t::scale_to_power(speech, t::dbfs_to_power(kSpeechDbfs));
  Bench b;
  b.lead = static_cast<size_t>(lead_s * t::kRate);
  b.clean.assign(b.lead, 0.0);
  b.clean.insert(b.clean.end(), speech.begin(), speech.end());
  std::printf("clean: %s, %.2f s of speech at %.0f dBFS after %.1f s of lead\n\n",
              speech_path.empty() ? "speech-like test signal (make_speech_like, seed 1)"
                                  : speech_path.c_str(),
              static_cast<double>(speech.size()) / t::kRate, kSpeechDbfs, lead_s);

  // 1. The default: 20 ms frames, -25 dB.
  std::printf("### frame 160 (20 ms), suppress_db -25\n\n");
  std::printf(
      "| noise | SNR in | SNR out | change | segSNR in | segSNR out | change | speech kept "
      "| noise alone 1-2 s | noise alone 2-3 s |\n|---|---|---|---|---|---|---|---|---|---|\n");
  for (t::Noise kind : kNoises) {
    for (double snr : kSnrs) {
      const Run r = b.noisy(kind, snr, 160, -25);
      std::printf(
          "| %s %.0f dB | %.1f | %.1f | %+.1f | %.1f | %.1f | %+.1f | %+.1f dB | %.1f dB | %.1f dB "
          "|\n",
          t::noise_name(kind), snr, r.snr_in, r.snr_out, r.snr_out - r.snr_in, r.seg_in, r.seg_out,
          r.seg_out - r.seg_in, r.speech_level, r.att_1_2, r.att_2_3);
    }
  }

  // 2. suppress_db compared (20 ms frames): SNR and segmental SNR out per input SNR.
  std::printf(
      "\n### suppress_db compared (frame 160): SNR out / segSNR out at each input SNR, noise "
      "alone 2-3 s\n\n| suppress_db | noise | 0 dB | 5 dB | 10 dB | 20 dB | noise alone 2-3 s "
      "|\n|---|---|---|---|---|---|---|\n");
  for (int sdb : {-15, -25, -40}) {
    for (t::Noise kind : kNoises) {
      std::printf("| %d | %s |", sdb, t::noise_name(kind));
      double att = 0;
      for (double snr : kSnrs) {
        const Run r = b.noisy(kind, snr, 160, sdb);
        std::printf(" %.1f / %.1f |", r.snr_out, r.seg_out);
        att = r.att_2_3;
      }
      std::printf(" %.1f dB |\n", att);
    }
  }

  // 3. Frame sizes (-25 dB): convergence and the white 5 dB case.
  std::printf(
      "\n### frame sizes (suppress_db -25), white noise 5 dB\n\n| frame | SNR out | segSNR out | "
      "noise alone 1-2 s | noise alone 2-3 s |\n|---|---|---|---|---|\n");
  for (int frame : {80, 160, 240, 480}) {
    const Run r = b.noisy(t::Noise::kWhite, 5.0, frame, -25);
    std::printf("| %d (%d ms) | %.1f | %.1f | %.1f dB | %.1f dB |\n", frame, frame / 8, r.snr_out,
                r.seg_out, r.att_1_2, r.att_2_3);
  }

  // 4. The clean signal alone, and CPU (each row: 3 runs of the clean signal
  // and the 12 noisy runs, timed).
  std::printf(
      "\n### the clean signal alone (distortion) and CPU\n\n| frame | suppress_db | speech power "
      "change | SNR of output vs clean | CPU ns / frame | CPU ns / 20 ms of audio | one core per "
      "stream |\n|---|---|---|---|---|---|---|\n");
  for (auto [frame, sdb] : {std::pair{160, -15}, std::pair{160, -25}, std::pair{160, -40},
                            std::pair{80, -25}, std::pair{480, -25}}) {
    b.cpu_ns = 0;
    b.frames = 0;
    std::pair<double, double> d{};
    for (int rep = 0; rep < 3; ++rep) d = b.distortion(frame, sdb);
    for (t::Noise kind : kNoises) {
      for (double snr : kSnrs) b.noisy(kind, snr, frame, sdb);
    }
    const double ns_frame = static_cast<double>(b.cpu_ns) / static_cast<double>(b.frames);
    const double ns_20ms = ns_frame * 160.0 / frame;
    std::printf("| %d | %d | %+.2f dB | %.1f dB | %.0f | %.0f | %.3f %% |\n", frame, sdb, d.first,
                d.second, ns_frame, ns_20ms, ns_20ms / 20e6 * 100.0);
  }
  // 5. A steady tone alone (not noise, but stationary): what is left of it.
  {
    std::vector<double> tone(4 * 8000);
    for (size_t i = 0; i < tone.size(); ++i) {
      tone[i] = std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(i) / t::kRate);
    }
    t::scale_to_power(tone, t::dbfs_to_power(-20));
    const std::vector<int16_t> in = t::to_pcm(tone);
    const std::vector<int16_t> out = b.suppress(in, 160, -25);
    std::printf("\nsteady 440 Hz tone at -20 dBFS alone (160, -25), power change by second:");
    for (size_t s = 0; s + 1 < 4; ++s) {
      const auto i = std::span<const int16_t>(in).subspan(s * 8000, 8000);
      const auto o = std::span<const int16_t>(out).subspan(s * 8000, 8000);
      std::printf(" %.1f dB", t::to_db(t::power(o) / t::power(i)));
    }
    std::printf("\n");
  }
  return 0;
}
