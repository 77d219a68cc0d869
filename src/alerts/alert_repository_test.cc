// The alerts module's repository on SQLite and PostgreSQL: rules and their
// state, webhooks, events with their deliveries written together, the
// outbox's due list, attempts, retries and pruning.
#include "alerts/alert_repository.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::alerts {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class AlertRepositoryTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&schema()}; }
  static Rule wait_rule(std::string name) {
    Rule r;
    r.name = std::move(name);
    r.metric = Metric::kLongestWait;
    r.scope = Scope{ScopeKind::kQueue, 4, {}};
    r.raise_at = 60;
    r.clear_at = 30;
    return r;
  }
  static Webhook hook(std::string name) {
    Webhook w;
    w.name = std::move(name);
    w.url = "http://127.0.0.1:9/" + w.name;
    w.secret = "secret-of-" + w.name + "-0123456789";
    w.created_ms = 5;
    return w;
  }
  static Change raised(const Rule& r, std::vector<uint64_t> webhooks, int64_t at) {
    Change c;
    c.event.rule = r.id;
    c.event.rule_name = r.name;
    c.event.metric = r.metric;
    c.event.scope = r.scope;
    c.event.scope_name = "Sales";
    c.event.kind = Kind::kRaised;
    c.event.value = 75;
    c.event.threshold = r.raise_at;
    c.event.at_ms = at;
    c.state = RuleState{true, at, -1};
    c.webhooks = std::move(webhooks);
    return c;
  }
};
TYPED_TEST_SUITE(AlertRepositoryTest, Backends, BackendNames);

TYPED_TEST(AlertRepositoryTest, RulesKeepTheirSpecAndAnEditResetsTheState) {
  AlertRepository repo(this->db());
  Rule r = this->wait_rule("Sales wait");
  r.webhooks = {2};
  auto id = repo.insert_rule(r, 10);
  ASSERT_TRUE(id) << id.error().message;
  r.id = *id;
  auto stored = repo.rule(*id).value();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->rule, r);
  EXPECT_FALSE(stored->state.active);
  SY_ASSERT_OK(repo.record({this->raised(r, {}, 100)}, 100));
  EXPECT_TRUE(repo.rule(*id).value()->state.active);
  // Reopened (a restart): the state is still there.
  this->reopen();
  AlertRepository again(this->db());
  EXPECT_TRUE(again.rule(*id).value()->state.active);
  EXPECT_EQ(again.rule(*id).value()->state.since_ms, 100);
  r.raise_at = 90;
  SY_ASSERT_OK(again.update_rule(r, 200, std::nullopt));
  auto edited = again.rule(*id).value();
  EXPECT_EQ(edited->rule.raise_at, 90);
  EXPECT_FALSE(edited->state.active);
  Rule missing = r;
  missing.id = 999;
  EXPECT_EQ(again.update_rule(missing, 1, std::nullopt).error().code, ErrorCode::kNotFound);
  SY_ASSERT_OK(again.delete_rule(*id, std::nullopt));
  EXPECT_EQ(again.rules().value().size(), 0u);
  EXPECT_EQ(again.delete_rule(*id, std::nullopt).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(AlertRepositoryTest, AnEventAndItsDeliveriesAreWrittenTogetherAndComeDueInOrder) {
  AlertRepository repo(this->db());
  const uint64_t a = repo.insert_webhook(this->hook("a")).value();
  const uint64_t b = repo.insert_webhook(this->hook("b")).value();
  Rule r = this->wait_rule("Sales wait");
  r.id = repo.insert_rule(r, 1).value();
  auto events = repo.record({this->raised(r, {a, b}, 1000)}, 1000);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  const uint64_t ev = (*events)[0].id;
  EXPECT_GT(ev, 0u);
  EXPECT_EQ(repo.next_due().value(), 1000);
  EXPECT_TRUE(repo.due(999, 10).value().empty());
  auto due = repo.due(1000, 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].delivery.webhook, a);
  EXPECT_EQ(due[0].delivery.event, ev);
  EXPECT_EQ(due[0].url, "http://127.0.0.1:9/a");
  EXPECT_EQ(due[0].secret, "secret-of-a-0123456789");
  EXPECT_NE(due[0].body.find("\"raised\""), std::string::npos);
  // a fails for now, b is delivered.
  SY_ASSERT_OK(repo.attempted(due[0].delivery.id, 1100, false, 503, "HTTP 503", 5000));
  SY_ASSERT_OK(repo.attempted(due[1].delivery.id, 1100, true, 204, "", std::nullopt));
  EXPECT_TRUE(repo.due(4999, 10).value().empty());
  EXPECT_EQ(repo.next_due().value(), 5000);
  auto log = repo.deliveries(DeliveryFilter{}).value();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].webhook, b);  // newest first
  EXPECT_EQ(log[0].status, DeliveryStatus::kDelivered);
  EXPECT_EQ(log[0].delivered_ms, 1100);
  EXPECT_EQ(log[1].status, DeliveryStatus::kPending);
  EXPECT_EQ(log[1].attempts, 1);
  EXPECT_EQ(log[1].last_status, 503);
  EXPECT_EQ(log[1].last_error, "HTTP 503");
  // Failed for good, then retried by hand.
  SY_ASSERT_OK(repo.attempted(log[1].id, 5000, false, 0, "connection refused", std::nullopt));
  EXPECT_EQ(repo.next_due().value(), std::nullopt);
  DeliveryFilter failed;
  failed.status = DeliveryStatus::kFailed;
  ASSERT_EQ(repo.deliveries(failed).value().size(), 1u);
  SY_ASSERT_OK(repo.retry(log[1].id, 6000));
  EXPECT_EQ(repo.due(6000, 10).value().size(), 1u);
  EXPECT_EQ(repo.retry(log[0].id, 6000).error().code, ErrorCode::kNotFound);  // delivered stays delivered
  DeliveryFilter for_b;
  for_b.webhook = b;
  EXPECT_EQ(repo.deliveries(for_b).value().size(), 1u);
  // Deleting a webhook fails what it still had pending.
  SY_ASSERT_OK(repo.delete_webhook(a, 7000));
  EXPECT_EQ(repo.next_due().value(), std::nullopt);
  EXPECT_EQ(repo.deliveries(failed).value()[0].last_error, "webhook deleted");
}

