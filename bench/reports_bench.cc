// Reports and KPI projections (issue 8).
//
//   report/<backend>/day_all_queues_year/<what>     one year of day rows for
//                                                   200 queues (73,000 rows)
//   report/<backend>/15min_one_queue_month/<what>   one queue, one month of
//                                                   15 min rows (<= 2,880)
//     <what>: read (the rows and totals, app::read_report, what the report
//     service reads), json / csv (read + the body the route sends,
//     api::report_json / report_csv)
//   project/rollups/<backend>              RollupProjection::apply, chunks of
//                                          16,384 events as the host sends them
//   project/live                           KpiProjection::apply (in memory)
//
// The report store is a simulated year: bench/year.toml (200 queues, 280
// agents, ~20.4 M contacts) run by the real simulator from 2025-01-01
// (Europe/Paris), its engine's events fed through the real RollupProjection
// into the store (the events themselves are not written: the rollups are
// what a report reads). Made once per backend and kept under
// $SWITCHYARD_BENCH_DIR (default bench/out/) in a directory named after the
// scenario's text and the projection's version, so later runs only read:
// sqlite in year.sqlite, postgres in a kept cluster (pg/) that a private
// server on loopback opens (storage/pg_harness.h). Making one takes minutes
// (progress on stderr).
//
// Events for the projection throughput come from a real engine: 60 agents, 4
// queues, every contact offered, answered, ended and wrapped up, with agent
// state changes (about 9 events per contact); those stores are fresh
// temporary ones.
//
//   build-release/bench/reports_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cinttypes>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "api/render.h"
#include "app/catalog.h"
#include "app/report_service.h"
#include "core/engine.h"
#include "eventlog/schema.h"
#include "metrics/kpi_projection.h"
#include "reports/rollup_projection.h"
#include "reports/rollups.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "storage/pg_harness.h"
#include "storage/sql_util.h"

