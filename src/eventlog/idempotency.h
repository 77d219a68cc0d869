#pragma once
// Idempotency keys (module "eventlog"): a request that carried a key and
// created a contact is remembered per caller, with a hash of the request, so
// a retry gets the same contact back and a different request with a used
// key is refused. Written in the group commit that made the contact durable.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::eventlog {

struct IdempotencyEntry {
  std::string caller;        // who sent it: keys are scoped per caller
  std::string key;           // client-chosen; unique per caller
  std::string request_hash;  // of the request it answered (hex)
  core::ContactId contact = core::kNoContact;  // the contact the request created
  uint64_t seq = 0;                            // the event that answered it
  int64_t created_ms = 0;
  bool operator==(const IdempotencyEntry&) const = default;
};

class IdempotencyKeys {
 public:
  explicit IdempotencyKeys(storage::SqlDriver& db) : db_(db) {}
  // Adds the insert of `entry` to `tx` (strings copied). A (caller, key)
  // already stored (an expired key not yet pruned) is replaced.
  static void stage(storage::Transaction& tx, const IdempotencyEntry& entry);
  Result<std::optional<IdempotencyEntry>> find(std::string_view caller, std::string_view key);
  // Keys created at or after `since_ms`, oldest first, one at a time, read
  // in pages (bounded memory); `visit` returns false to stop.
  Result<void> for_each_since(int64_t since_ms, const std::function<bool(const IdempotencyEntry&)>& visit);
  // Forgets at most `max_rows` of the oldest keys created before
  // `before_ms`, in one transaction; returns how many. Callers with many to
  // forget loop, so SQLite's write lock is never held for long.
  Result<uint64_t> delete_before(int64_t before_ms, int64_t max_rows);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::eventlog
