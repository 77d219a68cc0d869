#include "eventlog/retention.h"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "eventlog/event_log.h"
#include "eventlog/snapshots.h"
#include "storage/sql_util.h"

namespace switchyard::eventlog {

namespace {
inline constexpr storage::Statement kDeleteUpTo{"DELETE FROM events WHERE seq >= $1 AND seq <= $2"};

// Appends `lines` to `path` and makes them durable.
Result<void> write_durably(const std::string& path, const std::string& lines) {
  std::FILE* f = std::fopen(path.c_str(), "ab");
  if (!f) return make_error(ErrorCode::kInternal, "cannot open archive " + path, "archive_dir");
  bool ok = std::fwrite(lines.data(), 1, lines.size(), f) == lines.size() && std::fflush(f) == 0 &&
            ::fsync(fileno(f)) == 0;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return make_error(ErrorCode::kInternal, "cannot write archive " + path, "archive_dir");
  return {};
}
}  // namespace

Result<RetentionResult> apply_retention(storage::SqlDriver& db, const RetentionPolicy& policy, int64_t now_ms,
                                        uint64_t floor_seq) {
  RetentionResult out;
  EventLog log(db);
  auto first = log.first_seq();
  if (!first) return std::unexpected(first.error());
  out.first_seq = *first;
  if (policy.keep_ms <= 0 || *first == 0) return out;
  // The last event old enough (rule 1).
  auto young = log.first_seq_at(now_ms - policy.keep_ms);
  if (!young) return std::unexpected(young.error());
  auto last = log.last_seq();
  if (!last) return std::unexpected(last.error());
  uint64_t cutoff = *young ? **young - 1 : *last;
  // Covered by the newest snapshot (rule 2) and applied everywhere (rule 3).
  auto snap = SnapshotStore(db).latest();
  if (!snap) return std::unexpected(snap.error());
  cutoff = std::min({cutoff, *snap ? (*snap)->seq : 0, floor_seq});
  if (cutoff < *first) return out;

  if (!policy.archive_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(policy.archive_dir, ec);
    out.archive_file = policy.archive_dir + "/events-" + std::to_string(*first) + "-" + std::to_string(cutoff) + ".jsonl";
  }
  for (uint64_t from = *first; from <= cutoff;) {
    uint64_t to = std::min(cutoff, from + std::max<uint64_t>(policy.batch_events, 1) - 1);
    if (!out.archive_file.empty()) {
      std::string lines;
      auto r = log.load(from - 1, [&](core::Event&& e) {
        lines += policy.encode(e);
        lines += '\n';
        return true;
      }, to);
      if (!r) return std::unexpected(r.error());
      if (auto w = write_durably(out.archive_file, lines); !w) return std::unexpected(w.error());
    }
    const storage::SqlValue range[] = {static_cast<int64_t>(from), static_cast<int64_t>(to)};
    auto d = db.execute(kDeleteUpTo, range);
    if (!d) return std::unexpected(d.error());
    out.deleted += *d;
    from = to + 1;
    if (from <= cutoff && policy.between_batches) policy.between_batches();
  }
  auto now_first = log.first_seq();
  if (!now_first) return std::unexpected(now_first.error());
  out.first_seq = *now_first;
  return out;
}

}  // namespace switchyard::eventlog
