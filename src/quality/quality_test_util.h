#pragma once
// Builders shared by the quality tests.
#include <string>
#include <utility>
#include <vector>

#include "quality/scorecard.h"

namespace switchyard::quality::testing {

inline Item yes_no(std::string id, double weight, bool na_allowed = false) {
  Item i;
  i.id = std::move(id);
  i.text = "Did the agent " + i.id + "?";
  i.weight = weight;
  i.kind = AnswerKind::kYesNo;
  i.na_allowed = na_allowed;
  return i;
}

inline Item scale(std::string id, double weight, bool na_allowed = false) {
  Item i = yes_no(std::move(id), weight, na_allowed);
  i.kind = AnswerKind::kScale;
  return i;
}

inline Item points(std::string id, double weight, int max_points, bool na_allowed = false) {
  Item i = yes_no(std::move(id), weight, na_allowed);
  i.kind = AnswerKind::kPoints;
  i.max_points = max_points;
  return i;
}

inline Item critical(Item i, std::optional<int> fail_threshold = std::nullopt) {
  i.critical = true;
  i.fail_threshold = fail_threshold;
  return i;
}

inline Section section(std::string title, std::vector<Item> items) {
  Section s;
  s.title = std::move(title);
  s.items = std::move(items);
  return s;
}

inline Scorecard card(std::vector<Section> sections, int64_t id = 1) {
  Scorecard c;
  c.id = id;
  c.name = "Inbound voice";
  c.sections = std::move(sections);
  return c;
}

}  // namespace switchyard::quality::testing
