#include "speech/word_spotter.h"

#include <algorithm>

namespace switchyard::speech {

std::vector<TimedHit> spot_words(const quality::KeywordSet& keywords, std::span<const Word> words) {
  std::string text;
  std::vector<size_t> starts;  // byte offset of each word in `text`
  starts.reserve(words.size());
  for (const Word& w : words) {
    if (!text.empty()) text += ' ';
    starts.push_back(text.size());
    text += w.word;
  }
  // the word holding byte `offset`: the last one starting at or before it
  auto word_at = [&](size_t offset) {
    return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
  };
  std::vector<TimedHit> out;
  for (const quality::KeywordHit& h : keywords.spot(text)) {
    if (h.length == 0) continue;
    const size_t first = word_at(h.offset), last = word_at(h.offset + h.length - 1);
    // the whole words covered ("cancellation" for "cancel*")
    const size_t from = starts[first], to = starts[last] + words[last].word.size();
    out.push_back(TimedHit{h.keyword, words[first].start_ms, words[last].end_ms, text.substr(from, to - from)});
  }
  std::stable_sort(out.begin(), out.end(), [](const TimedHit& a, const TimedHit& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.keyword < b.keyword;
  });
  return out;
}

namespace {

void add_side(CallText& out, std::string_view channel, std::span<const Word> words, const quality::KeywordSet& keywords) {
  const std::string ch(channel);
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    out.words.push_back(ChannelWord{ch, w.word, w.start_ms, w.end_ms});
    if (i == 0 || w.start_ms - words[i - 1].end_ms >= kSegmentGapMs) {
      out.segments.push_back(Segment{ch, w.start_ms, w.end_ms, w.word});
    } else {
      Segment& s = out.segments.back();
      s.end_ms = w.end_ms;
      s.text += ' ';
      s.text += w.word;
    }
  }
  for (TimedHit& h : spot_words(keywords, words)) out.hits.push_back({ch, std::move(h)});
}

}  // namespace

CallText call_text(std::span<const Word> customer, std::span<const Word> agent, const quality::KeywordSet& keywords) {
  CallText out;
  add_side(out, "customer", customer, keywords);
  add_side(out, "agent", agent, keywords);
  // stable: customer first on a tie
  std::stable_sort(out.segments.begin(), out.segments.end(),
                   [](const Segment& a, const Segment& b) { return a.start_ms < b.start_ms; });
  std::stable_sort(out.words.begin(), out.words.end(),
                   [](const ChannelWord& a, const ChannelWord& b) { return a.start_ms < b.start_ms; });
  std::stable_sort(out.hits.begin(), out.hits.end(), [](const CallText::ChannelHit& a, const CallText::ChannelHit& b) {
    return a.hit.start_ms < b.hit.start_ms;
  });
  return out;
}

}  // namespace switchyard::speech
