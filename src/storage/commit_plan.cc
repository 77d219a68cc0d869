#include "storage/commit_plan.h"

#include <boost/json.hpp>

#include "codec/event_json.h"
#include "storage/sql_statements.h"

namespace switchyard::storage {

using core::EventType;

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

void add_projection(const core::Event& e, CommitPlan& plan) {
  using core::ContactState;
  if (e.contact == core::kNoContact) return;
  const SqlValue id = contact_param(e.contact);
  const int64_t seq = seq_param(e.seq);
  switch (e.type) {
    case EventType::kContactCreated:
    case EventType::kContactRefused: {
      const auto* spec = e.payload_as<core::ContactSpec>();
      if (!spec) return;  // the codec never lets such an event through; nothing to project
      bool refused = e.type == EventType::kContactRefused;
      core::QueueId q = e.queue != core::kNoId ? e.queue : spec->queue;
      add(plan, sql::kInsertContact,
          {id, std::string_view(spec->customer_id), std::string_view(spec->customer_group),
           core::to_string(spec->channel),
           state(refused ? ContactState::kRefused : ContactState::kQueued), id_param(q),
           int64_t{spec->priority}, e.time_ms, refused ? SqlValue(e.time_ms) : SqlValue(nullptr),
           refused ? std::string_view(e.text) : std::string_view(), refused ? int64_t{-1} : e.value,
           seq});
      return;
    }
    case EventType::kContactOffered:
      add(plan, sql::kContactOffered, {id, id_param(e.agent), seq});
      return;
    case EventType::kOfferRejected:
    case EventType::kOfferTimedOut:
      add(plan, sql::kContactRequeued, {id, seq});
      return;
    case EventType::kContactAccepted:
      add(plan, sql::kContactAccepted, {id, id_param(e.agent), e.time_ms, e.value, seq});
      return;
    case EventType::kContactEnded:
      add(plan, sql::kContactEnded, {id, e.value, e.value2, seq});
      return;
    case EventType::kWrapUpEnded:
      add(plan, sql::kContactWrapUpEnded, {id, e.value, std::string_view(e.text), seq});
      return;
    case EventType::kContactCompleted:
      add(plan, sql::kContactFinished,
          {id, state(ContactState::kCompleted), e.time_ms, int64_t{0}, seq});
      return;
    case EventType::kContactAbandoned:
      add(plan, sql::kContactFinished,
          {id, state(ContactState::kAbandoned), e.time_ms, e.value, seq});
      return;
    case EventType::kContactExpired:
      add(plan, sql::kContactFinished,
          {id, state(ContactState::kExpired), e.time_ms, e.value, seq});
      return;
    case EventType::kContactTransferred:
      add(plan, sql::kContactTransferred, {id, e.value, seq});
      return;
    case EventType::kContactMoved:
      add(plan, sql::kContactMoved, {id, e.value, seq});
      return;
    case EventType::kCallbackRequested:
      add(plan, sql::kContactCallback, {id, seq});
      return;
    case EventType::kContactOverflowed:
      add(plan, sql::kContactOverflowed, {id, seq});
      return;
    default:
      return;
  }
}

CommitPlan plan_commit(const Batch& batch) {
  CommitPlan plan;
  plan.commands.reserve(batch.events.size() * 2 + batch.idempotency.size() + batch.audit.size());
  for (const core::Event& e : batch.events) {
    SqlValue payload = nullptr;
    if (e.payload && !std::holds_alternative<std::monostate>(*e.payload)) {
      plan.strings.push_back(boost::json::serialize(codec::payload_to_json(*e.payload)));
      payload = std::string_view(plan.strings.back());
    }
    add(plan, sql::kInsertEvent,
        {seq_param(e.seq), e.time_ms, core::to_string(e.type), contact_param(e.contact),
         id_param(e.agent), id_param(e.queue), e.value, e.value2, std::string_view(e.text),
         payload});
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
