#include "voice/media/mixer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

namespace switchyard::voice::media {
namespace {

constexpr int64_t kTarget = 480;  // the default 60 ms

// The source's audio: sample i of its stream, never 0 so that silence (a
// missing sample) is told apart from audio. `salt` makes a second stream.
int16_t sig(int64_t i, int salt = 0) {
  const int64_t v = 1 + (i * 37 + salt * 7919) % 30000;
  return static_cast<int16_t>(salt % 2 ? -v : v);
}

struct Packet {
  uint32_t ts = 0;
  int64_t arrival = 0;
  std::vector<int16_t> pcm;
};

// Packets of `len` samples covering [first, first + count * len) of the
// stream, timestamps from `ts0`, packet k arriving at arrival(k).
std::vector<Packet> packets(int64_t count, int64_t len, uint32_t ts0,
                            const std::function<int64_t(int64_t)>& arrival, int64_t first = 0,
                            int salt = 0) {
  std::vector<Packet> out;
  for (int64_t k = 0; k < count; ++k) {
    Packet p;
    p.ts = ts0 + static_cast<uint32_t>(k * len);
    p.arrival = arrival(k);
    for (int64_t i = 0; i < len; ++i) p.pcm.push_back(sig(first + k * len + i, salt));
    out.push_back(std::move(p));
  }
  return out;
}

// Plays the relay: pulls a frame at each of `pull_times` (non-decreasing),
// first pushing every packet that arrived at or before it (in arrival order,
// ties in list order). Returns the pulls' audio end to end; `after_pull`
// sees the buffer after each pull.
std::vector<int16_t> run(JitterBuffer& jb, std::vector<Packet> list,
                         const std::vector<int64_t>& pull_times,
                         const std::function<void(const JitterBuffer&)>& after_pull = {}) {
  std::stable_sort(list.begin(), list.end(),
                   [](const Packet& a, const Packet& b) { return a.arrival < b.arrival; });
  std::vector<int16_t> out;
  size_t next = 0;
  std::array<int16_t, kFrameSamples> frame{};
  for (const int64_t now : pull_times) {
    for (; next < list.size() && list[next].arrival <= now; ++next) {
      jb.push(list[next].ts, list[next].pcm, list[next].arrival);
    }
    jb.pull(frame, now);
    out.insert(out.end(), frame.begin(), frame.end());
    if (after_pull) after_pull(jb);
  }
  return out;
}

// A pull every 20 ms from 0 up to (not including) `until`.
std::vector<int64_t> ticks(int64_t until) {
  std::vector<int64_t> t;
  for (int64_t now = 0; now < until; now += kFrameSamples) t.push_back(now);
  return t;
}

// The first pull time at or after t (pulls every 20 ms from 0).
int64_t first_tick_at_or_after(int64_t t) {
  return (t + kFrameSamples - 1) / kFrameSamples * kFrameSamples;
}

// Expects out[at + i] == sig(first + i) for i in [0, n), reporting the first mismatch.
void expect_stream(const std::vector<int16_t>& out, int64_t at, int64_t first, int64_t n,
                   int salt = 0) {
  ASSERT_LE(at + n, static_cast<int64_t>(out.size()));
  for (int64_t i = 0; i < n; ++i) {
    const auto got = out[static_cast<size_t>(at + i)];
    if (got != sig(first + i, salt)) {
      FAIL() << "output sample " << at + i << " (stream sample " << first + i << ") is " << got
             << ", expected " << sig(first + i, salt);
    }
  }
}

void expect_silence(const std::vector<int16_t>& out, int64_t from, int64_t to) {
  for (int64_t i = from; i < to; ++i) {
    if (out[static_cast<size_t>(i)] != 0) FAIL() << "output sample " << i << " is not silence";
  }
}

TEST(JitterBufferTest, InOrderPacketsComeOutExactlyAfterThePlayoutDelay) {
  JitterBuffer jb;
  // 2 s of 20 ms packets, each 100 samples (12.5 ms) after it was sent.
  auto list = packets(100, 160, 1000, [](int64_t k) { return 160 * k + 100; });
  const auto out = run(jb, list, ticks(20000));
  // The first packet arrived at 100: it plays from the first pull at or after 580.
  const int64_t start = first_tick_at_or_after(100 + kTarget);
  EXPECT_EQ(start, 640);
  expect_silence(out, 0, start);
  expect_stream(out, start, 0, 16000);
  expect_silence(out, start + 16000, static_cast<int64_t>(out.size()));
  EXPECT_EQ(jb.stats().pushed, 100u);
  EXPECT_EQ(jb.stats().late, 0u);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);  // the end is not counted: the source may pause
  EXPECT_EQ(jb.stats().skipped_samples, 0u);
  EXPECT_EQ(jb.stats().reanchors, 0u);
}

TEST(JitterBufferTest, ArrivalOnATickPlaysExactlyTargetLater) {
  JitterBuffer jb;
  int64_t max_buffered = 0;
  const auto out =
      run(jb, packets(50, 160, 7, [](int64_t k) { return 160 * k; }), ticks(10000),
          [&](const JitterBuffer& b) { max_buffered = std::max(max_buffered, b.buffered()); });
  expect_silence(out, 0, kTarget);
  expect_stream(out, kTarget, 0, 8000);
  // Just after a pull: the target minus the frame just played, plus the packet that came with it.
  EXPECT_EQ(max_buffered, kTarget);
}

TEST(JitterBufferTest, ReorderedPacketsWithinTheDelayComeOutInOrder) {
  JitterBuffer jb;
  // Packet 0 after packets 1 and 2; every 4th packet 37.5 ms late (behind the next two).
  auto list = packets(100, 160, 0, [](int64_t k) {
    if (k == 0) return int64_t{430};
    return 160 * k + 100 + (k % 4 == 3 ? 300 : 0);
  });
  const auto out = run(jb, list, ticks(20000));
  // Packet 1 arrived first (at 260) and set the timing: packet 0 is due at
  // 260 + 480 - 160 = 580, as if it had come first.
  const int64_t start = first_tick_at_or_after(100 + kTarget);
  EXPECT_EQ(start, 640);
  expect_silence(out, 0, start);
  expect_stream(out, start, 0, 16000);
  EXPECT_EQ(jb.stats().late, 0u);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);
}

