#include "app/simulated_history.h"

#include <optional>
#include <string>
#include <vector>

#include "eventlog/event_log.h"
#include "eventlog/snapshot_codec.h"
#include "eventlog/snapshots.h"
#include "storage/sql_util.h"

namespace switchyard::app {
namespace {

// Buffers engine events and appends them to the log, one transaction per
// full buffer. On the simulator's thread; never calls the engine.
class LogWriter final : public core::EventSink {
 public:
  LogWriter(storage::SqlDriver& db, size_t events_per_tx) : db_(db), log_(db), per_tx_(std::max<size_t>(events_per_tx, 1)) {
    buffer_.reserve(per_tx_);
  }

  void on_event(const core::Event& e) override {
    if (error_) return;
    buffer_.push_back(e);
    if (buffer_.size() >= per_tx_) flush();
  }

  // Writes what is buffered; the first error, if any write failed.
  Result<void> finish() {
    flush();
    if (error_) return std::unexpected(*error_);
    return {};
  }
  uint64_t written() const { return written_; }
  uint64_t transactions() const { return transactions_; }

 private:
  void flush() {
    if (error_ || buffer_.empty()) return;
    storage::Transaction tx;
    auto r = log_.stage_append(tx, buffer_);
    if (r) r = tx.run(db_);
    log_.committed(r.has_value());
    if (!r) {
      error_ = r.error();
      error_->message = "writing events " + std::to_string(buffer_.front().seq) + ".." +
                        std::to_string(buffer_.back().seq) + ": " + error_->message;
    } else {
      written_ += buffer_.size();
      ++transactions_;
    }
    buffer_.clear();
  }

  storage::SqlDriver& db_;
  eventlog::EventLog log_;
  size_t per_tx_;
  std::vector<core::Event> buffer_;
  std::optional<Error> error_;
  uint64_t written_ = 0;
  uint64_t transactions_ = 0;
};

}  // namespace

Result<bool> has_history(storage::SqlDriver& db) {
  auto last = eventlog::EventLog(db).last_seq();
  if (!last) return std::unexpected(last.error());
  if (*last > 0) return true;
  auto snapshot = eventlog::SnapshotStore(db).oldest_seq();
  if (!snapshot) return std::unexpected(snapshot.error());
  return snapshot->has_value();
}

Result<RecordedRun> record_simulation(sim::Simulator& simulator, storage::SqlDriver& db, HistoryOptions options) {
  auto has = has_history(db);
  if (!has) return std::unexpected(has.error());
  if (*has)
    return make_error(ErrorCode::kIllegalState,
                      "the store already holds events: a simulation is written only into an empty store "
                      "(a fresh engine's ids and seqs cannot join an existing log)",
                      "store");
  LogWriter writer(db, options.events_per_tx);
  simulator.set_event_tap(&writer);
  auto ready = simulator.setup();
  if (ready) simulator.run();
  simulator.set_event_tap(nullptr);
  if (!ready) return std::unexpected(ready.error());
  if (auto r = writer.finish(); !r) return std::unexpected(r.error());
  if (options.snapshot && writer.written() > 0) {
    const core::EngineSnapshot snap = simulator.engine().snapshot();
    if (auto r = eventlog::SnapshotStore(db).save(snap.seq, eventlog::snapshot_to_json(snap)); !r)
      return std::unexpected(r.error());
  }
  return RecordedRun{writer.written(), writer.transactions()};
}

}  // namespace switchyard::app
