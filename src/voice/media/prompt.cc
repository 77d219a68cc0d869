#include "voice/media/prompt.h"

#include <espeak-ng/speak_lib.h>
#include <openssl/evp.h>
#include <sndfile.h>
#include <speex/speex_resampler.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>

#include "voice/digest.h"

namespace switchyard::voice::media {
namespace {

namespace fs = std::filesystem;

// ---- levels and samples ----------------------------------------------------

constexpr double kFullScale = 32768.0;

double dbfs_to_linear(double dbfs) { return kFullScale * std::pow(10.0, dbfs / 20.0); }

// Rounds and clips to int16; NaN (a broken float file) becomes silence.
int16_t to_int16(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 32767.0) return 32767;
  if (v <= -32768.0) return -32768;
  return static_cast<int16_t>(std::lrint(v));
}

double rms_of(std::span<const float> x) {
  if (x.empty()) return 0;
  double sum = 0;
  for (float v : x) sum += static_cast<double>(v) * v;
  return std::sqrt(sum / static_cast<double>(x.size()));
}

// ---- resampling (libspeexdsp) ----------------------------------------------

// Streams samples at `in_rate` Hz into samples at 8000 Hz. The filter's delay
// is removed (skip_zeros at the start, zeros pushed through at the end), so
// output sample k is input time k / 8000 s and the output has
// round(inputs * 8000 / in_rate) samples.
class Resampler {
 public:
  static Result<Resampler> make(int in_rate) {
    Resampler r;
    r.in_rate_ = in_rate;
    if (in_rate == kPromptRateHz) return r;  // nothing to do
    int err = 0;
    // Quality 5 of 0..10 ("desktop"): inaudible aliasing at telephone band.
    r.state_.reset(speex_resampler_init(1, static_cast<spx_uint32_t>(in_rate), kPromptRateHz, 5, &err));
    if (!r.state_) {
      return make_error(ErrorCode::kInternal,
                        std::string("resampler: ") + speex_resampler_strerror(err));
    }
    speex_resampler_skip_zeros(r.state_.get());
    return r;
  }

  Result<void> push(std::span<const float> in, std::vector<float>& out) {
    inputs_ += static_cast<int64_t>(in.size());
    if (!state_) {
      out.insert(out.end(), in.begin(), in.end());
      return {};
    }
    std::array<float, 4096> chunk;
    while (!in.empty()) {
      auto in_len = static_cast<spx_uint32_t>(std::min<size_t>(in.size(), 1 << 20));
      auto out_len = static_cast<spx_uint32_t>(chunk.size());
      const int err = speex_resampler_process_float(state_.get(), 0, in.data(), &in_len,
                                                    chunk.data(), &out_len);
      if (err != RESAMPLER_ERR_SUCCESS) {
        return make_error(ErrorCode::kInternal,
                          std::string("resampler: ") + speex_resampler_strerror(err));
      }
      out.insert(out.end(), chunk.begin(), chunk.begin() + out_len);
      in = in.subspan(in_len);
      if (in_len == 0 && out_len == 0) break;  // cannot happen; never spin
    }
    return {};
  }

  // Flushes the filter; `out` must hold all of this resampler's output.
  Result<void> finish(std::vector<float>& out) {
    if (state_) {
      const std::vector<float> zeros(
          static_cast<size_t>(speex_resampler_get_input_latency(state_.get())) + 1, 0.0f);
      const int64_t inputs = inputs_;
      auto p = push(zeros, out);
      if (!p) return p;
      inputs_ = inputs;
    }
    const auto want = static_cast<size_t>(
        (inputs_ * kPromptRateHz + in_rate_ / 2) / in_rate_);
    out.resize(want, 0.0f);
    return {};
  }

