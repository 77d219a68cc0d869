#pragma once
// Keyword spotting on a word timeline (docs/quality.md, "Transcription"):
// the words of one channel joined by single spaces are searched with
// quality::KeywordSet (the same matching as chat and email text: whole
// words, "cancel*" prefixes, multi-word phrases), and each hit is mapped
// back to the words it covers: start_ms of the first, end_ms of the last.
// Pure; any thread.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "quality/keywords.h"
#include "speech/transcriber.h"

namespace switchyard::speech {

struct TimedHit {
  size_t keyword = 0;  // index into the KeywordSet
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string text;  // the words the match covers, whole, as transcribed
  bool operator==(const TimedHit&) const = default;
};

// Sorted by start_ms, then keyword.
std::vector<TimedHit> spot_words(const quality::KeywordSet& keywords, std::span<const Word> words);

// A stretch of one side's speech ("customer" or "agent"), ms from the start.
struct Segment {
  std::string channel;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string text;
  bool operator==(const Segment&) const = default;
};

struct ChannelWord {
  std::string channel;
  std::string word;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool operator==(const ChannelWord&) const = default;
};

inline constexpr int64_t kSegmentGapMs = 1000;  // a pause this long starts a new segment

// The words of a call, both sides, as the API shows them.
struct CallText {
  std::vector<Segment> segments;  // by start_ms (customer first on a tie)
  std::vector<ChannelWord> words;  // by start_ms
  struct ChannelHit {
    std::string channel;
    TimedHit hit;
  };
  std::vector<ChannelHit> hits;  // by start_ms
};

// Joins the two sides' words into segments (a pause of kSegmentGapMs or
// more between two words of a side starts a new one), and spots `keywords`
// in each side's words.
CallText call_text(std::span<const Word> customer, std::span<const Word> agent, const quality::KeywordSet& keywords);

}  // namespace switchyard::speech
