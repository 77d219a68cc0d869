#include "storage/postgres_driver.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

namespace switchyard::storage {

namespace {

// Every session: only warnings and errors come back (stderr stays quiet);
// no JIT compilation: our statements are short or index range scans, where
// compiling (5-40 ms at every execution above jit_above_cost, e.g. a year of
// report rows) costs more than it saves.
constexpr const char* kSessionSettings = "SET client_min_messages = warning; SET jit = off";

// Serializes schema migrations of concurrent processes (an arbitrary
// constant, "SYMIGRAT" in ASCII, unique to Switchyard).
constexpr const char* kMigrationLockSql = "SELECT pg_advisory_xact_lock(6004015934244422996)";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

ErrorCode code_for(const char* sqlstate) {
  if (!sqlstate) return ErrorCode::kInternal;
  std::string_view s(sqlstate);
  if (s == "23505") return ErrorCode::kAlreadyExists;  // unique_violation
  if (s == "23503") return ErrorCode::kNotFound;       // foreign_key_violation
  if (s == "23514" || s == "23502" || s == "22P02" || s == "22003" || s == "22021")
    return ErrorCode::kInvalidArgument;  // check, not null, bad text, out of range, bad encoding
  return ErrorCode::kInternal;
}

std::unexpected<Error> result_error(const PGresult* r, std::string_view what) {
  return make_error(code_for(PQresultErrorField(r, PG_DIAG_SQLSTATE)),
                    std::string(what) + ": " + trimmed(PQresultErrorMessage(r)));
}

std::unexpected<Error> connection_error(PGconn* c, std::string_view what) {
  return make_error(ErrorCode::kInternal, std::string(what) + ": " + trimmed(PQerrorMessage(c)));
}

bool ok_status(const PGresult* r) {
  ExecStatusType s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

// Parameters as libpq's arrays. Integers travel as text; strings and blobs
// in binary format, which for text, json and bytea is the bytes themselves
// (no copy, no escaping, no NUL terminator needed).
class Params {
 public:
  explicit Params(std::span<const SqlValue> in)
      : values_(in.size()), lengths_(in.size()), formats_(in.size()), ints_(in.size()) {
    static const char kEmpty[] = "";
    for (size_t i = 0; i < in.size(); ++i) {
      const SqlValue& v = in[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        values_[i] = nullptr;
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        auto [end, ec] = std::to_chars(ints_[i].data(), ints_[i].data() + ints_[i].size() - 1, *n);
        *end = '\0';
        values_[i] = ints_[i].data();
      } else {
        std::string_view bytes = std::holds_alternative<std::string_view>(v)
                                     ? std::get<std::string_view>(v)
                                     : std::get<Blob>(v).bytes;
        values_[i] = bytes.empty() ? kEmpty : bytes.data();  // a null pointer would mean SQL NULL
        lengths_[i] = static_cast<int>(bytes.size());
        formats_[i] = 1;
      }
    }
  }
  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<std::array<char, 24>> ints_;
};

class PgRow final : public RowReader {
 public:
  PgRow(const PGresult* r, int row) : r_(r), row_(row) {}
  bool is_null(int col) const override { return PQgetisnull(r_, row_, col) != 0; }
  int64_t int64(int col) const override {
    const char* p = PQgetvalue(r_, row_, col);
    int64_t v = 0;
    std::from_chars(p, p + PQgetlength(r_, row_, col), v);
    return v;
  }
  std::string_view text(int col) const override {
    return {PQgetvalue(r_, row_, col), static_cast<size_t>(PQgetlength(r_, row_, col))};
  }
  std::string blob(int col) const override {
    if (is_null(col)) return {};
    size_t n = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row_, col)), &n);
    if (!bytes) return {};
    std::string out(reinterpret_cast<const char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }

 private:
  const PGresult* r_;
  int row_;
};

}  // namespace

Result<std::unique_ptr<PostgresDriver>> PostgresDriver::open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn)
    return make_error(ErrorCode::kInternal, "cannot allocate a PostgreSQL connection", "url");
  std::unique_ptr<PostgresDriver> d(new PostgresDriver(conn));
  if (PQstatus(conn) != CONNECTION_OK)
    return connection_error(conn, "cannot connect to PostgreSQL");
  // Notices ("relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (auto r = d->exec_script(kSessionSettings); !r)
    return std::unexpected(r.error());
  return d;
}

PostgresDriver::~PostgresDriver() { PQfinish(conn_); }

Result<void> PostgresDriver::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return {};
  PQreset(conn_);
  prepared_.clear();
  if (PQstatus(conn_) != CONNECTION_OK)
    return connection_error(conn_, "PostgreSQL connection lost");
  if (auto r = exec_script(kSessionSettings); !r) return r;
  return {};
}

Result<const std::string*> PostgresDriver::prepare(const Statement& s) {
  if (auto it = prepared_.find(&s); it != prepared_.end()) return &it->second;
  std::string name = "sy" + std::to_string(prepared_.size());
  std::string sql(s.sql);
  PgResult r(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    if (!r) return connection_error(conn_, "prepare");
    return result_error(r.get(), "prepare");
  }
  return &prepared_.emplace(&s, std::move(name)).first->second;
}

Result<uint64_t> PostgresDriver::execute(const Statement& s, std::span<const SqlValue> params) {
  if (auto c = ensure_connected(); !c) return std::unexpected(c.error());
  if (auto t = check_text_params(params); !t) return std::unexpected(t.error());
  auto name = prepare(s);
  if (!name) return std::unexpected(name.error());
  Params ps(params);
  PgResult r(PQexecPrepared(conn_, (*name)->c_str(), ps.size(), ps.values(), ps.lengths(),
                            ps.formats(), 0));
  if (!r) return connection_error(conn_, "execute");
  if (!ok_status(r.get())) return result_error(r.get(), "execute");
  const char* n = PQcmdTuples(r.get());
  uint64_t changed = 0;
  std::from_chars(n, n + std::strlen(n), changed);
  return changed;
}

