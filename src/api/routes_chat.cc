// Web chat and desk routes (docs/chat.md): widgets (admin), the visitor API
// (no account: the visitor token is the credential, CORS by the widget's
// allowed origins), the staff API and both WebSockets, contact notes and
// queue desks. parse -> app::ChatService -> render.
#include <boost/json.hpp>

#include <charconv>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "api/api.h"
#include "app/auth_service.h"
#include "app/chat_service.h"
#include "app/contact_service.h"
#include "api/cors.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

// The visitor's token: Authorization: Bearer vt_..., or ?token= (sockets).
std::string visitor_token(const http::Request& req) {
  if (const std::string* h = req.header("authorization"); h && h->rfind("Bearer ", 0) == 0) return h->substr(7);
  if (const std::string* t = req.query_param("token")) return *t;
  return {};
}

std::string origin_of(const http::Request& req) { return Cors::origin_of(req); }

json::object chat_view_json(const app::ChatView& v, bool for_visitor) {
  json::object o = chat::session_json(v.session, v.live, for_visitor);
  json::array msgs;
  for (const chat::Message& m : v.messages) msgs.push_back(chat::message_json(m));
  o["messages"] = std::move(msgs);
  return o;
}

Result<std::optional<int64_t>> opt_seq(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<int64_t>();
  if (!v->is_int64() || v->as_int64() < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be a seq (an integer >= 0)", std::string(key));
  return std::optional<int64_t>(v->as_int64());
}

Result<int64_t> since_param(const http::Request& req) {
  const std::string* s = req.query_param("since");
  if (!s || s->empty()) return int64_t{0};
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be a message seq", "since");
  return v;
}

struct TextIn {
  std::string text;
  std::string client_id;
  chat::MessageKind kind = chat::MessageKind::kMessage;
};

Result<TextIn> read_text(const json::object& o, bool staff) {
  TextIn in;
  auto text = need_string(o, "text");
  if (!text) return std::unexpected(text.error());
  in.text = std::move(*text);
  auto cid = opt_string(o, "client_id");
  if (!cid) return std::unexpected(cid.error());
  in.client_id = std::move(*cid);
  if (staff) {
    auto kind = opt_string(o, "kind");
    if (!kind) return std::unexpected(kind.error());
    if (!kind->empty()) {
      auto k = chat::kind_from_string(*kind);
      if (!k) return make_error(ErrorCode::kInvalidArgument, "message or whisper", "kind");
      in.kind = *k;
    }
  }
  return in;
}

Result<chat::Localized> read_localized(const json::object& o, std::string_view key) {
  chat::Localized l;
  const json::value* v = o.if_contains(key);
  if (!v) return l;
  if (!v->is_object()) return make_error(ErrorCode::kInvalidArgument, "an object {\"en\",\"zh-CN\"}", std::string(key));
  for (const auto& [k, x] : v->as_object()) {
    if (k != "en" && k != "zh-CN")
      return make_error(ErrorCode::kInvalidArgument, "unknown language (en, zh-CN)", std::string(key) + "." + std::string(k));
    if (!x.is_string())
      return make_error(ErrorCode::kInvalidArgument, "must be a string", std::string(key) + "." + std::string(k));
    (k == "en" ? l.en : l.zh) = x.as_string();
  }
  return l;
}

Result<chat::Widget> read_widget(const std::string& body, const app::Names& names) {
  auto o = small_body(body, {"name", "queue", "allowed_origins", "title", "enabled"});
  if (!o) return std::unexpected(o.error());
  chat::Widget w;
  auto name = need_string(*o, "name");
  if (!name) return std::unexpected(name.error());
  w.name = std::move(*name);
  auto queue = need_string(*o, "queue");
  if (!queue) return std::unexpected(queue.error());
  auto q = resolve(names, app::Kind::kQueue, *queue, "queue");
  if (!q) return std::unexpected(q.error());
  w.queue = *q;
  const json::value* origins = o->if_contains("allowed_origins");
  if (!origins || !origins->is_array())
    return make_error(ErrorCode::kInvalidArgument, "an array of origins is required", "allowed_origins");
  for (size_t i = 0; i < origins->as_array().size(); ++i) {
    const json::value& x = origins->as_array()[i];
    if (!x.is_string())
      return make_error(ErrorCode::kInvalidArgument, "must be a string", "allowed_origins[" + std::to_string(i) + "]");
    w.allowed_origins.emplace_back(x.as_string());
  }
  auto title = read_localized(*o, "title");
  if (!title) return std::unexpected(title.error());
  w.title = std::move(*title);
  auto enabled = opt_bool(*o, "enabled", true);
  if (!enabled) return std::unexpected(enabled.error());
  w.enabled = *enabled;
  return w;
}

Result<chat::Desk> read_desk(const std::string& body) {
  auto o = small_body(body, {"script", "dispositions"});
  if (!o) return std::unexpected(o.error());
  chat::Desk d;
  auto script = read_localized(*o, "script");
  if (!script) return std::unexpected(script.error());
  d.script = std::move(*script);
  if (const json::value* ds = o->if_contains("dispositions")) {
    if (!ds->is_array()) return make_error(ErrorCode::kInvalidArgument, "must be an array", "dispositions");
    for (size_t i = 0; i < ds->as_array().size(); ++i) {
      const std::string at = "dispositions[" + std::to_string(i) + "]";
      const json::value& x = ds->as_array()[i];
      if (!x.is_object()) return make_error(ErrorCode::kInvalidArgument, "must be an object {code, label}", at);
      chat::Disposition disp;
      for (const auto& [k, v] : x.as_object())
        if (k != "code" && k != "label")
          return make_error(ErrorCode::kInvalidArgument, "unknown field", at + "." + std::string(k));
      const json::value* code = x.as_object().if_contains("code");
      if (!code || !code->is_string()) return make_error(ErrorCode::kInvalidArgument, "a code is required", at + ".code");
      disp.code = code->as_string();
      auto label = read_localized(x.as_object(), "label");
      if (!label) {
        Error e = label.error();
        e.field = at + "." + e.field;
        return std::unexpected(std::move(e));
      }
      disp.label = std::move(*label);
      d.dispositions.push_back(std::move(disp));
    }
  }
  return d;
}

// The two chat sockets share this: subscribe on open, client frames in,
// unsubscribe on close (also when the close comes before the subscription).
class ChatSocket {
 public:
  struct Accepted {
    bool staff = false;
    app::Caller caller;       // staff
    core::ContactId contact = core::kNoContact;
    std::string token;        // visitor
    std::string origin;
    int64_t since = 0;
  };

  ChatSocket(app::ChatService& chat, app::AuthService& auth) : chat_(chat), auth_(auth) {}

  http::WsHandlers visitor() {
    http::WsHandlers h = common();
    h.on_upgrade = [](const http::Request& req, http::Respond respond) {
      auto since = since_param(req);
      if (!since) return respond(error_response(since.error()));
      std::string token = visitor_token(req);
      if (token.empty()) return respond(error_response(Error{ErrorCode::kUnauthenticated, "a visitor token is required", "token"}));
      http::Response accept;
      accept.status = 101;
      accept.attachment = std::make_shared<const Accepted>(Accepted{false, {}, core::kNoContact, std::move(token), origin_of(req), *since});
      respond(std::move(accept));
    };
    return h;
  }

  http::WsHandlers staff() {
    http::WsHandlers h = common();
    h.on_upgrade = [this](const http::Request& req, http::Respond respond) {
      auth_.authenticate(credentials(req, true), req.remote, [respond, req](Result<app::Caller> who) {
        if (!who) return respond(error_response(who.error()));
        if (auto ok = app::require(*who, Permission::kReadContacts); !ok) return respond(error_response(ok.error()));
        auto id = contact_id(req, "contact");
        if (!id) return respond(error_response(id.error()));
        auto since = since_param(req);
        if (!since) return respond(error_response(since.error()));
        http::Response accept;
        accept.status = 101;
        accept.attachment = std::make_shared<const Accepted>(Accepted{true, std::move(*who), *id, {}, origin_of(req), *since});
        respond(std::move(accept));
      });
    };
    return h;
  }

 private:
  http::WsHandlers common() {
    http::WsHandlers h;
    h.on_open = [this](std::shared_ptr<http::WebSocket> ws) {
      auto a = std::static_pointer_cast<const Accepted>(ws->attachment());
      std::weak_ptr<http::WebSocket> weak = ws;
      app::ChatService::Sink sink = [weak](std::shared_ptr<const std::string> text) {
        auto s = weak.lock();
        return s && s->send(std::move(text));
      };
      auto done = [this, ws](Result<uint64_t> id) {
        if (!id) {
          {
            std::lock_guard lk(mu_);
            closed_.erase(ws.get());
          }
          const Error& e = id.error();
          ws->send(chat::error_frame(to_string(e.code), e.message, e.field));
          ws->close();
          return;
        }
        std::lock_guard lk(mu_);
        if (closed_.erase(ws.get())) return chat_.unsubscribe(*id);
        subs_[ws.get()] = *id;
      };
      if (a->staff) chat_.staff_subscribe(a->caller, a->contact, a->since, std::move(sink), std::move(done));
      else chat_.visitor_subscribe(a->token, a->origin, a->since, std::move(sink), std::move(done));
    };
    h.on_message = [this](const std::shared_ptr<http::WebSocket>& ws, std::string&& text) {
      auto a = std::static_pointer_cast<const Accepted>(ws->attachment());
      std::weak_ptr<http::WebSocket> weak = ws;
      auto fail = [weak](const Error& e) {
        if (auto s = weak.lock()) s->send(chat::error_frame(to_string(e.code), e.message, e.field));
      };
      auto v = parse_body(text);
      if (!v) return fail(v.error());
      if (!v->is_object()) return fail(Error{ErrorCode::kInvalidArgument, "a frame is a JSON object", "body"});
      const json::object& o = v->as_object();
      const json::value* type = o.if_contains("type");
      if (!type || !type->is_string()) return fail(Error{ErrorCode::kInvalidArgument, "a frame needs a type", "type"});
      const std::string_view t = type->as_string();
      auto void_reply = [fail](Result<void> r) {
        if (!r) fail(r.error());
      };
      if (t == "message" || t == "whisper") {
        auto in = read_text(o, false);
        if (!in) return fail(in.error());
        auto msg_reply = [fail](Result<chat::Message> r) {
          if (!r) fail(r.error());
        };
        const auto kind = t == "whisper" ? chat::MessageKind::kWhisper : chat::MessageKind::kMessage;
        if (a->staff)
          return chat_.staff_send(a->caller, a->contact, kind, std::move(in->text), std::move(in->client_id), msg_reply);
        if (kind == chat::MessageKind::kWhisper)
          return fail(Error{ErrorCode::kInvalidArgument, "visitors send messages", "type"});
        return chat_.visitor_send(a->token, a->origin, std::move(in->text), std::move(in->client_id), msg_reply);
      }
      if (t == "typing") {
        auto on = opt_bool(o, "on", true);
        if (!on) return fail(on.error());
        if (a->staff) return chat_.staff_typing(a->caller, a->contact, *on, void_reply);
        return chat_.visitor_typing(a->token, a->origin, *on, void_reply);
      }
      if (t == "delivered" || t == "read") {
        auto up_to = opt_seq(o, "up_to");
        if (!up_to) return fail(up_to.error());
        if (!*up_to) return fail(Error{ErrorCode::kInvalidArgument, "up_to is required", "up_to"});
        std::optional<int64_t> delivered = t == "delivered" ? *up_to : std::nullopt;
        std::optional<int64_t> read = t == "read" ? *up_to : std::nullopt;
        if (a->staff) return chat_.staff_receipt(a->caller, a->contact, delivered, read, void_reply);
        return chat_.visitor_receipt(a->token, a->origin, delivered, read, void_reply);
      }
      fail(Error{ErrorCode::kInvalidArgument, "unknown frame type (message, whisper, typing, delivered, read)", "type"});
    };
    h.on_close = [this](const std::shared_ptr<http::WebSocket>& ws) {
      std::lock_guard lk(mu_);
      auto it = subs_.find(ws.get());
      if (it == subs_.end()) {
        closed_.insert(ws.get());
        return;
      }
      chat_.unsubscribe(it->second);
      subs_.erase(it);
    };
    return h;
  }

  app::ChatService& chat_;
  app::AuthService& auth_;
  std::mutex mu_;
  std::unordered_map<const http::WebSocket*, uint64_t> subs_;  // guarded by mu_
  std::unordered_set<const http::WebSocket*> closed_;          // guarded by mu_: closed while subscribing
};

}  // namespace

