#pragma once
// Engine snapshots (module "eventlog"): the routing state at a sequence
// number, so recovery replays only the events after it. Opaque bytes here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/sql_driver.h"

namespace switchyard::eventlog {

struct Snapshot {
  uint64_t seq = 0;  // the last event the snapshot includes
  std::string blob;  // opaque bytes (the engine snapshot)
};

class SnapshotStore {
 public:
  static constexpr int kKept = 3;  // newest snapshots kept
  explicit SnapshotStore(storage::SqlDriver& db) : db_(db) {}
  // Stores `blob` as the snapshot at `seq` (replacing one at the same seq)
  // and keeps only the kKept newest.
  Result<void> save(uint64_t seq, std::string_view blob);
  Result<std::optional<Snapshot>> latest();
  // The seq of the oldest snapshot kept (nullopt: none).
  Result<std::optional<uint64_t>> oldest_seq();

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::eventlog
