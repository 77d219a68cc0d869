// Speech analytics accuracy and cost (bench/speech/README.md): N sentences
// with known text synthesized by espeak-ng (voice en-us+f2, 140 words a
// minute, read back at the telephone rate of 8 kHz), some holding keywords;
// each transcribed by speech::Transcriber and spotted with the keyword list.
// Reports, per decoding mode (resampled to 16 kHz, or decoded at 8 kHz):
// keyword recall and precision, word error rate, real-time factor (CPU
// seconds of the decoding thread per second of audio).
//
//   speech_bench [--sentences N] [--mode 16k|8k|both]
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "quality/keywords.h"
#include "speech/speech_test_util.h"
#include "speech/transcriber.h"
#include "speech/word_spotter.h"
#include "wfm/splitmix.h"

namespace {

using namespace switchyard;

const std::vector<std::string> kKeywords = {"cancel", "complaint", "supervisor", "refund", "manager", "lawyer"};

// Sentences with known text: templates with and without keywords, the
// fillers drawn with a fixed seed so every run speaks the same text.
std::vector<std::string> sentences(size_t n) {
  const std::vector<std::string> with = {
      "I want to cancel my order",
      "please cancel the subscription today",
      "I would like to make a complaint",
      "this is a formal complaint about the service",
      "let me speak to your supervisor",
      "can I talk to a supervisor please",
      "I want a refund for this",
      "when will I get my refund",
      "put your manager on the phone",
      "I need to speak with the manager",
      "my lawyer will call you tomorrow",
      "I will cancel and ask for a refund",
  };
  const std::vector<std::string> without = {
      "thank you for calling how can I help you",
      "my internet connection is very slow",
      "could you tell me my account balance",
      "I moved to a new address last month",
      "the package arrived this morning",
      "what time do you open on Monday",
      "I forgot my password again",
      "the bill is higher than last month",
      "yes that is correct",
      "have a nice day goodbye",
      "the phone number is five five five one two three four",
      "I am calling about my last invoice",
  };
  std::vector<std::string> out;
  wfm::SplitMix rng{12};
  for (size_t i = 0; i < n; ++i) {
    const auto& from = i % 2 == 0 ? with : without;
    out.push_back(from[(i / 2 + rng.next() % 3) % from.size()]);
  }
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  return out;
}

// Word-level Levenshtein distance (substitutions + deletions + insertions).
size_t edit_distance(const std::vector<std::string>& ref, const std::vector<std::string>& hyp) {
  std::vector<size_t> prev(hyp.size() + 1), cur(hyp.size() + 1);
  for (size_t j = 0; j <= hyp.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= ref.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= hyp.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[hyp.size()];
}

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Audio {
  std::string text;
  std::vector<int16_t> pcm;
};

int run(const std::vector<Audio>& audio, bool resample, const quality::KeywordSet& set, bool verbose) {
  speech::TranscriberOptions o;
  o.resample_16k = resample;
  auto t = speech::Transcriber::open(o);
  if (!t) {
    std::fprintf(stderr, "%s\n", t.error().message.c_str());
    return 1;
  }
  size_t tp = 0, fp = 0, fn = 0, errors = 0, ref_words = 0;
  double cpu = 0, audio_s = 0;
  for (const Audio& a : audio) {
    const double c0 = thread_cpu_s();
    auto words = t->transcribe(a.pcm);
    cpu += thread_cpu_s() - c0;
    audio_s += double(a.pcm.size()) / speech::kInputRateHz;
    if (!words) {
      std::fprintf(stderr, "%s\n", words.error().message.c_str());
      return 1;
    }
    std::string hyp_text;
    for (const speech::Word& w : *words) hyp_text += (hyp_text.empty() ? "" : " ") + w.word;
    const auto ref = words_of(a.text), hyp = words_of(hyp_text);
    errors += edit_distance(ref, hyp);
    ref_words += ref.size();
    // keyword counts per keyword, reference (text) vs found (transcript)
    std::vector<size_t> want(set.size()), got(set.size());
    for (const auto& h : set.spot(a.text)) ++want[h.keyword];
    for (const auto& h : speech::spot_words(set, *words)) ++got[h.keyword];
    for (size_t k = 0; k < set.size(); ++k) {
      const size_t hit = std::min(want[k], got[k]);
      tp += hit;
      fp += got[k] - hit;
      fn += want[k] - hit;
    }
    if (verbose) std::printf("  ref: %s\n  hyp: %s\n", a.text.c_str(), hyp_text.c_str());
  }
  std::printf("mode %-3s sentences %zu audio %.1f s: keyword recall %.3f (%zu/%zu) precision %.3f (%zu/%zu) "
              "WER %.3f (%zu/%zu words) RTF %.3f (%.1f CPU s)\n",
              resample ? "16k" : "8k", audio.size(), audio_s, tp + fn ? double(tp) / double(tp + fn) : 0.0, tp,
              tp + fn, tp + fp ? double(tp) / double(tp + fp) : 0.0, tp, tp + fp,
              ref_words ? double(errors) / double(ref_words) : 0.0, errors, ref_words, cpu / audio_s, cpu);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 60;
  std::string mode = "both";
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--sentences") && i + 1 < argc) n = std::stoul(argv[++i]);
    else if (!std::strcmp(argv[i], "--mode") && i + 1 < argc) mode = argv[++i];
    else if (!std::strcmp(argv[i], "--verbose")) verbose = true;
    else {
      std::fprintf(stderr, "usage: speech_bench [--sentences N] [--mode 16k|8k|both] [--verbose]\n");
      return 2;
    }
  }
  auto set = quality::KeywordSet::compile(kKeywords);
  if (!set) return 1;
  std::vector<Audio> audio;
  for (const std::string& s : sentences(n)) {
    std::vector<int16_t> pcm = speech::testing::silence(500);
    std::vector<int16_t> spoken = speech::testing::speak(s);
    if (spoken.empty()) {
      std::fprintf(stderr, "espeak-ng failed on: %s\n", s.c_str());
      return 1;
    }
    pcm.insert(pcm.end(), spoken.begin(), spoken.end());
    std::vector<int16_t> tail = speech::testing::silence(500);
    pcm.insert(pcm.end(), tail.begin(), tail.end());
    audio.push_back({s, std::move(pcm)});
  }
  std::printf("%zu sentences, voice %s at %d wpm, 8000 Hz; keywords:", audio.size(), speech::testing::kVoice,
              speech::testing::kWordsPerMinute);
  for (const auto& k : kKeywords) std::printf(" %s", k.c_str());
  std::printf("\n");
  if (mode == "16k" || mode == "both")
    if (int r = run(audio, true, *set, verbose)) return r;
  if (mode == "8k" || mode == "both")
    if (int r = run(audio, false, *set, verbose)) return r;
  return 0;
}
