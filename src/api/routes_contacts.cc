// Contact and agent-desk routes: create (idempotent), read, handle, transfer,
// callbacks, customer history; agent log in / out / state and current offer.
#include <boost/json.hpp>

#include <charconv>

#include "api/api.h"
#include "api/errors.h"
#include "api/scope.h"
#include "api/views.h"
#include "codec/config_json.h"

namespace switchyard::api {
namespace json = boost::json;
using auth::Permission;

namespace {

constexpr size_t kMaxIdempotencyKey = 128;

// Reads an optional JSON body with only `allowed` keys ("" body = {}).
Result<json::object> small_body(const std::string& body, std::initializer_list<std::string_view> allowed) {
  if (body.empty()) return json::object{};
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  for (const auto& kv : v->get_object())
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      return make_error(ErrorCode::kInvalidArgument, "unknown field", std::string(kv.key()));
  return v->get_object();
}

Result<std::string> opt_string(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::string();
  if (!it->value().is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string", std::string(key));
  return std::string(it->value().get_string());
}

Result<bool> opt_bool(const json::object& o, std::string_view key, bool def) {
  auto it = o.find(key);
  if (it == o.end()) return def;
  if (!it->value().is_bool()) return make_error(ErrorCode::kInvalidArgument, "expected true or false", std::string(key));
  return it->value().get_bool();
}

// The agent an action is for: the body's "agent" (name or id) or the caller's own.
Result<core::AgentId> acting_agent(const core::Engine& e, const Principal& p, const std::string& ref, Permission perm) {
  core::AgentId a = p.agent;
  if (!ref.empty()) {
    auto r = resolve_agent(e, ref);
    if (!r) return make_error(ErrorCode::kNotFound, "agent not found", "agent");
    a = *r;
  }
  if (a == core::kNoId) return make_error(ErrorCode::kInvalidArgument, "name the agent", "agent");
  if (!agent_in_scope(e, p, perm, a)) return make_error(ErrorCode::kPermissionDenied, "not your agent", "agent");
  return a;
}

std::optional<core::ContactId> parse_contact_id(const std::string& s) {
  core::ContactId v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v == 0) return std::nullopt;
  return v;
}

json::object record_json(const core::Engine& e, const storage::ContactRecord& r) {
  json::object o{{"id", r.id},
                 {"state", core::to_string(r.state)},
                 {"customer_id", r.customer_id},
                 {"customer_group", r.customer_group},
                 {"channel", core::to_string(r.channel)},
                 {"queue", name_or_null(e, codec::RefKind::kQueue, r.queue)},
                 {"first_queue", name_or_null(e, codec::RefKind::kQueue, r.first_queue)},
                 {"priority", r.priority},
                 {"created_ms", r.created_ms},
                 {"agent", r.agent == core::kNoId ? json::value(nullptr) : json::value(agent_name(e, r.agent))},
                 {"disposition", r.disposition},
                 {"reason", r.reason},
                 {"ewt_ms", r.ewt_ms},
                 {"wait_ms", r.wait_ms},
                 {"talk_ms", r.talk_ms},
                 {"hold_ms", r.hold_ms},
                 {"acw_ms", r.acw_ms},
                 {"transfers", r.transfers},
                 {"callback", r.callback},
                 {"overflowed", r.overflowed}};
  o["answered_ms"] = r.answered_ms ? json::value(*r.answered_ms) : json::value(nullptr);
  o["ended_ms"] = r.ended_ms ? json::value(*r.ended_ms) : json::value(nullptr);
  return o;
}

}  // namespace

void Api::add_contact_routes() {
  add("POST", "/api/v1/contacts", Permission::kCreateContact, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    std::string key;
    if (const std::string* k = req.header("idempotency-key")) {
      key = *k;
      if (key.empty() || key.size() > kMaxIdempotencyKey)
        return respond(to_response(error_reply(400, "invalid_argument", "must be 1..128 characters", "Idempotency-Key")));
    }
    auto v = parse_body(req.body);
    if (!v) return respond(to_response(error_reply(v.error())));
    on_engine(respond, [p, key, v = std::move(*v)](server::TaskContext& ctx) mutable {
      core::Engine& e = ctx.engine;
      if (!key.empty()) {
        if (auto prior = ctx.idempotent(key)) {
          json::object o{{"id", *prior}, {"idempotent_replay", true}};
          if (auto c = e.contact(*prior)) o = contact_json(e, *c), o["idempotent_replay"] = true;
          server::Reply r = json_reply(200, o);
          r.headers.emplace_back("Idempotent-Replay", "true");
          return r;
        }
      }
      EngineResolver r(e);
      bool has_channel = v.get_object().contains("channel");
      auto spec = codec::contact_spec_from_json(v, &r);
      if (!spec) return error_reply(spec.error());
      if (!has_channel && e.queue_config(spec->queue)) spec->channel = e.queue_config(spec->queue)->channel;
      auto receipt = e.create_contact(*spec);
      if (!receipt) return error_reply(receipt.error());
      if (!key.empty()) ctx.remember_idempotency(key, receipt->id);
      json::object o{{"id", receipt->id}, {"state", core::to_string(receipt->state)}};
      if (auto c = e.contact(receipt->id)) o = contact_json(e, *c);
      o["ewt_ms"] = receipt->ewt_ms;
      o["position"] = receipt->position;
      if (!receipt->reason.empty()) o["reason"] = receipt->reason;
      (void)p;
      return json_reply(201, o);
    });
  });

