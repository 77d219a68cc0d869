#include "voice/media/wav_recorder.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <vector>

namespace switchyard::voice::media {
namespace {

using Side = WavRecorder::Side;

class WavRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("switchyard_wav_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".wav"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  struct Read {
    SF_INFO info{};
    std::vector<int16_t> frames;  // interleaved
    int16_t at(size_t frame, Side side) const {
      return frames[2 * frame + static_cast<size_t>(side)];
    }
  };
  Read read() const {
    Read r;
    SNDFILE* f = sf_open(path_.c_str(), SFM_READ, &r.info);
    EXPECT_NE(f, nullptr) << sf_strerror(nullptr);
    if (!f) return r;
    r.frames.resize(static_cast<size_t>(r.info.frames * r.info.channels));
    EXPECT_EQ(sf_readf_short(f, r.frames.data(), r.info.frames), r.info.frames);
    sf_close(f);
    return r;
  }

  static std::vector<int16_t> tone(size_t n, size_t start = 0) {
    std::vector<int16_t> out(n);
    for (size_t i = 0; i < n; ++i) {
      out[i] = static_cast<int16_t>(
          8000 * std::sin(2 * std::numbers::pi * 1000.0 * static_cast<double>(start + i) / 8000));
    }
    return out;
  }

  std::string path_;
};

TEST_F(WavRecorderTest, ToneOnOneSideStaysOnItsChannel) {
  auto rec = WavRecorder::open(path_);
  ASSERT_TRUE(rec) << rec.error().message;
  const std::vector<int16_t> silence(160, 0);
  for (int64_t pos = 0; pos < 8000; pos += 160) {  // 1 s in 20 ms packets
    ASSERT_TRUE(rec->push(Side::kCaller, pos, tone(160, static_cast<size_t>(pos))));
    ASSERT_TRUE(rec->push(Side::kAgent, pos, silence));
  }
  // Both sides present: written as they come, but for the reorder window,
  // in chunks: one chunk of 4,000 by now (the next needs 8,800 pushed).
  static_assert(WavRecorder::kWriteChunkSamples == 4000);
  EXPECT_EQ(rec->frames_written(), (8000 - WavRecorder::kReorderSamples) / 4000 * 4000);
  auto ms = rec->close();
  ASSERT_TRUE(ms);
  EXPECT_EQ(*ms, 1000);

  const Read r = read();
  EXPECT_EQ(r.info.channels, 2);
  EXPECT_EQ(r.info.samplerate, 8000);
  EXPECT_EQ(r.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  ASSERT_EQ(r.info.frames, 8000);
  double caller_energy = 0;
  for (size_t i = 0; i < 8000; ++i) {
    ASSERT_EQ(r.at(i, Side::kCaller), tone(1, i)[0]) << i;
    ASSERT_EQ(r.at(i, Side::kAgent), 0) << i;
    caller_energy += std::abs(r.at(i, Side::kCaller));
  }
  EXPECT_GT(caller_energy / 8000, 4000);
}

TEST_F(WavRecorderTest, GapsAreSilenceAndSidesStayAligned) {
  auto rec = WavRecorder::open(path_);
  ASSERT_TRUE(rec);
  const std::vector<int16_t> a(160, 1000), b(160, -2000);
  ASSERT_TRUE(rec->push(Side::kCaller, 0, a));
  ASSERT_TRUE(rec->push(Side::kCaller, 480, a));  // 160..479 lost
  ASSERT_TRUE(rec->push(Side::kAgent, 320, b));   // the agent starts later
  EXPECT_EQ(rec->frames_written(), 0);            // all within the reorder window
  ASSERT_EQ(*rec->close(), 80);                   // 640 frames = 80 ms
  const Read r = read();
  ASSERT_EQ(r.info.frames, 640);
  for (size_t i = 0; i < 640; ++i) {
    const bool caller_on = i < 160 || i >= 480;
    const bool agent_on = i >= 320 && i < 480;
    ASSERT_EQ(r.at(i, Side::kCaller), caller_on ? 1000 : 0) << i;
    ASSERT_EQ(r.at(i, Side::kAgent), agent_on ? -2000 : 0) << i;
  }
}

TEST_F(WavRecorderTest, PacketsOutOfOrderWithinTheWindowLandInPlace) {
  auto rec = WavRecorder::open(path_);
  ASSERT_TRUE(rec);
  const std::vector<int16_t> a(160, 1), b(160, 2), c(160, 3);
  for (int64_t pos = 0; pos < 8000; pos += 160) ASSERT_TRUE(rec->push(Side::kCaller, pos, a));
  ASSERT_TRUE(rec->push(Side::kAgent, 7840, b));  // the agent's last packet first
  ASSERT_TRUE(rec->push(Side::kAgent, 7680, c));  // then the one before it
  EXPECT_EQ(rec->samples_dropped(), 0);
  ASSERT_EQ(*rec->close(), 1000);
  const Read r = read();
  ASSERT_EQ(r.info.frames, 8000);
  EXPECT_EQ(r.at(7679, Side::kAgent), 0);
  EXPECT_EQ(r.at(7680, Side::kAgent), 3);
  EXPECT_EQ(r.at(7840, Side::kAgent), 2);
  EXPECT_EQ(r.at(7999, Side::kAgent), 2);
  EXPECT_EQ(r.at(7999, Side::kCaller), 1);
}

TEST_F(WavRecorderTest, OneSideRunsAheadAtMostTheLagWindow) {
  auto rec = WavRecorder::open(path_);
  ASSERT_TRUE(rec);
  const auto three_s = tone(3 * 8000);
  ASSERT_TRUE(rec->push(Side::kCaller, 0, three_s));  // the agent sends nothing (muted)
  EXPECT_EQ(rec->frames_written(), 3 * 8000 - WavRecorder::kMaxLagSamples);
  // The agent's audio for the written second comes too late: dropped.
  const std::vector<int16_t> late(160, 5);
  ASSERT_TRUE(rec->push(Side::kAgent, 7900, late));
  EXPECT_EQ(rec->samples_dropped(), 100);
  ASSERT_EQ(*rec->close(), 3000);
  const Read r = read();
  ASSERT_EQ(r.info.frames, 3 * 8000);
  EXPECT_EQ(r.at(7999, Side::kAgent), 0);
  EXPECT_EQ(r.at(8000, Side::kAgent), 5);
  EXPECT_EQ(r.at(8059, Side::kAgent), 5);
  EXPECT_EQ(r.at(8060, Side::kAgent), 0);
  EXPECT_EQ(r.at(12345, Side::kCaller), three_s[12345]);
}

TEST_F(WavRecorderTest, RefusesBadPositionsAndUseAfterClose) {
  auto rec = WavRecorder::open(path_);
  ASSERT_TRUE(rec);
  const std::vector<int16_t> a(160, 1);
  EXPECT_EQ(rec->push(Side::kCaller, -1, a).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(rec->push(Side::kCaller, WavRecorder::kMaxJumpSamples + 1, a).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(rec->close());
  EXPECT_EQ(rec->push(Side::kCaller, 0, a).error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(rec->close().error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(read().info.frames, 0);
}

TEST_F(WavRecorderTest, OpenFailureIsAnError) {
  auto rec = WavRecorder::open("/nonexistent-dir/x.wav");
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, ErrorCode::kInternal);
}

TEST(RtpClock, UnwrapsTimestampsOntoTheTimeline) {
  RtpClock clock(0xFFFFFF00u, 1000);
  EXPECT_EQ(clock.position(0xFFFFFF00u + 160), 1160);
  EXPECT_EQ(clock.position(0x00000060u), 1000 + 0x160);  // wrapped
  EXPECT_EQ(clock.position(0xFFFFFFA0u), 1000 + 0xA0);   // reordered, back across the wrap
}

}  // namespace
}  // namespace switchyard::voice::media
