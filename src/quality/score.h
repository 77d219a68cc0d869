#pragma once
// Answers to a scorecard and the score formula (docs/quality.md "Score formula").
//
// Each item answered gets a value in [0, 1] (scorecard.h, AnswerKind). N/A removes the item from
// both the numerator and the denominator. With w = weight and v = value over the items answered
// (not N/A), across all sections:
//   earned   = sum(w * v)            possible = sum(w)
//   percent  = 100 * earned / possible          (0..100)
// A section's percent is the same sum over its own items. A failed critical item (scorecard.h,
// Item::critical) sets failed = true and the overall percent to 0; the section figures, earned,
// possible and raw_percent are still the formula's.
//
// Pure functions on values: no I/O, no clock, safe to call from any thread.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "quality/scorecard.h"

namespace switchyard::quality {

inline constexpr size_t kMaxCommentBytes = 4000;

// What an evaluator said for one item.
enum class Response : uint8_t {
  kYes,     // kYesNo items
  kNo,      // kYesNo items
  kNa,      // not applicable; items with na_allowed
  kNumber,  // kScale (kScaleMin..kScaleMax) and kPoints (0..max_points) items
};

struct Answer {
  std::string item;  // Item::id
  Response response = Response::kNa;
  int number = 0;  // kNumber only; 0 otherwise
  std::string comment;

  static Answer yes(std::string item, std::string comment = {});
  static Answer no(std::string item, std::string comment = {});
  static Answer na(std::string item, std::string comment = {});
  static Answer value(std::string item, int number, std::string comment = {});

  // Same response and number (the comment does not count).
  bool same_response(const Answer& other) const {
    return response == other.response && number == other.number;
  }
};

// The value of `answer` for `item` in [0, 1]; nullopt for N/A. Errors (kInvalidArgument, field
// `field`): a response that does not fit the item's kind, a number out of range, N/A where
// na_allowed is false.
Result<std::optional<double>> item_value(const Item& item, const Answer& answer,
                                         const std::string& field);

// True when `answer` (assumed to fit the item, see item_value) fails critical item `item`;
// always false for a non-critical item and for N/A.
bool fails_critical(const Item& item, const Answer& answer);

struct ItemScore {
  std::string item;
  int section = 0;               // index into Scorecard::sections
  double weight = 0;
  std::optional<double> value;   // 0..1; nullopt = N/A
  bool critical_failed = false;
};

struct SectionScore {
  std::string title;
  double earned = 0;              // sum(weight * value) over the section's answered items
  double possible = 0;            // sum(weight) over the same items
  std::optional<double> percent;  // 100 * earned / possible; nullopt when every item is N/A
  int answered = 0;               // items not N/A
  int not_applicable = 0;
};

struct ScoreResult {
  // 0..100: 100 * earned / possible, or 0 when failed. nullopt when every item is N/A: such an
  // evaluation has no score (it is not an error) and averages over evaluations skip it.
  std::optional<double> percent;
  std::optional<double> raw_percent;  // 100 * earned / possible even when failed
  double earned = 0;                  // weighted points: sum(weight * value), all sections
  double possible = 0;                // sum(weight) over the answered (not N/A) items
  bool failed = false;                // a critical item failed
  std::vector<SectionScore> sections;        // in scorecard order
  std::vector<std::string> critical_failed;  // item ids, in scorecard order
  std::vector<std::string> not_applicable;   // item ids answered N/A, in scorecard order
  std::vector<ItemScore> items;              // every item, in scorecard order
};

// Scores `answers` (any order, exactly one per item of `card`) on `card`. Errors, all
// kInvalidArgument: the scorecard's own (validate(); field as there, prefixed "scorecard."),
// then the answers' with field "answers[i].item" (unknown or duplicate item) or
// "answers[i].answer" (see item_value) or "answers[i].comment" (not clean text, too long), then
// a missing answer (field "answers", the message names the item).
Result<ScoreResult> score(const Scorecard& card, std::span<const Answer> answers);

}  // namespace switchyard::quality
