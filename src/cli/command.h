#pragma once
// Subcommands of the `switchyard` binary. Each add_* registers its options on
// `app`; when the user picks it, `action` is set to the function main() runs,
// which returns the process exit code (0 ok, 1 runtime error, 2 bad input).
#include <functional>

namespace CLI {
class App;
}

namespace switchyard::cli {

using Action = std::function<int()>;

void add_erlang_command(CLI::App& app, Action& action);
void add_simulate_command(CLI::App& app, Action& action);
// `wfm import`: history from a CSV file into a store.
void add_wfm_command(CLI::App& app, Action& action);
// `serve` and `config check`.
void add_serve_command(CLI::App& app, Action& action);

}  // namespace switchyard::cli