TEST(JitterBufferTest, ALostPacketIsOneFrameOfSilenceAndTheRestStaysAligned) {
  JitterBuffer jb;
  auto list = packets(100, 160, 0, [](int64_t k) { return 160 * k + 100; });
  list.erase(list.begin() + 10);
  const auto out = run(jb, list, ticks(20000));
  const int64_t start = first_tick_at_or_after(100 + kTarget);
  expect_stream(out, start, 0, 1600);
  expect_silence(out, start + 1600, start + 1760);
  expect_stream(out, start + 1760, 1760, 16000 - 1760);
  EXPECT_EQ(jb.stats().underrun_samples, 160u);
  EXPECT_EQ(jb.stats().reanchors, 0u);
}

TEST(JitterBufferTest, ABurstLossLongerThanTheBufferKeepsAlignment) {
  JitterBuffer jb;
  auto list = packets(100, 160, 0, [](int64_t k) { return 160 * k + 100; });
  list.erase(list.begin() + 20, list.begin() + 35);  // 300 ms
  const auto out = run(jb, list, ticks(20000));
  const int64_t start = first_tick_at_or_after(100 + kTarget);
  expect_stream(out, start, 0, 3200);
  expect_silence(out, start + 3200, start + 5600);
  expect_stream(out, start + 5600, 5600, 16000 - 5600);
  EXPECT_EQ(jb.stats().underrun_samples, 2400u);
  EXPECT_EQ(jb.stats().reanchors, 0u);
}

TEST(JitterBufferTest, JitterOf30msWithin60msTargetNeitherUnderrunsNorDrops) {
  for (const uint32_t seed : {1u, 2u, 3u, 42u}) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    std::vector<int64_t> jitter;
    for (int k = 0; k < 1500; ++k) jitter.push_back(static_cast<int64_t>(rng() % 481) - 240);
    JitterBuffer jb;
    auto list = packets(1500, 160, 0xdeadbeef,
                        [&](int64_t k) { return 160 * k + 400 + jitter[static_cast<size_t>(k)]; });
    const int64_t first_arrival = std::min_element(list.begin(), list.end(), [](auto& a, auto& b) {
                                    return a.arrival < b.arrival;
                                  })->arrival;
    const auto out = run(jb, list, ticks(1500 * 160 + 2000));
    const auto start = static_cast<int64_t>(
        std::find_if(out.begin(), out.end(), [](int16_t s) { return s != 0; }) - out.begin());
    EXPECT_LE(start, first_tick_at_or_after(first_arrival + kTarget));
    expect_stream(out, start, 0, 1500 * 160);
    EXPECT_EQ(jb.stats().late, 0u);
    EXPECT_EQ(jb.stats().underrun_samples, 0u);
    EXPECT_EQ(jb.stats().skipped_samples, 0u);
    EXPECT_EQ(jb.stats().reanchors, 0u);
  }
}