void add_chat_routes(Routes& r, app::ChatService& chat, app::ContactService& contacts, app::Catalog& catalog,
                     std::shared_ptr<const Cors> cors) {
  auto sockets = std::make_shared<ChatSocket>(chat, r.auth());
  r.keep(sockets);
  auto widget_reply = [&catalog](chat::Widget w) {
    auto names = catalog.names();
    const std::string* q = names->name(app::Kind::kQueue, w.queue);
    return json_response(200, chat::widget_json(w, q ? *q : std::string()));
  };

  // ---- widgets
  r.add("GET", "/api/v1/chat/widgets", Permission::kReadConfig,
        [&chat, &catalog](const app::Caller& c, http::Request&&, http::Respond respond) {
          chat.widgets(c, answer<std::vector<chat::Widget>>(respond, [&catalog](std::vector<chat::Widget> ws) {
            auto names = catalog.names();
            json::array a;
            for (const chat::Widget& w : ws) {
              const std::string* q = names->name(app::Kind::kQueue, w.queue);
              a.push_back(chat::widget_json(w, q ? *q : std::string()));
            }
            return json_response(200, a);
          }));
        });
  r.add("POST", "/api/v1/chat/widgets", Permission::kWriteConfig,
        [&chat, &catalog, widget_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto w = read_widget(req.body, *catalog.names());
          if (!w) return respond(error_response(w.error()));
          chat.create_widget(c, std::move(*w), answer<chat::Widget>(respond, [widget_reply](chat::Widget x) {
            http::Response out = widget_reply(std::move(x));
            out.status = 201;
            return out;
          }));
        });
  r.add("GET", "/api/v1/chat/widgets/{id}", Permission::kReadConfig,
        [&chat, widget_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          chat.widget(c, *id, answer<chat::Widget>(respond, widget_reply));
        });
  r.add("PUT", "/api/v1/chat/widgets/{id}", Permission::kWriteConfig,
        [&chat, &catalog, widget_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto w = read_widget(req.body, *catalog.names());
          if (!w) return respond(error_response(w.error()));
          w->id = *id;
          chat.update_widget(c, std::move(*w), answer<chat::Widget>(respond, widget_reply));
        });
  r.add("DELETE", "/api/v1/chat/widgets/{id}", Permission::kWriteConfig,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          chat.delete_widget(c, *id, answer<void>(respond, [] { return no_content(); }));
        });

  // ---- visitors (public; CORS)
  r.add_public("OPTIONS", "/api/v1/chat/visitor/{rest...}", cors->preflight());
  r.add_public("GET", "/api/v1/chat/visitor/widget", [&chat, &catalog, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    const std::string* key = req.query_param("key");
    if (!key || key->empty())
      return out(error_response(Error{ErrorCode::kInvalidArgument, "the widget key is required", "key"}));
    chat.public_widget(*key, origin_of(req), answer_to<chat::Widget>(out, [&catalog](chat::Widget w) {
      auto names = catalog.names();
      const std::string* q = names->name(app::Kind::kQueue, w.queue);
      return json_response(200, json::object{{"key", w.key}, {"title", chat::localized_json(w.title)},
                                             {"queue", q ? json::value(*q) : json::value(nullptr)}});
    }));
  });
  r.add_public("POST", "/api/v1/chat/visitor/start", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    auto o = small_body(req.body, {"widget", "language", "name", "email", "customer_id", "message"});
    if (!o) return out(error_response(o.error()));
    app::StartChat in;
    auto widget = need_string(*o, "widget");
    if (!widget) return out(error_response(widget.error()));
    in.widget_key = std::move(*widget);
    for (auto [key, dest] : {std::pair{"name", &in.visitor.name}, std::pair{"email", &in.visitor.email},
                             std::pair{"customer_id", &in.visitor.customer_id}, std::pair{"message", &in.first_message}}) {
      auto v = opt_string(*o, key);
      if (!v) return out(error_response(v.error()));
      *dest = std::move(*v);
    }
    auto lang = opt_string(*o, "language");
    if (!lang) return out(error_response(lang.error()));
    if (!lang->empty()) in.visitor.language = std::move(*lang);
    in.origin = origin_of(req);
    in.address = req.remote;
    chat.start_chat(std::move(in), answer_to<app::StartedChat>(out, [](app::StartedChat s) {
      return json_response(201, json::object{{"contact", s.contact},
                                             {"token", s.token},
                                             {"expires_ms", s.expires_ms},
                                             {"state", s.live.state},
                                             {"position", s.live.position ? json::value(*s.live.position) : json::value(nullptr)},
                                             {"ewt_ms", ms_or_null(s.live.ewt_ms)},
                                             {"queue", s.live.queue}});
    }));
  });
  r.add_public("GET", "/api/v1/chat/visitor", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    chat.visitor_view(visitor_token(req), origin_of(req), answer_to<app::ChatView>(out, [](app::ChatView v) {
      return json_response(200, chat_view_json(v, true));
    }));
  });
  r.add_public("POST", "/api/v1/chat/visitor/messages", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    auto o = small_body(req.body, {"text", "client_id"});
    if (!o) return out(error_response(o.error()));
    auto in = read_text(*o, false);
    if (!in) return out(error_response(in.error()));
    chat.visitor_send(visitor_token(req), origin_of(req), std::move(in->text), std::move(in->client_id),
                      answer_to<chat::Message>(out, [](chat::Message m) { return json_response(201, chat::message_json(m)); }));
  });
  r.add_public("POST", "/api/v1/chat/visitor/typing", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    auto o = small_body(req.body, {"on"});
    if (!o) return out(error_response(o.error()));
    auto on = opt_bool(*o, "on", true);
    if (!on) return out(error_response(on.error()));
    chat.visitor_typing(visitor_token(req), origin_of(req), *on, answer_to<void>(out, [] { return no_content(); }));
  });
  r.add_public("POST", "/api/v1/chat/visitor/read", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    auto o = small_body(req.body, {"up_to", "delivered"});
    if (!o) return out(error_response(o.error()));
    auto read = opt_seq(*o, "up_to");
    if (!read) return out(error_response(read.error()));
    auto delivered = opt_seq(*o, "delivered");
    if (!delivered) return out(error_response(delivered.error()));
    chat.visitor_receipt(visitor_token(req), origin_of(req), *delivered, *read,
                         answer_to<void>(out, [] { return no_content(); }));
  });
  r.add_public("POST", "/api/v1/chat/visitor/end", [&chat, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    chat.visitor_end(visitor_token(req), origin_of(req), answer_to<app::ChatView>(out, [](app::ChatView v) {
      json::object o = chat::session_json(v.session, v.live, true);
      return json_response(200, json::object{{"state", v.live.state}, {"survey", o["survey"]}});
    }));
  });
  r.add_websocket("/api/v1/chat/visitor/socket", Permission::kReadConfig, sockets->visitor());

  // ---- staff
  r.add("GET", "/api/v1/chat/sessions", Permission::kReadContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* state = req.query_param("state");
          if (state && *state != "active" && *state != "ended")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "active or ended", "state"}));
          auto limit = query_int(req, "limit", 100, 1, 500);
          if (!limit) return respond(error_response(limit.error()));
          chat.sessions(c, state && *state == "ended", static_cast<size_t>(*limit),
                        answer<std::vector<app::ChatView>>(respond, [](std::vector<app::ChatView> vs) {
                          json::array a;
                          for (const app::ChatView& v : vs) a.push_back(chat::session_json(v.session, v.live, false));
                          return json_response(200, a);
                        }));
        });
  r.add("GET", "/api/v1/chat/sessions/{contact}", Permission::kReadContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          chat.session(c, *id, answer<app::ChatView>(respond, [](app::ChatView v) {
            return json_response(200, chat_view_json(v, false));
          }));
        });
  r.add("POST", "/api/v1/chat/sessions/{contact}/messages", Permission::kHandleContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          auto o = small_body(req.body, {"text", "kind", "client_id"});
          if (!o) return respond(error_response(o.error()));
          auto in = read_text(*o, true);
          if (!in) return respond(error_response(in.error()));
          chat.staff_send(c, *id, in->kind, std::move(in->text), std::move(in->client_id),
                          answer<chat::Message>(respond, [](chat::Message m) { return json_response(201, chat::message_json(m)); }));
        });
  r.add("POST", "/api/v1/chat/sessions/{contact}/typing", Permission::kHandleContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          auto o = small_body(req.body, {"on"});
          if (!o) return respond(error_response(o.error()));
          auto on = opt_bool(*o, "on", true);
          if (!on) return respond(error_response(on.error()));
          chat.staff_typing(c, *id, *on, answer<void>(respond, [] { return no_content(); }));
        });
  r.add("POST", "/api/v1/chat/sessions/{contact}/read", Permission::kHandleContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          auto o = small_body(req.body, {"up_to", "delivered"});
          if (!o) return respond(error_response(o.error()));
          auto read = opt_seq(*o, "up_to");
          if (!read) return respond(error_response(read.error()));
          auto delivered = opt_seq(*o, "delivered");
          if (!delivered) return respond(error_response(delivered.error()));
          chat.staff_receipt(c, *id, *delivered, *read, answer<void>(respond, [] { return no_content(); }));
        });
  r.add("POST", "/api/v1/chat/sessions/{contact}/barge", Permission::kHandleContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          chat.barge(c, *id, answer<app::ChatView>(respond, [](app::ChatView v) {
            return json_response(200, chat_view_json(v, false));
          }));
        });
  r.add_websocket("/api/v1/chat/sessions/{contact}/socket", Permission::kReadContacts, sockets->staff());

  // ---- desk: notes, customer notes, queue desks
  r.add("GET", "/api/v1/contacts/{id}/notes", Permission::kReadContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          chat.notes(c, *id, answer<app::NotesView>(respond, [](app::NotesView v) {
            json::array a;
            for (const chat::Note& n : v.notes) a.push_back(chat::note_json(n));
            json::value verified = nullptr;
            if (v.verified) verified = json::object{{"by", v.verified->author}, {"time_ms", v.verified->time_ms}};
            return json_response(200, json::object{{"notes", std::move(a)}, {"verified", std::move(verified)}});
          }));
        });
  r.add("POST", "/api/v1/contacts/{id}/notes", Permission::kHandleContacts,
        [&chat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          auto o = small_body(req.body, {"text", "kind"});
          if (!o) return respond(error_response(o.error()));
          auto text = need_string(*o, "text");
          if (!text) return respond(error_response(text.error()));
          auto kind = opt_string(*o, "kind");
          if (!kind) return respond(error_response(kind.error()));
          auto k = kind->empty() ? std::optional(chat::NoteKind::kNote) : chat::note_kind_from_string(*kind);
          if (!k) return respond(error_response(Error{ErrorCode::kInvalidArgument, "note or verified", "kind"}));
          chat.add_note(c, *id, *k, std::move(*text), answer<chat::Note>(respond, [](chat::Note n) {
            return json_response(201, chat::note_json(n));
          }));
        });
  r.add("GET", "/api/v1/customers/{customer_id}/notes", Permission::kReadContacts,
        [&chat, &contacts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto customer = path_text(req, "customer_id");
          if (!customer) return respond(error_response(customer.error()));
          // The notes of the customer's contacts in the caller's scope.
          contacts.customer_history(
              c, *customer, 1000,
              [&chat, customer = *customer, respond](Result<std::vector<history::ContactRecord>> recs) {
                if (!recs) return respond(error_response(recs.error()));
                auto visible = std::make_shared<std::unordered_set<core::ContactId>>();
                for (const auto& rec : *recs) visible->insert(rec.id);
                chat.customer_notes(customer, 500, answer<std::vector<chat::Note>>(respond, [visible](std::vector<chat::Note> ns) {
                  json::array a;
                  for (const chat::Note& n : ns)
                    if (visible->contains(n.contact)) a.push_back(chat::note_json(n));
                  return json_response(200, a);
                }));
              });
        });
  r.add("GET", "/api/v1/queues/{id}/desk", Permission::kReadConfig,
        [&chat, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = resolve(*catalog.names(), app::Kind::kQueue, req.params["id"], "id");
          if (!q) return respond(error_response(q.error()));
          chat.desk(c, *q, answer<chat::Desk>(respond, [](chat::Desk d) { return json_response(200, chat::desk_json(d)); }));
        });
  r.add("PUT", "/api/v1/queues/{id}/desk", Permission::kWriteConfig,
        [&chat, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = resolve(*catalog.names(), app::Kind::kQueue, req.params["id"], "id");
          if (!q) return respond(error_response(q.error()));
          auto d = read_desk(req.body);
          if (!d) return respond(error_response(d.error()));
          chat.set_desk(c, *q, std::move(*d), answer<chat::Desk>(respond, [](chat::Desk x) {
            return json_response(200, chat::desk_json(x));
          }));
        });
}

}  // namespace switchyard::api
