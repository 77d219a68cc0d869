#include "comms/search_text.h"

#include "core/text.h"

namespace switchyard::comms {

namespace {

using text::CharClass;

// Appends the UTF-8 of `cp` (a valid code point).
void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string chars_text(const std::vector<text::Char>& chars, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) append_utf8(s, chars[i].cp);
  return s;
}

// Calls on_run(kind, begin, end) for each maximal run of word or of CJK characters.
template <typename F>
void runs(const std::vector<text::Char>& chars, F&& on_run) {
  for (size_t i = 0; i < chars.size();) {
    const CharClass cls = chars[i].cls;
    if (cls != CharClass::kWord && cls != CharClass::kCjk) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < chars.size() && chars[j].cls == cls) ++j;
    on_run(cls, i, j);
    i = j;
  }
}

// CJK punctuation and fullwidth symbols are in the CJK class but separate words.
bool cjk_letter(char32_t c) {
  return !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFF00 && c <= 0xFF65) && !(c >= 0xFE30 && c <= 0xFE4F);
}

std::vector<text::Char> searchable(std::string_view s) {
  std::vector<text::Char> chars = text::characters(s);
  for (auto& c : chars)
    if (c.cls == CharClass::kCjk && !cjk_letter(c.cp)) c.cls = CharClass::kOther;
  return chars;
}

void add_token(std::string& out, const std::string& token) {
  if (!out.empty()) out += ' ';
  out += token;
}

}  // namespace

std::string index_text(std::string_view s) {
  const std::vector<text::Char> chars = searchable(s);
  std::string out;
  runs(chars, [&](CharClass cls, size_t i, size_t j) {
    if (cls == CharClass::kWord) return add_token(out, chars_text(chars, i, j));
    for (size_t k = i; k + 1 < j; ++k) add_token(out, chars_text(chars, k, k + 2));
    for (size_t k = i; k < j; ++k) add_token(out, chars_text(chars, k, k + 1));
  });
  return out;
}

std::vector<Phrase> query_phrases(std::string_view query, bool prefix_last) {
  const std::vector<text::Char> chars = searchable(query);
  std::vector<Phrase> out;
  runs(chars, [&](CharClass cls, size_t i, size_t j) {
    if (out.size() >= kMaxQueryPhrases) return;
    Phrase p;
    if (cls == CharClass::kWord || j - i == 1) {
      p.tokens.push_back(chars_text(chars, i, j));
    } else {
      for (size_t k = i; k + 1 < j; ++k) p.tokens.push_back(chars_text(chars, k, k + 2));
    }
    out.push_back(std::move(p));
  });
  if (prefix_last && !out.empty()) {
    const std::string& last = out.back().tokens.back();
    // a word (its first character is not CJK) may be a prefix
    out.back().prefix = searchable(last).front().cls == CharClass::kWord;
  }
  return out;
}

std::string fts5_match(const std::vector<Phrase>& phrases) {
  std::string out;
  for (const Phrase& p : phrases) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (size_t i = 0; i < p.tokens.size(); ++i) out += (i ? " " : "") + p.tokens[i];  // no quotes inside tokens
    out += '"';
    if (p.prefix) out += '*';
  }
  return out;
}

std::string pg_tsquery(const std::vector<Phrase>& phrases) {
  std::string out;
  for (const Phrase& p : phrases) {
    if (!out.empty()) out += " & ";
    for (size_t i = 0; i < p.tokens.size(); ++i) {
      if (i) out += " <-> ";
      out += '\'' + p.tokens[i] + '\'';  // tokens hold no quote (word or CJK characters only)
    }
    if (p.prefix) out += ":*";
  }
  return out;
}

std::string pg_tsquery_tokens(const std::vector<Phrase>& phrases) {
  std::vector<Phrase> each;
  for (const Phrase& p : phrases)
    for (size_t i = 0; i < p.tokens.size(); ++i)
      each.push_back(Phrase{{p.tokens[i]}, p.prefix && i + 1 == p.tokens.size()});
  return pg_tsquery(each);
}

}  // namespace switchyard::comms
