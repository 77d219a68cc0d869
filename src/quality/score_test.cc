// The score formula on hand-computed cases (docs/quality.md "Score formula"). Each expected
// figure has its hand computation beside it: w = weight, v = value in [0, 1].
#include "quality/score.h"

#include <gtest/gtest.h>

#include "quality/quality_test_util.h"

namespace switchyard::quality {
namespace {

using namespace testing;

constexpr double kEps = 1e-9;

ScoreResult must_score(const Scorecard& c, const std::vector<Answer>& answers) {
  Result<ScoreResult> r = score(c, answers);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().field + ": " + r.error().message);
  return r ? *r : ScoreResult{};
}

TEST(Score, EqualWeightsYesNo) {
  Scorecard c = card({section("All", {yes_no("a", 1), yes_no("b", 1), yes_no("c", 1),
                                      yes_no("d", 1)})});
  ScoreResult r = must_score(c, {Answer::yes("a"), Answer::yes("b"), Answer::no("c"),
                                 Answer::yes("d")});
  EXPECT_NEAR(*r.percent, 75.0, kEps);  // (1 + 1 + 0 + 1) / 4 = 0.75
  EXPECT_NEAR(r.earned, 3.0, kEps);
  EXPECT_NEAR(r.possible, 4.0, kEps);
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(r.not_applicable.empty());
}

TEST(Score, WeightsCount) {
  Scorecard c = card({section("All", {yes_no("a", 3), yes_no("b", 1), yes_no("c", 2)})});
  ScoreResult r = must_score(c, {Answer::yes("a"), Answer::no("b"), Answer::yes("c")});
  EXPECT_NEAR(r.earned, 5.0, kEps);    // 3*1 + 1*0 + 2*1 = 5
  EXPECT_NEAR(r.possible, 6.0, kEps);  // 3 + 1 + 2 = 6
  EXPECT_NEAR(*r.percent, 500.0 / 6.0, kEps);  // 100 * 5 / 6 = 83.33
}

TEST(Score, ScaleAndPoints) {
  Scorecard c = card({section("All", {scale("s", 2), points("p", 1, 10), yes_no("y", 1)})});
  ScoreResult r =
      must_score(c, {Answer::value("s", 4), Answer::value("p", 7), Answer::yes("y")});
  EXPECT_NEAR(r.items[0].value.value(), 0.75, kEps);  // scale 4: (4 - 1) / 4
  EXPECT_NEAR(r.items[1].value.value(), 0.7, kEps);   // points 7 of 10
  EXPECT_NEAR(r.earned, 3.2, kEps);                   // 2*0.75 + 1*0.7 + 1*1 = 3.2
  EXPECT_NEAR(*r.percent, 80.0, kEps);                // 100 * 3.2 / 4
  // The ends of the scale: 1 is worth 0, 5 is worth 1; 0 points is worth 0.
  ScoreResult low =
      must_score(c, {Answer::value("s", 1), Answer::value("p", 0), Answer::no("y")});
  EXPECT_NEAR(*low.percent, 0.0, kEps);  // 2*0 + 1*0 + 1*0 = 0
  ScoreResult high =
      must_score(c, {Answer::value("s", 5), Answer::value("p", 10), Answer::yes("y")});
  EXPECT_NEAR(*high.percent, 100.0, kEps);  // 2*1 + 1*1 + 1*1 = 4 of 4
}

TEST(Score, NotApplicableLeavesNumeratorAndDenominator) {
  Scorecard c = card({section("One", {yes_no("a", 2), yes_no("b", 3, true), yes_no("c", 1)}),
                      section("Two", {yes_no("d", 5, true)})});
  ScoreResult r =
      must_score(c, {Answer::yes("a"), Answer::na("b"), Answer::no("c"), Answer::na("d")});
  EXPECT_NEAR(r.possible, 3.0, kEps);              // 2 + 1 (b and d are N/A)
  EXPECT_NEAR(*r.percent, 200.0 / 3.0, kEps);      // 100 * (2*1 + 1*0) / 3 = 66.67
  EXPECT_EQ(r.not_applicable, (std::vector<std::string>{"b", "d"}));
  EXPECT_NEAR(*r.sections[0].percent, 200.0 / 3.0, kEps);  // the same two items
  EXPECT_EQ(r.sections[0].answered, 2);
  EXPECT_EQ(r.sections[0].not_applicable, 1);
  EXPECT_FALSE(r.sections[1].percent.has_value());  // every item of "Two" is N/A
  EXPECT_FALSE(r.items[1].value.has_value());
}

TEST(Score, SectionSizesDoNotDistort) {
  Scorecard c = card({section("Small", {yes_no("a", 1)}),
                      section("Big", {yes_no("b", 1), yes_no("c", 1), yes_no("d", 1)})});
  ScoreResult r =
      must_score(c, {Answer::yes("a"), Answer::no("b"), Answer::no("c"), Answer::yes("d")});
  EXPECT_NEAR(*r.sections[0].percent, 100.0, kEps);        // 1 / 1
  EXPECT_NEAR(*r.sections[1].percent, 100.0 / 3.0, kEps);  // 1 / 3
  // Overall = (1 + 0 + 0 + 1) / 4 = 50, not the mean of the sections' 100 and 33.3 (66.7).
  EXPECT_NEAR(*r.percent, 50.0, kEps);
}

TEST(Score, CriticalNoFailsTheEvaluation) {
  Scorecard c = card({section("Compliance", {critical(yes_no("disclose", 1)), yes_no("a", 1)}),
                      section("Care", {yes_no("b", 1), yes_no("c", 1)})});
  ScoreResult r =
      must_score(c, {Answer::no("disclose"), Answer::yes("a"), Answer::yes("b"), Answer::yes("c")});
  EXPECT_TRUE(r.failed);
  EXPECT_NEAR(*r.percent, 0.0, kEps);      // a failed critical item zeroes the score
  EXPECT_NEAR(*r.raw_percent, 75.0, kEps);  // (0 + 1 + 1 + 1) / 4, still reported
  EXPECT_NEAR(*r.sections[0].percent, 50.0, kEps);   // (0 + 1) / 2
  EXPECT_NEAR(*r.sections[1].percent, 100.0, kEps);  // (1 + 1) / 2
  EXPECT_EQ(r.critical_failed, (std::vector<std::string>{"disclose"}));
  EXPECT_TRUE(r.items[0].critical_failed);
}

TEST(Score, CriticalThresholdsOfScaleAndPoints) {
  // Scale fails at <= 2, points at <= 4 (of 10).
  Scorecard c = card({section("All", {critical(scale("tone", 1), 2),
                                      critical(points("accuracy", 1, 10), 4)})});
  ScoreResult at = must_score(c, {Answer::value("tone", 2), Answer::value("accuracy", 5)});
  EXPECT_TRUE(at.failed);  // 2 <= 2
  EXPECT_EQ(at.critical_failed, (std::vector<std::string>{"tone"}));
  EXPECT_NEAR(*at.raw_percent, 37.5, kEps);  // 100 * (1*0.25 + 1*0.5) / 2
  EXPECT_NEAR(*at.percent, 0.0, kEps);
  ScoreResult above = must_score(c, {Answer::value("tone", 3), Answer::value("accuracy", 5)});
  EXPECT_FALSE(above.failed);                // 3 > 2 and 5 > 4
  EXPECT_NEAR(*above.percent, 50.0, kEps);   // 100 * (1*0.5 + 1*0.5) / 2
  ScoreResult points_fail =
      must_score(c, {Answer::value("tone", 5), Answer::value("accuracy", 4)});
  EXPECT_TRUE(points_fail.failed);  // 4 <= 4
  EXPECT_EQ(points_fail.critical_failed, (std::vector<std::string>{"accuracy"}));
}

TEST(Score, CriticalItemAnsweredNaDoesNotFail) {
  Scorecard c = card({section("All", {critical(yes_no("disclose", 1, true)), yes_no("a", 1)})});
  ScoreResult r = must_score(c, {Answer::na("disclose"), Answer::no("a")});
  EXPECT_FALSE(r.failed);
  EXPECT_NEAR(*r.percent, 0.0, kEps);  // only "a" counts: 0 / 1
}

TEST(Score, AllNotApplicableHasNoScore) {
  Scorecard c = card({section("All", {yes_no("a", 1, true), scale("b", 2, true)})});
  ScoreResult r = must_score(c, {Answer::na("a"), Answer::na("b")});
  EXPECT_FALSE(r.percent.has_value());
  EXPECT_FALSE(r.raw_percent.has_value());
  EXPECT_FALSE(r.failed);
  EXPECT_NEAR(r.possible, 0.0, kEps);
}

// The worked example of docs/quality.md "Score formula".
TEST(Score, DocsWorkedExample) {
  Scorecard c = card({section("Opening", {yes_no("greet", 1), critical(yes_no("verify", 2))}),
                      section("Resolution", {scale("solution", 3), points("accuracy", 2, 10),
                                             yes_no("upsell", 1, true)})});
  std::vector<Answer> answers = {Answer::yes("greet"), Answer::yes("verify"),
                                 Answer::value("solution", 4), Answer::value("accuracy", 8),
                                 Answer::na("upsell")};
  ScoreResult r = must_score(c, answers);
  EXPECT_NEAR(*r.sections[0].percent, 100.0, kEps);  // (1*1 + 2*1) / 3
  EXPECT_NEAR(r.sections[1].earned, 3.85, kEps);     // 3*0.75 + 2*0.8 = 2.25 + 1.6
  EXPECT_NEAR(*r.sections[1].percent, 77.0, kEps);   // 3.85 / 5 (upsell N/A)
  EXPECT_NEAR(r.earned, 6.85, kEps);                 // 3 + 3.85
  EXPECT_NEAR(r.possible, 8.0, kEps);                // 1 + 2 + 3 + 2
  EXPECT_NEAR(*r.percent, 85.625, kEps);             // 100 * 6.85 / 8
  answers[1] = Answer::no("verify");
  ScoreResult failed = must_score(c, answers);
  EXPECT_TRUE(failed.failed);
  EXPECT_NEAR(*failed.percent, 0.0, kEps);
  EXPECT_NEAR(*failed.raw_percent, 60.625, kEps);           // 100 * (1 + 0 + 2.25 + 1.6) / 8
  EXPECT_NEAR(*failed.sections[0].percent, 100.0 / 3, kEps);  // (1*1 + 2*0) / 3
}

void expect_error(const Scorecard& c, const std::vector<Answer>& answers, const std::string& field,
                  const std::string& in_message = {}) {
  Result<ScoreResult> r = score(c, answers);
  ASSERT_FALSE(r.has_value()) << "expected an error on " << field;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, field) << r.error().message;
  if (!in_message.empty()) {
    EXPECT_NE(r.error().message.find(in_message), std::string::npos) << r.error().message;
  }
}

