// AuthService: POST /auth/login, /auth/logout, GET /auth/me and the
// authentication every other route starts with (sessions, API keys, the
// cache, the login limits).
#include <map>
#include <thread>

#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

constexpr const char* kPassword = "switchyard-demo";

class AuthServiceTest : public AppFixture {
 protected:
  static constexpr int kPerUser = 3;
  static constexpr int kPerAddress = 5;
  static constexpr int64_t kLockoutMs = 120'000;
  static constexpr int64_t kTtlMs = 3'600'000;

  void SetUp() override {
    auth_options() = AuthService::Options{kTtlMs, kPerUser, kPerAddress, 60'000, kLockoutMs};
    AppFixture::SetUp();
  }

  Result<LoginResult> login(const std::string& user, const std::string& password,
                            const std::string& address = "10.0.0.1") {
    return call<LoginResult>([&](Reply<LoginResult> r) { auth_->login(user, password, address, std::move(r)); });
  }
  Result<Caller> authenticate(Credentials::Kind kind, const std::string& secret) {
    return call<Caller>(
        [&](Reply<Caller> r) { auth_->authenticate(Credentials{kind, secret}, "10.0.0.9", std::move(r)); });
  }
  Result<Caller> session(const std::string& token) { return authenticate(Credentials::Kind::kSession, token); }
  Result<void> logout(const Caller& c) {
    return call<void>([&](Reply<void> r) { auth_->logout(c, std::move(r)); });
  }
  int failed_logins(const std::string& address) {
    int n = 0;
    for (const auto& e : audit_entries())
      if (e.action == "auth.login_failed" && e.detail == "from " + address) ++n;
    return n;
  }
};

TEST_F(AuthServiceTest, ALoginGivesATokenThatAuthenticates) {
  int64_t mark = last_audit_id();
  auto l = login("agent01", kPassword);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_FALSE(l->token.empty());
  EXPECT_EQ(l->expires_ms, kStartMs + kTtlMs);
  EXPECT_EQ(l->user.username, "agent01");
  EXPECT_EQ(l->user.agent, agent_id(1));

  auto c = session(l->token);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "agent01");
  EXPECT_EQ(c->role, auth::Role::kAgent);
  EXPECT_EQ(c->agent, agent_id(1));
  EXPECT_EQ(c->team, kRed);
  EXPECT_EQ(c->user_id, l->user.id);
  EXPECT_FALSE(c->token_hash.empty());
  EXPECT_EQ(c->address, "10.0.0.9");
  EXPECT_EQ(c->identity(), "user:" + std::to_string(l->user.id));

  auto audit = audit_after(mark);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "auth.login");
  EXPECT_EQ(audit[0].actor, "agent01");
  EXPECT_EQ(audit[0].target, "user:agent01");
  EXPECT_EQ(audit[0].detail, "from 10.0.0.1");
}

TEST_F(AuthServiceTest, ALoggedInCallerIsTheCallerOfItsUserRow) {
  // What the other suites build from user rows is what a login gives.
  for (const char* name : {"admin", "lead.blue", "agent11"}) {
    Caller logged_in = login_caller(name);
    Caller from_row = caller(name);
    EXPECT_EQ(logged_in.name, from_row.name);
    EXPECT_EQ(logged_in.role, from_row.role) << name;
    EXPECT_EQ(logged_in.user_id, from_row.user_id) << name;
    EXPECT_EQ(logged_in.team, from_row.team) << name;
    EXPECT_EQ(logged_in.agent, from_row.agent) << name;
    EXPECT_EQ(logged_in.api_key_id, 0);
    EXPECT_FALSE(logged_in.token_hash.empty());
  }
}

TEST_F(AuthServiceTest, AWrongPasswordAndAnUnknownUserGetTheSameAnswer) {
  auto wrong = login("admin", "not-the-password");
  auto unknown = login("nobody", "not-the-password");
  ASSERT_TRUE(IsError(wrong, ErrorCode::kUnauthenticated, "password"));
  ASSERT_TRUE(IsError(unknown, ErrorCode::kUnauthenticated, "password"));
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().retry_after_ms, unknown.error().retry_after_ms);
  auto failed = audit_after(0, "auth.login_failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].target, "user:admin");
  EXPECT_EQ(failed[1].target, "user:nobody");
  EXPECT_TRUE(audit_after(0, "auth.login").empty());
}