namespace switchyard::bench {
namespace {

namespace fs = std::filesystem;
using metrics::Calendar;
using metrics::Dim;
using metrics::Grain;

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

double seconds_since(int64_t t0_ns) { return static_cast<double>(monotonic_ns() - t0_ns) / 1e9; }

// Where stores live: $SWITCHYARD_BENCH_DIR, else bench/out of the sources.
std::string out_dir() {
  const char* env = std::getenv("SWITCHYARD_BENCH_DIR");
  return env ? std::string(env) : std::string(SWITCHYARD_SOURCE_DIR "/bench/out");
}

// A directory for throwaway stores, removed at exit.
const std::string& temp_dir() {
  static const struct Temp {
    Temp() {
      path = (fs::temp_directory_path() / "switchyard-reports-bench-XXXXXX").string();
      if (!mkdtemp(path.data())) die("mkdtemp " + path);
    }
    ~Temp() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
    std::string path;
  } temp;
  return temp.path;
}

storage::testing::PgServer* pg_server() {
  static std::unique_ptr<storage::testing::PgServer> server = [] {
    auto s = storage::testing::PgServer::start({.durable = true});
    if (!s) die(s.error().message);
    return std::move(*s);
  }();
  return server.get();
}

std::unique_ptr<storage::SqlDriver> open_migrated(const std::string& url) {
  auto d = storage::open_database(url, storage::OpenOptions{.relaxed_durability = true});
  if (!d) die(d.error().message);
  for (const storage::ModuleSchema* s : {&eventlog::schema(), &reports::schema()})
    if (auto m = storage::migrate(**d, *s); !m) die(m.error().message);
  return std::move(*d);
}

std::unique_ptr<storage::SqlDriver> fresh(const std::string& backend, const std::string& name) {
  const std::string& dir = temp_dir();
  if (backend == "postgres") {
    auto u = pg_server()->create_database(name);
    if (!u) die(u.error().message);
    return open_migrated(*u);
  }
  return open_migrated(cat({"sqlite:", dir, "/", name, ".sqlite"}));
}

// ---- the simulated year -----------------------------------------------------

const Calendar& paris() {
  static const Calendar c = [] {
    auto cal = Calendar::make("Europe/Paris");
    if (!cal) die(cal.error().message);
    return *cal;
  }();
  return c;
}
const Calendar& utc() {
  static const Calendar c = Calendar::utc();
  return c;
}
const int64_t kYear = paris().from_local(2025, 1, 1);
const int64_t kYearEnd = paris().from_local(2026, 1, 1);
constexpr const char* kScenario = SWITCHYARD_SOURCE_DIR "/bench/year.toml";
// Events per RollupProjection::apply while the store is made. Larger than
// the host's chunks (fewer upserts of the same day, month and year rows:
// the same sums, made faster).
constexpr size_t kMakeChunk = 131'072;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) die("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The store's directory: named after what its rows depend on (FNV-1a of the
// scenario's text, the projection's version, the zone and the start).
const std::string& year_dir() {
  static const std::string dir = [] {
    uint64_t h = 14695981039346656037ull;
    const std::string key = cat({read_text(kScenario), "|", std::to_string(reports::RollupProjection::kVersion), "|",
                                 paris().zone(), "|", std::to_string(kYear)});
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    char name[40];
    std::snprintf(name, sizeof name, "year-%016" PRIx64, h);
    return cat({out_dir(), "/", name});
  }();
  return dir;
}

sim::SimOptions year_options() {
  sim::SimOptions o;
  o.start_ms = kYear;
  o.utc_offset_ms = paris().offset_ms(kYear);  // winter time; the profiles do not move in summer
  return o;
}

sim::Scenario year_scenario() {
  auto sc = sim::load_scenario(kScenario);
  if (!sc) die(sc.error().message);
  return std::move(*sc);
}

// Runs the year in the simulator and feeds its engine's events, in chunks,
// through a RollupProjection into `db` (fresh, migrated).
void make_year(storage::SqlDriver& db, const std::string& backend) {
  eventlog::EventLog log(db);
  reports::RollupProjection projection(paris(), {});
  if (auto s = projection.start(db, log); !s) die(s.error().message);
  struct Feed final : core::EventSink {
    void on_event(const core::Event& e) override {
      chunk.push_back(e);
      if (chunk.size() >= kMakeChunk) flush();
    }
    void flush() {
      if (chunk.empty()) return;
      if (auto r = projection->apply(*db, chunk); !r) die(r.error().message);
      events += chunk.size();
      chunk.clear();
    }
    reports::RollupProjection* projection;
    storage::SqlDriver* db;
    std::vector<core::Event> chunk;
    uint64_t events = 0;
  } feed;
  feed.projection = &projection;
  feed.db = &db;
  feed.chunk.reserve(kMakeChunk);
  const int64_t t0 = monotonic_ns();
  sim::SimOptions opts = year_options();
  const sim::Simulator* running = nullptr;
  int last_pct = -1;
  opts.progress = [&](int64_t now_ms, int64_t end_ms) {
    const int pct = static_cast<int>(100 * now_ms / end_ms);
    if (pct == last_pct || pct % 5 != 0) return;
    last_pct = pct;
    std::fprintf(stderr, "reports_bench: making the %s year: %3d%% (day %" PRId64 "), %.1f M contacts, %.0f M events, %.0f s\n",
                 backend.c_str(), pct, now_ms / 86'400'000, running ? static_cast<double>(running->stats().arrivals) / 1e6 : 0.0,
                 static_cast<double>(feed.events) / 1e6, seconds_since(t0));
  };
  sim::Simulator simulator(year_scenario(), std::move(opts));
  running = &simulator;
  simulator.set_event_tap(&feed);
  if (auto r = simulator.setup(); !r) die(r.error().message);
  simulator.run();
  simulator.set_event_tap(nullptr);
  feed.flush();
  std::fprintf(stderr, "reports_bench: %s year made: %" PRIu64 " contacts, %" PRIu64 " events in %.0f s\n",
               backend.c_str(), simulator.stats().arrivals, feed.events, seconds_since(t0));
}

// Rows in a year store and contacts in its rollups (offered at the center
// over the year: each contact once).
struct YearFigures {
  int64_t rows = 0, contacts = 0;
};
YearFigures count_year(storage::SqlDriver& db) {
  static const storage::Statement rows{
      "SELECT (SELECT COUNT(*) FROM rollups) + (SELECT COUNT(*) FROM rollups_coarse)"};
  // The center's 15 min rows of the year: each contact once.
  static const storage::Statement contacts{"SELECT SUM(offered) FROM rollups WHERE dim = $1 AND grain = $2"};
  const storage::SqlValue params[] = {int64_t{static_cast<int>(Dim::kCenter)}, int64_t{static_cast<int>(Grain::k15Min)}};
  auto r = storage::query_int(db, rows);
  auto c = storage::query_int(db, contacts, params);
  if (!r || !c) die(!r ? r.error().message : c.error().message);
  return {*r, *c};
}

struct YearStore {
  std::unique_ptr<storage::SqlDriver> db;
  YearFigures figures;
};

// The year's store for `backend`, made on first use. Its file "complete"
// marks a finished one and keeps its figures; an unfinished one is made
// again.
YearStore& year_store(const std::string& backend) {
  static std::map<std::string, YearStore> stores;
  YearStore& y = stores[backend];
  if (y.db) return y;
  const std::string dir = cat({year_dir(), "/", backend});
  const std::string done = dir + "/complete";
  const bool made = fs::exists(done);
  if (!made) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  static std::unique_ptr<storage::testing::PgServer> kept;  // the kept cluster's server, to the end
  std::string url = cat({"sqlite:", dir, "/year.sqlite"});
  if (backend == "postgres") {
    auto s = storage::testing::PgServer::start({.durable = true, .directory = dir + "/pg"});
    if (!s) die(s.error().message);
    kept = std::move(*s);
    url = kept->url("year");
    if (!made) {
      auto u = kept->create_database("year");
      if (!u) die(u.error().message);
    }
  }
  y.db = open_migrated(url);
  if (made) {
    std::ifstream(done) >> y.figures.rows >> y.figures.contacts;
    return y;
  }
  make_year(*y.db, backend);
  if (backend == "postgres")
    for (const char* vacuum : {"VACUUM ANALYZE rollups", "VACUUM ANALYZE rollups_coarse"})  // one at a time: not in a transaction
      if (auto r = y.db->exec_script(vacuum); !r) die(r.error().message);
  y.figures = count_year(*y.db);
  std::ofstream(done) << y.figures.rows << " " << y.figures.contacts << "\nrows, contacts; made from " << kScenario
                      << "\n";
  return y;
}

// The names of the year's queues, agents, teams and sites (its engine's).
const app::Names& year_names() {
  static const std::shared_ptr<const app::Names> names = [] {
    sim::Simulator simulator(year_scenario(), year_options());
    if (auto r = simulator.setup(); !r) die(r.error().message);
    app::Catalog catalog;
    catalog.load(simulator.engine());
    return catalog.names();
  }();
  return *names;
}

enum class What { kRead, kJson, kCsv };

void BM_Report(benchmark::State& state, std::string backend, Grain grain, int64_t from, int64_t to,
               std::vector<uint32_t> ids, What what) {
  YearStore& year = year_store(backend);
  storage::SqlDriver& db = *year.db;
  const app::Names& names = year_names();
  size_t rows = 0, bytes = 0;
  // The first read, untimed: it warms the caches (after a reboot or a
  // restart of the database it reads the rows' pages from disk); its time
  // is the counter first_ms.
  const int64_t t0 = monotonic_ns();
  (void)app::read_report(db, {Dim::kQueue, grain, from, to, ids});
  state.counters["first_ms"] = static_cast<double>(monotonic_ns() - t0) / 1e6;
  for (auto _ : state) {
    auto rep = app::read_report(db, {Dim::kQueue, grain, from, to, ids});
    if (!rep) {
      state.SkipWithError(rep.error().message.c_str());
      return;
    }
    rows = rep->rows.size();
    if (what == What::kRead) continue;
    std::string text = what == What::kJson ? api::report_json(*rep, "queues", paris(), names)
                                           : api::report_csv(*rep, paris(), names);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["store_rows"] = static_cast<double>(year.figures.rows);
  state.counters["contacts"] = static_cast<double>(year.figures.contacts);
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
  const int64_t june = paris().from_local(2025, 6, 1), july = paris().from_local(2025, 7, 1);
  for (std::string b : {"sqlite", "postgres"}) {
    for (auto [what, name] : {std::pair{What::kRead, "read"}, std::pair{What::kJson, "json"}, std::pair{What::kCsv, "csv"}}) {
      benchmark::RegisterBenchmark(cat({"report/", b, "/day_all_queues_year/", name}).c_str(), BM_Report, b,
                                   Grain::kDay, kYear, kYearEnd, std::vector<uint32_t>{}, what)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
      // s01-q0 (id 0), the busiest queue.
      benchmark::RegisterBenchmark(cat({"report/", b, "/15min_one_queue_month/", name}).c_str(), BM_Report, b,
                                   Grain::k15Min, june, july, std::vector<uint32_t>{0}, what)
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
