#include "quality/keywords.h"

#include <unordered_map>

#include "core/text.h"

namespace switchyard::quality {

namespace {

constexpr char32_t kSpaceRun = 0xFFFFFFFE;  // keyword unit: a run of whitespace
constexpr char32_t kInvalid = 0xFFFFFFFF;   // text: a byte that is not UTF-8

enum class Class : uint8_t { kSpace, kWord, kCjk, kOther };

struct Char {
  char32_t cp;  // folded
  size_t offset;
  size_t length;
  Class cls;
};

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

// One code point at s[i], strictly (no overlongs, surrogates or values above U+10FFFF); an
// invalid sequence yields kInvalid with length 1.
char32_t decode(std::string_view s, size_t i, size_t& length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = b(0);
  length = 1;
  if (b0 < 0x80) return b0;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (in(b0, 0xC2, 0xDF)) {
    n = 1;
  } else if (in(b0, 0xE0, 0xEF)) {
    n = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (in(b0, 0xF0, 0xF4)) {
    n = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return kInvalid;
  }
  if (i + n >= s.size()) return kInvalid;  // truncated
  if (!in(b(1), lo, hi)) return kInvalid;
  for (size_t k = 2; k <= n; ++k)
    if (!in(b(k), 0x80, 0xBF)) return kInvalid;
  char32_t cp = b0 & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
  for (size_t k = 1; k <= n; ++k) cp = (cp << 6) | (b(k) & 0x3F);
  length = n + 1;
  return cp;
}

// Simple case folding of ASCII, Latin-1, Latin Extended-A; fullwidth ASCII letters and digits
// become ASCII.
char32_t fold(char32_t c) {
  if (in(c, 'A', 'Z')) return c + 32;
  if (in(c, 0xFF21, 0xFF3A)) return c - 0xFF21 + 'a';
  if (in(c, 0xFF41, 0xFF5A)) return c - 0xFF41 + 'a';
  if (in(c, 0xFF10, 0xFF19)) return c - 0xFF10 + '0';
  if (in(c, 0xC0, 0xDE) && c != 0xD7) return c + 32;
  if ((in(c, 0x100, 0x12F) || in(c, 0x132, 0x137) || in(c, 0x14A, 0x177)) && c % 2 == 0)
    return c + 1;
  if ((in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) && c % 2 == 1) return c + 1;
  if (c == 0x178) return 0xFF;
  return c;
}

Class classify(char32_t c) {
  if (in(c, 0x09, 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
      in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
      c == 0x3000)
    return Class::kSpace;
  if (c < 0x80) {
    return (in(c, 'a', 'z') || in(c, 'A', 'Z') || in(c, '0', '9')) ? Class::kWord : Class::kOther;
  }
  if (in(c, 0x2E80, 0x2FDF) || in(c, 0x3000, 0x31FF) || in(c, 0x3400, 0x4DBF) ||
      in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) || in(c, 0xFE30, 0xFE4F) ||
      in(c, 0xFF00, 0xFFEF) || in(c, 0x20000, 0x3FFFF))
    return Class::kCjk;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || in(c, 0x2000, 0x2BFF) || in(c, 0xFE00, 0xFE0F) ||
      in(c, 0xFFF0, 0xFFFF) || in(c, 0x1F000, 0x1FAFF) || c == kInvalid)
    return Class::kOther;
  return Class::kWord;
}

std::vector<Char> characters(std::string_view text) {
  std::vector<Char> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const char32_t cp = fold(decode(text, i, length));
    out.push_back(Char{cp, i, length, classify(cp)});
    i += length;
  }
  return out;
}

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

}  // namespace

Result<KeywordSet> KeywordSet::compile(std::span<const std::string> keywords) {
  if (keywords.size() > kMaxKeywords)
    return invalid("at most " + std::to_string(kMaxKeywords) + " keywords", "keywords");
  KeywordSet set;
  for (size_t k = 0; k < keywords.size(); ++k) {
    const std::string field = "keywords[" + std::to_string(k) + "]";
    const std::string& source = keywords[k];
    if (source.size() > kMaxKeywordBytes)
      return invalid("longer than " + std::to_string(kMaxKeywordBytes) + " bytes", field);
    if (!is_clean_text(source)) return invalid("not valid UTF-8 text", field);
    std::vector<Char> chars = characters(source);
    auto trim = [&] {
      while (!chars.empty() && chars.back().cls == Class::kSpace) chars.pop_back();
      size_t lead = 0;
      while (lead < chars.size() && chars[lead].cls == Class::kSpace) ++lead;
      chars.erase(chars.begin(), chars.begin() + static_cast<ptrdiff_t>(lead));
    };
    trim();
    Compiled c;
    c.source = source;
    if (!chars.empty() && chars.back().cp == '*') {
      c.prefix = true;
      chars.pop_back();
      trim();
    }
    if (chars.empty()) return invalid("empty keyword", field);
    for (const Char& ch : chars) {
      if (ch.cp == '*') return invalid("'*' may only end a keyword (a prefix match)", field);
      if (ch.cls == Class::kSpace) {
        if (c.units.back() != kSpaceRun) c.units.push_back(kSpaceRun);
      } else {
        c.units.push_back(ch.cp);
      }
    }
    c.check_start = classify(c.units.front()) == Class::kWord;
    c.check_end = !c.prefix && classify(c.units.back()) == Class::kWord;
    set.keywords_.push_back(std::move(c));
  }
  return set;
}

std::vector<KeywordHit> KeywordSet::spot(std::string_view text) const {
  const std::vector<Char> chars = characters(text);
  const size_t n = chars.size();
  std::unordered_map<char32_t, std::vector<size_t>> by_first;
  for (size_t k = 0; k < keywords_.size(); ++k) by_first[keywords_[k].units.front()].push_back(k);
  std::vector<size_t> next_free(keywords_.size(), 0);  // per keyword: no overlapping matches
  std::vector<KeywordHit> hits;
  for (size_t i = 0; i < n; ++i) {
    auto candidates = by_first.find(chars[i].cp);
    if (candidates == by_first.end()) continue;
    for (size_t k : candidates->second) {  // ascending keyword index
      const Compiled& kw = keywords_[k];
      if (i < next_free[k]) continue;
      if (kw.check_start && i > 0 && chars[i - 1].cls == Class::kWord) continue;
      size_t j = i;
      bool ok = true;
      for (char32_t u : kw.units) {
        if (u == kSpaceRun) {
          ok = j < n && chars[j].cls == Class::kSpace;
          while (j < n && chars[j].cls == Class::kSpace) ++j;
        } else {
          ok = j < n && chars[j].cp == u;
          ++j;
        }
        if (!ok) break;
      }
      if (!ok) continue;
      if (kw.check_end && j < n && chars[j].cls == Class::kWord) continue;
      const size_t end = chars[j - 1].offset + chars[j - 1].length;
      hits.push_back(KeywordHit{k, chars[i].offset, end - chars[i].offset});
      next_free[k] = j;
    }
  }
  return hits;
}

Result<std::vector<KeywordHit>> spot(std::string_view text, std::span<const std::string> keywords) {
  Result<KeywordSet> set = KeywordSet::compile(keywords);
  if (!set) return std::unexpected(set.error());
  return set->spot(text);
}

}  // namespace switchyard::quality
