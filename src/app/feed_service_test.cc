// FeedService: the /events WebSocket's subscriptions, narrowed to the
// caller's scope and its filter, resumable from a seq without gaps or
// duplicates.
#include <sstream>
#include <thread>

#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

struct Parsed {
  uint64_t seq = 0;
  std::string type;
  core::AgentId agent = core::kNoId;
  core::QueueId queue = core::kNoId;
};

Parsed parse(const std::string& text) {
  Parsed p;
  std::istringstream in(text);
  in >> p.seq >> p.type >> p.agent >> p.queue;
  return p;
}

class FeedServiceTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    auto id = subscribe(admin_, {}, witness_);
    ASSERT_TRUE(id) << id.error().message;
  }
  Result<uint64_t> subscribe(const Caller& c, FeedFilter f, Received& into) {
    return call<uint64_t>([&](Reply<uint64_t> r) { feeds_->subscribe(c, f, into.sink(), std::move(r)); });
  }
  // Waits until every subscriber was sent every durable event: the witness
  // (all events) has the last one, and the feed's lock, held while a batch
  // is delivered, is free.
  void delivered() {
    sync();
    uint64_t last = host_->durable_seq();
    ASSERT_TRUE(witness_.wait_for_seq(last)) << "the witness never got seq " << last;
    (void)feed_->subscribers();
  }
  static std::vector<Parsed> parsed(const Received& r) {
    std::vector<Parsed> out;
    for (const auto& e : r.events()) out.push_back(parse(e));
    return out;
  }
  void presence(core::AgentId a, Presence p, const std::string& reason = {}) {
    auto r = call<AgentInfo>(
        [&](Reply<AgentInfo> reply) { agents_->set_presence(admin_, SetPresence{a, p, true, reason}, std::move(reply)); });
    EXPECT_TRUE(r) << r.error().message;
  }
  // Some traffic touching red and blue agents and two queues.
  void traffic() {
    login_agent(agent_id(1));
    login_agent(agent_id(2));
    login_agent(agent_id(11));
    presence(agent_id(11), Presence::kNotReady, "break");
    create_contact(kBilling);  // offered to agent01 or agent02
    create_contact(kTech);     // waits
    presence(agent_id(11), Presence::kReady);
  }

  Received witness_;
};

TEST_F(FeedServiceTest, AnAdminGetsEveryCommittedEventInOrder) {
  uint64_t start = host_->durable_seq();
  traffic();
  delivered();
  std::vector<uint64_t> want;
  for (uint64_t s = start + 1; s <= host_->durable_seq(); ++s) want.push_back(s);
  EXPECT_EQ(witness_.seqs(), want);
  auto events = parsed(witness_);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type, "agent_logged_in");
  EXPECT_EQ(events[0].agent, agent_id(1));
}

TEST_F(FeedServiceTest, FiltersByQueueAgentAndTeam) {
  Received billing, agent02, blue;
  ASSERT_TRUE(subscribe(admin_, FeedFilter{kBilling, {}, {}, 0}, billing));
  ASSERT_TRUE(subscribe(caller("quality"), FeedFilter{{}, {}, agent_id(2), 0}, agent02));
  ASSERT_TRUE(subscribe(caller("reporting"), FeedFilter{{}, kBlue, {}, 0}, blue));
  traffic();
  delivered();

  ASSERT_FALSE(parsed(billing).empty());
  for (const Parsed& e : parsed(billing)) EXPECT_EQ(e.queue, kBilling) << e.seq << " " << e.type;
  ASSERT_FALSE(parsed(agent02).empty());
  for (const Parsed& e : parsed(agent02)) EXPECT_EQ(e.agent, agent_id(2)) << e.seq << " " << e.type;
  ASSERT_FALSE(parsed(blue).empty());
  for (const Parsed& e : parsed(blue)) EXPECT_EQ(e.agent, agent_id(11)) << e.seq << " " << e.type;

  // Nothing that passes a filter is missing.
  size_t billing_total = 0, agent02_total = 0, blue_total = 0;
  for (const Parsed& e : parsed(witness_)) {
    billing_total += e.queue == kBilling;
    agent02_total += e.agent == agent_id(2);
    blue_total += e.agent >= 10 && e.agent < 20;
  }
  EXPECT_EQ(billing.events().size(), billing_total);
  EXPECT_EQ(agent02.events().size(), agent02_total);
  EXPECT_EQ(blue.events().size(), blue_total);
}

TEST_F(FeedServiceTest, AnAgentGetsOnlyItsOwnAgentsEvents) {
  Received mine;
  ASSERT_TRUE(subscribe(caller("agent01"), {}, mine));
  Received explicit_mine;
  ASSERT_TRUE(subscribe(caller("agent01"), FeedFilter{{}, {}, agent_id(1), 0}, explicit_mine));
  EXPECT_TRUE(IsError(subscribe(caller("agent01"), FeedFilter{{}, {}, agent_id(2), 0}, mine),
                      ErrorCode::kPermissionDenied, "agent"));
  traffic();
  delivered();
  ASSERT_FALSE(mine.events().empty());
  for (const Parsed& e : parsed(mine)) EXPECT_EQ(e.agent, agent_id(1)) << e.seq << " " << e.type;
  EXPECT_EQ(mine.events(), explicit_mine.events());

  Caller no_agent = role_only(auth::Role::kAgent);
  EXPECT_TRUE(IsError(subscribe(no_agent, {}, mine), ErrorCode::kPermissionDenied, "agent"));
}

