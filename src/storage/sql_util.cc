#include "storage/sql_util.h"

namespace switchyard::storage {

Result<int64_t> query_int(SqlDriver& d, const Statement& s, std::span<const SqlValue> params) {
  int64_t v = 0;
  auto r = d.query(s, params, [&](const RowReader& row) {
    v = row.int64(0);
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return v;
}

Result<void> expect_changed(Result<uint64_t> changed, std::string_view what) {
  if (!changed) return std::unexpected(std::move(changed.error()));
  if (*changed == 0) return make_error(ErrorCode::kNotFound, "no such " + std::string(what), "id");
  return {};
}

}  // namespace switchyard::storage