 private:
  struct Free {
    void operator()(SpeexResamplerState* s) const { speex_resampler_destroy(s); }
  };
  std::unique_ptr<SpeexResamplerState, Free> state_;
  int64_t in_rate_ = kPromptRateHz;
  int64_t inputs_ = 0;
};

// ---- text ------------------------------------------------------------------

// Well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF) without NUL, which would end espeak-ng's C string early.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Result<void> check_text(std::string_view text) {
  if (text.empty()) return make_error(ErrorCode::kInvalidArgument, "text is empty", "text");
  if (text.size() > kMaxPromptTextBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "text is longer than " + std::to_string(kMaxPromptTextBytes) + " bytes",
                      "text");
  }
  if (!valid_utf8(text)) {
    return make_error(ErrorCode::kInvalidArgument, "text is not valid UTF-8", "text");
  }
  return {};
}

// ---- espeak-ng -------------------------------------------------------------

// The voices and their speaking rates (espeakRATE, nominally words per
// minute). English at 160: a calm prompt pace. Mandarin at 175 (espeak-ng's
// default): at 160 it says about 3.5 syllables a second, slower than a
// natural prompt. For Mandarin, "cmn-latn-pinyin" and not "cmn": in Debian's
// espeak-ng 1.51 the "cmn" voice reads most characters' pinyin as English
// words ("nin two" for 您), while cmn-latn-pinyin reads them as Mandarin.
struct Voice {
  const char* name;
  int wpm;
};
constexpr Voice kEnVoice{"en-us", 160};
constexpr Voice kZhVoice{"cmn-latn-pinyin", 175};
// Part of the cache key: change it when anything above or the level changes.
constexpr std::string_view kSynthesisVersion = "prompt-1 en-us/160 cmn-latn-pinyin/175 rms-20/peak-1";

const Voice& voice_of(Lang lang) { return lang == Lang::kEn ? kEnVoice : kZhVoice; }

// The one engine. Everything about espeak-ng happens with `mutex` held.
std::mutex g_espeak_mutex;
int g_espeak_rate = 0;                       // Hz once initialised, else 0
std::vector<int16_t>* g_espeak_sink = nullptr;  // where the callback appends

int collect_samples(short* wav, int count, espeak_EVENT* /*events*/) {
  // Runs inside espeak_Synth, on the caller's thread, with the mutex held.
  if (wav != nullptr && count > 0 && g_espeak_sink != nullptr) {
    g_espeak_sink->insert(g_espeak_sink->end(), wav, wav + count);
  }
  return 0;  // continue
}

// Initialises espeak-ng on first use (again after a failure); mutex held.
Result<int> espeak_rate_locked() {
  if (g_espeak_rate > 0) return g_espeak_rate;
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr,
                                     espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) {
    return make_error(ErrorCode::kInternal, "espeak-ng failed to initialise (data files missing?)");
  }
  espeak_SetSynthCallback(collect_samples);
  g_espeak_rate = rate;
  return rate;
}

std::string espeak_version() {
  std::lock_guard lock(g_espeak_mutex);
  const char* v = espeak_Info(nullptr);
  return v ? v : "unknown";
}

// Raw espeak-ng output and its rate.
Result<std::pair<std::vector<int16_t>, int>> speak(Lang lang, std::string_view text) {
  const std::string z(text);  // espeak-ng wants a NUL-terminated string
  const Voice& voice = voice_of(lang);
  std::vector<int16_t> raw;
  std::lock_guard lock(g_espeak_mutex);
  auto rate = espeak_rate_locked();
  if (!rate) return std::unexpected(rate.error());
  if (espeak_SetVoiceByName(voice.name) != EE_OK) {
    return make_error(ErrorCode::kInternal, std::string("espeak-ng has no voice ") + voice.name);
  }
  espeak_SetParameter(espeakRATE, voice.wpm, 0);
  espeak_SetParameter(espeakVOLUME, 100, 0);
  espeak_SetParameter(espeakPITCH, 50, 0);
  espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
  g_espeak_sink = &raw;
  const espeak_ERROR err = espeak_Synth(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0,
                                        espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, nullptr);
  g_espeak_sink = nullptr;
  if (err != EE_OK) {
    return make_error(ErrorCode::kInternal, "espeak-ng synthesis failed (" +
                                                std::to_string(static_cast<int>(err)) + ")");
  }
  return std::pair{std::move(raw), *rate};
}

