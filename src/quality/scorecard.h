#pragma once
// The scorecard model of quality management (issue 12, docs/quality.md "Scorecards"): a
// scorecard is a versioned list of sections of weighted items that an evaluator answers for one
// contact. This header has the model, its validation and the choice of the scorecard that applies
// to a contact; answers and the score formula are in score.h, the JSON form in quality_json.h.
//
// Pure functions on values: no I/O, no clock, safe to call from any thread.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace switchyard::quality {

// Limits on what validate() accepts (a scorecard is untrusted input from the API).
inline constexpr int kScaleMin = 1;
inline constexpr int kScaleMax = 5;
inline constexpr int kMaxPoints = 1000;         // largest max_points of a points item
inline constexpr size_t kMaxSections = 50;
inline constexpr size_t kMaxItems = 500;        // over all sections
inline constexpr size_t kMaxItemIdBytes = 64;   // item ids: [A-Za-z0-9_.-], 1..64 bytes
inline constexpr size_t kMaxTitleBytes = 200;   // name, section title, queue
inline constexpr size_t kMaxTextBytes = 4000;   // description, item text, guidance

enum class Direction : uint8_t { kInbound, kOutbound };
std::string_view to_string(Direction d);  // "inbound", "outbound"
std::optional<Direction> direction_from_string(std::string_view s);

// How an item is answered, and what each answer is worth (its value in [0, 1]):
//   kYesNo   "yes" = 1, "no" = 0
//   kScale   s in kScaleMin..kScaleMax: (s - 1) / 4
//   kPoints  p in 0..max_points:        p / max_points
// Any item may also be answered N/A when its na_allowed flag is set.
enum class AnswerKind : uint8_t { kYesNo, kScale, kPoints };
std::string_view to_string(AnswerKind k);  // "yes_no", "scale", "points"
std::optional<AnswerKind> answer_kind_from_string(std::string_view s);

struct Item {
  std::string id;        // stable across versions; what answers refer to
  std::string text;      // the question shown to the evaluator
  std::string guidance;  // how to answer it (may be empty)
  double weight = 1;     // > 0, finite; relative to the other items of the scorecard
  AnswerKind kind = AnswerKind::kYesNo;
  int max_points = 0;    // kPoints: 1..kMaxPoints; other kinds: 0
  // A critical item that fails fails the whole evaluation (score 0, see score.h). It fails when
  // answered "no" (kYesNo), or with a number <= fail_threshold (kScale, kPoints). N/A never
  // fails.
  bool critical = false;
  // Only for critical kScale items (kScaleMin..kScaleMax - 1) and critical kPoints items
  // (0..max_points - 1), where it is required; absent otherwise. In the item's own units
  // (a scale step, or points), so that some answer always passes.
  std::optional<int> fail_threshold;
  bool na_allowed = false;  // may the item be answered N/A
};

struct Section {
  std::string title;
  std::vector<Item> items;  // at least one
};

// The contacts a scorecard is for. Each dimension is either "any" (nullopt / empty) or one value
// the contact must have.
struct Applicability {
  std::optional<core::Channel> channel;  // nullopt = any channel
  std::string queue;                     // queue name, exact match; empty = any queue
  std::optional<Direction> direction;    // nullopt = inbound and outbound
};

struct Scorecard {
  int64_t id = 0;    // >= 0; 0 = not stored yet
  int version = 1;   // >= 1; editing a stored scorecard makes a new version
  std::string name;  // not empty
  std::string description;
  Applicability applies_to;
  std::vector<Section> sections;  // at least one
};

// The first problem of `card`, with `field` naming its path as in the JSON form
// ("name", "sections[1].items[0].weight", ...) and code kInvalidArgument; or nothing.
// Checks: name not empty; 1..kMaxSections sections; every section has a title and at least one
// item; at most kMaxItems items; item ids well-formed and unique across the scorecard; text not
// empty; weight finite and > 0; max_points and fail_threshold as documented on Item; id >= 0,
// version >= 1; every string clean UTF-8 (core/text.h) within its length limit.
Result<void> validate(const Scorecard& card);

// The item with this id, or nullptr.
const Item* find_item(const Scorecard& card, std::string_view item_id);
// Number of items over all sections.
size_t item_count(const Scorecard& card);

// What a contact is, for choosing its scorecard.
struct ContactKind {
  core::Channel channel = core::Channel::kVoice;
  std::string_view queue;  // the queue's name
  Direction direction = Direction::kInbound;
};

// True when every dimension of `a` is "any" or equals the contact's.
bool applies(const Applicability& a, const ContactKind& contact);

// How specific an applicability is: queue 4 + channel 2 + direction 1 for each dimension that is
// not "any" (0..7). A queue outranks channel and direction together because a queue usually
// implies its channel; channel outranks direction.
int specificity(const Applicability& a);

// The scorecard for `contact` among `cards`: of those that apply, the most specific; ties go to
// the lowest id, then the highest version. nullptr when none applies. `cards` are expected to
// be valid, usually the current version of each.
const Scorecard* pick_scorecard(std::span<const Scorecard> cards, const ContactKind& contact);

}  // namespace switchyard::quality
