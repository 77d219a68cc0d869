// Keyword spotting in English, Chinese and mixed text; UTF-8 safety.
#include "quality/keywords.h"

#include <gtest/gtest.h>

#include "wfm/splitmix.h"

namespace switchyard::quality {
namespace {

struct Found {
  std::string keyword;
  std::string matched;
  size_t offset;
  bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Found& f) {
  return os << "{" << f.keyword << " \"" << f.matched << "\" @" << f.offset << "}";
}

std::vector<Found> find(std::string_view text, const std::vector<std::string>& keywords) {
  Result<KeywordSet> set = KeywordSet::compile(keywords);
  EXPECT_TRUE(set.has_value()) << (set ? "" : set.error().field + ": " + set.error().message);
  std::vector<Found> out;
  if (!set) return out;
  for (const KeywordHit& h : set->spot(text))
    out.push_back(Found{set->keyword(h.keyword), std::string(text.substr(h.offset, h.length)),
                        h.offset});
  return out;
}

TEST(Keywords, EnglishWholeWordsAnyCase) {
  EXPECT_EQ(find("I want to Cancel. CANCEL now, cancel!", {"cancel"}),
            (std::vector<Found>{{"cancel", "Cancel", 10},
                                {"cancel", "CANCEL", 18},
                                {"cancel", "cancel", 30}}));
  EXPECT_TRUE(find("the cancellation fee; precancel", {"cancel"}).empty());
  EXPECT_TRUE(find("cancel2 cancel_x", {"cancel"}).size() == 1);  // '_' is a boundary, '2' not
  EXPECT_EQ(find("cancel_x", {"cancel"}), (std::vector<Found>{{"cancel", "cancel", 0}}));
}

TEST(Keywords, TrailingStarIsAPrefix) {
  EXPECT_EQ(find("Cancellation, cancelled and cancel.", {"cancel*"}),
            (std::vector<Found>{{"cancel*", "Cancel", 0},
                                {"cancel*", "cancel", 14},
                                {"cancel*", "cancel", 28}}));
  EXPECT_TRUE(find("precancellation", {"cancel*"}).empty());  // still whole-word at the start
}

TEST(Keywords, PhrasesMatchAcrossAnyWhitespace) {
  const std::string text = "Let me SPEAK  to a\n\tsupervisor please; speak to a supervisors";
  EXPECT_EQ(find(text, {"speak to a supervisor"}),
            (std::vector<Found>{{"speak to a supervisor", "SPEAK  to a\n\tsupervisor", 7}}));
  EXPECT_EQ(find("speak to asupervisor", {"speak to a supervisor"}), std::vector<Found>{});
  // Keyword whitespace is trimmed and collapsed.
  EXPECT_EQ(find("speak to a manager", {"  speak   to a manager "}).size(), 1u);
}

TEST(Keywords, LatinLettersFoldCase) {
  EXPECT_EQ(find("RÉSILIATION immédiate; Kündigung", {"résiliation", "KÜNDIGUNG"}),
            (std::vector<Found>{{"résiliation", "RÉSILIATION", 0},
                                {"KÜNDIGUNG", "Kündigung", 25}}));
  EXPECT_EQ(find("ŁÓDŹ", {"łódź"}).size(), 1u);     // Latin Extended-A pairs
  EXPECT_TRUE(find("cafés", {"café"}).empty());     // é is a word character
  EXPECT_EQ(find("ＣＡＮＣＥＬ please", {"cancel"}).size(), 1u);  // fullwidth ASCII
}

TEST(Keywords, ChineseMatchesAsSubstrings) {
  // "我要投诉你们" : 我 要 are 3 bytes each, so 投诉 starts at byte 6.
  EXPECT_EQ(find("我要投诉你们", {"投诉"}), (std::vector<Found>{{"投诉", "投诉", 6}}));
  EXPECT_EQ(find("投诉投诉，再投诉！", {"投诉"}).size(), 3u);
  EXPECT_EQ(find("你们的主管呢？我要找主管", {"主管", "找主管"}),
            (std::vector<Found>{{"主管", "主管", 9}, {"找主管", "找主管", 27}, {"主管", "主管", 30}}));
  EXPECT_TRUE(find("我很满意", {"投诉"}).empty());
  // Overlapping matches of one keyword: leftmost first, no overlap.
  EXPECT_EQ(find("哈哈哈", {"哈哈"}).size(), 1u);
}

TEST(Keywords, MixedEnglishAndChinese) {
  const std::string text = "我要cancel订单，还要投诉。Please cancel it, 不然我找supervisor";
  std::vector<Found> got = find(text, {"cancel", "投诉", "supervisor", "订单"});
  EXPECT_EQ(got, (std::vector<Found>{{"cancel", "cancel", 6},
                                     {"订单", "订单", 12},
                                     {"投诉", "投诉", 27},
                                     {"cancel", "cancel", 43},
                                     {"supervisor", "supervisor", 66}}));  // 不然我找 = 54..66
  // A keyword that mixes scripts: boundary at the Latin start only.
  EXPECT_EQ(find("尊敬的VIP客户您好", {"vip客户"}), (std::vector<Found>{{"vip客户", "VIP客户", 9}}));
  EXPECT_TRUE(find("aVIP客户", {"vip客户"}).empty());
}

TEST(Keywords, BadKeywordsNameTheIndex) {
  auto field_of = [](std::vector<std::string> kws) {
    Result<KeywordSet> r = KeywordSet::compile(kws);
    return r ? std::string("(ok)") : r.error().field;
  };
  EXPECT_EQ(field_of({"ok", ""}), "keywords[1]");
  EXPECT_EQ(field_of({"  "}), "keywords[0]");
  EXPECT_EQ(field_of({"*"}), "keywords[0]");
  EXPECT_EQ(field_of({"ok", "can*cel"}), "keywords[1]");
  EXPECT_EQ(field_of({std::string("bad\xff")}), "keywords[0]");
  EXPECT_EQ(field_of({std::string(201, 'a')}), "keywords[0]");
  EXPECT_EQ(field_of(std::vector<std::string>(501, "a")), "keywords");
  EXPECT_EQ(field_of({"cancel *"}), "(ok)");
  Result<std::vector<KeywordHit>> r = spot("x", std::vector<std::string>{"*"});
  ASSERT_FALSE(r.has_value());
  Result<std::vector<KeywordHit>> ok = spot("A cancel", std::vector<std::string>{"cancel"});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].offset, 2u);
  EXPECT_EQ((*ok)[0].length, 6u);
}

TEST(Keywords, InvalidUtf8IsABoundaryAndNeverCrashes) {
  const std::string text = std::string("\xff") + "cancel" + "\xc3" + "投诉" + "\xe6\x8a";
  EXPECT_EQ(find(text, {"cancel", "投诉"}),
            (std::vector<Found>{{"cancel", "cancel", 1}, {"投诉", "投诉", 8}}));
  // Random bytes: offsets stay in range and on the keyword's text.
  Result<KeywordSet> set =
      KeywordSet::compile(std::vector<std::string>{"a", "ab*", "投", "x y", "é"});
  ASSERT_TRUE(set.has_value());
  wfm::SplitMix rng{42};
  for (int round = 0; round < 2000; ++round) {
    std::string s(static_cast<size_t>(rng.below(40)), '\0');
    for (char& c : s) c = static_cast<char>(rng.below(4) == 0 ? "ab xé投"[rng.below(8)] : rng.below(256));
    for (const KeywordHit& h : set->spot(s)) {
      ASSERT_LE(h.offset + h.length, s.size());
      ASSERT_GT(h.length, 0u);
    }
  }
}

}  // namespace
}  // namespace switchyard::quality
