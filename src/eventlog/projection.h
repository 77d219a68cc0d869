#pragma once
// A projection: a consumer of committed events that builds a read model
// (contact history, KPIs, rollups, QA sampling, adherence, search indexes).
// The server's ProjectionHost (server/projection_host.h) feeds every
// registered projection the events the commit thread made durable, in seq
// order, on one projection thread; after a restart it catches each one up
// from the log, starting after the checkpoint the projection reports.
//
// Contract for a durable projection (output in the database):
// - it stores its checkpoint (the last seq applied) in the same transaction
//   as the output of those events, so output and checkpoint never disagree;
// - it stores a version of its rules with the checkpoint; when the code's
//   version differs, start() clears the output and returns 0, and the host
//   rebuilds it from the log;
// - applying an event twice must not change the output twice (the host may
//   replay from an older checkpoint after a crash of a non-durable read).
// In-memory projections (KPIs of today) return from start() the seq they
// want to begin after (e.g. the last event before midnight).
//
// Threading: start() and apply() run on the projection thread only; what a
// projection publishes to other threads it guards itself.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/event.h"
#include "core/result.h"
#include "eventlog/event_log.h"
#include "storage/sql_driver.h"

namespace switchyard::eventlog {

class Projection {
 public:
  virtual ~Projection() = default;
  // Unique, stable: used in logs and metrics.
  virtual std::string_view name() const = 0;
  // Prepares the output and returns the last seq already applied. `db` is
  // the projection thread's connection (migrations have run), `log` reads
  // the event log over it.
  virtual Result<uint64_t> start(storage::SqlDriver& db, EventLog& log) = 0;
  // Applies `events`: consecutive, the first one checkpoint + 1.
  virtual Result<void> apply(storage::SqlDriver& db, std::span<const core::Event> events) = 0;
  // Called on the projection thread at least every few hundred ms (the
  // host's tick), also when no events come: for projections whose output
  // moves with time alone (rolling windows, time in the current state).
  virtual void tick() {}
};

}  // namespace switchyard::eventlog
