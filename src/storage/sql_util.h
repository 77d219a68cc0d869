#pragma once
// Helpers for repositories: reading rows into values, parameter conversion,
// and a Transaction that collects statements of several repositories so they
// commit together (e.g. a user change and its audit entry).
#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/sql_driver.h"

namespace switchyard::storage {

// Statements to run in one transaction (SqlDriver::transaction). Text and
// blob parameters are views: `keep` copies a string into the transaction so
// a view into it stays valid until the transaction has run.
class Transaction {
 public:
  Transaction() : strings_(std::make_unique<std::deque<std::string>>()) {}
  void add(const Statement& s, std::vector<SqlValue> params) {
    commands_.push_back(Command{&s, std::move(params)});
  }
  std::string_view keep(std::string s) { return strings_->emplace_back(std::move(s)); }
  // Appends `other`'s statements after this one's (their text stays valid:
  // the storage that backs it moves over whole).
  void absorb(Transaction&& other) {
    commands_.insert(commands_.end(), std::make_move_iterator(other.commands_.begin()),
                     std::make_move_iterator(other.commands_.end()));
    other.commands_.clear();
    absorbed_.push_back(std::move(other.strings_));
    for (auto& a : other.absorbed_) absorbed_.push_back(std::move(a));
    other.absorbed_.clear();
    other.strings_ = std::make_unique<std::deque<std::string>>();
  }
  std::span<const Command> commands() const { return commands_; }
  bool empty() const { return commands_.empty(); }
  size_t size() const { return commands_.size(); }
  // Runs it on `db` (all or nothing); an empty transaction does nothing.
  Result<void> run(SqlDriver& db) const {
    if (commands_.empty()) return {};
    return db.transaction(commands_);
  }

 private:
  std::vector<Command> commands_;
  std::unique_ptr<std::deque<std::string>> strings_;  // stable addresses
  std::vector<std::unique_ptr<std::deque<std::string>>> absorbed_;  // of absorbed transactions
};

// NULL for kNoId / kNoContact, else the id (a ContactId bit-for-bit as int64).
inline SqlValue id_param(uint32_t id) {
  if (id == core::kNoId) return nullptr;
  return static_cast<int64_t>(id);
}
inline SqlValue contact_param(core::ContactId id) {
  if (id == core::kNoContact) return nullptr;
  return static_cast<int64_t>(id);
}
inline SqlValue opt_param(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}
inline int64_t limit_param(size_t limit) {
  return static_cast<int64_t>(std::min<size_t>(limit, static_cast<size_t>(INT64_MAX)));
}

inline uint32_t id_col(const RowReader& r, int col) {
  return r.is_null(col) ? core::kNoId : static_cast<uint32_t>(r.int64(col));
}
inline std::optional<int64_t> opt_col(const RowReader& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.int64(col);
}

// A query expected to return at most one row, read with `read`.
template <typename T, typename Read>
Result<std::optional<T>> query_one(SqlDriver& d, const Statement& s,
                                   std::span<const SqlValue> params, Read read) {
  std::optional<T> out;
  auto r = d.query(s, params, [&](const RowReader& row) {
    out = read(row);
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return out;
}

template <typename T, typename Read>
Result<std::vector<T>> query_all(SqlDriver& d, const Statement& s, std::span<const SqlValue> params,
                                 Read read) {
  std::vector<T> out;
  auto r = d.query(s, params, [&](const RowReader& row) {
    out.push_back(read(row));
    return true;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return out;
}

// The first column of the first row as an integer (0 when there is no row).
Result<int64_t> query_int(SqlDriver& d, const Statement& s, std::span<const SqlValue> params = {});

// kNotFound naming "id" when the statement changed no row.
Result<void> expect_changed(Result<uint64_t> changed, std::string_view what);

// `text` for a LIKE pattern with ESCAPE '\\': %, _ and \\ taken literally.
std::string like_escaped(std::string_view text);
// A list of tags as one column: ",a,b," (tags hold no comma; the caller checks), so that
// LIKE '%,' + like_escaped(tag) + ',%' finds a whole tag; split_tags() reads it back.
std::string joined_tags(const std::vector<std::string>& tags);
std::vector<std::string> split_tags(std::string_view stored);

}  // namespace switchyard::storage

namespace switchyard::storage {

// Multi-row INSERTs: `head` (e.g. "INSERT INTO t (a, b)") + " VALUES (..),
// (..) " + `tail` (e.g. an ON CONFLICT clause), as statements of 64, 32,
// ..., 1 rows so a batch of n rows takes at most popcount(n % 64) + n / 64
// statements and a connection prepares at most 7 shapes. One statement per
// many rows is what makes a write of thousands of rows cheap on PostgreSQL
// (parse, bind and executor start-up once per statement). The rows of one
// statement must not conflict with each other (PostgreSQL refuses an ON
// CONFLICT ... DO UPDATE that touches a row twice).
//
// Define each as a static (a Statement is identified by its address).
class BatchInsert {
 public:
  static constexpr size_t kMaxRows = 64;
  BatchInsert(std::string_view head, size_t columns, std::string_view tail);
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;

  size_t columns() const { return columns_; }
  // Adds the rows in `values` (row after row, columns() values each; its
  // size a multiple of columns()) to `tx`.
  void add(Transaction& tx, std::span<const SqlValue> values) const;

 private:
  static constexpr size_t kShapes = 7;  // 64, 32, 16, 8, 4, 2, 1 rows
  size_t columns_;
  std::array<std::string, kShapes> texts_;
  std::array<Statement, kShapes> statements_;
};

}  // namespace switchyard::storage