struct DriftResult {
  JitterStats stats;
  int64_t max_buffered = 0;
  int64_t silent = 0;  // output samples after the start that were silence
};

// 60 s of a source whose clock runs at `rate` times ours (20 ms packets,
// network delay 50 ms +- 10 ms), pulled every 20 ms of our clock.
DriftResult drift(double rate) {
  std::mt19937 rng(7);
  const auto count = static_cast<int64_t>(60 * 50 * rate);
  auto list = packets(count, 160, 123456, [&](int64_t k) {
    return std::llround(static_cast<double>(160 * k) / rate) + 400 +
           static_cast<int64_t>(rng() % 161) - 80;
  });
  JitterBuffer jb;
  DriftResult r;
  const auto out = run(jb, list, ticks(60 * 8000), [&](const JitterBuffer& b) {
    r.max_buffered = std::max(r.max_buffered, b.buffered());
  });
  r.stats = jb.stats();
  r.silent = std::count(out.begin() + 1000, out.end(), int16_t{0});
  return r;
}

void report(const char* drift, const DriftResult& r) {
  std::printf(
      "[ drift %s ] max buffered %lld samples, skipped %llu, underrun %llu, late %llu, "
      "reanchors %llu, silent after start %lld\n",
      drift, static_cast<long long>(r.max_buffered),
      static_cast<unsigned long long>(r.stats.skipped_samples),
      static_cast<unsigned long long>(r.stats.underrun_samples),
      static_cast<unsigned long long>(r.stats.late),
      static_cast<unsigned long long>(r.stats.reanchors), static_cast<long long>(r.silent));
}

TEST(JitterBufferTest, ASourceClockHalfAPercentFastStaysBounded) {
  const auto r = drift(1.005);
  report("+0.5%", r);
  // 0.5 % of 60 s is 2400 samples too many: skipped, about as many.
  EXPECT_GE(r.stats.skipped_samples, 1800u);
  EXPECT_LE(r.stats.skipped_samples, 3000u);
  EXPECT_LE(r.max_buffered,
            kTarget + 160 + 160 + 80 + 160);  // target, excess, window, jitter, packet
  EXPECT_EQ(r.stats.underrun_samples, 0u);
  EXPECT_EQ(r.stats.late, 0u);
  EXPECT_EQ(r.stats.reanchors, 0u);
  EXPECT_EQ(r.silent, 0);
}

TEST(JitterBufferTest, ASourceClockHalfAPercentSlowReanchorsNowAndThen) {
  const auto r = drift(0.995);
  report("-0.5%", r);
  // 2400 samples too few over 60 s: that much silence, less what the buffer
  // holds at the end (about the target), in a few re-anchors of about the
  // target each, and all of it is counted.
  EXPECT_GE(r.stats.underrun_samples, 2400u - 640u);
  EXPECT_LE(r.stats.underrun_samples, 2 * 2400u + 2 * 640u);
  EXPECT_EQ(static_cast<uint64_t>(r.silent), r.stats.underrun_samples);
  EXPECT_GE(r.stats.reanchors, 2u);
  EXPECT_LE(r.stats.reanchors, 10u);
  EXPECT_LE(r.max_buffered, kTarget + 160 + 160 + 80 + 160);
}

TEST(JitterBufferTest, TenAndThirtyMsPacketsComeOutContinuousInTwentyMsFrames) {
  for (const int64_t len : {80, 240}) {
    SCOPED_TRACE(len);
    JitterBuffer jb;
    const int64_t count = 16080 / len;
    auto list = packets(count, len, 99, [&](int64_t k) { return len * k + 30; });
    const auto out = run(jb, list, ticks(20000));
    const int64_t start = first_tick_at_or_after(30 + kTarget);
    expect_silence(out, 0, start);
    expect_stream(out, start, 0, count * len);
    expect_silence(out, start + count * len, static_cast<int64_t>(out.size()));
    EXPECT_EQ(jb.stats().underrun_samples, 0u);
    EXPECT_EQ(jb.stats().late, 0u);
    EXPECT_EQ(jb.stats().skipped_samples, 0u);
  }
}

