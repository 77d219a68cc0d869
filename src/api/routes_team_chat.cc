// Team chat (docs/api.md, "Team chat"): rooms, messages, read marks, a team lead's broadcast,
// search, presence, and the WebSocket GET /api/v1/comms/chat/socket.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"
#include "api/user_socket.h"
#include "app/team_chat_service.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::object message_json(const comms::Message& m) {
  json::array mentions;
  for (const std::string& u : m.mentions) mentions.emplace_back(u);
  return json::object{{"id", m.id},
                      {"room", m.room},
                      {"author", m.author},
                      {"body", m.body},
                      {"mentions", std::move(mentions)},
                      {"broadcast", m.broadcast},
                      {"created_ms", m.created_ms},
                      {"edited_ms", m.edited_ms ? json::value(*m.edited_ms) : json::value(nullptr)}};
}

json::object room_json(const comms::RoomSummary& s) {
  const comms::Room& r = s.room;
  json::object o{{"id", r.id}, {"kind", comms::to_string(r.kind)}, {"name", r.name}};
  if (r.kind == comms::RoomKind::kTeam) o["team"] = r.team;
  if (r.kind == comms::RoomKind::kSite) o["site"] = r.site;
  if (r.kind == comms::RoomKind::kDirect || r.kind == comms::RoomKind::kGroup || r.kind == comms::RoomKind::kHuddle) {
    json::array members;
    for (const std::string& u : r.members) members.emplace_back(u);
    o["members"] = std::move(members);
  }
  o["unread"] = s.unread;
  o["last_message"] = s.last_message ? json::value(message_json(*s.last_message)) : json::value(nullptr);
  if (r.huddle)
    o["huddle"] = json::object{{"starts_ms", r.huddle->starts_ms},
                               {"ends_ms", r.huddle->ends_ms},
                               {"agenda", r.huddle->agenda},
                               {"notes", r.huddle->notes}};
  else
    o["huddle"] = nullptr;
  o["created_by"] = r.created_by;
  return o;
}

json::object presence_json(const app::PresenceEntry& p) {
  return json::object{{"user", p.user},
                      {"agent", p.agent.empty() ? json::value(nullptr) : json::value(p.agent)},
                      {"state", app::to_string(p.state)},
                      {"since_ms", p.since_ms}};
}

json::array rooms_json(const std::vector<comms::RoomSummary>& rooms) {
  json::array items;
  for (const auto& s : rooms) items.push_back(room_json(s));
  return items;
}

// A socket frame (docs/api.md "Team chat").
std::string frame(const app::ChatPush& p) {
  using T = app::ChatPush::Type;
  switch (p.type) {
    case T::kRooms: return json::serialize(json::object{{"type", "rooms"}, {"items", rooms_json(p.rooms)}});
    case T::kMessage: return json::serialize(json::object{{"type", "message"}, {"message", message_json(p.message)}});
    case T::kEdited: return json::serialize(json::object{{"type", "edited"}, {"message", message_json(p.message)}});
    case T::kRead: return json::serialize(json::object{{"type", "read"}, {"room", p.room}, {"unread", p.unread}});
    case T::kPresence: {
      json::object o = presence_json(p.presence);
      o.erase("agent");
      o["type"] = "presence";
      return json::serialize(o);
    }
    case T::kRoom:
      return json::serialize(json::object{{"type", "room"}, {"room", p.rooms.empty() ? json::value(nullptr) : json::value(room_json(p.rooms.front()))}});
  }
  return "{}";
}

// {starts_ms, ends_ms, agenda} (the store checks the values; errors name "huddle.x").
Result<comms::Huddle> huddle_of(const json::value& v) {
  const json::object* o = v.if_object();
  if (!o) return make_error(ErrorCode::kInvalidArgument, "an object {starts_ms, ends_ms, agenda}", "huddle");
  for (const auto& kv : *o)
    if (kv.key() != "starts_ms" && kv.key() != "ends_ms" && kv.key() != "agenda")
      return make_error(ErrorCode::kInvalidArgument, "unknown field", "huddle." + std::string(kv.key()));
  comms::Huddle h;
  auto starts = opt_int(*o, "starts_ms", 0, 0, INT64_MAX);
  if (!starts) return make_error(ErrorCode::kInvalidArgument, "epoch milliseconds", "huddle.starts_ms");
  auto ends = opt_int(*o, "ends_ms", 0, 0, INT64_MAX);
  if (!ends) return make_error(ErrorCode::kInvalidArgument, "epoch milliseconds", "huddle.ends_ms");
  auto agenda = opt_string(*o, "agenda");
  if (!agenda) return make_error(ErrorCode::kInvalidArgument, "text", "huddle.agenda");
  h.starts_ms = *starts;
  h.ends_ms = *ends;
  h.agenda = std::move(*agenda);
  return h;
}

