// The alerts module's pure part: rule validation, evaluation with
// hysteresis and a hold time, the readings, signatures and back-off.
#include "alerts/alerts.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "alerts/readings.h"
#include "alerts/webhook_dispatcher.h"

namespace switchyard::alerts {
namespace {

namespace json = boost::json;

Rule parse_ok(std::string_view text) {
  auto r = rule_from_json(json::parse(text));
  EXPECT_TRUE(r) << text << ": " << r.error().message;
  return r ? *r : Rule{};
}

Error parse_bad(std::string_view text) {
  auto r = rule_from_json(json::parse(text));
  EXPECT_FALSE(r) << text;
  return r ? Error{} : r.error();
}

TEST(AlertRules, ReadWithDefaultsAndRoundTrip) {
  Rule r = parse_ok(R"({"name":"Sales wait","metric":"longest_wait","scope":{"queue":2},"raise_at":60,
                        "clear_at":30,"for_s":5,"webhooks":[1,3]})");
  EXPECT_EQ(r.metric, Metric::kLongestWait);
  EXPECT_EQ(r.scope.kind, ScopeKind::kQueue);
  EXPECT_EQ(r.scope.queue, 2u);
  EXPECT_EQ(r.window, Window::kNow);
  EXPECT_EQ(r.for_ms, 5000);
  EXPECT_EQ(r.webhooks, (std::vector<uint64_t>{1, 3}));
  Rule sl = parse_ok(R"({"name":"VIP SL","metric":"service_level","scope":{"customer_group":"vip"},"raise_at":0.8})");
  EXPECT_EQ(sl.window, Window::k15m);  // ratios default to the 15 min window
  EXPECT_EQ(sl.clear_at, 0.8);         // no hysteresis unless asked
  EXPECT_EQ(sl.min_contacts, 10u);
  // What the API renders reads back to the same rule.
  EXPECT_EQ(parse_ok(json::serialize(rule_to_json(r))), r);
  EXPECT_EQ(parse_ok(json::serialize(rule_to_json(sl))), sl);
}

TEST(AlertRules, BadRulesNameTheField) {
  EXPECT_EQ(parse_bad(R"({"metric":"ewt","scope":{"queue":1},"raise_at":1})").field, "name");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"speed","scope":{"queue":1},"raise_at":1})").field, "metric");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{},"raise_at":1})").field, "scope");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1,"customer_group":"a"},"raise_at":1})").field,
            "scope");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":"a"},"raise_at":1})").field, "scope.queue");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1}})").field, "raise_at");
  // Hysteresis the wrong way round would never clear.
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1},"raise_at":60,"clear_at":90})").field,
            "clear_at");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"service_level","scope":{"queue":1},"raise_at":0.8,"clear_at":0.7})")
                .field,
            "clear_at");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"service_level","scope":{"queue":1},"raise_at":80})").field,
            "raise_at");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"service_level","scope":{"queue":1},"raise_at":0.8,"window":"now"})")
                .field,
            "window");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1},"raise_at":1,"window":"15m"})").field,
            "window");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"available_agents","scope":{"customer_group":"vip"},"raise_at":1})")
                .field,
            "scope");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1},"raise_at":1,"for_s":-1})").field, "for_s");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1},"raise_at":1,"webhooks":[0]})").field,
            "webhooks[0]");
  EXPECT_EQ(parse_bad(R"({"name":"x","metric":"ewt","scope":{"queue":1},"raise_at":1,"colour":"red"})").field,
            "colour");
}

