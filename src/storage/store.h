#pragma once
// The durable store of the server: the engine's event log (with a contacts
// projection for per-customer history), engine snapshots, idempotency keys,
// users, sessions, API keys and the audit log.
//
// Backends: SQLite (the default, embedded) and PostgreSQL (libpq). Both run
// the same SQL (sql_store.cc) through a small driver per database and the
// same numbered migrations, and pass the same test suite (store_test.cc).
//
// Durability: commit() returns only after the database has made the
// transaction durable.
//   * SQLite runs in WAL mode with synchronous=FULL: every commit fsyncs the
//     WAL, so a committed batch survives a process crash and a power loss.
//     (`sqlite:PATH?synchronous=normal` trades the last commits on power loss,
//     never on a process crash, for fewer fsyncs; not the default.)
//   * PostgreSQL keeps its own settings (synchronous_commit=on by default).
//
// Threading: a Store is not thread-safe. Exactly one thread at a time (the
// server's store thread) calls its methods; it may be created on another
// thread and handed over. Store objects for the same database in different
// threads or processes are safe as far as the database is (SQLite waits up
// to 5 s on a lock, busy_timeout), but commit() assumes it is the only writer
// of the event log (see commit).
//
// Errors: every method returns Result. A unique violation (duplicate
// username, seq, idempotency key, API key hash) is kAlreadyExists; a reference
// to a missing row is kNotFound; bad arguments are kInvalidArgument naming
// the field; connection and I/O problems are kInternal with the driver's
// message.
//
// Time: the store never reads a clock; every time is an argument (ms since
// the epoch, like the engine's clock).
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/types.h"

namespace switchyard::storage {

// Roles of users; API keys may also have "integration" (channel edges that
// create contacts; see auth/roles.h).
inline constexpr std::array<std::string_view, 6> kRoles = {"agent", "team_lead", "quality",
                                                           "wfm",   "reporting", "admin"};
bool is_valid_role(std::string_view role);
bool is_valid_api_key_role(std::string_view role);

// A request key the server has answered: a retried request with the same key
// gets the same contact back instead of creating a second one.
struct IdempotencyEntry {
  std::string key;                             // client-chosen; unique
  core::ContactId contact = core::kNoContact;  // the contact the request created
  uint64_t seq = 0;                            // the event that answered it
  int64_t created_ms = 0;                      // for delete_idempotency_before
};

struct AuditEntry {
  int64_t id = 0;  // assigned by the store, increasing; ignored when writing
  int64_t time_ms = 0;
  std::string actor;   // who: a username, "apikey:<name>", "system"
  std::string action;  // what: e.g. "queue.configure", "user.create"
  std::string target;  // on what: e.g. "queue:sales", "user:7"
  std::string detail;  // free text or JSON
  uint64_t seq = 0;    // first event of the change; 0 = no engine event
};

// What one commit() writes, in ONE transaction (the group commit).
struct Batch {
  std::vector<core::Event> events;  // consecutive seqs continuing the log
  std::vector<IdempotencyEntry> idempotency;
  std::vector<AuditEntry> audit;
  bool empty() const { return events.empty() && idempotency.empty() && audit.empty(); }
};

struct Snapshot {
  uint64_t seq = 0;  // the last event the snapshot includes
  std::string blob;  // opaque bytes (the engine snapshot)
};

// One contact as the events describe it (the `contacts` projection).
struct ContactRecord {
  core::ContactId id = core::kNoContact;
  std::string customer_id;
  std::string customer_group;
  core::Channel channel = core::Channel::kVoice;
  core::ContactState state = core::ContactState::kQueued;
  core::QueueId queue = core::kNoId;        // current, or last, queue
  core::QueueId first_queue = core::kNoId;  // the queue it arrived in
  int priority = 0;
  int64_t created_ms = 0;
  std::optional<int64_t> answered_ms;  // first accept
  std::optional<int64_t> ended_ms;     // terminal: completed, abandoned, refused, expired
  core::AgentId agent = core::kNoId;   // agent offered to / handling it / last handled it
  std::string disposition;             // of the last wrap-up ("transferred" after a transfer)
  std::string reason;                  // why refused
  int64_t ewt_ms = -1;                 // estimated wait announced at arrival; -1 unknown
  int64_t wait_ms = 0;                 // waited in queues, summed over queues (answered,
                                       //   abandoned or expired waits)
  int64_t talk_ms = 0;                 // summed over agents
  int64_t hold_ms = 0;
  int64_t acw_ms = 0;
  int transfers = 0;
  bool callback = false;
  bool overflowed = false;   // overflowed at least once
  uint64_t updated_seq = 0;  // the last event that changed this record
};

struct User {
  int64_t id = 0;             // assigned by create_user
  std::string username;       // unique (case-sensitive)
  std::string password_hash;  // opaque (auth module)
  std::string role;           // one of kRoles
  core::TeamId team = core::kNoId;
  core::AgentId agent = core::kNoId;  // the engine agent this user works as
  std::string display_name;
  int64_t created_ms = 0;
};

struct Session {
  std::string token_hash;  // unique; opaque (auth module)
  int64_t user_id = 0;     // must name a user (else kNotFound); deleted with the user
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
};

struct ApiKey {
  int64_t id = 0;        // assigned by create_api_key
  std::string key_hash;  // unique; opaque (auth module)
  std::string name;
  std::string role;  // one of kRoles
  int64_t created_ms = 0;
  std::optional<int64_t> revoked_ms;
};

// Receives events in seq order; returns false to stop early.
using EventVisitor = std::function<bool(core::Event&&)>;

class Store {
 public:
  // Opens (creating if needed) and migrates the database named by `url`:
  //   "sqlite:PATH", "sqlite:PATH?synchronous=normal", or a bare PATH -> SQLite
  //   "postgresql://..." or "postgres://..." (libpq URI)              -> PostgreSQL
  // Fails with kInvalidArgument for an unknown scheme, kIllegalState when the
  // database has a newer schema than this binary, kInternal when it cannot
  // connect or open.
  static Result<std::unique_ptr<Store>> open(std::string_view url);

  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  virtual std::string_view backend() const = 0;  // "sqlite" or "postgresql"
  // Highest migration applied (equals the binary's latest after open).
  virtual Result<int> schema_version() = 0;

