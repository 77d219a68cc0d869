// Calibration figures on hand-computed sessions (docs/quality.md "Calibration").
#include "quality/calibration.h"

#include <cmath>

#include <gtest/gtest.h>

#include "quality/quality_test_util.h"

namespace switchyard::quality {
namespace {

using namespace testing;

constexpr double kEps = 1e-9;

Scorecard three_items() {
  return card({section("All", {yes_no("greet", 1), scale("tone", 2), yes_no("upsell", 1, true)})});
}

// ann: yes, 5, yes -> (1 + 2*1 + 1) / 4 = 100
// bob: yes, 3, no  -> (1 + 2*0.5 + 0) / 4 = 50
// cy:  no, 4, na   -> (0 + 2*0.75) / 3 = 50
CalibrationSession session() {
  CalibrationSession s;
  s.evaluations = {
      {"ann", {Answer::yes("greet"), Answer::value("tone", 5), Answer::yes("upsell")}},
      {"bob", {Answer::yes("greet"), Answer::value("tone", 3), Answer::no("upsell")}},
      {"cy", {Answer::value("tone", 4), Answer::na("upsell"), Answer::no("greet")}},
  };
  return s;
}

Calibration must_calibrate(const Scorecard& c, const CalibrationSession& s) {
  Result<Calibration> r = calibrate(c, s);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().field + ": " + r.error().message);
  return r ? *r : Calibration{};
}

TEST(Calibration, SpreadPerItem) {
  Calibration cal = must_calibrate(three_items(), session());
  ASSERT_EQ(cal.items.size(), 3u);
  const ItemSpread& greet = cal.items[0];
  EXPECT_EQ(greet.values, (std::vector<std::optional<double>>{1.0, 1.0, 0.0}));
  EXPECT_NEAR(*greet.min, 0.0, kEps);
  EXPECT_NEAR(*greet.max, 1.0, kEps);
  EXPECT_NEAR(*greet.mean, 2.0 / 3, kEps);
  // deviations 1/3, 1/3, -2/3: (1/9 + 1/9 + 4/9) / 3 = 2/9
  EXPECT_NEAR(*greet.stddev, std::sqrt(2.0 / 9), kEps);
  EXPECT_NEAR(greet.agreement, 2.0 / 3, kEps);  // "yes" twice of three

  const ItemSpread& tone = cal.items[1];  // values 1, 0.5, 0.75
  EXPECT_NEAR(*tone.mean, 0.75, kEps);
  EXPECT_NEAR(*tone.min, 0.5, kEps);
  EXPECT_NEAR(*tone.stddev, std::sqrt(0.125 / 3), kEps);  // (0.0625 + 0.0625 + 0) / 3
  EXPECT_NEAR(tone.agreement, 1.0 / 3, kEps);             // 5, 3, 4: all different

  const ItemSpread& upsell = cal.items[2];  // 1, 0, N/A: statistics over 1 and 0
  EXPECT_FALSE(upsell.values[2].has_value());
  EXPECT_NEAR(*upsell.mean, 0.5, kEps);
  EXPECT_NEAR(*upsell.stddev, 0.5, kEps);  // (0.25 + 0.25) / 2
  EXPECT_NEAR(upsell.agreement, 1.0 / 3, kEps);  // yes, no, N/A
}

TEST(Calibration, OverallSpread) {
  Calibration cal = must_calibrate(three_items(), session());
  ASSERT_EQ(cal.evaluators.size(), 3u);
  EXPECT_EQ(cal.evaluators[2].evaluator, "cy");
  EXPECT_NEAR(*cal.evaluators[0].score.percent, 100.0, kEps);
  EXPECT_NEAR(*cal.evaluators[1].score.percent, 50.0, kEps);
  EXPECT_NEAR(*cal.evaluators[2].score.percent, 50.0, kEps);
  EXPECT_NEAR(*cal.spread_pp, 50.0, kEps);  // 100 - 50
  // mean 200/3; deviations 100/3, -50/3, -50/3: (10000 + 2500 + 2500) / 9 / 3 = 15000 / 27
  EXPECT_NEAR(*cal.stddev_pp, std::sqrt(15000.0 / 27), kEps);
  EXPECT_FALSE(cal.reference.has_value());
  EXPECT_TRUE(cal.deviations.empty());
  EXPECT_FALSE(cal.evaluators[0].deviation_pp.has_value());
}

TEST(Calibration, DeviationFromTheReference) {
  CalibrationSession s = session();
  // yes, 4, no -> (1 + 2*0.75 + 0) / 4 = 62.5
  s.reference = std::vector<Answer>{Answer::yes("greet"), Answer::value("tone", 4),
                                    Answer::no("upsell")};
  Calibration cal = must_calibrate(three_items(), s);
  ASSERT_TRUE(cal.reference.has_value());
  EXPECT_NEAR(*cal.reference->percent, 62.5, kEps);
  EXPECT_NEAR(*cal.evaluators[0].deviation_pp, 37.5, kEps);  // |100 - 62.5|
  EXPECT_EQ(cal.evaluators[0].items_differing, 2);           // tone 5 != 4, upsell yes != no
  EXPECT_NEAR(*cal.evaluators[1].deviation_pp, 12.5, kEps);  // |50 - 62.5|
  EXPECT_EQ(cal.evaluators[1].items_differing, 1);           // tone 3 != 4
  EXPECT_NEAR(*cal.evaluators[2].deviation_pp, 12.5, kEps);  // |50 - 62.5|
  EXPECT_EQ(cal.evaluators[2].items_differing, 2);           // greet no != yes, upsell N/A != no
  ASSERT_EQ(cal.deviations.size(), 3u);
  EXPECT_EQ(cal.deviations[2].evaluator, "cy");
  EXPECT_EQ(cal.deviations[2].items_compared, 3);
}

TEST(Calibration, CriticalFailureCountsAsZero) {
  Scorecard c = card({section("All", {critical(yes_no("disclose", 1)), yes_no("greet", 1)})});
  CalibrationSession s;
  s.evaluations = {{"ann", {Answer::yes("disclose"), Answer::yes("greet")}},   // 100
                   {"bob", {Answer::no("disclose"), Answer::yes("greet")}}};   // failed: 0
  s.reference = std::vector<Answer>{Answer::yes("disclose"), Answer::no("greet")};  // 50
  Calibration cal = must_calibrate(c, s);
  EXPECT_TRUE(cal.evaluators[1].score.failed);
  EXPECT_NEAR(*cal.spread_pp, 100.0, kEps);                 // 100 - 0
  EXPECT_NEAR(*cal.stddev_pp, 50.0, kEps);                  // mean 50, deviations +-50
  EXPECT_NEAR(*cal.evaluators[0].deviation_pp, 50.0, kEps);  // |100 - 50|
  EXPECT_NEAR(*cal.evaluators[1].deviation_pp, 50.0, kEps);  // |0 - 50|
  EXPECT_EQ(cal.evaluators[1].items_differing, 2);           // disclose and greet differ
  EXPECT_NEAR(cal.items[0].agreement, 0.5, kEps);
}

TEST(Calibration, AggregatesDeviationsPerEvaluator) {
  CalibrationSession s = session();
  s.reference = std::vector<Answer>{Answer::yes("greet"), Answer::value("tone", 4),
                                    Answer::no("upsell")};
  std::vector<EvaluatorDeviation> records = must_calibrate(three_items(), s).deviations;
  // A second session: ann 2.5 pp off with no item differing; bob had no score (all N/A), one
  // item of three differing.
  records.push_back(EvaluatorDeviation{"bob", std::nullopt, 1, 3});
  records.push_back(EvaluatorDeviation{"ann", 2.5, 0, 3});
  std::vector<EvaluatorReport> rep = aggregate_deviations(records);
  ASSERT_EQ(rep.size(), 3u);
  EXPECT_EQ(rep[0].evaluator, "ann");
  EXPECT_EQ(rep[0].sessions, 2);
  EXPECT_NEAR(*rep[0].mean_abs_deviation_pp, 20.0, kEps);    // (37.5 + 2.5) / 2
  EXPECT_NEAR(rep[0].item_disagreement_rate, 2.0 / 6, kEps);  // (2 + 0) / (3 + 3)
  EXPECT_EQ(rep[1].evaluator, "bob");
  EXPECT_EQ(rep[1].sessions, 2);
  EXPECT_NEAR(*rep[1].mean_abs_deviation_pp, 12.5, kEps);     // only the scored session
  EXPECT_NEAR(rep[1].item_disagreement_rate, 2.0 / 6, kEps);  // (1 + 1) / 6
  EXPECT_EQ(rep[2].evaluator, "cy");
  EXPECT_EQ(rep[2].sessions, 1);
  EXPECT_NEAR(*rep[2].mean_abs_deviation_pp, 12.5, kEps);
  EXPECT_NEAR(rep[2].item_disagreement_rate, 2.0 / 3, kEps);
  EXPECT_TRUE(aggregate_deviations({}).empty());
  const EvaluatorDeviation unscored{"dee", std::nullopt, 0, 0};
  std::vector<EvaluatorReport> dee = aggregate_deviations(std::span(&unscored, 1));
  EXPECT_FALSE(dee[0].mean_abs_deviation_pp.has_value());
  EXPECT_EQ(dee[0].item_disagreement_rate, 0.0);
}

TEST(Calibration, AllNotApplicableHasNoOverallFigures) {
  Scorecard c = card({section("All", {yes_no("a", 1, true)})});
  CalibrationSession s;
  s.evaluations = {{"ann", {Answer::na("a")}}, {"bob", {Answer::na("a")}}};
  Calibration cal = must_calibrate(c, s);
  EXPECT_FALSE(cal.spread_pp.has_value());
  EXPECT_FALSE(cal.stddev_pp.has_value());
  EXPECT_FALSE(cal.items[0].mean.has_value());
  EXPECT_NEAR(cal.items[0].agreement, 1.0, kEps);
}

TEST(Calibration, ErrorsNameTheField) {
  const Scorecard c = three_items();
  auto field_of = [&](const CalibrationSession& s) {
    Result<Calibration> r = calibrate(c, s);
    return r ? std::string("(ok)") : r.error().field;
  };
  EXPECT_EQ(field_of(CalibrationSession{}), "evaluations");
  CalibrationSession dup = session();
  dup.evaluations[2].evaluator = "ann";
  EXPECT_EQ(field_of(dup), "evaluations[2].evaluator");
  CalibrationSession unnamed = session();
  unnamed.evaluations[0].evaluator.clear();
  EXPECT_EQ(field_of(unnamed), "evaluations[0].evaluator");
  CalibrationSession bad = session();
  bad.evaluations[1].answers[0] = Answer::yes("nope");
  EXPECT_EQ(field_of(bad), "evaluations[1].answers[0].item");
  CalibrationSession bad_ref = session();
  bad_ref.reference = std::vector<Answer>{Answer::yes("greet")};
  EXPECT_EQ(field_of(bad_ref), "reference.answers");
}

}  // namespace
}  // namespace switchyard::quality
