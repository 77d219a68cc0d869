#include "eventlog/event_codec.h"

#include <boost/json.hpp>
#include <unordered_map>

#include "codec/event_json.h"

namespace switchyard::eventlog {

namespace {

using core::EventType;
using storage::Statement;

inline constexpr Statement kInsert{
    "INSERT INTO events (seq, time_ms, type, contact, agent, queue, value, value2, text, payload) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
inline constexpr Statement kLoad{
    "SELECT seq, time_ms, type, contact, agent, queue, value, value2, text, payload FROM events "
    "WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3"};

std::optional<EventType> event_type(std::string_view name) {
  static const auto* const kByName = [] {
    auto* m = new std::unordered_map<std::string_view, EventType>();
    for (int i = 0; i < codec::kEventTypeCount; ++i) {
      auto t = static_cast<EventType>(i);
      m->emplace(core::to_string(t), t);
    }
    return m;
  }();
  auto it = kByName->find(name);
  if (it == kByName->end()) return std::nullopt;
  return it->second;
}

}  // namespace

const Statement& load_statement() { return kLoad; }

void stage_insert(storage::Transaction& tx, const core::Event& e) {
  storage::SqlValue payload = nullptr;
  if (e.payload && !std::holds_alternative<std::monostate>(*e.payload))
    payload = tx.keep(boost::json::serialize(codec::payload_to_json(*e.payload)));
  tx.add(kInsert, {static_cast<int64_t>(e.seq), e.time_ms, core::to_string(e.type), storage::contact_param(e.contact),
                   storage::id_param(e.agent), storage::id_param(e.queue), e.value, e.value2, tx.keep(e.text),
                   payload});
}

Result<core::Event> RowDecoder::decode(const storage::RowReader& row) {
  core::Event e;
  e.seq = static_cast<uint64_t>(row.int64(0));
  e.time_ms = row.int64(1);
  std::optional<EventType> type = event_type(row.text(2));
  if (!type)
    return make_error(ErrorCode::kInternal,
                      "event " + std::to_string(e.seq) + " has unknown type \"" + std::string(row.text(2)) + "\"",
                      "type");
  e.type = *type;
  e.contact = row.is_null(3) ? core::kNoContact : static_cast<core::ContactId>(row.int64(3));
  e.agent = storage::id_col(row, 4);
  e.queue = storage::id_col(row, 5);
  e.value = row.int64(6);
  e.value2 = row.int64(7);
  e.text = row.text(8);
  if (!row.is_null(9)) {
    boost::system::error_code ec;
    parser_.reset();
    std::string_view text = row.text(9);
    parser_.write(text.data(), text.size(), ec);
    if (ec)
      return make_error(ErrorCode::kInternal,
                        "event " + std::to_string(e.seq) + " has a payload that is not JSON: " + ec.message(),
                        "payload");
    auto payload = codec::payload_from_json(parser_.release(), "payload");
    if (!payload)
      return make_error(ErrorCode::kInternal,
                        "event " + std::to_string(e.seq) + " has an invalid payload: " + payload.error().message,
                        payload.error().field);
    e.payload = std::move(*payload);
  }
  return e;
}

}  // namespace switchyard::eventlog
