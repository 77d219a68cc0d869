// `switchyard erlang`: agents needed for a service-level goal (Erlang C, or
// Erlang A when a mean patience is given), or the figures of a given number
// of agents. A thin adapter: the maths is in wfm/erlang.h, the output in
// wfm/erlang_report.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "wfm/erlang.h"
#include "wfm/erlang_report.h"

namespace switchyard::cli {
namespace {

struct ErlangOptions {
  wfm::Workload workload;
  wfm::StaffingGoal goal;
  int agents = 0;
  CLI::Option* agents_option = nullptr;  // set when --agents was given
  bool json = false;
};

// The command-line flag of a wfm field name ("interval_s" -> "--interval-s").
std::string flag_of(std::string field) {
  for (char& c : field) {
    if (c == '_') c = '-';
  }
  return "--" + field;
}

int fail(const Error& error) {
  std::fprintf(stderr, "switchyard erlang: %s%s%s\n",
               error.field.empty() ? "" : flag_of(error.field).c_str(),
               error.field.empty() ? "" : " ", error.message.c_str());
  return error.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

int run(const ErlangOptions& o) {
  wfm::ErlangReport report;
  report.workload = o.workload;
  report.goal = o.goal;
  if (o.agents_option->count() > 0) {
    // The goal is still checked: the report says whether N meets it.
    if (auto ok = wfm::validate(o.workload); !ok) return fail(ok.error());
    if (auto ok = wfm::validate(o.goal); !ok) return fail(ok.error());
    auto figures = wfm::evaluate(o.workload, o.agents);
    if (!figures) return fail(figures.error());
    report.agents_given = o.agents;
    report.figures = *figures;
  } else {
    auto staffing = wfm::required_agents(o.workload, o.goal);
    if (!staffing) return fail(staffing.error());
    report.figures = staffing->figures;
  }
  report.scheduled_agents = wfm::scheduled_agents(report.figures.agents, o.goal.shrinkage);
  const std::string out = o.json ? wfm::format_json(report) + "\n" : wfm::format_table(report);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace

void add_erlang_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<ErlangOptions>();
  CLI::App* cmd = app.add_subcommand(
      "erlang",
      "Agents needed for a service-level goal (Erlang C; Erlang A with --patience-s), "
      "or the figures of --agents N");
  cmd->add_option("--calls", o->workload.calls, "Contacts offered in the interval")->required();
  cmd->add_option("--interval-s", o->workload.interval_s, "Interval length (s)")
      ->capture_default_str();
  cmd->add_option("--aht-s", o->workload.aht_s, "Average handle time (s)")->required();
  cmd->add_option("--target-sl", o->goal.target_sl, "Service-level goal, a fraction in (0, 1]")
      ->capture_default_str();
  cmd->add_option("--target-s", o->workload.target_s, "Service-level threshold T (s)")
      ->capture_default_str();
  cmd->add_option("--patience-s", o->workload.patience_s,
                  "Mean patience before abandoning (s); switches to Erlang A. 0 = Erlang C")
      ->capture_default_str();
  cmd->add_option("--shrinkage", o->goal.shrinkage, "Share of paid time off the phones, in [0, 1)")
      ->capture_default_str();
  cmd->add_option("--max-occupancy", o->goal.max_occupancy, "Occupancy cap, in (0, 1]")
      ->capture_default_str();
  o->agents_option =
      cmd->add_option("--agents", o->agents, "Evaluate this many agents instead of searching");
  cmd->add_flag("--json", o->json, "Print one JSON object instead of a table");
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace switchyard::cli
