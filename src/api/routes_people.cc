// Recognition and people (docs/api.md "Recognition and people"): kudos, agent of the week, shared
// customer feedback, birthdays and work anniversaries.
#include <boost/json.hpp>

#include <cstdint>

#include "api/api.h"
#include "app/people_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::value opt_num(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_text(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::object items(json::array a) { return json::object{{"items", std::move(a)}}; }

json::object kudos_json(const app::KudosView& v) {
  const comms::Kudos& k = v.kudos;
  return json::object{{"id", k.id},           {"from", k.from}, {"to", k.to},
                      {"to_display", v.to_display}, {"message", k.message}, {"tag", k.tag},
                      {"created_ms", k.created_ms}};
}

json::object winner_json(const comms::Winner& w) {
  return json::object{{"team", w.team},   {"week", w.week},          {"agent", w.agent},
                      {"note", w.note},   {"proposal", w.proposal},  {"by", w.confirmed_by},
                      {"confirmed_ms", w.confirmed_ms}};
}

json::object aow_json(const app::AgentOfWeek& v) {
  json::array candidates;
  for (const app::AowCandidate& a : v.candidates) {
    json::array reasons;
    for (const std::string& r : a.reasons) reasons.emplace_back(r);
    candidates.push_back(json::object{{"agent", a.candidate.agent},
                                      {"user", a.user.empty() ? json::value(nullptr) : json::value(a.user)},
                                      {"rank", a.candidate.rank},
                                      {"proposal", a.candidate.proposal},
                                      {"points", opt_num(a.candidate.points)},
                                      {"quality", opt_num(a.quality)},
                                      {"fcr", opt_num(a.fcr)},
                                      {"csat", opt_num(a.csat)},
                                      {"aht_s", opt_num(a.aht_s)},
                                      {"nominations", a.candidate.nominations},
                                      {"reasons", std::move(reasons)}});
  }
  json::value mine = nullptr;
  if (v.my_nomination) mine = json::object{{"nominee", v.my_nomination->nominee}, {"reason", v.my_nomination->reason}};
  return json::object{{"team", v.team},
                      {"week", v.week},
                      {"from_ms", v.from_ms},
                      {"to_ms", v.to_ms},
                      {"formula", comms::agent_of_week_formula()},
                      {"candidates", std::move(candidates)},
                      {"winner", v.winner ? json::value(winner_json(*v.winner)) : json::value(nullptr)},
                      {"my_nomination", std::move(mine)}};
}

json::object feedback_json(const app::FeedbackItem& f) {
  return json::object{{"contact", f.contact}, {"queue", f.queue},           {"rating", f.rating},
                      {"comment", f.comment}, {"answered_ms", f.answered_ms}, {"shared", f.shared}};
}

json::object profile_json(const comms::Profile& p) {
  return json::object{{"user", p.user},
                      {"birthday", opt_text(p.birthday)},
                      {"show_birthday", p.show_birthday},
                      {"work_start", opt_text(p.work_start)},
                      {"show_anniversary", p.show_anniversary}};
}

// A nullable date text member: absent keeps `current`, null clears it.
Result<std::optional<std::string>> nullable_text(const json::object& o, std::string_view key,
                                                 std::optional<std::string> current) {
  const json::value* v = o.if_contains(key);
  if (!v) return current;
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return make_error(ErrorCode::kInvalidArgument, "a date text or null", std::string(key));
  return std::optional<std::string>(std::string(v->as_string()));
}

std::string query_text(const http::Request& req, std::string_view name) {
  const std::string* s = req.query_param(name);
  return s ? *s : std::string();
}

}  // namespace

