#include "codec/config_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace switchyard::codec {
namespace {

namespace json = boost::json;
using namespace core;

// Through text, as the store and the HTTP layer will see it.
json::value reparse(const json::object& o) { return json::parse(json::serialize(o)); }

json::value parse(std::string_view text) { return json::parse(text); }

QueueConfig full_queue() {
  QueueConfig q;
  q.name = "billing";
  q.channel = Channel::kChat;
  q.skills = {{3, 2}, {7, 4}};
  q.priority = -5;
  q.weight = 2.5;
  q.max_length = 40;
  q.max_wait_ms = 600'000;
  q.exit_action = ExitAction::kOverflow;
  q.exit_target = 9;
  q.sl_target_ms = 30'000;
  q.sl_target_pct = 90.5;
  BullseyeStep s1;
  s1.after_ms = 15'000;
  s1.min_proficiency = 1;
  BullseyeStep s2;
  s2.after_ms = 45'000;
  s2.alternative_skills = {{{4, 3}}, {{5, 1}, {6, 2}}};
  s2.add_queues = {2, 8};
  s2.add_sites = {1};
  q.bullseye = {s1, s2};
  q.overflow.threshold_ms = 60'000;
  q.overflow.group_thresholds = {{"vip", 10'000}, {"standard", 60'000}};
  q.overflow.use_ewt = true;
  q.overflow.backup_queues = {4};
  q.overflow.backup_teams = {0, 2};
  q.strategy = Strategy::kHighestProficiency;
  q.sites = {0, 1};
  q.acw_ms = 7'000;
  q.open = false;
  return q;
}

AgentConfig full_agent() {
  AgentConfig a;
  a.name = "alice";
  a.team = 2;
  a.site = 1;
  a.skills = {{3, 5}, {4, 2}};
  a.capacity = {0, 3, 5, 2, 7};
  return a;
}

ContactSpec full_spec() {
  ContactSpec c;
  c.queue = 4;
  c.channel = Channel::kEmail;
  c.priority = 3;
  c.customer_id = "cust-42";
  c.customer_group = "vip";
  c.attributes = {{"lang", "de"}, {"order", "A-17"}, {"empty", ""}};
  return c;
}

TEST(ConfigJson, SettingsRoundTripEveryField) {
  EngineSettings s;
  s.offer_timeout_ms = 11;
  s.missed_backoff_ms = 12;
  s.max_consecutive_misses = 13;
  s.default_acw_ms = 14;
  s.voice_blocks_others = false;
  s.day_offset_ms = -3'600'000;
  s.ewt_tau_ms = 15;
  json::object o = to_json(s);
  EXPECT_EQ(o.size(), 7u);
  auto back = settings_from_json(reparse(o));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->offer_timeout_ms, 11);
  EXPECT_EQ(back->missed_backoff_ms, 12);
  EXPECT_EQ(back->max_consecutive_misses, 13);
  EXPECT_EQ(back->default_acw_ms, 14);
  EXPECT_FALSE(back->voice_blocks_others);
  EXPECT_EQ(back->day_offset_ms, -3'600'000);
  EXPECT_EQ(back->ewt_tau_ms, 15);
}

TEST(ConfigJson, SettingsDefaultsForAbsentFields) {
  auto s = settings_from_json(parse(R"({"offer_timeout_ms": 5})"));
  ASSERT_TRUE(s);
  EngineSettings want;
  want.offer_timeout_ms = 5;
  EXPECT_EQ(s->missed_backoff_ms, want.missed_backoff_ms);
  EXPECT_EQ(s->ewt_tau_ms, want.ewt_tau_ms);
  EXPECT_EQ(s->offer_timeout_ms, 5);
  EXPECT_TRUE(s->voice_blocks_others);
}

TEST(ConfigJson, QueueRoundTripEveryField) {
  QueueConfig q = full_queue();
  ASSERT_NE(q, QueueConfig{});
  auto back = queue_config_from_json(reparse(to_json(q)));
  ASSERT_TRUE(back) << back.error().field << ": " << back.error().message;
  EXPECT_EQ(*back, q);
}

