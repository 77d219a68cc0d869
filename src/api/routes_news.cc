// The daily briefing and announcements (docs/api.md "Briefings and announcements").
#include <boost/json.hpp>

#include <cstdint>

#include "api/api.h"
#include "app/news_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "comms/briefing_time.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::value ms_or_null(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::object items(json::array a) { return json::object{{"items", std::move(a)}}; }

json::object schedule_json(const comms::BriefingSchedule& s) {
  return json::object{{"site", s.site},
                      {"time_zone", s.time_zone},
                      {"publish_at", comms::hh_mm(s.publish_min)},
                      {"deadline_minutes", s.deadline_min}};
}

json::object item_json(const comms::BriefingItem& i) {
  return json::object{{"id", i.id},       {"site", i.site},     {"department", i.department}, {"title", i.title},
                      {"body", i.body},   {"author", i.author}, {"created_ms", i.created_ms}};
}

json::object submitted_json(const app::SubmittedItem& s) {
  json::object o = item_json(s.item);
  o["briefing_date"] = s.briefing_date;
  json::array dates;
  for (const auto& [site, date] : s.site_dates) dates.push_back(json::object{{"site", site}, {"date", date}});
  o["briefing_dates"] = std::move(dates);
  return o;
}

json::object briefing_json(const app::BriefingView& v) {
  json::array list;
  for (const auto& i : v.briefing.items) list.push_back(item_json(i));
  return json::object{{"id", v.briefing.id},
                      {"site", v.briefing.site},
                      {"date", v.briefing.date},
                      {"published_ms", v.briefing.published_ms},
                      {"items", std::move(list)},
                      {"read_ms", ms_or_null(v.read_ms)}};
}

json::object receipts_json(const app::ReceiptsView& v) {
  auto list = [](const std::vector<app::Receipt>& rs, bool with_time) {
    json::array a;
    for (const auto& r : rs) {
      json::object o{{"user", r.user}, {"agent", r.agent.empty() ? json::value(nullptr) : json::value(r.agent)}};
      if (with_time) o["read_ms"] = ms_or_null(r.read_ms);
      a.push_back(std::move(o));
    }
    return a;
  };
  return json::object{{"read", list(v.read, true)}, {"unread", list(v.unread, false)}};
}

json::object announcement_json(const app::AnnouncementView& v) {
  const comms::Announcement& a = v.announcement;
  json::object o{{"id", a.id},
                 {"title", a.title},
                 {"body", a.body},
                 {"category", a.category},
                 {"audience", json::object{{"kind", comms::to_string(a.audience.kind)}, {"value", a.audience.value}}},
                 {"pinned", a.pinned},
                 {"urgent", a.urgent},
                 {"expires_ms", ms_or_null(a.expires_ms)},
                 {"author", a.author},
                 {"created_ms", a.created_ms},
                 {"updated_ms", a.updated_ms},
                 {"read_ms", ms_or_null(v.read_ms)}};
  if (v.reads) o["reads"] = *v.reads;
  return o;
}

// An announcement's body (the fields an author writes).
Result<comms::Announcement> announcement_body(const std::string& text) {
  auto body = object_body(text, {"title", "body", "category", "audience", "pinned", "urgent", "expires_ms"});
  if (!body) return std::unexpected(body.error());
  comms::Announcement a;
  auto title = need_string(*body, "title");
  if (!title) return std::unexpected(title.error());
  a.title = std::move(*title);
  auto text_body = opt_string(*body, "body");
  if (!text_body) return std::unexpected(text_body.error());
  a.body = std::move(*text_body);
  auto category = opt_string(*body, "category");
  if (!category) return std::unexpected(category.error());
  if (!category->empty()) a.category = std::move(*category);
  if (const json::value* aud = body->if_contains("audience")) {
    if (!aud->is_object()) return make_error(ErrorCode::kInvalidArgument, "{kind, value}", "audience");
    const json::object& o = aud->as_object();
    const json::value* kind = o.if_contains("kind");
    if (!kind || !kind->is_string()) return make_error(ErrorCode::kInvalidArgument, "everyone, site, team or role", "audience.kind");
    auto k = comms::audience_kind_from_string(kind->as_string());
    if (!k) return make_error(ErrorCode::kInvalidArgument, "everyone, site, team or role", "audience.kind");
    a.audience.kind = *k;
    if (const json::value* value = o.if_contains("value")) {
      if (!value->is_string()) return make_error(ErrorCode::kInvalidArgument, "a name", "audience.value");
      a.audience.value = value->as_string();
    }
  }
  auto pinned = opt_bool(*body, "pinned", false);
  if (!pinned) return std::unexpected(pinned.error());
  a.pinned = *pinned;
  auto urgent = opt_bool(*body, "urgent", false);
  if (!urgent) return std::unexpected(urgent.error());
  a.urgent = *urgent;
  if (const json::value* e = body->if_contains("expires_ms"); e && !e->is_null()) {
    if (!e->is_int64() || e->as_int64() < 0) return make_error(ErrorCode::kInvalidArgument, "epoch milliseconds or null", "expires_ms");
    a.expires_ms = e->as_int64();
  }
  return a;
}

}  // namespace

