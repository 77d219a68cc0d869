#include "eventlog/event_log.h"

#include <string>

#include "eventlog/event_codec.h"

namespace switchyard::eventlog {

namespace {

using storage::SqlValue;
using storage::Statement;

// Rows per page of load: bounds memory (PostgreSQL materializes a page)
// while keeping the per-page query cost negligible.
constexpr int64_t kLoadPage = 10'000;

inline constexpr Statement kLastSeq{"SELECT COALESCE(MAX(seq), 0) FROM events"};
inline constexpr Statement kFirstSeq{"SELECT COALESCE(MIN(seq), 0) FROM events"};
inline constexpr Statement kTimeAt{"SELECT time_ms FROM events WHERE seq = $1"};

}  // namespace

Result<void> EventLog::stage_append(storage::Transaction& tx, std::span<const core::Event> events) {
  pending_next_.reset();
  if (events.empty()) return {};
  for (size_t i = 1; i < events.size(); ++i)
    if (events[i].seq != events[0].seq + i)
      return make_error(ErrorCode::kInvalidArgument,
                        "event seqs in a batch must be consecutive (seq " + std::to_string(events[i].seq) +
                            " follows " + std::to_string(events[i - 1].seq) + ")",
                        "events");
  if (events.front().seq == 0) return make_error(ErrorCode::kInvalidArgument, "event seqs start at 1", "seq");
  if (!next_seq_) {
    auto last = last_seq();
    if (!last) return std::unexpected(std::move(last.error()));
    next_seq_ = *last + 1;
  }
  const uint64_t first = events.front().seq;
  if (first < *next_seq_)
    return make_error(ErrorCode::kAlreadyExists,
                      "event seq " + std::to_string(first) + " is already stored (next is " +
                          std::to_string(*next_seq_) + ")",
                      "seq");
  if (first > *next_seq_)
    return make_error(ErrorCode::kIllegalState,
                      "event seq " + std::to_string(first) + " would leave a gap (next is " +
                          std::to_string(*next_seq_) + ")",
                      "seq");
  for (const core::Event& e : events) stage_insert(tx, e);
  pending_next_ = events.back().seq + 1;
  return {};
}

void EventLog::committed(bool ok) {
  if (!ok) next_seq_.reset();  // re-read from the database next time
  else if (pending_next_) next_seq_ = pending_next_;
  pending_next_.reset();
}

Result<void> EventLog::load(uint64_t after_seq, const EventVisitor& visit, uint64_t until_seq) {
  uint64_t cursor = after_seq;
  std::optional<Error> bad;
  bool stopped = false;
  RowDecoder decoder;
  while (cursor < until_seq) {
    int64_t rows = 0;
    const SqlValue params[] = {static_cast<int64_t>(cursor),
                               static_cast<int64_t>(std::min<uint64_t>(until_seq, INT64_MAX)), kLoadPage};
    auto r = db_.query(load_statement(), params, [&](const storage::RowReader& row) {
      ++rows;
      auto e = decoder.decode(row);
      if (!e) {
        bad = std::move(e.error());
        return false;
      }
      cursor = e->seq;
      if (!visit(std::move(*e))) {
        stopped = true;
        return false;
      }
      return true;
    });
    if (!r) return r;
    if (bad) return std::unexpected(std::move(*bad));
    if (stopped || rows < kLoadPage) return {};
  }
  return {};
}

Result<uint64_t> EventLog::last_seq() {
  auto v = storage::query_int(db_, kLastSeq);
  if (!v) return std::unexpected(std::move(v.error()));
  return static_cast<uint64_t>(*v);
}

Result<uint64_t> EventLog::first_seq() {
  auto v = storage::query_int(db_, kFirstSeq);
  if (!v) return std::unexpected(std::move(v.error()));
  return static_cast<uint64_t>(*v);
}

Result<std::optional<uint64_t>> EventLog::first_seq_at(int64_t time_ms) {
  // Times never decrease along the log: a binary search over seq, O(log n)
  // point reads, with no index on time.
  auto first = first_seq();
  if (!first) return std::unexpected(first.error());
  auto last = last_seq();
  if (!last) return std::unexpected(last.error());
  if (*first == 0) return std::optional<uint64_t>();
  auto time_of = [&](uint64_t seq) -> Result<int64_t> {
    const SqlValue params[] = {static_cast<int64_t>(seq)};
    return storage::query_int(db_, kTimeAt, params);
  };
  uint64_t lo = *first, hi = *last + 1;  // answer in [lo, hi]; hi = none
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    auto t = time_of(mid);
    if (!t) return std::unexpected(t.error());
    if (*t >= time_ms) hi = mid;
    else lo = mid + 1;
  }
  if (lo > *last) return std::optional<uint64_t>();
  return std::optional<uint64_t>(lo);
}

}  // namespace switchyard::eventlog
