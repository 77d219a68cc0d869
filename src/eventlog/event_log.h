#pragma once
// The engine's event log (module "eventlog"): every event the engine emits,
// in seq order, without gaps. The single source of truth: recovery replays
// it, projections (history, KPIs, ...) are built from it.
//
// The stored form of an event is the log's own (event_codec.h), not the
// public API's JSON: the API can change without touching the log.
//
// Threading: one connection, one thread at a time. The server has exactly
// one writer (the commit thread); readers may use other connections.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "core/event.h"
#include "core/result.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::eventlog {

// Receives events in seq order; returns false to stop early.
using EventVisitor = std::function<bool(core::Event&&)>;

class EventLog {
 public:
  explicit EventLog(storage::SqlDriver& db) : db_(db) {}

  // Checks that `events` are consecutive and continue the log (the first is
  // last_seq() + 1) and adds their inserts to `tx`. A seq already stored is
  // kAlreadyExists, a gap kIllegalState, a batch that is not consecutive
  // kInvalidArgument. The next expected seq is cached: call committed() with
  // the transaction's outcome.
  Result<void> stage_append(storage::Transaction& tx, std::span<const core::Event> events);
  // After the transaction that holds staged events ran: `ok` keeps the
  // cached next seq, a failure makes the next stage_append re-read it.
  void committed(bool ok);

  // Calls visit for every event with after_seq < seq <= until_seq, in seq
  // order, until it returns false. Memory stays bounded (events are read in
  // pages). `visit` must not use this connection. An event the codec cannot
  // read is kInternal naming its seq.
  Result<void> load(uint64_t after_seq, const EventVisitor& visit, uint64_t until_seq = UINT64_MAX);
  // The highest stored seq; 0 for an empty log.
  Result<uint64_t> last_seq();
  // The lowest stored seq (0 for an empty log): above 1 once retention has
  // archived the head of the log.
  Result<uint64_t> first_seq();
  // The first seq at or after `time_ms` (nullopt: none).
  Result<std::optional<uint64_t>> first_seq_at(int64_t time_ms);

 private:
  storage::SqlDriver& db_;
  std::optional<uint64_t> next_seq_;     // cached expected first seq of the next append
  std::optional<uint64_t> pending_next_; // what it becomes when the staged append commits
};

}  // namespace switchyard::eventlog