TEST(JitterBufferTest, RtpTimestampWrapAround) {
  JitterBuffer jb;
  // Wraps after the 5th packet; packets 5 and 6 (the first after the wrap) swapped.
  auto list = packets(50, 160, 0xFFFFFFFFu - 799,
                      [](int64_t k) { return 160 * k + 50 + (k == 5 ? 200 : 0); });
  const auto out = run(jb, list, ticks(10000));
  const int64_t start = first_tick_at_or_after(50 + kTarget);
  expect_silence(out, 0, start);
  expect_stream(out, start, 0, 8000);
  EXPECT_EQ(jb.stats().late, 0u);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);
}

TEST(JitterBufferTest, ASilenceGapOfTwoSecondsReanchorsWithoutOldAudio) {
  // After 1 s the source stops for 2 s; its timestamps then go on as if it
  // had sent meanwhile (real time), as if it had not (frozen), or jump.
  for (const int64_t ts_skip : {int64_t{24000}, int64_t{8000}, int64_t{-4000}, int64_t{1234567}}) {
    SCOPED_TRACE(ts_skip);
    JitterBuffer jb;
    auto list = packets(50, 160, 5000, [](int64_t k) { return 160 * k + 100; });
    const int64_t resume = 3 * 8000 + 100 + 30;  // 2 s after the last arrival (8000 - 160 + 100)
    // Its network delay is now 30 samples longer: the old timing no longer holds.
    auto more = packets(
        50, 160, static_cast<uint32_t>(5000 + ts_skip), [&](int64_t k) { return resume + 160 * k; },
        0, 1);
    list.insert(list.end(), more.begin(), more.end());
    const auto out = run(jb, list, ticks(40000));
    const int64_t start = first_tick_at_or_after(100 + kTarget);
    expect_stream(out, start, 0, 8000);
    const int64_t restart = first_tick_at_or_after(resume + kTarget);
    expect_silence(out, start + 8000, restart);
    expect_stream(out, restart, 0, 8000, 1);
    expect_silence(out, restart + 8000, static_cast<int64_t>(out.size()));
    EXPECT_EQ(jb.stats().reanchors, 1u);
    EXPECT_EQ(jb.stats().underrun_samples, 0u);  // a pause is not an underrun
    EXPECT_EQ(jb.stats().late, 0u);
  }
}

TEST(JitterBufferTest, LateTicksAndBurstsKeepTheAudioContinuous) {
  JitterBuffer jb;
  auto list = packets(100, 160, 0, [](int64_t k) { return 160 * k + 100; });
  // Every 10th tick is 45 ms late, the next two catch up in a burst with it.
  std::vector<int64_t> pulls;
  for (int64_t j = 0; j < 125; ++j) {
    const int64_t nominal = 160 * j;
    const int64_t phase = j % 10;
    pulls.push_back(phase == 5 || phase == 6 ? 160 * (j - phase + 7) + 40 : nominal);
  }
  std::sort(pulls.begin(), pulls.end());
  const auto out = run(jb, list, pulls);
  const auto start = static_cast<int64_t>(
      std::find_if(out.begin(), out.end(), [](int16_t s) { return s != 0; }) - out.begin());
  expect_stream(out, start, 0, 16000);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);
  EXPECT_EQ(jb.stats().skipped_samples, 0u);
}

TEST(JitterBufferTest, ACallerThatStopsPullingSkipsWhatItMissed) {
  JitterBuffer jb;
  auto list = packets(200, 160, 0, [](int64_t k) { return 160 * k; });
  std::vector<int64_t> pulls = ticks(8000);
  for (int64_t now = 16000; now < 32000; now += kFrameSamples) pulls.push_back(now);  // 1 s away
  const auto out = run(jb, list, pulls);
  // The first second from the start at 480, then the audio due at 16000: stream sample 15520.
  expect_stream(out, kTarget, 0, 8000 - kTarget);
  expect_stream(out, 8000, 16000 - kTarget, 8000);
  // Meanwhile the buffer filled up: the oldest audio made room for the newest.
  EXPECT_GT(jb.stats().dropped_overflow, 0u);
  EXPECT_EQ(jb.stats().skipped_samples + jb.stats().dropped_overflow, 8000u);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);
}

