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
  namespace ev = core::ev;
  if (const auto* s = e.as<ev::SkillDefined>()) add(RefKind::kSkill, s->name, s->skill);
  else if (const auto* t = e.as<ev::TeamDefined>()) add(RefKind::kTeam, t->name, t->team);
  else if (const auto* site = e.as<ev::SiteDefined>()) add(RefKind::kSite, site->name, site->site);
  else if (const auto* q = e.as<ev::QueueConfigured>()) add(RefKind::kQueue, q->config.name, q->queue);
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
