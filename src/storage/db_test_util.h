#pragma once
// Test-only: the fixture every repository test suite shares. Each
// TYPED_TEST runs once on SQLite (a fresh file) and once on PostgreSQL (a
// fresh database on the process's throwaway server, pg_harness.h); ctest
// registers the two backends as two entries (switchyard_db_test in the top
// CMakeLists.txt).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/pg_harness.h"
#include <initializer_list>
#include <vector>

#include "storage/database.h"
#include "storage/migrate.h"

namespace switchyard::storage::testing {

struct Sqlite {
  static Result<std::string> fresh_url(const std::string& dir) {
    return "sqlite:" + dir + "/store.db";
  }
  // Runs SQL directly on the database; returns the first column of the
  // first row ("" when there is none).
  static std::string raw(const std::string& url, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    EXPECT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    int rc = sqlite3_exec(
        db, sql.c_str(),
        [](void* o, int, char** v, char**) {
          auto* s = static_cast<std::string*>(o);
          if (s->empty() && v[0]) *s = v[0];
          return 0;
        },
        &out, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql;
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
  }
};

struct Postgres {
  static Result<std::string> fresh_url(const std::string&) {
    static int counter = 0;
    auto server = PgServer::shared();
    if (!server) return std::unexpected(server.error());
    return (*server)->create_database("db_test_" + std::to_string(++counter));
  }
  static std::string raw(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    EXPECT_TRUE(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        << PQresultErrorMessage(r) << " in " << sql;
    std::string out = st == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    return out;
  }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, Sqlite> ? "Sqlite" : "Postgres";
  }
};
using Backends = ::testing::Types<Sqlite, Postgres>;

// Opens a fresh database and migrates the modules a suite names.
template <typename B>
class DbFixture : public ::testing::Test {
 protected:
  // The module schemas this suite's tables come from (in order).
  virtual std::vector<const ModuleSchema*> schemas() const = 0;

  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / "switchyard-db-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    auto url = B::fresh_url(dir_);
    ASSERT_TRUE(url) << url.error().message;
    url_ = *url;
    reopen();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Closes the connection, opens the same database again and migrates.
  void reopen() {
    db_.reset();
    db_ = open_another();
  }
  std::unique_ptr<SqlDriver> open_another() {
    auto d = open_database(url_);
    EXPECT_TRUE(d) << d.error().message;
    if (!d) return nullptr;
    for (const ModuleSchema* s : schemas()) {
      auto m = migrate(**d, *s);
      EXPECT_TRUE(m) << m.error().message;
    }
    return std::move(*d);
  }
  SqlDriver& db() { return *db_; }
  bool is_postgres() const { return std::is_same_v<B, Postgres>; }
  std::string raw(const std::string& sql) { return B::raw(url_, sql); }
  int64_t count(const std::string& table) {
    return std::stoll(raw("SELECT COUNT(*) FROM " + table));
  }

  std::string dir_;
  std::string url_;
  std::unique_ptr<SqlDriver> db_;
};

// Unwraps a Result in a test, failing with the error's message.
#define SY_ASSERT_OK(expr)                                                    \
  do {                                                                        \
    auto sy_r_ = (expr);                                                      \
    ASSERT_TRUE(sy_r_.has_value()) << #expr << ": " << sy_r_.error().message; \
  } while (0)

}  // namespace switchyard::storage::testing
