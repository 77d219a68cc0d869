#include "quality/score.h"

#include <unordered_map>

#include "core/text.h"

namespace switchyard::quality {

Answer Answer::yes(std::string item, std::string comment) {
  return Answer{std::move(item), Response::kYes, 0, std::move(comment)};
}
Answer Answer::no(std::string item, std::string comment) {
  return Answer{std::move(item), Response::kNo, 0, std::move(comment)};
}
Answer Answer::na(std::string item, std::string comment) {
  return Answer{std::move(item), Response::kNa, 0, std::move(comment)};
}
Answer Answer::value(std::string item, int number, std::string comment) {
  return Answer{std::move(item), Response::kNumber, number, std::move(comment)};
}

namespace {

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

std::optional<double> percent_of(double earned, double possible) {
  if (possible <= 0) return std::nullopt;
  return 100.0 * earned / possible;
}

}  // namespace

Result<std::optional<double>> item_value(const Item& item, const Answer& answer,
                                         const std::string& field) {
  const std::string quoted = "item \"" + item.id + "\"";
  switch (answer.response) {
    case Response::kNa:
      if (!item.na_allowed) return invalid(quoted + " does not allow N/A", field);
      return std::optional<double>();
    case Response::kYes:
    case Response::kNo:
      if (item.kind != AnswerKind::kYesNo)
        return invalid(quoted + " is answered with a number, not yes / no", field);
      return std::optional<double>(answer.response == Response::kYes ? 1.0 : 0.0);
    case Response::kNumber:
      break;
    default:
      return invalid("unknown response", field);
  }
  switch (item.kind) {
    case AnswerKind::kYesNo:
      return invalid(quoted + " is answered yes, no or na, not with a number", field);
    case AnswerKind::kScale:
      if (answer.number < kScaleMin || answer.number > kScaleMax)
        return invalid(quoted + " takes " + std::to_string(kScaleMin) + ".." +
                           std::to_string(kScaleMax),
                       field);
      return std::optional<double>(double(answer.number - kScaleMin) / (kScaleMax - kScaleMin));
    case AnswerKind::kPoints:
      if (answer.number < 0 || answer.number > item.max_points)
        return invalid(quoted + " takes 0.." + std::to_string(item.max_points), field);
      return std::optional<double>(double(answer.number) / item.max_points);
  }
  return invalid("unknown answer kind", field);
}

bool fails_critical(const Item& item, const Answer& answer) {
  if (!item.critical) return false;
  if (answer.response == Response::kNo) return true;
  return answer.response == Response::kNumber && item.kind != AnswerKind::kYesNo &&
         item.fail_threshold && answer.number <= *item.fail_threshold;
}

Result<ScoreResult> score(const Scorecard& card, std::span<const Answer> answers) {
  if (auto r = validate(card); !r) {
    Error e = r.error();
    e.field = e.field.empty() ? "scorecard" : "scorecard." + e.field;
    return std::unexpected(std::move(e));
  }
  // Item id -> index of its answer.
  std::unordered_map<std::string_view, size_t> by_item;
  for (size_t i = 0; i < answers.size(); ++i) {
    const std::string path = "answers[" + std::to_string(i) + "]";
    const Answer& a = answers[i];
    const Item* item = find_item(card, a.item);
    if (!item) return invalid("unknown item \"" + a.item + "\"", path + ".item");
    if (!by_item.emplace(a.item, i).second)
      return invalid("item \"" + a.item + "\" is answered twice", path + ".item");
    if (auto v = item_value(*item, a, path + ".answer"); !v) return std::unexpected(v.error());
    if (a.comment.size() > kMaxCommentBytes)
      return invalid("longer than " + std::to_string(kMaxCommentBytes) + " bytes",
                     path + ".comment");
    if (!is_clean_text(a.comment)) return invalid("not valid UTF-8 text", path + ".comment");
  }

  ScoreResult out;
  for (size_t s = 0; s < card.sections.size(); ++s) {
    const Section& section = card.sections[s];
    SectionScore ss;
    ss.title = section.title;
    for (const Item& item : section.items) {
      auto found = by_item.find(item.id);
      if (found == by_item.end()) return invalid("item \"" + item.id + "\" has no answer", "answers");
      const Answer& a = answers[found->second];
      // Checked above; cannot fail here.
      const std::optional<double> value = *item_value(item, a, {});
      ItemScore is{item.id, static_cast<int>(s), item.weight, value, fails_critical(item, a)};
      if (value) {
        ss.earned += item.weight * *value;
        ss.possible += item.weight;
        ++ss.answered;
      } else {
        ++ss.not_applicable;
        out.not_applicable.push_back(item.id);
      }
      if (is.critical_failed) out.critical_failed.push_back(item.id);
      out.items.push_back(std::move(is));
    }
    ss.percent = percent_of(ss.earned, ss.possible);
    out.earned += ss.earned;
    out.possible += ss.possible;
    out.sections.push_back(std::move(ss));
  }
  out.failed = !out.critical_failed.empty();
  out.raw_percent = percent_of(out.earned, out.possible);
  out.percent = out.raw_percent;
  if (out.failed && out.percent) out.percent = 0.0;
  return out;
}

}  // namespace switchyard::quality