  add("GET", "/api/v1/contacts/{id}", Permission::kReadContacts, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto id = parse_contact_id(req.params["id"]);
    if (!id) return respond(to_response(error_reply(400, "invalid_argument", "not a contact id", "id")));
    on_engine(respond, [this, p, id = *id, respond](server::TaskContext& ctx) -> server::Reply {
      if (auto c = ctx.engine.contact(id)) {
        if (!contact_in_scope(ctx.engine, p, Permission::kReadContacts, c->agent))
          return error_reply(403, "forbidden", "not your contact", "id");
        return json_reply(200, contact_json(ctx.engine, *c));
      }
      // Ended: the history projection knows it.
      store_.post([this, p, id, respond](storage::Store& s) {
        auto rec = s.contact_record(id);
        if (!rec) return respond(to_response(error_reply(rec.error())));
        if (!*rec) return respond(to_response(error_reply(404, "not_found", "contact not found", "id")));
        on_engine(respond, [p, rec = **rec](server::TaskContext& ctx) {
          if (!contact_in_scope(ctx.engine, p, Permission::kReadContacts, rec.agent))
            return error_reply(403, "forbidden", "not your contact", "id");
          return json_reply(200, record_json(ctx.engine, rec));
        });
      });
      return server::Reply{0, "", {}};  // answered by the store path
    });
  });

  add("GET", "/api/v1/customers/{customer_id}/contacts", Permission::kReadContacts,
      [this](const Principal& p, http::Request&& req, http::Respond respond) {
        size_t limit = 100;
        if (const std::string* l = req.query_param("limit")) {
          size_t v = 0;
          auto [ptr, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
          if (ec != std::errc() || ptr != l->data() + l->size() || v == 0 || v > 1000)
            return respond(to_response(error_reply(400, "invalid_argument", "limit must be 1..1000", "limit")));
          limit = v;
        }
        store_.post([this, p, customer = req.params["customer_id"], limit, respond](storage::Store& s) {
          auto recs = s.customer_contacts(customer, limit);
          if (!recs) return respond(to_response(error_reply(recs.error())));
          on_engine(respond, [p, recs = std::move(*recs)](server::TaskContext& ctx) {
            json::array a;
            for (const auto& r : recs)
              if (contact_in_scope(ctx.engine, p, Permission::kReadContacts, r.agent)) a.push_back(record_json(ctx.engine, r));
            return json_reply(200, a);
          });
        });
      });

  // Agent actions on a contact: {"agent": optional name/id, ...}.
  enum class Action { kAccept, kReject, kHold, kResume, kEnd, kWrapUp, kTransfer };
  struct ActionRoute {
    const char* path;
    Action action;
  };
  static const ActionRoute kActions[] = {
      {"/api/v1/contacts/{id}/accept", Action::kAccept},   {"/api/v1/contacts/{id}/reject", Action::kReject},
      {"/api/v1/contacts/{id}/hold", Action::kHold},       {"/api/v1/contacts/{id}/resume", Action::kResume},
      {"/api/v1/contacts/{id}/end", Action::kEnd},         {"/api/v1/contacts/{id}/wrapup", Action::kWrapUp},
      {"/api/v1/contacts/{id}/transfer", Action::kTransfer},
  };
  for (const ActionRoute& ar : kActions) {
    Action act = ar.action;
    add("POST", ar.path, Permission::kHandleContacts, [this, act](const Principal& p, http::Request&& req, http::Respond respond) {
      auto id = parse_contact_id(req.params["id"]);
      if (!id) return respond(to_response(error_reply(400, "invalid_argument", "not a contact id", "id")));
      auto body = act == Action::kWrapUp     ? small_body(req.body, {"agent", "disposition"})
                  : act == Action::kTransfer ? small_body(req.body, {"agent", "queue", "keep_place"})
                                             : small_body(req.body, {"agent"});
      if (!body) return respond(to_response(error_reply(body.error())));
      auto agent_ref = opt_string(*body, "agent");
      auto disposition = opt_string(*body, "disposition");
      auto queue_ref = opt_string(*body, "queue");
      auto keep = opt_bool(*body, "keep_place", false);
      for (const Error* err : {agent_ref ? nullptr : &agent_ref.error(), disposition ? nullptr : &disposition.error(),
                               queue_ref ? nullptr : &queue_ref.error(), keep ? nullptr : &keep.error()})
        if (err) return respond(to_response(error_reply(*err)));
      if (act == Action::kTransfer && queue_ref->empty())
        return respond(to_response(error_reply(400, "invalid_argument", "required string", "queue")));
      on_engine(respond, [p, act, id = *id, agent_ref = *agent_ref, disposition = *disposition, queue_ref = *queue_ref,
                          keep = *keep](server::TaskContext& ctx) {
        core::Engine& e = ctx.engine;
        auto a = acting_agent(e, p, agent_ref, Permission::kHandleContacts);
        if (!a) return error_reply(a.error());
        Result<void> r;
        switch (act) {
          case Action::kAccept: r = e.accept(*a, id); break;
          case Action::kReject: r = e.reject(*a, id); break;
          case Action::kHold: r = e.hold(*a, id); break;
          case Action::kResume: r = e.resume(*a, id); break;
          case Action::kEnd: r = e.end_contact(*a, id); break;
          case Action::kWrapUp: r = e.end_wrapup(*a, id, disposition); break;
          case Action::kTransfer: {
            auto q = resolve_queue(e, queue_ref);
            if (!q) return error_reply(404, "not_found", "queue not found", "queue");
            r = e.transfer(*a, id, *q, keep);
            break;
          }
        }
        if (!r) return error_reply(r.error());
        if (auto c = e.contact(id)) return json_reply(200, contact_json(e, *c));
        return json_reply(200, json::object{{"id", id}, {"state", "completed"}});
      });
    });
  }

  // Customer-side changes: the customer hung up, or asked for a callback.
  for (bool callback : {false, true}) {
    add("POST", callback ? "/api/v1/contacts/{id}/callback" : "/api/v1/contacts/{id}/abandon", Permission::kCreateContact,
        [this, callback](const Principal&, http::Request&& req, http::Respond respond) {
          auto id = parse_contact_id(req.params["id"]);
          if (!id) return respond(to_response(error_reply(400, "invalid_argument", "not a contact id", "id")));
          if (auto b = small_body(req.body, {}); !b) return respond(to_response(error_reply(b.error())));
          on_engine(respond, [callback, id = *id](server::TaskContext& ctx) {
            auto r = callback ? ctx.engine.request_callback(id) : ctx.engine.abandon(id);
            if (!r) return error_reply(r.error());
            if (auto c = ctx.engine.contact(id)) return json_reply(200, contact_json(ctx.engine, *c));
            return json_reply(200, json::object{{"id", id}, {"state", "abandoned"}});
          });
        });
  }
}

