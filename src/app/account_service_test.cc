// AccountService: /users, /api-keys and /audit. Every change is audited in
// the same transaction as the change; a change that fails writes no entry.
#include "app/app_test_util.h"
#include "auth/password.h"
#include "auth/token.h"

namespace switchyard::app::testing {
namespace {

class AccountServiceTest : public AppFixture {
 protected:
  static UserInput input(const std::string& name, const std::string& role, const std::string& password,
                         core::TeamId team = core::kNoId, core::AgentId agent = core::kNoId) {
    UserInput in;
    in.user.username = name;
    in.user.role = role;
    in.user.team = team;
    in.user.agent = agent;
    in.user.display_name = name + " (display)";
    in.password = password;
    return in;
  }
  Result<auth::User> create_user(const Caller& c, UserInput in) {
    return call<auth::User>([&](Reply<auth::User> r) { accounts_->create_user(c, std::move(in), std::move(r)); });
  }
  Result<auth::User> update_user(const Caller& c, int64_t id, UserInput in) {
    return call<auth::User>([&](Reply<auth::User> r) { accounts_->update_user(c, id, std::move(in), std::move(r)); });
  }
  Result<void> delete_user(const Caller& c, int64_t id) {
    return call<void>([&](Reply<void> r) { accounts_->delete_user(c, id, std::move(r)); });
  }
  Result<auth::User> user(const Caller& c, int64_t id) {
    return call<auth::User>([&](Reply<auth::User> r) { accounts_->user(c, id, std::move(r)); });
  }
  Result<std::vector<auth::User>> users(const Caller& c) {
    return call<std::vector<auth::User>>([&](Reply<std::vector<auth::User>> r) { accounts_->users(c, std::move(r)); });
  }
  Result<NewApiKey> create_key(const Caller& c, const std::string& name, const std::string& role) {
    return call<NewApiKey>([&](Reply<NewApiKey> r) { accounts_->create_api_key(c, name, role, std::move(r)); });
  }
  Result<void> revoke_key(const Caller& c, int64_t id) {
    return call<void>([&](Reply<void> r) { accounts_->revoke_api_key(c, id, std::move(r)); });
  }
  Result<std::vector<auth::ApiKey>> keys(const Caller& c) {
    return call<std::vector<auth::ApiKey>>(
        [&](Reply<std::vector<auth::ApiKey>> r) { accounts_->api_keys(c, std::move(r)); });
  }
  Result<std::vector<audit::AuditEntry>> audit(const Caller& c, int64_t after, size_t limit) {
    return call<std::vector<audit::AuditEntry>>(
        [&](Reply<std::vector<audit::AuditEntry>> r) { accounts_->audit(c, after, limit, std::move(r)); });
  }
  // The one audit entry written since `mark` (fails the test unless exactly one).
  audit::AuditEntry only_entry_since(int64_t mark) {
    auto e = audit_after(mark);
    EXPECT_EQ(e.size(), 1u);
    return e.empty() ? audit::AuditEntry{} : e.back();
  }
  size_t user_count() {
    auto u = auth::AccountRepository(db()).list_users();
    return u ? u->size() : 0;
  }
};

TEST_F(AccountServiceTest, UsersAreCreatedReadUpdatedAndDeletedWithOneAuditEntryEach) {
  int64_t mark = last_audit_id();
  auto created = create_user(admin_, input("newbie", "agent", "long-enough-pw", kBlue, agent_id(12)));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->created_ms, kStartMs);
  EXPECT_TRUE(auth::verify_password(created->password_hash, "long-enough-pw"));
  auto e = only_entry_since(mark);
  EXPECT_EQ(e.action, "user.create");
  EXPECT_EQ(e.actor, "admin");
  EXPECT_EQ(e.target, "user:newbie");
  EXPECT_EQ(e.detail, "role agent");
  EXPECT_EQ(e.time_ms, kStartMs);

  auto got = user(admin_, created->id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->username, "newbie");
  EXPECT_EQ(got->team, kBlue);
  EXPECT_EQ(got->agent, agent_id(12));
  EXPECT_EQ(got->display_name, "newbie (display)");
  auto all = users(admin_);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 10u);
  EXPECT_EQ(all->back().username, "newbie");

