#pragma once
// Internal to the history module: its statements, written once for both
// databases. Every change is guarded by updated_seq, so an event applied a
// second time (a projection replaying from an older checkpoint) changes
// nothing.
#include "storage/sql_driver.h"

namespace switchyard::history::sql {

using storage::Statement;

#define SY_CONTACT_COLUMNS                                                                      \
  "id, customer_id, customer_group, channel, state, queue, first_queue, priority, created_ms, " \
  "answered_ms, ended_ms, agent, disposition, reason, ewt_ms, wait_ms, talk_ms, hold_ms, "      \
  "acw_ms, transfers, callback, overflowed, updated_seq"

inline constexpr Statement kInsertContact{
    "INSERT INTO contacts (id, customer_id, customer_group, channel, state, queue, first_queue, "
    "priority, created_ms, ended_ms, reason, ewt_ms, updated_seq) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT (id) DO NOTHING"};
inline constexpr Statement kContactOffered{
    "UPDATE contacts SET state = 'offered', agent = $2, updated_seq = $3 WHERE id = $1 AND updated_seq < $3"};
inline constexpr Statement kContactRequeued{
    "UPDATE contacts SET state = 'queued', agent = NULL, updated_seq = $2 WHERE id = $1 AND updated_seq < $2"};
inline constexpr Statement kContactAccepted{
    "UPDATE contacts SET state = 'accepted', agent = $2, answered_ms = COALESCE(answered_ms, $3), "
    "wait_ms = wait_ms + $4, updated_seq = $5 WHERE id = $1 AND updated_seq < $5"};
inline constexpr Statement kContactEnded{
    "UPDATE contacts SET state = 'wrap_up', talk_ms = talk_ms + $2, hold_ms = hold_ms + $3, "
    "updated_seq = $4 WHERE id = $1 AND updated_seq < $4"};
inline constexpr Statement kContactWrapUpEnded{
    "UPDATE contacts SET acw_ms = acw_ms + $2, disposition = $3, updated_seq = $4 "
    "WHERE id = $1 AND updated_seq < $4"};
inline constexpr Statement kContactFinished{
    "UPDATE contacts SET state = $2, ended_ms = $3, wait_ms = wait_ms + $4, updated_seq = $5 "
    "WHERE id = $1 AND updated_seq < $5"};
inline constexpr Statement kContactTransferred{
    "UPDATE contacts SET state = 'queued', queue = $2, transfers = transfers + 1, "
    "updated_seq = $3 WHERE id = $1 AND updated_seq < $3"};
inline constexpr Statement kContactMoved{
    "UPDATE contacts SET queue = $2, updated_seq = $3 WHERE id = $1 AND updated_seq < $3"};
inline constexpr Statement kContactCallback{
    "UPDATE contacts SET callback = 1, updated_seq = $2 WHERE id = $1 AND updated_seq < $2"};
inline constexpr Statement kContactOverflowed{
    "UPDATE contacts SET overflowed = 1, updated_seq = $2 WHERE id = $1 AND updated_seq < $2"};
inline constexpr Statement kSelectContact{"SELECT " SY_CONTACT_COLUMNS " FROM contacts WHERE id = $1"};
inline constexpr Statement kCustomerContacts{
    "SELECT " SY_CONTACT_COLUMNS
    " FROM contacts WHERE customer_id = $1 ORDER BY created_ms DESC, id DESC LIMIT $2"};
// Contacts created in [$1, $2), oldest first (index contacts_created), at most $3.
inline constexpr Statement kCreatedBetween{
    "SELECT " SY_CONTACT_COLUMNS
    " FROM contacts WHERE created_ms >= $1 AND created_ms < $2 ORDER BY created_ms, id LIMIT $3"};
// Ended contacts an agent answered, newest end first ($1..$2 the end range, $3 ",a,b," agent ids
// or "" for any, $4 the queue or -1, $5 the channel or "", $6/$7 the cursor (ended_ms, id) or
// 0/0, $8 the limit). A column comes first beside each number so that PostgreSQL types it BIGINT.
inline constexpr Statement kEndedBetween{
    "SELECT " SY_CONTACT_COLUMNS
    " FROM contacts WHERE ended_ms >= $1 AND ended_ms < $2 AND answered_ms IS NOT NULL AND agent IS NOT NULL "
    "AND ($3 = '' OR $3 LIKE '%,' || agent || ',%') AND (queue = $4 OR $4 < 0) AND ($5 = '' OR channel = $5) "
    "AND (ended_ms < $6 OR (ended_ms = $6 AND id < $7) OR $6 = 0) AND (id = $9 OR $9 = 0) "
    "ORDER BY ended_ms DESC, id DESC LIMIT $8"};
inline constexpr Statement kCheckpoint{"SELECT version, seq FROM history_checkpoint WHERE id = 1"};
inline constexpr Statement kSetCheckpoint{"UPDATE history_checkpoint SET version = $1, seq = $2 WHERE id = 1"};
inline constexpr Statement kClear{"DELETE FROM contacts"};

#undef SY_CONTACT_COLUMNS

}  // namespace switchyard::history::sql
