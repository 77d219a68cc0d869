// The Store suite, part 3: users, sessions, API keys, audit. Runs on SQLite
// and PostgreSQL.
#include <gtest/gtest.h>

#include "storage/store_test_util.h"

namespace switchyard::storage::testing {
namespace {

User make_user(std::string name, std::string role = "agent") {
  User u;
  u.username = std::move(name);
  u.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA";
  u.role = std::move(role);
  u.display_name = "Ann Example \xC3\xA9";
  u.created_ms = 1'000;
  return u;
}

template <typename B>
class AccountsTest : public StoreFixture<B> {};
TYPED_TEST_SUITE(AccountsTest, Backends, BackendNames);

TYPED_TEST(AccountsTest, UsersRoundTrip) {
  Store& s = *this->store_;
  User ann = make_user("ann");
  ann.team = 3;
  ann.agent = 17;
  auto id = s.create_user(ann);
  ASSERT_TRUE(id) << id.error().message;
  auto bob_id = s.create_user(make_user("bob", "admin"));
  ASSERT_TRUE(bob_id);
  EXPECT_GT(*bob_id, *id);

  auto found = s.find_user_by_name("ann").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->password_hash, ann.password_hash);
  EXPECT_EQ(found->role, "agent");
  EXPECT_EQ(found->team, 3u);
  EXPECT_EQ(found->agent, 17u);
  EXPECT_EQ(found->display_name, ann.display_name);
  EXPECT_EQ(found->created_ms, 1'000);
  auto bob = s.find_user(*bob_id).value();
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->username, "bob");
  EXPECT_EQ(bob->team, core::kNoId);
  EXPECT_EQ(bob->agent, core::kNoId);
  EXPECT_FALSE(s.find_user_by_name("ANN").value().has_value());  // case-sensitive
  EXPECT_FALSE(s.find_user(*bob_id + 100).value().has_value());
  auto all = s.list_users().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].username, "ann");
  EXPECT_EQ(all[1].username, "bob");
}

