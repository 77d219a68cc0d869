#pragma once
// Internal to switchyard_storage: every statement SqlStore runs, written once
// for both dialects ($n placeholders; standard SQL plus ON CONFLICT and
// RETURNING, which SQLite >= 3.35 and PostgreSQL both have).
#include <array>

#include "storage/sql_driver.h"

namespace switchyard::storage::sql {

#define SY_CONTACT_COLUMNS                                                                      \
  "id, customer_id, customer_group, channel, state, queue, first_queue, priority, created_ms, " \
  "answered_ms, ended_ms, agent, disposition, reason, ewt_ms, wait_ms, talk_ms, hold_ms, "      \
  "acw_ms, transfers, callback, overflowed, updated_seq"
#define SY_USER_COLUMNS "id, username, password_hash, role, team, agent, display_name, created_ms"
#define SY_API_KEY_COLUMNS "id, key_hash, name, role, created_ms, revoked_ms"

// ---- events
inline constexpr Statement kInsertEvent{
    0,
    "INSERT INTO events (seq, time_ms, type, contact, agent, queue, value, value2, text, payload) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
inline constexpr Statement kLoadEvents{
    1,
    "SELECT seq, time_ms, type, contact, agent, queue, value, value2, text, payload FROM events "
    "WHERE seq > $1 ORDER BY seq LIMIT $2"};
inline constexpr Statement kLastSeq{2, "SELECT COALESCE(MAX(seq), 0) FROM events"};

// ---- snapshots
inline constexpr Statement kUpsertSnapshot{3,
                                           "INSERT INTO snapshots (seq, blob) VALUES ($1, $2) "
                                           "ON CONFLICT (seq) DO UPDATE SET blob = excluded.blob"};
inline constexpr Statement kPruneSnapshots{
    4,
    "DELETE FROM snapshots WHERE seq NOT IN "
    "(SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $1)"};
inline constexpr Statement kLatestSnapshot{
    5, "SELECT seq, blob FROM snapshots ORDER BY seq DESC LIMIT 1"};

// ---- idempotency
inline constexpr Statement kInsertIdempotency{
    6, "INSERT INTO idempotency (key, contact, seq, created_ms) VALUES ($1, $2, $3, $4)"};
inline constexpr Statement kFindIdempotency{
    7, "SELECT key, contact, seq, created_ms FROM idempotency WHERE key = $1"};
inline constexpr Statement kDeleteIdempotencyBefore{
    8, "DELETE FROM idempotency WHERE created_ms < $1"};

// ---- audit
inline constexpr Statement kInsertAudit{9,
                                        "INSERT INTO audit (time_ms, actor, action, target, "
                                        "detail, seq) VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr Statement kInsertAuditReturning{
    10,
    "INSERT INTO audit (time_ms, actor, action, target, detail, seq) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
inline constexpr Statement kListAudit{
    11,
    "SELECT id, time_ms, actor, action, target, detail, seq FROM audit WHERE id > $1 "
    "ORDER BY id LIMIT $2"};

// ---- contacts projection (one statement per kind of change; see projection.cc)
inline constexpr Statement kInsertContact{
    12,
    "INSERT INTO contacts (id, customer_id, customer_group, channel, state, queue, first_queue, "
    "priority, created_ms, ended_ms, reason, ewt_ms, updated_seq) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, "
    "customer_group = excluded.customer_group, channel = excluded.channel, "
    "state = excluded.state, queue = excluded.queue, first_queue = excluded.first_queue, "
    "priority = excluded.priority, created_ms = excluded.created_ms, answered_ms = NULL, "
    "ended_ms = excluded.ended_ms, agent = NULL, disposition = '', reason = excluded.reason, "
    "ewt_ms = excluded.ewt_ms, wait_ms = 0, talk_ms = 0, hold_ms = 0, acw_ms = 0, "
    "transfers = 0, callback = 0, overflowed = 0, updated_seq = excluded.updated_seq"};
inline constexpr Statement kContactOffered{
    13, "UPDATE contacts SET state = 'offered', agent = $2, updated_seq = $3 WHERE id = $1"};
inline constexpr Statement kContactRequeued{
    14, "UPDATE contacts SET state = 'queued', agent = NULL, updated_seq = $2 WHERE id = $1"};
inline constexpr Statement kContactAccepted{
    15,
    "UPDATE contacts SET state = 'accepted', agent = $2, answered_ms = COALESCE(answered_ms, $3), "
    "wait_ms = wait_ms + $4, updated_seq = $5 WHERE id = $1"};
inline constexpr Statement kContactEnded{
    16,
    "UPDATE contacts SET state = 'wrap_up', talk_ms = talk_ms + $2, hold_ms = hold_ms + $3, "
    "updated_seq = $4 WHERE id = $1"};
inline constexpr Statement kContactWrapUpEnded{
    17,
    "UPDATE contacts SET acw_ms = acw_ms + $2, disposition = $3, updated_seq = $4 WHERE id = $1"};
inline constexpr Statement kContactFinished{
    18,
    "UPDATE contacts SET state = $2, ended_ms = $3, wait_ms = wait_ms + $4, updated_seq = $5 "
    "WHERE id = $1"};
inline constexpr Statement kContactTransferred{
    19,
    "UPDATE contacts SET state = 'queued', queue = $2, transfers = transfers + 1, "
    "updated_seq = $3 WHERE id = $1"};
inline constexpr Statement kContactMoved{
    20, "UPDATE contacts SET queue = $2, updated_seq = $3 WHERE id = $1"};
inline constexpr Statement kContactCallback{
    21, "UPDATE contacts SET callback = 1, updated_seq = $2 WHERE id = $1"};
inline constexpr Statement kContactOverflowed{
    22, "UPDATE contacts SET overflowed = 1, updated_seq = $2 WHERE id = $1"};
inline constexpr Statement kSelectContact{
    23, "SELECT " SY_CONTACT_COLUMNS " FROM contacts WHERE id = $1"};
inline constexpr Statement kCustomerContacts{24, "SELECT " SY_CONTACT_COLUMNS
                                                 " FROM contacts WHERE customer_id = $1 "
                                                 "ORDER BY created_ms DESC, id DESC LIMIT $2"};

// ---- users
inline constexpr Statement kInsertUser{
    25,
    "INSERT INTO users (username, password_hash, role, team, agent, display_name, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
inline constexpr Statement kUserByName{26,
                                       "SELECT " SY_USER_COLUMNS " FROM users WHERE username = $1"};
inline constexpr Statement kUserById{27, "SELECT " SY_USER_COLUMNS " FROM users WHERE id = $1"};
inline constexpr Statement kListUsers{28, "SELECT " SY_USER_COLUMNS " FROM users ORDER BY id"};
inline constexpr Statement kUpdateUser{
    29,
    "UPDATE users SET username = $2, password_hash = $3, role = $4, team = $5, agent = $6, "
    "display_name = $7 WHERE id = $1"};
inline constexpr Statement kDeleteUser{30, "DELETE FROM users WHERE id = $1"};

// ---- sessions
inline constexpr Statement kInsertSession{
    31,
    "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)"};
inline constexpr Statement kFindSession{
    32, "SELECT token_hash, user_id, created_ms, expires_ms FROM sessions WHERE token_hash = $1"};
inline constexpr Statement kDeleteSession{33, "DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr Statement kDeleteExpiredSessions{34,
                                                  "DELETE FROM sessions WHERE expires_ms <= $1"};

// ---- API keys
inline constexpr Statement kInsertApiKey{
    35,
    "INSERT INTO api_keys (key_hash, name, role, created_ms) VALUES ($1, $2, $3, $4) RETURNING id"};
inline constexpr Statement kFindApiKey{
    36, "SELECT " SY_API_KEY_COLUMNS " FROM api_keys WHERE key_hash = $1 AND revoked_ms IS NULL"};
inline constexpr Statement kListApiKeys{37,
                                        "SELECT " SY_API_KEY_COLUMNS " FROM api_keys ORDER BY id"};
inline constexpr Statement kRevokeApiKey{
    38, "UPDATE api_keys SET revoked_ms = COALESCE(revoked_ms, $2) WHERE id = $1"};

// ---- migrations
inline constexpr Statement kMigrationApplied{
    39, "SELECT version FROM schema_migrations WHERE version = $1"};
inline constexpr Statement kMaxMigration{40,
                                         "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
inline constexpr Statement kInsertMigration{
    41, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"};
inline constexpr Statement kIdempotencySince{
    42, "SELECT key, contact, seq, created_ms FROM idempotency WHERE created_ms >= $1 ORDER BY created_ms, key"};

#undef SY_CONTACT_COLUMNS
#undef SY_USER_COLUMNS
#undef SY_API_KEY_COLUMNS

inline constexpr std::array<const Statement*, 43> kAll = {&kInsertEvent,
                                                          &kLoadEvents,
                                                          &kLastSeq,
                                                          &kUpsertSnapshot,
                                                          &kPruneSnapshots,
                                                          &kLatestSnapshot,
                                                          &kInsertIdempotency,
                                                          &kFindIdempotency,
                                                          &kDeleteIdempotencyBefore,
                                                          &kInsertAudit,
                                                          &kInsertAuditReturning,
                                                          &kListAudit,
                                                          &kInsertContact,
                                                          &kContactOffered,
                                                          &kContactRequeued,
                                                          &kContactAccepted,
                                                          &kContactEnded,
                                                          &kContactWrapUpEnded,
                                                          &kContactFinished,
                                                          &kContactTransferred,
                                                          &kContactMoved,
                                                          &kContactCallback,
                                                          &kContactOverflowed,
                                                          &kSelectContact,
                                                          &kCustomerContacts,
                                                          &kInsertUser,
                                                          &kUserByName,
                                                          &kUserById,
                                                          &kListUsers,
                                                          &kUpdateUser,
                                                          &kDeleteUser,
                                                          &kInsertSession,
                                                          &kFindSession,
                                                          &kDeleteSession,
                                                          &kDeleteExpiredSessions,
                                                          &kInsertApiKey,
                                                          &kFindApiKey,
                                                          &kListApiKeys,
                                                          &kRevokeApiKey,
                                                          &kMigrationApplied,
                                                          &kMaxMigration,
                                                          &kInsertMigration,
                                                          &kIdempotencySince};

// Ids are dense and in order: a driver can index a prepared-statement cache by id.
constexpr bool ids_are_dense() {
  for (size_t i = 0; i < kAll.size(); ++i)
    if (kAll[i]->id != static_cast<int>(i)) return false;
  return kAll.size() <= static_cast<size_t>(kMaxStatements);
}
static_assert(ids_are_dense());

}  // namespace switchyard::storage::sql
