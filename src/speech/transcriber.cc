#include "speech/transcriber.h"

#include <pocketsphinx.h>
#include <sndfile.h>
#include <speex/speex_resampler.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace switchyard::speech {

namespace {

constexpr int kFramesPerSecond = 100;  // pocketsphinx's default -frate
constexpr int64_t kBridgeMs = 500;     // gaps shorter than this stay in one utterance
constexpr int64_t kPadMs = 300;        // context kept on each side of speech
constexpr int64_t kMaxUtteranceMs = 30'000;
constexpr int64_t kCutWindowMs = 10'000;  // a long utterance is cut in its last 10 s

struct CmdLnDeleter {
  void operator()(cmd_ln_t* c) const { cmd_ln_free_r(c); }
};
struct DecoderDeleter {
  void operator()(ps_decoder_t* d) const { ps_free(d); }
};
struct ResamplerDeleter {
  void operator()(SpeexResamplerState* s) const { speex_resampler_destroy(s); }
};

double frame_rms(std::span<const int16_t> pcm, size_t from, size_t n) {
  double sum = 0;
  for (size_t i = from; i < from + n && i < pcm.size(); ++i) sum += double(pcm[i]) * pcm[i];
  return n ? std::sqrt(sum / double(n)) : 0.0;
}

// "read(2)" -> "read"; fillers -> "".
std::string clean_word(std::string_view w) {
  if (w.empty() || w.front() == '<' || w.front() == '[' || w.starts_with("++")) return {};
  if (auto p = w.find('('); p != std::string_view::npos && w.ends_with(")")) w = w.substr(0, p);
  return std::string(w);
}

}  // namespace

std::vector<Region> speech_regions(std::span<const int16_t> pcm, int rate_hz, double speech_rms) {
  const size_t frame = static_cast<size_t>(rate_hz / kFramesPerSecond);
  const size_t frames = pcm.size() / frame + (pcm.size() % frame ? 1 : 0);
  std::vector<double> rms(frames);
  for (size_t f = 0; f < frames; ++f) rms[f] = frame_rms(pcm, f * frame, frame);
  auto ms_frames = [](int64_t ms) { return static_cast<size_t>(ms * kFramesPerSecond / 1000); };
  // runs of speech frames, bridged over short gaps
  std::vector<Region> runs;  // in frames
  for (size_t f = 0; f < frames; ++f) {
    if (rms[f] < speech_rms) continue;
    if (!runs.empty() && f - runs.back().end < ms_frames(kBridgeMs)) runs.back().end = f + 1;
    else runs.push_back({f, f + 1});
  }
  std::vector<Region> out;
  const size_t pad = ms_frames(kPadMs), max_len = ms_frames(kMaxUtteranceMs), window = ms_frames(kCutWindowMs);
  for (Region r : runs) {
    size_t start = r.start > pad ? r.start - pad : 0;
    const size_t end = std::min(frames, r.end + pad);
    if (!out.empty() && start < out.back().end) start = out.back().end;  // padding never overlaps
    while (end - start > max_len) {
      // cut at the quietest frame of the last window before the limit
      size_t cut = start + max_len;
      for (size_t f = start + max_len - window; f < start + max_len; ++f)
        if (rms[f] < rms[cut - 1]) cut = f + 1;
      out.push_back({start, cut});
      start = cut;
    }
    if (end > start) out.push_back({start, end});
  }
  for (Region& r : out) {
    r.start *= frame;
    r.end = std::min(pcm.size(), r.end * frame);
  }
  return out;
}

struct Transcriber::Impl {
  TranscriberOptions options;
  std::unique_ptr<cmd_ln_t, CmdLnDeleter> config;
  std::unique_ptr<ps_decoder_t, DecoderDeleter> decoder;
  std::unique_ptr<SpeexResamplerState, ResamplerDeleter> resampler;  // 8 -> 16 kHz when resample_16k
};

Transcriber::Transcriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transcriber::Transcriber(Transcriber&&) noexcept = default;
Transcriber& Transcriber::operator=(Transcriber&&) noexcept = default;
Transcriber::~Transcriber() = default;