TYPED_TEST(AlertRepositoryTest, EventsPageNewestFirstAndPruneKeepsWhatIsPending) {
  AlertRepository repo(this->db());
  const uint64_t a = repo.insert_webhook(this->hook("a")).value();
  Rule r = this->wait_rule("w");
  r.id = repo.insert_rule(r, 1).value();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(repo.record({this->raised(r, i == 4 ? std::vector<uint64_t>{a}
                                                                          : std::vector<uint64_t>{}, i * 100)},
                                                      i * 100));
  auto page = repo.events(0, 2).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_GT(page[0].id, page[1].id);
  EXPECT_EQ(page[0].at_ms, 400);
  EXPECT_EQ(page[0].scope_name, "Sales");
  EXPECT_EQ(repo.events(page[1].id, 10).value().size(), 3u);
  EXPECT_EQ(repo.events(0, 10, r.id + 1).value().size(), 0u);
  // Events before 450 go, except the one whose delivery is pending.
  EXPECT_EQ(repo.prune(450).value(), 4u);
  EXPECT_EQ(repo.events(0, 10).value().size(), 1u);
}

TYPED_TEST(AlertRepositoryTest, AFailedTransactionLeavesNoEventBehind) {
  AlertRepository repo(this->db());
  Rule r = this->wait_rule("w");
  r.id = repo.insert_rule(r, 1).value();
  Change good = this->raised(r, {}, 10);
  Change bad = good;
  bad.event.rule_name = "bad \xff name";  // not UTF-8, not storable: the transaction fails
  EXPECT_FALSE(repo.record({good, bad}, 10));
  EXPECT_EQ(repo.events(0, 10).value().size(), 0u);
  EXPECT_FALSE(repo.rule(r.id).value()->state.active);
}

}  // namespace
}  // namespace switchyard::alerts
