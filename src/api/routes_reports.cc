// Report routes: KPI rollups by dimension, grain and range, as JSON or CSV
// (docs/api.md, "Reports"). parse -> app::ReportService -> render.
#include <boost/json.hpp>

#include <charconv>

#include "api/api.h"
#include "app/report_service.h"
#include "api/errors.h"
#include "api/json_text.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using metrics::Dim;

namespace {

struct DimRoute {
  const char* path;
  Dim dim;
  const char* name;
};
constexpr DimRoute kDims[] = {
    {"/api/v1/reports/queues", Dim::kQueue, "queues"},     {"/api/v1/reports/teams", Dim::kTeam, "teams"},
    {"/api/v1/reports/agents", Dim::kAgent, "agents"},     {"/api/v1/reports/sites", Dim::kSite, "sites"},
    {"/api/v1/reports/channels", Dim::kChannel, "channels"}, {"/api/v1/reports/center", Dim::kCenter, "center"},
};

// Ids in `ids=` (comma-separated names or ids; channels by name).
Result<std::vector<uint32_t>> read_ids(const std::string& text, Dim dim, const app::Names& names) {
  std::vector<uint32_t> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    std::optional<uint32_t> id;
    switch (dim) {
      case Dim::kQueue: id = names.resolve(app::Kind::kQueue, item); break;
      case Dim::kTeam: id = names.resolve(app::Kind::kTeam, item); break;
      case Dim::kAgent: id = names.resolve(app::Kind::kAgent, item); break;
      case Dim::kSite: id = names.resolve(app::Kind::kSite, item); break;
      case Dim::kChannel:
        if (auto ch = core::channel_from_string(item)) id = static_cast<uint32_t>(*ch);
        break;
      case Dim::kCenter:
        if (item == "0") id = 0;
        break;
      case Dim::kGroup:
        break;  // no group reports (live only)
    }
    if (!id) return make_error(ErrorCode::kInvalidArgument, "unknown id or name '" + item + "'", "ids");
    out.push_back(*id);
  }
  return out;
}

Result<app::ReportRequest> read_request(const http::Request& req, Dim dim, const metrics::Calendar& cal,
                                        const app::Names& names, int64_t now_ms) {
  app::ReportRequest r;
  r.dim = dim;
  if (const std::string* g = req.query_param("grain")) {
    auto grain = metrics::grain_from_string(*g);
    if (!grain) return make_error(ErrorCode::kInvalidArgument, "must be 15min, hour, day, month or year", "grain");
    r.grain = *grain;
  }
  // Defaults: today so far (from the start of the center's day to now).
  const int64_t today = cal.floor(metrics::Grain::kDay, now_ms);
  auto from = query_time(req, "from", cal, today);
  if (!from) return std::unexpected(from.error());
  auto to = query_time(req, "to", cal, cal.next(metrics::Grain::kDay, today));
  if (!to) return std::unexpected(to.error());
  r.from_ms = *from;
  r.to_ms = *to;
  if (const std::string* ids = req.query_param("ids")) {
    auto v = read_ids(*ids, dim, names);
    if (!v) return std::unexpected(v.error());
    r.ids = std::move(*v);
  }
  return r;
}

bool wants_csv(const http::Request& req) {
  if (const std::string* f = req.query_param("format")) return *f == "csv";
  const std::string* accept = req.header("accept");
  return accept && accept->find("text/csv") != std::string::npos;
}

}  // namespace

void add_report_routes(Routes& r, app::ReportService& reports, app::Catalog& catalog) {
  for (const DimRoute& d : kDims) {
    r.add("GET", d.path, auth::Permission::kReadReports,
          [&reports, &catalog, &d](const app::Caller& c, http::Request&& req, http::Respond respond) {
            if (const std::string* f = req.query_param("format"); f && *f != "csv" && *f != "json")
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "must be json or csv", "format"}));
            auto names = catalog.names();
            auto in = read_request(req, d.dim, reports.calendar(), *names, reports.now_ms());
            if (!in) return respond(error_response(in.error()));
            const bool csv = wants_csv(req);
            reports.report(c, std::move(*in),
                           answer<app::Report>(std::move(respond), [&reports, &d, names, csv](app::Report rep) {
                             http::Response resp;
                             if (csv) {
                               resp.body = report_csv(rep, reports.calendar(), *names);
                               resp.content_type = "text/csv; charset=utf-8";
                               resp.headers.emplace_back(
                                   "Content-Disposition",
                                   std::string("attachment; filename=\"") + d.name + "-" +
                                       std::string(metrics::to_string(rep.request.grain)) + "-" +
                                       reports.calendar().format_date(rep.request.from_ms) + ".csv\"");
                             } else {
                               resp.body = report_json(rep, d.name, reports.calendar(), *names);
                             }
                             return resp;
                           }));
          });
  }
}

}  // namespace switchyard::api