Result<Transcriber> Transcriber::open(const TranscriberOptions& options) {
  namespace fs = std::filesystem;
  const fs::path dir(options.model_dir);
  const fs::path hmm = dir / "en-us", lm = dir / "en-us.lm.bin", dict = dir / "cmudict-en-us.dict";
  for (const fs::path& p : {hmm, lm, dict}) {
    std::error_code ec;
    if (!fs::exists(p, ec))
      return make_error(ErrorCode::kInvalidArgument, "speech model file missing: " + p.string() +
                        " (Debian pocketsphinx-en-us)", "model_dir");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::string hmm_s = hmm.string(), lm_s = lm.string(), dict_s = dict.string();
  const bool r16 = options.resample_16k;
  impl->config.reset(cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm_s.c_str(), "-lm", lm_s.c_str(), "-dict",
                                 dict_s.c_str(), "-samprate", r16 ? "16000" : "8000", "-nfft", r16 ? "512" : "256",
                                 // frame numbers must be time: the energy detector above cuts silence
                                 "-remove_silence", "no",
                                 // the model's feat.params, but for the upper filter edge (under
                                 // 4 kHz at 8 kHz); /dev/null keeps pocketsphinx from reading it
                                 "-featparams", "/dev/null", "-lowerf", "130", "-upperf", r16 ? "6800" : "3500",
                                 "-nfilt", "25", "-transform", "dct", "-lifter", "22", "-feat", "1s_c_d_dd",
                                 "-svspec", "0-12/13-25/26-38", "-agc", "none", "-cmn", "batch", "-varnorm", "no",
                                 "-cmninit", "41.00,-5.29,-0.12,5.09,2.48,-4.07,-1.37,-1.78,-5.08,-2.05,-6.45,-1.42,1.17",
                                 "-logfn", "/dev/null", nullptr));
  if (!impl->config) return make_error(ErrorCode::kInternal, "pocketsphinx refused its configuration", "model_dir");
  impl->decoder.reset(ps_init(impl->config.get()));
  if (!impl->decoder) return make_error(ErrorCode::kInternal, "pocketsphinx could not load " + options.model_dir, "model_dir");
  if (r16) {
    int err = 0;
    impl->resampler.reset(speex_resampler_init(1, kInputRateHz, 16000, SPEEX_RESAMPLER_QUALITY_DEFAULT, &err));
    if (!impl->resampler) return make_error(ErrorCode::kInternal, "speexdsp resampler: " + std::to_string(err));
  }
  return Transcriber(std::move(impl));
}

Result<std::vector<Word>> Transcriber::transcribe(std::span<const int16_t> pcm, const Progress& progress) {
  Impl& m = *impl_;
  ps_decoder_t* ps = m.decoder.get();
  std::vector<Word> out;
  std::vector<int16_t> up;  // the utterance at 16 kHz
  for (const Region& r : speech_regions(pcm, kInputRateHz, m.options.speech_rms)) {
    std::span<const int16_t> utt = pcm.subspan(r.start, r.end - r.start);
    if (m.resampler) {
      speex_resampler_reset_mem(m.resampler.get());
      speex_resampler_skip_zeros(m.resampler.get());
      up.assign(utt.size() * 2 + 64, 0);
      spx_uint32_t in_len = static_cast<spx_uint32_t>(utt.size()), out_len = static_cast<spx_uint32_t>(up.size());
      speex_resampler_process_int(m.resampler.get(), 0, utt.data(), &in_len, up.data(), &out_len);
      up.resize(out_len);
      utt = up;
    }
    if (ps_start_utt(ps) < 0) return make_error(ErrorCode::kInternal, "pocketsphinx: cannot start an utterance");
    if (ps_process_raw(ps, utt.data(), utt.size(), FALSE, TRUE) < 0) {
      ps_end_utt(ps);
      return make_error(ErrorCode::kInternal, "pocketsphinx: decoding failed");
    }
    if (ps_end_utt(ps) < 0) return make_error(ErrorCode::kInternal, "pocketsphinx: cannot end an utterance");
    const int64_t offset_ms = static_cast<int64_t>(r.start) * 1000 / kInputRateHz;
    for (ps_seg_t* seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
      std::string w = clean_word(ps_seg_word(seg));
      if (w.empty()) continue;
      int sf = 0, ef = 0;
      ps_seg_frames(seg, &sf, &ef);
      out.push_back(Word{std::move(w), offset_ms + int64_t{sf} * 1000 / kFramesPerSecond,
                         offset_ms + int64_t{ef + 1} * 1000 / kFramesPerSecond});
    }
    if (progress && !progress(pcm.empty() ? 1.0 : double(r.end) / double(pcm.size())))
      return make_error(ErrorCode::kUnavailable, "transcription stopped");
  }
  if (progress && !progress(1.0)) return make_error(ErrorCode::kUnavailable, "transcription stopped");
  return out;
}

Result<RecordingAudio> load_recording(const std::string& path) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (!f) return make_error(ErrorCode::kNotFound, "cannot open " + path + ": " + sf_strerror(nullptr), "id");
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> closer(f, &sf_close);
  if (info.channels != 2 || info.samplerate != kInputRateHz)
    return make_error(ErrorCode::kInvalidArgument, path + " is not a stereo 8000 Hz recording", "id");
  std::vector<int16_t> frames(static_cast<size_t>(info.frames) * 2);
  const sf_count_t n = sf_readf_short(f, frames.data(), info.frames);
  RecordingAudio out;
  out.customer.reserve(static_cast<size_t>(n));
  out.agent.reserve(static_cast<size_t>(n));
  for (sf_count_t i = 0; i < n; ++i) {
    out.customer.push_back(frames[2 * static_cast<size_t>(i)]);
    out.agent.push_back(frames[2 * static_cast<size_t>(i) + 1]);
  }
  out.duration_ms = n * 1000 / kInputRateHz;
  return out;
}

}  // namespace switchyard::speech
