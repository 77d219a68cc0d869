// Contact routes: create (idempotent), read, the agent's actions, the
// customer's (abandon, callback), customer history, an agent's offers.
// Each is parse -> app::ContactService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/contact_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"
#include "auth/token.h"
#include "codec/config_json.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

constexpr size_t kMaxIdempotencyKey = 128;

// The answer of an action: the contact as it is now.
auto contact_reply(http::Respond respond, app::Catalog& catalog) {
  return answer<app::ContactInfo>(std::move(respond), [&catalog](app::ContactInfo i) {
    return json_response(200, contact_json(i, *catalog.names()));
  });
}

Result<app::CreateContact> read_create(const http::Request& req, const app::Names& names) {
  app::CreateContact in;
  if (const std::string* k = req.header("idempotency-key")) {
    if (k->empty() || k->size() > kMaxIdempotencyKey)
      return make_error(ErrorCode::kInvalidArgument, "must be 1..128 characters", "Idempotency-Key");
    auto key = clean_text(*k, "Idempotency-Key");
    if (!key) return std::unexpected(key.error());
    in.idempotency_key = std::move(*key);
    in.request_hash = auth::sha256_hex(req.body).substr(0, 32);  // 128 bits tell two bodies apart
  }
  auto v = parse_body(req.body);
  if (!v) return std::unexpected(v.error());
  NamesResolver resolver(names);
  auto spec = codec::contact_spec_from_json(*v, &resolver);
  if (!spec) return std::unexpected(spec.error());
  in.spec = std::move(*spec);
  in.channel_given = v->get_object().contains("channel");
  return in;
}

struct ActionRoute {
  const char* path;
  app::ContactAction action;
};
constexpr ActionRoute kActions[] = {
    {"/api/v1/contacts/{id}/accept", app::ContactAction::kAccept},
    {"/api/v1/contacts/{id}/reject", app::ContactAction::kReject},
    {"/api/v1/contacts/{id}/hold", app::ContactAction::kHold},
    {"/api/v1/contacts/{id}/resume", app::ContactAction::kResume},
    {"/api/v1/contacts/{id}/end", app::ContactAction::kEnd},
    {"/api/v1/contacts/{id}/wrapup", app::ContactAction::kWrapUp},
    {"/api/v1/contacts/{id}/transfer", app::ContactAction::kTransfer},
};

// {"agent": name or id, "disposition": ..., "queue": ..., "keep_place": ...,
//  "to_agent": name or id, "wait_s": 1..3600}; a transfer names a queue, an
// agent, or both (the agent's wait is in that queue).
Result<app::ActOnContact> read_action(app::ContactAction act, const http::Request& req, const app::Names& names) {
  using A = app::ContactAction;
  auto body = act == A::kWrapUp     ? small_body(req.body, {"agent", "disposition"})
              : act == A::kTransfer ? small_body(req.body, {"agent", "queue", "keep_place", "to_agent", "wait_s"})
                                    : small_body(req.body, {"agent"});
  if (!body) return std::unexpected(body.error());
  app::ActOnContact in;
  in.action = act;
  auto id = contact_id(req);
  if (!id) return std::unexpected(id.error());
  in.contact = *id;
  auto agent = opt_string(*body, "agent");
  if (!agent) return std::unexpected(agent.error());
  if (!agent->empty()) {
    auto a = resolve(names, app::Kind::kAgent, *agent, "agent");
    if (!a) return std::unexpected(a.error());
    in.agent = *a;
  }
  auto disposition = opt_string(*body, "disposition");
  if (!disposition) return std::unexpected(disposition.error());
  in.disposition = std::move(*disposition);
  if (act == A::kTransfer) {
    auto to = opt_string(*body, "to_agent");
    if (!to) return std::unexpected(to.error());
    if (!to->empty()) {
      auto ta = resolve(names, app::Kind::kAgent, *to, "to_agent");
      if (!ta) return std::unexpected(ta.error());
      in.to_agent = *ta;
      auto wait = opt_int(*body, "wait_s", 30, 1, 3600);
      if (!wait) return std::unexpected(wait.error());
      in.wait_ms = *wait * 1000;
    } else if (body->contains("wait_s")) {
      return make_error(ErrorCode::kInvalidArgument, "wait_s goes with to_agent", "wait_s");
    }
    auto q = in.to_agent == core::kNoId ? need_string(*body, "queue") : opt_string(*body, "queue");
    if (!q) return std::unexpected(q.error());
    if (!q->empty()) {
      auto target = resolve(names, app::Kind::kQueue, *q, "queue");
      if (!target) return std::unexpected(target.error());
      in.target = *target;
    }
    auto keep = opt_bool(*body, "keep_place", false);
    if (!keep) return std::unexpected(keep.error());
    in.keep_place = *keep;
  }
  return in;
}

}  // namespace

