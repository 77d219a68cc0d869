// Reports and KPI projections (issue 8).
//
//   report/<backend>/day_all_queues_year   one year of day rows for 200 queues
//                                          (73,000 rows): read, derived, JSON
//   report/<backend>/15min_one_queue_month one queue, one month of 15 min rows
//                                          (2,880 rows): read, derived, JSON
//   project/rollups/<backend>              RollupProjection::apply, chunks of
//                                          16,384 events as the host sends them
//   project/live                           KpiProjection::apply (in memory)
//
// The report store holds a synthetic year of rollups for 200 queues at every
// grain (7.0M 15 min rows, 1.75M hour rows, 73,000 day rows, months, years),
// written by SQL, not by the simulator: the query cost depends on the rows,
// not on how they were made. Events for the projections come from a real
// engine: 60 agents, 4 queues, every contact offered, answered, ended and
// wrapped up, with agent state changes (about 9 events per contact).
//
// Backends: sqlite (a file under $SWITCHYARD_BENCH_DIR, default the temp
// directory) and postgres (a throwaway local server, durable defaults).
//
//   build-release/bench/reports_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <deque>
#include <initializer_list>
#include <map>
#include <string_view>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/render.h"
#include "app/catalog.h"
#include "core/engine.h"
#include "eventlog/schema.h"
#include "metrics/kpi_projection.h"
#include "reports/rollup_projection.h"
#include "reports/rollups.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "storage/pg_harness.h"
#include "storage/sql_util.h"

namespace switchyard::bench {
namespace {

using metrics::Calendar;
using metrics::Dim;
using metrics::Grain;

constexpr int kQueues = 200;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "reports_bench: %s\n", what.c_str());
  std::exit(1);
}

// Concatenation without operator+ chains (GCC 12 at -O3 warns falsely on
// them: -Wrestrict, bug 105329).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

std::string bench_dir() {
  const char* env = std::getenv("SWITCHYARD_BENCH_DIR");
  std::string dir = (env ? std::string(env) : std::filesystem::temp_directory_path().string()) +
                    "/switchyard-reports-bench-XXXXXX";
  if (!mkdtemp(dir.data())) die("mkdtemp");
  return dir;
}

storage::testing::PgServer* pg_server() {
  static std::unique_ptr<storage::testing::PgServer> server = [] {
    auto s = storage::testing::PgServer::start({.durable = true});
    if (!s) die(s.error().message);
    return std::move(*s);
  }();
  return server.get();
}

std::unique_ptr<storage::SqlDriver> fresh(const std::string& backend, const std::string& name) {
  static const std::string dir = bench_dir();
  std::string url;
  if (backend == "postgres") {
    auto u = pg_server()->create_database(name);
    if (!u) die(u.error().message);
    url = *u;
  } else {
    url = cat({"sqlite:", dir, "/", name, ".sqlite"});
  }
  auto d = storage::open_database(url, storage::OpenOptions{.relaxed_durability = true});
  if (!d) die(d.error().message);
  for (const storage::ModuleSchema* s : {&eventlog::schema(), &reports::schema()})
    if (auto m = storage::migrate(**d, *s); !m) die(m.error().message);
  return std::move(*d);
}

// Runs one statement. Drivers cache prepared statements by the Statement's
// address, so each text gets its own Statement that lives to the end.
void run(storage::SqlDriver& db, const std::string& sql, std::vector<storage::SqlValue> params = {}) {
  static std::deque<std::string> texts;
  static std::deque<storage::Statement> statements;
  const storage::Statement& st = statements.emplace_back(storage::Statement{texts.emplace_back(sql)});
  storage::Transaction tx;
  tx.add(st, std::move(params));
  if (auto r = tx.run(db); !r) die(cat({r.error().message, " in ", sql}));
}

const Calendar& utc() {
  static const Calendar c = Calendar::utc();
  return c;
}
const int64_t kYear = utc().from_local(2025, 1, 1);
const int64_t kYearEnd = utc().from_local(2026, 1, 1);