TEST_F(AuthServiceTest, FailuresPerUserAndAddressLockThatPairOut) {
  for (int i = 0; i < kPerUser; ++i)
    EXPECT_TRUE(IsError(login("agent01", "wrong-password"), ErrorCode::kUnauthenticated, "password")) << i;
  auto locked = login("agent01", kPassword);  // even the right password
  ASSERT_TRUE(IsError(locked, ErrorCode::kRateLimited, "username"));
  EXPECT_GT(locked.error().retry_after_ms, 0);
  EXPECT_LE(locked.error().retry_after_ms, kLockoutMs);
  EXPECT_EQ(failed_logins("10.0.0.1"), kPerUser) << "a refused attempt never reaches the password check";

  EXPECT_TRUE(login("agent01", kPassword, "10.0.0.2")) << "another address is another pair";
  EXPECT_TRUE(login("agent02", kPassword, "10.0.0.1")) << "another user from the same address";

  advance(kLockoutMs + 1);
  EXPECT_TRUE(login("agent01", kPassword)) << "the lockout is over";
}

TEST_F(AuthServiceTest, PasswordSprayingFromOneAddressIsStopped) {
  // One failure for each of many usernames: the per-user limit never trips,
  // the per-address one does.
  for (int i = 0; i < kPerAddress; ++i)
    EXPECT_TRUE(IsError(login("user" + std::to_string(i), "wrong-password", "10.6.6.6"), ErrorCode::kUnauthenticated,
                        "password"))
        << i;
  auto refused = login("fresh-user", "wrong-password", "10.6.6.6");
  ASSERT_TRUE(IsError(refused, ErrorCode::kRateLimited, "username"));
  EXPECT_GT(refused.error().retry_after_ms, 0);
  EXPECT_TRUE(IsError(login("admin", kPassword, "10.6.6.6"), ErrorCode::kRateLimited, "username"))
      << "the address is locked for every user";
  EXPECT_EQ(failed_logins("10.6.6.6"), kPerAddress);
  EXPECT_TRUE(login("admin", kPassword, "10.0.0.7")) << "other addresses are not affected";
}

TEST_F(AuthServiceTest, ASuccessDoesNotClearTheAddressCount) {
  for (int i = 0; i < kPerAddress - 1; ++i) ASSERT_FALSE(login("user" + std::to_string(i), "wrong-password"));
  ASSERT_TRUE(login("admin", kPassword));
  EXPECT_FALSE(login("another", "wrong-password"));
  EXPECT_TRUE(IsError(login("yet-another", "wrong-password"), ErrorCode::kRateLimited, "username"));
}

TEST_F(AuthServiceTest, ConcurrentAttemptsNeverExceedTheLimits) {
  constexpr int kThreads = 4, kEach = 5;
  auto fire = [&](const std::function<std::string(int)>& user, const std::string& address) {
    std::vector<Awaited<LoginResult>> replies(kThreads * kEach);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i)
          auth_->login(user(t * kEach + i), "wrong-password", address, replies[t * kEach + i].reply());
      });
    for (auto& th : threads) th.join();
    std::map<ErrorCode, int> outcomes;
    for (auto& a : replies) {
      auto r = a.wait();
      EXPECT_FALSE(r);
      if (!r) ++outcomes[r.error().code];
    }
    return outcomes;
  };

  // One user from one address: only kPerUser attempts reach the check.
  auto one_user = fire([](int) { return std::string("agent01"); }, "10.1.1.1");
  EXPECT_EQ(failed_logins("10.1.1.1"), kPerUser);
  EXPECT_EQ(one_user[ErrorCode::kUnauthenticated], kPerUser);
  EXPECT_EQ(one_user[ErrorCode::kRateLimited], kThreads * kEach - kPerUser);

  // Many users from one address: only kPerAddress.
  auto spray = fire([](int i) { return "user" + std::to_string(i); }, "10.2.2.2");
  EXPECT_EQ(failed_logins("10.2.2.2"), kPerAddress);
  EXPECT_EQ(spray[ErrorCode::kUnauthenticated], kPerAddress);
  EXPECT_EQ(spray[ErrorCode::kRateLimited], kThreads * kEach - kPerAddress);
}

TEST_F(AuthServiceTest, LogoutInvalidatesTheToken) {
  auto l = login("agent02", kPassword);
  ASSERT_TRUE(l);
  auto c = session(l->token);
  ASSERT_TRUE(c);
  ASSERT_TRUE(logout(*c));
  EXPECT_TRUE(IsError(session(l->token), ErrorCode::kUnauthenticated, "authorization"));
  EXPECT_TRUE(logout(*c)) << "logging out twice is not an error";
  EXPECT_TRUE(IsError(logout(integration()), ErrorCode::kInvalidArgument, "authorization"))
      << "API keys cannot log out";
}

