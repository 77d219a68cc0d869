// Configuration routes (skills, teams, sites, settings, queues, agents,
// reason codes) and agent presence. Parse -> app::ConfigService /
// app::AgentService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/agent_service.h"
#include "app/config_service.h"
#include "api/errors.h"
#include "api/json_text.h"
#include "api/parse.h"
#include "api/render.h"
#include "codec/config_json.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::array named_list(const std::vector<app::NamedItem>& items) {
  json::array a;
  for (const auto& i : items) a.push_back(json::object{{"id", i.id}, {"name", i.name}});
  return a;
}

json::object queue_json(const app::QueueInfo& q, const app::Names& n, bool live) {
  NamesResolver r(n);
  json::object o{{"id", q.id}, {"config", codec::to_json(q.config, &r)}};
  if (live) {
    o["waiting"] = q.live.waiting;
    o["longest_wait_ms"] = q.live.longest_wait_ms;
    o["ewt_ms"] = q.live.ewt_ms >= 0 ? json::value(q.live.ewt_ms) : json::value(nullptr);
    o["overflowing"] = q.live.overflowing;
    o["staffed"] = q.live.staffed;
  }
  return o;
}

json::object agent_json(const app::AgentInfo& a, const app::Names& n) {
  NamesResolver r(n);
  const core::AgentView& v = a.live;
  json::object o{{"id", a.id},
                 {"config", codec::to_json(a.config, &r)},
                 {"state", core::to_string(v.state)},
                 {"reason", v.reason},
                 {"state_since_ms", v.state_since_ms},
                 {"in_backoff", v.in_backoff},
                 {"consecutive_misses", v.consecutive_misses},
                 {"contacts_today", v.contacts_today},
                 {"occupancy", v.occupancy}};
  json::object load;
  for (core::Channel ch : core::kAllChannels) load[core::to_string(ch)] = v.load[static_cast<int>(ch)];
  o["load"] = std::move(load);
  json::array contacts;
  for (core::ContactId c : v.contacts) contacts.push_back(c);
  o["contacts"] = std::move(contacts);
  json::array work;
  for (const core::AgentView::Work& w : v.work)
    work.push_back(json::object{{"contact", w.contact},
                                {"queue", name_or_null(n, app::Kind::kQueue, w.queue)},
                                {"channel", core::to_string(w.channel)},
                                {"state", core::to_string(w.state)},
                                {"held", w.held},
                                {"since_ms", w.since_ms}});
  o["work"] = std::move(work);
  return o;
}

// A queue or agent body parsed with the catalog's names, for create (POST)
// or replace (PUT /{id}: the path names the one to replace).
template <typename Cfg, typename Parse>
Result<app::Configure<Cfg>> read_configure(const http::Request& req, const app::Names& names, app::Kind kind,
                                           bool create, Parse parse) {
  auto v = parse_body(req.body);
  if (!v) return std::unexpected(v.error());
  NamesResolver resolver(names);
  auto cfg = parse(*v, &resolver);
  if (!cfg) return std::unexpected(cfg.error());
  app::Configure<Cfg> in;
  in.create = create;
  if (!create) {
    auto it = req.params.find("id");
    auto id = resolve(names, kind, it == req.params.end() ? "" : it->second, "id");
    if (!id) return std::unexpected(id.error());
    in.id = *id;
  }
  in.audit_detail = to_text(codec::to_json(*cfg, &resolver));
  in.config = std::move(*cfg);
  return in;
}

struct RegistryRoute {
  const char* path;
  app::Registry registry;
};
constexpr RegistryRoute kRegistries[] = {{"/api/v1/skills", app::Registry::kSkill},
                                         {"/api/v1/teams", app::Registry::kTeam},
                                         {"/api/v1/sites", app::Registry::kSite}};

