#include "app/config_service.h"

#include "audit/audit_log.h"

namespace switchyard::app {

using auth::Permission;

namespace {

const char* registry_name(Registry r) {
  switch (r) {
    case Registry::kSkill: return "skill";
    case Registry::kTeam: return "team";
    case Registry::kSite: return "site";
  }
  return "name";
}

const std::vector<std::string>& registry_names(const core::Engine& e, Registry r) {
  switch (r) {
    case Registry::kSkill: return e.skill_names();
    case Registry::kTeam: return e.team_names();
    case Registry::kSite: return e.site_names();
  }
  return e.skill_names();
}

// Stages the audit entry of a change made by `c` in this task.
void audit(server::TaskContext& ctx, const Caller& c, std::string action, std::string target, std::string detail) {
  audit::AuditLog::stage(ctx.writes(), {0, ctx.now_ms(), c.name, std::move(action), std::move(target),
                                        std::move(detail), ctx.engine.last_seq()});
}

// The create / replace rules shared by queues and agents.
template <typename Cfg, typename Find, typename Get, typename Apply>
Result<uint32_t> configure(server::TaskContext& ctx, const Caller& c, const Configure<Cfg>& in, const char* kind,
                           Find find, Get get, Apply apply) {
  std::string k = kind;
  if (in.create && find(in.config.name))
    return make_error(ErrorCode::kAlreadyExists, k + " exists (use PUT to change it)", "name");
  if (!in.create) {
    const Cfg* old = get(in.id);
    if (!old) return make_error(ErrorCode::kNotFound, k + " not found", "id");
    if (old->name != in.config.name)
      return make_error(ErrorCode::kInvalidArgument, (k == "agent" ? "an " : "a ") + k + " cannot be renamed", "name");
  }
  auto id = apply(in.config);
  if (!id) return id;
  audit(ctx, c, k + (in.create ? ".create" : ".configure"), k + ":" + in.config.name, in.audit_detail);
  return id;
}

}  // namespace

QueueInfo queue_info(const core::Engine& e, core::QueueId id) {
  return QueueInfo{id, *e.queue_config(id), *e.queue(id)};
}

AgentInfo agent_info(const core::Engine& e, core::AgentId id) {
  return AgentInfo{id, *e.agent_config(id), *e.agent(id)};
}

void ConfigService::list(const Caller& c, Registry r, Reply<std::vector<NamedItem>> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<std::vector<NamedItem>>(
      rt_,
      [r](server::TaskContext& ctx) -> Result<std::vector<NamedItem>> {
        std::vector<NamedItem> out;
        const auto& names = registry_names(ctx.engine, r);
        for (size_t i = 0; i < names.size(); ++i) out.push_back({static_cast<uint32_t>(i), names[i]});
        return out;
      },
      std::move(reply));
}

void ConfigService::define(const Caller& c, Registry r, std::string name, Reply<NamedItem> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<NamedItem>(
      rt_,
      [c, r, name = std::move(name)](server::TaskContext& ctx) -> Result<NamedItem> {
        core::Engine& e = ctx.engine;
        const auto& names = registry_names(e, r);
        if (std::find(names.begin(), names.end(), name) != names.end())
          return make_error(ErrorCode::kAlreadyExists, std::string(registry_name(r)) + " exists", "name");
        Result<uint32_t> id = r == Registry::kSkill  ? e.define_skill(name)
                              : r == Registry::kTeam ? e.define_team(name)
                                                     : e.define_site(name);
        if (!id) return std::unexpected(id.error());
        audit(ctx, c, std::string(registry_name(r)) + ".define", std::string(registry_name(r)) + ":" + name, "");
        return NamedItem{*id, name};
      },
      std::move(reply));
}

void ConfigService::settings(const Caller& c, Reply<core::EngineSettings> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<core::EngineSettings>(
      rt_, [](server::TaskContext& ctx) -> Result<core::EngineSettings> { return ctx.engine.settings(); },
      std::move(reply));
}

void ConfigService::set_settings(const Caller& c, core::EngineSettings s, std::string audit_detail,
                                 Reply<core::EngineSettings> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<core::EngineSettings>(
      rt_,
      [c, s, audit_detail = std::move(audit_detail)](server::TaskContext& ctx) -> Result<core::EngineSettings> {
        if (auto r = ctx.engine.set_settings(s); !r) return std::unexpected(r.error());
        audit(ctx, c, "settings.change", "settings", audit_detail);
        return ctx.engine.settings();
      },
      std::move(reply));
}

void ConfigService::queues(const Caller& c, Reply<std::vector<QueueInfo>> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<std::vector<QueueInfo>>(
      rt_,
      [](server::TaskContext& ctx) -> Result<std::vector<QueueInfo>> {
        const core::Engine& e = ctx.engine;
        std::vector<core::QueueView> views = e.queue_views();  // one pass, not queues x agents
        std::vector<QueueInfo> out;
        for (core::QueueId q = 0; q < e.queue_count(); ++q) out.push_back({q, *e.queue_config(q), views[q]});
        return out;
      },
      std::move(reply));
}

void ConfigService::queue(const Caller& c, core::QueueId id, Reply<QueueInfo> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<QueueInfo>(
      rt_,
      [id](server::TaskContext& ctx) -> Result<QueueInfo> {
        if (id >= ctx.engine.queue_count()) return make_error(ErrorCode::kNotFound, "queue not found", "id");
        return queue_info(ctx.engine, id);
      },
      std::move(reply));
}

void ConfigService::configure_queue(const Caller& c, Configure<core::QueueConfig> in, Reply<QueueInfo> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<QueueInfo>(
      rt_,
      [c, in = std::move(in)](server::TaskContext& ctx) -> Result<QueueInfo> {
        core::Engine& e = ctx.engine;
        auto id = configure(
            ctx, c, in, "queue", [&](const std::string& n) { return e.find_queue(n); },
            [&](uint32_t id) { return e.queue_config(id); },
            [&](const core::QueueConfig& cfg) { return e.configure_queue(cfg); });
        if (!id) return std::unexpected(id.error());
        return queue_info(e, *id);
      },
      std::move(reply));
}

void ConfigService::agents(const Caller& c, Reply<std::vector<AgentInfo>> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<std::vector<AgentInfo>>(
      rt_,
      [c](server::TaskContext& ctx) -> Result<std::vector<AgentInfo>> {
        const core::Engine& e = ctx.engine;
        bool all = c.scope(Permission::kWriteConfig) == auth::Scope::kAll;
        std::vector<AgentInfo> out;
        for (core::AgentId a = 0; a < e.agent_count(); ++a)
          if (all || agent_in_scope(e, c, Permission::kReadRealtime, a)) out.push_back(agent_info(e, a));
        return out;
      },
      std::move(reply));
}

void ConfigService::agent(const Caller& c, core::AgentId id, Reply<AgentInfo> reply) {
  if (auto ok = require(c, Permission::kReadRealtime); !ok) return reply(std::unexpected(ok.error()));
  on_engine<AgentInfo>(
      rt_,
      [c, id](server::TaskContext& ctx) -> Result<AgentInfo> {
        if (id >= ctx.engine.agent_count()) return make_error(ErrorCode::kNotFound, "agent not found", "id");
        if (!agent_in_scope(ctx.engine, c, Permission::kReadRealtime, id))
          return make_error(ErrorCode::kPermissionDenied, "not your agent", "id");
        return agent_info(ctx.engine, id);
      },
      std::move(reply));
}

void ConfigService::configure_agent(const Caller& c, Configure<core::AgentConfig> in, Reply<AgentInfo> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  on_engine<AgentInfo>(
      rt_,
      [c, in = std::move(in)](server::TaskContext& ctx) -> Result<AgentInfo> {
        core::Engine& e = ctx.engine;
        auto id = configure(
            ctx, c, in, "agent", [&](const std::string& n) { return e.find_agent(n); },
            [&](uint32_t id) { return e.agent_config(id); },
            [&](const core::AgentConfig& cfg) { return e.configure_agent(cfg); });
        if (!id) return std::unexpected(id.error());
        return agent_info(e, *id);
      },
      std::move(reply));
}

void ConfigService::set_agent_skills(const Caller& c, core::AgentId id, std::vector<core::AgentSkill> skills,
                                     std::string audit_detail, Reply<AgentInfo> reply) {
  if (auto ok = require(c, Permission::kAssignSkills); !ok) return reply(std::unexpected(ok.error()));
  on_engine<AgentInfo>(
      rt_,
      [c, id, skills = std::move(skills), detail = std::move(audit_detail)](server::TaskContext& ctx) -> Result<AgentInfo> {
        core::Engine& e = ctx.engine;
        const core::AgentConfig* old = e.agent_config(id);
        if (!old) return make_error(ErrorCode::kNotFound, "agent not found", "id");
        if (!agent_in_scope(e, c, Permission::kAssignSkills, id))
          return make_error(ErrorCode::kPermissionDenied, "not an agent of your team", "id");
        core::AgentConfig cfg = *old;
        cfg.skills = skills;
        if (auto r = e.configure_agent(cfg); !r) return std::unexpected(r.error());
        audit(ctx, c, "agent.skills", "agent:" + cfg.name, detail);
        return agent_info(e, id);
      },
      std::move(reply));
}

}  // namespace switchyard::app
