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
  t.observe(Event{1, 0, ev::SkillDefined{3, "german"}});
  t.observe(Event{2, 0, ev::SiteDefined{1, "berlin"}});
  t.observe(Event{3, 0, ev::TeamDefined{4, "blue"}});
  QueueConfig q;
  q.name = "support";
  t.observe(Event{4, 0, ev::QueueConfigured{6, q}});
  t.observe(Event{5, 0, ev::AgentNotReady{0, "lunch"}});
  EXPECT_EQ(t.skill("german"), 3u);
  EXPECT_EQ(t.site("berlin"), 1u);
  EXPECT_EQ(t.team("blue"), 4u);
  EXPECT_EQ(t.queue("support"), 6u);
  EXPECT_FALSE(t.skill("lunch"));
}

}  // namespace
}  // namespace switchyard::codec
