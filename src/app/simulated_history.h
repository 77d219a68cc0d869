#pragma once
// Simulated history: runs the discrete-event simulator (sim/simulator.h)
// and appends every event its engine emits to a store's event log, exactly
// as a server running that engine would have written them: seqs 1..N, the
// engine's own times (from SimOptions::start_ms on), configuration events
// included. A server started on the store afterwards replays them into the
// same engine state and carries on from there. Used by `switchyard simulate
// --store` and by the demo center's history (`serve --demo`). An engine
// snapshot at the last event is saved too, as a server saves one at
// shutdown, so that the server's start does not replay the whole history.
//
// The log must be empty: a fresh engine's ids and seqs cannot be merged into
// an existing one. Events go in transactions of `events_per_tx`; a failed
// write does not stop the simulation (it cannot be stopped), but every later
// event is dropped and the error is returned at the end.
//
// Cost: the simulator's (a few µs per contact) plus one insert per event
// (SQLite: ~2 µs); memory: one transaction's events.
// Threading: one thread; nothing else may write the store meanwhile.
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "sim/simulator.h"
#include "storage/sql_driver.h"

namespace switchyard::app {

struct HistoryOptions {
  size_t events_per_tx = 20'000;
  bool snapshot = true;  // save an engine snapshot at the last event
};

struct RecordedRun {
  uint64_t events_written = 0;  // = the simulator's stats().engine_events
  uint64_t transactions = 0;
};

// True when the store holds events or an engine snapshot.
Result<bool> has_history(storage::SqlDriver& db);

// Sets up and runs `simulator` (constructed, not yet set up; its event tap
// is this function's while it runs) and writes its engine's events to the
// empty log of `db` (migrated). Errors: kIllegalState (field "store") when
// the store has history, a scenario the engine refuses (Simulator::setup),
// or the first failed write.
Result<RecordedRun> record_simulation(sim::Simulator& simulator, storage::SqlDriver& db, HistoryOptions options = {});

}  // namespace switchyard::app
