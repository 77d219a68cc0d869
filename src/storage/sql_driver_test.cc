// The two drivers behave alike: text they refuse, transactions that roll
// back, statements prepared once per connection.
#include "storage/sql_driver.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"
#include "storage/sql_util.h"

namespace switchyard::storage::testing {
namespace {

inline constexpr Statement kInsert{"INSERT INTO notes (id, body) VALUES ($1, $2)"};
inline constexpr Statement kCount{"SELECT COUNT(*) FROM notes"};
inline constexpr Statement kBody{"SELECT body FROM notes WHERE id = $1"};
inline constexpr Statement kBodiesPerCall{.sql = "SELECT body FROM notes WHERE id >= $1 ORDER BY id", .plan_per_call = true};
inline constexpr Statement kPrepared{"SELECT COUNT(*) FROM pg_prepared_statements"};

template <typename B>
class DriverTest : public DbFixture<B> {
 protected:
  std::vector<const ModuleSchema*> schemas() const override { return {}; }
  void SetUp() override {
    DbFixture<B>::SetUp();
    SY_ASSERT_OK(this->db().exec_script(this->is_postgres() ? "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT)"
                                                           : "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"));
  }
  int64_t notes() { return query_int(this->db(), kCount).value(); }
};
TYPED_TEST_SUITE(DriverTest, Backends, BackendNames);

TEST(StorableText, AcceptsUtf8AndRefusesNulAndMalformedSequences) {
  EXPECT_TRUE(is_storable_text(""));
  EXPECT_TRUE(is_storable_text("plain ascii"));
  EXPECT_TRUE(is_storable_text("\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
  for (std::string bad : {std::string("a\0b", 3), std::string("\x80"), std::string("\xC3"), std::string("\xC3\x28"),
                          std::string("\xE4\xB8"), std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"),
                          std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"), std::string("\xF8\x88\x80\x80\x80"),
                          std::string("\xFF")})
    EXPECT_FALSE(is_storable_text(bad)) << ::testing::PrintToString(bad);
}

TYPED_TEST(DriverTest, RefusesUnstorableTextAlikeInEveryCall) {
  const SqlValue nul[] = {int64_t{1}, std::string_view("a\0b", 3)};
  auto e = this->db().execute(kInsert, nul);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  const SqlValue bad[] = {std::string_view("\xC3\x28")};
  auto q = this->db().query(kBody, bad, [](const RowReader&) { return true; });
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
  Transaction tx;
  tx.add(kInsert, {int64_t{2}, std::string_view("fine")});
  tx.add(kInsert, {int64_t{3}, std::string_view("\xFF")});
  auto t = tx.run(this->db());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(this->notes(), 0);
  // The connection is still usable.
  const SqlValue ok[] = {int64_t{4}, std::string_view("\xE4\xB8\xAD")};
  SY_ASSERT_OK(this->db().execute(kInsert, ok));
  EXPECT_EQ(this->notes(), 1);
}

// A statement planned per call answers like any other, with its parameters, and leaves no
// prepared statement behind on PostgreSQL (so no generic plan can ever be chosen for it).
TYPED_TEST(DriverTest, PlansPerCallWithTheSameAnswers) {
  for (int64_t id : {1, 2, 3}) {
    const std::string body = "n" + std::to_string(id);
    const SqlValue row[] = {id, std::string_view(body)};
    SY_ASSERT_OK(this->db().execute(kInsert, row));
  }
  const auto prepared = [&] { return this->is_postgres() ? query_int(this->db(), kPrepared).value() : 0; };
  const int64_t before = prepared();
  for (int call = 0; call < 7; ++call) {  // past the five calls after which PostgreSQL may go generic
    const SqlValue from[] = {int64_t{2}};
    std::vector<std::string> bodies;
    SY_ASSERT_OK(this->db().query(kBodiesPerCall, from, [&](const RowReader& r) {
      bodies.emplace_back(r.text(0));
      return true;
    }));
    EXPECT_EQ(bodies, (std::vector<std::string>{"n2", "n3"}));
  }
  EXPECT_EQ(prepared(), before);
  const SqlValue bad[] = {std::string_view("\xC3\x28")};
  EXPECT_FALSE(this->db().query(kBodiesPerCall, bad, [](const RowReader&) { return true; }));
}

TYPED_TEST(DriverTest, InTransactionCommitsOrRollsBackEverything) {
  SY_ASSERT_OK(this->db().in_transaction([&]() -> Result<void> {
    const SqlValue a[] = {int64_t{1}, std::string_view("a")};
    if (auto r = this->db().execute(kInsert, a); !r) return std::unexpected(r.error());
    EXPECT_EQ(this->notes(), 1);  // reads see the transaction's own writes
    return {};
  }));
  auto r = this->db().in_transaction([&]() -> Result<void> {
    const SqlValue b[] = {int64_t{2}, std::string_view("b")};
    if (auto x = this->db().execute(kInsert, b); !x) return std::unexpected(x.error());
    const SqlValue dup[] = {int64_t{1}, std::string_view("again")};
    if (auto x = this->db().execute(kInsert, dup); !x) return std::unexpected(x.error());
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(this->notes(), 1);
  // A body that fails without a database error rolls back too.
  auto refused = this->db().in_transaction([&]() -> Result<void> {
    const SqlValue c[] = {int64_t{3}, std::string_view("c")};
    (void)this->db().execute(kInsert, c);
    return make_error(ErrorCode::kPermissionDenied, "no");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(this->notes(), 1);
}

// A BatchInsert of n rows runs as few statements of 64, 32, ..., 1 rows
// (here 200 = 3 x 64 + 8) and its tail applies to each row: a second batch
// over the same keys adds to the rows it finds and inserts the others.
TYPED_TEST(DriverTest, BatchInsertWritesEveryRowInFewStatements) {
  static const BatchInsert batch("INSERT INTO notes (id, body)", 2,
                                 "ON CONFLICT (id) DO UPDATE SET body = notes.body || excluded.body");
  auto rows = [](int64_t from, int64_t to, std::string_view body) {
    std::vector<SqlValue> v;
    for (int64_t i = from; i < to; ++i) {
      v.push_back(i);
      v.push_back(body);
    }
    return v;
  };
  Transaction tx;
  batch.add(tx, rows(0, 200, "a"));
  EXPECT_EQ(tx.size(), 4u);
  SY_ASSERT_OK(tx.run(this->db()));
  EXPECT_EQ(this->notes(), 200);
  Transaction again;
  batch.add(again, rows(150, 257, "b"));  // 107 = 64 + 32 + 8 + 2 + 1
  EXPECT_EQ(again.size(), 5u);
  SY_ASSERT_OK(again.run(this->db()));
  EXPECT_EQ(this->notes(), 257);
  auto body = [&](int64_t id) {
    const SqlValue p[] = {id};
    std::string out;
    EXPECT_TRUE(this->db().query(kBody, p, [&](const RowReader& r) {
      out = r.text(0);
      return false;
    }));
    return out;
  };
  EXPECT_EQ(body(0), "a");
  EXPECT_EQ(body(149), "a");
  EXPECT_EQ(body(150), "ab");
  EXPECT_EQ(body(199), "ab");
  EXPECT_EQ(body(200), "b");
  EXPECT_EQ(body(256), "b");
  Transaction none;
  batch.add(none, {});
  EXPECT_TRUE(none.empty());
}

inline constexpr Statement kInsertValues{"INSERT INTO vals (k, i2, i4, i8, t, b) VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr Statement kValues{"SELECT i2, i4, i8, t, b FROM vals ORDER BY k"};
// SUM of a BIGINT is a NUMERIC on PostgreSQL: a result read as text.
inline constexpr Statement kSums{"SELECT SUM(i8), COUNT(*), MIN(i2) FROM vals"};

// Integers of every width, text and bytes read back the same from both
// databases; a query stopped early leaves the connection ready (PostgreSQL
// streams rows and reads the rest away).
TYPED_TEST(DriverTest, ReadsIntegersTextAndBytesOfEveryWidth) {
  SY_ASSERT_OK(this->db().exec_script(
      this->is_postgres()
          ? "CREATE TABLE vals (k INTEGER PRIMARY KEY, i2 SMALLINT, i4 INTEGER, i8 BIGINT, t TEXT, b BYTEA)"
          : "CREATE TABLE vals (k INTEGER PRIMARY KEY, i2 SMALLINT, i4 INTEGER, i8 BIGINT, t TEXT, b BLOB)"));
  const std::string bytes("\0\xff\x01\\x", 5);
  const SqlValue rows[][6] = {
      {int64_t{1}, int64_t{-32768}, int64_t{INT32_MIN}, int64_t{INT64_MIN + 1}, std::string_view("\xE4\xB8\xAD \xC3\xA9"),
       Blob{bytes}},
      {int64_t{2}, int64_t{32767}, int64_t{INT32_MAX}, int64_t{INT64_MAX}, std::string_view(""), Blob{""}},
      {int64_t{3}, int64_t{-1}, int64_t{256}, int64_t{-4'294'967'296}, nullptr, nullptr},
  };
  for (const auto& r : rows) SY_ASSERT_OK(this->db().execute(kInsertValues, r));
  std::vector<std::vector<int64_t>> ints;
  std::vector<std::string> texts, blobs;
  std::vector<bool> nulls;
  SY_ASSERT_OK(this->db().query(kValues, {}, [&](const RowReader& r) {
    ints.push_back({r.int64(0), r.int64(1), r.int64(2)});
    texts.emplace_back(r.text(3));
    blobs.push_back(r.blob(4));
    nulls.push_back(r.is_null(3) && r.is_null(4));
    return true;
  }));
  ASSERT_EQ(ints.size(), 3u);
  EXPECT_EQ(ints[0], (std::vector<int64_t>{-32768, INT32_MIN, INT64_MIN + 1}));
  EXPECT_EQ(ints[1], (std::vector<int64_t>{32767, INT32_MAX, INT64_MAX}));
  EXPECT_EQ(ints[2], (std::vector<int64_t>{-1, 256, -4'294'967'296}));
  EXPECT_EQ(texts, (std::vector<std::string>{"\xE4\xB8\xAD \xC3\xA9", "", ""}));
  EXPECT_EQ(blobs, (std::vector<std::string>{bytes, "", ""}));
  EXPECT_EQ(nulls, (std::vector<bool>{false, false, true}));
  int seen = 0;
  SY_ASSERT_OK(this->db().query(kValues, {}, [&](const RowReader&) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
  SY_ASSERT_OK(this->db().query(kSums, {}, [&](const RowReader& r) {
    EXPECT_EQ(r.int64(0), INT64_MIN + 1 + INT64_MAX - 4'294'967'296);
    EXPECT_EQ(r.int64(1), 3);
    EXPECT_EQ(r.int64(2), -32768);
    return true;
  }));
}

}  // namespace
}  // namespace switchyard::storage::testing