  // A role change, password unchanged.
  mark = last_audit_id();
  advance(1'000);
  auto promoted = update_user(admin_, created->id, input("newbie", "team_lead", "", kBlue));
  ASSERT_TRUE(promoted) << promoted.error().message;
  EXPECT_EQ(promoted->role, "team_lead");
  EXPECT_EQ(promoted->created_ms, kStartMs);
  e = only_entry_since(mark);
  EXPECT_EQ(e.action, "user.update");
  EXPECT_EQ(e.target, "user:newbie");
  EXPECT_EQ(e.detail, "role agent -> team_lead");
  auto row = user(admin_, created->id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->password_hash, created->password_hash) << "no password: unchanged";
  EXPECT_EQ(row->agent, core::kNoId);

  // A rename with a new password.
  mark = last_audit_id();
  ASSERT_TRUE(update_user(admin_, created->id, input("newbie2", "team_lead", "another-password", kBlue)));
  e = only_entry_since(mark);
  EXPECT_EQ(e.target, "user:newbie2");
  EXPECT_EQ(e.detail, "renamed from newbie; password changed");
  row = user(admin_, created->id);
  ASSERT_TRUE(row);
  EXPECT_TRUE(auth::verify_password(row->password_hash, "another-password"));

  mark = last_audit_id();
  ASSERT_TRUE(delete_user(admin_, created->id));
  e = only_entry_since(mark);
  EXPECT_EQ(e.action, "user.delete");
  EXPECT_EQ(e.target, "user:newbie2");
  EXPECT_EQ(e.detail, "role team_lead");
  EXPECT_TRUE(IsError(user(admin_, created->id), ErrorCode::kNotFound, "id"));
  EXPECT_EQ(user_count(), 9u);
}

TEST_F(AccountServiceTest, ValidationReportsTheRoleBeforeThePasswordLength) {
  int64_t mark = last_audit_id();
  EXPECT_TRUE(IsError(create_user(admin_, input("x", "boss", "short")), ErrorCode::kInvalidArgument, "role"));
  EXPECT_TRUE(IsError(create_user(admin_, input("x", "integration", "long-enough-pw")), ErrorCode::kInvalidArgument,
                      "role"))
      << "integration is for API keys";
  EXPECT_TRUE(IsError(create_user(admin_, input("x", "agent", "short")), ErrorCode::kInvalidArgument, "password"));
  EXPECT_TRUE(IsError(create_user(admin_, input("x", "agent", "")), ErrorCode::kInvalidArgument, "password"))
      << "a new user needs a password";
  EXPECT_TRUE(IsError(create_user(admin_, input("", "agent", "long-enough-pw")), ErrorCode::kInvalidArgument,
                      "username"));
  int64_t id = users_.at("agent01").user_id;
  EXPECT_TRUE(IsError(update_user(admin_, id, input("agent01", "boss", "short")), ErrorCode::kInvalidArgument,
                      "role"));
  EXPECT_TRUE(IsError(update_user(admin_, id, input("agent01", "agent", "short")), ErrorCode::kInvalidArgument,
                      "password"));
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(user_count(), 9u);
  EXPECT_EQ(user(admin_, id)->role, "agent");
}

TEST_F(AccountServiceTest, AFailingChangeWritesNoAuditEntry) {
  int64_t mark = last_audit_id();
  auto dup = create_user(admin_, input("agent01", "agent", "long-enough-pw"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists) << dup.error().message;
  EXPECT_EQ(dup.error().field, "username");  // named, not the database's message
  EXPECT_TRUE(IsError(update_user(admin_, 4242, input("ghost", "agent", "")), ErrorCode::kNotFound, "id"));
  auto taken = update_user(admin_, users_.at("agent02").user_id, input("agent01", "agent", ""));
  ASSERT_FALSE(taken) << "renaming onto a taken name";
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.error().field, "username");
  EXPECT_TRUE(IsError(delete_user(admin_, 4242), ErrorCode::kNotFound, "id"));
  EXPECT_TRUE(IsError(revoke_key(admin_, 4242), ErrorCode::kNotFound, "id"));
  EXPECT_TRUE(IsError(create_key(admin_, "", "integration"), ErrorCode::kInvalidArgument, "name"));
  EXPECT_TRUE(IsError(create_key(admin_, "edge", "boss"), ErrorCode::kInvalidArgument, "role"));
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(user(admin_, users_.at("agent02").user_id)->username, "agent02");
  EXPECT_TRUE(keys(admin_)->empty());
}

TEST_F(AccountServiceTest, AChangeWhoseAuditEntryCannotBeWrittenIsNotMade) {
  // The audit write fails (a trigger refuses it): the change it records
  // must roll back with it.
  ASSERT_TRUE(db().exec_script("CREATE TRIGGER audit_down BEFORE INSERT ON audit "
                               "BEGIN SELECT RAISE(ABORT, 'audit is down'); END;"));
  int64_t agent02 = users_.at("agent02").user_id;
  EXPECT_FALSE(create_user(admin_, input("newbie", "agent", "long-enough-pw")));
  EXPECT_FALSE(update_user(admin_, agent02, input("agent02", "quality", "")));
  EXPECT_FALSE(delete_user(admin_, agent02));
  EXPECT_FALSE(create_key(admin_, "edge", "integration"));
  ASSERT_TRUE(db().exec_script("DROP TRIGGER audit_down;"));

  EXPECT_EQ(user_count(), 9u);
  auto row = user(admin_, agent02);
  ASSERT_TRUE(row) << "not deleted";
  EXPECT_EQ(row->role, "agent") << "not updated";
  EXPECT_TRUE(keys(admin_)->empty());
  EXPECT_TRUE(audit_entries().empty());

  // And a key revocation.
  auto key = create_key(admin_, "edge", "integration");
  ASSERT_TRUE(key);
  ASSERT_TRUE(db().exec_script("CREATE TRIGGER audit_down BEFORE INSERT ON audit "
                               "BEGIN SELECT RAISE(ABORT, 'audit is down'); END;"));
  EXPECT_FALSE(revoke_key(admin_, key->key.id));
  ASSERT_TRUE(db().exec_script("DROP TRIGGER audit_down;"));
  EXPECT_FALSE(keys(admin_)->at(0).revoked_ms);
}

TEST_F(AccountServiceTest, ApiKeysAreCreatedShownOnceListedAndRevoked) {
  int64_t mark = last_audit_id();
  auto key = create_key(admin_, "chat-edge", "integration");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->secret.rfind("sy_", 0), 0u);
  EXPECT_EQ(key->key.key_hash, auth::sha256_hex(key->secret)) << "only the hash is kept";
  EXPECT_EQ(key->key.role, "integration");
  EXPECT_FALSE(key->key.revoked_ms);
  auto e = only_entry_since(mark);
  EXPECT_EQ(e.action, "api_key.create");
  EXPECT_EQ(e.target, "api_key:chat-edge");
  EXPECT_EQ(e.detail, "role integration");

