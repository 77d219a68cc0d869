// State::apply for configuration events: settings, skills, teams, sites,
// queues and agents. A new queue or agent gets the next dense id; a known one
// is reconfigured in place and its indexes are rebuilt.
#include <algorithm>

#include "core/engine_state.h"

namespace switchyard::core {

Result<void> Engine::State::apply(const ev::SettingsChanged& e, int64_t /*t*/) {
  bool voice_rule_changed = e.settings.voice_blocks_others != settings.voice_blocks_others;
  settings = e.settings;
  if (voice_rule_changed)
    for (AgentId a = 0; a < agents.size(); ++a) {
      refresh_routable(a);
      pending_agents.push_back(a);
    }
  return {};
}

namespace {
// Names defined in id order (skills, teams, sites): the id must be the next one.
bool next_name(uint32_t id, const std::vector<std::string>& names) { return id == names.size(); }
}  // namespace

Result<void> Engine::State::apply(const ev::SkillDefined& e, int64_t /*t*/) {
  if (!next_name(e.skill, skill_names)) return bad_event("skill id out of order");
  skill_ids.emplace(e.name, e.skill);
  skill_names.push_back(e.name);
  skill_list.push_back(new_list());
  skill_agents.push_back(0);
  for (AgentRec& a : agents) a.prof.push_back(0);
  return {};
}

Result<void> Engine::State::apply(const ev::TeamDefined& e, int64_t /*t*/) {
  if (!next_name(e.team, team_names)) return bad_event("team id out of order");
  team_ids.emplace(e.name, e.team);
  team_names.push_back(e.name);
  team_list.push_back(new_list());
  return {};
}

Result<void> Engine::State::apply(const ev::SiteDefined& e, int64_t /*t*/) {
  if (!next_name(e.site, site_names)) return bad_event("site id out of order");
  site_ids.emplace(e.name, e.site);
  site_names.push_back(e.name);
  return {};
}

Result<void> Engine::State::apply(const ev::QueueConfigured& e, int64_t t) {
  if (e.queue > queues.size()) return bad_event("queue id out of order");
  apply_queue_config(e.queue, e.config, t);
  return {};
}

Result<void> Engine::State::apply(const ev::AgentConfigured& e, int64_t t) {
  if (e.agent > agents.size()) return bad_event("agent id out of order");
  apply_agent_config(e.agent, e.config, t);
  return {};
}

void Engine::State::apply_queue_config(QueueId id, const QueueConfig& cfg, int64_t t) {
  if (id == queues.size()) {
    queues.emplace_back();
    QueueRec& q = queues.back();
    q.elig.assign(agents.size(), kNeverStep);
    q.backup.assign(agents.size(), 0);
    queue_ids.emplace(cfg.name, id);
    queue_waiting.push_back(0);
  }
  QueueRec& q = queues[id];
  // Drop this queue from the reverse references of the queues it named before.
  auto named = [](const QueueConfig& c) {
    std::vector<QueueId> v = c.overflow.backup_queues;
    for (const BullseyeStep& s : c.bullseye) v.insert(v.end(), s.add_queues.begin(), s.add_queues.end());
    return v;
  };
  for (QueueId r : named(q.cfg)) std::erase(queues[r].referenced_by, id);
  q.cfg = cfg;
  for (QueueId r : named(q.cfg))
    if (std::find(queues[r].referenced_by.begin(), queues[r].referenced_by.end(), id) ==
        queues[r].referenced_by.end())
      queues[r].referenced_by.push_back(id);
  recompute_queue_eligibility(id);
  for (QueueId r : std::vector<QueueId>(q.referenced_by)) recompute_queue_eligibility(r);
  // Contacts already waiting follow the new configuration.
  std::vector<ContactId> waiting;
  for (const WaitKey& k : q.waiting) waiting.push_back(k.id);
  for (ContactId cid : waiting) {
    ContactRec& c = *find_contact(cid);
    ++c.timer_gen;
    c.step = 0;
    set_half_mark(c);  // thresholds may have changed
    schedule_wait_timers(c, t);
    pending_contacts.push_back(cid);
  }
  touched_queues.push_back(id);  // overflow mode may end under new thresholds
  for (AgentId a = 0; a < agents.size(); ++a) pending_agents.push_back(a);
}

void Engine::State::apply_agent_config(AgentId id, const AgentConfig& cfg, int64_t t) {
  if (id == agents.size()) {
    agents.emplace_back();
    agents.back().state_since_ms = t;  // logged out since its creation
    agents.back().prof.assign(skill_names.size(), 0);
    agent_ids.emplace(cfg.name, id);
    for (QueueRec& q : queues) {
      q.elig.push_back(kNeverStep);
      q.backup.push_back(0);
    }
  }
  AgentRec& a = agents[id];
  bool was_staffed = a.ready;
  if (was_staffed) set_staffed(id, false);
  unlink_agent_nodes(id);
  for (const AgentSkill& s : a.cfg.skills) {
    a.prof[s.skill] = 0;
    --skill_agents[s.skill];
  }
  a.cfg = cfg;
  for (const AgentSkill& s : a.cfg.skills) {
    a.prof[s.skill] = static_cast<uint8_t>(s.proficiency);
    ++skill_agents[s.skill];
  }
  // Memberships: each skill, the team (if any), and "any".
  a.member_lists.clear();
  for (const AgentSkill& s : a.cfg.skills) a.member_lists.push_back(skill_list[s.skill]);
  if (a.cfg.team != kNoId) a.member_lists.push_back(team_list[a.cfg.team]);
  a.member_lists.push_back(any_list);
  a.node_base = static_cast<uint32_t>(nodes.size());
  nodes.resize(nodes.size() + a.member_lists.size() * kChannelCount);
  for (int ch = 0; ch < kChannelCount; ++ch)
    for (size_t m = 0; m < a.member_lists.size(); ++m) {
      IdleNode& n = nodes[a.node_base + ch * a.member_lists.size() + m];
      n.agent = id;
      n.list = a.member_lists[m] * kChannelCount + static_cast<uint32_t>(ch);
    }
  a.routable = {};
  recompute_agent_eligibility(id);
  pivots_dirty = true;
  if (was_staffed) set_staffed(id, true);
  refresh_routable(id);
  pending_agents.push_back(id);
}

}  // namespace switchyard::core
