#pragma once
// Test-only: running a scenario given as TOML text to its end.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sim/scenario.h"
#include "sim/simulator.h"

namespace switchyard::sim::testing {

// Parses `text`, sets a Simulator up with `opts` and runs it; `tap` (if
// any) sees every engine event. A bad scenario fails the test.
inline std::unique_ptr<Simulator> run_scenario(const std::string& text, SimOptions opts = {},
                                               core::EventSink* tap = nullptr) {
  auto sc = parse_scenario(text, "test.toml");
  EXPECT_TRUE(sc.has_value()) << (sc ? "" : sc.error().message);
  if (!sc) return nullptr;
  auto sim = std::make_unique<Simulator>(std::move(*sc), std::move(opts));
  sim->set_event_tap(tap);
  auto ok = sim->setup();
  EXPECT_TRUE(ok.has_value()) << (ok ? "" : ok.error().message);
  sim->run();
  return sim;
}

}  // namespace switchyard::sim::testing
