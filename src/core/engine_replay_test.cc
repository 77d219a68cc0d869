// Replaying the event log rebuilds the same engine state, and random command
// streams (valid and invalid) never break the engine.
#include <random>

#include "core/test_util.h"

namespace switchyard::core {
namespace {

using testing::RecordingSink;

// The first line where two state dumps differ, for readable failures.
std::string first_difference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t start = a.rfind('\n', i == 0 ? 0 : i - 1);
  start = start == std::string::npos ? 0 : start + 1;
  auto line = [&](const std::string& s) { return s.substr(start, s.find('\n', start) - start); };
  return "replayed: " + line(a) + "\nlive:     " + line(b);
}

// Two engines that should behave identically emitted the same events.
void expect_same_events(const RecordingSink& a, const RecordingSink& b) {
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i)
    EXPECT_TRUE(a.events[i] == b.events[i]) << "event " << i << ": " << to_string(a.events[i].type())
                                            << " vs " << to_string(b.events[i].type());
}

// Drives an engine with a random but seeded mix of every command.
class Workload {
 public:
  Workload(Engine& e, ManualClock& clock, uint64_t seed) : e_(e), clock_(clock), rng_(seed) {}

  void setup() {
    EngineSettings s;
    s.offer_timeout_ms = 15'000;
    s.missed_backoff_ms = 3'000;
    s.max_consecutive_misses = 2;
    s.default_acw_ms = 4'000;
    ASSERT_TRUE(e_.set_settings(s));
    for (int i = 0; i < 4; ++i) skills_.push_back(*e_.define_skill("s" + std::to_string(i)));
    TeamId team = *e_.define_team("backup");
    SiteId site = *e_.define_site("north");
    for (int i = 0; i < 4; ++i) {
      QueueConfig q;
      q.name = "q" + std::to_string(i);
      q.channel = i == 3 ? Channel::kChat : Channel::kVoice;
      q.skills = {{skills_[i], 3}};
      q.priority = i == 0 ? 2 : 0;
      q.strategy = static_cast<Strategy>(i % 5);
      q.bullseye = {BullseyeStep{.after_ms = 20'000, .min_proficiency = 1, .alternative_skills = {},
                                 .add_queues = {}, .add_sites = {}}};
      if (i == 1) {
        q.overflow.threshold_ms = 30'000;
        q.overflow.group_thresholds = {{"vip", 8'000}};
        q.overflow.backup_teams = {team};
        q.max_wait_ms = 120'000;
        q.exit_action = ExitAction::kOverflow;
        q.exit_target = 0;
      }
      if (i == 2) {
        q.max_wait_ms = 90'000;
        q.exit_action = ExitAction::kCallback;
        q.max_length = 6;
      }
      queues_.push_back(*e_.configure_queue(q));
    }
    for (int i = 0; i < 12; ++i) {
      AgentConfig a;
      a.name = "a" + std::to_string(i);
      a.team = i % 4 == 0 ? team : kNoId;
      a.site = site;
      a.skills = {{skills_[i % 4], 1 + i % 5}, {skills_[(i + 1) % 4], 3}};
      a.capacity = {1, 2, 1, 1, 1};
      agents_.push_back(*e_.configure_agent(a));
      ASSERT_TRUE(e_.login(agents_.back()));
    }
    // One agent that never logs in: logged out since its creation.
    clock_.advance_ms(1'000);
    AgentConfig idle;
    idle.name = "never";
    idle.skills = {{skills_[0], 5}};
    ASSERT_TRUE(e_.configure_agent(idle));
  }

  // One random step: a command (possibly invalid) or time passing.
  void step() {
    std::uniform_int_distribution<int> pick(0, 99);
    int p = pick(rng_);
    AgentId a = agents_[rng_() % agents_.size()];
    auto view = e_.agent(a);
    ContactId mine = view->contacts.empty() ? kNoContact : view->contacts[rng_() % view->contacts.size()];
    if (p < 25) {
      ContactSpec s;
      s.queue = queues_[rng_() % queues_.size()];
      s.channel = e_.queue_config(s.queue)->channel;
      s.priority = static_cast<int>(rng_() % 3);
      s.customer_group = rng_() % 4 == 0 ? "vip" : "standard";
      s.customer_id = "c" + std::to_string(rng_() % 50);
      auto r = e_.create_contact(s);
      if (r && r->state != ContactState::kRefused) contacts_.push_back(r->id);
    } else if (p < 40) {
      (void)e_.accept(a, mine);
    } else if (p < 44) {
      (void)e_.reject(a, mine);
    } else if (p < 56) {
      (void)e_.end_contact(a, mine);
    } else if (p < 59) {
      (void)e_.hold(a, mine);
      (void)e_.resume(a, mine);
    } else if (p < 62) {
      (void)e_.end_wrapup(a, mine, "ok");
    } else if (p < 67) {
      if (!contacts_.empty()) (void)e_.abandon(contacts_[rng_() % contacts_.size()]);
    } else if (p < 69) {
      if (rng_() % 2 == 0) {
        (void)e_.transfer(a, mine, queues_[rng_() % queues_.size()], rng_() % 2 == 0);
      } else {  // to an agent (busy, free, logged out or itself), waiting 1-20 s
        Engine::TransferTo to{rng_() % 3 == 0 ? queues_[rng_() % queues_.size()] : kNoId,
                              agents_[rng_() % agents_.size()], 1'000 + static_cast<int64_t>(rng_() % 19'000),
                              rng_() % 2 == 0};
        (void)e_.transfer(a, mine, to);
      }
    } else if (p < 71) {
      if (!contacts_.empty()) (void)e_.request_callback(contacts_[rng_() % contacts_.size()]);
    } else if (p < 74) {
      (void)e_.set_not_ready(a, "break");
    } else if (p < 79) {
      (void)e_.set_ready(a);
    } else if (p < 80) {
      if (e_.logout(a)) (void)e_.login(a, rng_() % 2 == 0);
    } else if (p < 81) {
      // Live reconfiguration of a queue and an agent.
      QueueConfig q = *e_.queue_config(queues_[1]);
      q.skills = {{skills_[1], static_cast<int>(1 + rng_() % 5)}};
      // New thresholds move the overflow marks of contacts already waiting
      // and may end overflow mode at once.
      q.overflow.threshold_ms = 10'000 + static_cast<int64_t>(rng_() % 40'000);
      q.overflow.use_ewt = rng_() % 2 == 0;
      ASSERT_TRUE(e_.configure_queue(q));
      AgentConfig ac = *e_.agent_config(a);
      ac.skills = {{skills_[rng_() % 4], static_cast<int>(1 + rng_() % 5)}};
      ASSERT_TRUE(e_.configure_agent(ac));
    } else if (p < 83) {
      // Garbage: unknown ids must give errors, not crashes.
      EXPECT_FALSE(e_.accept(static_cast<AgentId>(rng_() % 1000 + 100), rng_()));
      EXPECT_FALSE(e_.abandon(rng_()));
      EXPECT_FALSE(e_.transfer(a, mine, 999, false));
    } else {
      clock_.advance_ms(static_cast<int64_t>(rng_() % 9'000));
      e_.advance();
    }
  }

 private:
  Engine& e_;
  ManualClock& clock_;
  std::mt19937_64 rng_;
  std::vector<SkillId> skills_;
  std::vector<QueueId> queues_;
  std::vector<AgentId> agents_;
  std::vector<ContactId> contacts_;
};

class ReplayTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(ReplayTest, ReplayRebuildsTheSameState) {
  ManualClock clock(5'000'000);
  RecordingSink log;
  Engine live(clock, &log);
  Workload w(live, clock, GetParam());
  w.setup();
  ManualClock replay_clock(0);
  Engine copy(replay_clock);
  size_t applied = 0;
  for (int i = 0; i < 4000; ++i) {
    w.step();
    if (i % 500 == 499) {  // compare at several points, not only the end
      for (; applied < log.events.size(); ++applied) {
        auto r = copy.replay(log.events[applied]);
        ASSERT_TRUE(r) << r.error().message;
      }
      std::string got = copy.dump_state(), want = live.dump_state();
      ASSERT_TRUE(got == want) << "after step " << i << "\n" << first_difference(got, want);
    }
  }
  EXPECT_GT(log.count(EventType::kContactCompleted), 50u);
  EXPECT_GT(log.count(EventType::kBullseyeStep), 0u);
  EXPECT_GT(log.count(EventType::kOfferRejected) + log.count(EventType::kOfferTimedOut), 0u);
  EXPECT_GT(log.count(EventType::kQueueOverflowStarted), 0u);
  EXPECT_EQ(copy.state_digest(), live.state_digest());

  // The replayed engine decides exactly like the original from here on.
  RecordingSink a_tail, b_tail;
  live.set_sink(&a_tail);
  copy.set_sink(&b_tail);
  replay_clock.set_ms(clock.now_ms());
  for (int i = 0; i < 20; ++i) {
    clock.advance_ms(7'000);
    replay_clock.advance_ms(7'000);
    live.advance();
    copy.advance();
  }
  expect_same_events(a_tail, b_tail);
  std::string got = copy.dump_state(), want = live.dump_state();
  EXPECT_TRUE(got == want) << first_difference(got, want);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReplayTest, ::testing::Values(1u, 2u, 3u, 42u));

TEST_P(ReplayTest, SnapshotRestoreGivesTheSameStateAndDecisions) {
  ManualClock clock(5'000'000);
  RecordingSink log;
  Engine live(clock, &log);
  Workload w(live, clock, GetParam());
  w.setup();
  for (int i = 0; i < 2500; ++i) w.step();
  EngineSnapshot snap = live.snapshot();
  ManualClock clock2(0);
  Engine copy(clock2);
  auto r = copy.restore(snap);
  ASSERT_TRUE(r) << r.error().message;
  std::string got = copy.dump_state(), want = live.dump_state();
  ASSERT_TRUE(got == want) << first_difference(got, want);
  EXPECT_EQ(copy.last_seq(), live.last_seq());
  EXPECT_FALSE(copy.restore(snap));  // only into a fresh engine

  // Both go on identically: timers, arrivals, agent actions.
  RecordingSink a_tail, b_tail;
  live.set_sink(&a_tail);
  copy.set_sink(&b_tail);
  clock2.set_ms(clock.now_ms());
  for (int i = 0; i < 30; ++i) {
    for (Engine* e : {&live, &copy}) {
      ContactSpec s;
      s.queue = static_cast<QueueId>(i % 3);
      s.customer_id = "tail" + std::to_string(i);
      ASSERT_TRUE(e->create_contact(s));
      auto v = e->agent(static_cast<AgentId>(i % 12));
      if (!v->contacts.empty()) (void)e->accept(v->id, v->contacts.front());
    }
    clock.advance_ms(5'000);
    clock2.advance_ms(5'000);
    live.advance();
    copy.advance();
  }
  expect_same_events(a_tail, b_tail);
  got = copy.dump_state();
  want = live.dump_state();
  EXPECT_TRUE(got == want) << first_difference(got, want);
}

TEST(Snapshot, RestoreThenReplayTheRestOfTheLog) {
  ManualClock clock(1'000);
  RecordingSink log;
  Engine live(clock, &log);
  Workload w(live, clock, 99);
  w.setup();
  for (int i = 0; i < 1500; ++i) w.step();
  EngineSnapshot snap = live.snapshot();
  size_t cut = log.events.size();
  for (int i = 0; i < 1500; ++i) w.step();
  ManualClock c2(0);
  Engine copy(c2);
  ASSERT_TRUE(copy.restore(snap));
  for (size_t i = cut; i < log.events.size(); ++i) {
    auto r = copy.replay(log.events[i]);
    ASSERT_TRUE(r) << r.error().message;
  }
  std::string got = copy.dump_state(), want = live.dump_state();
  EXPECT_TRUE(got == want) << first_difference(got, want);
}

TEST(Replay, RejectsGapsAndInconsistentEvents) {
  ManualClock clock(0);
  RecordingSink log;
  Engine live(clock, &log);
  ASSERT_TRUE(live.define_skill("s"));
  ManualClock c2(0);
  Engine copy(c2);
  Event e = log.events[0];
  e.seq = 5;
  EXPECT_EQ(copy.replay(e).error().field, "seq");
  Event bad{1, 0, ev::ContactAccepted{77, 0, 0, 0}};
  EXPECT_FALSE(copy.replay(bad));
  EXPECT_EQ(copy.last_seq(), 0u);
}

}  // namespace
}  // namespace switchyard::core