struct PresenceRoute {
  const char* path;
  app::Presence presence;  // kReady stands for /state (ready or not_ready)
};
constexpr PresenceRoute kPresence[] = {{"/api/v1/agents/{id}/login", app::Presence::kLogin},
                                       {"/api/v1/agents/{id}/logout", app::Presence::kLogout},
                                       {"/api/v1/agents/{id}/state", app::Presence::kReady}};

Result<app::SetPresence> read_presence(app::Presence kind, const http::Request& req, const app::Names& names) {
  auto body = kind == app::Presence::kLogin ? small_body(req.body, {"ready"})
              : kind == app::Presence::kReady ? small_body(req.body, {"state", "reason"})
                                              : small_body(req.body, {});
  if (!body) return std::unexpected(body.error());
  app::SetPresence in;
  auto it = req.params.find("id");
  auto id = resolve(names, app::Kind::kAgent, it == req.params.end() ? "" : it->second, "id");
  if (!id) return std::unexpected(id.error());
  in.agent = *id;
  in.presence = kind;
  auto ready = opt_bool(*body, "ready", true);
  if (!ready) return std::unexpected(ready.error());
  in.ready = *ready;
  if (kind == app::Presence::kReady) {
    auto state = opt_string(*body, "state");
    if (!state) return std::unexpected(state.error());
    if (*state != "ready" && *state != "not_ready")
      return make_error(ErrorCode::kInvalidArgument, "must be ready or not_ready", "state");
    auto reason = opt_string(*body, "reason");
    if (!reason) return std::unexpected(reason.error());
    if (*state == "not_ready") {
      in.presence = app::Presence::kNotReady;
      in.reason = std::move(*reason);
    }
  }
  return in;
}

}  // namespace

