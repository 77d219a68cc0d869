#pragma once
// Internal to switchyard_storage: the Store on top of an SqlDriver. All the
// SQL lives here (and in sql_statements.h / commit_plan.cc), so SQLite and
// PostgreSQL behave the same by construction.
#include <memory>

#include "storage/sql_driver.h"
#include "storage/store.h"

namespace switchyard::storage {

class SqlStore final : public Store {
 public:
  // Applies the pending migrations, then returns the store.
  static Result<std::unique_ptr<Store>> open(std::unique_ptr<SqlDriver> driver);

  std::string_view backend() const override { return driver_->dialect(); }
  Result<int> schema_version() override;

  Result<void> load_events(uint64_t after_seq, const EventVisitor& visit) override;
  Result<uint64_t> last_seq() override;

  Result<void> save_snapshot(uint64_t seq, std::string_view blob) override;
  Result<std::optional<Snapshot>> load_latest_snapshot() override;

  Result<std::optional<IdempotencyEntry>> find_idempotency(std::string_view key) override;
  Result<uint64_t> delete_idempotency_before(int64_t before_ms) override;
  Result<std::vector<IdempotencyEntry>> idempotency_since(int64_t since_ms) override;

  Result<std::vector<ContactRecord>> customer_contacts(std::string_view customer_id,
                                                       size_t limit) override;
  Result<std::optional<ContactRecord>> contact_record(core::ContactId id) override;

  Result<std::optional<User>> find_user_by_name(std::string_view username) override;
  Result<std::optional<User>> find_user(int64_t id) override;
  Result<std::vector<User>> list_users() override;
  Result<void> delete_user(int64_t id) override;

  Result<void> create_session(const Session& session) override;
  Result<std::optional<Session>> find_session(std::string_view token_hash) override;
  Result<void> delete_session(std::string_view token_hash) override;
  Result<uint64_t> delete_expired_sessions(int64_t now_ms) override;

  Result<std::optional<ApiKey>> find_api_key(std::string_view key_hash) override;
  Result<std::vector<ApiKey>> list_api_keys() override;
  Result<void> revoke_api_key(int64_t id, int64_t now_ms) override;

  Result<int64_t> append_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> list_audit(int64_t after_id, size_t limit) override;

 protected:
  Result<void> do_commit(const Batch& batch) override;
  Result<int64_t> do_create_user(const User& user) override;
  Result<void> do_update_user(const User& user) override;
  Result<int64_t> do_create_api_key(const ApiKey& key) override;

 private:
  explicit SqlStore(std::unique_ptr<SqlDriver> driver) : driver_(std::move(driver)) {}
  Result<void> migrate();
  Result<int64_t> query_int(const Statement& s, std::span<const SqlValue> params);

  std::unique_ptr<SqlDriver> driver_;
};

}  // namespace switchyard::storage
