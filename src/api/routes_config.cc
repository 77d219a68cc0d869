// Configuration routes: skills, teams, sites, queues, agents, settings,
// reason codes. Reads for every role; writes for admins, audited.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/errors.h"
#include "api/scope.h"
#include "api/views.h"
#include "codec/config_json.h"

namespace switchyard::api {
namespace json = boost::json;
using auth::Permission;

// What differs between creating/replacing a queue and an agent.
template <typename Cfg>
struct ConfigKind {
  const char* kind;  // "queue" / "agent": audit action prefix, messages
  Result<Cfg> (*parse)(const json::value&, const codec::Resolver*);
  std::optional<uint32_t> (core::Engine::*find)(std::string_view) const;
  const Cfg* (core::Engine::*get)(uint32_t) const;
  Result<uint32_t> (core::Engine::*configure)(const Cfg&);
  std::optional<uint32_t> (*resolve)(const core::Engine&, const std::string&);
  json::object (*view)(const core::Engine&, uint32_t);
};


namespace {

storage::AuditEntry audit_entry(const Principal& p, server::TaskContext& ctx, std::string action, std::string target,
                                std::string detail) {
  return storage::AuditEntry{0, ctx.now_ms(), p.name, std::move(action), std::move(target), std::move(detail),
                             ctx.engine.last_seq()};
}

// POST {"name": "..."} for skills, teams and sites.
Result<std::string> name_body(const std::string& body) {
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  const json::object& o = v->get_object();
  for (const auto& kv : o)
    if (kv.key() != "name") return make_error(ErrorCode::kInvalidArgument, "unknown field", std::string(kv.key()));
  auto it = o.find("name");
  if (it == o.end() || !it->value().is_string())
    return make_error(ErrorCode::kInvalidArgument, "required string", "name");
  return std::string(it->value().get_string());
}

json::array named_list(const std::vector<std::string>& names) {
  json::array a;
  for (size_t i = 0; i < names.size(); ++i) a.push_back(json::object{{"id", i}, {"name", names[i]}});
  return a;
}

const ConfigKind<core::QueueConfig> kQueueKind{
    "queue", &codec::queue_config_from_json, &core::Engine::find_queue, &core::Engine::queue_config,
    &core::Engine::configure_queue, &resolve_queue, &queue_json};
const ConfigKind<core::AgentConfig> kAgentKind{
    "agent", &codec::agent_config_from_json, &core::Engine::find_agent, &core::Engine::agent_config,
    &core::Engine::configure_agent, &resolve_agent,
    [](const core::Engine& e, uint32_t id) { return agent_json(e, *e.agent(id)); }};

}  // namespace

// POST (create: the name must be new) or PUT /{id} (replace: same name).
template <typename Cfg>
Api::Handler Api::put_config(const ConfigKind<Cfg>& k, bool create) {
  return [this, &k, create](const Principal& p, http::Request&& req, http::Respond respond) {
    auto v = parse_body(req.body);
    if (!v) return respond(to_response(error_reply(v.error())));
    std::string ref = create ? std::string() : req.params["id"];
    on_engine(respond, [p, &k, create, ref, v = std::move(*v)](server::TaskContext& ctx) {
      core::Engine& e = ctx.engine;
      EngineResolver r(e);
      auto cfg = k.parse(v, &r);
      if (!cfg) return error_reply(cfg.error());
      std::string kind = k.kind;
      if (create && (e.*k.find)(cfg->name))
        return error_reply(409, "already_exists", kind + " exists (use PUT to change it)", "name");
      if (!create) {
        auto id = k.resolve(e, ref);
        if (!id) return error_reply(404, "not_found", kind + " not found", "id");
        if ((e.*k.get)(*id)->name != cfg->name)
          return error_reply(400, "invalid_argument", "a " + kind + " cannot be renamed", "name");
      }
      auto id = (e.*k.configure)(*cfg);
      if (!id) return error_reply(id.error());
      ctx.audit(audit_entry(p, ctx, kind + (create ? ".create" : ".configure"), kind + ":" + cfg->name,
                            json::serialize(codec::to_json(*cfg, &r))));
      return json_reply(create ? 201 : 200, k.view(e, *id));
    });
  };
}

void Api::add_config_routes() {
  struct Registry {
    const char* path;
    const char* kind;
    const std::vector<std::string>& (core::Engine::*names)() const;
    Result<uint32_t> (core::Engine::*define)(std::string_view);
  };
  static const Registry kRegistries[] = {
      {"/api/v1/skills", "skill", &core::Engine::skill_names, &core::Engine::define_skill},
      {"/api/v1/teams", "team", &core::Engine::team_names, &core::Engine::define_team},
      {"/api/v1/sites", "site", &core::Engine::site_names, &core::Engine::define_site},
  };
  for (const Registry& reg : kRegistries) {
    add("GET", reg.path, Permission::kReadConfig, [this, &reg](const Principal&, http::Request&&, http::Respond respond) {
      on_engine(respond, [&reg](server::TaskContext& ctx) { return json_reply(200, named_list((ctx.engine.*reg.names)())); });
    });
    add("POST", reg.path, Permission::kWriteConfig, [this, &reg](const Principal& p, http::Request&& req, http::Respond respond) {
      auto name = name_body(req.body);
      if (!name) return respond(to_response(error_reply(name.error())));
      on_engine(respond, [p, &reg, name = *name](server::TaskContext& ctx) {
        bool existed = false;
        for (const auto& n : (ctx.engine.*reg.names)()) existed = existed || n == name;
        if (existed) return error_reply(409, "already_exists", std::string(reg.kind) + " exists", "name");
        auto id = (ctx.engine.*reg.define)(name);
        if (!id) return error_reply(id.error());
        ctx.audit(audit_entry(p, ctx, std::string(reg.kind) + ".define", std::string(reg.kind) + ":" + name, ""));
        return json_reply(201, json::object{{"id", *id}, {"name", name}});
      });
    });
  }

  add("GET", "/api/v1/reason-codes", Permission::kReadConfig, [](const Principal&, http::Request&&, http::Respond respond) {
    json::array a;
    for (std::string_view r : kReasonCodes) a.emplace_back(r);
    respond(http::Response{200, json::serialize(a), "application/json", {}});
  });

  add("GET", "/api/v1/settings", Permission::kReadConfig, [this](const Principal&, http::Request&&, http::Respond respond) {
    on_engine(respond, [](server::TaskContext& ctx) { return json_reply(200, codec::to_json(ctx.engine.settings())); });
  });
  add("PUT", "/api/v1/settings", Permission::kWriteConfig, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto v = parse_body(req.body);
    if (!v) return respond(to_response(error_reply(v.error())));
    auto s = codec::settings_from_json(*v);
    if (!s) return respond(to_response(error_reply(s.error())));
    on_engine(respond, [p, s = *s](server::TaskContext& ctx) {
      if (auto r = ctx.engine.set_settings(s); !r) return error_reply(r.error());
      ctx.audit(audit_entry(p, ctx, "settings.change", "settings", json::serialize(codec::to_json(s))));
      return json_reply(200, codec::to_json(ctx.engine.settings()));
    });
  });