// ---- files (libsndfile) ----------------------------------------------------

struct SfClose {
  void operator()(SNDFILE* f) const { sf_close(f); }
};
using SfFile = std::unique_ptr<SNDFILE, SfClose>;

// Writes the mono 8 kHz WAV to `tmp` and renames it to `path`; `sync`
// flushes the data to disk first.
Result<void> write_wav(const std::string& path, const std::string& tmp,
                       std::span<const int16_t> pcm, bool sync) {
  SF_INFO info{};
  info.samplerate = kPromptRateHz;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* raw = sf_open(tmp.c_str(), SFM_WRITE, &info);
  if (!raw) {
    return make_error(ErrorCode::kInternal,
                      "cannot create " + tmp + ": " + sf_strerror(nullptr));
  }
  SfFile f(raw);
  std::error_code ec;
  const auto n = static_cast<sf_count_t>(pcm.size());
  if (sf_write_short(f.get(), pcm.data(), n) != n) {
    std::string msg = "writing " + tmp + " failed: " + sf_strerror(f.get());
    f.reset();
    fs::remove(tmp, ec);
    return make_error(ErrorCode::kInternal, std::move(msg));
  }
  if (sync) sf_write_sync(f.get());
  if (sf_close(f.release()) != 0) {
    fs::remove(tmp, ec);
    return make_error(ErrorCode::kInternal, "closing " + tmp + " failed");
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return make_error(ErrorCode::kInternal, "renaming " + tmp + " failed: " + ec.message());
  }
  return {};
}

Result<std::string> sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    return make_error(ErrorCode::kInternal, "SHA-256 failed");
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md.data()), len));
}

}  // namespace

// ---- languages and synthesis -----------------------------------------------

Result<Lang> parse_lang(std::string_view lang) {
  if (lang == "en") return Lang::kEn;
  if (lang == "zh") return Lang::kZh;
  return make_error(ErrorCode::kInvalidArgument,
                    "unknown language \"" + std::string(lang.substr(0, 32)) + "\" (en, zh)",
                    "lang");
}

std::string_view to_string(Lang lang) { return lang == Lang::kEn ? "en" : "zh"; }

Result<std::vector<int16_t>> synthesize(std::string_view lang, std::string_view text) {
  auto l = parse_lang(lang);
  if (!l) return std::unexpected(l.error());
  if (auto t = check_text(text); !t) return std::unexpected(t.error());

  auto spoken = speak(*l, text);  // the only part under the engine's lock
  if (!spoken) return std::unexpected(spoken.error());
  const auto& [raw, rate] = *spoken;

  auto resampler = Resampler::make(rate);
  if (!resampler) return std::unexpected(resampler.error());
  const std::vector<float> in(raw.begin(), raw.end());
  std::vector<float> out;
  out.reserve(in.size() * kPromptRateHz / static_cast<size_t>(rate) + 16);
  if (auto p = resampler->push(in, out); !p) return std::unexpected(p.error());
  if (auto p = resampler->finish(out); !p) return std::unexpected(p.error());

  // Level: RMS to kPromptRmsDbfs, then down if the peak would pass
  // kPromptPeakDbfs.
  const double rms = rms_of(out);
  float peak = 0;
  for (float v : out) peak = std::max(peak, std::abs(v));
  if (rms < 1.0 || peak < 1.0f) {
    return make_error(ErrorCode::kInvalidArgument, "text gives no sound", "text");
  }
  const double gain = std::min(dbfs_to_linear(kPromptRmsDbfs) / rms,
                               dbfs_to_linear(kPromptPeakDbfs) / peak);
  std::vector<int16_t> pcm(out.size());
  for (size_t i = 0; i < out.size(); ++i) pcm[i] = to_int16(out[i] * gain);
  return pcm;
}

