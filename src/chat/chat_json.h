#pragma once
// The JSON of the chat module (docs/chat.md): sessions, messages, widgets,
// notes, desks, and the WebSocket frames. One place, used by the service
// (frames it pushes) and the routes (answers). Pure; thread-safe.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "chat/chat.h"

namespace switchyard::chat {

// The live side of a session, beside what the store keeps.
struct LiveState {
  std::string state = "queued";  // queued, offered, active, held, wrap_up, ended
  std::string agent;             // name; "" = nobody
  std::string queue;             // name of the queue it waits in / was handled in
  std::optional<uint32_t> position;
  std::optional<int64_t> ewt_ms;
  std::optional<int64_t> answered_ms;
};

boost::json::object localized_json(const Localized& l);
boost::json::object message_json(const Message& m);
boost::json::object widget_json(const Widget& w, std::string_view queue_name);
boost::json::object note_json(const Note& n);
boost::json::object desk_json(const Desk& d);
// The session as docs/chat.md shows it, without messages. `for_visitor`
// leaves out what only staff see (the visitor's own details stay; the
// survey token is the visitor's alone).
boost::json::object session_json(const Session& s, const LiveState& live, bool for_visitor);

// Frames (one JSON text each).
std::string hello_frame(const Session& s, const LiveState& live, bool for_visitor);
std::string message_frame(const Message& m);
std::string state_frame(const LiveState& live);
std::string typing_frame(Sender from, bool on);
std::string receipt_frame(std::string_view side, const Receipt& r);
std::string ended_frame(std::string_view reason, std::string_view survey_token);  // "" = no survey
std::string error_frame(std::string_view code, std::string_view message, std::string_view field);

}  // namespace switchyard::chat