  // ---- event log -------------------------------------------------------------
  // Writes the batch in one transaction: events, the contacts projection they
  // imply, idempotency entries and audit entries; all or nothing. Returns
  // after the transaction is durable. Events must have consecutive seqs and
  // the first must be last_seq() + 1: a seq already stored -> kAlreadyExists,
  // a gap -> kIllegalState; a duplicate idempotency key -> kAlreadyExists. On
  // any error nothing of the batch is written. The expected next seq is
  // cached after the first commit: one writer per database.
  Result<void> commit(const Batch& batch);
  // Calls visit for every event with seq > after_seq, in seq order, until it
  // returns false. Memory stays bounded (events are read in pages). `visit`
  // must not call this Store. A stored event the codec rejects is kInternal.
  virtual Result<void> load_events(uint64_t after_seq, const EventVisitor& visit) = 0;
  // The highest stored seq; 0 for an empty log.
  virtual Result<uint64_t> last_seq() = 0;

  // ---- snapshots ------------------------------------------------------------
  // Stores `blob` as the snapshot at `seq` (replacing one at the same seq)
  // and keeps only the kKeptSnapshots newest.
  static constexpr int kKeptSnapshots = 3;
  virtual Result<void> save_snapshot(uint64_t seq, std::string_view blob) = 0;
  virtual Result<std::optional<Snapshot>> load_latest_snapshot() = 0;

  // ---- idempotency ------------------------------------------------------------
  virtual Result<std::optional<IdempotencyEntry>> find_idempotency(std::string_view key) = 0;
  // Keys created at or after `since_ms`, oldest first (the server reloads the
  // last day's keys at start so retries after a crash stay idempotent).
  virtual Result<std::vector<IdempotencyEntry>> idempotency_since(int64_t since_ms) = 0;
  // Forgets keys created before `before_ms`; returns how many.
  virtual Result<uint64_t> delete_idempotency_before(int64_t before_ms) = 0;

  // ---- contact history ------------------------------------------------------------
  // The customer's contacts, newest first (created_ms, then id, descending).
  virtual Result<std::vector<ContactRecord>> customer_contacts(std::string_view customer_id,
                                                               size_t limit) = 0;
  virtual Result<std::optional<ContactRecord>> contact_record(core::ContactId id) = 0;

  // ---- users ------------------------------------------------------------
  // Returns the new id. Invalid role -> kInvalidArgument "role"; empty
  // username -> kInvalidArgument "username"; taken username -> kAlreadyExists.
  Result<int64_t> create_user(const User& user);
  virtual Result<std::optional<User>> find_user_by_name(std::string_view username) = 0;
  virtual Result<std::optional<User>> find_user(int64_t id) = 0;
  virtual Result<std::vector<User>> list_users() = 0;  // by id
  // Replaces every field of user `user.id` except created_ms. kNotFound when
  // there is no such user; the same checks as create_user.
  Result<void> update_user(const User& user);
  // Deletes the user and their sessions; kNotFound when there is no such user.
  virtual Result<void> delete_user(int64_t id) = 0;

  // ---- sessions ------------------------------------------------------------
  virtual Result<void> create_session(const Session& session) = 0;
  // The session, expired or not (the caller compares expires_ms with now).
  virtual Result<std::optional<Session>> find_session(std::string_view token_hash) = 0;
  // Deleting a session that does not exist is not an error (logout twice).
  virtual Result<void> delete_session(std::string_view token_hash) = 0;
  // Deletes sessions with expires_ms <= now_ms; returns how many.
  virtual Result<uint64_t> delete_expired_sessions(int64_t now_ms) = 0;

  // ---- API keys ------------------------------------------------------------
  // Returns the new id; invalid role -> kInvalidArgument; taken hash -> kAlreadyExists.
  Result<int64_t> create_api_key(const ApiKey& key);
  // Only keys that are not revoked: a revoked key is as good as none.
  virtual Result<std::optional<ApiKey>> find_api_key(std::string_view key_hash) = 0;
  virtual Result<std::vector<ApiKey>> list_api_keys() = 0;  // by id, revoked ones included
  // kNotFound when there is no such key; revoking twice keeps the first time.
  virtual Result<void> revoke_api_key(int64_t id, int64_t now_ms) = 0;

  // ---- audit ------------------------------------------------------------
  // For changes that are not engine events (users, keys, logins); returns the id.
  virtual Result<int64_t> append_audit(const AuditEntry& entry) = 0;
  // Entries with id > after_id, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> list_audit(int64_t after_id, size_t limit) = 0;

 protected:
  Store() = default;
  virtual Result<void> do_commit(const Batch& batch) = 0;
  virtual Result<int64_t> do_create_user(const User& user) = 0;
  virtual Result<void> do_update_user(const User& user) = 0;
  virtual Result<int64_t> do_create_api_key(const ApiKey& key) = 0;

 private:
  std::optional<uint64_t> next_seq_;  // cached expected first seq of the next commit
};

}  // namespace switchyard::storage