// ---- files -----------------------------------------------------------------

Result<std::vector<int16_t>> load_audio(const std::string& path) {
  auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "audio " + path + ": " + why, "audio");
  };
  SF_INFO info{};
  SfFile f(sf_open(path.c_str(), SFM_READ, &info));
  if (!f) return bad(sf_strerror(nullptr));
  if (info.channels <= 0 || info.samplerate <= 0) return bad("no channels or no sample rate");
  const int64_t max_frames = kMaxAudioSeconds * info.samplerate;
  if (info.frames > max_frames) {
    return bad("longer than " + std::to_string(kMaxAudioSeconds / 60) + " minutes");
  }

  // Already what we want (our own cache files): read the samples as they are.
  if (info.channels == 1 && info.samplerate == kPromptRateHz &&
      (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16) {
    std::vector<int16_t> pcm(static_cast<size_t>(std::max<sf_count_t>(info.frames, 0)));
    const sf_count_t got = sf_readf_short(f.get(), pcm.data(), info.frames);
    if (got != info.frames) return bad(std::string("read failed: ") + sf_strerror(f.get()));
    if (pcm.empty()) return bad("no audio in the file");
    return pcm;
  }

  auto resampler = Resampler::make(info.samplerate);
  if (!resampler) return std::unexpected(resampler.error());
  const auto channels = static_cast<size_t>(info.channels);
  constexpr size_t kFrames = 4096;
  std::vector<float> frames(kFrames * channels);
  std::vector<float> mono(kFrames);
  std::vector<float> out;
  int64_t total = 0;
  for (;;) {
    const sf_count_t got = sf_readf_float(f.get(), frames.data(), kFrames);
    if (got < 0) return bad(std::string("read failed: ") + sf_strerror(f.get()));
    if (got == 0) break;
    total += got;
    if (total > max_frames) {  // frames count unknown or wrong in the header
      return bad("longer than " + std::to_string(kMaxAudioSeconds / 60) + " minutes");
    }
    for (size_t i = 0; i < static_cast<size_t>(got); ++i) {
      double sum = 0;
      for (size_t c = 0; c < channels; ++c) sum += frames[i * channels + c];
      mono[i] = static_cast<float>(sum / static_cast<double>(channels) * kFullScale);
    }
    auto p = resampler->push(std::span<const float>(mono).first(static_cast<size_t>(got)), out);
    if (!p) return std::unexpected(p.error());
  }
  if (sf_error(f.get()) != SF_ERR_NO_ERROR) {
    return bad(std::string("read failed: ") + sf_strerror(f.get()));
  }
  if (total == 0) return bad("no audio in the file");
  if (auto p = resampler->finish(out); !p) return std::unexpected(p.error());
  std::vector<int16_t> pcm(out.size());
  for (size_t i = 0; i < out.size(); ++i) pcm[i] = to_int16(out[i]);
  return pcm;
}

Result<void> save_audio(const std::string& path, std::span<const int16_t> pcm) {
  return write_wav(path, path + ".tmp", pcm, /*sync=*/true);
}

// ---- PromptCache -----------------------------------------------------------

PromptCache::PromptCache(std::string dir, size_t memory_bytes)
    : dir_(std::move(dir)),
      memory_bytes_(memory_bytes),
      version_(std::string(kSynthesisVersion) + " espeak-ng/" + espeak_version()) {}

std::string PromptCache::key_for(std::string_view lang, std::string_view text) const {
  std::string material;
  material.reserve(lang.size() + text.size() + version_.size() + 2);
  material.append(lang).append("\n").append(text).append("\n").append(version_);
  auto h = sha256_hex(material);
  return h ? *h : std::string();
}