TEST(ConfigJson, QueueShape) {
  json::object o = to_json(full_queue());
  EXPECT_EQ(o.at("channel").as_string(), "chat");
  EXPECT_EQ(o.at("strategy").as_string(), "highest_proficiency");
  EXPECT_EQ(o.at("exit_action").as_string(), "overflow");
  EXPECT_EQ(o.at("exit_target").to_number<int64_t>(), 9);
  EXPECT_EQ(o.at("bullseye")
                .as_array()[1]
                .at("alternative_skills")
                .as_array()[1]
                .as_array()[0]
                .at("skill")
                .to_number<int64_t>(),
            5);
  EXPECT_FALSE(o.at("bullseye").as_array()[1].as_object().contains("min_proficiency"));
  EXPECT_EQ(o.at("overflow").at("group_thresholds").as_array()[0].at("group").as_string(), "vip");
  // Unset optionals are omitted.
  QueueConfig plain;
  plain.name = "q";
  json::object p = to_json(plain);
  EXPECT_FALSE(p.contains("exit_target"));
  EXPECT_FALSE(p.contains("acw_ms"));
}

TEST(ConfigJson, QueueDefaultsForAbsentFields) {
  auto q = queue_config_from_json(parse(R"({"name": "q"})"));
  ASSERT_TRUE(q);
  QueueConfig want;
  want.name = "q";
  EXPECT_EQ(*q, want);
  // An integer is a fine double.
  auto w = queue_config_from_json(parse(R"({"name": "q", "weight": 2, "sl_target_pct": 95})"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->weight, 2.0);
  EXPECT_EQ(w->sl_target_pct, 95.0);
}

TEST(ConfigJson, AgentRoundTripAndCapacityObject) {
  AgentConfig a = full_agent();
  json::object o = to_json(a);
  EXPECT_EQ(o.at("capacity").at("chat").to_number<int64_t>(), 3);
  EXPECT_EQ(o.at("capacity").at("social").to_number<int64_t>(), 7);
  auto back = agent_config_from_json(reparse(o));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, a);
  // Partial capacity: the rest keep their defaults; team/site omitted = kNoId.
  auto p = agent_config_from_json(parse(R"({"name": "bob", "capacity": {"chat": 4}})"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->capacity, (std::array<int, kChannelCount>{1, 4, 1, 1, 1}));
  EXPECT_EQ(p->team, kNoId);
  EXPECT_FALSE(to_json(*p).contains("team"));
}

TEST(ConfigJson, ContactSpecRoundTripKeepsAttributeOrder) {
  ContactSpec c = full_spec();
  json::object o = to_json(c);
  EXPECT_EQ(o.at("attributes").at("order").as_string(), "A-17");
  auto back = contact_spec_from_json(reparse(o));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, c);
}

struct BadCase {
  const char* text;
  const char* field;
  ErrorCode code = ErrorCode::kInvalidArgument;
};

void expect_queue_error(const BadCase& c) {
  auto r = queue_config_from_json(parse(c.text));
  ASSERT_FALSE(r) << c.text;
  EXPECT_EQ(r.error().field, c.field) << c.text << " -> " << r.error().message;
  EXPECT_EQ(r.error().code, c.code) << c.text;
  EXPECT_FALSE(r.error().message.empty());
}

TEST(ConfigJson, QueueErrorsNameTheField) {
  const BadCase cases[] = {
      {R"({"name": "q", "colour": "red"})", "colour"},
      {R"({"priority": 1})", "name"},
      {R"({"name": 7})", "name"},
      {R"({"name": "q", "channel": "fax"})", "channel"},
      {R"({"name": "q", "strategy": "fastest"})", "strategy"},
      {R"({"name": "q", "exit_action": 1})", "exit_action"},
      {R"({"name": "q", "weight": "heavy"})", "weight"},
      {R"({"name": "q", "open": 1})", "open"},
      {R"({"name": "q", "priority": 1.5})", "priority"},
      {R"({"name": "q", "priority": 4294967296})", "priority"},
      {R"({"name": "q", "max_length": -1})", "max_length"},
      {R"({"name": "q", "max_wait_ms": 18446744073709551615})", "max_wait_ms"},
      {R"({"name": "q", "skills": {"skill": 1}})", "skills"},
      {R"({"name": "q", "skills": [{"min_proficiency": 2}]})", "skills[0].skill"},
      {R"({"name": "q", "skills": [{"skill": 1}, {"skill": 2, "level": 3}]})", "skills[1].level"},
      {R"({"name": "q", "skills": [{"skill": "sales"}]})", "skills[0].skill"},
      {R"({"name": "q", "bullseye": [{"after_ms": 1}, {"after_ms": "soon"}]})",
       "bullseye[1].after_ms"},
      {R"({"name": "q", "bullseye": [{"after_ms": 1, "alternative_skills": [[{"skill": -1}]]}]})",
       "bullseye[0].alternative_skills[0][0].skill"},
      {R"({"name": "q", "bullseye": [{"after_ms": 1, "add_sites": [1, null]}]})",
       "bullseye[0].add_sites[1]"},
      {R"({"name": "q", "overflow": {"backup_teams": ["a"]}})", "overflow.backup_teams[0]"},
      {R"({"name": "q", "overflow": {"group_thresholds": [{"group": "vip"}]}})",
       "overflow.group_thresholds[0].threshold_ms"},
      {R"({"name": "q", "overflow": {"use_ewt": "yes"}})", "overflow.use_ewt"},
      {R"({"name": "q", "overflow": {"spill": 1}})", "overflow.spill"},
      {R"({"name": "q", "acw_ms": true})", "acw_ms"},
      {R"(["not", "an", "object"])", ""},
  };
  for (const BadCase& c : cases) expect_queue_error(c);
}