TEST(Score, BadAnswersNameTheField) {
  Scorecard c = card({section("All", {yes_no("a", 1), scale("s", 1), points("p", 1, 10)})});
  const Answer a = Answer::yes("a"), s = Answer::value("s", 3), p = Answer::value("p", 3);
  expect_error(c, {a, s}, "answers", "\"p\" has no answer");
  expect_error(c, {a, s, p, Answer::yes("zzz")}, "answers[3].item", "unknown item");
  expect_error(c, {a, s, p, Answer::no("a")}, "answers[3].item", "twice");
  expect_error(c, {Answer::na("a"), s, p}, "answers[0].answer", "N/A");
  expect_error(c, {Answer::value("a", 1), s, p}, "answers[0].answer");
  expect_error(c, {a, Answer::yes("s"), p}, "answers[1].answer");
  expect_error(c, {a, Answer::value("s", 0), p}, "answers[1].answer", "1..5");
  expect_error(c, {a, Answer::value("s", 6), p}, "answers[1].answer", "1..5");
  expect_error(c, {a, s, Answer::value("p", 11)}, "answers[2].answer", "0..10");
  expect_error(c, {a, s, Answer::value("p", -1)}, "answers[2].answer", "0..10");
  expect_error(c, {a, s, Answer::value("p", 3, std::string("bad\xff"))}, "answers[2].comment");
  Scorecard broken = c;
  broken.sections[0].items[1].weight = 0;
  expect_error(broken, {a, s, p}, "scorecard.sections[0].items[1].weight");
}

}  // namespace
}  // namespace switchyard::quality
