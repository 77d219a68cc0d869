#pragma once
// Internal to switchyard_quality_store: what quality_store.cc and quality_store_sessions.cc
// share (stored forms of scores and answers, the why of a refused state change).
#include <optional>
#include <span>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "quality/score.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::quality::store_detail {

// The first column of the first row as text; nullopt when there is no row.
Result<std::optional<std::string>> query_text(storage::SqlDriver& db, const storage::Statement& s,
                                              std::span<const storage::SqlValue> params);

// The rows of `s` read with `read` into Row, then each made a T with `decode` (which may fail,
// as a row reader cannot: stored JSON is decoded there).
template <typename T, typename Row, typename Read, typename Decode>
Result<std::vector<T>> query_decoded(storage::SqlDriver& db, const storage::Statement& s,
                                     std::span<const storage::SqlValue> params, Read read, Decode decode) {
  auto rows = storage::query_all<Row>(db, s, params, read);
  if (!rows) return std::unexpected(std::move(rows.error()));
  std::vector<T> out;
  out.reserve(rows->size());
  for (Row& row : *rows) {
    auto v = decode(std::move(row));
    if (!v) return std::unexpected(std::move(v.error()));
    out.push_back(std::move(*v));
  }
  return out;
}

// A score as integer micro-percent (NULL = no score) and back.
storage::SqlValue score_param(const std::optional<double>& score);
std::optional<double> score_col(const storage::RowReader& r, int col);

std::string encode_answers(const std::vector<Answer>& answers);
// kInternal naming `what` when the stored text is not answers this module wrote.
Result<std::vector<Answer>> decode_answers(std::string_view text, std::string_view what);

// Why a conditional UPDATE of the row `id` of `table` changed nothing: kNotFound naming "id"
// when `status_query` (SELECT status ... WHERE id = $1) finds no row, else kIllegalState naming
// "status" ("<what> 5 is acknowledged, not submitted"). Passes a successful change through.
Result<void> check_transition(storage::SqlDriver& db, Result<uint64_t> changed, const storage::Statement& status_query,
                              std::string_view what, int64_t id, std::string_view required);

}  // namespace switchyard::quality::store_detail