TYPED_TEST(AccountsTest, UserValidationAndUniqueness) {
  Store& s = *this->store_;
  ASSERT_TRUE(s.create_user(make_user("ann")));
  auto dup = s.create_user(make_user("ann", "admin"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto role = s.create_user(make_user("cat", "superuser"));
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(role.error().field, "role");
  auto empty = s.create_user(make_user(""));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "username");
  for (std::string_view r : kRoles)
    EXPECT_TRUE(s.create_user(make_user("u_" + std::string(r), std::string(r))));
  EXPECT_EQ(s.list_users().value().size(), 1u + kRoles.size());
}

TYPED_TEST(AccountsTest, UpdateAndDeleteUser) {
  Store& s = *this->store_;
  int64_t ann = s.create_user(make_user("ann")).value();
  int64_t bob = s.create_user(make_user("bob")).value();
  User u = *s.find_user(ann).value();
  u.username = "anna";
  u.role = "team_lead";
  u.team = 9;
  u.password_hash = "new";
  u.display_name = "Anna";
  u.created_ms = 999'999;  // not updatable
  SY_ASSERT_OK(s.update_user(u));
  User back = *s.find_user(ann).value();
  EXPECT_EQ(back.username, "anna");
  EXPECT_EQ(back.role, "team_lead");
  EXPECT_EQ(back.team, 9u);
  EXPECT_EQ(back.password_hash, "new");
  EXPECT_EQ(back.display_name, "Anna");
  EXPECT_EQ(back.created_ms, 1'000);
  EXPECT_FALSE(s.find_user_by_name("ann").value().has_value());

  u.username = "bob";
  auto taken = s.update_user(u);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
  u.username = "anna";
  u.role = "nobody";
  EXPECT_EQ(s.update_user(u).error().code, ErrorCode::kInvalidArgument);
  u.role = "agent";
  u.id = bob + 100;
  EXPECT_EQ(s.update_user(u).error().code, ErrorCode::kNotFound);

  SY_ASSERT_OK(s.create_session({"tok-ann", ann, 1, 100}));
  SY_ASSERT_OK(s.create_session({"tok-bob", bob, 1, 100}));
  SY_ASSERT_OK(s.delete_user(ann));
  EXPECT_FALSE(s.find_user(ann).value().has_value());
  EXPECT_FALSE(s.find_session("tok-ann").value().has_value());  // sessions go with the user
  EXPECT_TRUE(s.find_session("tok-bob").value().has_value());
  auto again = s.delete_user(ann);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(AccountsTest, Sessions) {
  Store& s = *this->store_;
  int64_t ann = s.create_user(make_user("ann")).value();
  SY_ASSERT_OK(s.create_session({"t1", ann, 1'000, 5'000}));
  SY_ASSERT_OK(s.create_session({"t2", ann, 1'000, 6'000}));
  SY_ASSERT_OK(s.create_session({"t3", ann, 1'000, 7'000}));
  auto t1 = s.find_session("t1").value();
  ASSERT_TRUE(t1);
  EXPECT_EQ(t1->user_id, ann);
  EXPECT_EQ(t1->created_ms, 1'000);
  EXPECT_EQ(t1->expires_ms, 5'000);
  auto dup = s.create_session({"t1", ann, 2'000, 9'000});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto orphan = s.create_session({"t9", ann + 100, 1'000, 9'000});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(orphan.error().field, "user_id");

  EXPECT_EQ(s.delete_expired_sessions(6'000).value(), 2u);  // expires_ms <= now
  EXPECT_FALSE(s.find_session("t2").value().has_value());
  EXPECT_TRUE(s.find_session("t3").value().has_value());
  SY_ASSERT_OK(s.delete_session("t3"));
  SY_ASSERT_OK(s.delete_session("t3"));  // logging out twice is fine
  EXPECT_FALSE(s.find_session("t3").value().has_value());
  EXPECT_EQ(s.delete_expired_sessions(100'000).value(), 0u);
}

TYPED_TEST(AccountsTest, ApiKeys) {
  Store& s = *this->store_;
  int64_t k1 = s.create_api_key({0, "hash-1", "wallboard", "reporting", 10, std::nullopt}).value();
  int64_t k2 = s.create_api_key({0, "hash-2", "crm", "admin", 20, std::nullopt}).value();
  EXPECT_GT(k2, k1);
  auto found = s.find_api_key("hash-1").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, k1);
  EXPECT_EQ(found->name, "wallboard");
  EXPECT_EQ(found->role, "reporting");
  EXPECT_EQ(found->created_ms, 10);
  EXPECT_FALSE(found->revoked_ms.has_value());

  auto dup = s.create_api_key({0, "hash-1", "other", "agent", 30, std::nullopt});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto bad_role = s.create_api_key({0, "hash-3", "x", "root", 30, std::nullopt});
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().field, "role");

  SY_ASSERT_OK(s.revoke_api_key(k1, 100));
  EXPECT_FALSE(s.find_api_key("hash-1").value().has_value());  // revoked = gone for auth
  SY_ASSERT_OK(s.revoke_api_key(k1, 200));                     // keeps the first time
  auto all = s.list_api_keys().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].revoked_ms, 100);
  EXPECT_FALSE(all[1].revoked_ms.has_value());
  EXPECT_TRUE(s.find_api_key("hash-2").value().has_value());
  auto missing = s.revoke_api_key(k2 + 100, 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(AccountsTest, AuditFromBatchesAndAppends) {
  Store& s = *this->store_;
  int64_t first =
      s.append_audit({0, 1, "ann", "user.create", "user:bob", "{\"role\":\"agent\"}", 0}).value();
  Batch b;
  b.events.push_back(core::Event{1, 0, core::ev::AgentReady{0}});
  b.audit.push_back({0, 2, "ann", "agent.ready", "agent:0", "", 1});
  b.audit.push_back({0, 2, "ann", "queue.configure", "queue:sales", "d\xC3\xA9tail 'q' \"dq\"", 1});
  SY_ASSERT_OK(s.commit(b));
  int64_t last = s.append_audit({0, 3, "apikey:crm", "login", "", "", 0}).value();
  EXPECT_GT(last, first);

  auto all = s.list_audit(0, 100).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[0].detail, "{\"role\":\"agent\"}");
  EXPECT_EQ(all[1].action, "agent.ready");
  EXPECT_EQ(all[1].seq, 1u);
  EXPECT_EQ(all[2].detail, "d\xC3\xA9tail 'q' \"dq\"");
  EXPECT_EQ(all[3].id, last);
  EXPECT_EQ(all[3].actor, "apikey:crm");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].id, all[i - 1].id);

  auto page = s.list_audit(all[0].id, 2).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, all[1].id);
  EXPECT_EQ(page[1].id, all[2].id);
  EXPECT_TRUE(s.list_audit(last, 10).value().empty());
}

}  // namespace
}  // namespace switchyard::storage::testing