  auto reporting = create_key(admin_, "wallboard", "reporting");
  ASSERT_TRUE(reporting) << "any role, not only integration";
  auto list = keys(admin_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "chat-edge");
  EXPECT_EQ((*list)[1].role, "reporting");

  advance(1'000);
  mark = last_audit_id();
  ASSERT_TRUE(revoke_key(admin_, key->key.id));
  e = only_entry_since(mark);
  EXPECT_EQ(e.action, "api_key.revoke");
  EXPECT_EQ(e.target, "api_key:chat-edge");
  list = keys(admin_);
  ASSERT_TRUE(list);
  EXPECT_EQ((*list)[0].revoked_ms, kStartMs + 1'000);
  EXPECT_FALSE((*list)[1].revoked_ms);
  // Revoking again changes nothing: no second entry, the first time stays.
  advance(1'000);
  mark = last_audit_id();
  ASSERT_TRUE(revoke_key(admin_, key->key.id));
  EXPECT_EQ(last_audit_id(), mark);
  EXPECT_EQ(keys(admin_)->at(0).revoked_ms, kStartMs + 1'000);
}

TEST_F(AccountServiceTest, OnlyAdminsManageUsersKeysAndReadTheAudit) {
  int64_t agent02 = users_.at("agent02").user_id;
  std::vector<Caller> others;
  for (const char* name : {"agent01", "lead.red", "quality", "wfm", "reporting"}) others.push_back(caller(name));
  others.push_back(integration());
  for (const Caller& c : others) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(IsError(users(c), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(user(c, agent02), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(create_user(c, input("x", "agent", "long-enough-pw")), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(update_user(c, agent02, input("agent02", "admin", "")), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(delete_user(c, agent02), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(keys(c), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(create_key(c, "k", "integration"), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(revoke_key(c, 1), ErrorCode::kPermissionDenied, ""));
    EXPECT_TRUE(IsError(audit(c, 0, 10), ErrorCode::kPermissionDenied, ""));
  }
  EXPECT_EQ(user(admin_, agent02)->role, "agent");
  EXPECT_TRUE(audit_entries().empty());
}

TEST_F(AccountServiceTest, TheAuditLogIsPagedOldestFirst) {
  for (int i = 0; i < 5; ++i) {
    advance(1'000);
    ASSERT_TRUE(create_key(admin_, "key" + std::to_string(i), "integration"));
  }
  std::vector<std::string> seen;
  int64_t after = 0;
  for (int page = 0; page < 4; ++page) {
    auto p = audit(admin_, after, 2);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_LE(p->size(), 2u);
    for (const auto& e : *p) {
      EXPECT_GT(e.id, after);
      after = e.id;
      seen.push_back(e.target);
    }
    if (p->empty()) break;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"api_key:key0", "api_key:key1", "api_key:key2", "api_key:key3",
                                            "api_key:key4"}));
  auto tail = audit(admin_, after, 10);
  ASSERT_TRUE(tail);
  EXPECT_TRUE(tail->empty());
  auto first = audit(admin_, 0, 1);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].time_ms, kStartMs + 1'000);
  EXPECT_EQ((*first)[0].seq, 0u) << "not an engine change";
}

}  // namespace
}  // namespace switchyard::app::testing
