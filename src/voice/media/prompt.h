#pragma once
// Voice prompts: what the caller hears from us rather than from an agent.
//
// All audio here is mono 16-bit linear PCM at 8000 Hz (kPromptRateHz), the
// rate of G.711 calls: one int16_t per sample, 8000 per second.
//
// - synthesize(): text to speech with espeak-ng, resampled to 8000 Hz
//   (libspeexdsp) and brought to a fixed loudness (kPromptRmsDbfs).
// - load_audio() / save_audio(): audio files (libsndfile) for uploaded
//   prompts and hold music, and for the prompt cache on disk.
// - PromptCache: synthesized prompts in memory (LRU) and on disk.
// - hold_music(): generated, loopable hold music.
// - The phrases of the queue (recording notice, position, callback offer...)
//   in English and Mandarin Chinese.
//
// espeak-ng is one global, non-thread-safe engine: synthesize() serialises
// every use of it behind one mutex (so calls from several threads queue),
// initialises it on first use and keeps it for the life of the process.
// Everything else is pure or thread-safe as stated.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace switchyard::voice::media {

inline constexpr int kPromptRateHz = 8000;

// Loudness of synthesized speech and of hold music: RMS over the whole
// buffer (pauses included) at -20 dBFS (3277 for int16), so prompts and
// music play at one level; synthesized speech is then lowered if needed so
// that no sample peaks above -1 dBFS (29205).
inline constexpr double kPromptRmsDbfs = -20.0;
inline constexpr double kPromptPeakDbfs = -1.0;

// Limits: text to synthesize, in bytes of UTF-8; audio loaded from a file.
inline constexpr size_t kMaxPromptTextBytes = 2000;
inline constexpr int64_t kMaxAudioSeconds = 600;  // 10 min

// The languages prompts are spoken in.
enum class Lang : uint8_t { kEn, kZh };

// "en" or "zh" (exactly, lower case); otherwise kInvalidArgument with
// field "lang".
Result<Lang> parse_lang(std::string_view lang);
std::string_view to_string(Lang lang);

// Speaks `text` (UTF-8, plain text: no SSML, no phoneme input) in `lang`:
// "en" with espeak-ng's "en-us" voice at 160 words per minute, "zh" with its
// Mandarin voice "cmn-latn-pinyin" at about 4 syllables a second (reads
// Chinese characters and Arabic numerals; Latin letters are read as pinyin).
// The output ends with a sentence pause; it varies slightly from call to
// call for the same text (espeak-ng carries state between utterances). Errors, all kInvalidArgument:
// unknown lang (field "lang"); empty text, more than kMaxPromptTextBytes,
// invalid UTF-8 or text that yields no sound (field "text"). kInternal if
// espeak-ng or the resampler fails (e.g. its data files are missing).
// Any thread; calls are serialised (one engine), a sentence takes tens of ms.
Result<std::vector<int16_t>> synthesize(std::string_view lang, std::string_view text);

// Reads any file libsndfile can read (WAV, FLAC, Ogg, ...; any rate, channel
// count and sample format), mixes the channels down to mono (their mean) and
// resamples to 8000 Hz; float samples beyond full scale are clipped. The
// level is left as it is. Errors (kInvalidArgument, field "audio"): the file
// cannot be opened or decoded (libsndfile's message), it has no channels or
// no frames, or it is longer than kMaxAudioSeconds. Any thread (libsndfile
// keeps the reason an open failed in one global, so two failing at once may
// swap their messages).
Result<std::vector<int16_t>> load_audio(const std::string& path);

// Writes `pcm` as a WAV file (mono, 8000 Hz, 16-bit PCM) to path + ".tmp"
// and renames it to `path`, so readers see the old file or the whole new
// one. kInternal (with libsndfile's or the OS's message) if writing or the
// rename fails; the .tmp file is then removed. Two writers of one path at a
// time must not use this (they share the .tmp name).
Result<void> save_audio(const std::string& path, std::span<const int16_t> pcm);