void add_contact_routes(Routes& r, app::ContactService& contacts, app::Catalog& catalog) {
  r.add("POST", "/api/v1/contacts", Permission::kCreateContact,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto in = read_create(req, *catalog.names());
          if (!in) return respond(error_response(in.error()));
          contacts.create(c, std::move(*in), answer<app::CreatedContact>(respond, [&catalog](app::CreatedContact out) {
            json::object o = contact_json(out.contact, *catalog.names());
            if (out.replay) {
              o["idempotent_replay"] = true;
              http::Response resp = json_response(200, o);
              resp.headers.emplace_back("Idempotent-Replay", "true");
              return resp;
            }
            o["ewt_ms"] = ms_or_null(out.ewt_ms);
            o["position"] = out.position;
            if (!out.refused_reason.empty()) o["reason"] = out.refused_reason;
            return json_response(201, o);
          }));
        });

  r.add("GET", "/api/v1/contacts/{id}", Permission::kReadContacts,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          contacts.get(c, *id, contact_reply(respond, catalog));
        });

  r.add("GET", "/api/v1/customers/{customer_id}/contacts", Permission::kReadContacts,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto customer = path_text(req, "customer_id");
          if (!customer) return respond(error_response(customer.error()));
          auto limit = query_int(req, "limit", 100, 1, 1000);
          if (!limit) return respond(error_response(limit.error()));
          contacts.customer_history(
              c, std::move(*customer), static_cast<size_t>(*limit),
              answer<std::vector<history::ContactRecord>>(respond, [&catalog](std::vector<history::ContactRecord> recs) {
                auto names = catalog.names();
                json::array a;
                for (const auto& rec : recs) a.push_back(record_json(rec, *names));
                return json_response(200, a);
              }));
        });

  for (const ActionRoute& ar : kActions) {
    app::ContactAction act = ar.action;
    r.add("POST", ar.path, Permission::kHandleContacts,
          [&, act](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto in = read_action(act, req, *catalog.names());
            if (!in) return respond(error_response(in.error()));
            contacts.act(c, std::move(*in), contact_reply(respond, catalog));
          });
  }

  // The customer's side: hung up, or asked to be called back.
  for (bool callback : {false, true}) {
    r.add("POST", callback ? "/api/v1/contacts/{id}/callback" : "/api/v1/contacts/{id}/abandon",
          Permission::kCreateContact, [&, callback](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto id = contact_id(req);
            if (!id) return respond(error_response(id.error()));
            if (auto b = small_body(req.body, {}); !b) return respond(error_response(b.error()));
            if (callback) contacts.request_callback(c, *id, contact_reply(respond, catalog));
            else contacts.abandon(c, *id, contact_reply(respond, catalog));
          });
  }

  r.add("GET", "/api/v1/agents/{id}/offer", Permission::kHandleContacts,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto names = catalog.names();
          auto a = resolve(*names, app::Kind::kAgent, req.params["id"], "id");
          if (!a) return respond(error_response(a.error()));
          contacts.offers(c, *a, answer<std::vector<app::ContactInfo>>(respond, [&catalog](std::vector<app::ContactInfo> v) {
            auto names = catalog.names();
            json::array out;
            for (const auto& i : v) out.push_back(contact_json(i, *names));
            return json_response(200, out);
          }));
        });
}

}  // namespace switchyard::api
