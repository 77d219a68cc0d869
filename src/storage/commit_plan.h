#pragma once
// Internal to switchyard_storage: turns a Batch into the statements of its
// transaction (events, contacts projection, idempotency, audit), the same for
// every database.
#include <deque>
#include <string>
#include <vector>

#include "storage/sql_driver.h"
#include "storage/store.h"

namespace switchyard::storage {

struct CommitPlan {
  std::vector<Command> commands;
  std::deque<std::string> strings;  // owns computed text the commands point into
};

// The plan refers to the batch's strings: the batch must outlive the plan.
CommitPlan plan_commit(const Batch& batch);

// Appends the contacts-projection change `e` implies, if any:
//   contact_created / contact_refused  insert the record (queued / refused)
//   contact_offered                    state offered, agent
//   offer_rejected / offer_timed_out   state queued, no agent
//   contact_accepted                   state accepted, agent, answered_ms (first), wait += wait_ms
//   contact_ended                      state wrap_up, talk += talk_ms, hold += hold_ms
//   wrap_up_ended                      acw += acw_ms, disposition
//   contact_completed                  state completed, ended_ms
//   contact_abandoned / _expired       state abandoned / expired, ended_ms, wait += wait_ms
//   contact_transferred                state queued, queue = target, transfers + 1
//   contact_moved                      queue = target
//   callback_requested / contact_overflowed   the flag
// Every change also sets updated_seq. Other events do not touch contacts.
void add_projection(const core::Event& e, CommitPlan& plan);

// NULL for kNoId / kNoContact, else the id (a ContactId bit-for-bit as int64).
SqlValue id_param(uint32_t id);
SqlValue contact_param(core::ContactId id);

}  // namespace switchyard::storage