// The path's {id} and a body {body: text}: a message to post, or a message's new text.
Result<std::pair<int64_t, std::string>> id_and_text(const http::Request& req) {
  auto id = row_id(req, "id");
  if (!id) return std::unexpected(id.error());
  auto body = small_body(req.body, {"body"});
  if (!body) return std::unexpected(body.error());
  auto text = need_string(*body, "body");
  if (!text) return std::unexpected(text.error());
  return std::pair{*id, std::move(*text)};
}

app::Reply<comms::Message> message_answer(http::Respond respond, int status) {
  return answer<comms::Message>(std::move(respond),
                                [status](const comms::Message& m) { return json_response(status, message_json(m)); });
}

}  // namespace

void add_team_chat_routes(Routes& r, app::TeamChatService& chat) {
  app::TeamChatService* t = &chat;
  constexpr Permission kRead = Permission::kReadComms;
  r.add("GET", "/api/v1/comms/chat/rooms", kRead, [t](const app::Caller& c, http::Request&&, http::Respond respond) {
    t->rooms(c, answer<std::vector<comms::RoomSummary>>(respond, [](const std::vector<comms::RoomSummary>& rooms) {
               return json_response(200, json::object{{"items", rooms_json(rooms)}});
             }));
  });
  r.add("POST", "/api/v1/comms/chat/rooms", kRead, [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto body = small_body(req.body, {"kind", "with", "name", "members", "huddle"});
    if (!body) return respond(error_response(body.error()));
    auto kind_text = need_string(*body, "kind");
    if (!kind_text) return respond(error_response(kind_text.error()));
    auto kind = comms::room_kind_from_string(*kind_text);
    if (!kind || *kind == comms::RoomKind::kTeam || *kind == comms::RoomKind::kSite)
      return respond(error_response(Error{ErrorCode::kInvalidArgument, "direct, group or huddle", "kind"}));
    app::NewRoom in;
    in.kind = *kind;
    if (in.kind == comms::RoomKind::kDirect) {
      auto with = need_string(*body, "with");
      if (!with) return respond(error_response(with.error()));
      in.with = std::move(*with);
    } else {
      auto name = need_string(*body, "name");
      if (!name) return respond(error_response(name.error()));
      auto members = opt_strings(*body, "members");
      if (!members) return respond(error_response(members.error()));
      in.name = std::move(*name);
      in.members = std::move(*members);
      if (in.kind == comms::RoomKind::kHuddle) {
        const json::value* h = body->if_contains("huddle");
        if (!h) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required for a huddle", "huddle"}));
        auto huddle = huddle_of(*h);
        if (!huddle) return respond(error_response(huddle.error()));
        in.huddle = std::move(*huddle);
      }
    }
    t->create_room(c, std::move(in), answer<app::TeamChatService::Made>(respond, [](const app::TeamChatService::Made& m) {
                     return json_response(m.created ? 201 : 200, room_json(m.room));
                   }));
  });
  r.add("GET", "/api/v1/comms/chat/rooms/{id}/messages", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto before = query_int(req, "before", 0, 0, INT64_MAX);
          if (!before) return respond(error_response(before.error()));
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          t->messages(c, *id, *before, static_cast<size_t>(*limit),
                      answer<std::vector<comms::Message>>(respond, [](const std::vector<comms::Message>& ms) {
                        json::array items;
                        for (const auto& m : ms) items.push_back(message_json(m));
                        return json_response(200, json::object{{"items", std::move(items)}});
                      }));
        });
  r.add("POST", "/api/v1/comms/chat/rooms/{id}/messages", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto in = id_and_text(req);
          if (!in) return respond(error_response(in.error()));
          t->post(c, in->first, std::move(in->second), message_answer(respond, 201));
        });
  r.add("PUT", "/api/v1/comms/chat/messages/{id}", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto in = id_and_text(req);
          if (!in) return respond(error_response(in.error()));
          t->edit(c, in->first, std::move(in->second), message_answer(respond, 200));
        });
  r.add("GET", "/api/v1/comms/chat/rooms/{id}/members", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          t->members(c, *id, answer<std::vector<app::RoomMember>>(respond, [](const std::vector<app::RoomMember>& ms) {
                       json::array items;
                       for (const auto& m : ms) {
                         json::object o = presence_json(m.presence);
                         o["display_name"] = m.display_name.empty() ? json::value(nullptr) : json::value(m.display_name);
                         o["role"] = m.role;
                         items.push_back(std::move(o));
                       }
                       return json_response(200, json::object{{"items", std::move(items)}});
                     }));
        });
  r.add("POST", "/api/v1/comms/chat/rooms/{id}/read", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"message"});
          if (!body) return respond(error_response(body.error()));
          auto message = opt_int(*body, "message", 0, 1, INT64_MAX);
          if (!message || *message == 0)
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "a message id", "message"}));
          t->mark_read(c, *id, *message, answer<int64_t>(respond, [](int64_t unread) {
                         return json_response(200, json::object{{"unread", unread}});
                       }));
        });
  r.add("PUT", "/api/v1/comms/chat/rooms/{id}/huddle", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"agenda", "notes"});
          if (!body) return respond(error_response(body.error()));
          auto agenda = opt_string(*body, "agenda");
          if (!agenda) return respond(error_response(agenda.error()));
          auto notes = opt_string(*body, "notes");
          if (!notes) return respond(error_response(notes.error()));
          t->edit_huddle(c, *id, std::move(*agenda), std::move(*notes),
                         answer<comms::RoomSummary>(respond, [](const comms::RoomSummary& s) {
                           return json_response(200, room_json(s));
                         }));
        });
  r.add("POST", "/api/v1/comms/chat/broadcast", kRead,
        [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"body"});
          if (!body) return respond(error_response(body.error()));
          auto text = need_string(*body, "body");
          if (!text) return respond(error_response(text.error()));
          t->broadcast(c, std::move(*text), message_answer(respond, 201));
        });
  r.add("GET", "/api/v1/comms/chat/search", kRead, [t](const app::Caller& c, http::Request&& req, http::Respond respond) {
    const std::string* q = req.query_param("q");
    if (!q || q->empty()) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "q"}));
    auto room = query_int(req, "room", 0, 0, INT64_MAX);
    if (!room) return respond(error_response(room.error()));
    auto limit = query_int(req, "limit", 20, 1, 200);
    if (!limit) return respond(error_response(limit.error()));
    t->search(c, *q, *room, static_cast<size_t>(*limit),
              answer<std::vector<comms::FoundMessage>>(respond, [](const std::vector<comms::FoundMessage>& found) {
                json::array items;
                for (const auto& f : found) {
                  json::object o = message_json(f.message);
                  o["room_name"] = f.room_name;
                  items.push_back(std::move(o));
                }
                return json_response(200, json::object{{"items", std::move(items)}});
              }));
  });
  r.add("GET", "/api/v1/comms/chat/presence", kRead, [t](const app::Caller& c, http::Request&&, http::Respond respond) {
    t->presence(c, answer<std::vector<app::PresenceEntry>>(respond, [](const std::vector<app::PresenceEntry>& ps) {
                  json::array items;
                  for (const auto& p : ps) items.push_back(presence_json(p));
                  return json_response(200, json::object{{"items", std::move(items)}});
                }));
  });
  auto socket = std::make_shared<UserSocket>(
      r.auth(), kRead, "team chat is for users, not API keys",
      [t](const app::Caller& c, std::weak_ptr<http::WebSocket> ws) {
        return t->subscribe(c, [ws](const app::ChatPush& p) {
          auto s = ws.lock();
          return s && s->send(std::make_shared<const std::string>(frame(p)));
        });
      },
      [t](uint64_t id) { t->unsubscribe(id); });
  r.add_websocket("/api/v1/comms/chat/socket", kRead, socket->handlers());
  r.keep(std::move(socket));
}

}  // namespace switchyard::api
