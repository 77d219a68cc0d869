// RealtimeService: GET /realtime. Roles with scope "all" read the snapshot
// the engine publishes (committed state, refreshed every 250 ms of engine
// time); an agent and a team lead get a view built for them.
#include <set>

#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

using core::AgentState;

class RealtimeServiceTest : public AppFixture {
 protected:
  using Snapshot = std::shared_ptr<const Realtime>;
  Result<Snapshot> get(const Caller& c) {
    return call<Snapshot>([&](Reply<Snapshot> r) { realtime_->get(c, std::move(r)); });
  }
  static std::vector<core::AgentId> agent_ids(const Realtime& r) {
    std::vector<core::AgentId> out;
    for (const auto& a : r.agents) out.push_back(a.id);
    return out;
  }
  static const RealtimeAgent* find(const Realtime& r, core::AgentId a) {
    for (const auto& x : r.agents)
      if (x.id == a) return &x;
    return nullptr;
  }
  // Waits for a published snapshot that reflects `seq`, moving the engine's
  // clock past the refresh period so a new view is taken.
  Snapshot published_at_least(uint64_t seq) {
    Snapshot s;
    for (int i = 0; i < 50; ++i) {
      s = realtime_->latest();
      if (s && s->seq >= seq) return s;
      advance(250);
      eventually([&] {
        auto l = realtime_->latest();
        return l && l->seq >= seq;
      }, std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "no snapshot reflects seq " << seq;
    return s;
  }
};

TEST_F(RealtimeServiceTest, ScopeAllRolesReadThePublishedSnapshot) {
  ASSERT_TRUE(eventually([&] { return realtime_->latest() != nullptr; })) << "the first view is published at start";
  Snapshot latest = realtime_->latest();
  EXPECT_EQ(latest->queues.size(), 4u);
  EXPECT_EQ(latest->agents.size(), 20u);
  EXPECT_EQ(latest->time_ms, kStartMs);
  for (const char* n : {"admin", "quality", "wfm", "reporting"}) {
    auto r = get(caller(n));
    ASSERT_TRUE(r) << n << ": " << r.error().message;
    EXPECT_EQ(r->get(), realtime_->latest().get()) << n << ": the shared snapshot, no engine work";
  }
}

TEST_F(RealtimeServiceTest, AnAgentSeesOnlyItselfAndEveryQueue) {
  auto r = get(caller("agent01"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(agent_ids(**r), std::vector<core::AgentId>{agent_id(1)});
  EXPECT_EQ((*r)->agents[0].name, "agent01");
  EXPECT_EQ((*r)->agents[0].team, kRed);
  ASSERT_EQ((*r)->queues.size(), 4u);
  EXPECT_EQ((*r)->queues[kChat].name, "support-chat");
  EXPECT_EQ((*r)->queues[kChat].channel, core::Channel::kChat);
  EXPECT_NE(r->get(), realtime_->latest().get()) << "a view of its own";
}

TEST_F(RealtimeServiceTest, ATeamLeadSeesOnlyItsTeam) {
  for (auto [lead, team] : {std::pair{"lead.red", kRed}, std::pair{"lead.blue", kBlue}}) {
    auto r = get(caller(lead));
    ASSERT_TRUE(r) << lead;
    EXPECT_EQ((*r)->agents.size(), 10u) << lead;
    for (const auto& a : (*r)->agents) EXPECT_EQ(a.team, team) << lead << " sees " << a.name;
  }
}

TEST_F(RealtimeServiceTest, IntegrationKeysDoNotReadRealtime) {
  EXPECT_TRUE(IsError(get(integration()), ErrorCode::kPermissionDenied, ""));
}

TEST_F(RealtimeServiceTest, ScopedViewsReflectCommittedChangesAtOnce) {
  login_agent(agent_id(1));
  create_contact(kBilling);
  create_contact(kTech);
  auto r = get(caller("agent01"));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->agents[0].state, AgentState::kReserved);
  EXPECT_EQ((*r)->agents[0].contacts, 1u);
  EXPECT_EQ((*r)->queues[kTech].view.waiting, 1u);
  EXPECT_EQ((*r)->seq, host_->durable_seq());

  auto lead = get(caller("lead.red"));
  ASSERT_TRUE(lead);
  EXPECT_EQ(find(**lead, agent_id(1))->state, AgentState::kReserved);
  EXPECT_EQ(find(**lead, agent_id(2))->state, AgentState::kLoggedOut);
}

TEST_F(RealtimeServiceTest, ThePublishedSnapshotFollowsCommittedChanges) {
  ASSERT_TRUE(eventually([&] { return realtime_->latest() != nullptr; }));
  Snapshot before = realtime_->latest();
  EXPECT_EQ(find(*before, agent_id(3))->state, AgentState::kLoggedOut);

  login_agent(agent_id(3));
  auto nr = call<AgentInfo>([&](Reply<AgentInfo> r) {
    agents_->set_presence(admin_, SetPresence{agent_id(3), Presence::kNotReady, true, "meeting"}, std::move(r));
  });
  ASSERT_TRUE(nr);
  create_contact(kSales);
  uint64_t seq = host_->durable_seq();

  Snapshot after = published_at_least(seq);
  ASSERT_TRUE(after);
  EXPECT_GT(after->time_ms, before->time_ms);
  EXPECT_EQ(find(*after, agent_id(3))->state, AgentState::kNotReady);
  EXPECT_EQ(find(*after, agent_id(3))->reason, "meeting");
  EXPECT_EQ(after->queues[kSales].view.waiting, 1u);
  auto admin = get(admin_);
  ASSERT_TRUE(admin);
  EXPECT_GE((*admin)->seq, seq);
  EXPECT_LE((*admin)->seq, host_->durable_seq()) << "only committed state is published";
}

TEST_F(RealtimeServiceTest, SnapshotsCarryTodaysKpis) {
  create_contact(kSales);
  create_contact(kSales);
  core::ContactId gone = create_contact(kTech);
  auto abandoned = call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->abandon(admin_, gone, std::move(r)); });
  ASSERT_TRUE(abandoned);
  wait_projections();
  Snapshot after = published_at_least(host_->durable_seq());
  ASSERT_TRUE(after && after->today);
  EXPECT_EQ(after->today->overall.offered, 3u);
  EXPECT_EQ(after->today->overall.abandoned, 1u);
  auto scoped = get(caller("agent01"));
  ASSERT_TRUE(scoped && (*scoped)->today) << "scoped views carry them too";
  EXPECT_EQ((*scoped)->today->overall.offered, 3u);
}

}  // namespace
}  // namespace switchyard::app::testing
