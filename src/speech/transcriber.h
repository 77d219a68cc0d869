#pragma once
// Speech to text for call recordings (docs/quality.md, "Transcription"): a
// wrapper of one pocketsphinx decoder (5prealpha, the US English model of
// Debian's pocketsphinx-en-us) that turns one channel of telephone audio
// (mono, 16-bit PCM at 8000 Hz) into a timeline of words.
//
// The channel is cut into utterances by an energy detector (10 ms frames,
// speech where the RMS reaches `speech_rms`, gaps shorter than 500 ms
// bridged, 300 ms of context on each side, at most 30 s each, cut at the
// quietest frame of its last 10 s); silence is not decoded at all. Each
// utterance is decoded alone; word times come from the decoder's segments
// (100 frames a second) plus the utterance's offset, so they are ms from the
// start of the channel. Fillers (<s>, </s>, <sil>, [NOISE], ...) are left
// out, alternate pronunciations ("read(2)") lose their suffix.
//
// English only: no Chinese model is installed (Chinese is spotted in text
// channels only). Accuracy on real telephone audio is far below that on
// the synthetic speech of bench/speech (bench/RESULTS.md).
//
// Threading: a Transcriber is one decoder: one thread at a time (one per
// worker thread); different Transcribers are independent.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace switchyard::speech {

inline constexpr int kInputRateHz = 8000;
inline constexpr const char* kDefaultModelDir = "/usr/share/pocketsphinx/model/en-us";

struct Word {
  std::string word;  // lower case, as in the dictionary
  int64_t start_ms = 0;
  int64_t end_ms = 0;  // exclusive
  bool operator==(const Word&) const = default;
};

struct TranscriberOptions {
  // Holds en-us/ (the acoustic model), en-us.lm.bin and cmudict-en-us.dict.
  std::string model_dir = kDefaultModelDir;
  // true: resample to 16 kHz (speexdsp) for the model's native rate; false:
  // decode at 8 kHz (-samprate 8000 -nfft 256). bench/speech measured
  // which is better (bench/RESULTS.md, "Speech analytics").
  bool resample_16k = true;
  // The RMS (int16 units) at and above which a 10 ms frame counts as speech.
  double speech_rms = 150;
};

// Called with the fraction done, 0..1 (of the channel's samples); returns
// false to stop the transcription (it then fails with kUnavailable).
using Progress = std::function<bool(double)>;

class Transcriber {
 public:
  // kInvalidArgument (field "model_dir") when the model's files are missing;
  // kInternal when pocketsphinx refuses them.
  static Result<Transcriber> open(const TranscriberOptions& options);

  Transcriber(Transcriber&&) noexcept;
  Transcriber& operator=(Transcriber&&) noexcept;
  Transcriber(const Transcriber&) = delete;
  Transcriber& operator=(const Transcriber&) = delete;
  ~Transcriber();

  // The words of `pcm` (mono, kInputRateHz), in time order. `progress` (may
  // be null) is called after each utterance. kInternal if the decoder fails,
  // kUnavailable when `progress` stopped it.
  Result<std::vector<Word>> transcribe(std::span<const int16_t> pcm, const Progress& progress = nullptr);

 private:
  struct Impl;
  explicit Transcriber(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A call recording (docs/voice.md, "Recording"): stereo 16-bit WAV at
// 8000 Hz, the customer on the left channel, the agent on the right.
struct RecordingAudio {
  std::vector<int16_t> customer;
  std::vector<int16_t> agent;
  int64_t duration_ms = 0;
};
// kNotFound (field "id") when the file cannot be opened; kInvalidArgument
// when it is not 2 channels at 8000 Hz. Any thread; file I/O.
Result<RecordingAudio> load_recording(const std::string& path);

// A speech region of a channel: [start, end) in samples.
struct Region {
  size_t start = 0;
  size_t end = 0;
  bool operator==(const Region&) const = default;
};
// The utterances transcribe() decodes (see above); exposed for its tests.
std::vector<Region> speech_regions(std::span<const int16_t> pcm, int rate_hz, double speech_rms);

}  // namespace switchyard::speech