void add_news_routes(Routes& r, app::NewsService& news) {
  app::NewsService* n = &news;
  auto schedules_answer = [](http::Respond respond) {
    return json_answer<std::vector<comms::BriefingSchedule>>(std::move(respond), 200, [](const auto& v) {
      json::array a;
      for (const auto& s : v) a.push_back(schedule_json(s));
      return items(std::move(a));
    });
  };
  auto briefing_answer = [](http::Respond respond) {
    return json_answer<app::BriefingView>(std::move(respond), 200, briefing_json);
  };
  auto announcement_answer = [](http::Respond respond, int status) {
    return json_answer<app::AnnouncementView>(std::move(respond), status, announcement_json);
  };

  r.add("GET", "/api/v1/comms/briefing-schedule", Permission::kReadComms,
        [n, schedules_answer](const app::Caller& c, http::Request&&, http::Respond respond) {
          n->schedules(c, schedules_answer(respond));
        });
  r.add("PUT", "/api/v1/comms/briefing-schedule", Permission::kWriteConfig,
        [n, schedules_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"items"});
          if (!body) return respond(error_response(body.error()));
          const json::value* list = body->if_contains("items");
          if (!list || !list->is_array())
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "an array of schedules", "items"}));
          std::vector<comms::BriefingSchedule> all;
          for (size_t i = 0; i < list->as_array().size(); ++i) {
            const std::string at = "items[" + std::to_string(i) + "]";
            const json::value& x = list->as_array()[i];
            if (!x.is_object()) return respond(error_response(Error{ErrorCode::kInvalidArgument, "a schedule", at}));
            comms::BriefingSchedule s;
            for (const auto& [k, _] : x.as_object())
              if (k != "site" && k != "time_zone" && k != "publish_at" && k != "deadline_minutes")
                return respond(error_response(Error{ErrorCode::kInvalidArgument, "unknown field", at + "." + std::string(k)}));
            auto site = need_string(x.as_object(), "site");
            if (!site) return respond(error_response(Error{ErrorCode::kInvalidArgument, site.error().message, at + ".site"}));
            s.site = std::move(*site);
            auto zone = need_string(x.as_object(), "time_zone");
            if (!zone) return respond(error_response(Error{ErrorCode::kInvalidArgument, zone.error().message, at + ".time_zone"}));
            s.time_zone = std::move(*zone);
            auto at_text = need_string(x.as_object(), "publish_at");
            auto minutes = at_text ? comms::minutes_of_day(*at_text) : std::nullopt;
            if (!minutes) return respond(error_response(Error{ErrorCode::kInvalidArgument, "a local time HH:MM", at + ".publish_at"}));
            s.publish_min = *minutes;
            auto deadline = opt_int(x.as_object(), "deadline_minutes", 60, 0, 720);
            if (!deadline) return respond(error_response(Error{ErrorCode::kInvalidArgument, deadline.error().message, at + ".deadline_minutes"}));
            s.deadline_min = static_cast<int>(*deadline);
            all.push_back(std::move(s));
          }
          n->set_schedules(c, std::move(all), schedules_answer(respond));
        });
  r.add("POST", "/api/v1/comms/briefing-items", Permission::kPublishComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"site", "department", "title", "body"});
          if (!body) return respond(error_response(body.error()));
          comms::BriefingItem item;
          for (auto [key, out] : {std::pair{"site", &item.site}, std::pair{"department", &item.department},
                                  std::pair{"title", &item.title}, std::pair{"body", &item.body}}) {
            auto v = opt_string(*body, key);
            if (!v) return respond(error_response(v.error()));
            *out = std::move(*v);
          }
          n->submit_item(c, std::move(item), json_answer<app::SubmittedItem>(respond, 201, submitted_json));
        });
  r.add("GET", "/api/v1/comms/briefing-items", Permission::kPublishComms,
        [n](const app::Caller& c, http::Request&&, http::Respond respond) {
          n->pending_items(c, json_answer<std::vector<app::SubmittedItem>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& s : v) a.push_back(submitted_json(s));
            return items(std::move(a));
          }));
        });
  r.add("GET", "/api/v1/comms/briefings", Permission::kReadComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 14, 1, 100);
          if (!limit) return respond(error_response(limit.error()));
          n->briefings(c, static_cast<size_t>(*limit), json_answer<std::vector<app::BriefingView>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& b : v) a.push_back(briefing_json(b));
            return items(std::move(a));
          }));
        });
  r.add("POST", "/api/v1/comms/briefings/publish", Permission::kWriteConfig,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"site"});
          if (!body) return respond(error_response(body.error()));
          auto site = need_string(*body, "site");
          if (!site) return respond(error_response(site.error()));
          n->publish_now(c, std::move(*site), json_answer<app::BriefingView>(respond, 201, briefing_json));
        });
  r.add("GET", "/api/v1/comms/briefings/{id}", Permission::kReadComms,
        [n, briefing_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->briefing(c, *id, briefing_answer(respond));
        });
  r.add("POST", "/api/v1/comms/briefings/{id}/read", Permission::kReadComms,
        [n, briefing_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->read_briefing(c, *id, briefing_answer(respond));
        });
  r.add("GET", "/api/v1/comms/briefings/{id}/receipts", Permission::kPublishComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->briefing_receipts(c, *id, json_answer<app::ReceiptsView>(respond, 200, receipts_json));
        });

  r.add("GET", "/api/v1/comms/announcements", Permission::kReadComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto expired = query_int(req, "include_expired", 0, 0, 1);
          if (!expired) return respond(error_response(expired.error()));
          n->announcements(c, *expired == 1, json_answer<std::vector<app::AnnouncementView>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& x : v) a.push_back(announcement_json(x));
            return items(std::move(a));
          }));
        });
  r.add("POST", "/api/v1/comms/announcements", Permission::kPublishComms,
        [n, announcement_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto a = announcement_body(req.body);
          if (!a) return respond(error_response(a.error()));
          n->announce(c, std::move(*a), announcement_answer(respond, 201));
        });
  r.add("GET", "/api/v1/comms/announcements/{id}", Permission::kReadComms,
        [n, announcement_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->announcement(c, *id, announcement_answer(respond, 200));
        });
  r.add("PUT", "/api/v1/comms/announcements/{id}", Permission::kPublishComms,
        [n, announcement_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto a = announcement_body(req.body);
          if (!a) return respond(error_response(a.error()));
          a->id = *id;
          n->update_announcement(c, std::move(*a), announcement_answer(respond, 200));
        });
  r.add("DELETE", "/api/v1/comms/announcements/{id}", Permission::kPublishComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->delete_announcement(c, *id, answer<void>(respond, [] { return no_content(); }));
        });
  r.add("POST", "/api/v1/comms/announcements/{id}/read", Permission::kReadComms,
        [n, announcement_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->read_announcement(c, *id, announcement_answer(respond, 200));
        });
  r.add("GET", "/api/v1/comms/announcements/{id}/receipts", Permission::kPublishComms,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          n->announcement_receipts(c, *id, json_answer<app::ReceiptsView>(respond, 200, receipts_json));
        });
}

}  // namespace switchyard::api
