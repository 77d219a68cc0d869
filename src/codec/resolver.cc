#include "codec/resolver.h"

namespace switchyard::codec {

std::string_view to_string(RefKind k) {
  switch (k) {
    case RefKind::kSkill:
      return "skill";
    case RefKind::kQueue:
      return "queue";
    case RefKind::kTeam:
      return "team";
    case RefKind::kSite:
      return "site";
  }
  return "skill";
}

std::optional<uint32_t> Resolver::id_of(RefKind kind, std::string_view name) const {
  switch (kind) {
    case RefKind::kSkill:
      return skill(name);
    case RefKind::kQueue:
      return queue(name);
    case RefKind::kTeam:
      return team(name);
    case RefKind::kSite:
      return site(name);
  }
  return std::nullopt;
}

std::optional<std::string> Resolver::name_of(RefKind kind, uint32_t id) const {
  switch (kind) {
    case RefKind::kSkill:
      return skill_name(id);
    case RefKind::kQueue:
      return queue_name(id);
    case RefKind::kTeam:
      return team_name(id);
    case RefKind::kSite:
      return site_name(id);
  }
  return std::nullopt;
}

void NameTable::add(RefKind kind, std::string name, uint32_t id) {
  Table& t = tables_[static_cast<int>(kind)];
  if (auto old = t.names.find(id); old != t.names.end()) t.ids.erase(old->second);
  if (auto old = t.ids.find(name); old != t.ids.end()) t.names.erase(old->second);
  t.ids[name] = id;
  t.names[id] = std::move(name);
}

void NameTable::observe(const core::Event& e) {
  using core::EventType;
  switch (e.type) {
    case EventType::kSkillDefined:
      add(RefKind::kSkill, e.text, static_cast<uint32_t>(e.value));
      break;
    case EventType::kTeamDefined:
      add(RefKind::kTeam, e.text, static_cast<uint32_t>(e.value));
      break;
    case EventType::kSiteDefined:
      add(RefKind::kSite, e.text, static_cast<uint32_t>(e.value));
      break;
    case EventType::kQueueConfigured:
      if (const auto* q = e.payload_as<core::QueueConfig>()) add(RefKind::kQueue, q->name, e.queue);
      break;
    default:
      break;
  }
}

std::optional<uint32_t> NameTable::find(RefKind kind, std::string_view name) const {
  const Table& t = tables_[static_cast<int>(kind)];
  auto it = t.ids.find(name);
  if (it == t.ids.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> NameTable::name(RefKind kind, uint32_t id) const {
  const Table& t = tables_[static_cast<int>(kind)];
  auto it = t.names.find(id);
  if (it == t.names.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> NameTable::skill(std::string_view n) const {
  return find(RefKind::kSkill, n);
}
std::optional<uint32_t> NameTable::queue(std::string_view n) const {
  return find(RefKind::kQueue, n);
}
std::optional<uint32_t> NameTable::team(std::string_view n) const {
  return find(RefKind::kTeam, n);
}
std::optional<uint32_t> NameTable::site(std::string_view n) const {
  return find(RefKind::kSite, n);
}
std::optional<std::string> NameTable::skill_name(uint32_t id) const {
  return name(RefKind::kSkill, id);
}
std::optional<std::string> NameTable::queue_name(uint32_t id) const {
  return name(RefKind::kQueue, id);
}
std::optional<std::string> NameTable::team_name(uint32_t id) const {
  return name(RefKind::kTeam, id);
}
std::optional<std::string> NameTable::site_name(uint32_t id) const {
  return name(RefKind::kSite, id);
}

}  // namespace switchyard::codec