// A year of rollups for 200 queues (UTC buckets), every grain.
std::unique_ptr<storage::SqlDriver> report_store(const std::string& backend) {
  auto db = fresh(backend, "report_store");
  const int64_t t0 = monotonic_ns();
  const std::string sums =
      "SUM(offered), SUM(answered), SUM(answered_in_sl), SUM(abandoned), SUM(handled), SUM(wait_answered_ms), "
      "MAX(max_wait_ms), SUM(talk_ms), SUM(acw_ms), SUM(busy_ms), SUM(idle_ms)";
  const std::string cols =
      "(grain, dim, id, start_ms, offered, answered, answered_in_sl, abandoned, handled, wait_answered_ms, "
      "max_wait_ms, talk_ms, acw_ms, busy_ms, idle_ms)";
  const std::string last_queue = std::to_string(kQueues - 1);
  run(*db,
      cat({"INSERT INTO rollups ", cols, " WITH RECURSIVE q(id) AS (SELECT 0 UNION ALL SELECT id + 1 FROM q WHERE id < ",
           last_queue,
           "), b(s) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT s + 900000 FROM b WHERE s + 900000 < $2) "
           "SELECT 0, 1, q.id, b.s, 20 + (q.id + b.s / 900000) % 30, 18 + (q.id + b.s / 900000) % 30, "
           "15 + (q.id + b.s / 900000) % 25, 2, 18 + (q.id + b.s / 900000) % 30, 400000, 90000, 4000000, 600000, "
           "4600000, 900000 FROM q, b"}),
      {kYear, kYearEnd});
  for (auto [grain, step] : {std::pair{"1", "3600000"}, std::pair{"2", "86400000"}})
    run(*db, cat({"INSERT INTO rollups ", cols, " SELECT ", grain, ", 1, id, start_ms - start_ms % ", step, ", ", sums,
                  " FROM rollups WHERE grain = 0 AND dim = 1 GROUP BY id, start_ms - start_ms % ", step}));
  for (int64_t m = kYear; m < kYearEnd; m = utc().next(Grain::kMonth, m))
    run(*db, cat({"INSERT INTO rollups ", cols, " SELECT 3, 1, id, CAST($1 AS BIGINT), ", sums,
                  " FROM rollups WHERE grain = 2 AND dim = 1 AND start_ms >= $1 AND start_ms < $2 GROUP BY id"}),
        {m, utc().next(Grain::kMonth, m)});
  run(*db, cat({"INSERT INTO rollups ", cols, " SELECT 4, 1, id, CAST($1 AS BIGINT), ", sums,
                " FROM rollups WHERE grain = 3 AND dim = 1 GROUP BY id"}),
      {kYear});
  if (backend == "postgres") run(*db, "ANALYZE rollups");
  std::fprintf(stderr, "reports_bench: %s report store written in %.1f s\n", backend.c_str(),
               static_cast<double>(monotonic_ns() - t0) / 1e9);
  return db;
}

storage::SqlDriver& store_of(const std::string& backend) {
  static std::map<std::string, std::unique_ptr<storage::SqlDriver>> stores;
  auto& s = stores[backend];
  if (!s) s = report_store(backend);
  return *s;
}

