#pragma once
// Keyword spotting in text (docs/quality.md "Keyword spotting"): chat, email and transcript text
// searched for a queue's keyword list, in English and Chinese.
//
// A keyword is matched case-insensitively (ASCII, Latin-1 and Latin Extended-A letters, and
// fullwidth ASCII folded to ASCII) and whole-word at its Latin ends: "cancel" matches "Cancel"
// and "cancel." but not "cancellation"; a trailing '*' makes it a prefix ("cancel*" matches
// "cancellation"). Whitespace inside a keyword matches any run of whitespace in the text
// ("speak to a supervisor" matches "speak  to a\nsupervisor"). At a CJK end (Han, kana, CJK
// punctuation, fullwidth forms) there is no word boundary to check, so Chinese keywords match as
// substrings ("投诉" in "我要投诉你们"); CJK characters count as boundaries for Latin keywords
// ("cancel" in "我要cancel订单").
//
// UTF-8 safe: offsets and lengths are bytes at character boundaries; an invalid byte of the
// text is one character that matches nothing and is a boundary, so any input is safe. No Unicode
// normalization (a decomposed "é" is not the precomposed one). Cost: O(text characters * total
// keyword characters) in the worst case, usually far less. Pure; safe from any thread.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace switchyard::quality {

inline constexpr size_t kMaxKeywords = 500;
inline constexpr size_t kMaxKeywordBytes = 200;

struct KeywordHit {
  size_t keyword = 0;  // index into the list the set was compiled from
  size_t offset = 0;   // byte offset of the match in the text
  size_t length = 0;   // byte length of the matched text (may differ from the keyword's)
};

// A compiled keyword list. Immutable once built; copyable.
class KeywordSet {
 public:
  // Errors (kInvalidArgument, field "keywords[i]"): an empty keyword (after trimming whitespace),
  // a lone "*", a '*' anywhere but at the end, invalid UTF-8 or NUL, more than kMaxKeywordBytes
  // bytes; more than kMaxKeywords keywords (field "keywords").
  static Result<KeywordSet> compile(std::span<const std::string> keywords);

  // Every match of every keyword in `text`, sorted by offset, then keyword index. Matches of one
  // keyword do not overlap (leftmost first); matches of different keywords may.
  std::vector<KeywordHit> spot(std::string_view text) const;

  // The keyword as given (e.g. "cancel*").
  const std::string& keyword(size_t i) const { return keywords_[i].source; }
  size_t size() const { return keywords_.size(); }

 private:
  // One unit of a compiled keyword: a folded code point, or kSpaceRun (any run of whitespace).
  struct Compiled {
    std::string source;
    std::vector<char32_t> units;
    bool prefix = false;        // trailing '*'
    bool check_start = false;   // first unit is a word character: needs a boundary before it
    bool check_end = false;     // last unit is a word character and not prefix: boundary after
  };
  std::vector<Compiled> keywords_;
};

// One-off form of KeywordSet::compile(keywords)->spot(text).
Result<std::vector<KeywordHit>> spot(std::string_view text, std::span<const std::string> keywords);

}  // namespace switchyard::quality