void add_config_routes(Routes& r, app::ConfigService& config, app::AgentService& agents, app::Catalog& catalog) {
  for (const RegistryRoute& reg : kRegistries) {
    app::Registry which = reg.registry;
    r.add("GET", reg.path, Permission::kReadConfig, [&, which](const app::Caller& c, http::Request&&, http::Respond respond) {
      config.list(c, which, answer<std::vector<app::NamedItem>>(respond, [](std::vector<app::NamedItem> v) {
        return json_response(200, named_list(v));
      }));
    });
    r.add("POST", reg.path, Permission::kWriteConfig, [&, which](const app::Caller& c, http::Request&& req, http::Respond respond) {
      auto body = small_body(req.body, {"name"});
      if (!body) return respond(error_response(body.error()));
      auto name = need_string(*body, "name");
      if (!name) return respond(error_response(name.error()));
      config.define(c, which, std::move(*name), answer<app::NamedItem>(respond, [](app::NamedItem i) {
        return json_response(201, json::object{{"id", i.id}, {"name", i.name}});
      }));
    });
  }

  r.add("GET", "/api/v1/reason-codes", Permission::kReadConfig, [](const app::Caller&, http::Request&&, http::Respond respond) {
    json::array a;
    for (std::string_view code : app::AgentService::reason_codes()) a.emplace_back(code);
    respond(json_response(200, a));
  });

  auto settings_reply = [](http::Respond respond) {
    return answer<core::EngineSettings>(std::move(respond), [](core::EngineSettings s) {
      return json_response(200, codec::to_json(s));
    });
  };
  r.add("GET", "/api/v1/settings", Permission::kReadConfig, [&, settings_reply](const app::Caller& c, http::Request&&, http::Respond respond) {
    config.settings(c, settings_reply(respond));
  });
  r.add("PUT", "/api/v1/settings", Permission::kWriteConfig, [&, settings_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto v = parse_body(req.body);
    if (!v) return respond(error_response(v.error()));
    auto s = codec::settings_from_json(*v);
    if (!s) return respond(error_response(s.error()));
    config.set_settings(c, *s, to_text(codec::to_json(*s)), settings_reply(respond));
  });

  // ---- queues
  r.add("GET", "/api/v1/queues", Permission::kReadConfig, [&](const app::Caller& c, http::Request&&, http::Respond respond) {
    config.queues(c, answer<std::vector<app::QueueInfo>>(respond, [&catalog](std::vector<app::QueueInfo> v) {
      auto names = catalog.names();
      json::array a;
      for (const auto& q : v) a.push_back(queue_json(q, *names, false));
      return json_response(200, a);
    }));
  });
  r.add("GET", "/api/v1/queues/{id}", Permission::kReadConfig, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = resolve(*catalog.names(), app::Kind::kQueue, req.params["id"], "id");
    if (!id) return respond(error_response(id.error()));
    config.queue(c, *id, answer<app::QueueInfo>(respond, [&catalog](app::QueueInfo q) {
      return json_response(200, queue_json(q, *catalog.names(), true));
    }));
  });
  for (bool create : {true, false}) {
    r.add(create ? "POST" : "PUT", create ? "/api/v1/queues" : "/api/v1/queues/{id}", Permission::kWriteConfig,
          [&, create](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto in = read_configure<core::QueueConfig>(req, *catalog.names(), app::Kind::kQueue, create,
                                                        &codec::queue_config_from_json);
            if (!in) return respond(error_response(in.error()));
            config.configure_queue(c, std::move(*in), answer<app::QueueInfo>(respond, [&catalog, create](app::QueueInfo q) {
              return json_response(create ? 201 : 200, queue_json(q, *catalog.names(), false));
            }));
          });
  }

  // ---- agents (configuration)
  r.add("GET", "/api/v1/agents", Permission::kReadConfig, [&](const app::Caller& c, http::Request&&, http::Respond respond) {
    config.agents(c, answer<std::vector<app::AgentInfo>>(respond, [&catalog](std::vector<app::AgentInfo> v) {
      auto names = catalog.names();
      json::array a;
      for (const auto& i : v) a.push_back(agent_json(i, *names));
      return json_response(200, a);
    }));
  });
  auto agent_reply = [&catalog](http::Respond respond, int status = 200) {
    return answer<app::AgentInfo>(std::move(respond), [&catalog, status](app::AgentInfo a) {
      return json_response(status, agent_json(a, *catalog.names()));
    });
  };
  r.add("GET", "/api/v1/agents/{id}", Permission::kReadRealtime, [&, agent_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = resolve(*catalog.names(), app::Kind::kAgent, req.params["id"], "id");
    if (!id) return respond(error_response(id.error()));
    config.agent(c, *id, agent_reply(respond));
  });
  for (bool create : {true, false}) {
    r.add(create ? "POST" : "PUT", create ? "/api/v1/agents" : "/api/v1/agents/{id}", Permission::kWriteConfig,
          [&, create, agent_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto in = read_configure<core::AgentConfig>(req, *catalog.names(), app::Kind::kAgent, create,
                                                        &codec::agent_config_from_json);
            if (!in) return respond(error_response(in.error()));
            config.configure_agent(c, std::move(*in), agent_reply(respond, create ? 201 : 200));
          });
  }

  // A team lead moves an agent of their team between queues by its skills
  // (an admin any agent); the rest of its configuration is left as it is.
  r.add("PUT", "/api/v1/agents/{id}/skills", Permission::kAssignSkills,
        [&, agent_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto names = catalog.names();
          auto id = resolve(*names, app::Kind::kAgent, req.params["id"], "id");
          if (!id) return respond(error_response(id.error()));
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          NamesResolver resolver(*names);
          auto skills = codec::agent_skills_from_json(*v, &resolver);
          if (!skills) return respond(error_response(skills.error()));
          config.set_agent_skills(c, *id, std::move(*skills), to_text(*v), agent_reply(respond));
        });

  // ---- presence
  for (const PresenceRoute& pr : kPresence) {
    app::Presence kind = pr.presence;
    r.add("POST", pr.path, Permission::kAgentPresence, [&, kind, agent_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
      auto in = read_presence(kind, req, *catalog.names());
      if (!in) return respond(error_response(in.error()));
      agents.set_presence(c, std::move(*in), agent_reply(respond));
    });
  }
}

}  // namespace switchyard::api
