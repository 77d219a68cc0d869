#include "comms/suggest.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "comms/search_text.h"
#include "core/text.h"

namespace switchyard::comms {

namespace {

// Common English words of four letters or more that say nothing about a topic.
constexpr std::array<std::string_view, 48> kStopWords = {
    "that",  "this",  "with",  "have",  "from",  "they",  "will",  "would", "there", "their", "what",   "about",
    "which", "when",  "your",  "were",  "been",  "just",  "like",  "into",  "than",  "then",  "them",   "some",
    "could", "these", "other", "very",  "also",  "here",  "hello", "thanks", "thank", "please", "want", "need",
    "still", "does",  "doing", "being", "only",  "much",  "know",  "help",  "today", "where", "should", "okay"};

// The most common Chinese function characters (and 您/你/我 forms): a two-character token with one
// of them is mostly not a topic.
constexpr std::u32string_view kStopChars = U"的一是不了人我在有他这为之来以个中上们说什么和也子时要就下得可你会那能对着事其里所去过好吗呢吧啊您想请问";

bool cjk_topic_token(std::string_view token) {
  const auto chars = text::characters(token);
  if (chars.size() != 2) return false;
  for (const auto& c : chars)
    if (c.cls != text::CharClass::kCjk || kStopChars.find(c.cp) != std::u32string_view::npos) return false;
  return true;
}

bool english_topic_token(std::string_view token) {
  const auto chars = text::characters(token);
  if (chars.size() < 4) return false;
  for (const auto& c : chars)
    if (c.cls != text::CharClass::kWord) return false;
  const bool digits = std::all_of(token.begin(), token.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  return !digits && std::find(kStopWords.begin(), kStopWords.end(), token) == kStopWords.end();
}

}  // namespace

std::vector<std::string> suggestion_terms(std::span<const std::string> texts, size_t max_terms) {
  struct Seen {
    size_t count = 0, first = 0;
  };
  std::unordered_map<std::string, Seen> seen;
  std::vector<std::string> order;
  for (const std::string& t : texts) {
    const std::string tokens = index_text(t);
    size_t start = 0;
    while (start < tokens.size()) {
      size_t end = tokens.find(' ', start);
      if (end == std::string::npos) end = tokens.size();
      const std::string_view token(tokens.data() + start, end - start);
      start = end + 1;
      if (!english_topic_token(token) && !cjk_topic_token(token)) continue;
      auto [it, fresh] = seen.try_emplace(std::string(token), Seen{0, order.size()});
      if (fresh) order.emplace_back(token);
      ++it->second.count;
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return seen[a].count > seen[b].count; });
  if (order.size() > max_terms) order.resize(max_terms);
  return order;
}

}  // namespace switchyard::comms