// `render`: also derive the figures and write the JSON the route sends.
void BM_Report(benchmark::State& state, std::string backend, Grain grain, int64_t from, int64_t to,
               std::vector<uint32_t> ids, bool render) {
  storage::SqlDriver& db = store_of(backend);
  app::Names names;  // no names: ids only
  size_t rows = 0, bytes = 0;
  for (auto _ : state) {
    app::Report rep{{Dim::kQueue, grain, from, to, ids}, {}, {}};
    auto r = reports::RollupRepository(db).rows({Dim::kQueue, grain, from, to, ids});
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    rep.rows = std::move(*r);
    rows = rep.rows.size();
    if (!render) continue;
    for (const reports::RollupRow& row : rep.rows) {
      if (rep.totals.empty() || rep.totals.back().id != row.id) rep.totals.push_back({row.id, from, {}});
      metrics::merge(rep.totals.back().counters, row.counters);
    }
    std::string text = api::report_json(rep, "queues", utc(), names);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["json_bytes"] = static_cast<double>(bytes);
}

// ---- projections -----------------------------------------------------------

// A real engine's events: contacts offered, answered, ended and wrapped up.
const std::vector<core::Event>& traffic() {
  static const std::vector<core::Event> events = [] {
    struct Sink : core::EventSink {
      void on_event(const core::Event& e) override { out.push_back(e); }
      std::vector<core::Event> out;
    } sink;
    ManualClock clock(kYear);
    core::Engine engine(clock, &sink);
    const core::SkillId s = *engine.define_skill("s");
    std::vector<core::QueueId> queues;
    for (int i = 0; i < 4; ++i) {
      core::QueueConfig q;
      q.name = cat({"q", std::to_string(i)});
      q.skills = {{s, 1}};
      q.acw_ms = 5'000;
      queues.push_back(*engine.configure_queue(q));
    }
    const core::TeamId team = *engine.define_team("t");
    std::vector<core::AgentId> agents;
    for (int i = 0; i < 60; ++i) {
      core::AgentConfig a;
      a.name = cat({"a", std::to_string(i)});
      a.team = team;
      a.skills = {{s, 1}};
      agents.push_back(*engine.configure_agent(a));
      (void)engine.login(agents.back());
    }
    for (int i = 0; sink.out.size() < 2'000'000; ++i) {
      clock.advance_ms(700);
      engine.advance();
      core::ContactSpec spec;
      spec.queue = queues[i % 4];
      spec.customer_id = cat({"c", std::to_string(i % 5000)});
      auto c = engine.create_contact(spec);
      if (!c) continue;
      auto v = engine.contact(c->id);
      if (!v || v->agent == core::kNoId) {
        (void)engine.abandon(c->id);
        continue;
      }
      const core::AgentId a = v->agent;
      clock.advance_ms(300);
      (void)engine.accept(a, c->id);
      clock.advance_ms(30'000);
      engine.advance();
      (void)engine.end_contact(a, c->id);
      (void)engine.end_wrapup(a, c->id, "done");
    }
    return std::move(sink.out);
  }();
  return events;
}

template <typename P>
void apply_all(benchmark::State& state, P& p, storage::SqlDriver& db) {
  const auto& ev = traffic();
  constexpr size_t kChunk = 16'384;
  for (size_t i = 0; i < ev.size(); i += kChunk) {
    auto r = p.apply(db, std::span<const core::Event>(ev).subspan(i, std::min(kChunk, ev.size() - i)));
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
  }
}

void BM_ProjectRollups(benchmark::State& state, std::string backend) {
  traffic();
  int n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto db = fresh(backend, cat({"rollups_", std::to_string(++n)}));
    eventlog::EventLog log(*db);
    reports::RollupProjection p(utc(), {});
    if (!p.start(*db, log)) die("start");
    state.ResumeTiming();
    apply_all(state, p, *db);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * traffic().size()),
                                                  benchmark::Counter::kIsRate);
}

void BM_ProjectLive(benchmark::State& state) {
  traffic();
  auto db = fresh("sqlite", "live");
  for (auto _ : state) {
    state.PauseTiming();
    ManualClock clock(traffic().front().time_ms);  // the projection starts at the first day
    eventlog::EventLog log(*db);
    metrics::KpiProjection p(utc(), {}, clock);
    if (!p.start(*db, log)) die("start");
    state.ResumeTiming();
    apply_all(state, p, *db);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * traffic().size()),
                                                  benchmark::Counter::kIsRate);
}

void register_all() {
  const int64_t june = utc().from_local(2025, 6, 1), july = utc().from_local(2025, 7, 1);
  for (std::string b : {"sqlite", "postgres"}) {
    for (bool render : {false, true}) {
      const char* what = render ? "+json" : "/read";
      benchmark::RegisterBenchmark(cat({"report/", b, "/day_all_queues_year", what}).c_str(), BM_Report, b,
                                   Grain::kDay, kYear, kYearEnd, std::vector<uint32_t>{}, render)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
      benchmark::RegisterBenchmark(cat({"report/", b, "/15min_one_queue_month", what}).c_str(), BM_Report, b,
                                   Grain::k15Min, june, july, std::vector<uint32_t>{17}, render)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
    benchmark::RegisterBenchmark(cat({"project/rollups/", b}).c_str(), BM_ProjectRollups, b)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("project/live", BM_ProjectLive)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
}

}  // namespace
}  // namespace switchyard::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  switchyard::bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
