// The `switchyard` command: one binary, subcommands per capability.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{"Switchyard: an open-source contact-center platform"};
  app.require_subcommand(1);
  switchyard::cli::Action action;
  switchyard::cli::add_erlang_command(app, action);
  switchyard::cli::add_simulate_command(app, action);
  switchyard::cli::add_serve_command(app, action);
  switchyard::cli::add_wfm_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return action ? action() : 2;
}