TEST(ConfigJson, AgentAndContactErrors) {
  auto a = agent_config_from_json(parse(R"({"name": "a", "capacity": {"fax": 1}})"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().field, "capacity.fax");
  a = agent_config_from_json(parse(R"({"name": "a", "capacity": {"chat": "3"}})"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().field, "capacity.chat");
  a = agent_config_from_json(
      parse(R"({"name": "a", "skills": [{"skill": 1, "proficiency": 99999999999}]})"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().field, "skills[0].proficiency");
  a = agent_config_from_json(parse(R"({"name": "a", "team": 4294967296})"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().field, "team");

  auto c = contact_spec_from_json(parse(R"({"channel": "chat"})"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "queue");
  c = contact_spec_from_json(parse(R"({"queue": 1, "attributes": {"lang": 5}})"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "attributes.lang");
  c = contact_spec_from_json(parse(R"({"queue": 1, "attributes": ["lang"]})"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "attributes");
}

class Names : public ::testing::Test {
 protected:
  Names() {
    names.add(RefKind::kSkill, "english", 3);
    names.add(RefKind::kSkill, "german", 7);
    names.add(RefKind::kQueue, "sales", 9);
    names.add(RefKind::kTeam, "blue", 2);
    names.add(RefKind::kSite, "berlin", 1);
  }
  NameTable names;
};

TEST_F(Names, WritesNamesWhereKnownAndReadsThemBack) {
  QueueConfig q = full_queue();
  json::object o = to_json(q, &names);
  EXPECT_EQ(o.at("skills").as_array()[0].at("skill").as_string(), "english");
  EXPECT_EQ(o.at("exit_target").as_string(), "sales");
  EXPECT_EQ(o.at("overflow").at("backup_teams").as_array()[1].as_string(), "blue");
  EXPECT_EQ(o.at("overflow").at("backup_teams").as_array()[0].to_number<int64_t>(),
            0);  // no name: id
  EXPECT_EQ(o.at("sites").as_array()[1].as_string(), "berlin");
  auto back = queue_config_from_json(reparse(o), &names);
  ASSERT_TRUE(back) << back.error().field << ": " << back.error().message;
  EXPECT_EQ(*back, q);

  AgentConfig a = full_agent();
  json::object ao = to_json(a, &names);
  EXPECT_EQ(ao.at("team").as_string(), "blue");
  EXPECT_EQ(ao.at("site").as_string(), "berlin");
  auto aback = agent_config_from_json(reparse(ao), &names);
  ASSERT_TRUE(aback);
  EXPECT_EQ(*aback, a);

  auto spec = contact_spec_from_json(parse(R"({"queue": "sales"})"), &names);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->queue, 9u);
}

TEST_F(Names, UnknownNameIsNotFoundNamingTheField) {
  auto q = queue_config_from_json(
      parse(R"({"name": "q", "overflow": {"backup_teams": ["blue", "red"]}})"), &names);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(q.error().field, "overflow.backup_teams[1]");
  EXPECT_NE(q.error().message.find("red"), std::string::npos);
  auto s = contact_spec_from_json(parse(R"({"queue": "support"})"), &names);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.error().field, "queue");
  // A kind is looked up in its own table: "english" is a skill, not a queue.
  auto k = contact_spec_from_json(parse(R"({"queue": "english"})"), &names);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace switchyard::codec
