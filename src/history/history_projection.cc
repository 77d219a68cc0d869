#include "history/history_projection.h"

#include <string>

#include "history/history_sql.h"
#include "storage/sql_util.h"

namespace switchyard::history {

namespace {

using core::ContactState;
using storage::SqlValue;
using storage::Transaction;
namespace ev = core::ev;

std::string_view state(ContactState s) { return core::to_string(s); }

// The statements one event implies (see the header).
struct Rows {
  Transaction& tx;
  int64_t seq;
  int64_t t;

  void operator()(const ev::ContactCreated& e) { insert(e.contact, e.spec, ContactState::kQueued, nullptr, "", e.ewt_ms); }
  void operator()(const ev::ContactRefused& e) { insert(e.contact, e.spec, ContactState::kRefused, t, e.reason, -1); }
  void operator()(const ev::ContactOffered& e) {
    tx.add(sql::kContactOffered, {id(e.contact), storage::id_param(e.agent), seq});
  }
  void operator()(const ev::OfferRejected& e) { tx.add(sql::kContactRequeued, {id(e.contact), seq}); }
  void operator()(const ev::OfferTimedOut& e) { tx.add(sql::kContactRequeued, {id(e.contact), seq}); }
  void operator()(const ev::ContactAccepted& e) {
    tx.add(sql::kContactAccepted, {id(e.contact), storage::id_param(e.agent), t, e.wait_ms, seq});
  }
  void operator()(const ev::ContactEnded& e) {
    tx.add(sql::kContactEnded, {id(e.contact), e.talk_ms, e.hold_ms, seq});
  }
  void operator()(const ev::WrapUpEnded& e) {
    tx.add(sql::kContactWrapUpEnded, {id(e.contact), e.acw_ms, tx.keep(e.disposition), seq});
  }
  void operator()(const ev::ContactCompleted& e) { finish(e.contact, ContactState::kCompleted, 0); }
  void operator()(const ev::ContactAbandoned& e) { finish(e.contact, ContactState::kAbandoned, e.wait_ms); }
  void operator()(const ev::ContactExpired& e) { finish(e.contact, ContactState::kExpired, e.wait_ms); }
  void operator()(const ev::ContactTransferred& e) {
    tx.add(sql::kContactTransferred, {id(e.contact), storage::id_param(e.target), seq});
  }
  void operator()(const ev::ContactMoved& e) {
    tx.add(sql::kContactMoved, {id(e.contact), storage::id_param(e.target), seq});
  }
  void operator()(const ev::CallbackRequested& e) { tx.add(sql::kContactCallback, {id(e.contact), seq}); }
  void operator()(const ev::ContactOverflowed& e) { tx.add(sql::kContactOverflowed, {id(e.contact), seq}); }
  template <typename Other>
  void operator()(const Other&) {}  // no contact record change

  static SqlValue id(core::ContactId c) { return storage::contact_param(c); }
  void insert(core::ContactId c, const core::ContactSpec& spec, ContactState s, SqlValue ended,
              std::string_view reason, int64_t ewt_ms) {
    tx.add(sql::kInsertContact,
           {id(c), tx.keep(spec.customer_id), tx.keep(spec.customer_group), core::to_string(spec.channel), state(s),
            storage::id_param(spec.queue), int64_t{spec.priority}, t, ended, tx.keep(std::string(reason)),
            ewt_ms < 0 ? int64_t{-1} : ewt_ms, seq});
  }
  void finish(core::ContactId c, ContactState s, int64_t wait_ms) {
    tx.add(sql::kContactFinished, {id(c), state(s), t, wait_ms, seq});
  }
};

}  // namespace

Result<uint64_t> HistoryProjection::start(storage::SqlDriver& db, eventlog::EventLog&) {
  std::optional<std::pair<int64_t, int64_t>> cp;
  auto r = db.query(sql::kCheckpoint, {}, [&](const storage::RowReader& row) {
    cp = std::pair{row.int64(0), row.int64(1)};
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  if (!cp) return make_error(ErrorCode::kInternal, "history checkpoint row missing (migration 2 not applied?)");
  if (cp->first == kVersion) return static_cast<uint64_t>(cp->second);
  // Other rules: rebuild from the log.
  Transaction tx;
  tx.add(sql::kClear, {});
  tx.add(sql::kSetCheckpoint, {int64_t{kVersion}, int64_t{0}});
  if (auto c = tx.run(db); !c) return std::unexpected(std::move(c.error()));
  return 0;
}

Result<void> HistoryProjection::apply(storage::SqlDriver& db, std::span<const core::Event> events) {
  if (events.empty()) return {};
  Transaction tx;
  for (const core::Event& e : events) std::visit(Rows{tx, static_cast<int64_t>(e.seq), e.time_ms}, e.body);
  tx.add(sql::kSetCheckpoint, {int64_t{kVersion}, static_cast<int64_t>(events.back().seq)});
  return tx.run(db);
}

}  // namespace switchyard::history
