#include "notify/notify_json.h"

namespace switchyard::notify {

namespace json = boost::json;

json::object to_json(const Notification& n) {
  json::object o;
  o["id"] = n.id;
  o["kind"] = n.kind;
  boost::system::error_code ec;
  json::value data = json::parse(n.data, ec);
  o["data"] = !ec && data.is_object() ? std::move(data) : json::value(json::object{});
  o["link"] = n.link;
  o["created_ms"] = n.created_ms;
  o["read_ms"] = n.read_ms ? json::value(*n.read_ms) : json::value(nullptr);
  return o;
}

std::string encode_data(std::initializer_list<std::pair<std::string_view, DataValue>> fields) {
  json::object o;
  for (const auto& [key, value] : fields)
    std::visit([&o, key](const auto& v) { o[key] = v; }, value);
  return json::serialize(o);
}

std::string initial_frame(std::span<const Notification> newest_first, int64_t unread) {
  json::array items;
  for (const Notification& n : newest_first) items.push_back(to_json(n));
  return json::serialize(json::object{{"type", "notifications"}, {"unread", unread}, {"items", std::move(items)}});
}

std::string item_frame(const Notification& n, int64_t unread) {
  return json::serialize(json::object{{"type", "notification"}, {"notification", to_json(n)}, {"unread", unread}});
}

std::string unread_frame(int64_t unread) {
  return json::serialize(json::object{{"type", "unread"}, {"unread", unread}});
}

}  // namespace switchyard::notify
