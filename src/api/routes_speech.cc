// Speech and text analytics (docs/api.md, "Speech analytics"): a contact's
// transcript with its keyword hits, keyword lists per queue, hits per day,
// the transcription queue.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/speech_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::object transcript_json(const app::TranscriptView& v) {
  json::array segments, words, hits;
  for (const speech::Segment& s : v.segments)
    segments.push_back(json::object{{"channel", s.channel}, {"start_ms", s.start_ms}, {"end_ms", s.end_ms}, {"text", s.text}});
  for (const speech::ChannelWord& w : v.words)
    words.push_back(json::object{{"channel", w.channel}, {"word", w.word}, {"start_ms", w.start_ms}, {"end_ms", w.end_ms}});
  for (const speech::Hit& h : v.hits)
    hits.push_back(json::object{{"keyword", h.keyword},
                                {"channel", h.channel},
                                {"start_ms", h.start_ms},
                                {"end_ms", h.end_ms},
                                {"text", h.text},
                                {"source", h.source}});
  return json::object{{"contact", v.contact},           {"status", v.status},
                      {"progress", v.progress},         {"error", v.error},
                      {"duration_ms", v.duration_ms},   {"segments", std::move(segments)},
                      {"words", std::move(words)},      {"hits", std::move(hits)}};
}

json::object list_json(const speech::KeywordList& l) {
  json::array k;
  for (const std::string& s : l.keywords) k.emplace_back(s);
  json::array alert;
  for (const std::string& s : l.alert) alert.emplace_back(s);
  return json::object{{"queue", l.queue},           {"keywords", std::move(k)}, {"alert", std::move(alert)},
                      {"updated_by", l.updated_by}, {"updated_ms", l.updated_ms}};
}

struct KeywordsBody {
  std::vector<std::string> keywords, alert;
};

// {keywords: [string...], alert?: [string...]}, nothing else.
Result<KeywordsBody> keywords_body(const std::string& body) {
  auto o = object_body(body, {"keywords", "alert"});
  if (!o) return std::unexpected(o.error());
  const json::value* k = o->if_contains("keywords");
  if (!k || !k->is_array()) return make_error(ErrorCode::kInvalidArgument, "expected an array of keywords", "keywords");
  KeywordsBody out;
  for (size_t i = 0; i < k->as_array().size(); ++i) {
    const json::value& s = k->as_array()[i];
    if (!s.is_string())
      return make_error(ErrorCode::kInvalidArgument, "expected a string", "keywords[" + std::to_string(i) + "]");
    out.keywords.emplace_back(s.as_string());
  }
  auto alert = opt_strings(*o, "alert");
  if (!alert) return std::unexpected(alert.error());
  out.alert = std::move(*alert);
  return out;
}


}  // namespace

void add_speech_routes(Routes& r, app::SpeechService& speech) {
  app::SpeechService* s = &speech;
  r.add("GET", "/api/v1/contacts/{id}/transcript", Permission::kListenRecordings,
        [s](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          s->transcript(c, *id, answer<app::TranscriptView>(respond, [](const app::TranscriptView& v) {
            return json_response(200, transcript_json(v));
          }));
        });
  r.add("GET", "/api/v1/quality/keywords", Permission::kManageQuality,
        [s](const app::Caller& c, http::Request&&, http::Respond respond) {
          s->keyword_lists(c, answer<std::vector<speech::KeywordList>>(respond, [](const std::vector<speech::KeywordList>& v) {
            json::array a;
            for (const speech::KeywordList& l : v) a.push_back(list_json(l));
            return json_response(200, json::object{{"lists", std::move(a)}});
          }));
        });
  r.add("PUT", "/api/v1/quality/keywords/{queue}", Permission::kManageQuality,
        [s](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto queue = path_text(req, "queue");
          if (!queue) return respond(error_response(queue.error()));
          auto keywords = keywords_body(req.body);
          if (!keywords) return respond(error_response(keywords.error()));
          s->set_keywords(c, std::move(*queue), std::move(keywords->keywords), std::move(keywords->alert),
                          answer<speech::KeywordList>(respond, [](const speech::KeywordList& l) {
                            return json_response(200, list_json(l));
                          }));
        });
  r.add("GET", "/api/v1/quality/keyword-hits", Permission::kReadReports,
        [s](const app::Caller& c, http::Request&& req, http::Respond respond) {
          std::string from, to, queue, team, by = "queue";
          for (auto [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}, std::pair{"queue", &queue},
                                   std::pair{"team", &team}, std::pair{"by", &by}}) {
            const std::string* v = req.query_param(name);
            if (!v) continue;
            auto t = clean_text(*v, name);
            if (!t) return respond(error_response(t.error()));
            *out = std::move(*t);
          }
          if (by != "queue" && by != "team")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "queue or team", "by"}));
          if (by == "team")
            return s->team_hit_report(c, std::move(from), std::move(to), std::move(queue), std::move(team),
                                      answer<std::vector<app::TeamHitDay>>(respond, [](const std::vector<app::TeamHitDay>& v) {
                                        json::array a;
                                        for (const app::TeamHitDay& d : v)
                                          a.push_back(json::object{{"day", d.day}, {"team", d.team}, {"keyword", d.keyword}, {"hits", d.hits}});
                                        return json_response(200, json::object{{"by", "team"}, {"days", std::move(a)}});
                                      }));
          s->hit_report(c, std::move(from), std::move(to), std::move(queue),
                        answer<std::vector<speech::HitDay>>(respond, [](const std::vector<speech::HitDay>& v) {
                          json::array a;
                          for (const speech::HitDay& d : v)
                            a.push_back(json::object{{"day", d.day}, {"queue", d.queue}, {"keyword", d.keyword}, {"hits", d.hits}});
                          return json_response(200, json::object{{"by", "queue"}, {"days", std::move(a)}});
                        }));
        });
  r.add("GET", "/api/v1/quality/transcription", Permission::kManageQuality,
        [s](const app::Caller& c, http::Request&&, http::Respond respond) {
          s->status(c, answer<app::TranscriptionStatus>(respond, [](const app::TranscriptionStatus& t) {
            json::value current = nullptr;
            if (t.current) current = json::object{{"contact", t.current->first}, {"progress", t.current->second}};
            return json_response(200, json::object{{"queued", t.counts.queued},
                                                   {"running", t.counts.running},
                                                   {"done", t.counts.done},
                                                   {"failed", t.counts.failed},
                                                   {"current", std::move(current)}});
          }));
        });
}

}  // namespace switchyard::api
