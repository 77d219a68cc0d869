#pragma once
// Calibration figures (docs/quality.md "Calibration"): several evaluators score the same contact
// blind on the same scorecard; the session shows how far apart they are per item and overall,
// and, once a reference answer set is agreed, how far each evaluator is from it. Over many
// sessions, aggregate_deviations() gives each evaluator's figures for the report.
//
// Units: item values are 0..1 (scorecard.h, AnswerKind); scores, spreads, standard deviations
// and deviations are percentage points (0..100). Standard deviations are population ones
// (divided by n, not n - 1): the evaluators of a session are all there is, not a sample.
//
// Pure functions on values: no I/O, no clock, safe to call from any thread.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "quality/score.h"
#include "quality/scorecard.h"

namespace switchyard::quality {

inline constexpr size_t kMaxEvaluatorBytes = 200;

// One evaluator's blind answers.
struct EvaluatorAnswers {
  std::string evaluator;  // user name; not empty, unique in the session
  std::vector<Answer> answers;
};

struct CalibrationSession {
  std::vector<EvaluatorAnswers> evaluations;  // at least one
  std::optional<std::vector<Answer>> reference;  // the agreed answers, once there are some
};

// How the evaluators answered one item.
struct ItemSpread {
  std::string item;
  std::vector<std::optional<double>> values;  // per evaluator (session order), 0..1; nullopt = N/A
  // Over the values that are not N/A; all nullopt when every evaluator said N/A.
  std::optional<double> min, max, mean, stddev;
  // Share (0..1) of evaluators who gave the most frequent answer. Answers are compared as given
  // (yes / no / N/A / the number), so N/A is an answer like any other.
  double agreement = 0;
};

// One evaluator's overall figures.
struct EvaluatorScore {
  std::string evaluator;
  ScoreResult score;  // score() of their answers; percent is 0 when they failed a critical item
  // Against the reference (all unset / 0 without one):
  std::optional<double> deviation_pp;  // |percent - reference percent|; nullopt when either is
                                       // without a score (all N/A)
  int items_differing = 0;             // items whose answer differs from the reference's
};

// One evaluator in one session with a reference: what aggregate_deviations() sums.
struct EvaluatorDeviation {
  std::string evaluator;
  std::optional<double> deviation_pp;  // as in EvaluatorScore
  int items_differing = 0;
  int items_compared = 0;  // the scorecard's item count
};

struct Calibration {
  std::vector<ItemSpread> items;             // scorecard order
  std::vector<EvaluatorScore> evaluators;    // session order
  // Over the evaluators' percents that exist (not all N/A); nullopt when none does.
  std::optional<double> spread_pp;  // max - min
  std::optional<double> stddev_pp;  // population standard deviation
  std::optional<ScoreResult> reference;      // score() of the reference answers
  std::vector<EvaluatorDeviation> deviations;  // one per evaluator when there is a reference
};

// The figures of one session. Errors (kInvalidArgument): no evaluations ("evaluations"); an
// empty, too long or repeated evaluator ("evaluations[i].evaluator"); answers that score()
// refuses (its field prefixed with "evaluations[i]." or "reference.").
Result<Calibration> calibrate(const Scorecard& card, const CalibrationSession& session);

// One evaluator over many sessions.
struct EvaluatorReport {
  std::string evaluator;
  int sessions = 0;  // records of this evaluator
  // Mean of deviation_pp over the records that have one; nullopt when none has.
  std::optional<double> mean_abs_deviation_pp;
  int items_differing = 0;  // summed
  int items_compared = 0;   // summed
  // items_differing / items_compared (0..1); 0 when nothing was compared.
  double item_disagreement_rate = 0;
};

// Per evaluator (sorted by evaluator), the figures of `records` (Calibration::deviations of any
// number of sessions, in any order).
std::vector<EvaluatorReport> aggregate_deviations(std::span<const EvaluatorDeviation> records);

}  // namespace switchyard::quality