TEST(JitterBufferTest, ACallerThatStartsPullingLateGetsTheAudioDueNow) {
  JitterBuffer jb;
  auto list = packets(200, 160, 0, [](int64_t k) { return 160 * k; });
  std::vector<int64_t> pulls;
  for (int64_t now = 16000; now < 32000; now += kFrameSamples) pulls.push_back(now);
  const auto out = run(jb, list, pulls);
  expect_stream(out, 0, 16000 - kTarget, 16000);
  EXPECT_EQ(jb.stats().skipped_samples + jb.stats().dropped_overflow, 16000u - kTarget);
  EXPECT_EQ(jb.stats().underrun_samples, 0u);
}

TEST(JitterBufferTest, DuplicatesAreIgnored) {
  JitterBuffer jb;
  auto list = packets(50, 160, 0, [](int64_t k) { return 160 * k + 10; });
  auto copies = list;
  for (auto& p : copies) p.arrival += 60;  // each again 7.5 ms later
  list.insert(list.end(), copies.begin(), copies.end());
  const auto out = run(jb, list, ticks(10000));
  expect_stream(out, first_tick_at_or_after(10 + kTarget), 0, 8000);
  EXPECT_EQ(jb.stats().pushed, 100u);
  EXPECT_EQ(jb.stats().duplicates, 50u);
}

TEST(JitterBufferTest, MoreThanOneSecondAheadIsDroppedAndCounted) {
  JitterBuffer jb;
  // 2 s of audio in one go (a sender flushing its queue).
  auto list = packets(100, 160, 0, [](int64_t) { return int64_t{0}; });
  const auto out = run(jb, list, ticks(20000));
  EXPECT_EQ(jb.stats().dropped_overflow, 8000u);
  // The first second plays (nothing arrives meanwhile to shrink the delay on).
  expect_silence(out, 0, kTarget);
  expect_stream(out, kTarget, 0, 8000);
  expect_silence(out, kTarget + 8000, static_cast<int64_t>(out.size()));
  EXPECT_EQ(jb.stats().skipped_samples, 0u);
}

TEST(JitterBufferTest, RunningDryThenLateReanchorsInsteadOfDroppingEverything) {
  JitterBuffer jb;
  // After 1 s the network delay grows by 200 ms at once.
  auto list = packets(100, 160, 0, [](int64_t k) { return 160 * k + (k >= 50 ? 1600 : 0); });
  const auto out = run(jb, list, ticks(24000));
  expect_stream(out, kTarget, 0, 8000);
  const int64_t restart = first_tick_at_or_after(50 * 160 + 1600 + kTarget);
  expect_silence(out, kTarget + 8000, restart);
  expect_stream(out, restart, 8000, 8000);
  EXPECT_EQ(jb.stats().reanchors, 1u);
  EXPECT_EQ(jb.stats().late, 0u);
  EXPECT_EQ(jb.stats().underrun_samples, static_cast<uint64_t>(restart - (kTarget + 8000)));
}

TEST(JitterBufferTest, ResetStartsAfreshForANewSsrc) {
  JitterBuffer jb;
  auto list = packets(25, 160, 1000, [](int64_t k) { return 160 * k; });
  auto out = run(jb, list, ticks(4000 + kTarget));
  expect_stream(out, kTarget, 0, 4000);
  jb.reset();
  std::array<int16_t, kFrameSamples> frame{};
  for (auto& p : packets(
           25, 160, 777777, [](int64_t k) { return 8000 + 160 * k; }, 0, 1)) {
    jb.push(p.ts, p.pcm, p.arrival);
  }
  jb.pull(frame, 8000 + kTarget - 1);
  EXPECT_EQ(frame[0], 0);
  jb.pull(frame, 8000 + kTarget);
  EXPECT_EQ(frame[0], sig(0, 1));
  EXPECT_EQ(jb.stats().reanchors, 0u);
}

