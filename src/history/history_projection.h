#pragma once
// Builds the contacts table (contact_history.h) from committed events, on
// the projection thread. Rules, per event (every change also sets
// updated_seq; events about no contact change nothing):
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
// Each apply() is one transaction: the rows and the checkpoint.
#include "eventlog/projection.h"

namespace switchyard::history {

class HistoryProjection final : public eventlog::Projection {
 public:
  // Bump when the rules above change: the table is then rebuilt from the log.
  static constexpr int kVersion = 1;

  std::string_view name() const override { return "history"; }
  Result<uint64_t> start(storage::SqlDriver& db, eventlog::EventLog& log) override;
  Result<void> apply(storage::SqlDriver& db, std::span<const core::Event> events) override;
};

}  // namespace switchyard::history