void Api::add_agent_routes() {
  enum class Op { kLogin, kLogout, kState };
  struct OpRoute {
    const char* path;
    Op op;
  };
  static const OpRoute kOps[] = {{"/api/v1/agents/{id}/login", Op::kLogin},
                                 {"/api/v1/agents/{id}/logout", Op::kLogout},
                                 {"/api/v1/agents/{id}/state", Op::kState}};
  for (const OpRoute& orr : kOps) {
    Op op = orr.op;
    add("POST", orr.path, Permission::kAgentPresence, [this, op](const Principal& p, http::Request&& req, http::Respond respond) {
      auto body = op == Op::kLogin ? small_body(req.body, {"ready"})
                  : op == Op::kState ? small_body(req.body, {"state", "reason"})
                                     : small_body(req.body, {});
      if (!body) return respond(to_response(error_reply(body.error())));
      auto ready = opt_bool(*body, "ready", true);
      auto state = opt_string(*body, "state");
      auto reason = opt_string(*body, "reason");
      if (!ready) return respond(to_response(error_reply(ready.error())));
      if (!state) return respond(to_response(error_reply(state.error())));
      if (!reason) return respond(to_response(error_reply(reason.error())));
      if (op == Op::kState) {
        if (*state != "ready" && *state != "not_ready")
          return respond(to_response(error_reply(400, "invalid_argument", "must be ready or not_ready", "state")));
        if (*state == "not_ready" &&
            std::find(std::begin(kReasonCodes), std::end(kReasonCodes), *reason) == std::end(kReasonCodes))
          return respond(to_response(error_reply(400, "invalid_argument", "unknown reason code (see /api/v1/reason-codes)", "reason")));
      }
      on_engine(respond, [p, op, ref = req.params["id"], ready = *ready, state = *state, reason = *reason](server::TaskContext& ctx) {
        core::Engine& e = ctx.engine;
        auto a = resolve_agent(e, ref);
        if (!a) return error_reply(404, "not_found", "agent not found", "id");
        if (!agent_in_scope(e, p, Permission::kAgentPresence, *a)) return error_reply(403, "forbidden", "not your agent", "id");
        Result<void> r;
        if (op == Op::kLogin) r = e.login(*a, ready);
        else if (op == Op::kLogout) r = e.logout(*a);
        else if (state == "ready") r = e.set_ready(*a);
        else r = e.set_not_ready(*a, reason);
        if (!r) return error_reply(r.error());
        return json_reply(200, agent_json(e, *e.agent(*a)));
      });
    });
  }
  add("GET", "/api/v1/agents/{id}/offer", Permission::kHandleContacts, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    on_engine(respond, [p, ref = req.params["id"]](server::TaskContext& ctx) {
      core::Engine& e = ctx.engine;
      auto a = resolve_agent(e, ref);
      if (!a) return error_reply(404, "not_found", "agent not found", "id");
      if (!agent_in_scope(e, p, Permission::kHandleContacts, *a)) return error_reply(403, "forbidden", "not your agent", "id");
      json::array offers;
      const core::AgentView view = *e.agent(*a);
      for (core::ContactId c : view.contacts)
        if (auto v = e.contact(c); v && v->state == core::ContactState::kOffered && v->agent == *a)
          offers.push_back(contact_json(e, *v));
      return json_reply(200, offers);
    });
  });
}

}  // namespace switchyard::api
