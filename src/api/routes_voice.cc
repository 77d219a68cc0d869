// Voice routes (docs/voice.md): a call's recording, with HTTP range requests
// so that a player can seek (RFC 9110 section 14); agents' phones (SIP
// credentials and registration). Parse -> app service -> render.
#include <charconv>
#include <optional>

#include "api/errors.h"
#include "api/parse.h"
#include "api/routes.h"
#include "app/monitor_service.h"
#include "app/phone_service.h"
#include "app/recording_service.h"

namespace switchyard::api {
namespace {

using auth::Permission;

struct ByteRange {
  size_t first = 0, last = 0;  // inclusive
};

// "bytes=a-b", "bytes=a-" or "bytes=-n" against a body of `size` bytes; one
// range only (a player asks for one). nullopt: not satisfiable (416).
std::optional<ByteRange> parse_range(std::string_view h, size_t size) {
  if (!h.starts_with("bytes=") || size == 0) return std::nullopt;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return std::nullopt;
  size_t dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s, size_t& v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  size_t a = 0, b = 0;
  std::string_view first = h.substr(0, dash), last = h.substr(dash + 1);
  if (first.empty()) {  // the last n bytes
    if (!num(last, b) || b == 0) return std::nullopt;
    return ByteRange{b >= size ? 0 : size - b, size - 1};
  }
  if (!num(first, a) || a >= size) return std::nullopt;
  if (last.empty()) return ByteRange{a, size - 1};
  if (!num(last, b) || b < a) return std::nullopt;
  return ByteRange{a, std::min(b, size - 1)};
}

std::optional<std::string> range_of(const http::Request& req) {
  if (const std::string* h = req.header("range")) return *h;
  return std::nullopt;
}

// The WAV, whole or the one range asked for (206), or 416.
http::Response wav_response(const std::string& body, const std::optional<std::string>& range) {
  http::Response res;
  res.content_type = "audio/wav";
  res.headers = {{"Accept-Ranges", "bytes"}, {"Cache-Control", "private, no-store"}};
  if (!range) {
    res.body = body;
    return res;
  }
  auto br = parse_range(*range, body.size());
  if (!br) {
    http::Response bad = http::error_response(416, "range_not_satisfiable", "the range is outside the recording", "Range");
    bad.headers = {{"Content-Range", "bytes */" + std::to_string(body.size())}};
    return bad;
  }
  res.status = 206;
  res.body = body.substr(br->first, br->last - br->first + 1);
  res.headers.push_back({"Content-Range", "bytes " + std::to_string(br->first) + "-" + std::to_string(br->last) + "/" +
                                              std::to_string(body.size())});
  return res;
}

boost::json::object phone_json(const app::PhoneInfo& p) {
  boost::json::object o{{"agent", p.agent}, {"username", p.username}, {"updated_ms", p.updated_ms},
                        {"registered", p.registration.has_value()}};
  if (p.registration) {
    o["contact"] = p.registration->contact;
    o["source"] = p.registration->source;
    o["expires_ms"] = p.registration->expires_ms;
  }
  return o;
}

boost::json::object monitor_json(const app::MonitorState& s) {
  return {{"contact", s.contact}, {"mode", app::to_string(s.mode)}, {"state", s.connected ? "connected" : "ringing"},
          {"phone", s.phone}, {"supervisor", s.supervisor}};
}

}  // namespace

void add_voice_routes(Routes& r, app::RecordingService& recordings, app::PhoneService& phones, app::MonitorService& monitors,
                      app::Catalog& catalog) {
  // A lead listens in from their phone: POST {mode, phone?} starts (or
  // changes the mode), GET reads, DELETE hangs the lead's phone up.
  r.add("POST", "/api/v1/contacts/{id}/monitor", Permission::kMonitorCalls,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"mode", "phone"});
          if (!body) return respond(error_response(body.error()));
          auto mode_text = need_string(*body, "mode");
          if (!mode_text) return respond(error_response(mode_text.error()));
          auto mode = app::monitor_mode_from_string(*mode_text);
          if (!mode) return respond(error_response(Error{ErrorCode::kInvalidArgument, "expected listen, whisper or barge", "mode"}));
          std::string phone;
          if (auto* p = body->if_contains("phone"); p && !p->is_null()) {
            if (!p->is_string()) return respond(error_response(Error{ErrorCode::kInvalidArgument, "expected a sip: URI", "phone"}));
            phone = std::string(p->as_string());
          }
          monitors.start(c, *id, *mode, std::move(phone),
                         answer<app::MonitorState>(respond, [](app::MonitorState s) { return json_response(200, monitor_json(s)); }));
        });
  r.add("GET", "/api/v1/contacts/{id}/monitor", Permission::kMonitorCalls,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          monitors.get(c, *id, answer<app::MonitorState>(respond, [](app::MonitorState s) { return json_response(200, monitor_json(s)); }));
        });
  r.add("DELETE", "/api/v1/contacts/{id}/monitor", Permission::kMonitorCalls,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          monitors.stop(c, *id, answer<void>(respond, [] { return no_content(); }));
        });

  // An agent's phone: PUT {username, password} (admins), GET (the agent,
  // their lead, admins: with whether it is registered now), DELETE.
  r.add("PUT", "/api/v1/agents/{id}/phone", Permission::kWriteConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = resolve(*catalog.names(), app::Kind::kAgent, req.params["id"], "id");
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"username", "password"});
          if (!body) return respond(error_response(body.error()));
          auto user = need_string(*body, "username");
          if (!user) return respond(error_response(user.error()));
          auto pass = need_string(*body, "password");
          if (!pass) return respond(error_response(pass.error()));
          phones.set(c, *id, std::move(*user), std::move(*pass),
                     answer<app::PhoneInfo>(respond, [](app::PhoneInfo p) { return json_response(200, phone_json(p)); }));
        });
  r.add("GET", "/api/v1/agents/{id}/phone", Permission::kAgentPresence,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = resolve(*catalog.names(), app::Kind::kAgent, req.params["id"], "id");
          if (!id) return respond(error_response(id.error()));
          phones.get(c, *id, answer<app::PhoneInfo>(respond, [](app::PhoneInfo p) { return json_response(200, phone_json(p)); }));
        });
  r.add("DELETE", "/api/v1/agents/{id}/phone", Permission::kWriteConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = resolve(*catalog.names(), app::Kind::kAgent, req.params["id"], "id");
          if (!id) return respond(error_response(id.error()));
          phones.remove(c, *id, answer<void>(respond, [] { return no_content(); }));
        });

  r.add("GET", "/api/v1/contacts/{id}/recording", Permission::kListenRecordings,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          recordings.open(c, *id, answer<app::RecordingFile>(respond, [range = range_of(req)](app::RecordingFile f) {
            return wav_response(*f.bytes, range);
          }));
        });
  // A link for the web app's <audio> element (which sends no Authorization
  // header): signed for this contact and this user, valid 10 minutes.
  r.add("POST", "/api/v1/contacts/{id}/recording/link", Permission::kListenRecordings,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          recordings.link(c, *id, answer<app::RecordingLink>(respond, [](app::RecordingLink l) {
            return json_response(200, boost::json::object{{"url", l.path}, {"expires_ms", l.expires_ms}});
          }));
        });
  r.add_public("GET", "/api/v1/recordings/{token}", [&](http::Request&& req, http::Respond respond) {
    auto token = path_text(req, "token");
    if (!token) return respond(error_response(token.error()));
    recordings.open_link(*token, answer<app::RecordingFile>(respond, [range = range_of(req)](app::RecordingFile f) {
      return wav_response(*f.bytes, range);
    }));
  });
}

}  // namespace switchyard::api
