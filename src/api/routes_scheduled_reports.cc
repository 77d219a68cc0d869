// Scheduled report routes (docs/api.md, "Scheduled reports"): list the
// stored daily reports, download one as CSV or HTML, generate a day again.
// parse -> app::ScheduledReportService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/scheduled_report_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;
using reports::Lang;
using reports::ReportFormat;

namespace {

constexpr std::string_view kBase = "/api/v1/reports/scheduled";

std::string href(const reports::StoredReport& r, std::string_view query) {
  return std::string(kBase) + "/" + std::to_string(r.id) + "?" + std::string(query);
}

// The report's metadata; times in the zone its day was cut in.
json::object report_json(const reports::StoredReport& r, const metrics::Calendar& fallback) {
  auto zone = metrics::Calendar::make(r.time_zone);
  const metrics::Calendar& cal = zone ? *zone : fallback;
  json::array files;
  files.push_back(json::object{{"format", "csv"}, {"lang", nullptr}, {"bytes", r.csv_bytes},
                               {"href", href(r, "format=csv")}});
  for (Lang l : reports::kLangs) {
    const std::string lang(reports::to_string(l));
    files.push_back(json::object{{"format", "html"},
                                 {"lang", lang},
                                 {"bytes", l == Lang::kZh ? r.html_zh_bytes : r.html_en_bytes},
                                 {"href", href(r, "format=html&lang=" + lang)}});
  }
  return json::object{{"id", r.id},
                      {"kind", r.kind},
                      {"day", r.day},
                      {"time_zone", r.time_zone},
                      {"start", cal.format(r.start_ms)},
                      {"end", cal.format(r.end_ms)},
                      {"start_ms", r.start_ms},
                      {"end_ms", r.end_ms},
                      {"created", cal.format(r.created_ms)},
                      {"created_ms", r.created_ms},
                      {"href", std::string(kBase) + "/" + std::to_string(r.id)},
                      {"files", std::move(files)}};
}

struct Wanted {
  std::optional<ReportFormat> format;  // none: the metadata as JSON
  Lang lang = Lang::kEn;
};

Result<Wanted> read_wanted(const http::Request& req) {
  Wanted w;
  if (const std::string* f = req.query_param("format")) {
    if (*f == "csv") w.format = ReportFormat::kCsv;
    else if (*f == "html") w.format = ReportFormat::kHtml;
    else return make_error(ErrorCode::kInvalidArgument, "must be csv or html", "format");
  }
  if (const std::string* l = req.query_param("lang")) {
    auto lang = reports::lang_from_string(*l);
    if (!lang) return make_error(ErrorCode::kInvalidArgument, "must be en or zh-CN", "lang");
    w.lang = *lang;
  }
  return w;
}

http::Response file_response(const app::ReportDownload& d, const Wanted& w) {
  http::Response resp;
  resp.body = d.body;
  std::string name = "switchyard-" + d.report.kind + "-" + d.report.day;
  if (*w.format == ReportFormat::kCsv) {
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  } else {
    resp.content_type = "text/html; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "inline; filename=\"" + name + "-" +
                                                         std::string(reports::to_string(w.lang)) + ".html\"");
    // The page needs nothing but its own styles: nothing else may load or run.
    resp.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  }
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return resp;
}

}  // namespace

void add_scheduled_report_routes(Routes& r, app::ScheduledReportService& scheduled) {
  r.add("GET", std::string(kBase), Permission::kReadReports,
        [&scheduled](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 100, 1, app::ScheduledReportService::kMaxList);
          if (!limit) return respond(error_response(limit.error()));
          scheduled.list(c, static_cast<size_t>(*limit),
                         answer<std::vector<reports::StoredReport>>(
                             std::move(respond), [&scheduled](std::vector<reports::StoredReport> list) {
                               json::array out;
                               for (const reports::StoredReport& rep : list)
                                 out.push_back(report_json(rep, scheduled.calendar()));
                               return json_response(200, json::object{{"reports", std::move(out)}});
                             }));
        });
  r.add("POST", std::string(kBase), Permission::kWriteConfig,
        [&scheduled](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"day"});
          if (!body) return respond(error_response(body.error()));
          auto day = need_string(*body, "day");
          if (!day) return respond(error_response(day.error()));
          scheduled.generate(c, *day,
                             answer<reports::ScheduledReportRepository::Saved>(
                                 std::move(respond), [&scheduled](reports::ScheduledReportRepository::Saved s) {
                                   return json_response(s.created ? 201 : 200,
                                                        report_json(s.report, scheduled.calendar()));
                                 }));
        });
  r.add("GET", std::string(kBase) + "/{id}", Permission::kReadReports,
        [&scheduled](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto wanted = read_wanted(req);
          if (!wanted) return respond(error_response(wanted.error()));
          scheduled.download(c, *id, wanted->format, wanted->lang,
                             answer<app::ReportDownload>(std::move(respond),
                                                         [&scheduled, w = *wanted](app::ReportDownload d) {
                                                           if (!w.format)
                                                             return json_response(
                                                                 200, report_json(d.report, scheduled.calendar()));
                                                           return file_response(d, w);
                                                         }));
        });
}

}  // namespace switchyard::api
