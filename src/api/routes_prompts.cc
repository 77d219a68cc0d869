// Queue prompts (docs/voice.md, "Queue prompts"): the greeting and hold
// music an administrator uploads per queue. The upload is the request body
// as it is (an audio file, any Content-Type); the preview is the converted
// WAV. Parse -> app service -> render.
#include "api/errors.h"
#include "api/parse.h"
#include "api/routes.h"
#include "app/queue_prompt_service.h"

namespace switchyard::api {
namespace {

using auth::Permission;

boost::json::object prompt_json(const app::QueuePrompt& p) {
  boost::json::object o{{"kind", app::to_string(p.kind)}, {"present", p.present}};
  if (p.present) {
    o["duration_ms"] = p.duration_ms;
    o["updated_ms"] = p.updated_ms;
  } else {
    o["duration_ms"] = nullptr;
    o["updated_ms"] = nullptr;
  }
  return o;
}

// The queue of the path, by name or id (like the other queue routes); an
// unknown one is 404 naming "queue".
Result<core::QueueId> queue_of(const app::Catalog& catalog, http::Request& req) {
  auto id = clean_text(req.params["id"], "queue");
  if (!id) return std::unexpected(id.error());
  return resolve(*catalog.names(), app::Kind::kQueue, *id, "queue");
}

}  // namespace

void add_prompt_routes(Routes& r, app::QueuePromptService& prompts, app::Catalog& catalog) {
  r.add("GET", "/api/v1/queues/{id}/prompts", Permission::kReadConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = queue_of(catalog, req);
          if (!q) return respond(error_response(q.error()));
          prompts.list(c, *q, answer<std::vector<app::QueuePrompt>>(respond, [](std::vector<app::QueuePrompt> v) {
            boost::json::array a;
            for (const app::QueuePrompt& p : v) a.push_back(prompt_json(p));
            return json_response(200, a);
          }));
        });
  // The body is the audio file itself (WAV, FLAC, Ogg, ...: what libsndfile
  // reads); its Content-Type is not looked at. Bodies over
  // http.max_body_bytes are refused by the HTTP layer first (413).
  r.add("PUT", "/api/v1/queues/{id}/prompts/{kind}", Permission::kWriteConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = queue_of(catalog, req);
          if (!q) return respond(error_response(q.error()));
          auto kind = clean_text(req.params["kind"], "kind");
          if (!kind) return respond(error_response(kind.error()));
          prompts.put(c, *q, *kind, std::move(req.body),
                      answer<app::QueuePrompt>(respond, [](app::QueuePrompt p) { return json_response(200, prompt_json(p)); }));
        });
  r.add("GET", "/api/v1/queues/{id}/prompts/{kind}", Permission::kReadConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = queue_of(catalog, req);
          if (!q) return respond(error_response(q.error()));
          auto kind = clean_text(req.params["kind"], "kind");
          if (!kind) return respond(error_response(kind.error()));
          prompts.wav(c, *q, *kind, answer<std::shared_ptr<const std::string>>(respond, [](std::shared_ptr<const std::string> wav) {
            http::Response res;
            res.content_type = "audio/wav";
            res.headers = {{"Cache-Control", "private, no-store"}};
            res.body = *wav;
            return res;
          }));
        });
  r.add("DELETE", "/api/v1/queues/{id}/prompts/{kind}", Permission::kWriteConfig,
        [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = queue_of(catalog, req);
          if (!q) return respond(error_response(q.error()));
          auto kind = clean_text(req.params["kind"], "kind");
          if (!kind) return respond(error_response(kind.error()));
          prompts.remove(c, *q, *kind, answer<void>(respond, [] { return no_content(); }));
        });
}

}  // namespace switchyard::api
