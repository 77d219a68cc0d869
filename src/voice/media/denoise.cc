#include "voice/media/denoise.h"

#include <speex/speex_preprocess.h>

#include <utility>

namespace switchyard::voice::media {
namespace {

// speex_preprocess_ctl takes a pointer to an int (spx_int32_t) for the
// switches and levels used here; it only fails for an unknown request.
void set_int(SpeexPreprocessState* state, int request, spx_int32_t value) {
  speex_preprocess_ctl(state, request, &value);
}

}  // namespace

Result<NoiseSuppressor> NoiseSuppressor::make(int frame_samples, int suppress_db) {
  if (frame_samples < kMinFrameSamples || frame_samples > kMaxFrameSamples) {
    return make_error(ErrorCode::kInvalidArgument,
                      "frame_samples must be 80..480 (10 to 60 ms at 8000 Hz)", "frame_samples");
  }
  if (suppress_db < kMinSuppressDb || suppress_db > kMaxSuppressDb) {
    return make_error(ErrorCode::kInvalidArgument, "suppress_db must be -60..-1 (dB)",
                      "suppress_db");
  }
  SpeexPreprocessState* state = speex_preprocess_state_init(frame_samples, kSampleRateHz);
  if (state == nullptr) {
    return make_error(ErrorCode::kInternal, "speex_preprocess_state_init failed");
  }
  // Denoise only. AGC and dereverberation are off by default in speexdsp
  // 1.2; they are set off here so that a library default changing cannot
  // turn them on. The VAD is off by default too, but is not set: any
  // SPEEX_PREPROCESS_SET_VAD (even 0) prints a warning to stderr in 1.2.1.
  set_int(state, SPEEX_PREPROCESS_SET_DENOISE, 1);
  set_int(state, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, suppress_db);
  set_int(state, SPEEX_PREPROCESS_SET_AGC, 0);
  set_int(state, SPEEX_PREPROCESS_SET_DEREVERB, 0);
  return NoiseSuppressor(state, frame_samples, suppress_db);
}

NoiseSuppressor::NoiseSuppressor(NoiseSuppressor&& other) noexcept
    : state_(std::exchange(other.state_, nullptr)),
      frame_samples_(other.frame_samples_),
      suppress_db_(other.suppress_db_),
      figures_(std::exchange(other.figures_, Figures{})) {}

NoiseSuppressor& NoiseSuppressor::operator=(NoiseSuppressor&& other) noexcept {
  if (this != &other) {
    if (state_ != nullptr) speex_preprocess_state_destroy(state_);
    state_ = std::exchange(other.state_, nullptr);
    frame_samples_ = other.frame_samples_;
    suppress_db_ = other.suppress_db_;
    figures_ = std::exchange(other.figures_, Figures{});
  }
  return *this;
}

NoiseSuppressor::~NoiseSuppressor() {
  if (state_ != nullptr) speex_preprocess_state_destroy(state_);
}

void NoiseSuppressor::process(std::span<int16_t> pcm) {
  if (state_ == nullptr) return;
  const size_t frame = static_cast<size_t>(frame_samples_);
  size_t done = 0;
  for (; pcm.size() - done >= frame; done += frame) {
    // speexdsp reads and writes exactly frame_size samples (the size given
    // to speex_preprocess_state_init).
    speex_preprocess_run(state_, pcm.data() + done);
    ++figures_.frames;
  }
  figures_.samples_unchanged += static_cast<int64_t>(pcm.size() - done);
}

}  // namespace switchyard::voice::media
