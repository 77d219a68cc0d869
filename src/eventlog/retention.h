#pragma once
// Event-log retention: what is kept, for how long, and what happens to the
// rest (docs/operations.md, "Event-log retention").
//
// An event may leave the log only when all of these hold:
//   1. it is older than the retention period (`keep_ms`);
//   2. the newest snapshot includes it (recovery starts from that snapshot
//      and replays only later events);
//   3. every projection has applied it (`floor_seq`: the lowest checkpoint
//      of the projection host; a projection never needs an event it has
//      already applied, and reads models built from the log — history,
//      rollups — keep their own rows).
// Archiving: with an archive directory, the events are first written there as
// JSON lines (the public event format, docs/api.md), one file per run,
// flushed to disk, and only then deleted. Without one they are deleted.
// Deleting frees pages the database reuses, so the file stops growing once
// the log holds about one retention period of events.
//
// Threading: one connection, one thread (the server runs it on the bulk lane).
#include <cstdint>
#include <functional>
#include <string>

#include "core/event.h"
#include "core/result.h"
#include "storage/sql_driver.h"

namespace switchyard::eventlog {

struct RetentionPolicy {
  int64_t keep_ms = 0;      // 0: keep every event
  std::string archive_dir;  // empty: delete without an archive
  // Encodes one archived event as a line (the API's JSON); required with an
  // archive directory.
  std::function<std::string(const core::Event&)> encode;
  uint64_t batch_events = 10'000;  // rows deleted per transaction at most
  // Called between two transactions (the server pauses there, so a group
  // commit waiting for SQLite's write lock gets it); may be empty.
  std::function<void()> between_batches;
};

struct RetentionResult {
  uint64_t deleted = 0;       // events removed
  uint64_t first_seq = 0;     // the log's first seq afterwards (0: empty)
  std::string archive_file;   // where they went, if archived
};

// Removes what the policy allows at `now_ms`; `floor_seq`: events above it
// are still needed by a projection.
Result<RetentionResult> apply_retention(storage::SqlDriver& db, const RetentionPolicy& policy, int64_t now_ms,
                                        uint64_t floor_seq);

}  // namespace switchyard::eventlog
