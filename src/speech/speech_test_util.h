#pragma once
// Test-only: English speech with known text, synthesized by the espeak-ng CLI
// (Debian espeak-ng) and read back as mono 16-bit PCM at 8000 Hz, the rate of
// call recordings. Voice "en-us+f2" at 140 words a minute: of the espeak-ng
// voices tried, the one pocketsphinx's US English model understands best
// (bench/speech/README.md).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "voice/media/prompt.h"

namespace switchyard::speech::testing {

inline constexpr const char* kVoice = "en-us+f2";
inline constexpr int kWordsPerMinute = 140;

// `text` must not hold a double quote. Empty on failure (the caller asserts).
inline std::vector<int16_t> speak(const std::string& text) {
  static int n = 0;
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("switchyard_speak_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + ".wav"))
                               .string();
  const std::string cmd = std::string("espeak-ng -v ") + kVoice + " -s " + std::to_string(kWordsPerMinute) + " -w " +
                          path + " \"" + text + "\"";
  if (std::system(cmd.c_str()) != 0) return {};
  auto pcm = voice::media::load_audio(path);
  std::filesystem::remove(path);
  return pcm ? std::move(*pcm) : std::vector<int16_t>{};
}

// `ms` of digital silence (as in a recording where nobody speaks).
inline std::vector<int16_t> silence(int64_t ms) { return std::vector<int16_t>(static_cast<size_t>(ms * 8), 0); }

}  // namespace switchyard::speech::testing
