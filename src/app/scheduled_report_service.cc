#include "app/scheduled_report_service.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>

#include "server/log.h"

namespace switchyard::app {

namespace {

using auth::Permission;
using reports::ReportDirectory;
using reports::ScheduledReportRepository;

// The projection the reports read (reports/rollup_projection.h).
constexpr std::string_view kRollups = "rollups";

Result<void> require_all(const Caller& c) {
  if (auto ok = require(c, Permission::kReadReports); !ok) return ok;
  if (c.scope(Permission::kReadReports) != auth::Scope::kAll)
    return make_error(ErrorCode::kPermissionDenied,
                      "scheduled reports show every queue, team and agent: they need the reports of the whole center",
                      "");
  return {};
}

}  // namespace

// What jobs in flight share with the service; they hold it, so a job that
// runs after stop() finds `stopped` and touches nothing else.
struct ScheduledReportService::Shared {
  Shared(Runtime& r, metrics::Calendar c, ScheduledReportOptions o) : rt(r), cal(std::move(c)), opts(o) {}
  Runtime& rt;
  const metrics::Calendar cal;
  const ScheduledReportOptions opts;
  std::atomic<int64_t> next_run_ms{0};  // 0: the first tick catches up
  mutable std::mutex mu;
  std::condition_variable cv;
  bool running = false;  // guarded by mu: a scheduled run is in flight
  int in_jobs = 0;       // guarded by mu: store jobs executing now
  bool stopped = false;  // guarded by mu

  // Once the rollups have applied every event committed so far (so every
  // event of any day that has ended), reads the queues' goals on the engine
  // thread and runs `work` on a store connection (`bulk`: the bulk lane).
  // `work` gets nullptr for the connection when the chain failed or the
  // service stopped, with the error.
  using Work = std::function<void(storage::SqlDriver*, const ReportDirectory&, const Error*)>;
  static void when_ready(const std::shared_ptr<Shared>& s, bool bulk, Work work) {
    Runtime& rt = s->rt;
    rt.projections.when_applied(kRollups, rt.engine.durable_seq(), [s, bulk, work = std::move(work)]() mutable {
      on_engine<ReportDirectory>(
          s->rt,
          [](server::TaskContext& ctx) -> Result<ReportDirectory> {
            ReportDirectory dir;
            for (core::QueueId q = 0; q < ctx.engine.queue_count(); ++q) {
              const core::QueueConfig* cfg = ctx.engine.queue_config(q);
              dir.goals.push_back(cfg ? ReportDirectory::QueueGoal{cfg->sl_target_ms, cfg->sl_target_pct}
                                      : ReportDirectory::QueueGoal{});
            }
            return dir;
          },
          [s, bulk, work = std::move(work)](Result<ReportDirectory> dir) mutable {
            if (!dir) return work(nullptr, {}, &dir.error());
            // Names from the catalog (committed names; never deleted).
            const auto names = s->rt.catalog.names();
            auto fill = [&](Kind k, std::vector<std::string>& out) {
              for (uint32_t id = 0; id < names->count(k); ++id) {
                const std::string* n = names->name(k, id);
                out.push_back(n ? *n : std::string());
              }
            };
            fill(Kind::kQueue, dir->queues);
            fill(Kind::kTeam, dir->teams);
            fill(Kind::kAgent, dir->agents);
            auto job = [s, dir = std::move(*dir), work = std::move(work)](storage::SqlDriver& db) mutable {
              {
                std::lock_guard lk(s->mu);
                if (s->stopped) {
                  const Error e{ErrorCode::kUnavailable, "the server is stopping", ""};
                  return work(nullptr, dir, &e);
                }
                ++s->in_jobs;
              }
              work(&db, dir, nullptr);
              std::lock_guard lk(s->mu);
              --s->in_jobs;
              s->cv.notify_all();
            };
            if (bulk) s->rt.store.post_bulk(std::move(job));
            else s->rt.store.post(std::move(job));
          });
    });
  }

  // A scheduled run on `db`: prune, then every due day without a report.
  Result<void> run(storage::SqlDriver& db, const ReportDirectory& dir) {
    ScheduledReportRepository repo(db);
    const int64_t now = rt.clock.now_ms();
    const int64_t keep_from = reports::keep_from_ms(cal, opts.schedule, now);
    auto pruned = repo.prune(keep_from);
    if (!pruned) return std::unexpected(std::move(pruned.error()));
    if (*pruned > 0)
      server::log_info("reports: " + std::to_string(*pruned) + " daily reports older than " +
                       cal.format_date(keep_from) + " pruned");
    auto earliest = repo.first_rollup_day_ms();
    if (!earliest) return std::unexpected(std::move(earliest.error()));
    auto have = repo.days_from("daily", keep_from);
    if (!have) return std::unexpected(std::move(have.error()));
    const std::set<std::string> stored(have->begin(), have->end());
    for (int64_t day : reports::due_days(cal, opts.schedule, now, *earliest)) {
      if (stored.contains(cal.format_date(day))) continue;
      auto saved = reports::store_daily_report(db, cal, day, dir, rt.clock.now_ms(), false);
      if (!saved) return std::unexpected(std::move(saved.error()));
      if (saved->created)
        server::log_info("reports: daily report of " + saved->report.day + " generated (id " +
                         std::to_string(saved->report.id) + ", " +
                         std::to_string(saved->report.csv_bytes + saved->report.html_en_bytes +
                                        saved->report.html_zh_bytes) +
                         " bytes)");
    }
    return {};
  }

