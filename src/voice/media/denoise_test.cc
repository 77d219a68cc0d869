#include "voice/media/denoise.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "voice/media/audio_test_util.h"

// Thresholds come from bench/voice/denoise_measure.cc on the same signals
// (bench/RESULTS.md, "Issue 10: noise suppression on the agent leg"), with
// margin: white noise alone loses ~21 dB once converged (about 100 frames:
// 2 s of 20 ms frames), the speech-like signal alone keeps its power within
// 1 dB, and at 5 dB SNR white noise its SNR rises by ~6 dB.

namespace switchyard::voice::media {
namespace {

namespace t = testing;

constexpr size_t kSecond = 8000;

std::span<const int16_t> part(const std::vector<int16_t>& x, size_t from, size_t n) {
  return std::span<const int16_t>(x).subspan(from, n);
}

NoiseSuppressor make_ok(int frame_samples = 160, int suppress_db = -25) {
  auto ns = NoiseSuppressor::make(frame_samples, suppress_db);
  EXPECT_TRUE(ns) << ns.error().message;
  return std::move(*ns);
}

// Feeds `in` in packets of `packet` samples, as the relay does.
std::vector<int16_t> run(NoiseSuppressor& ns, std::vector<int16_t> in, size_t packet = 160) {
  for (size_t i = 0; i < in.size(); i += packet) {
    ns.process(std::span<int16_t>(in).subspan(i, std::min(packet, in.size() - i)));
  }
  return in;
}

std::vector<int16_t> white_noise(size_t n, double dbfs, uint64_t seed) {
  std::vector<double> x = t::make_noise(t::Noise::kWhite, n, seed);
  t::scale_to_power(x, t::dbfs_to_power(dbfs));
  return t::to_pcm(x);
}

TEST(NoiseSuppressorTest, WhiteNoiseAloneIsLoweredOnceConverged) {
  const std::vector<int16_t> in = white_noise(3 * kSecond, -30, 11);
  NoiseSuppressor ns = make_ok();
  const std::vector<int16_t> out = run(ns, in);
  // Measured -21 dB on [2, 3) s; [1, 2) s is still converging (-12.5 dB).
  const double change = t::power_dbfs(part(out, 2 * kSecond, kSecond)) -
                        t::power_dbfs(part(in, 2 * kSecond, kSecond));
  EXPECT_LT(change, -15.0);
  EXPECT_LT(t::power_dbfs(part(out, kSecond, kSecond)) - t::power_dbfs(part(in, kSecond, kSecond)),
            -6.0);
  EXPECT_EQ(ns.figures().frames, 3 * 50);
  EXPECT_EQ(ns.figures().samples_unchanged, 0);
}

TEST(NoiseSuppressorTest, TenMillisecondFramesConvergeInOneSecond) {
  // Convergence is counted in frames: 100 frames of 10 ms are 1 s.
  const std::vector<int16_t> in = white_noise(2 * kSecond, -30, 12);
  NoiseSuppressor ns = make_ok(80);
  const std::vector<int16_t> out = run(ns, in, 80);
  EXPECT_LT(t::power_dbfs(part(out, kSecond, kSecond)) - t::power_dbfs(part(in, kSecond, kSecond)),
            -15.0);  // measured -20 dB
}

TEST(NoiseSuppressorTest, SpeechLikeSignalAloneKeepsItsPowerOneFrameLater) {
  std::vector<double> s = t::make_speech_like(4 * kSecond, 1);
  t::scale_to_power(s, t::dbfs_to_power(-26));
  const std::vector<int16_t> in = t::to_pcm(s);
  NoiseSuppressor ns = make_ok();
  const std::vector<int16_t> out = run(ns, in);
  // Output sample i + 160 is input sample i (one frame of delay).
  const size_t n = 3 * kSecond - 160;
  EXPECT_NEAR(t::power_dbfs(part(out, kSecond + 160, n)) - t::power_dbfs(part(in, kSecond, n)), 0.0,
              2.0);  // measured -0.8 dB
  EXPECT_GT(t::snr_db(part(in, kSecond, n), part(out, kSecond + 160, n)), 10.0);  // measured 15 dB
  // The first frame out is what came before the first frame in: nothing.
  EXPECT_LT(t::power_dbfs(part(out, 0, 160)), -80.0);
}

TEST(NoiseSuppressorTest, SpeechLikeInWhiteNoiseAtFiveDbGetsCleaner) {
  // 2 s of noise alone, then 4 s of speech-like signal in the same noise.
  const size_t lead = 2 * kSecond;
  std::vector<double> clean(lead, 0.0);
  std::vector<double> speech = t::make_speech_like(4 * kSecond, 1);
  t::scale_to_power(speech, t::dbfs_to_power(-26));
  clean.insert(clean.end(), speech.begin(), speech.end());
  std::vector<double> noise = t::make_noise(t::Noise::kWhite, clean.size(), 13);
  t::scale_to_power(noise, t::dbfs_to_power(-26 - 5));
  std::vector<double> mix(clean.size());
  for (size_t i = 0; i < mix.size(); ++i) mix[i] = clean[i] + noise[i];
  const std::vector<int16_t> c = t::to_pcm(clean);
  const std::vector<int16_t> m = t::to_pcm(mix);

  NoiseSuppressor ns = make_ok();
  const std::vector<int16_t> out = run(ns, m);
  const size_t n = speech.size() - 160;
  const double snr_in = t::snr_db(part(c, lead, n), part(m, lead, n));
  const double snr_out = t::snr_db(part(c, lead, n), part(out, lead + 160, n));
  EXPECT_NEAR(snr_in, 5.0, 0.5);
  EXPECT_GT(snr_out - snr_in, 3.0);  // measured +6 dB
  const double seg_in = t::segmental_snr_db(part(c, lead, n), part(m, lead, n));
  const double seg_out = t::segmental_snr_db(part(c, lead, n), part(out, lead + 160, n));
  EXPECT_GT(seg_out - seg_in, 2.0);  // measured +4 dB
}

TEST(NoiseSuppressorTest, SameInputSameOutputWhateverThePacketing) {
  const std::vector<int16_t> in = white_noise(kSecond, -30, 14);
  NoiseSuppressor a = make_ok();
  NoiseSuppressor b = make_ok();
  NoiseSuppressor c = make_ok();
  const std::vector<int16_t> out = run(a, in, 160);
  EXPECT_EQ(run(b, in, 160), out);
  EXPECT_EQ(run(c, in, 480), out);  // three frames per packet
}

TEST(NoiseSuppressorTest, SamplesAfterTheLastWholeFrameAreLeftAsTheyCame) {
  NoiseSuppressor ns = make_ok();
  std::vector<int16_t> packet = white_noise(170, -10, 15);
  const std::vector<int16_t> before = packet;
  ns.process(packet);
  // The whole frame went through the preprocessor (the first output is the
  // empty frame before it); the 10 samples after it are untouched.
  EXPECT_LT(t::power_dbfs(part(packet, 0, 160)), -80.0);
  EXPECT_TRUE(std::equal(packet.begin() + 160, packet.end(), before.begin() + 160));
  EXPECT_EQ(ns.figures().frames, 1);
  EXPECT_EQ(ns.figures().samples_unchanged, 10);

  std::vector<int16_t> shorter = white_noise(100, -10, 16);
  const std::vector<int16_t> shorter_before = shorter;
  ns.process(shorter);
  EXPECT_EQ(shorter, shorter_before);
  ns.process({});
  EXPECT_EQ(ns.figures().frames, 1);
  EXPECT_EQ(ns.figures().samples_unchanged, 110);
}

TEST(NoiseSuppressorTest, BadParametersAreNamed) {
  for (int frame : {0, -160, 79, 481, 960}) {
    auto ns = NoiseSuppressor::make(frame, -25);
    ASSERT_FALSE(ns) << frame;
    EXPECT_EQ(ns.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(ns.error().field, "frame_samples");
  }
  for (int db : {0, 5, -61, -100}) {
    auto ns = NoiseSuppressor::make(160, db);
    ASSERT_FALSE(ns) << db;
    EXPECT_EQ(ns.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(ns.error().field, "suppress_db");
  }
  for (auto [frame, db] : {std::pair{80, -1}, std::pair{480, -60}, std::pair{97, -25}}) {
    auto ns = NoiseSuppressor::make(frame, db);
    ASSERT_TRUE(ns) << frame << " " << db;
    EXPECT_EQ(ns->frame_samples(), frame);
    EXPECT_EQ(ns->suppress_db(), db);
    std::vector<int16_t> pcm = white_noise(static_cast<size_t>(frame) * 3, -20, 17);
    ns->process(pcm);
    EXPECT_EQ(ns->figures().frames, 3);
  }
}

TEST(NoiseSuppressorTest, MovingKeepsOneOwnerOfTheState) {
  const std::vector<int16_t> in = white_noise(kSecond, -30, 18);
  NoiseSuppressor reference = make_ok();
  const std::vector<int16_t> expected = run(reference, in);

  NoiseSuppressor a = make_ok();
  std::vector<int16_t> first(in.begin(), in.begin() + 4000);
  a.process(first);
  NoiseSuppressor b(std::move(a));  // the state moves on, mid-stream
  std::vector<int16_t> second(in.begin() + 4000, in.end());
  b.process(second);
  first.insert(first.end(), second.begin(), second.end());
  EXPECT_EQ(first, expected);
  EXPECT_EQ(b.figures().frames, 50);

  // A moved-from suppressor leaves audio alone and counts nothing.
  std::vector<int16_t> untouched = in;
  a.process(untouched);  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(untouched, in);
  EXPECT_EQ(a.figures().frames, 0);

  // Assignment frees the target's state (ASan would report a leak or a
  // double free otherwise), also onto a moved-from one and onto itself.
  NoiseSuppressor c = make_ok(80, -40);
  c = std::move(b);
  EXPECT_EQ(c.frame_samples(), 160);
  EXPECT_EQ(c.figures().frames, 50);
  a = std::move(c);
  NoiseSuppressor& self = a;
  a = std::move(self);
  EXPECT_EQ(a.frame_samples(), 160);
  std::vector<int16_t> more = white_noise(160, -30, 19);
  a.process(more);
  EXPECT_EQ(a.figures().frames, 51);
}

}  // namespace
}  // namespace switchyard::voice::media
