#include "eventlog/snapshots.h"

#include "storage/sql_util.h"

namespace switchyard::eventlog {

namespace {
using storage::Statement;
inline constexpr Statement kUpsert{
    "INSERT INTO snapshots (seq, blob) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE SET blob = excluded.blob"};
inline constexpr Statement kPrune{
    "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $1)"};
inline constexpr Statement kLatest{"SELECT seq, blob FROM snapshots ORDER BY seq DESC LIMIT 1"};
inline constexpr Statement kOldest{"SELECT seq FROM snapshots ORDER BY seq LIMIT 1"};
}  // namespace

Result<void> SnapshotStore::save(uint64_t seq, std::string_view blob) {
  storage::Transaction tx;
  tx.add(kUpsert, {static_cast<int64_t>(seq), storage::Blob{blob}});
  tx.add(kPrune, {int64_t{kKept}});
  return tx.run(db_);
}

Result<std::optional<Snapshot>> SnapshotStore::latest() {
  return storage::query_one<Snapshot>(db_, kLatest, {}, [](const storage::RowReader& r) {
    return Snapshot{static_cast<uint64_t>(r.int64(0)), r.blob(1)};
  });
}

Result<std::optional<uint64_t>> SnapshotStore::oldest_seq() {
  return storage::query_one<uint64_t>(db_, kOldest, {}, [](const storage::RowReader& r) {
    return static_cast<uint64_t>(r.int64(0));
  });
}

}  // namespace switchyard::eventlog