  void finished(bool ok) {
    if (!ok) next_run_ms.store(rt.clock.now_ms() + kRetryMs);
    std::lock_guard lk(mu);
    running = false;
    cv.notify_all();
  }
};

ScheduledReportService::ScheduledReportService(Runtime& rt, metrics::Calendar calendar,
                                               ScheduledReportOptions options)
    : s_(std::make_shared<Shared>(rt, std::move(calendar), options)) {}

ScheduledReportService::~ScheduledReportService() { stop(); }

const metrics::Calendar& ScheduledReportService::calendar() const { return s_->cal; }

int64_t ScheduledReportService::next_run_ms() const { return s_->next_run_ms.load(); }

bool ScheduledReportService::idle() const {
  std::lock_guard lk(s_->mu);
  return !s_->running;
}

void ScheduledReportService::stop() {
  std::unique_lock lk(s_->mu);
  s_->stopped = true;
  s_->cv.wait(lk, [&] { return s_->in_jobs == 0; });
}

void ScheduledReportService::tick() {
  Shared& s = *s_;
  if (!s.opts.daily_enabled) return;
  const int64_t now = s.rt.clock.now_ms();
  if (now < s.next_run_ms.load()) return;
  {
    std::lock_guard lk(s.mu);
    if (s.running || s.stopped) return;
    s.running = true;
  }
  s.next_run_ms.store(reports::next_run_ms(s.cal, s.opts.schedule, now));
  Shared::when_ready(s_, true, [s = s_](storage::SqlDriver* db, const ReportDirectory& dir, const Error* err) {
    Result<void> r = db ? s->run(*db, dir) : Result<void>(std::unexpected(*err));
    if (!r && r.error().code != ErrorCode::kUnavailable)
      server::log_error("reports: the daily run failed (next try in " + std::to_string(kRetryMs / 60'000) +
                        " min): " + r.error().message);
    s->finished(r.has_value());
  });
}

void ScheduledReportService::list(const Caller& c, size_t limit, Reply<std::vector<reports::StoredReport>> reply) {
  if (auto ok = require_all(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<reports::StoredReport>>(
      s_->rt, [limit](storage::SqlDriver& db) { return ScheduledReportRepository(db).list(limit); },
      std::move(reply));
}

void ScheduledReportService::download(const Caller& c, int64_t id, std::optional<reports::ReportFormat> format,
                                      reports::Lang lang, Reply<ReportDownload> reply) {
  if (auto ok = require_all(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<ReportDownload>(
      s_->rt,
      [id, format, lang](storage::SqlDriver& db) -> Result<ReportDownload> {
        ScheduledReportRepository repo(db);
        auto meta = repo.find(id);
        if (!meta) return std::unexpected(std::move(meta.error()));
        if (!*meta) return make_error(ErrorCode::kNotFound, "no scheduled report " + std::to_string(id), "id");
        ReportDownload out{std::move(**meta), {}};
        if (!format) return out;
        auto body = repo.content(id, *format, lang);
        if (!body) return std::unexpected(std::move(body.error()));
        if (!*body) return make_error(ErrorCode::kNotFound, "no scheduled report " + std::to_string(id), "id");
        out.body = std::move(**body);
        return out;
      },
      std::move(reply));
}

void ScheduledReportService::generate(const Caller& c, std::string_view day,
                                      Reply<ScheduledReportRepository::Saved> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  const metrics::Calendar& cal = s_->cal;
  auto bad = [&](const std::string& why) {
    reply(make_error(ErrorCode::kInvalidArgument, why + ", got \"" + std::string(day) + "\"", "day"));
  };
  if (day.size() != 10) return bad("expected a local date \"YYYY-MM-DD\"");
  auto t = cal.parse(day, "day");
  if (!t) return reply(std::unexpected(t.error()));
  const int64_t start = cal.floor(metrics::Grain::kDay, *t);
  const int64_t now = s_->rt.clock.now_ms();
  if (start >= cal.floor(metrics::Grain::kDay, now))
    return bad("must be a day that has ended (before " + cal.format_date(now) + " in " + cal.zone() + ")");
  const int64_t keep_from = reports::keep_from_ms(cal, s_->opts.schedule, now);
  if (start < keep_from)
    return bad("must be within reports.keep_days (" + std::to_string(s_->opts.schedule.keep_days) +
               " days: from " + cal.format_date(keep_from) + ")");
  for (const server::ProjectionStatus& p : s_->rt.projections.status())
    if (p.name == kRollups && !p.error.empty())
      return reply(make_error(ErrorCode::kUnavailable, "the rollups cannot be updated: " + p.error, ""));
  Shared::when_ready(s_, false,
                     [s = s_, start, reply = std::move(reply)](storage::SqlDriver* db, const ReportDirectory& dir,
                                                               const Error* err) {
                       if (!db) return reply(std::unexpected(*err));
                       auto saved = reports::store_daily_report(*db, s->cal, start, dir, s->rt.clock.now_ms(), true);
                       if (saved)
                         server::log_info("reports: daily report of " + saved->report.day + " generated on demand");
                       reply(std::move(saved));
                     });
}

}  // namespace switchyard::app
