#include "quality/scorecard.h"

#include <cmath>
#include <unordered_set>

#include "core/text.h"

namespace switchyard::quality {

std::string_view to_string(Direction d) {
  switch (d) {
    case Direction::kInbound: return "inbound";
    case Direction::kOutbound: return "outbound";
  }
  return "inbound";
}

std::optional<Direction> direction_from_string(std::string_view s) {
  for (Direction d : {Direction::kInbound, Direction::kOutbound})
    if (to_string(d) == s) return d;
  return std::nullopt;
}

std::string_view to_string(AnswerKind k) {
  switch (k) {
    case AnswerKind::kYesNo: return "yes_no";
    case AnswerKind::kScale: return "scale";
    case AnswerKind::kPoints: return "points";
  }
  return "yes_no";
}

std::optional<AnswerKind> answer_kind_from_string(std::string_view s) {
  for (AnswerKind k : {AnswerKind::kYesNo, AnswerKind::kScale, AnswerKind::kPoints})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

namespace {

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// Clean text of at most max_bytes, not empty when required.
Result<void> check_text(std::string_view s, size_t max_bytes, bool required,
                        const std::string& field) {
  if (required && s.empty()) return invalid("must not be empty", field);
  if (s.size() > max_bytes)
    return invalid("longer than " + std::to_string(max_bytes) + " bytes", field);
  if (!is_clean_text(s)) return invalid("not valid UTF-8 text", field);
  return {};
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.';
}

Result<void> check_item(const Item& item, const std::string& path,
                        std::unordered_set<std::string_view>& ids) {
  if (item.id.empty()) return invalid("must not be empty", path + ".id");
  if (item.id.size() > kMaxItemIdBytes)
    return invalid("longer than " + std::to_string(kMaxItemIdBytes) + " bytes", path + ".id");
  for (char c : item.id)
    if (!is_id_char(c)) return invalid("may contain only A-Z a-z 0-9 _ - .", path + ".id");
  if (!ids.insert(item.id).second)
    return invalid("duplicate item id \"" + item.id + "\"", path + ".id");
  if (auto r = check_text(item.text, kMaxTextBytes, true, path + ".text"); !r) return r;
  if (auto r = check_text(item.guidance, kMaxTextBytes, false, path + ".guidance"); !r) return r;
  if (!std::isfinite(item.weight) || item.weight <= 0)
    return invalid("must be a finite number > 0", path + ".weight");
  switch (item.kind) {
    case AnswerKind::kYesNo:
    case AnswerKind::kScale:
      if (item.max_points != 0)
        return invalid("only points items have max_points", path + ".max_points");
      break;
    case AnswerKind::kPoints:
      if (item.max_points <= 0) return invalid("required: 1.." + std::to_string(kMaxPoints) +
                                                   " for a points item", path + ".max_points");
      if (item.max_points > kMaxPoints)
        return invalid("at most " + std::to_string(kMaxPoints), path + ".max_points");
      break;
    default:
      return invalid("unknown answer kind", path + ".kind");
  }
  const bool needs_threshold = item.critical && item.kind != AnswerKind::kYesNo;
  const std::string tfield = path + ".fail_threshold";
  if (!needs_threshold) {
    if (item.fail_threshold)
      return invalid("only critical scale and points items have a fail threshold", tfield);
    return {};
  }
  if (!item.fail_threshold) return invalid("required for a critical " +
                                               std::string(to_string(item.kind)) + " item",
                                           tfield);
  const int t = *item.fail_threshold;
  if (item.kind == AnswerKind::kScale && (t < kScaleMin || t >= kScaleMax))
    return invalid("must be in " + std::to_string(kScaleMin) + ".." +
                       std::to_string(kScaleMax - 1),
                   tfield);
  if (item.kind == AnswerKind::kPoints && (t < 0 || t >= item.max_points))
    return invalid("must be in 0.." + std::to_string(item.max_points - 1) +
                       " (below max_points)",
                   tfield);
  return {};
}

}  // namespace

Result<void> validate(const Scorecard& card) {
  if (card.id < 0) return invalid("must be >= 0", "id");
  if (card.version < 1) return invalid("must be >= 1", "version");
  if (auto r = check_text(card.name, kMaxTitleBytes, true, "name"); !r) return r;
  if (auto r = check_text(card.description, kMaxTextBytes, false, "description"); !r) return r;
  if (auto r = check_text(card.applies_to.queue, kMaxTitleBytes, false, "applies_to.queue"); !r)
    return r;
  if (card.sections.empty()) return invalid("a scorecard needs at least one section", "sections");
  if (card.sections.size() > kMaxSections)
    return invalid("at most " + std::to_string(kMaxSections) + " sections", "sections");
  if (item_count(card) > kMaxItems)
    return invalid("at most " + std::to_string(kMaxItems) + " items in all", "sections");
  std::unordered_set<std::string_view> ids;
  for (size_t s = 0; s < card.sections.size(); ++s) {
    const Section& section = card.sections[s];
    const std::string spath = "sections[" + std::to_string(s) + "]";
    if (auto r = check_text(section.title, kMaxTitleBytes, true, spath + ".title"); !r) return r;
    if (section.items.empty()) return invalid("a section needs at least one item", spath + ".items");
    for (size_t i = 0; i < section.items.size(); ++i) {
      const std::string ipath = spath + ".items[" + std::to_string(i) + "]";
      if (auto r = check_item(section.items[i], ipath, ids); !r) return r;
    }
  }
  return {};
}

const Item* find_item(const Scorecard& card, std::string_view item_id) {
  for (const Section& s : card.sections)
    for (const Item& i : s.items)
      if (i.id == item_id) return &i;
  return nullptr;
}

size_t item_count(const Scorecard& card) {
  size_t n = 0;
  for (const Section& s : card.sections) n += s.items.size();
  return n;
}

bool applies(const Applicability& a, const ContactKind& contact) {
  return (!a.channel || *a.channel == contact.channel) &&
         (a.queue.empty() || a.queue == contact.queue) &&
         (!a.direction || *a.direction == contact.direction);
}

int specificity(const Applicability& a) {
  return (a.queue.empty() ? 0 : 4) + (a.channel ? 2 : 0) + (a.direction ? 1 : 0);
}

const Scorecard* pick_scorecard(std::span<const Scorecard> cards, const ContactKind& contact) {
  const Scorecard* best = nullptr;
  int best_spec = -1;
  for (const Scorecard& c : cards) {
    if (!applies(c.applies_to, contact)) continue;
    const int spec = specificity(c.applies_to);
    const bool better =
        !best || spec > best_spec ||
        (spec == best_spec &&
         (c.id < best->id || (c.id == best->id && c.version > best->version)));
    if (better) {
      best = &c;
      best_spec = spec;
    }
  }
  return best;
}

}  // namespace switchyard::quality
