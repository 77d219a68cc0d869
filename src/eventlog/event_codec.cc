#include "eventlog/event_codec.h"

#include <array>
#include <boost/json.hpp>
#include <unordered_map>

#include "codec/event_json.h"
#include "codec/legacy_event.h"
#include "eventlog/log_format.h"

namespace switchyard::eventlog {

namespace {

using core::EventType;
using storage::Statement;

inline constexpr Statement kInsert{
    "INSERT INTO events (seq, time_ms, type, contact, agent, queue, format, body) "
    "VALUES ($1, $2, $3, $4, $5, $6, 2, $7)"};
inline constexpr Statement kLoad{
    "SELECT seq, time_ms, type, contact, agent, queue, value, value2, text, payload, format, body FROM events "
    "WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3"};

std::optional<EventType> event_type(std::string_view name) {
  static const auto* const kByName = [] {
    auto* m = new std::unordered_map<std::string_view, EventType>();
    for (int i = 0; i < core::kEventTypeCount; ++i) {
      auto t = static_cast<EventType>(i);
      m->emplace(core::to_string(t), t);
    }
    return m;
  }();
  auto it = kByName->find(name);
  if (it == kByName->end()) return std::nullopt;
  return it->second;
}

using BodyDecoder = bool (*)(std::string_view, core::EventBody&);

template <size_t I>
bool decode_alternative(std::string_view bytes, core::EventBody& out) {
  auto& body = out.emplace<I>();
  return format::decode(bytes, body);
}

template <size_t... I>
constexpr std::array<BodyDecoder, sizeof...(I)> make_decoders(std::index_sequence<I...>) {
  return {&decode_alternative<I>...};
}

constexpr auto kDecoders = make_decoders(std::make_index_sequence<std::variant_size_v<core::EventBody>>());

Error corrupt(uint64_t seq, std::string why, std::string field) {
  return Error{ErrorCode::kInternal, "event " + std::to_string(seq) + " " + why, std::move(field)};
}

}  // namespace

const Statement& load_statement() { return kLoad; }

std::string encode_body(const core::EventBody& body) {
  return std::visit([](const auto& b) { return format::encode(b); }, body);
}

Result<core::EventBody> decode_body(EventType type, std::string_view bytes) {
  core::EventBody body;
  if (!kDecoders[static_cast<size_t>(type)](bytes, body))
    return make_error(ErrorCode::kInvalidArgument, "malformed body", "body");
  return body;
}

void stage_insert(storage::Transaction& tx, const core::Event& e) {
  tx.add(kInsert, {static_cast<int64_t>(e.seq), e.time_ms, core::to_string(e.type()),
                   storage::contact_param(e.contact()), storage::id_param(e.agent()), storage::id_param(e.queue()),
                   storage::Blob{tx.keep(encode_body(e.body))}});
}

Result<core::Event> RowDecoder::decode(const storage::RowReader& row) {
  const auto seq = static_cast<uint64_t>(row.int64(0));
  const int64_t time_ms = row.int64(1);
  std::optional<EventType> type = event_type(row.text(2));
  if (!type) return std::unexpected(corrupt(seq, "has unknown type \"" + std::string(row.text(2)) + "\"", "type"));
  const int64_t fmt = row.int64(10);
  if (fmt == kFormatFlat) return decode_flat(row, seq, time_ms, *type);
  if (fmt != kFormatBinary)
    return std::unexpected(corrupt(seq, "has unknown format " + std::to_string(fmt) +
                                            " (written by a newer Switchyard?)", "format"));
  auto body = decode_body(*type, row.blob(11));
  if (!body) return std::unexpected(corrupt(seq, "has a malformed body", "body"));
  return core::Event{seq, time_ms, std::move(*body)};
}

Result<core::Event> RowDecoder::decode_flat(const storage::RowReader& row, uint64_t seq, int64_t time_ms,
                                            EventType type) {
  codec::FlatEvent f;
  f.seq = seq;
  f.time_ms = time_ms;
  f.type = type;
  f.contact = row.is_null(3) ? core::kNoContact : static_cast<core::ContactId>(row.int64(3));
  f.agent = storage::id_col(row, 4);
  f.queue = storage::id_col(row, 5);
  f.value = row.int64(6);
  f.value2 = row.int64(7);
  f.text = row.text(8);
  if (!row.is_null(9)) {
    boost::system::error_code ec;
    parser_.reset();
    std::string_view text = row.text(9);
    parser_.write(text.data(), text.size(), ec);
    if (ec) return std::unexpected(corrupt(seq, "has a payload that is not JSON: " + ec.message(), "payload"));
    auto payload = codec::payload_from_json(parser_.release(), "payload");
    if (!payload) return std::unexpected(corrupt(seq, "has an invalid payload: " + payload.error().message, payload.error().field));
    f.payload = std::move(*payload);
  }
  auto e = codec::unflatten(std::move(f));
  if (!e) return std::unexpected(corrupt(seq, "does not read: " + e.error().message, e.error().field));
  return e;
}

}  // namespace switchyard::eventlog
