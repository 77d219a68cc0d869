// The live event stream: GET /api/v1/events (WebSocket), resumable with
// ?since=SEQ, narrowed with ?queue=, ?team=, ?agent= (names or ids) and by
// the caller's scope. ?kpis=1 adds live KPI updates ("type":"kpis", the
// full picture first), ?kpis=only sends those alone. The upgrade is decided asynchronously (credentials are
// looked up on a store worker): no I/O thread waits on the store.
#include <charconv>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "api/api.h"
#include "app/auth_service.h"
#include "app/feed_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace {

// What an accepted upgrade carries to on_open.
enum class KpiMode { kNone, kAlso, kOnly };

struct Accepted {
  app::Caller caller;
  app::FeedFilter filter;
  KpiMode kpis = KpiMode::kNone;
  uint32_t kpi_dims = app::FeedService::kAllDims;
};

// ?kpi_dims=queue,center: the KPI dimensions wanted (all by default).
Result<uint32_t> read_kpi_dims(const http::Request& req) {
  const std::string* d = req.query_param("kpi_dims");
  if (!d || d->empty()) return app::FeedService::kAllDims;
  uint32_t mask = 0;
  std::string_view rest = *d;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    bool known = false;
    for (int i = 0; i < metrics::kDimCount; ++i)
      if (metrics::to_string(static_cast<metrics::Dim>(i)) == name) {
        mask |= 1u << i;
        known = true;
      }
    if (!known)
      return make_error(ErrorCode::kInvalidArgument,
                        "a comma-separated list of center, queue, channel, agent, team, site, group", "kpi_dims");
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return mask;
}

Result<KpiMode> read_kpi_mode(const http::Request& req) {
  const std::string* k = req.query_param("kpis");
  if (!k || *k == "0" || *k == "false") return KpiMode::kNone;
  if (*k == "1" || *k == "true") return KpiMode::kAlso;
  if (*k == "only") return KpiMode::kOnly;
  return make_error(ErrorCode::kInvalidArgument, "must be 1, 0 or only", "kpis");
}

Result<app::FeedFilter> read_filter(const http::Request& req, const app::Names& names) {
  app::FeedFilter f;
  if (const std::string* s = req.query_param("since")) {
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (s->empty() || ec != std::errc() || p != s->data() + s->size())
      return make_error(ErrorCode::kInvalidArgument, "since must be a sequence number", "since");
    f.since_seq = v;
  }
  struct Ref {
    const char* param;
    app::Kind kind;
    std::optional<uint32_t>* out;
  };
  const Ref refs[] = {{"queue", app::Kind::kQueue, &f.queue},
                      {"team", app::Kind::kTeam, &f.team},
                      {"agent", app::Kind::kAgent, &f.agent}};
  for (const Ref& r : refs)
    if (const std::string* s = req.query_param(r.param); s && !s->empty()) {
      auto id = resolve(names, r.kind, *s, r.param);
      if (!id) return std::unexpected(id.error());
      *r.out = *id;
    }
  return f;
}

class EventSocket {
 public:
  EventSocket(app::FeedService& feed, app::Catalog& catalog, app::AuthService& auth)
      : feed_(feed), catalog_(catalog), auth_(auth) {}

  http::WsHandlers handlers() {
    http::WsHandlers h;
    h.on_upgrade = [this](const http::Request& req, http::Respond respond) {
      // Who first (401 before anything else), then what they asked for.
      auth_.authenticate(credentials(req, true), req.remote, [this, respond, req](Result<app::Caller> who) {
        if (!who) return respond(error_response(who.error()));
        if (auto ok = app::require(*who, auth::Permission::kReadEvents); !ok)
          return respond(error_response(ok.error()));
        auto filter = read_filter(req, *catalog_.names());
        if (!filter) return respond(error_response(filter.error()));
        auto kpis = read_kpi_mode(req);
        if (!kpis) return respond(error_response(kpis.error()));
        auto dims = read_kpi_dims(req);
        if (!dims) return respond(error_response(dims.error()));
        if (*kpis != KpiMode::kNone)
          if (auto ok = app::require(*who, auth::Permission::kReadRealtime); !ok)
            return respond(error_response(ok.error()));
        http::Response accept;
        accept.status = 101;
        accept.attachment =
            std::make_shared<const Accepted>(Accepted{std::move(*who), std::move(*filter), *kpis, *dims});
        respond(std::move(accept));
      });
    };
    h.on_open = [this](std::shared_ptr<http::WebSocket> ws) {
      auto accepted = std::static_pointer_cast<const Accepted>(ws->attachment());
      std::weak_ptr<http::WebSocket> weak = ws;
      auto send = [weak](std::shared_ptr<const std::string> text) {
        auto s = weak.lock();
        return s && s->send(std::move(text));
      };
      if (accepted->kpis != KpiMode::kNone) {
        auto id = feed_.subscribe_kpis(accepted->caller, send, accepted->kpi_dims);
        if (!id) {
          const Error& e = id.error();
          ws->send(http::error_json(to_string(e.code), e.message, e.field));
          ws->close();
          return;
        }
        std::lock_guard lk(mu_);
        kpi_subs_[ws.get()] = *id;
      }
      if (accepted->kpis == KpiMode::kOnly) return;
      feed_.subscribe(
          accepted->caller, accepted->filter, send,
          [this, ws](Result<uint64_t> id) {
            if (!id) {
              {
                std::lock_guard lk(mu_);
                closed_.erase(ws.get());
              }
              const Error& e = id.error();
              ws->send(http::error_json(to_string(e.code), e.message, e.field));
              ws->close();
              return;
            }
            std::lock_guard lk(mu_);
            if (closed_.erase(ws.get())) return feed_.unsubscribe(*id);  // closed before it subscribed
            subs_[ws.get()] = *id;
          },
          [weak](const Error& e) {  // the backlog is gone (retention)
            if (auto s = weak.lock()) {
              s->send(http::error_json(to_string(e.code), e.message, e.field));
              s->close();
            }
          });
    };
    h.on_close = [this](const std::shared_ptr<http::WebSocket>& ws) {
      std::lock_guard lk(mu_);
      if (auto k = kpi_subs_.find(ws.get()); k != kpi_subs_.end()) {
        feed_.unsubscribe_kpis(k->second);
        kpi_subs_.erase(k);
      }
      auto accepted = std::static_pointer_cast<const Accepted>(ws->attachment());
      if (accepted && accepted->kpis == KpiMode::kOnly) return;
      auto it = subs_.find(ws.get());
      if (it == subs_.end()) {
        closed_.insert(ws.get());
        return;
      }
      feed_.unsubscribe(it->second);
      subs_.erase(it);
    };
    return h;
  }

 private:
  app::FeedService& feed_;
  app::Catalog& catalog_;
  app::AuthService& auth_;
  std::mutex mu_;
  std::unordered_map<const http::WebSocket*, uint64_t> subs_;  // guarded by mu_
  std::unordered_map<const http::WebSocket*, uint64_t> kpi_subs_;  // guarded by mu_
  std::unordered_set<const http::WebSocket*> closed_;         // guarded by mu_: closed while subscribing
};

}  // namespace

void add_event_socket(Routes& r, app::FeedService& feed, app::Catalog& catalog) {
  auto socket = std::make_shared<EventSocket>(feed, catalog, r.auth());
  r.add_websocket("/api/v1/events", auth::Permission::kReadEvents, socket->handlers());
  r.keep(std::move(socket));
}

}  // namespace switchyard::api
