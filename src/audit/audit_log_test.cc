// The audit module's repository on SQLite and PostgreSQL.
#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::audit {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class AuditLogTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&AuditLog::schema()}; }
};
TYPED_TEST_SUITE(AuditLogTest, Backends, BackendNames);

TYPED_TEST(AuditLogTest, AppendsStagesAndPagesInOrder) {
  AuditLog log(this->db());
  int64_t first = log.append({0, 1, "ann", "user.create", "user:bob", "{\"role\":\"agent\"}", 0}).value();
  storage::Transaction tx;
  AuditLog::stage(tx, {0, 2, "ann", "agent.ready", "agent:0", "", 1});
  AuditLog::stage(tx, {0, 2, "ann", "queue.configure", "queue:sales", "d\xC3\xA9tail 'q' \"dq\"", 1});
  SY_ASSERT_OK(tx.run(this->db()));
  int64_t last = log.append({0, 3, "apikey:crm", "login", "", "", 0}).value();
  EXPECT_GT(last, first);

  auto all = log.list(0, 100).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[0].detail, "{\"role\":\"agent\"}");
  EXPECT_EQ(all[1].action, "agent.ready");
  EXPECT_EQ(all[1].seq, 1u);
  EXPECT_EQ(all[2].detail, "d\xC3\xA9tail 'q' \"dq\"");
  EXPECT_EQ(all[3].id, last);
  EXPECT_EQ(all[3].actor, "apikey:crm");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].id, all[i - 1].id);

  auto page = log.list(all[0].id, 2).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, all[1].id);
  EXPECT_EQ(page[1].id, all[2].id);
  EXPECT_TRUE(log.list(last, 10).value().empty());
}

// A staged entry commits with the rest of its transaction or not at all.
TYPED_TEST(AuditLogTest, StagedEntryRollsBackWithItsTransaction) {
  storage::Transaction tx;
  AuditLog::stage(tx, {0, 1, "ann", "user.update", "user:1", "", 0});
  AuditLog::stage(tx, {0, 1, "ann", "bad", "x", std::string("nul\0byte", 8), 0});
  auto r = tx.run(this->db());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(AuditLog(this->db()).list(0, 10).value().empty());
}

// NUL bytes and invalid UTF-8 are refused the same way on both databases.
TYPED_TEST(AuditLogTest, RefusesUnstorableTextOnEveryBackend) {
  AuditLog log(this->db());
  for (std::string bad : {std::string("a\0b", 3), std::string("\xC3\x28"), std::string("\xED\xA0\x80"),
                          std::string("\xF4\x90\x80\x80"), std::string("\xC0\xAF")}) {
    auto r = log.append({0, 1, bad, "x", "y", "", 0});
    ASSERT_FALSE(r) << "accepted " << ::testing::PrintToString(bad);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(log.append({0, 1, "\xE4\xB8\xAD \xF0\x9F\x98\x80", "x", "y", "", 0}));
}

}  // namespace
}  // namespace switchyard::audit
