#include "quality/calibration.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/text.h"

namespace switchyard::quality {

namespace {

struct Stats {
  std::optional<double> min, max, mean, stddev;
};

// Population statistics of `xs`; all nullopt when empty.
Stats stats_of(const std::vector<double>& xs) {
  Stats s;
  if (xs.empty()) return s;
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / static_cast<double>(xs.size());
  double sq = 0;
  for (double x : xs) sq += (x - mean) * (x - mean);
  s.min = *std::min_element(xs.begin(), xs.end());
  s.max = *std::max_element(xs.begin(), xs.end());
  s.mean = mean;
  s.stddev = std::sqrt(sq / static_cast<double>(xs.size()));
  return s;
}

Result<ScoreResult> score_prefixed(const Scorecard& card, std::span<const Answer> answers,
                                   const std::string& prefix) {
  Result<ScoreResult> r = score(card, answers);
  if (!r) {
    Error e = r.error();
    e.field = e.field.empty() ? prefix : prefix + "." + e.field;
    return std::unexpected(std::move(e));
  }
  return r;
}

// Each answer set indexed by item id (score() has checked there is exactly one per item).
const Answer& answer_for(std::span<const Answer> answers, std::string_view item) {
  for (const Answer& a : answers)
    if (a.item == item) return a;
  return answers.front();  // unreachable after score()
}

}  // namespace

Result<Calibration> calibrate(const Scorecard& card, const CalibrationSession& session) {
  if (session.evaluations.empty())
    return make_error(ErrorCode::kInvalidArgument, "a calibration needs at least one evaluation",
                      "evaluations");
  Calibration out;
  std::set<std::string_view> seen;
  for (size_t e = 0; e < session.evaluations.size(); ++e) {
    const EvaluatorAnswers& ev = session.evaluations[e];
    const std::string path = "evaluations[" + std::to_string(e) + "]";
    if (ev.evaluator.empty() || ev.evaluator.size() > kMaxEvaluatorBytes ||
        !is_clean_text(ev.evaluator))
      return make_error(ErrorCode::kInvalidArgument,
                        "1.." + std::to_string(kMaxEvaluatorBytes) + " bytes of text",
                        path + ".evaluator");
    if (!seen.insert(ev.evaluator).second)
      return make_error(ErrorCode::kInvalidArgument,
                        "evaluator \"" + ev.evaluator + "\" appears twice", path + ".evaluator");
    Result<ScoreResult> s = score_prefixed(card, ev.answers, path);
    if (!s) return std::unexpected(s.error());
    out.evaluators.push_back(EvaluatorScore{ev.evaluator, std::move(*s), std::nullopt, 0});
  }
  if (session.reference) {
    Result<ScoreResult> s = score_prefixed(card, *session.reference, "reference");
    if (!s) return std::unexpected(s.error());
    out.reference = std::move(*s);
  }

  const size_t n = session.evaluations.size();
  size_t index = 0;  // item index in scorecard order
  for (const Section& section : card.sections) {
    for (const Item& item : section.items) {
      ItemSpread spread;
      spread.item = item.id;
      std::vector<double> given;
      std::vector<const Answer*> answers;
      for (size_t e = 0; e < n; ++e) {
        const std::optional<double> v = out.evaluators[e].score.items[index].value;
        spread.values.push_back(v);
        if (v) given.push_back(*v);
        answers.push_back(&answer_for(session.evaluations[e].answers, item.id));
      }
      const Stats st = stats_of(given);
      spread.min = st.min;
      spread.max = st.max;
      spread.mean = st.mean;
      spread.stddev = st.stddev;
      size_t modal = 0;
      for (const Answer* a : answers) {
        const size_t same = static_cast<size_t>(std::count_if(
            answers.begin(), answers.end(), [&](const Answer* b) { return a->same_response(*b); }));
        modal = std::max(modal, same);
      }
      spread.agreement = static_cast<double>(modal) / static_cast<double>(n);
      if (session.reference) {
        const Answer& ref = answer_for(*session.reference, item.id);
        for (size_t e = 0; e < n; ++e)
          if (!answers[e]->same_response(ref)) ++out.evaluators[e].items_differing;
      }
      out.items.push_back(std::move(spread));
      ++index;
    }
  }

  std::vector<double> percents;
  for (const EvaluatorScore& es : out.evaluators)
    if (es.score.percent) percents.push_back(*es.score.percent);
  const Stats overall = stats_of(percents);
  if (overall.min) out.spread_pp = *overall.max - *overall.min;
  out.stddev_pp = overall.stddev;

  if (out.reference) {
    const int compared = static_cast<int>(item_count(card));
    for (EvaluatorScore& es : out.evaluators) {
      if (es.score.percent && out.reference->percent)
        es.deviation_pp = std::fabs(*es.score.percent - *out.reference->percent);
      out.deviations.push_back(
          EvaluatorDeviation{es.evaluator, es.deviation_pp, es.items_differing, compared});
    }
  }
  return out;
}

std::vector<EvaluatorReport> aggregate_deviations(std::span<const EvaluatorDeviation> records) {
  struct Sum {
    int sessions = 0;
    int scored = 0;
    double deviation = 0;
    int differing = 0;
    int compared = 0;
  };
  std::map<std::string, Sum> by_evaluator;
  for (const EvaluatorDeviation& r : records) {
    Sum& s = by_evaluator[r.evaluator];
    ++s.sessions;
    if (r.deviation_pp) {
      ++s.scored;
      s.deviation += *r.deviation_pp;
    }
    s.differing += r.items_differing;
    s.compared += r.items_compared;
  }
  std::vector<EvaluatorReport> out;
  for (const auto& [evaluator, s] : by_evaluator) {
    EvaluatorReport rep;
    rep.evaluator = evaluator;
    rep.sessions = s.sessions;
    if (s.scored > 0) rep.mean_abs_deviation_pp = s.deviation / s.scored;
    rep.items_differing = s.differing;
    rep.items_compared = s.compared;
    if (s.compared > 0) rep.item_disagreement_rate = double(s.differing) / s.compared;
    out.push_back(std::move(rep));
  }
  return out;
}

}  // namespace switchyard::quality
