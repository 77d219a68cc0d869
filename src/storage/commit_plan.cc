#include "storage/commit_plan.h"

#include <boost/json.hpp>

#include "codec/event_json.h"
#include "codec/legacy_event.h"
#include "storage/sql_statements.h"

namespace switchyard::storage {

SqlValue id_param(uint32_t id) {
  if (id == core::kNoId) return nullptr;
  return static_cast<int64_t>(id);
}

SqlValue contact_param(core::ContactId id) {
  if (id == core::kNoContact) return nullptr;
  return static_cast<int64_t>(id);  // bit-for-bit; read back as uint64
}

namespace {

int64_t seq_param(uint64_t seq) { return static_cast<int64_t>(seq); }

void add(CommitPlan& plan, const Statement& s, std::vector<SqlValue> params) {
  plan.commands.push_back(Command{&s, std::move(params)});
}

std::string_view state(core::ContactState s) { return core::to_string(s); }

}  // namespace

namespace {

namespace ev = core::ev;
using core::ContactState;

// The contacts-projection change of each event type (commit_plan.h).
struct Projection {
  CommitPlan& plan;
  const core::Event& e;
  int64_t seq() const { return seq_param(e.seq); }

  void insert(core::ContactId c, const core::ContactSpec& spec, bool refused, std::string_view reason,
              int64_t ewt_ms) const {
    add(plan, sql::kInsertContact,
        {contact_param(c), std::string_view(spec.customer_id), std::string_view(spec.customer_group),
         core::to_string(spec.channel), state(refused ? ContactState::kRefused : ContactState::kQueued),
         id_param(spec.queue), int64_t{spec.priority}, e.time_ms,
         refused ? SqlValue(e.time_ms) : SqlValue(nullptr), reason, ewt_ms, seq()});
  }
  void finished(core::ContactId c, ContactState s, int64_t wait_ms) const {
    add(plan, sql::kContactFinished, {contact_param(c), state(s), e.time_ms, wait_ms, seq()});
  }

  void operator()(const ev::ContactCreated& b) const { insert(b.contact, b.spec, false, {}, b.ewt_ms); }
  void operator()(const ev::ContactRefused& b) const { insert(b.contact, b.spec, true, b.reason, -1); }
  void operator()(const ev::ContactOffered& b) const {
    add(plan, sql::kContactOffered, {contact_param(b.contact), id_param(b.agent), seq()});
  }
  void operator()(const ev::OfferRejected& b) const { requeued(b.contact); }
  void operator()(const ev::OfferTimedOut& b) const { requeued(b.contact); }
  void operator()(const ev::ContactAccepted& b) const {
    add(plan, sql::kContactAccepted, {contact_param(b.contact), id_param(b.agent), e.time_ms, b.wait_ms, seq()});
  }
  void operator()(const ev::ContactEnded& b) const {
    add(plan, sql::kContactEnded, {contact_param(b.contact), b.talk_ms, b.hold_ms, seq()});
  }
  void operator()(const ev::WrapUpEnded& b) const {
    add(plan, sql::kContactWrapUpEnded,
        {contact_param(b.contact), b.acw_ms, std::string_view(b.disposition), seq()});
  }
  void operator()(const ev::ContactCompleted& b) const { finished(b.contact, ContactState::kCompleted, 0); }
  void operator()(const ev::ContactAbandoned& b) const { finished(b.contact, ContactState::kAbandoned, b.wait_ms); }
  void operator()(const ev::ContactExpired& b) const { finished(b.contact, ContactState::kExpired, b.wait_ms); }
  void operator()(const ev::ContactTransferred& b) const {
    add(plan, sql::kContactTransferred, {contact_param(b.contact), int64_t{b.target}, seq()});
  }
  void operator()(const ev::ContactMoved& b) const {
    add(plan, sql::kContactMoved, {contact_param(b.contact), int64_t{b.target}, seq()});
  }
  void operator()(const ev::CallbackRequested& b) const {
    add(plan, sql::kContactCallback, {contact_param(b.contact), seq()});
  }
  void operator()(const ev::ContactOverflowed& b) const {
    add(plan, sql::kContactOverflowed, {contact_param(b.contact), seq()});
  }
  // Every other event leaves the contacts alone.
  template <typename Other>
  void operator()(const Other&) const {}

  void requeued(core::ContactId c) const { add(plan, sql::kContactRequeued, {contact_param(c), seq()}); }
};

}  // namespace

void add_projection(const core::Event& e, CommitPlan& plan) {
  if (e.contact() == core::kNoContact) return;
  std::visit(Projection{plan, e}, e.body);
}

CommitPlan plan_commit(const Batch& batch) {
  CommitPlan plan;
  plan.commands.reserve(batch.events.size() * 2 + batch.idempotency.size() + batch.audit.size());
  for (const core::Event& e : batch.events) {
    // The row is the flat shape of the event (codec/legacy_event.h).
    codec::FlatEvent f = codec::flatten(e);
    SqlValue payload = nullptr;
    if (!std::holds_alternative<std::monostate>(f.payload)) {
      plan.strings.push_back(boost::json::serialize(codec::payload_to_json(f.payload)));
      payload = std::string_view(plan.strings.back());
    }
    std::string_view text;
    if (!f.text.empty()) text = plan.strings.emplace_back(std::move(f.text));
    add(plan, sql::kInsertEvent,
        {seq_param(f.seq), f.time_ms, core::to_string(f.type), contact_param(f.contact), id_param(f.agent),
         id_param(f.queue), f.value, f.value2, text, payload});
    add_projection(e, plan);
  }
  for (const IdempotencyEntry& i : batch.idempotency)
    add(plan, sql::kInsertIdempotency,
        {std::string_view(i.key), contact_param(i.contact), seq_param(i.seq), i.created_ms});
  for (const AuditEntry& a : batch.audit)
    add(plan, sql::kInsertAudit,
        {a.time_ms, std::string_view(a.actor), std::string_view(a.action),
         std::string_view(a.target), std::string_view(a.detail), seq_param(a.seq)});
  return plan;
}

}  // namespace switchyard::storage
