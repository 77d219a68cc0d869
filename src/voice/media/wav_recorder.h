#pragma once
// Call recording: a stereo WAV file (8000 Hz, 16-bit PCM, libsndfile),
// channel 0 = the caller, channel 1 = the agent.
//
// Each side pushes its decoded audio with its position on the recording's
// timeline, in samples at 8000 Hz from the start of the recording (an
// RtpClock turns a stream's RTP timestamps into positions). Positions that
// nobody pushed are silence, so a lost packet, a muted side or a side that
// starts later keeps both channels aligned. The recorder keeps each side's
// not-yet-written samples in memory and writes frames once both sides have
// pushed audio more than kReorderSamples past them (so a packet that arrives
// out of order within that window still lands in its place), at least
// kWriteChunkSamples at a time (one system call per 500 ms), or once the
// other side is more than kMaxLagSamples behind (then the lagging side's
// missing samples are written as silence, and its samples that arrive later
// for that stretch are dropped and counted).
//
// Not thread-safe: one thread at a time (the media thread of the call).
// Memory: at most about 2 * kMaxLagSamples samples per recorder (about
// 2 * (kReorderSamples + kWriteChunkSamples) while both sides talk).
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/result.h"

namespace switchyard::voice::media {

class WavRecorder {
 public:
  enum class Side : uint8_t { kCaller = 0, kAgent = 1 };
  static constexpr int kSampleRateHz = 8000;
  static constexpr int64_t kReorderSamples = kSampleRateHz / 10;   // 100 ms
  static constexpr int64_t kMaxLagSamples = 2 * kSampleRateHz;     // 2 s
  static constexpr int64_t kMaxJumpSamples = 600 * kSampleRateHz;  // 10 min of silence at most
  static constexpr int64_t kWriteChunkSamples = kSampleRateHz / 2;  // 500 ms: written in pieces at least this long

  // Creates (or truncates) the file. kInternal if libsndfile cannot open it.
  static Result<WavRecorder> open(const std::string& path);

  WavRecorder(WavRecorder&&) noexcept;
  WavRecorder& operator=(WavRecorder&&) noexcept;
  WavRecorder(const WavRecorder&) = delete;
  WavRecorder& operator=(const WavRecorder&) = delete;
  ~WavRecorder();  // closes the file if close() was not called

  // Places `pcm` on `side` from `position` (samples at 8000 Hz, >= 0).
  // Samples before what is already written are dropped (and counted); a
  // second push over the same not-yet-written stretch replaces it. Errors:
  // kIllegalState after close(), kInvalidArgument for a negative position or
  // one more than kMaxJumpSamples past the written end, kInternal if a write
  // fails.
  Result<void> push(Side side, int64_t position, std::span<const int16_t> pcm);

  // Writes what is buffered (the shorter side padded with silence), closes
  // the file and returns its duration in ms (frames * 1000 / 8000, rounded
  // down). kIllegalState if already closed.
  Result<int64_t> close();

  int64_t frames_written() const;   // stereo frames in the file so far
  int64_t samples_dropped() const;  // pushed samples that came too late

 private:
  struct Impl;
  explicit WavRecorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Maps one RTP stream's 32-bit timestamps (8000 Hz) onto a recording's
// timeline: the first packet's timestamp is anchored at the position where
// it was heard; later timestamps are unwrapped (a step of up to 2^31 back or
// forward from the last one seen), so wrap-around and reordering work.
class RtpClock {
 public:
  RtpClock(uint32_t first_timestamp, int64_t first_position)
      : last_timestamp_(first_timestamp), last_position_(first_position) {}
  int64_t position(uint32_t timestamp);

 private:
  uint32_t last_timestamp_;
  int64_t last_position_;
};

}  // namespace switchyard::voice::media
