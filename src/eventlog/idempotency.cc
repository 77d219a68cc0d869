#include "eventlog/idempotency.h"

namespace switchyard::eventlog {

namespace {
using storage::SqlValue;
using storage::Statement;
#define SY_COLUMNS "caller, key, request_hash, contact, seq, created_ms"
// An expired key not yet pruned is replaced: a staged write must never make
// the group commit fail.
inline constexpr Statement kInsert{
    "INSERT INTO idempotency_keys (" SY_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6) "
    "ON CONFLICT (caller, key) DO UPDATE SET request_hash = excluded.request_hash, "
    "contact = excluded.contact, seq = excluded.seq, created_ms = excluded.created_ms"};
inline constexpr Statement kFind{"SELECT " SY_COLUMNS
                                 " FROM idempotency_keys WHERE caller = $1 AND key = $2"};
inline constexpr Statement kPage{"SELECT " SY_COLUMNS
                                 " FROM idempotency_keys WHERE (created_ms, caller, key) > ($1, $2, $3) "
                                 "ORDER BY created_ms, caller, key LIMIT $4"};
inline constexpr Statement kDeleteBefore{
    "DELETE FROM idempotency_keys WHERE (caller, key) IN (SELECT caller, key FROM idempotency_keys "
    "WHERE created_ms < $1 ORDER BY created_ms LIMIT $2)"};
#undef SY_COLUMNS

IdempotencyEntry read_entry(const storage::RowReader& r) {
  IdempotencyEntry e;
  e.caller = r.text(0);
  e.key = r.text(1);
  e.request_hash = r.text(2);
  e.contact = r.is_null(3) ? core::kNoContact : static_cast<core::ContactId>(r.int64(3));
  e.seq = static_cast<uint64_t>(r.int64(4));
  e.created_ms = r.int64(5);
  return e;
}
}  // namespace

void IdempotencyKeys::stage(storage::Transaction& tx, const IdempotencyEntry& e) {
  tx.add(kInsert, {tx.keep(e.caller), tx.keep(e.key), tx.keep(e.request_hash), storage::contact_param(e.contact),
                   static_cast<int64_t>(e.seq), e.created_ms});
}

Result<std::optional<IdempotencyEntry>> IdempotencyKeys::find(std::string_view caller, std::string_view key) {
  const SqlValue params[] = {caller, key};
  return storage::query_one<IdempotencyEntry>(db_, kFind, params, read_entry);
}

Result<void> IdempotencyKeys::for_each_since(int64_t since_ms,
                                             const std::function<bool(const IdempotencyEntry&)>& visit) {
  constexpr int64_t kPageRows = 10'000;
  IdempotencyEntry last{"", "", "", core::kNoContact, 0, since_ms - 1};
  for (;;) {
    int64_t rows = 0;
    bool stopped = false;
    const SqlValue params[] = {last.created_ms, std::string_view(last.caller), std::string_view(last.key), kPageRows};
    IdempotencyEntry next;
    auto r = db_.query(kPage, params, [&](const storage::RowReader& row) {
      ++rows;
      next = read_entry(row);
      if (!visit(next)) {
        stopped = true;
        return false;
      }
      return true;
    });
    if (!r) return r;
    if (stopped || rows < kPageRows) return {};
    last = std::move(next);
  }
}

Result<uint64_t> IdempotencyKeys::delete_before(int64_t before_ms, int64_t max_rows) {
  const SqlValue params[] = {before_ms, max_rows};
  return db_.execute(kDeleteBefore, params);
}

}  // namespace switchyard::eventlog
