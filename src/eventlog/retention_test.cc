// Retention keeps what recovery and projections need: old events leave the
// log only once a snapshot covers them and every projection applied them,
// archived first when asked; recovery from the snapshot and the rest of the
// log rebuilds the same engine.
#include "eventlog/retention.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/engine.h"
#include "core/test_util.h"
#include "eventlog/event_log.h"
#include "eventlog/schema.h"
#include "eventlog/snapshot_codec.h"
#include "eventlog/snapshots.h"
#include "storage/db_test_util.h"

namespace switchyard::eventlog {
namespace {

using namespace core;
using storage::testing::Backends;
using storage::testing::BackendNames;

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kHour = 3'600'000;

template <typename B>
class RetentionTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&eventlog::schema()}; }
  void SetUp() override {
    storage::testing::DbFixture<B>::SetUp();
    sk_ = *engine_.define_skill("s");
    QueueConfig q;
    q.name = "q";
    q.skills = {{sk_, 1}};
    queue_ = *engine_.configure_queue(q);
    AgentConfig a;
    a.name = "a";
    a.skills = {{sk_, 1}};
    agent_ = *engine_.configure_agent(a);
    ASSERT_TRUE(engine_.login(agent_));
    // Ten hours of traffic: one handled contact every ten minutes.
    for (int i = 0; i < 60; ++i) {
      clock_.set_ms(kT0 + i * 600'000);
      ContactSpec s;
      s.queue = queue_;
      s.customer_id = "c" + std::to_string(i);
      auto c = engine_.create_contact(s);
      ASSERT_TRUE(c);
      ASSERT_TRUE(engine_.accept(agent_, c->id));
      clock_.set_ms(kT0 + i * 600'000 + 60'000);
      ASSERT_TRUE(engine_.end_contact(agent_, c->id));
    }
    EventLog log(this->db());
    storage::Transaction tx;
    ASSERT_TRUE(log.stage_append(tx, sink_.events));
    ASSERT_TRUE(tx.run(this->db()));
  }
  uint64_t seq_at(int64_t t) { return EventLog(this->db()).first_seq_at(t).value().value(); }
  RetentionPolicy policy(int64_t keep_ms, std::string dir = {}) {
    RetentionPolicy p;
    p.keep_ms = keep_ms;
    p.archive_dir = std::move(dir);
    p.encode = [](const Event& e) { return std::to_string(e.seq); };
    p.batch_events = 7;  // several transactions
    return p;
  }

  ManualClock clock_{kT0};
  core::testing::RecordingSink sink_;
  Engine engine_{clock_, &sink_};
  SkillId sk_ = 0;
  QueueId queue_ = 0;
  AgentId agent_ = 0;
};
TYPED_TEST_SUITE(RetentionTest, Backends, BackendNames);

TYPED_TEST(RetentionTest, KeepsWhatNoSnapshotCoversOrAProjectionStillNeeds) {
  const int64_t now = kT0 + 10 * kHour;
  const uint64_t last = this->sink_.events.back().seq;
  // No snapshot yet: nothing may go, however old.
  auto r = apply_retention(this->db(), this->policy(kHour), now, last);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->deleted, 0u);
  EXPECT_EQ(r->first_seq, 1u);
  // A snapshot at 5 h, a projection behind at 3 h: that is the floor.
  const uint64_t snap = this->seq_at(kT0 + 5 * kHour) - 1;
  SY_ASSERT_OK(SnapshotStore(this->db()).save(snap, "s"));
  const uint64_t projection = this->seq_at(kT0 + 3 * kHour) - 1;
  RetentionPolicy paced = this->policy(kHour);
  int pauses = 0;
  paced.between_batches = [&] { ++pauses; };
  r = apply_retention(this->db(), paced, now, projection);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->deleted, projection);
  EXPECT_EQ(pauses, static_cast<int>((projection + 6) / 7) - 1) << "a pause between two batches of 7";
  EXPECT_EQ(r->first_seq, projection + 1);
  // The projection caught up: the snapshot is the floor now.
  r = apply_retention(this->db(), this->policy(kHour), now, last);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first_seq, snap + 1);
  // Young events stay whatever the snapshot: 8 h of retention keeps 2 h+.
  RetentionPolicy long_keep = this->policy(8 * kHour);
  r = apply_retention(this->db(), long_keep, now, last);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->deleted, 0u);
  // keep_ms 0 keeps everything.
  EXPECT_EQ(apply_retention(this->db(), this->policy(0), now, last)->deleted, 0u);
}

TYPED_TEST(RetentionTest, ArchivesThenDeletesAndRecoveryStillRebuildsTheEngine) {
  const int64_t now = kT0 + 10 * kHour;
  const uint64_t snap = this->seq_at(kT0 + 6 * kHour) - 1;
  // The snapshot as the server takes it: the engine state at `snap`.
  {
    ManualClock c;
    Engine at_snap(c);
    for (const Event& e : this->sink_.events) {
      if (e.seq > snap) break;
      ASSERT_TRUE(at_snap.replay(e));
    }
    SY_ASSERT_OK(SnapshotStore(this->db()).save(snap, snapshot_to_json(at_snap.snapshot())));
  }
  std::string dir = this->dir_ + "/archive";
  auto r = apply_retention(this->db(), this->policy(2 * kHour, dir), now, UINT64_MAX);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->deleted, snap);
  // The archive holds exactly the deleted events, in order.
  std::ifstream in(r->archive_file);
  ASSERT_TRUE(in) << r->archive_file;
  uint64_t expect = 1, seq = 0;
  while (in >> seq) EXPECT_EQ(seq, expect++);
  EXPECT_EQ(expect, snap + 1);
  // Recovery: the snapshot, then the log that is left.
  auto blob = SnapshotStore(this->db()).latest().value();
  ASSERT_TRUE(blob);
  auto restored = snapshot_from_json(blob->blob);
  ASSERT_TRUE(restored);
  ManualClock c;
  Engine recovered(c);
  ASSERT_TRUE(recovered.restore(*restored));
  SY_ASSERT_OK(EventLog(this->db()).load(recovered.last_seq(), [&](Event&& e) {
    EXPECT_TRUE(recovered.replay(e));
    return true;
  }));
  EXPECT_EQ(recovered.dump_state(), this->engine_.dump_state());
  // Running again removes nothing more.
  EXPECT_EQ(apply_retention(this->db(), this->policy(2 * kHour, dir), now, UINT64_MAX)->deleted, 0u);
}

}  // namespace
}  // namespace switchyard::eventlog
