// `switchyard simulate SCENARIO`: runs the discrete-event simulator on a
// scenario file and prints the KPIs (table, or JSON with --json); with
// --store it also writes the run into a store as real history. A thin
// adapter: the simulation is in sim/simulator.h, the output in sim/report.h,
// the history in app/simulated_history.h. The only wall-clock reads of the
// simulator live here (run.wall_s, and "now" for a history ending now).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>

#include "app/simulated_history.h"
#include "app/store_setup.h"
#include "cli/command.h"
#include "core/clock.h"
#include "metrics/calendar.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace switchyard::cli {
namespace {

struct SimulateOptions {
  std::string scenario;
  bool json = false;
  bool intervals = false;
  uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;
  bool quiet = false;
  std::string store;
  std::string start;
};

int fail(const Error& e, const std::string& what = "") {
  std::fprintf(stderr, "switchyard simulate: %s%s\n", what.empty() ? "" : (what + ": ").c_str(), e.message.c_str());
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ? 2 : 1;
}

int run(const SimulateOptions& o) {
  auto scenario = sim::load_scenario(o.scenario);
  if (!scenario) return fail(scenario.error());
  sim::SimOptions opts;
  if (o.seed_option->count() > 0) opts.seed = o.seed;
  // History must be over before a server runs on it: a server's clock
  // earlier than the log's last event would write time going back.
  const int64_t now_ms = SystemClock().now_ms();
  if (!o.start.empty()) {
    auto start = metrics::Calendar::utc().parse(o.start, "--start");
    if (!start) return fail(start.error(), "--start");
    if (*start < 0) return fail(Error{ErrorCode::kInvalidArgument, "before 1970", "--start"}, "--start");
    opts.start_ms = *start;
    if (!o.store.empty() && opts.start_ms + scenario->simulation.duration_ms > now_ms) {
      std::fprintf(stderr, "switchyard simulate: --start: with --store the run must end by now (it would end at %s)\n",
                   metrics::Calendar::utc().format(opts.start_ms + scenario->simulation.duration_ms).c_str());
      return 2;
    }
  } else if (!o.store.empty()) {
    opts.start_ms = now_ms - scenario->simulation.duration_ms;  // the history ends now
  }
  std::unique_ptr<storage::SqlDriver> db;
  if (!o.store.empty()) {
    auto opened = app::open_migrated_store(o.store);
    if (!opened) {
      fail(opened.error(), "--store " + o.store);
      return 2;  // a store we cannot open is bad input, whatever the reason
    }
    db = std::move(*opened);
  }
  // Progress only for a person watching: stdout is a terminal.
  const bool progress = !o.quiet && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
  if (progress) {
    opts.progress = [](int64_t now_ms, int64_t end_ms) {
      std::fprintf(stderr, "\rsimulating: %3d%% (%.0f of %.0f s)", static_cast<int>(100 * now_ms / end_ms),
                   now_ms / 1000.0, end_ms / 1000.0);
      if (now_ms >= end_ms) std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
    };
  }
  const int64_t t0_ns = monotonic_ns();  // wall time of the run, for the report
  const int64_t start_ms = opts.start_ms;
  sim::Simulator simulator(std::move(*scenario), std::move(opts));
  app::RecordedRun recorded;
  if (db) {
    auto r = app::record_simulation(simulator, *db);
    if (!r) {
      const int rc = fail(r.error(), "--store " + o.store);
      return r.error().code == ErrorCode::kIllegalState ? 2 : rc;  // a store with history: bad input
    }
    recorded = *r;
  } else {
    if (auto r = simulator.setup(); !r) return fail(r.error());
    simulator.run();
  }
  const double wall_s = static_cast<double>(monotonic_ns() - t0_ns) / 1e9;
  sim::ReportOptions ro;
  ro.wall_s = wall_s;
  ro.intervals = o.intervals;
  const std::string out = o.json ? sim::report_json(simulator, ro) : sim::report_table(simulator, ro);
  std::fputs(out.c_str(), stdout);
  if (db) {
    std::fprintf(stderr, "wrote %" PRIu64 " events (seq 1..%" PRIu64 ", %s to %s) to %s in %.2f s\n",
                 recorded.events_written, recorded.events_written, metrics::Calendar::utc().format(start_ms).c_str(),
                 metrics::Calendar::utc().format(start_ms + simulator.stats().end_ms).c_str(), o.store.c_str(), wall_s);
  }
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Run the discrete-event simulator on a scenario file (docs/simulator.md)");
  cmd->add_option("scenario", o->scenario, "Scenario file (TOML)")->required();
  cmd->add_flag("--json", o->json, "Print JSON with stable keys instead of a table");
  cmd->add_flag("--intervals", o->intervals, "With --json: add per-interval overall figures");
  o->seed_option = cmd->add_option("--seed", o->seed, "Random seed (overrides [simulation] seed)");
  cmd->add_flag("--quiet", o->quiet, "No progress line on a terminal");
  cmd->add_option("--store", o->store,
                  "Also write the run's events into this empty store (sqlite:PATH or postgresql://...), "
                  "as a server would have");
  cmd->add_option("--start", o->start,
                  "Start of the simulated clock: RFC 3339 (2026-10-01T00:00:00Z) or YYYY-MM-DD (UTC midnight); "
                  "with --store the default ends the run now");
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace switchyard::cli