  // ---- queues ----
  add("GET", "/api/v1/queues", Permission::kReadConfig, [this](const Principal&, http::Request&&, http::Respond respond) {
    on_engine(respond, [](server::TaskContext& ctx) {
      json::array a;
      for (core::QueueId q = 0; q < ctx.engine.queue_count(); ++q) a.push_back(queue_json(ctx.engine, q));
      return json_reply(200, a);
    });
  });
  auto put_queue = [this](bool create) {
    return put_config<core::QueueConfig>(kQueueKind, create);
  };
  add("POST", "/api/v1/queues", Permission::kWriteConfig, put_queue(true));
  add("PUT", "/api/v1/queues/{id}", Permission::kWriteConfig, put_queue(false));
  add("GET", "/api/v1/queues/{id}", Permission::kReadConfig, [this](const Principal&, http::Request&& req, http::Respond respond) {
    on_engine(respond, [ref = req.params["id"]](server::TaskContext& ctx) {
      auto q = resolve_queue(ctx.engine, ref);
      if (!q) return error_reply(404, "not_found", "queue not found", "id");
      json::object o = queue_json(ctx.engine, *q);
      auto v = ctx.engine.queue(*q);
      o["waiting"] = v->waiting;
      o["longest_wait_ms"] = v->longest_wait_ms;
      o["ewt_ms"] = v->ewt_ms;
      o["overflowing"] = v->overflowing;
      o["staffed"] = v->staffed;
      return json_reply(200, o);
    });
  });

  // ---- agents (configuration) ----
  add("GET", "/api/v1/agents", Permission::kReadConfig, [this](const Principal& p, http::Request&&, http::Respond respond) {
    on_engine(respond, [p](server::TaskContext& ctx) {
      json::array a;
      for (core::AgentId id = 0; id < ctx.engine.agent_count(); ++id)
        if (agent_in_scope(ctx.engine, p, Permission::kReadRealtime, id) ||
            auth::scope_of(p.role, Permission::kWriteConfig) == auth::Scope::kAll)
          a.push_back(agent_json(ctx.engine, *ctx.engine.agent(id)));
      return json_reply(200, a);
    });
  });
  auto put_agent = [this](bool create) {
    return put_config<core::AgentConfig>(kAgentKind, create);
  };
  add("POST", "/api/v1/agents", Permission::kWriteConfig, put_agent(true));
  add("PUT", "/api/v1/agents/{id}", Permission::kWriteConfig, put_agent(false));
  add("GET", "/api/v1/agents/{id}", Permission::kReadRealtime, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    on_engine(respond, [p, ref = req.params["id"]](server::TaskContext& ctx) {
      auto a = resolve_agent(ctx.engine, ref);
      if (!a) return error_reply(404, "not_found", "agent not found", "id");
      if (!agent_in_scope(ctx.engine, p, Permission::kReadRealtime, *a))
        return error_reply(403, "forbidden", "not your agent", "id");
      return json_reply(200, agent_json(ctx.engine, *ctx.engine.agent(*a)));
    });
  });
}

}  // namespace switchyard::api
