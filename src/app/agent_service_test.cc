// AgentService: /agents/{id}/login, /logout, /state (ready / not ready with
// a reason code) and /reason-codes.
#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

using core::AgentState;

class AgentServiceTest : public AppFixture {
 protected:
  Result<AgentInfo> presence(const Caller& c, core::AgentId a, Presence p, bool ready = true,
                             const std::string& reason = {}) {
    return call<AgentInfo>(
        [&](Reply<AgentInfo> r) { agents_->set_presence(c, SetPresence{a, p, ready, reason}, std::move(r)); });
  }
  AgentState state_of(core::AgentId a) {
    auto v = on_engine<AgentState>([a](server::TaskContext& ctx) -> Result<AgentState> {
      return ctx.engine.agent(a)->state;
    });
    return v ? *v : AgentState::kLoggedOut;
  }
};

TEST_F(AgentServiceTest, AnAgentLogsInGoesNotReadyAndReadyAndLogsOut) {
  Caller me = caller("agent01");
  auto r = presence(me, agent_id(1), Presence::kLogin);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, agent_id(1));
  EXPECT_EQ(r->live.state, AgentState::kAvailable);

  advance(2'000);
  r = presence(me, agent_id(1), Presence::kNotReady, true, "lunch");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->live.state, AgentState::kNotReady);
  EXPECT_EQ(r->live.reason, "lunch");
  EXPECT_EQ(r->live.state_since_ms, kStartMs + 2'000);

  r = presence(me, agent_id(1), Presence::kReady);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->live.state, AgentState::kAvailable);
  EXPECT_EQ(r->live.reason, "");

  r = presence(me, agent_id(1), Presence::kLogout);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->live.state, AgentState::kLoggedOut);
  EXPECT_EQ(state_of(agent_id(1)), AgentState::kLoggedOut);
}

TEST_F(AgentServiceTest, LoggingInNotReady) {
  auto r = presence(caller("agent01"), agent_id(1), Presence::kLogin, /*ready=*/false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->live.state, AgentState::kNotReady);
  create_contact(kBilling);
  EXPECT_EQ(state_of(agent_id(1)), AgentState::kNotReady) << "nothing is offered to it";
}

TEST_F(AgentServiceTest, EveryAgentReasonCodeIsAcceptedAndOthersAreNot) {
  Caller me = caller("agent01");
  ASSERT_TRUE(presence(me, agent_id(1), Presence::kLogin));
  for (std::string_view code : AgentService::reason_codes()) {
    auto r = presence(me, agent_id(1), Presence::kNotReady, true, std::string(code));
    ASSERT_TRUE(r) << code << ": " << r.error().message;
    EXPECT_EQ(r->live.reason, code);
  }
  for (const char* bad : {"", "nap", "missed", "end_of_shift", "LUNCH"})
    EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kNotReady, true, bad), ErrorCode::kInvalidArgument,
                        "reason"))
        << "'" << bad << "'";
  EXPECT_TRUE(IsError(presence(me, agent_id(2), Presence::kNotReady, true, "nap"), ErrorCode::kInvalidArgument,
                      "reason"))
      << "checked before anything else";
}

TEST_F(AgentServiceTest, LogoutWhileHoldingAContactIsIllegal) {
  Caller me = caller("agent01");
  ASSERT_TRUE(presence(me, agent_id(1), Presence::kLogin));
  core::ContactId id = create_contact(kBilling);
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kLogout), ErrorCode::kIllegalState, "agent"))
      << "an offer is ringing";
  act(ContactAction::kAccept, id, agent_id(1));
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kLogout), ErrorCode::kIllegalState, "agent"))
      << "talking";
  auto nr = presence(me, agent_id(1), Presence::kNotReady, true, "break");
  ASSERT_TRUE(nr) << "not ready is allowed while busy";
  EXPECT_EQ(nr->live.state, AgentState::kBusy);
  act(ContactAction::kEnd, id, agent_id(1));
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kLogout), ErrorCode::kIllegalState, "agent"))
      << "in wrap-up";
  act(ContactAction::kWrapUp, id, agent_id(1));
  EXPECT_TRUE(presence(me, agent_id(1), Presence::kLogout));
}

TEST_F(AgentServiceTest, IllegalTransitionsAndUnknownAgents) {
  Caller me = caller("agent01");
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kReady), ErrorCode::kIllegalState, "agent"));
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kNotReady, true, "break"), ErrorCode::kIllegalState,
                      "agent"));
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kLogout), ErrorCode::kIllegalState, "agent"));
  ASSERT_TRUE(presence(me, agent_id(1), Presence::kLogin));
  EXPECT_TRUE(IsError(presence(me, agent_id(1), Presence::kLogin), ErrorCode::kIllegalState, "agent"));
  EXPECT_TRUE(IsError(presence(admin_, 20, Presence::kLogin), ErrorCode::kNotFound, "id"));
}

TEST_F(AgentServiceTest, AgentsChangeOnlyThemselvesAndLeadsOnlyTheirTeam) {
  EXPECT_TRUE(IsError(presence(caller("agent01"), agent_id(2), Presence::kLogin), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(IsError(presence(caller("agent11"), agent_id(1), Presence::kLogin), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(IsError(presence(caller("lead.red"), agent_id(11), Presence::kLogin), ErrorCode::kPermissionDenied,
                      "id"));
  EXPECT_TRUE(IsError(presence(caller("lead.blue"), agent_id(5), Presence::kLogin), ErrorCode::kPermissionDenied,
                      "id"));
  for (const char* n : {"quality", "wfm", "reporting"})
    EXPECT_TRUE(IsError(presence(caller(n), agent_id(1), Presence::kLogin), ErrorCode::kPermissionDenied, "")) << n;
  EXPECT_TRUE(IsError(presence(integration(), agent_id(1), Presence::kLogin), ErrorCode::kPermissionDenied, ""));
  for (core::AgentId a = 0; a < 20; ++a) EXPECT_EQ(state_of(a), AgentState::kLoggedOut) << a;

  EXPECT_TRUE(presence(caller("lead.red"), agent_id(5), Presence::kLogin));
  EXPECT_TRUE(presence(caller("lead.red"), agent_id(5), Presence::kNotReady, true, "coaching"));
  EXPECT_TRUE(presence(caller("lead.blue"), agent_id(15), Presence::kLogin));
  EXPECT_TRUE(presence(caller("agent11"), agent_id(11), Presence::kLogin));
  EXPECT_TRUE(presence(admin_, agent_id(20), Presence::kLogin));
  EXPECT_EQ(state_of(agent_id(5)), AgentState::kNotReady);
  EXPECT_EQ(state_of(agent_id(15)), AgentState::kAvailable);
  EXPECT_EQ(state_of(agent_id(11)), AgentState::kAvailable);
  EXPECT_EQ(state_of(agent_id(20)), AgentState::kAvailable);
}

TEST_F(AgentServiceTest, AReadyAgentIsOfferedWaitingWork) {
  core::ContactId id = create_contact(kBilling);
  Caller me = caller("agent02");
  ASSERT_TRUE(presence(me, agent_id(2), Presence::kLogin, false));
  EXPECT_EQ(get_contact(id).state, core::ContactState::kQueued);
  auto r = presence(me, agent_id(2), Presence::kReady);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->live.state, AgentState::kReserved);
  EXPECT_EQ(get_contact(id).live->agent, agent_id(2));
}

}  // namespace
}  // namespace switchyard::app::testing