TEST_F(FeedServiceTest, ATeamLeadGetsOnlyItsTeamsEvents) {
  Received red;
  ASSERT_TRUE(subscribe(caller("lead.red"), {}, red));
  EXPECT_TRUE(IsError(subscribe(caller("lead.red"), FeedFilter{{}, kBlue, {}, 0}, red), ErrorCode::kPermissionDenied,
                      "team"));
  EXPECT_TRUE(IsError(subscribe(role_only(auth::Role::kTeamLead), {}, red), ErrorCode::kPermissionDenied, "team"));
  traffic();
  delivered();
  ASSERT_FALSE(red.events().empty());
  for (const Parsed& e : parsed(red)) EXPECT_LT(e.agent, 10u) << e.seq << " " << e.type << ": not a red agent";
}

TEST_F(FeedServiceTest, ATeamLeadMayFollowOneAgentOfItsTeamOnly) {
  Received one;
  EXPECT_TRUE(IsError(subscribe(caller("lead.red"), FeedFilter{{}, {}, agent_id(11), 0}, one),
                      ErrorCode::kPermissionDenied, "agent"))
      << "an agent of another team is more than the lead's scope";
  ASSERT_TRUE(subscribe(caller("lead.red"), FeedFilter{{}, {}, agent_id(2), 0}, one));
  traffic();
  delivered();
  ASSERT_FALSE(one.events().empty());
  for (const Parsed& e : parsed(one)) EXPECT_EQ(e.agent, agent_id(2)) << e.seq << " " << e.type;
}

TEST_F(FeedServiceTest, EveryRoleWithScopeAllMaySubscribeToAnything) {
  for (const Caller& c : {caller("quality"), caller("wfm"), caller("reporting"), integration()}) {
    Received r;
    EXPECT_TRUE(subscribe(c, FeedFilter{{}, kRed, agent_id(3), 0}, r)) << c.name;
  }
}

TEST_F(FeedServiceTest, ResumingFromASeqGivesTheBacklogThenLiveWithoutGapsOrDuplicates) {
  for (core::AgentId a = 0; a < 6; ++a) login_agent(a);
  uint64_t early = host_->durable_seq();
  for (core::AgentId a = 6; a < 10; ++a) login_agent(a);

  // Subscriptions resume while events keep coming.
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (core::AgentId a = 10; a < 20; ++a) login_agent(a);
    for (int i = 0; i < 10; ++i) create_contact(i % 2 ? kTech : kSales, "c" + std::to_string(i));
    done = true;
  });
  std::vector<std::pair<uint64_t, std::unique_ptr<Received>>> resumed;
  for (uint64_t since : {uint64_t{1}, early, host_->durable_seq()}) {
    auto r = std::make_unique<Received>();
    auto id = subscribe(admin_, FeedFilter{{}, {}, {}, since}, *r);
    ASSERT_TRUE(id) << id.error().message;
    resumed.emplace_back(since, std::move(r));
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  producer.join();
  ASSERT_TRUE(done);
  delivered();

  uint64_t last = host_->durable_seq();
  for (auto& [since, r] : resumed) {
    ASSERT_TRUE(r->wait_for_seq(last)) << "since " << since;
    (void)feed_->subscribers();
    std::vector<uint64_t> want;
    for (uint64_t s = since + 1; s <= last; ++s) want.push_back(s);
    EXPECT_EQ(r->seqs(), want) << "since " << since;
  }
}

TEST_F(FeedServiceTest, AResumedFeedIsFilteredToo) {
  uint64_t start = host_->durable_seq();
  traffic();
  delivered();
  Received mine;
  ASSERT_TRUE(subscribe(caller("agent01"), FeedFilter{{}, {}, {}, start}, mine));
  login_agent(agent_id(3));  // while it catches up
  presence(agent_id(1), Presence::kNotReady, "break");
  delivered();
  // Agent01's events after `start`, as the unfiltered witness saw them.
  std::vector<std::string> want;
  for (const std::string& e : witness_.events())
    if (parse(e).agent == agent_id(1)) want.push_back(e);
  ASSERT_FALSE(want.empty());
  EXPECT_TRUE(eventually([&] { return mine.events().size() >= want.size(); })) << "caught up";
  EXPECT_EQ(mine.events(), want);
  auto events = parsed(mine);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().type, "agent_logged_in") << "the backlog first";
  EXPECT_EQ(events.back().type, "agent_not_ready") << "then live";
}

TEST_F(FeedServiceTest, UnsubscribedOrClosedSubscribersGetNothingMore) {
  Received gone, closed;
  auto id = subscribe(admin_, {}, gone);
  ASSERT_TRUE(id);
  ASSERT_TRUE(subscribe(admin_, {}, closed));
  EXPECT_EQ(feed_->subscribers(), 3u);
  feeds_->unsubscribe(*id);
  EXPECT_EQ(feed_->subscribers(), 2u);
  closed.close();  // its sink now reports the subscriber gone
  login_agent(agent_id(1));
  delivered();
  EXPECT_TRUE(gone.events().empty());
  EXPECT_TRUE(closed.events().empty());
  EXPECT_EQ(feed_->subscribers(), 1u) << "the closed one was dropped at its first event";
}

}  // namespace
}  // namespace switchyard::app::testing
