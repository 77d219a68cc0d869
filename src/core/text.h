#pragma once
// Text the system accepts: valid UTF-8 without NUL bytes. Every string that
// can reach a database (names, customer ids, attributes, dispositions,
// usernames...) must be such text: PostgreSQL can store nothing else, and
// SQLite must not store what PostgreSQL would refuse. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace switchyard {

// True when `s` is valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF) and contains no NUL byte.
bool is_clean_text(std::string_view s);

// Reading text a character at a time, for matching and search in English and Chinese
// (quality's keyword spotting, full-text search): code points, simply case-folded, and their
// class. Pure; any input is safe (an invalid byte is one kInvalid character of class kOther).
namespace text {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;

enum class CharClass : uint8_t {
  kSpace,  // Unicode white space
  kWord,   // letters and digits of alphabetic scripts (ASCII, Latin, Greek, Cyrillic, ...)
  kCjk,    // Han, kana, CJK punctuation, fullwidth forms: no word boundaries
  kOther,  // punctuation, symbols, controls, emoji, invalid bytes
};

struct Char {
  char32_t cp;    // folded (fold())
  size_t offset;  // bytes into the text
  size_t length;  // bytes
  CharClass cls;
};

// One code point at s[i] (i < s.size()), strictly: an overlong form, a surrogate, a value above
// U+10FFFF or a truncated sequence gives kInvalid with length 1.
char32_t decode(std::string_view s, size_t i, size_t& length);
// Simple case folding of ASCII, Latin-1 and Latin Extended-A; fullwidth ASCII letters and digits
// become ASCII.
char32_t fold(char32_t c);
CharClass classify(char32_t c);
// Every character of `text`, folded and classified.
std::vector<Char> characters(std::string_view text);

}  // namespace text

}  // namespace switchyard
