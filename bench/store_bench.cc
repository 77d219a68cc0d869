// Event-log benchmark: group-commit throughput and recovery (load) speed on
// SQLite and PostgreSQL.
//
//   commit/<backend>/batch:N   one transaction of N events per iteration (a
//                              realistic event mix, in the binary log format);
//                              commits/s, events/s, and commit latency p50 /
//                              p99 in microseconds. The contact history is a
//                              projection now, off this path.
//   load/<backend>             EventLog::load over the whole log
//                              (SWITCHYARD_BENCH_LOAD_EVENTS, default 1,000,000).
//
// Backends: sqlite (WAL, synchronous=FULL: the default), sqlite-normal (WAL,
// synchronous=NORMAL), postgres (a throwaway local server with its durable
// defaults: fsync on, synchronous_commit on). Database files go to
// $SWITCHYARD_BENCH_DIR (default: the system temp directory); put it on the
// disk you want to measure.
//
//   build-release/bench/store_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "eventlog/event_log.h"
#include "eventlog/schema.h"
#include "storage/database.h"
#include "storage/migrate.h"
#include "storage/pg_harness.h"

namespace switchyard::bench {
namespace {

using core::Event;

// A migrated connection and the event log over it.
struct Log {
  std::unique_ptr<storage::SqlDriver> db;
  std::unique_ptr<eventlog::EventLog> log;
  Result<void> commit(const std::vector<Event>& events) {
    storage::Transaction tx;
    if (auto r = log->stage_append(tx, events); !r) return r;
    auto r = tx.run(*db);
    log->committed(r.has_value());
    return r;
  }
};

// The engine's stream for one handled contact: 10 events, one with a payload.
class EventStream {
 public:
  explicit EventStream(uint64_t first_seq = 1) : seq_(first_seq) {}

  std::vector<Event> next(size_t n) {
    std::vector<Event> out;
    out.reserve(n);
    while (out.size() < n) out.push_back(one());
    return out;
  }

