// Keyword hits on a word timeline, mapped back to the words' times; a call's
// two sides joined into segments.
#include "speech/word_spotter.h"

#include <gtest/gtest.h>

namespace switchyard::speech {
namespace {

quality::KeywordSet keywords(std::vector<std::string> k) {
  auto s = quality::KeywordSet::compile(k);
  EXPECT_TRUE(s) << s.error().message;
  return *s;
}

TEST(SpotWordsTest, HitsTakeTheTimesOfTheWordsTheyCover) {
  const std::vector<Word> words = {{"i", 100, 200},         {"want", 200, 450},  {"to", 450, 500},
                                   {"speak", 600, 900},      {"to", 900, 1000},   {"a", 1000, 1050},
                                   {"supervisor", 1050, 1800}, {"cancellation", 2500, 3300}};
  auto hits = spot_words(keywords({"supervisor", "speak to a supervisor", "cancel*", "want"}), words);
  ASSERT_EQ(hits.size(), 4u);
  EXPECT_EQ(hits[0], (TimedHit{3, 200, 450, "want"}));
  EXPECT_EQ(hits[1], (TimedHit{1, 600, 1800, "speak to a supervisor"}));
  EXPECT_EQ(hits[2], (TimedHit{0, 1050, 1800, "supervisor"}));
  EXPECT_EQ(hits[3], (TimedHit{2, 2500, 3300, "cancellation"}));
  // whole words only: "cancel" is not in "cancellation"
  EXPECT_TRUE(spot_words(keywords({"cancel"}), words).empty());
  EXPECT_TRUE(spot_words(keywords({"cancel"}), {}).empty());
}

TEST(CallTextTest, SidesAreSegmentedByPausesAndSpottedApart) {
  const std::vector<Word> customer = {{"i", 0, 100}, {"want", 100, 400}, {"a", 400, 450}, {"refund", 450, 900},
                                      {"now", 2500, 2800}};
  const std::vector<Word> agent = {{"sorry", 1000, 1400}, {"refund", 1500, 2000}};
  CallText t = call_text(customer, agent, keywords({"refund"}));
  ASSERT_EQ(t.segments.size(), 3u);
  EXPECT_EQ(t.segments[0], (Segment{"customer", 0, 900, "i want a refund"}));
  EXPECT_EQ(t.segments[1], (Segment{"agent", 1000, 2000, "sorry refund"}));
  EXPECT_EQ(t.segments[2], (Segment{"customer", 2500, 2800, "now"}));  // after a pause of 1.6 s
  ASSERT_EQ(t.words.size(), 7u);
  EXPECT_EQ(t.words[4], (ChannelWord{"agent", "sorry", 1000, 1400}));
  ASSERT_EQ(t.hits.size(), 2u);
  EXPECT_EQ(t.hits[0].channel, "customer");
  EXPECT_EQ(t.hits[0].hit.start_ms, 450);
  EXPECT_EQ(t.hits[1].channel, "agent");
  EXPECT_EQ(t.hits[1].hit.start_ms, 1500);
}

}  // namespace
}  // namespace switchyard::speech