std::string PromptCache::path_for(std::string_view lang, std::string_view text) const {
  if (dir_.empty()) return {};
  const std::string key = key_for(lang, text);
  if (key.empty()) return {};
  return (fs::path(dir_) / (key + ".wav")).string();
}

void PromptCache::remember(const std::string& key, const Audio& audio) {
  const size_t bytes = audio->size() * sizeof(int16_t);
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {  // raced: the same prompt again
    used_bytes_ -= it->second->audio->size() * sizeof(int16_t);
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (bytes > memory_bytes_) return;
  lru_.push_front(Entry{key, audio});
  index_[key] = lru_.begin();
  used_bytes_ += bytes;
  while (used_bytes_ > memory_bytes_) {
    const Entry& last = lru_.back();
    used_bytes_ -= last.audio->size() * sizeof(int16_t);
    index_.erase(last.key);
    lru_.pop_back();
  }
}

Result<std::shared_ptr<const std::vector<int16_t>>> PromptCache::get(std::string_view lang,
                                                                      std::string_view text) {
  auto l = parse_lang(lang);
  if (!l) return std::unexpected(l.error());
  if (auto t = check_text(text); !t) return std::unexpected(t.error());
  const std::string key = key_for(lang, text);
  if (key.empty()) return make_error(ErrorCode::kInternal, "SHA-256 failed");

  {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++stats_.memory_hits;
      return it->second->audio;
    }
  }

  const std::string path = dir_.empty() ? std::string() : (fs::path(dir_) / (key + ".wav")).string();
  if (!path.empty()) {
    std::error_code ec;
    if (fs::exists(path, ec)) {
      auto loaded = load_audio(path);  // a broken file is synthesized again below
      if (loaded) {
        auto audio = std::make_shared<const std::vector<int16_t>>(std::move(*loaded));
        remember(key, audio);
        std::lock_guard lock(mutex_);
        ++stats_.disk_hits;
        return audio;
      }
    }
  }

  auto pcm = synthesize(lang, text);
  if (!pcm) return std::unexpected(pcm.error());
  auto audio = std::make_shared<const std::vector<int16_t>>(std::move(*pcm));
  bool disk_failed = false;
  if (!path.empty()) {
    // A temporary name of our own: another thread or process may be writing
    // the same prompt.
    static std::atomic<uint64_t> counter{0};
    const std::string tmp = path + "." + std::to_string(::getpid()) + "." +
                            std::to_string(counter.fetch_add(1)) + ".tmp";
    std::error_code ec;
    fs::create_directories(dir_, ec);
    disk_failed = !write_wav(path, tmp, *audio, /*sync=*/false);
  }
  remember(key, audio);
  std::lock_guard lock(mutex_);
  ++stats_.synthesized;
  if (disk_failed) ++stats_.disk_errors;
  return audio;
}

PromptCache::Stats PromptCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

size_t PromptCache::memory_used() const {
  std::lock_guard lock(mutex_);
  return used_bytes_;
}

// ---- hold music ------------------------------------------------------------