 private:
  Event one() {
    namespace ev = core::ev;
    using core::AgentState;
    const uint32_t agent = static_cast<uint32_t>(contact_ % 500);
    const uint32_t queue = static_cast<uint32_t>(contact_ % 20);
    const core::ContactId c = contact_;
    Event e;
    e.seq = seq_++;
    e.time_ms = 1'700'000'000'000 + static_cast<int64_t>(e.seq) * 100;
    switch (step_) {
      case 0: {
        core::ContactSpec spec;
        spec.queue = queue;
        spec.customer_id = "customer-" + std::to_string(contact_ % 100'000);
        spec.customer_group = contact_ % 10 == 0 ? "vip" : "standard";
        spec.attributes = {{"lang", "en"}, {"order", "A-" + std::to_string(contact_)}};
        e.body = ev::ContactCreated{c, std::move(spec), 42'000, 38'000};
        break;
      }
      case 1: e.body = ev::ContactOffered{c, agent, queue}; break;
      case 2: e.body = ev::AgentStateChanged{agent, AgentState::kReserved, AgentState::kAvailable, ""}; break;
      case 3: e.body = ev::ContactAccepted{c, agent, queue, 12'000}; break;
      case 4: e.body = ev::AgentStateChanged{agent, AgentState::kBusy, AgentState::kReserved, ""}; break;
      case 5: e.body = ev::ContactEnded{c, agent, queue, 240'000, 5'000}; break;
      case 6: e.body = ev::AgentStateChanged{agent, AgentState::kWrapUp, AgentState::kBusy, ""}; break;
      case 7: e.body = ev::WrapUpEnded{c, agent, queue, 30'000, "resolved"}; break;
      case 8: e.body = ev::ContactCompleted{c, agent, queue}; break;
      default: e.body = ev::AgentStateChanged{agent, AgentState::kAvailable, AgentState::kWrapUp, ""}; break;
    }
    if (++step_ == 10) {
      step_ = 0;
      ++contact_;
    }
    return e;
  }

  uint64_t seq_;
  uint64_t contact_ = (uint64_t{1} << 32) + 1;
  int step_ = 0;
};

std::string bench_dir() {
  const char* env = std::getenv("SWITCHYARD_BENCH_DIR");
  std::string base = env ? env : std::filesystem::temp_directory_path().string();
  std::string dir = base + "/switchyard-store-bench-XXXXXX";
  if (!mkdtemp(dir.data())) std::abort();
  return dir;
}

storage::testing::PgServer* pg_server() {
  static std::unique_ptr<storage::testing::PgServer> server = [] {
    auto s = storage::testing::PgServer::start({.durable = true});
    if (!s) {
      std::fprintf(stderr, "store_bench: %s\n", s.error().message.c_str());
      std::exit(1);
    }
    return std::move(*s);
  }();
  return server.get();
}

// A URL for a fresh, empty database of `backend`.
std::string fresh_url(const std::string& backend, const std::string& dir) {
  static int counter = 0;
  ++counter;
  if (backend == "postgres") {
    auto url = pg_server()->create_database("bench_" + std::to_string(counter));
    if (!url) {
      std::fprintf(stderr, "store_bench: %s\n", url.error().message.c_str());
      std::exit(1);
    }
    return *url;
  }
  std::string url = "sqlite:" + dir + "/db" + std::to_string(counter) + ".sqlite";
  if (backend == "sqlite-normal") url += "?synchronous=normal";
  return url;
}

Log open_or_die(const std::string& url) {
  auto d = storage::open_database(url);
  if (!d || !storage::migrate(**d, eventlog::schema())) {
    std::fprintf(stderr, "store_bench: open %s failed\n", url.c_str());
    std::exit(1);
  }
  Log l{std::move(*d), nullptr};
  l.log = std::make_unique<eventlog::EventLog>(*l.db);
  return l;
}

void BM_Commit(benchmark::State& state, std::string backend) {
  const size_t batch_size = static_cast<size_t>(state.range(0));
  std::string dir = bench_dir();
  Log store = open_or_die(fresh_url(backend, dir));
  EventStream stream;
  std::vector<int64_t> latency_ns;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Event> batch = stream.next(batch_size);
    state.ResumeTiming();
    int64_t t0 = monotonic_ns();
    auto r = store.commit(batch);
    latency_ns.push_back(monotonic_ns() - t0);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
  }
  std::sort(latency_ns.begin(), latency_ns.end());
  auto pct = [&](double p) {
    return latency_ns.empty() ? 0.0
                              : latency_ns[static_cast<size_t>(p * (latency_ns.size() - 1))] / 1e3;
  };
  state.counters["commits/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch_size), benchmark::Counter::kIsRate);
  state.counters["p50_us"] = pct(0.5);
  state.counters["p99_us"] = pct(0.99);
  store = Log{};
  std::filesystem::remove_all(dir);
}

void BM_Load(benchmark::State& state, std::string backend) {
  const char* env = std::getenv("SWITCHYARD_BENCH_LOAD_EVENTS");
  const uint64_t total = env ? std::strtoull(env, nullptr, 10) : 1'000'000;
  std::string dir = bench_dir();
  Log store = open_or_die(fresh_url(backend, dir));
  EventStream stream;
  for (uint64_t done = 0; done < total;) {  // populate: not timed
    std::vector<Event> batch = stream.next(std::min<uint64_t>(10'000, total - done));
    done += batch.size();
    if (auto r = store.commit(batch); !r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
  }
  for (auto _ : state) {
    uint64_t n = 0;
    auto r = store.log->load(0, [&](Event&& e) {
      benchmark::DoNotOptimize(e);
      ++n;
      return true;
    });
    if (!r || n != total) {
      state.SkipWithError(r ? "wrong event count" : r.error().message.c_str());
      break;
    }
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * total),
                                                  benchmark::Counter::kIsRate);
  store = Log{};
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace switchyard::bench

int main(int argc, char** argv) {
  using namespace switchyard::bench;
  for (const char* backend : {"sqlite", "sqlite-normal", "postgres"}) {
    benchmark::RegisterBenchmark((std::string("commit/") + backend).c_str(), BM_Commit,
                                 std::string(backend))
        ->ArgName("batch")
        ->Arg(1)
        ->Arg(10)
        ->Arg(100)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  for (const char* backend : {"sqlite", "postgres"}) {
    benchmark::RegisterBenchmark((std::string("load/") + backend).c_str(), BM_Load,
                                 std::string(backend))
        ->Iterations(3)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
