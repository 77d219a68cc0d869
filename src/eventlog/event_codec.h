#pragma once
// Internal to the event-log module: the stored form of an event (one row of
// `events`) and back. The only code that knows the row layout.
//
// Row: seq, time_ms, type (the name), contact, agent, queue (the ids the
// event is about, NULL when none: for inspection and indexes), format, body.
//   format 1  rows written before format 2 existed: the body is in the flat
//             columns value / value2 / text and a JSON payload
//             (codec/legacy_event.h); still read, never written
//   format 2  body = the binary form of the typed event body (log_format.h,
//             fields as in log_schema.h)
#include <boost/json/parser.hpp>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/result.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::eventlog {

inline constexpr int kFormatFlat = 1;    // legacy rows
inline constexpr int kFormatBinary = 2;  // what stage_insert writes

// Adds the insert of `e` to `tx` (the encoded body is kept in `tx`).
void stage_insert(storage::Transaction& tx, const core::Event& e);

// SELECT of the rows with $1 < seq <= $2 in seq order, at most $3.
const storage::Statement& load_statement();

// The binary body of `e` and back (format 2).
std::string encode_body(const core::EventBody& body);
Result<core::EventBody> decode_body(core::EventType type, std::string_view bytes);

// Decodes rows of load_statement(). Reuses its buffers across rows.
class RowDecoder {
 public:
  Result<core::Event> decode(const storage::RowReader& row);

 private:
  Result<core::Event> decode_flat(const storage::RowReader& row, uint64_t seq, int64_t time_ms,
                                  core::EventType type);
  boost::json::parser parser_;
};

}  // namespace switchyard::eventlog
