#include "voice/media/wav_recorder.h"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <vector>

namespace switchyard::voice::media {

struct WavRecorder::Impl {
  SNDFILE* file = nullptr;  // null once closed
  int64_t written = 0;      // frames in the file; buffers start at this position
  int64_t dropped = 0;
  std::array<std::vector<int16_t>, 2> pending;  // per side, from `written` on

  ~Impl() {
    if (file) sf_close(file);
  }

  // Writes `count` frames from the front of the buffers, silence where a
  // side's buffer is shorter.
  Result<void> write_frames(int64_t count) {
    constexpr int64_t kChunk = 1024;
    std::array<int16_t, 2 * kChunk> frames{};
    while (count > 0) {
      const int64_t n = std::min(count, kChunk);
      for (size_t s = 0; s < 2; ++s) {
        const auto& buf = pending[s];
        for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
          frames[2 * i + s] = i < buf.size() ? buf[i] : int16_t{0};
        }
      }
      if (sf_writef_short(file, frames.data(), n) != n) {
        return make_error(ErrorCode::kInternal,
                          std::string("recording write failed: ") + sf_strerror(file));
      }
      for (auto& buf : pending) {
        buf.erase(buf.begin(), buf.begin() + std::min<std::ptrdiff_t>(n, std::ssize(buf)));
      }
      written += n;
      count -= n;
    }
    return {};
  }
};

WavRecorder::WavRecorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WavRecorder::WavRecorder(WavRecorder&&) noexcept = default;
WavRecorder& WavRecorder::operator=(WavRecorder&&) noexcept = default;
WavRecorder::~WavRecorder() = default;

Result<WavRecorder> WavRecorder::open(const std::string& path) {
  SF_INFO info{};
  info.samplerate = kSampleRateHz;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  auto impl = std::make_unique<Impl>();
  impl->file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (!impl->file) {
    return make_error(ErrorCode::kInternal,
                      "cannot create recording " + path + ": " + sf_strerror(nullptr));
  }
  return WavRecorder(std::move(impl));
}

Result<void> WavRecorder::push(Side side, int64_t position, std::span<const int16_t> pcm) {
  Impl& r = *impl_;
  if (!r.file) return make_error(ErrorCode::kIllegalState, "recording is closed");
  if (position < 0) return make_error(ErrorCode::kInvalidArgument, "negative position", "position");
  while (std::ssize(pcm) > kMaxLagSamples) {  // longer than the lag window: in pieces
    const auto piece = static_cast<size_t>(kMaxLagSamples);
    auto p = push(side, position, pcm.first(piece));
    if (!p) return p;
    pcm = pcm.subspan(piece);
    position += kMaxLagSamples;
  }
  if (position < r.written) {  // late: drop what is already in the file
    const int64_t late = std::min<int64_t>(r.written - position, std::ssize(pcm));
    r.dropped += late;
    pcm = pcm.subspan(static_cast<size_t>(late));
    position = r.written;
    if (pcm.empty()) return {};
  }
  if (position - r.written > kMaxJumpSamples) {
    return make_error(ErrorCode::kInvalidArgument, "position jumps more than 10 min ahead",
                      "position");
  }
  const int64_t end = position + std::ssize(pcm);
  // The other side lags too far: write up to it. pcm is at most kMaxLagSamples
  // long, so this stops at or before `position`.
  if (end - r.written > kMaxLagSamples) {
    auto w = r.write_frames(end - kMaxLagSamples - r.written);
    if (!w) return w;
  }
  auto& buf = r.pending[static_cast<size_t>(side)];
  const auto offset = static_cast<size_t>(position - r.written);
  if (buf.size() < offset + pcm.size()) buf.resize(offset + pcm.size(), 0);
  std::ranges::copy(pcm, buf.begin() + static_cast<std::ptrdiff_t>(offset));
  const auto both = static_cast<int64_t>(std::min(r.pending[0].size(), r.pending[1].size()));
  const int64_t ready = both - kReorderSamples;
  // in chunks: a write per packet was one system call per 20 ms per call on
  // the relay's thread (bench/RESULTS.md, issue 10)
  if (ready < kWriteChunkSamples) return {};
  return r.write_frames(ready);
}

Result<int64_t> WavRecorder::close() {
  Impl& r = *impl_;
  if (!r.file) return make_error(ErrorCode::kIllegalState, "recording is closed");
  auto w = r.write_frames(static_cast<int64_t>(std::max(r.pending[0].size(), r.pending[1].size())));
  const int rc = sf_close(r.file);
  r.file = nullptr;
  if (!w) return std::unexpected(w.error());
  if (rc != 0) return make_error(ErrorCode::kInternal, "closing the recording failed");
  return r.written * 1000 / kSampleRateHz;
}

int64_t WavRecorder::frames_written() const { return impl_->written; }
int64_t WavRecorder::samples_dropped() const { return impl_->dropped; }

int64_t RtpClock::position(uint32_t timestamp) {
  const auto step = static_cast<int32_t>(timestamp - last_timestamp_);
  last_timestamp_ = timestamp;
  last_position_ += step;
  return last_position_;
}

}  // namespace switchyard::voice::media
