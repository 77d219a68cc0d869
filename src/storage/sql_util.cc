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

namespace switchyard::storage {

BatchInsert::BatchInsert(std::string_view head, size_t columns, std::string_view tail) : columns_(columns) {
  for (size_t shape = 0; shape < kShapes; ++shape) {
    const size_t rows = kMaxRows >> shape;
    std::string& s = texts_[shape];
    s.append(head).append(" VALUES ");
    size_t n = 0;
    for (size_t r = 0; r < rows; ++r) {
      s += r == 0 ? "(" : ", (";
      for (size_t c = 0; c < columns; ++c) {
        if (c > 0) s += ", ";
        s += '$';
        s += std::to_string(++n);
      }
      s += ')';
    }
    if (!tail.empty()) s.append(" ").append(tail);
    statements_[shape] = Statement{s};
  }
}

void BatchInsert::add(Transaction& tx, std::span<const SqlValue> values) const {
  size_t rows = values.size() / columns_;
  size_t at = 0;
  for (size_t shape = 0; shape < kShapes && rows > 0;) {
    const size_t n = kMaxRows >> shape;
    if (rows < n) {
      ++shape;
      continue;
    }
    tx.add(statements_[shape], std::vector<SqlValue>(values.begin() + static_cast<ptrdiff_t>(at * columns_),
                                                     values.begin() + static_cast<ptrdiff_t>((at + n) * columns_)));
    at += n;
    rows -= n;
  }
}

std::string like_escaped(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

std::string joined_tags(const std::vector<std::string>& tags) {
  std::string s = ",";
  for (const auto& t : tags) s += t + ",";
  return s;
}

std::vector<std::string> split_tags(std::string_view stored) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < stored.size()) {
    size_t comma = stored.find(',', at);
    if (comma == std::string_view::npos) comma = stored.size();
    if (comma > at) out.emplace_back(stored.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

}  // namespace switchyard::storage
