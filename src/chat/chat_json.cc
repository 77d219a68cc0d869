#include "chat/chat_json.h"

namespace switchyard::chat {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value name_or_null(std::string_view s) { return s.empty() ? json::value(nullptr) : json::value(s); }

json::object receipts_json(const Session& s) {
  return json::object{
      {"visitor", json::object{{"delivered", s.visitor_receipt.delivered}, {"read", s.visitor_receipt.read}}},
      {"agent", json::object{{"delivered", s.agent_receipt.delivered}, {"read", s.agent_receipt.read}}}};
}

json::object state_fields(const LiveState& live) {
  return json::object{{"state", live.state},
                      {"agent", name_or_null(live.agent)},
                      {"queue", name_or_null(live.queue)},
                      {"position", live.position ? json::value(*live.position) : json::value(nullptr)},
                      {"ewt_ms", opt(live.ewt_ms)}};
}

}  // namespace

json::object localized_json(const Localized& l) { return json::object{{"en", l.en}, {"zh-CN", l.zh}}; }

json::object message_json(const Message& m) {
  return json::object{{"seq", m.seq},
                      {"from", sender_name(m.from)},
                      {"kind", kind_name(m.kind)},
                      {"author", name_or_null(m.author)},
                      {"text", m.text},
                      {"time_ms", m.time_ms},
                      {"client_id", name_or_null(m.client_id)}};
}

json::object widget_json(const Widget& w, std::string_view queue_name) {
  json::array origins;
  for (const std::string& o : w.allowed_origins) origins.emplace_back(o);
  return json::object{{"id", w.id},
                      {"key", w.key},
                      {"name", w.name},
                      {"queue", name_or_null(queue_name)},
                      {"allowed_origins", std::move(origins)},
                      {"title", localized_json(w.title)},
                      {"enabled", w.enabled},
                      {"created_ms", w.created_ms}};
}

json::object note_json(const Note& n) {
  return json::object{{"id", n.id},     {"contact", n.contact},         {"author", n.author},
                      {"kind", note_kind_name(n.kind)}, {"text", n.text}, {"time_ms", n.time_ms}};
}

json::object desk_json(const Desk& d) {
  json::array ds;
  for (const Disposition& x : d.dispositions)
    ds.emplace_back(json::object{{"code", x.code}, {"label", localized_json(x.label)}});
  return json::object{{"script", localized_json(d.script)}, {"dispositions", std::move(ds)}};
}

json::object session_json(const Session& s, const LiveState& live, bool for_visitor) {
  json::object o = state_fields(live);
  o["contact"] = s.contact;
  o["visitor"] = json::object{{"name", s.visitor.name},
                              {"email", s.visitor.email},
                              {"customer_id", s.visitor.customer_id},
                              {"language", s.visitor.language}};
  o["started_ms"] = s.started_ms;
  o["answered_ms"] = opt(live.answered_ms);
  o["ended_ms"] = opt(s.ended_ms);
  o["end_reason"] = name_or_null(s.end_reason);
  o["barged_by"] = name_or_null(s.barged_by);
  o["receipts"] = receipts_json(s);
  o["last_seq"] = s.last_seq;
  if (for_visitor) {
    o.erase("queue");
    o["survey"] = s.survey_token.empty()
                      ? json::value(nullptr)
                      : json::value(json::object{{"token", s.survey_token}, {"url", "/api/v1/surveys/" + s.survey_token}});
  } else {
    o["origin"] = s.origin;
  }
  return o;
}

std::string hello_frame(const Session& s, const LiveState& live, bool for_visitor) {
  json::object o = session_json(s, live, for_visitor);
  o["type"] = "hello";
  return json::serialize(o);
}

std::string message_frame(const Message& m) {
  json::object o = message_json(m);
  o["type"] = "message";
  return json::serialize(o);
}

std::string state_frame(const LiveState& live) {
  json::object o = state_fields(live);
  o["type"] = "state";
  o["answered_ms"] = opt(live.answered_ms);
  return json::serialize(o);
}

std::string typing_frame(Sender from, bool on) {
  return json::serialize(json::object{{"type", "typing"}, {"from", sender_name(from)}, {"on", on}});
}

std::string receipt_frame(std::string_view side, const Receipt& r) {
  return json::serialize(
      json::object{{"type", "receipt"}, {"side", side}, {"delivered", r.delivered}, {"read", r.read}});
}

std::string ended_frame(std::string_view reason, std::string_view survey_token) {
  json::value survey = nullptr;
  if (!survey_token.empty())
    survey = json::object{{"token", survey_token}, {"url", "/api/v1/surveys/" + std::string(survey_token)}};
  return json::serialize(json::object{{"type", "ended"}, {"reason", reason}, {"survey", std::move(survey)}});
}

std::string error_frame(std::string_view code, std::string_view message, std::string_view field) {
  return json::serialize(json::object{
      {"type", "error"},
      {"error", json::object{{"code", code}, {"message", message}, {"field", name_or_null(field)}}}});
}

}  // namespace switchyard::chat
