// Configuration commands: settings, skills, teams, sites, queues, agents.
// Each validates its input completely (typed errors naming the field), then
// emits one event.
#include <cmath>

#include "core/engine.h"
#include "core/engine_checks.h"
#include "core/engine_state.h"

namespace switchyard::core {

using checks::check_name;
using checks::check_proficiency;
using checks::kMaxCapacity;
using checks::kMaxPriority;
using checks::not_found;

Result<void> Engine::set_settings(const EngineSettings& s) {
  if (s.offer_timeout_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "offer_timeout_ms");
  if (s.missed_backoff_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "missed_backoff_ms");
  if (s.max_consecutive_misses < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "max_consecutive_misses");
  if (s.default_acw_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "default_acw_ms");
  if (s.ewt_tau_ms <= 0) return make_error(ErrorCode::kInvalidArgument, "must be > 0", "ewt_tau_ms");
  if (s.day_offset_ms <= -86'400'000 || s.day_offset_ms >= 86'400'000)
    return make_error(ErrorCode::kInvalidArgument, "must be within one day", "day_offset_ms");
  CommandScope cmd(*st_);
  st_->emit(ev::SettingsChanged{s});
  return {};
}

namespace {
template <typename Ids>
std::optional<uint32_t> lookup(const Ids& ids, std::string_view name) {
  auto it = ids.find(std::string(name));
  if (it == ids.end()) return std::nullopt;
  return it->second;
}
}  // namespace

namespace {
// The id of `name` in one name table (skills, teams or sites), defining it
// with the event Body{id, name} if it is new.
template <typename Body>
Result<uint32_t> define_name(Engine::State& st, const std::unordered_map<std::string, uint32_t>& ids,
                             const std::vector<std::string>& names, std::string_view name) {
  if (auto r = check_name(name, "name"); !r) return std::unexpected(r.error());
  if (auto id = lookup(ids, name)) return *id;
  CommandScope cmd(st);
  auto id = static_cast<uint32_t>(names.size());
  st.emit(Body{id, std::string(name)});
  return id;
}
}  // namespace

Result<SkillId> Engine::define_skill(std::string_view name) {
  return define_name<ev::SkillDefined>(*st_, st_->skill_ids, st_->skill_names, name);
}

Result<TeamId> Engine::define_team(std::string_view name) {
  return define_name<ev::TeamDefined>(*st_, st_->team_ids, st_->team_names, name);
}

Result<SiteId> Engine::define_site(std::string_view name) {
  return define_name<ev::SiteDefined>(*st_, st_->site_ids, st_->site_names, name);
}

std::optional<SkillId> Engine::find_skill(std::string_view n) const { return lookup(st_->skill_ids, n); }
std::optional<TeamId> Engine::find_team(std::string_view n) const { return lookup(st_->team_ids, n); }
std::optional<SiteId> Engine::find_site(std::string_view n) const { return lookup(st_->site_ids, n); }
std::optional<QueueId> Engine::find_queue(std::string_view n) const { return lookup(st_->queue_ids, n); }
std::optional<AgentId> Engine::find_agent(std::string_view n) const { return lookup(st_->agent_ids, n); }

const QueueConfig* Engine::queue_config(QueueId q) const {
  return q < st_->queues.size() ? &st_->queues[q].cfg : nullptr;
}
const AgentConfig* Engine::agent_config(AgentId a) const {
  return a < st_->agents.size() ? &st_->agents[a].cfg : nullptr;
}

namespace {

Result<void> check_requirements(size_t skills,
                                const std::vector<SkillRequirement>& req, const std::string& field) {
  for (size_t i = 0; i < req.size(); ++i) {
    std::string f = field + "[" + std::to_string(i) + "]";
    if (req[i].skill >= skills) return not_found("skill", f + ".skill");
    if (auto r = check_proficiency(req[i].min_proficiency, f + ".min_proficiency"); !r) return r;
    for (size_t j = 0; j < i; ++j)
      if (req[j].skill == req[i].skill)
        return make_error(ErrorCode::kInvalidArgument, "skill listed twice", f + ".skill");
  }
  return {};
}

}  // namespace

Result<QueueId> Engine::configure_queue(const QueueConfig& cfg) {
  auto& st = *st_;
  if (auto r = check_name(cfg.name, "name"); !r) return std::unexpected(r.error());
  auto existing = lookup(st.queue_ids, cfg.name);
  QueueId self = existing ? *existing : static_cast<QueueId>(st.queues.size());
  size_t nskills = st.skill_names.size();
  auto queue_ref = [&](QueueId q, const std::string& field) -> Result<void> {
    if (q >= st.queues.size()) return not_found("queue", field);
    if (q == self) return make_error(ErrorCode::kInvalidArgument, "a queue cannot name itself", field);
    return {};
  };
  if (auto r = check_requirements(nskills, cfg.skills, "skills"); !r) return std::unexpected(r.error());
  if (!(cfg.weight > 0) || !std::isfinite(cfg.weight))
    return make_error(ErrorCode::kInvalidArgument, "must be a positive number", "weight");
  if (cfg.priority < -kMaxPriority || cfg.priority > kMaxPriority)
    return make_error(ErrorCode::kInvalidArgument, "out of range", "priority");
  if (cfg.max_wait_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "max_wait_ms");
  if (cfg.sl_target_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "sl_target_ms");
  if (!(cfg.sl_target_pct >= 0 && cfg.sl_target_pct <= 100))
    return make_error(ErrorCode::kInvalidArgument, "must be 0..100", "sl_target_pct");
  if (cfg.acw_ms && *cfg.acw_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "acw_ms");
  if (cfg.exit_action == ExitAction::kOverflow) {
    if (auto r = queue_ref(cfg.exit_target, "exit_target"); !r) return std::unexpected(r.error());
    if (st.queues[cfg.exit_target].cfg.channel != cfg.channel)
      return make_error(ErrorCode::kInvalidArgument, "target queue has another channel", "exit_target");
  }
  if (cfg.exit_action == ExitAction::kCallback && cfg.channel != Channel::kVoice)
    return make_error(ErrorCode::kInvalidArgument, "callbacks need a voice queue", "exit_action");
  if (cfg.exit_action != ExitAction::kNone && cfg.max_wait_ms == 0)
    return make_error(ErrorCode::kInvalidArgument, "an exit action needs max_wait_ms > 0", "max_wait_ms");
  for (size_t i = 0; i < cfg.sites.size(); ++i)
    if (cfg.sites[i] >= st.site_names.size()) return not_found("site", "sites[" + std::to_string(i) + "]");
  if (cfg.bullseye.size() > kMaxBullseyeSteps)
    return make_error(ErrorCode::kInvalidArgument, "at most 32 steps", "bullseye");
  int64_t prev_after = 0;
  for (size_t i = 0; i < cfg.bullseye.size(); ++i) {
    const BullseyeStep& s = cfg.bullseye[i];
    std::string f = "bullseye[" + std::to_string(i) + "]";
    if (s.after_ms <= prev_after)
      return make_error(ErrorCode::kInvalidArgument, "steps must have increasing after_ms > 0",
                        f + ".after_ms");
    prev_after = s.after_ms;
    if (s.min_proficiency)
      if (auto r = check_proficiency(*s.min_proficiency, f + ".min_proficiency"); !r)
        return std::unexpected(r.error());
    for (size_t j = 0; j < s.alternative_skills.size(); ++j) {
      if (s.alternative_skills[j].empty())
        return make_error(ErrorCode::kInvalidArgument, "an alternative needs skills",
                          f + ".alternative_skills[" + std::to_string(j) + "]");
      if (auto r = check_requirements(nskills, s.alternative_skills[j],
                                      f + ".alternative_skills[" + std::to_string(j) + "]");
          !r)
        return std::unexpected(r.error());
    }
    for (size_t j = 0; j < s.add_queues.size(); ++j)
      if (auto r = queue_ref(s.add_queues[j], f + ".add_queues[" + std::to_string(j) + "]"); !r)
        return std::unexpected(r.error());
    for (size_t j = 0; j < s.add_sites.size(); ++j)
      if (s.add_sites[j] >= st.site_names.size())
        return not_found("site", f + ".add_sites[" + std::to_string(j) + "]");
  }
  const OverflowConfig& o = cfg.overflow;
  if (o.threshold_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "overflow.threshold_ms");
  for (size_t i = 0; i < o.group_thresholds.size(); ++i) {
    std::string f = "overflow.group_thresholds[" + std::to_string(i) + "]";
    if (auto r = check_name(o.group_thresholds[i].group, f + ".group"); !r) return std::unexpected(r.error());
    if (o.group_thresholds[i].threshold_ms <= 0)
      return make_error(ErrorCode::kInvalidArgument, "must be > 0", f + ".threshold_ms");
    for (size_t j = 0; j < i; ++j)
      if (o.group_thresholds[j].group == o.group_thresholds[i].group)
        return make_error(ErrorCode::kInvalidArgument, "group listed twice", f + ".group");
  }
  for (size_t i = 0; i < o.backup_queues.size(); ++i)
    if (auto r = queue_ref(o.backup_queues[i], "overflow.backup_queues[" + std::to_string(i) + "]"); !r)
      return std::unexpected(r.error());
  for (size_t i = 0; i < o.backup_teams.size(); ++i)
    if (o.backup_teams[i] >= st.team_names.size())
      return not_found("team", "overflow.backup_teams[" + std::to_string(i) + "]");
  if (existing && st.queues[self].cfg.channel != cfg.channel && !st.queues[self].waiting.empty())
    return make_error(ErrorCode::kIllegalState, "cannot change the channel while contacts wait", "channel");

  CommandScope cmd(st);
  st.emit(ev::QueueConfigured{self, cfg});
  return self;
}

Result<AgentId> Engine::configure_agent(const AgentConfig& cfg) {
  auto& st = *st_;
  if (auto r = check_name(cfg.name, "name"); !r) return std::unexpected(r.error());
  if (cfg.team != kNoId && cfg.team >= st.team_names.size()) return not_found("team", "team");
  if (cfg.site != kNoId && cfg.site >= st.site_names.size()) return not_found("site", "site");
  for (size_t i = 0; i < cfg.skills.size(); ++i) {
    std::string f = "skills[" + std::to_string(i) + "]";
    if (cfg.skills[i].skill >= st.skill_names.size()) return not_found("skill", f + ".skill");
    if (auto r = check_proficiency(cfg.skills[i].proficiency, f + ".proficiency"); !r)
      return std::unexpected(r.error());
    for (size_t j = 0; j < i; ++j)
      if (cfg.skills[j].skill == cfg.skills[i].skill)
        return make_error(ErrorCode::kInvalidArgument, "skill listed twice", f + ".skill");
  }
  for (Channel ch : kAllChannels) {
    int c = cfg.capacity[static_cast<int>(ch)];
    std::string f = "capacity." + std::string(to_string(ch));
    if (c < 0 || c > kMaxCapacity) return make_error(ErrorCode::kInvalidArgument, "must be 0..100", f);
    if (ch == Channel::kVoice && c > 1) return make_error(ErrorCode::kInvalidArgument, "voice capacity is at most 1", f);
  }
  auto existing = lookup(st.agent_ids, cfg.name);
  AgentId self = existing ? *existing : static_cast<AgentId>(st.agents.size());
  CommandScope cmd(st);
  st.emit(ev::AgentConfigured{self, cfg});
  return self;
}

}  // namespace switchyard::core
