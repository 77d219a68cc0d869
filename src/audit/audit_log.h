#pragma once
// The audit module: who changed what, when. Configuration changes (engine
// commands), user and API-key changes and logins are recorded here; an
// entry is written in the same transaction as the change it records (stage),
// so a change without its audit entry cannot be committed.
//
// Threading: an AuditLog works on one connection; one thread at a time.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::audit {

struct AuditEntry {
  int64_t id = 0;  // assigned by the store, increasing; ignored when writing
  int64_t time_ms = 0;
  std::string actor;   // who: a username, "apikey:<name>", "system"
  std::string action;  // what: e.g. "queue.configure", "user.create"
  std::string target;  // on what: e.g. "queue:sales", "user:7"
  std::string detail;  // free text or JSON
  uint64_t seq = 0;    // the engine event of the change; 0 = not an engine change
  bool operator==(const AuditEntry&) const = default;
};

class AuditLog {
 public:
  static const storage::ModuleSchema& schema();  // module "audit"

  explicit AuditLog(storage::SqlDriver& db) : db_(db) {}

  // Adds the insert of `entry` to `tx` (the entry's strings are copied).
  static void stage(storage::Transaction& tx, const AuditEntry& entry);
  // Writes one entry on its own; returns its id.
  Result<int64_t> append(const AuditEntry& entry);
  // Entries with id > after_id, oldest first, at most `limit`.
  Result<std::vector<AuditEntry>> list(int64_t after_id, size_t limit);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::audit
