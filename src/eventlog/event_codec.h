#pragma once
// Internal to the event-log module: the stored form of an event (one row of
// `events`) and back. The only code that knows the row layout.
#include <boost/json/parser.hpp>

#include "core/event.h"
#include "core/result.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::eventlog {

// Adds the insert of `e` to `tx` (computed text is kept in `tx`).
void stage_insert(storage::Transaction& tx, const core::Event& e);

// SELECT of the rows with $1 < seq <= $2 in seq order, at most $3.
const storage::Statement& load_statement();

// Decodes rows of load_statement(). Reuses its buffers across rows.
class RowDecoder {
 public:
  Result<core::Event> decode(const storage::RowReader& row);

 private:
  boost::json::parser parser_;
};

}  // namespace switchyard::eventlog
