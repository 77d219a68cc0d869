#pragma once
// The JSON of notifications (docs/api.md, "Notifications"): one item, and the
// WebSocket frames of /api/v1/notifications/socket.
#include <span>
#include <string>

#include <boost/json.hpp>

#include "notify/notify_store.h"

namespace switchyard::notify {

// {"id","kind","data":{...},"link","created_ms","read_ms":null|ms}; data that
// is not a JSON object (never written by this code base) shows as {}.
boost::json::object to_json(const Notification& n);
// {"type":"notifications","unread":N,"items":[newest first]}: the first frame.
std::string initial_frame(std::span<const Notification> newest_first, int64_t unread);
// {"type":"notification","notification":{...},"unread":N}: one new item.
std::string item_frame(const Notification& n, int64_t unread);
// {"type":"unread","unread":N}: the count changed (read elsewhere).
std::string unread_frame(int64_t unread);

}  // namespace switchyard::notify
