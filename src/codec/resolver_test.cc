#include "codec/resolver.h"

#include <gtest/gtest.h>

namespace switchyard::codec {
namespace {

using namespace core;

TEST(NameTable, LooksUpBothWaysPerKind) {
  NameTable t;
  t.add(RefKind::kSkill, "english", 0);
  t.add(RefKind::kTeam, "english", 5);  // same name, other kind
  EXPECT_EQ(t.skill("english"), 0u);
  EXPECT_EQ(t.team("english"), 5u);
  EXPECT_FALSE(t.queue("english"));
  EXPECT_EQ(t.skill_name(0), "english");
  EXPECT_FALSE(t.skill_name(5));
  EXPECT_EQ(t.id_of(RefKind::kTeam, "english"), 5u);
  EXPECT_EQ(t.name_of(RefKind::kTeam, 5), "english");
}

TEST(NameTable, RenameReplacesOldMapping) {
  NameTable t;
  t.add(RefKind::kQueue, "sales", 1);
  t.add(RefKind::kQueue, "sales-eu", 1);  // queue 1 renamed
  EXPECT_FALSE(t.queue("sales"));
  EXPECT_EQ(t.queue("sales-eu"), 1u);
  t.add(RefKind::kQueue, "sales-eu", 2);  // name moved to another id
  EXPECT_FALSE(t.queue_name(1));
  EXPECT_EQ(t.queue_name(2), "sales-eu");
}

TEST(NameTable, ObservesDefinitionEvents) {
  NameTable t;
  Event skill;
  skill.type = EventType::kSkillDefined;
  skill.text = "german";
  skill.value = 3;
  t.observe(skill);
  Event site = skill;
  site.type = EventType::kSiteDefined;
  site.text = "berlin";
  site.value = 1;
  t.observe(site);
  Event team = skill;
  team.type = EventType::kTeamDefined;
  team.text = "blue";
  team.value = 4;
  t.observe(team);
  QueueConfig q;
  q.name = "support";
  Event qe;
  qe.type = EventType::kQueueConfigured;
  qe.queue = 6;
  qe.payload = std::make_shared<const EventPayload>(q);
  t.observe(qe);
  Event other;
  other.type = EventType::kAgentNotReady;
  other.text = "lunch";
  t.observe(other);
  EXPECT_EQ(t.skill("german"), 3u);
  EXPECT_EQ(t.site("berlin"), 1u);
  EXPECT_EQ(t.team("blue"), 4u);
  EXPECT_EQ(t.queue("support"), 6u);
  EXPECT_FALSE(t.skill("lunch"));
}

}  // namespace
}  // namespace switchyard::codec
