#include "app/catalog.h"

#include "app/runtime.h"

#include <charconv>

namespace switchyard::app {

std::optional<uint32_t> Names::id(Kind k, std::string_view name) const {
  const Table& t = table(k);
  auto it = t.ids.find(std::string(name));
  if (it == t.ids.end()) return std::nullopt;
  return it->second;
}

const std::string* Names::name(Kind k, uint32_t id) const {
  const Table& t = table(k);
  return id < t.names.size() ? &t.names[id] : nullptr;
}

std::optional<uint32_t> Names::resolve(Kind k, std::string_view s) const {
  if (auto i = id(k, s)) return i;
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v >= table(k).names.size()) return std::nullopt;
  return v;
}

void Names::set(Kind k, uint32_t id, const std::string& name) {
  Table& t = tables_[static_cast<size_t>(k)];
  if (id >= t.names.size()) t.names.resize(id + 1);
  t.names[id] = name;
  t.ids[name] = id;
}

std::shared_ptr<const Names> Catalog::names() const {
  std::lock_guard lk(mu_);
  return names_;
}

void Catalog::load(const core::Engine& e) {
  auto n = std::make_shared<Names>();
  for (size_t i = 0; i < e.skill_names().size(); ++i) n->set(Kind::kSkill, static_cast<uint32_t>(i), e.skill_names()[i]);
  for (size_t i = 0; i < e.team_names().size(); ++i) n->set(Kind::kTeam, static_cast<uint32_t>(i), e.team_names()[i]);
  for (size_t i = 0; i < e.site_names().size(); ++i) n->set(Kind::kSite, static_cast<uint32_t>(i), e.site_names()[i]);
  for (core::QueueId q = 0; q < e.queue_count(); ++q) n->set(Kind::kQueue, q, e.queue_config(q)->name);
  for (core::AgentId a = 0; a < e.agent_count(); ++a) n->set(Kind::kAgent, a, e.agent_config(a)->name);
  std::lock_guard lk(mu_);
  names_ = std::move(n);
}

void Catalog::update(const std::vector<core::Event>& events) {
  std::shared_ptr<Names> next;
  auto edit = [&]() -> Names& {
    if (!next) next = std::make_shared<Names>(*names());
    return *next;
  };
  namespace ev = core::ev;
  for (const core::Event& e : events) {
    if (auto* s = e.as<ev::SkillDefined>()) edit().set(Kind::kSkill, s->skill, s->name);
    else if (auto* t = e.as<ev::TeamDefined>()) edit().set(Kind::kTeam, t->team, t->name);
    else if (auto* si = e.as<ev::SiteDefined>()) edit().set(Kind::kSite, si->site, si->name);
    else if (auto* q = e.as<ev::QueueConfigured>()) {
      const Names& cur = next ? *next : *names();
      const std::string* have = cur.name(Kind::kQueue, q->queue);
      if (!have || *have != q->config.name) edit().set(Kind::kQueue, q->queue, q->config.name);
    } else if (auto* a = e.as<ev::AgentConfigured>()) {
      const Names& cur = next ? *next : *names();
      const std::string* have = cur.name(Kind::kAgent, a->agent);
      if (!have || *have != a->config.name) edit().set(Kind::kAgent, a->agent, a->config.name);
    }
  }
  if (!next) return;
  std::lock_guard lk(mu_);
  names_ = std::move(next);
}

Result<ReadModelStart> start_read_models(server::EngineHost& host, Catalog& catalog) {
  ReadModelStart out;
  auto r = host.seed([&](server::TaskContext& ctx) -> Result<void> {
    const core::Engine& e = ctx.engine;
    catalog.load(e);
    for (core::QueueId q = 0; q < e.queue_count(); ++q)
      out.configs.push_back(core::Event{0, 0, core::ev::QueueConfigured{q, *e.queue_config(q)}});
    for (core::AgentId a = 0; a < e.agent_count(); ++a)
      out.configs.push_back(core::Event{0, 0, core::ev::AgentConfigured{a, *e.agent_config(a)}});
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace switchyard::app