Result<void> PostgresDriver::query(const Statement& s, std::span<const SqlValue> params,
                                   const RowFn& fn) {
  if (auto c = ensure_connected(); !c) return c;
  if (auto t = check_text_params(params); !t) return t;
  Params ps(params);
  if (s.plan_per_call) {  // an unnamed statement: planned with these values
    const std::string sql(s.sql);
    if (PQsendQueryParams(conn_, sql.c_str(), ps.size(), nullptr, ps.values(), ps.lengths(), ps.formats(), 0) != 1)
      return connection_error(conn_, "query");
  } else {
    auto name = prepare(s);
    if (!name) return std::unexpected(name.error());
    if (PQsendQueryPrepared(conn_, (*name)->c_str(), ps.size(), ps.values(), ps.lengths(), ps.formats(), 0) != 1)
      return connection_error(conn_, "query");
  }
  // One row at a time (single-row mode): a large result never sits in memory
  // whole (73,000 report rows were ~50 MB of fresh memory in one PGresult).
  // Every result is read to the end, also after fn stops.
  (void)PQsetSingleRowMode(conn_);  // if refused, the result comes whole: read the same way
  std::optional<Error> error;
  bool reading = true;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    const ExecStatusType st = PQresultStatus(raw);
    if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
      for (int i = 0; reading && i < PQntuples(raw); ++i) reading = fn(PgRow(raw, i));
    } else if (!error) {
      error = result_error(raw, "query").error();
    }
  }
  if (error) return std::unexpected(std::move(*error));
  return {};
}

Result<void> PostgresDriver::exec_script(std::string_view sql) {
  std::string text(sql);
  PgResult r(PQexec(conn_, text.c_str()));
  if (!r) return connection_error(conn_, "exec");
  if (!ok_status(r.get())) return result_error(r.get(), "exec");
  return {};
}

Result<void> PostgresDriver::rollback_if_open() {
  PGTransactionStatusType t = PQtransactionStatus(conn_);
  if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) return exec_script("ROLLBACK");
  return {};
}

Result<void> PostgresDriver::exclusive(const std::function<Result<void>()>& body) {
  return in_transaction([&]() -> Result<void> {
    if (auto r = exec_script(kMigrationLockSql); !r) return r;
    return body();
  });
}

Result<void> PostgresDriver::in_transaction(const std::function<Result<void>()>& body) {
  if (auto c = ensure_connected(); !c) return c;
  if (auto b = exec_script("BEGIN"); !b) return b;
  Result<void> r = body();
  if (r) r = exec_script("COMMIT");
  if (!r) (void)rollback_if_open();
  return r;
}

Result<void> PostgresDriver::transaction(std::span<const Command> commands) {
  if (auto c = ensure_connected(); !c) return c;
  std::vector<const std::string*> names;
  names.reserve(commands.size());
  for (const Command& c : commands) {
    auto name = prepare(*c.statement);
    if (!name) return std::unexpected(name.error());
    names.push_back(*name);
    if (auto t = check_text_params(c.params); !t) return t;
  }
  if (PQenterPipelineMode(conn_) != 1) return connection_error(conn_, "enter pipeline mode");

  // Items: BEGIN, the commands, COMMIT; a sync after every chunk.
  const size_t total = commands.size() + 2;
  std::optional<Error> first_error;
  bool broken = false;
  size_t next = 0;
  while (next < total && !first_error && !broken) {
    const size_t end = std::min(total, next + kPipelineChunk);
    size_t sent = 0;
    for (; next < end; ++next, ++sent) {
      int ok = 0;
      if (next == 0 || next == total - 1) {
        ok = PQsendQueryParams(conn_, next == 0 ? "BEGIN" : "COMMIT", 0, nullptr, nullptr, nullptr,
                               nullptr, 0);
      } else {
        const Command& c = commands[next - 1];
        Params ps(c.params);
        ok = PQsendQueryPrepared(conn_, names[next - 1]->c_str(), ps.size(),
                                 ps.values(), ps.lengths(), ps.formats(), 0);
      }
      if (ok != 1) {
        first_error = connection_error(conn_, "send").error();
        break;
      }
    }
    if (PQpipelineSync(conn_) != 1) {
      if (!first_error) first_error = connection_error(conn_, "pipeline sync").error();
      broken = true;
      break;
    }
    // Each sent item yields its result(s) then NULL; the sync yields PIPELINE_SYNC.
    for (size_t i = 0; i < sent && !broken; ++i) {
      while (PGresult* raw = PQgetResult(conn_)) {
        PgResult r(raw);
        ExecStatusType st = PQresultStatus(raw);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED &&
            !first_error)
          first_error = result_error(raw, "commit").error();
        if (PQstatus(conn_) != CONNECTION_OK) {
          broken = true;
          break;
        }
      }
    }
    if (broken) break;
    PgResult sync(PQgetResult(conn_));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
      if (!first_error) first_error = connection_error(conn_, "pipeline sync").error();
      broken = true;
    }
  }
  if (!broken) PQexitPipelineMode(conn_);
  if (broken) {
    // The connection's protocol state is unknown: drop it; the next call
    // reconnects. The server rolls back a transaction whose session ends.
    PQreset(conn_);
    prepared_.clear();
  } else if (first_error) {
    (void)rollback_if_open();
  }
  if (first_error) return std::unexpected(std::move(*first_error));
  return {};
}

}  // namespace switchyard::storage
