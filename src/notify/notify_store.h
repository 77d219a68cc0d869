#pragma once
// Module "notify" (docs/api.md, "Notifications"): what a user is told about
// changes that concern them (a leave decision, a shift swap taken, an agent
// out of adherence), kept until read and pruned after `keep_days`.
//
// A notification is addressed to one user. It is written with
// `NotifyRepository::stage` inside the transaction of the change it reports,
// so the two commit (or fail) together; the live push reads it back by id.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <span>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::notify {

struct Notification {
  int64_t id = 0;       // assigned by the store, increasing
  int64_t user_id = 0;  // the addressee (auth users.id)
  std::string kind;     // "<module>.<what>", e.g. "wfm.leave_decided"
  std::string data;     // a JSON object: the kind's fields (docs/api.md)
  std::string link;     // the web path that shows it ("/schedule"), may be empty
  int64_t created_ms = 0;
  std::optional<int64_t> read_ms;
  bool operator==(const Notification&) const = default;
};

// A notification's data as a JSON object of flat fields, e.g.
// encode_data({{"leave", int64_t{4}}, {"status", "approved"}}).
using DataValue = std::variant<std::string, int64_t, bool>;
std::string encode_data(std::initializer_list<std::pair<std::string_view, DataValue>> fields);

class NotifyRepository {
 public:
  explicit NotifyRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "notify"

  // Adds the insert of `n` (id ignored) to `tx`.
  static void stage(storage::Transaction& tx, const Notification& n);
  // Stages one notification of `kind` per user of `users` created at now_ms.
  static void stage_all(storage::Transaction& tx, std::span<const int64_t> users, std::string_view kind,
                        std::string_view data, std::string_view link, int64_t now_ms);
  // Inserts `n` alone; returns its id.
  Result<int64_t> add(const Notification& n);

  // The user's notifications with id < before_id (0: no bound), newest first.
  Result<std::vector<Notification>> list(int64_t user_id, bool unread_only, int64_t before_id, size_t limit);
  // The user's notifications with id > after_id, oldest first.
  Result<std::vector<Notification>> after(int64_t user_id, int64_t after_id, size_t limit);
  Result<int64_t> unread(int64_t user_id);
  // Marks the user's `ids` (others' ids are ignored) or all its unread ones
  // read at now_ms; returns how many changed.
  Result<uint64_t> mark_read(int64_t user_id, std::span<const int64_t> ids, int64_t now_ms);
  Result<uint64_t> mark_all_read(int64_t user_id, int64_t now_ms);
  // Deletes notifications created before `before_ms`; returns how many.
  Result<uint64_t> prune(int64_t before_ms);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::notify
