#include "eventlog/snapshot_codec.h"

#include <gtest/gtest.h>

#include "core/engine.h"

namespace switchyard::eventlog {
namespace {

TEST(SnapshotJson, RoundTripRestoresTheSameEngineState) {
  ManualClock clock(1'000'000);
  core::Engine e(clock);
  core::SkillId s = *e.define_skill("s");
  core::TeamId t = *e.define_team("t");
  core::QueueConfig q;
  q.name = "q";
  q.skills = {{s, 2}};
  q.bullseye = {core::BullseyeStep{10'000, 1, {}, {}, {}}};
  q.overflow.threshold_ms = 30'000;
  q.overflow.backup_teams = {t};
  core::QueueId qid = *e.configure_queue(q);
  core::AgentConfig a;
  a.name = "a";
  a.team = t;
  a.skills = {{s, 3}};
  core::AgentId aid = *e.configure_agent(a);
  ASSERT_TRUE(e.login(aid));
  for (int i = 0; i < 5; ++i) {
    core::ContactSpec c;
    c.queue = qid;
    c.customer_id = "c" + std::to_string(i);
    c.attributes = {{"topic", "bill \"quoted\""}};
    ASSERT_TRUE(e.create_contact(c));
    clock.advance_ms(3'000);
  }
  e.advance();
  std::string text = snapshot_to_json(e.snapshot());
  auto back = snapshot_from_json(text);
  ASSERT_TRUE(back) << back.error().message;
  ManualClock c2(0);
  core::Engine copy(c2);
  ASSERT_TRUE(copy.restore(*back));
  EXPECT_EQ(copy.dump_state(), e.dump_state());
}

TEST(SnapshotJson, CorruptBlobsAreErrorsNotCrashes) {
  EXPECT_FALSE(snapshot_from_json("not json"));
  EXPECT_FALSE(snapshot_from_json("{}"));
  EXPECT_FALSE(snapshot_from_json(R"({"version":2})"));
  ManualClock clock(0);
  core::Engine e(clock);
  std::string good = snapshot_to_json(e.snapshot());
  std::string bad = good;
  bad.replace(bad.find("\"seq\":0"), 7, "\"seq\":\"x\"");
  auto r = snapshot_from_json(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "snapshot");
}

}  // namespace
}  // namespace switchyard::eventlog