TEST(MixTest, SaturatesInsteadOfWrapping) {
  std::vector<int16_t> a(400), b(400), out(400);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<int16_t>(
        32000 * std::sin(2 * std::numbers::pi * 440.0 * static_cast<double>(i) / 8000));
    b[i] = static_cast<int16_t>(
        31000 * std::sin(2 * std::numbers::pi * 450.0 * static_cast<double>(i) / 8000));
  }
  mix_into(out, {a, b});
  int clipped = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    const int sum = a[i] + b[i];
    EXPECT_EQ(out[i], std::clamp(sum, -32768, 32767)) << i;
    if (sum > 32767 || sum < -32768) ++clipped;
  }
  EXPECT_GT(clipped, 50);  // the case is really exercised

  const std::vector<int16_t> max(3, 32767), min(3, -32768), near(3, 30000);
  std::vector<int16_t> r(3);
  mix_into(r, {max, max, max});
  EXPECT_EQ(r, std::vector<int16_t>(3, 32767));
  mix_into(r, {min, min});
  EXPECT_EQ(r, std::vector<int16_t>(3, -32768));
  mix_into(r, {max, min});
  EXPECT_EQ(r, std::vector<int16_t>(3, -1));
  mix_into(r, {near, near});
  EXPECT_EQ(r, std::vector<int16_t>(3, 32767));
}

TEST(MixTest, ShortSourcesNoSourcesAndInPlace) {
  std::vector<int16_t> a{1, 2, 3, 4}, b{10, 20}, out(4, 99);
  mix_into(out, {a, b});
  EXPECT_EQ(out, (std::vector<int16_t>{11, 22, 3, 4}));
  mix_into(out, {});
  EXPECT_EQ(out, std::vector<int16_t>(4, 0));
  mix_into(a, {a, b});
  EXPECT_EQ(a, (std::vector<int16_t>{11, 22, 3, 4}));
}

TEST(ConferenceTest, SupervisorModesMixWhatEachPartyShouldHear) {
  // Each party sends a constant level: customer 100, agent 1000, lead 10000.
  const std::array<int16_t, 3> level{100, 1000, 10000};
  for (const auto mode :
       {SupervisorMode::kListen, SupervisorMode::kWhisper, SupervisorMode::kBarge}) {
    Conference conf(3);
    conf.set_hears(supervisor_hears(mode));
    std::array<int16_t, kFrameSamples> pcm{};
    for (int64_t t = 0; t < 2000; t += kFrameSamples) {
      for (size_t p = 0; p < 3; ++p) {
        pcm.fill(level[p]);
        conf.push(p, static_cast<uint32_t>(t + 1000 * static_cast<int64_t>(p)), pcm, t);
      }
      conf.tick(t);
    }
    const auto heard = [&](size_t dst) { return conf.frame(dst)[0]; };
    EXPECT_EQ(heard(kLeadParty), 1100);
    switch (mode) {
      case SupervisorMode::kListen:
        EXPECT_EQ(heard(kCustomerParty), 1000);
        EXPECT_EQ(heard(kAgentParty), 100);
        break;
      case SupervisorMode::kWhisper:
        EXPECT_EQ(heard(kCustomerParty), 1000);
        EXPECT_EQ(heard(kAgentParty), 10100);
        break;
      case SupervisorMode::kBarge:
        EXPECT_EQ(heard(kCustomerParty), 11000);
        EXPECT_EQ(heard(kAgentParty), 10100);
        break;
    }
    EXPECT_EQ(conf.heard_by(kCustomerParty), mode == SupervisorMode::kBarge ? 2u : 1u);
  }
}

TEST(ConferenceTest, NobodyHearsThemselvesAndOutOfRangeIsIgnored) {
  Conference conf(2);
  HearsMatrix all{};
  for (auto& row : all) row.fill(true);
  conf.set_hears(all);
  EXPECT_FALSE(conf.hears()[0][0]);
  EXPECT_TRUE(conf.hears()[0][1]);
  EXPECT_FALSE(conf.hears()[0][2]);
  EXPECT_EQ(conf.heard_by(0), 1u);
  EXPECT_EQ(conf.heard_by(3), 0u);
  const std::array<int16_t, 3> pcm{1, 2, 3};
  conf.push(5, 0, pcm, 0);  // ignored
  conf.tick(0);
  EXPECT_EQ(conf.frame(1).size(), static_cast<size_t>(kFrameSamples));
  EXPECT_TRUE(conf.frame(2).empty());
}

}  // namespace
}  // namespace switchyard::voice::media