void add_people_routes(Routes& r, app::PeopleService& people) {
  app::PeopleService* p = &people;
  auto aow_answer = [](http::Respond respond) { return json_answer<app::AgentOfWeek>(std::move(respond), 200, aow_json); };

  r.add("GET", "/api/v1/comms/kudos", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          p->kudos(c, query_text(req, "user"), static_cast<size_t>(*limit),
                   json_answer<std::vector<app::KudosView>>(respond, 200, [](const auto& v) {
                     json::array a;
                     for (const auto& k : v) a.push_back(kudos_json(k));
                     return items(std::move(a));
                   }));
        });
  r.add("POST", "/api/v1/comms/kudos", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"to", "message", "tag"});
          if (!body) return respond(error_response(body.error()));
          comms::Kudos k;
          for (auto [key, out] : {std::pair{"to", &k.to}, std::pair{"message", &k.message}, std::pair{"tag", &k.tag}}) {
            auto v = opt_string(*body, key);
            if (!v) return respond(error_response(v.error()));
            *out = std::move(*v);
          }
          p->give_kudos(c, std::move(k), json_answer<app::KudosView>(respond, 201, kudos_json));
        });

  r.add("GET", "/api/v1/comms/agent-of-week", Permission::kReadComms,
        [p, aow_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          p->agent_of_week(c, query_text(req, "team"), query_text(req, "week"), aow_answer(respond));
        });
  r.add("POST", "/api/v1/comms/agent-of-week/nominations", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"nominee", "reason", "week"});
          if (!body) return respond(error_response(body.error()));
          auto nominee = need_string(*body, "nominee");
          if (!nominee) return respond(error_response(nominee.error()));
          auto reason = opt_string(*body, "reason");
          if (!reason) return respond(error_response(reason.error()));
          auto week = opt_string(*body, "week");
          if (!week) return respond(error_response(week.error()));
          p->nominate(c, std::move(*nominee), std::move(*reason), std::move(*week),
                      json_answer<comms::Nomination>(respond, 201, [](const comms::Nomination& n) {
                        return json::object{{"week", n.week}, {"nominee", n.nominee}, {"reason", n.reason}};
                      }));
        });
  r.add("POST", "/api/v1/comms/agent-of-week/confirm", Permission::kConfirmRecognition,
        [p, aow_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"team", "week", "agent", "note"});
          if (!body) return respond(error_response(body.error()));
          std::string fields[4];
          const char* keys[] = {"team", "week", "agent", "note"};
          for (size_t i = 0; i < 4; ++i) {
            auto v = i == 2 ? need_string(*body, keys[i]) : opt_string(*body, keys[i]);
            if (!v) return respond(error_response(v.error()));
            fields[i] = std::move(*v);
          }
          p->confirm(c, std::move(fields[0]), std::move(fields[1]), std::move(fields[2]), std::move(fields[3]),
                     aow_answer(respond));
        });
  r.add("GET", "/api/v1/comms/agent-of-week/winners", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 20, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          p->winners(c, static_cast<size_t>(*limit), json_answer<std::vector<comms::Winner>>(respond, 200, [](const auto& v) {
                       json::array a;
                       for (const auto& w : v) a.push_back(winner_json(w));
                       return items(std::move(a));
                     }));
        });

  r.add("GET", "/api/v1/comms/feedback/mine", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&&, http::Respond respond) {
          p->my_feedback(c, json_answer<std::vector<app::FeedbackItem>>(respond, 200, [](const auto& v) {
                           json::array a;
                           for (const auto& f : v) a.push_back(feedback_json(f));
                           return items(std::move(a));
                         }));
        });
  r.add("PUT", "/api/v1/comms/feedback/{contact}", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto contact = row_id(req, "contact");
          if (!contact) return respond(error_response(contact.error()));
          auto body = object_body(req.body, {"shared"});
          if (!body) return respond(error_response(body.error()));
          const json::value* v = body->if_contains("shared");
          if (!v || !v->is_bool())
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "true or false", "shared"}));
          p->share_feedback(c, *contact, v->as_bool(), json_answer<app::FeedbackItem>(respond, 200, feedback_json));
        });
  r.add("GET", "/api/v1/comms/feedback", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          p->shared_feedback(c, static_cast<size_t>(*limit),
                             json_answer<std::vector<app::SharedFeedbackView>>(respond, 200, [](const auto& v) {
                               json::array a;
                               for (const auto& s : v) {
                                 const comms::SharedFeedback& f = s.feedback;
                                 a.push_back(json::object{{"contact", f.contact},
                                                          {"agent", f.agent},
                                                          {"user", f.user},
                                                          {"display_name", s.display_name},
                                                          {"queue", f.queue},
                                                          {"rating", f.rating},
                                                          {"comment", f.comment},
                                                          {"shared_ms", f.shared_ms}});
                               }
                               return items(std::move(a));
                             }));
        });

  r.add("GET", "/api/v1/comms/people", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          const std::string* q = req.query_param("q");
          p->colleagues(c, q ? *q : std::string(), static_cast<size_t>(*limit),
                        json_answer<std::vector<app::Person>>(respond, 200, [](const auto& v) {
                          json::array a;
                          auto or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
                          for (const app::Person& x : v)
                            a.push_back(json::object{{"user", x.user},
                                                     {"display_name", or_null(x.display_name)},
                                                     {"role", x.role},
                                                     {"team", or_null(x.team)},
                                                     {"site", or_null(x.site)}});
                          return items(std::move(a));
                        }));
        });
  r.add("GET", "/api/v1/comms/profile", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&&, http::Respond respond) {
          p->profile(c, json_answer<comms::Profile>(respond, 200, profile_json));
        });
  r.add("PUT", "/api/v1/comms/profile", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"user", "birthday", "show_birthday", "work_start", "show_anniversary"});
          if (!body) return respond(error_response(body.error()));
          // Absent fields keep their stored value: read it first.
          p->profile(c, [p, c, body = std::move(*body), respond](Result<comms::Profile> now) mutable {
            if (!now) return respond(error_response(now.error()));
            comms::Profile next = *now;
            auto birthday = nullable_text(body, "birthday", next.birthday);
            if (!birthday) return respond(error_response(birthday.error()));
            next.birthday = std::move(*birthday);
            auto start = nullable_text(body, "work_start", next.work_start);
            if (!start) return respond(error_response(start.error()));
            next.work_start = std::move(*start);
            auto show_b = opt_bool(body, "show_birthday", next.show_birthday);
            if (!show_b) return respond(error_response(show_b.error()));
            next.show_birthday = *show_b;
            auto show_a = opt_bool(body, "show_anniversary", next.show_anniversary);
            if (!show_a) return respond(error_response(show_a.error()));
            next.show_anniversary = *show_a;
            p->put_profile(c, std::move(next), json_answer<comms::Profile>(respond, 200, profile_json));
          });
        });
  r.add("GET", "/api/v1/comms/celebrations", Permission::kReadComms,
        [p](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto days = query_int(req, "days", 14, 1, 60);
          if (!days) return respond(error_response(days.error()));
          p->celebrations(c, static_cast<int>(*days), json_answer<app::Celebrations>(respond, 200, [](const auto& v) {
                            json::array a;
                            for (const auto& x : v.items)
                              a.push_back(json::object{
                                  {"user", x.celebration.user},
                                  {"display_name", x.display_name},
                                  {"kind", x.celebration.anniversary ? "anniversary" : "birthday"},
                                  {"date", comms::iso_date(x.celebration.date)},
                                  {"years", x.celebration.anniversary ? json::value(x.celebration.years)
                                                                      : json::value(nullptr)},
                                  {"today", x.today}});
                            return json::object{{"from", v.from}, {"items", std::move(a)}};
                          }));
        });
}

}  // namespace switchyard::api
