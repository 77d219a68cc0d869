#include "quality/keywords.h"

#include <unordered_map>

#include "core/text.h"

namespace switchyard::quality {

namespace {

constexpr char32_t kSpaceRun = 0xFFFFFFFE;  // keyword unit: a run of whitespace
using text::characters;
using text::classify;
using Char = text::Char;
using Class = text::CharClass;

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
