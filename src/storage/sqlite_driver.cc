#include "storage/sqlite_driver.h"

namespace switchyard::storage {

namespace {

constexpr int kBusyTimeoutMs = 5'000;

// Resets a statement (and drops its bindings) when the scope ends, so a
// cached statement is always ready for the next use.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* st) : st_(st) {}
  ~ResetOnExit() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* st_;
};

class SqliteRow final : public RowReader {
 public:
  explicit SqliteRow(sqlite3_stmt* st) : st_(st) {}
  bool is_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t int64(int col) const override { return sqlite3_column_int64(st_, col); }
  std::string_view text(int col) const override {
    const unsigned char* p = sqlite3_column_text(st_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col))};
  }
  std::string blob(int col) const override {
    const void* p = sqlite3_column_blob(st_, col);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col))};
  }

 private:
  sqlite3_stmt* st_;
};

ErrorCode code_for(int extended_rc) {
  switch (extended_rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_ROWID:
      return ErrorCode::kAlreadyExists;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return ErrorCode::kNotFound;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return ErrorCode::kInvalidArgument;
    default:
      return ErrorCode::kInternal;
  }
}

// SQLite binds "$1" as a *named* parameter numbered by first appearance;
// "?1" is explicitly numbered. Statements use $n only as placeholders.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  return out;
}

}  // namespace

Result<std::unique_ptr<SqliteDriver>> SqliteDriver::open(const std::string& path,
                                                         const SqliteOptions& options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(ErrorCode::kInternal, "cannot open SQLite database " + path + ": " + msg,
                      "url");
  }
  std::unique_ptr<SqliteDriver> d(new SqliteDriver(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  std::string mode;
  char* err = nullptr;
  rc = sqlite3_exec(
      db, "PRAGMA journal_mode=WAL",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0] ? values[0] : "";
        return 0;
      },
      &mode, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return make_error(ErrorCode::kInternal, "cannot use SQLite database " + path + ": " + msg,
                      "url");
  }
  if (mode != "wal" && mode != "memory")
    return make_error(ErrorCode::kInternal,
                      "SQLite database " + path + " cannot use WAL (journal mode " + mode + ")",
                      "url");
  // mmap_size: pages of the file's first GiB are read in place from the
  // page cache instead of copied by a read() each (a year of report rows:
  // a third less time); writes still go through the WAL.
  auto pragmas = d->exec_script(std::string(options.synchronous_full ? "PRAGMA synchronous=FULL;"
                                                                     : "PRAGMA synchronous=NORMAL;") +
                                " PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;");
  if (!pragmas) return std::unexpected(std::move(pragmas.error()));
  return d;
}

SqliteDriver::~SqliteDriver() {
  for (auto& [s, st] : statements_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

std::unexpected<Error> SqliteDriver::error(std::string_view what) const {
  return make_error(code_for(sqlite3_extended_errcode(db_)),
                    std::string(what) + ": " + sqlite3_errmsg(db_));
}

Result<sqlite3_stmt*> SqliteDriver::prepare(const Statement& s) {
  sqlite3_stmt*& slot = statements_[&s];
  if (slot) return slot;
  std::string text = to_sqlite_placeholders(s.sql);
  if (sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                         SQLITE_PREPARE_PERSISTENT, &slot, nullptr) != SQLITE_OK) {
    slot = nullptr;
    return error("prepare");
  }
  return slot;
}

Result<void> SqliteDriver::bind(sqlite3_stmt* st, std::span<const SqlValue> params) {
  if (auto t = check_text_params(params); !t) return t;
  static const char kEmpty[] = "";
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    const SqlValue& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(st, index);
    } else if (const auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(st, index, *n);
    } else if (const auto* t = std::get_if<std::string_view>(&v)) {
      // A null data pointer would bind NULL; an empty string is not NULL.
      rc = sqlite3_bind_text64(st, index, t->empty() ? kEmpty : t->data(), t->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else {
      const Blob& b = std::get<Blob>(v);
      rc = sqlite3_bind_blob64(st, index, b.bytes.empty() ? kEmpty : b.bytes.data(), b.bytes.size(),
                               SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return error("bind");
  }
  return {};
}

Result<void> SqliteDriver::run(const Statement& s, std::span<const SqlValue> params) {
  auto st = prepare(s);
  if (!st) return std::unexpected(std::move(st.error()));
  ResetOnExit reset(*st);
  if (auto b = bind(*st, params); !b) return b;
  for (;;) {
    int rc = sqlite3_step(*st);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return error("step");
  }
}

Result<uint64_t> SqliteDriver::execute(const Statement& s, std::span<const SqlValue> params) {
  if (auto r = run(s, params); !r) return std::unexpected(std::move(r.error()));
  return static_cast<uint64_t>(sqlite3_changes64(db_));
}

Result<void> SqliteDriver::query(const Statement& s, std::span<const SqlValue> params,
                                 const RowFn& fn) {
  auto st = prepare(s);
  if (!st) return std::unexpected(std::move(st.error()));
  ResetOnExit reset(*st);
  if (auto b = bind(*st, params); !b) return b;
  SqliteRow row(*st);
  for (;;) {
    int rc = sqlite3_step(*st);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return error("step");
    if (!fn(row)) return {};
  }
}

Result<void> SqliteDriver::exec_script(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return make_error(code_for(sqlite3_extended_errcode(db_)), msg);
  }
  return {};
}

Result<void> SqliteDriver::exclusive(const std::function<Result<void>()>& body) {
  if (auto b = exec_script("BEGIN IMMEDIATE"); !b) return b;
  Result<void> r = body();
  if (r) r = exec_script("COMMIT");
  if (!r && !sqlite3_get_autocommit(db_)) (void)exec_script("ROLLBACK");
  return r;
}

Result<void> SqliteDriver::in_transaction(const std::function<Result<void>()>& body) {
  return exclusive(body);  // BEGIN IMMEDIATE: SQLite has one writer anyway
}

Result<void> SqliteDriver::transaction(std::span<const Command> commands) {
  return exclusive([&]() -> Result<void> {
    for (const Command& c : commands)
      if (auto r = run(*c.statement, c.params); !r) return r;
    return {};
  });
}

}  // namespace switchyard::storage
