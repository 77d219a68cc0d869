// `switchyard simulate SCENARIO`: runs the discrete-event simulator on a
// scenario file and prints the KPIs (table, or JSON with --json). A thin
// adapter: the simulation is in sim/simulator.h, the output in sim/report.h.
// The only wall-clock read of the simulator lives here (run.wall_s).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "core/clock.h"
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
};

int fail(const Error& e) {
  std::fprintf(stderr, "switchyard simulate: %s\n", e.message.c_str());
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ? 2 : 1;
}

int run(const SimulateOptions& o) {
  auto scenario = sim::load_scenario(o.scenario);
  if (!scenario) return fail(scenario.error());
  sim::SimOptions opts;
  if (o.seed_option->count() > 0) opts.seed = o.seed;
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
  sim::Simulator simulator(std::move(*scenario), std::move(opts));
  if (auto r = simulator.setup(); !r) return fail(r.error());
  simulator.run();
  const double wall_s = static_cast<double>(monotonic_ns() - t0_ns) / 1e9;
  sim::ReportOptions ro;
  ro.wall_s = wall_s;
  ro.intervals = o.intervals;
  const std::string out = o.json ? sim::report_json(simulator, ro) : sim::report_table(simulator, ro);
  std::fputs(out.c_str(), stdout);
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
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace switchyard::cli