namespace {

double midi_hz(int note) { return 440.0 * std::pow(2.0, (note - 69) / 12.0); }

// A note mixed into a circular buffer (index modulo its size), so what rings
// past the end continues at the beginning.
struct Note {
  double start_s;
  double hold_s;     // from the start to the beginning of the release
  double attack_s;
  double release_s;
  double hz;
  double amp;
  double decay_s;    // 0: sustained; else exponential decay time constant
  std::span<const double> partials;  // relative amplitudes of hz, 2 hz, ...
};

void mix_note(std::vector<double>& buf, const Note& n) {
  const size_t size = buf.size();
  const auto first = static_cast<size_t>(std::llround(n.start_s * kPromptRateHz));
  const auto count = static_cast<size_t>(std::llround((n.hold_s + n.release_s) * kPromptRateHz));
  // One oscillator per partial: sin((k + 1) w) = 2 cos(w) sin(k w) - sin((k - 1) w),
  // exact enough in double over a few seconds, and no sin() per sample.
  constexpr size_t kMaxPartials = 8;
  std::array<double, kMaxPartials> now{}, before{}, twice_cos{};
  const size_t partials = std::min(n.partials.size(), kMaxPartials);
  for (size_t h = 0; h < partials; ++h) {
    const double w = 2 * std::numbers::pi * n.hz * static_cast<double>(h + 1) / kPromptRateHz;
    now[h] = 0;                // sin(0)
    before[h] = std::sin(-w);  // sin(-w)
    twice_cos[h] = 2 * std::cos(w);
  }
  const double decay = n.decay_s > 0 ? std::exp(-1.0 / (n.decay_s * kPromptRateHz)) : 1.0;
  double decayed = 1.0;
  for (size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / kPromptRateHz;
    // Raised-cosine attack and release: the envelope and its slope are
    // continuous, so notes start and end without clicks.
    double env = decayed;
    if (t < n.attack_s) env *= 0.5 - 0.5 * std::cos(std::numbers::pi * t / n.attack_s);
    if (t > n.hold_s) env *= 0.5 + 0.5 * std::cos(std::numbers::pi * (t - n.hold_s) / n.release_s);
    double v = 0;
    for (size_t h = 0; h < partials; ++h) {
      v += n.partials[h] * now[h];
      const double next = twice_cos[h] * now[h] - before[h];
      before[h] = now[h];
      now[h] = next;
    }
    buf[(first + i) % size] += n.amp * env * v;
    decayed *= decay;
  }
}

}  // namespace

std::vector<int16_t> hold_music(double seconds) {
  constexpr int kChordSeconds = 3;
  constexpr int kMaxCycles = static_cast<int>(kMaxAudioSeconds) / kHoldMusicCycleSeconds;
  int cycles = 1;
  if (std::isfinite(seconds) && seconds > 0) {
    cycles = static_cast<int>(std::clamp<double>(std::round(seconds / kHoldMusicCycleSeconds), 1,
                                                 kMaxCycles));
  }
  // C major 7, A minor 7, F major, G7 (MIDI notes), over a low voice that
  // stays above 100 Hz (telephone lines pass about 300-3400 Hz; its upper
  // partials carry it).
  constexpr std::array<std::array<int, 4>, 4> kChords{{
      {60, 64, 67, 71}, {57, 60, 64, 67}, {57, 60, 65, 69}, {59, 62, 65, 67}}};
  constexpr std::array<int, 4> kBass{48, 45, 53, 55};
  static constexpr std::array<double, 3> kPad{1.0, 0.3, 0.12};
  static constexpr std::array<double, 4> kLow{1.0, 0.6, 0.35, 0.15};
  static constexpr std::array<double, 2> kBell{1.0, 0.18};

  // The pads repeat every cycle: render one cycle and tile it.
  std::vector<double> cycle(static_cast<size_t>(kHoldMusicCycleSeconds) * kPromptRateHz, 0.0);
  for (size_t c = 0; c < kChords.size(); ++c) {
    const double at = static_cast<double>(c * kChordSeconds);
    for (int note : kChords[c]) {
      // Two slightly detuned voices per note: a slow, soft beating.
      for (double detune : {1.0, 1.0035}) {
        mix_note(cycle, {at, kChordSeconds, 0.9, 1.6, midi_hz(note) * detune, 0.5, 0, kPad});
      }
    }
    mix_note(cycle, {at, kChordSeconds, 0.6, 1.4, midi_hz(kBass[c]), 0.7, 0, kLow});
  }
  std::vector<double> mix;
  mix.reserve(cycle.size() * static_cast<size_t>(cycles));
  for (int i = 0; i < cycles; ++i) mix.insert(mix.end(), cycle.begin(), cycle.end());

  // Bell notes an octave above the chord, different in every cycle:
  // minstd_rand's sequence is fixed by the standard, so this is deterministic.
  std::minstd_rand rng(20240601);
  for (int i = 0; i < cycles; ++i) {
    for (size_t c = 0; c < kChords.size(); ++c) {
      for (int beat = 0; beat < 4; ++beat) {
        if (rng() % 3 == 0) continue;  // about two notes in three beats
        const int note = kChords[c][rng() % 4] + 12;
        const double at = i * kHoldMusicCycleSeconds + static_cast<double>(c * kChordSeconds) +
                          0.75 * beat;
        mix_note(mix, {at, 1.8, 0.012, 0.6, midi_hz(note), 0.55, 0.7, kBell});
      }
    }
  }

  double sum = 0;
  for (double v : mix) sum += v * v;
  const double rms = std::sqrt(sum / static_cast<double>(mix.size()));
  const double gain = rms > 0 ? dbfs_to_linear(kPromptRmsDbfs) / rms : 0;
  std::vector<int16_t> pcm(mix.size());
  for (size_t i = 0; i < mix.size(); ++i) pcm[i] = to_int16(mix[i] * gain);
  return pcm;
}

