#pragma once
// The history module: one row per contact as the events describe it, for
// the contact panel (earlier contacts of the customer, their notes and
// outcomes) and for a contact no longer live in the engine. Maintained by
// HistoryProjection from committed events; this is its read side.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::history {

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
  std::optional<int64_t> ewt_ms;       // estimated wait announced at arrival (nullopt: unknown)
  int64_t wait_ms = 0;                 // waited in queues, summed over queues
  int64_t talk_ms = 0;                 // summed over agents
  int64_t hold_ms = 0;
  int64_t acw_ms = 0;
  int transfers = 0;
  bool callback = false;
  bool overflowed = false;   // overflowed at least once
  uint64_t updated_seq = 0;  // the last event that changed this record
};

const storage::ModuleSchema& schema();  // module "history"

// Which ended contacts ended_between() reads: those an agent answered (answered_ms set) that ended
// in [from_ms, to_ms), newest end first, then by id descending.
struct EndedQuery {
  int64_t from_ms = 0, to_ms = 0;
  std::vector<core::AgentId> agents{};       // handled by one of these; empty = any agent
  core::QueueId queue = core::kNoId;         // last queue; kNoId = any
  std::optional<core::Channel> channel{};    // nullopt = any
  std::optional<std::pair<int64_t, core::ContactId>> before{};  // strictly older than (ended_ms, id)
  size_t limit = 50;
  core::ContactId contact = core::kNoContact;  // this contact only; kNoContact = any
};

class HistoryRepository {
 public:
  explicit HistoryRepository(storage::SqlDriver& db) : db_(db) {}
  // The customer's contacts, newest first (created_ms, then id, descending).
  Result<std::vector<ContactRecord>> customer_contacts(std::string_view customer_id, size_t limit);
  Result<std::optional<ContactRecord>> contact(core::ContactId id);
  // The contacts created in [from_ms, to_ms), oldest first (then by id), at most `limit`.
  Result<std::vector<ContactRecord>> created_between(int64_t from_ms, int64_t to_ms, size_t limit);
  Result<std::vector<ContactRecord>> ended_between(const EndedQuery& q);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::history