TEST_F(AuthServiceTest, MissingOrUnknownCredentialsAreUnauthenticated) {
  EXPECT_TRUE(IsError(authenticate(Credentials::Kind::kNone, "x"), ErrorCode::kUnauthenticated, "authorization"));
  EXPECT_TRUE(IsError(session(""), ErrorCode::kUnauthenticated, "authorization"));
  EXPECT_TRUE(IsError(session("no-such-token"), ErrorCode::kUnauthenticated, "authorization"));
  EXPECT_TRUE(IsError(authenticate(Credentials::Kind::kApiKey, "sy_nope"), ErrorCode::kUnauthenticated,
                      "authorization"));
}

TEST_F(AuthServiceTest, ASessionExpires) {
  auto l = login("agent01", kPassword);
  ASSERT_TRUE(l);
  ASSERT_TRUE(session(l->token));  // now cached
  advance(kTtlMs - 1);
  EXPECT_TRUE(session(l->token));
  advance(1);
  EXPECT_TRUE(IsError(session(l->token), ErrorCode::kUnauthenticated, "authorization"));
  EXPECT_TRUE(IsError(session(l->token), ErrorCode::kUnauthenticated, "authorization")) << "from the store too";
}

TEST_F(AuthServiceTest, AnApiKeyAuthenticatesUntilRevoked) {
  auto key = call<NewApiKey>(
      [&](Reply<NewApiKey> r) { accounts_->create_api_key(admin_, "chat-edge", "integration", std::move(r)); });
  ASSERT_TRUE(key) << key.error().message;
  auto c = authenticate(Credentials::Kind::kApiKey, key->secret);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "apikey:chat-edge");
  EXPECT_EQ(c->role, auth::Role::kIntegration);
  EXPECT_EQ(c->api_key_id, key->key.id);
  EXPECT_EQ(c->user_id, 0);
  EXPECT_TRUE(c->token_hash.empty());
  EXPECT_EQ(c->identity(), "apikey:" + std::to_string(key->key.id));
  EXPECT_TRUE(authenticate(Credentials::Kind::kApiKey, key->secret)) << "cached";
  EXPECT_TRUE(IsError(session(key->secret), ErrorCode::kUnauthenticated, "authorization"))
      << "a key is not a session token";

  auto l = login("admin", kPassword);
  ASSERT_TRUE(l);
  ASSERT_TRUE(session(l->token));
  EXPECT_TRUE(IsError(authenticate(Credentials::Kind::kApiKey, l->token), ErrorCode::kUnauthenticated,
                      "authorization"))
      << "a session token is not a key, cached or not";

  ASSERT_TRUE(call<void>([&](Reply<void> r) { accounts_->revoke_api_key(admin_, key->key.id, std::move(r)); }));
  EXPECT_TRUE(IsError(authenticate(Credentials::Kind::kApiKey, key->secret), ErrorCode::kUnauthenticated,
                      "authorization"));
}

TEST_F(AuthServiceTest, ChangingOrDeletingAUserDropsItsCachedSessions) {
  auto l = login("agent02", kPassword);
  ASSERT_TRUE(l);
  auto before = session(l->token);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->role, auth::Role::kAgent);

  UserInput in{l->user, ""};
  in.user.role = "team_lead";
  in.user.agent = core::kNoId;
  ASSERT_TRUE(call<auth::User>([&](Reply<auth::User> r) { accounts_->update_user(admin_, l->user.id, in, std::move(r)); }));
  auto after = session(l->token);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->role, auth::Role::kTeamLead) << "the cached caller was dropped";
  EXPECT_EQ(after->agent, core::kNoId);
  EXPECT_EQ(after->team, kRed);

  ASSERT_TRUE(call<void>([&](Reply<void> r) { accounts_->delete_user(admin_, l->user.id, std::move(r)); }));
  EXPECT_TRUE(IsError(session(l->token), ErrorCode::kUnauthenticated, "authorization"));
}

TEST_F(AuthServiceTest, ForgetUserDropsOnlyThatUsersEntries) {
  auto a = login("agent01", kPassword);
  auto b = login("agent02", kPassword);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(session(a->token) && session(b->token));
  // Change both rows behind the service's back, then forget one user: only
  // that one is read again.
  for (const char* name : {"agent01", "agent02"}) {
    auto u = auth::AccountRepository(db()).find_user_by_name(name);
    ASSERT_TRUE(u && *u);
    (*u)->role = "quality";
    ASSERT_TRUE(auth::AccountRepository(db()).update_user(**u));
  }
  auth_->forget_user(a->user.id);
  EXPECT_EQ(session(a->token)->role, auth::Role::kQuality);
  EXPECT_EQ(session(b->token)->role, auth::Role::kAgent) << "still cached";
}

}  // namespace
}  // namespace switchyard::app::testing