// ---- phrases ---------------------------------------------------------------

std::string recording_notice(Lang lang) {
  return lang == Lang::kEn ? "This call may be recorded for quality and training."
                           : "您的通话可能会被录音，用于服务质量和培训。";
}

std::string position_phrase(Lang lang, uint32_t position, std::optional<int64_t> ewt_ms) {
  const bool en = lang == Lang::kEn;
  std::string s;
  if (position <= 1) {
    s = en ? "You are next in line." : "下一位就是您。";
  } else {
    const std::string n = std::to_string(position);
    s = en ? "You are number " + n + " in line." : "您排在第" + n + "位。";
  }
  if (!ewt_ms) return s;
  constexpr int64_t kMinute = 60'000;
  constexpr int64_t kHour = 60 * kMinute;
  const int64_t ms = *ewt_ms;
  if (ms < kMinute) {
    s += en ? " The expected wait is less than a minute." : "预计等待不到1分钟。";
  } else if (ms > kHour) {
    s += en ? " The expected wait is more than an hour." : "预计等待超过1小时。";
  } else {
    const int64_t minutes = (ms + kMinute - 1) / kMinute;  // rounded up
    const std::string m = std::to_string(minutes);
    if (en) {
      s += " The expected wait is about " + m + (minutes == 1 ? " minute." : " minutes.");
    } else {
      s += "预计等待约" + m + "分钟。";
    }
  }
  return s;
}

Result<std::string> callback_offer(Lang lang, char digit) {
  const bool en = lang == Lang::kEn;
  std::string key;
  if (digit >= '0' && digit <= '9') {
    key = std::string(1, digit);
  } else if (digit == '*') {
    key = en ? "star" : "星号键";
  } else if (digit == '#') {
    key = en ? "pound" : "井号键";
  } else {
    return make_error(ErrorCode::kInvalidArgument, "not a telephone key", "digit");
  }
  return en ? "To be called back instead, keeping your place in line, press " + key + "."
            : "如需回电并保留您的排队位置，请按" + key + "。";
}

std::string callback_confirmed(Lang lang) {
  return lang == Lang::kEn ? "Thank you. We will call you back when it is your turn. Goodbye."
                           : "谢谢。轮到您时我们会给您回电。再见。";
}

std::string menu_invalid(Lang lang) {
  return lang == Lang::kEn ? "Sorry, that is not a valid choice." : "抱歉，您的选择无效。";
}

std::string survey_keys(Lang lang) {
  return lang == Lang::kEn ? "Please press a key from 1, not at all satisfied, to 5, very satisfied."
                           : "请按1到5之间的数字键：1表示非常不满意，5表示非常满意。";
}

std::string survey_thanks(Lang lang) {
  return lang == Lang::kEn ? "Thank you for your feedback. Goodbye." : "感谢您的评价，再见。";
}

}  // namespace switchyard::voice::media
