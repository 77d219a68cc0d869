// `switchyard wfm import FILE --store URL`: older contact history per queue and
// interval from a CSV file (docs/wfm.md, "History import (CSV)") into module
// wfm's table, where forecasts read it for intervals the KPI rollups do not
// have. Progress on stderr; every bad row reported with its line and left
// out. Exit codes: 0 imported (bad rows may have been left out), 2 bad input
// (no file, a wrong header, no good row, a store that cannot be opened),
// 1 a failed write.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include "app/store_setup.h"
#include "cli/command.h"
#include "metrics/calendar.h"
#include "wfm/history_csv.h"
#include "wfm/wfm_store.h"

namespace switchyard::cli {
namespace {

struct ImportOptions {
  std::string file;
  std::string store;
  std::string time_zone = "UTC";
  int interval_min = 15;
  int max_errors_shown = 20;
};

int fail(const std::string& what, const std::string& message, int code = 2) {
  std::fprintf(stderr, "switchyard wfm import: %s: %s\n", what.c_str(), message.c_str());
  return code;
}

int run_import(const ImportOptions& o) {
  if (o.interval_min != 15 && o.interval_min != 30) return fail("--interval-min", "must be 15 or 30");
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail(o.file, "cannot read the file");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  auto calendar = metrics::Calendar::make(o.time_zone, "--time-zone");
  if (!calendar) return fail("--time-zone", calendar.error().message);
  int last_percent = -1;
  auto parsed = wfm::parse_history_csv(text, o.interval_min, [&](int64_t done, int64_t total) {
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent != last_percent) std::fprintf(stderr, "\rreading %s: %3d%%", o.file.c_str(), percent);
    last_percent = percent;
  });
  std::fputc('\n', stderr);
  if (!parsed) return fail(o.file + ": " + parsed.error().field, parsed.error().message);
  int shown = 0;
  for (const wfm::CsvRowError& e : parsed->errors)
    if (shown++ < o.max_errors_shown)
      std::fprintf(stderr, "%s:%lld: %s: %s (row left out)\n", o.file.c_str(), static_cast<long long>(e.line),
                   e.field.c_str(), e.reason.c_str());
  if (parsed->errors.size() > static_cast<size_t>(o.max_errors_shown))
    std::fprintf(stderr, "... and %zu more bad rows\n", parsed->errors.size() - static_cast<size_t>(o.max_errors_shown));
  if (parsed->rows.empty()) return fail(o.file, "no good row to import");

  std::vector<wfm::HistoryPoint> points;
  std::set<std::string> queues;
  points.reserve(parsed->rows.size());
  // Stored per 15 minutes, as the rollups are: a 30-minute row is two halves.
  const int parts = o.interval_min / 15;
  for (const wfm::HistoryRow& r : parsed->rows) {
    const int64_t start = calendar->from_local(static_cast<int>(r.date.year()), static_cast<unsigned>(r.date.month()),
                                               static_cast<unsigned>(r.date.day()), int64_t{r.minute_of_day} * 60'000);
    for (int k = 0; k < parts; ++k) points.push_back({r.queue, start + k * 900'000, r.contacts / parts, r.aht_s});
    queues.insert(r.queue);
  }
  auto db = app::open_migrated_store(o.store);
  if (!db) return fail("--store " + o.store, db.error().message);
  wfm::WfmRepository repo(**db);
  constexpr size_t kBatch = 5000;  // one transaction each
  for (size_t i = 0; i < points.size(); i += kBatch) {
    const size_t n = std::min(kBatch, points.size() - i);
    if (auto r = repo.put_history(std::span<const wfm::HistoryPoint>(points.data() + i, n)); !r)
      return fail("--store " + o.store, r.error().message, 1);
    std::fprintf(stderr, "\rwriting: %zu / %zu intervals", i + n, points.size());
  }
  std::fputc('\n', stderr);
  std::printf("imported %zu rows (%zu 15-minute intervals) of %zu queue(s) into %s; %zu bad row(s) left out\n",
              parsed->rows.size(), points.size(),
              queues.size(), o.store.c_str(), parsed->errors.size());
  return 0;
}

}  // namespace

void add_wfm_command(CLI::App& app, Action& action) {
  CLI::App* wfm = app.add_subcommand("wfm", "Workforce management tools (docs/wfm.md)");
  wfm->require_subcommand(1);
  auto o = std::make_shared<ImportOptions>();
  CLI::App* imp = wfm->add_subcommand(
      "import", "Import older history (queue,start,contacts,aht_s per interval) from a CSV file into a store");
  imp->add_option("file", o->file, "The CSV file (docs/wfm.md, \"History import (CSV)\")")->required();
  imp->add_option("--store", o->store, "The server's store (sqlite:PATH or postgresql://...)")->required();
  imp->add_option("--time-zone", o->time_zone,
                  "The IANA time zone of the file's local times: the center's (center.time_zone); default UTC");
  imp->add_option("--interval-min", o->interval_min, "Interval length of the file: 15 (default) or 30");
  imp->callback([o, &action] { action = [o] { return run_import(*o); }; });
}

}  // namespace switchyard::cli