// Synthesized prompts, cached. get() looks in memory (least recently used
// entries evicted beyond `memory_bytes` of samples), then on disk at
// <dir>/<key>.wav, then synthesizes and writes that file (creating `dir`).
// The key is the lower-case hex SHA-256 of lang "\n" text "\n" and a version
// string (this code's synthesis settings and espeak-ng's version), so a
// change of voice settings or of espeak-ng does not serve stale audio. An
// unreadable disk file is synthesized again and overwritten. dir "" keeps
// prompts in memory only. A prompt larger than memory_bytes is returned but
// not kept in memory.
//
// Thread-safe: any thread. The lock is not held while reading, writing or
// synthesizing, so two threads asking for the same uncached prompt may both
// synthesize it; each writes its own temporary file and renames it, and the
// memory entry is replaced by an equal one, so nothing is corrupted.
class PromptCache {
 public:
  struct Stats {
    uint64_t memory_hits = 0;
    uint64_t disk_hits = 0;
    uint64_t synthesized = 0;
    uint64_t disk_errors = 0;  // disk files that failed to write (audio still returned)
  };

  explicit PromptCache(std::string dir, size_t memory_bytes = 32 * 1024 * 1024);

  // The prompt for (lang, text); errors as synthesize().
  Result<std::shared_ptr<const std::vector<int16_t>>> get(std::string_view lang,
                                                          std::string_view text);
  Stats stats() const;
  size_t memory_used() const;  // bytes of samples held in memory

  // The disk cache file of (lang, text), whether or not it exists; "" when
  // the cache has no dir. For tests and tools.
  std::string path_for(std::string_view lang, std::string_view text) const;

 private:
  using Audio = std::shared_ptr<const std::vector<int16_t>>;
  struct Entry {
    std::string key;
    Audio audio;
  };
  std::string key_for(std::string_view lang, std::string_view text) const;
  void remember(const std::string& key, const Audio& audio);  // takes mutex_

  const std::string dir_;
  const size_t memory_bytes_;
  const std::string version_;

  mutable std::mutex mutex_;  // guards what follows
  std::list<Entry> lru_;      // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t used_bytes_ = 0;
  Stats stats_;
};

// Generated hold music (deterministic: the same call gives the same
// samples): a slow progression of four soft chords (pads and a low voice kept
// above 100 Hz, a few bell-like notes above), 3 s per chord, so one cycle is
// kHoldMusicCycleSeconds. The length is `seconds` rounded to the nearest
// whole number of cycles, at least one and at most kMaxAudioSeconds' worth
// (NaN or <= 0 gives one cycle). Notes that ring past the end are mixed
// into the beginning, so the buffer loops without a seam. Level: RMS at
// kPromptRmsDbfs.
inline constexpr int kHoldMusicCycleSeconds = 12;
std::vector<int16_t> hold_music(double seconds);

// The queue's phrases: text for synthesize() in `lang`. Numbers are written
// as Arabic numerals (both voices read them).
//
// "This call may be recorded for quality and training."
std::string recording_notice(Lang lang);
// "You are number 3 in line." and, when ewt_ms is known, a sentence on the
// expected wait: under 60 s "less than a minute"; up to 60 min "about N
// minutes", N = ewt rounded up to whole minutes ("about 1 minute"); over
// 60 min "more than an hour". Position 0 or 1: "You are next in line."
std::string position_phrase(Lang lang, uint32_t position, std::optional<int64_t> ewt_ms);
// "To be called back instead, keeping your place in line, press 1."
// `digit` is a DTMF key: '0'..'9', '*' or '#'; others are kInvalidArgument
// with field "digit".
Result<std::string> callback_offer(Lang lang, char digit);
// "Thank you. We will call you back when it is your turn. Goodbye."
std::string callback_confirmed(Lang lang);
// "Sorry, that is not a valid choice."
std::string menu_invalid(Lang lang);
// The post-call survey by keys: how to answer, and the goodbye.
std::string survey_keys(Lang lang);
std::string survey_thanks(Lang lang);

}  // namespace switchyard::voice::media
