#include "core/text.h"

#include <cstdint>
#include <vector>

namespace switchyard {

bool is_clean_text(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c == 0) return false;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07;
    else return false;
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

namespace text {

namespace {
bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }
}  // namespace

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

CharClass classify(char32_t c) {
  if (in(c, 0x09, 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
      in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
      c == 0x3000)
    return CharClass::kSpace;
  if (c < 0x80) {
    return (in(c, 'a', 'z') || in(c, 'A', 'Z') || in(c, '0', '9')) ? CharClass::kWord : CharClass::kOther;
  }
  if (in(c, 0x2E80, 0x2FDF) || in(c, 0x3000, 0x31FF) || in(c, 0x3400, 0x4DBF) ||
      in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) || in(c, 0xFE30, 0xFE4F) ||
      in(c, 0xFF00, 0xFFEF) || in(c, 0x20000, 0x3FFFF))
    return CharClass::kCjk;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || in(c, 0x2000, 0x2BFF) || in(c, 0xFE00, 0xFE0F) ||
      in(c, 0xFFF0, 0xFFFF) || in(c, 0x1F000, 0x1FAFF) || c == kInvalid)
    return CharClass::kOther;
  return CharClass::kWord;
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

}  // namespace text
}  // namespace switchyard