TEST(AlertWebhooks, UrlAndSecretAreChecked) {
  EXPECT_TRUE(webhook_from_json(json::parse(R"({"name":"ops","url":"https://example.com/hook"})")));
  EXPECT_EQ(webhook_from_json(json::parse(R"({"name":"ops","url":"ftp://x"})")).error().field, "url");
  EXPECT_EQ(webhook_from_json(json::parse(R"({"name":"ops","url":"http://x","secret":"short"})")).error().field,
            "secret");
  Webhook w;
  w.secret = "do-not-show-this-secret";
  EXPECT_FALSE(webhook_to_json(w).contains("secret"));
}

TEST(AlertStep, RaisesAboveAndClearsAtTheLowerThreshold) {
  Rule r;
  r.metric = Metric::kLongestWait;
  r.raise_at = 60;
  r.clear_at = 30;
  RuleState s;
  EXPECT_FALSE(step(r, s, 60.0, 0));  // at the threshold: not above
  auto up = step(r, s, 61.0, 1000);
  ASSERT_TRUE(up);
  EXPECT_EQ(up->kind, Kind::kRaised);
  EXPECT_EQ(up->value, 61.0);
  EXPECT_EQ(up->threshold, 60.0);
  EXPECT_TRUE(s.active);
  EXPECT_EQ(s.since_ms, 1000);
  // Hovering between the two thresholds changes nothing.
  EXPECT_FALSE(step(r, s, 45.0, 2000));
  EXPECT_FALSE(step(r, s, 70.0, 3000));
  EXPECT_FALSE(step(r, s, std::nullopt, 3500));  // no reading: nothing
  auto down = step(r, s, 30.0, 4000);
  ASSERT_TRUE(down);
  EXPECT_EQ(down->kind, Kind::kCleared);
  EXPECT_EQ(down->threshold, 30.0);
  EXPECT_FALSE(s.active);
  EXPECT_FALSE(step(r, s, 45.0, 5000));  // below raise_at: stays clear
}

TEST(AlertStep, LowerIsWorseForServiceLevelAndAgents) {
  Rule r;
  r.metric = Metric::kAvailableAgents;
  r.raise_at = 2;  // fewer than 2 available
  r.clear_at = 3;
  RuleState s;
  EXPECT_FALSE(step(r, s, 2.0, 0));
  ASSERT_TRUE(step(r, s, 1.0, 1));
  EXPECT_FALSE(step(r, s, 2.0, 2));
  auto c = step(r, s, 3.0, 3);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, Kind::kCleared);
}

TEST(AlertStep, HoldTimeMustPassWithoutARecovery) {
  Rule r;
  r.metric = Metric::kEwt;
  r.raise_at = 60;
  r.clear_at = 60;
  r.for_ms = 10'000;
  RuleState s;
  EXPECT_FALSE(step(r, s, 90.0, 0));
  EXPECT_FALSE(step(r, s, 90.0, 9'999));
  EXPECT_FALSE(step(r, s, 50.0, 10'000));  // recovered: the hold starts again
  EXPECT_FALSE(step(r, s, 90.0, 11'000));
  EXPECT_FALSE(step(r, s, 90.0, 20'999));
  auto up = step(r, s, 90.0, 21'000);
  ASSERT_TRUE(up);
  EXPECT_EQ(s.since_ms, 21'000);
}

TEST(AlertReadings, GaugesFromTheQueueAndGroupViewsRatiosFromTheKpis) {
  std::vector<core::QueueView> queues(2);
  queues[1].longest_wait_ms = 42'500;
  queues[1].ewt_ms = 30'000;
  queues[1].agents_by_state[static_cast<int>(core::AgentState::kAvailable)] = 3;
  queues[0].ewt_ms = -1;  // no estimate
  std::vector<core::GroupView> groups(1);
  groups[0].group = "vip";
  groups[0].longest_wait_ms = 7'000;
  groups[0].ewt_ms = 12'000;
  metrics::TodayKpis kpis;
  metrics::KpiEntry e;
  e.dim = metrics::Dim::kQueue;
  e.id = 1;
  e.last_15m.offered = 12;
  e.last_15m.short_abandoned = 2;
  e.last_15m.service_level = 0.7;
  e.last_15m.abandon_rate = 0.25;
  e.today.offered = 100;
  e.today.service_level = 0.9;
  kpis.entries.push_back(e);
  metrics::KpiEntry g;
  g.dim = metrics::Dim::kGroup;
  g.id = 5;
  g.name = "vip";
  g.last_60m.offered = 20;
  g.last_60m.abandon_rate = 0.1;
  kpis.entries.push_back(g);
  Readings in{queues, groups, &kpis};
  auto rule = [](Metric m, Scope s, Window w = Window::kNow, uint32_t min = 10) {
    Rule r;
    r.metric = m;
    r.scope = std::move(s);
    r.window = w;
    r.min_contacts = min;
    return r;
  };
  const Scope q1{ScopeKind::kQueue, 1, {}};
  EXPECT_EQ(read(rule(Metric::kLongestWait, q1), in), 42.5);
  EXPECT_EQ(read(rule(Metric::kEwt, q1), in), 30.0);
  EXPECT_EQ(read(rule(Metric::kEwt, Scope{ScopeKind::kQueue, 0, {}}), in), std::nullopt);
  EXPECT_EQ(read(rule(Metric::kAvailableAgents, q1), in), 3.0);
  EXPECT_EQ(read(rule(Metric::kLongestWait, Scope{ScopeKind::kQueue, 9, {}}), in), std::nullopt);  // no queue
  EXPECT_EQ(read(rule(Metric::kServiceLevel, q1, Window::k15m), in), 0.7);  // 10 counted contacts
  EXPECT_EQ(read(rule(Metric::kServiceLevel, q1, Window::k15m, 11), in), std::nullopt);
  EXPECT_EQ(read(rule(Metric::kAbandonRate, q1, Window::k15m, 12), in), 0.25);
  EXPECT_EQ(read(rule(Metric::kServiceLevel, q1, Window::kToday), in), 0.9);
  EXPECT_EQ(read(rule(Metric::kServiceLevel, q1, Window::k60m), in), std::nullopt);  // nothing offered
  const Scope vip{ScopeKind::kGroup, core::kNoId, "vip"};
  EXPECT_EQ(read(rule(Metric::kLongestWait, vip), in), 7.0);
  EXPECT_EQ(read(rule(Metric::kEwt, vip), in), 12.0);
  EXPECT_EQ(read(rule(Metric::kLongestWait, Scope{ScopeKind::kGroup, core::kNoId, "gold"}), in), 0.0);  // none waiting
  EXPECT_EQ(read(rule(Metric::kAbandonRate, vip, Window::k60m), in), 0.1);  // the group's live KPIs, by name
  EXPECT_EQ(read(rule(Metric::kAbandonRate, vip, Window::k15m), in), std::nullopt);
  EXPECT_EQ(read(rule(Metric::kAbandonRate, Scope{ScopeKind::kGroup, core::kNoId, "gold"}, Window::k60m), in),
            std::nullopt);
}

TEST(AlertWebhooks, SignatureIsHmacSha256OfTimestampDotBody) {
  // Reference value: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'topsecret-0123456789'
  EXPECT_EQ(signature("topsecret-0123456789", "1700000000", R"({"a":1})"),
            "626e5ba229f6bb6d3f4106bca9a65587340c1de8729475535aca9ac9323003ff");
  EXPECT_NE(signature("topsecret-0123456789", "1700000001", R"({"a":1})"),
            signature("topsecret-0123456789", "1700000000", R"({"a":1})"));
}

TEST(AlertWebhooks, BackOffDoublesUpToTheCap) {
  DispatchOptions o;
  o.retry_base_ms = 1'000;
  o.retry_max_ms = 5'000;
  EXPECT_EQ(backoff_ms(1, o), 1'000);
  EXPECT_EQ(backoff_ms(2, o), 2'000);
  EXPECT_EQ(backoff_ms(3, o), 4'000);
  EXPECT_EQ(backoff_ms(4, o), 5'000);
  EXPECT_EQ(backoff_ms(60, o), 5'000);
}

TEST(AlertEvents, JsonRoundTripsAndNoValueIsNull) {
  AlertEvent e;
  e.id = 7;
  e.rule = 3;
  e.rule_name = "Sales \"wait\"";
  e.metric = Metric::kServiceLevel;
  e.window = Window::k60m;
  e.scope = Scope{ScopeKind::kGroup, core::kNoId, "vip"};
  e.scope_name = "vip";
  e.kind = Kind::kCleared;
  e.value = std::numeric_limits<double>::quiet_NaN();
  e.threshold = 0.8;
  e.reason = "rule deleted";
  e.at_ms = 1'700'000'000'000;
  const std::string text = json::serialize(event_to_json(e));
  EXPECT_NE(text.find(R"("value":null)"), std::string::npos) << text;
  auto back = event_from_json(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, 7u);
  EXPECT_EQ(back->rule_name, e.rule_name);
  EXPECT_EQ(back->scope, e.scope);
  EXPECT_EQ(back->kind, Kind::kCleared);
  EXPECT_TRUE(std::isnan(back->value));
  EXPECT_EQ(back->reason, "rule deleted");
  EXPECT_EQ(back->window, Window::k60m);
  EXPECT_FALSE(event_from_json("not json"));
}

}  // namespace
}  // namespace switchyard::alerts
