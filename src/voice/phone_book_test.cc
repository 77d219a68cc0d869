// Module "voice": the phone book on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "storage/db_test_util.h"
#include "voice/phone_book.h"

namespace switchyard::voice {
namespace {

using storage::testing::BackendNames;
using storage::testing::Backends;

template <typename B>
class PhoneBookTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&PhoneBook::schema()}; }
};
TYPED_TEST_SUITE(PhoneBookTest, Backends, BackendNames);

TYPED_TEST(PhoneBookTest, PutReplacesListsAndRemoves) {
  PhoneBook book(this->db());
  ASSERT_TRUE(book.put({"agent01", "1001", "aa", 10}));
  ASSERT_TRUE(book.put({"agent02", "1002", "bb", 11}));
  ASSERT_TRUE(book.put({"agent01", "2001", "cc", 12}));  // a new username for agent01
  auto all = book.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].agent, "agent01");
  EXPECT_EQ((*all)[0].username, "2001");
  EXPECT_EQ((*all)[0].ha1, "cc");
  EXPECT_EQ((*all)[0].updated_ms, 12);
  // a username belongs to one agent
  auto taken = book.put({"agent03", "1002", "dd", 13});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.error().field, "username");
  ASSERT_TRUE(book.remove("agent02"));
  auto gone = book.remove("agent02");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(book.list()->size(), 1u);
}

}  // namespace
}  // namespace switchyard::voice
