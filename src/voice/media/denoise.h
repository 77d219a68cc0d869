#pragma once
// Noise suppression for one direction of a call (the agent's leg): speexdsp's
// preprocessor (libspeexdsp, speex_preprocess.h) with denoising only, on
// 8000 Hz mono 16-bit linear PCM (what g711.h decodes to).
//
// The preprocessor estimates the noise spectrum from the audio itself and
// lowers each frequency band by up to |suppress_db| where it judges the band
// to be noise. It works on stationary noise (hiss, fans, hum); it cannot
// remove babble or music, a steady tone held for a second or more is taken
// for noise too, and at low SNR it also takes some speech away. Measured
// (bench/RESULTS.md, "Issue 10: noise suppression on the agent leg"), 20 ms
// frames, -25 dB: noise alone lowered by ~21 dB (white, hum) and ~16 dB
// (pink) once converged; speech at 0..10 dB SNR gains 4..8 dB of SNR, at
// 20 dB SNR 1.5..2 dB. Automatic gain control, VAD-driven muting and
// dereverberation stay off: this only denoises.
//
// Convergence is counted in frames: about 100 (1 s of 10 ms frames, 2 s of
// 20 ms frames, 6 s of 60 ms frames) before the noise is fully lowered. A
// suppressor of 80 or 160 samples can take packets of any multiple of its
// frame (see process()), so it need not follow the ptime.
//
// Delay: the output lags the input by exactly one frame (frame_samples; the
// preprocessor overlaps each frame with the one before it), so a call's audio
// through it is frame_samples / 8 ms later. The first frame out of a new
// suppressor is (nearly) silence.
//
// State: one NoiseSuppressor per stream (the relay makes one per leg), fed
// that stream's frames in order. Deterministic: the same frames in give the
// same frames out. Not thread-safe: one thread at a time. Memory: speexdsp's
// state, measured 13 KB at 80 samples, 25 KB at 160, 69 KB at 480.
#include <cstdint>
#include <span>

#include "core/result.h"

struct SpeexPreprocessState_;

namespace switchyard::voice::media {

class NoiseSuppressor {
 public:
  static constexpr int kSampleRateHz = 8000;
  static constexpr int kMinFrameSamples = 80;   // 10 ms
  static constexpr int kMaxFrameSamples = 480;  // 60 ms
  static constexpr int kMinSuppressDb = -60;
  static constexpr int kMaxSuppressDb = -1;

  // Counts since make(); for metrics and tests.
  struct Figures {
    int64_t frames = 0;             // whole frames denoised
    int64_t samples_unchanged = 0;  // samples passed through as they came (see process())
  };

  // frame_samples: samples per frame, kMinFrameSamples..kMaxFrameSamples
  // (160 = the usual 20 ms packet of G.711). suppress_db: the most a band is
  // lowered, in dB, kMinSuppressDb..kMaxSuppressDb (speexdsp's default is
  // -15; measured, -25 and -40 lower noise alone more than -15 does and
  // change speech in noise by a few tenths of a dB at most). Errors:
  // kInvalidArgument with field "frame_samples" or "suppress_db"; kInternal if
  // speexdsp cannot make its state.
  static Result<NoiseSuppressor> make(int frame_samples = 160, int suppress_db = -25);

  NoiseSuppressor(NoiseSuppressor&& other) noexcept;
  NoiseSuppressor& operator=(NoiseSuppressor&& other) noexcept;
  NoiseSuppressor(const NoiseSuppressor&) = delete;
  NoiseSuppressor& operator=(const NoiseSuppressor&) = delete;
  ~NoiseSuppressor();

  // Denoises `pcm` in place, one whole frame of frame_samples at a time from
  // its start, in order (a packet of 2 or 3 frames is fine). Samples after
  // the last whole frame (a packet whose length is not a multiple of
  // frame_samples, or shorter than one frame) are left exactly as they came
  // and never reach the preprocessor; they are counted in
  // figures().samples_unchanged. Such a packet is therefore heard partly
  // noisy, never cut or garbled, and the suppressor's state stays that of an
  // unbroken stream of whole frames (the one-frame delay above holds for the
  // denoised part only). Reads and writes only inside `pcm`. A moved-from
  // suppressor leaves every sample unchanged (and counts nothing).
  void process(std::span<int16_t> pcm);

  int frame_samples() const { return frame_samples_; }
  int suppress_db() const { return suppress_db_; }
  const Figures& figures() const { return figures_; }

 private:
  NoiseSuppressor(SpeexPreprocessState_* state, int frame_samples, int suppress_db)
      : state_(state), frame_samples_(frame_samples), suppress_db_(suppress_db) {}

  SpeexPreprocessState_* state_ = nullptr;
  int frame_samples_ = 0;
  int suppress_db_ = 0;
  Figures figures_;
};

}  // namespace switchyard::voice::media
