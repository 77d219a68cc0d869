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

}  // namespace
}  // namespace switchyard::storage::testing
