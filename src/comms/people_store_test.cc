// Recognition and people: the store on SQLite and PostgreSQL, the ISO weeks, the proposal
// formula and the celebrations (docs/comms.md "Recognition", "People").
#include "comms/people_store.h"

#include <gtest/gtest.h>

#include "comms/recognition.h"
#include "storage/db_test_util.h"

namespace switchyard::comms {
namespace {

using namespace std::chrono;
using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class PeopleStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&PeopleRepository::schema()}; }
};
TYPED_TEST_SUITE(PeopleStoreTest, Backends, BackendNames);

TYPED_TEST(PeopleStoreTest, KudosNominationsWinnersFeedbackAndProfiles) {
  PeopleRepository people(this->db());
  ASSERT_TRUE(people.add_kudos({0, "agent01", "agent02", "Saved my shift", "teamwork", 10}));
  ASSERT_TRUE(people.add_kudos({0, "agent03", "agent01", "Great call", "customer_hero", 20}));
  EXPECT_EQ(people.add_kudos({0, "agent01", "agent01", "me", "teamwork", 30}).error().field, "to");
  EXPECT_EQ(people.add_kudos({0, "agent01", "agent02", "x", "best", 30}).error().field, "tag");
  EXPECT_EQ(people.kudos("", 10).value().size(), 2u);
  auto to2 = people.kudos("agent02", 10).value();
  ASSERT_EQ(to2.size(), 1u);
  EXPECT_EQ(to2[0].from, "agent01");

  ASSERT_TRUE(people.nominate({"2026-W49", "agent01", "agent02", "Helped me", 1}));
  ASSERT_TRUE(people.nominate({"2026-W49", "agent01", "agent03", "Changed my mind", 2}));  // replaces
  ASSERT_TRUE(people.nominate({"2026-W49", "agent04", "agent03", "Mentor", 3}));
  ASSERT_TRUE(people.nominate({"2026-W48", "agent04", "agent02", "Old", 3}));
  EXPECT_EQ(people.nominate({"2026-W49", "agent05", "agent03", "", 3}).error().field, "reason");
  auto noms = people.nominations("2026-W49").value();
  ASSERT_EQ(noms.size(), 2u);
  EXPECT_EQ(noms[0].nominee, "agent03");
  EXPECT_EQ(noms[0].reason, "Changed my mind");

  ASSERT_TRUE(people.confirm({"red", "2026-W49", "agent02", "", 81.25, "lead.red", 100}));
  ASSERT_TRUE(people.confirm({"red", "2026-W49", "agent03", "Well done", 90.5, "lead.red", 200}));  // replaces
  ASSERT_TRUE(people.confirm({"blue", "2026-W48", "agent11", "", 70, "lead.blue", 50}));
  auto w = people.winner("red", "2026-W49").value();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->agent, "agent03");
  EXPECT_DOUBLE_EQ(w->proposal, 90.5);
  EXPECT_FALSE(people.winner("red", "2026-W48").value());
  auto all = people.winners(10).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].team, "red");

  ASSERT_TRUE(people.share({7, "agent01", "agent01", "sales", 5, "So kind!", 10}));
  ASSERT_TRUE(people.share({8, "agent01", "agent01", "sales", 4, "Quick", 20}));
  ASSERT_TRUE(people.unshare(7));
  ASSERT_TRUE(people.unshare(7));  // nothing shared: nothing to do
  auto wall = people.shared(10).value();
  ASSERT_EQ(wall.size(), 1u);
  EXPECT_EQ(wall[0].comment, "Quick");
  EXPECT_EQ(people.shared_contacts("agent01").value(), (std::vector<int64_t>{8}));

  EXPECT_FALSE(people.profile("agent01").value());
  const Profile p{"agent01", "02-29", true, "2020-03-01", false};
  ASSERT_TRUE(people.put_profile(p));
  EXPECT_EQ(people.profile("agent01").value(), std::optional<Profile>(p));
  EXPECT_EQ(people.put_profile({"agent02", "02-30", true, std::nullopt, false}).error().field, "birthday");
  EXPECT_EQ(people.put_profile({"agent02", std::nullopt, false, "2020-13-01", true}).error().field, "work_start");
  ASSERT_TRUE(people.put_profile({"agent03", "01-01", false, std::nullopt, false}));  // nothing shown
  auto shown = people.shown_profiles().value();
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].user, "agent01");
}

TEST(IsoWeeks, ParseFormatAndTheYearsEdges) {
  EXPECT_EQ(parse_iso_week("2026-W49"), (IsoWeek{2026, 49}));
  EXPECT_EQ(to_string(IsoWeek{2026, 1}), "2026-W01");
  EXPECT_TRUE(parse_iso_week("2026-W53"));   // 2026 starts on a Thursday: 53 weeks
  EXPECT_TRUE(parse_iso_week("2020-W53"));   // a leap year starting on a Wednesday: 53 weeks
  EXPECT_FALSE(parse_iso_week("2025-W53"));  // a common year starting on a Wednesday: 52
  EXPECT_FALSE(parse_iso_week("2026-W00"));
  EXPECT_FALSE(parse_iso_week("2026W49"));
  // 2 December 2026 is a Wednesday of week 49; its Monday is 30 November.
  EXPECT_EQ(iso_week_of(2026y / December / 2), (IsoWeek{2026, 49}));
  EXPECT_EQ(monday_of({2026, 49}), 2026y / November / 30);
  // 1 January 2027 (a Friday) belongs to 2026's last week; 31 December 2024 (a Tuesday) to 2025-W01.
  EXPECT_EQ(iso_week_of(2027y / January / 1), (IsoWeek{2026, 53}));
  EXPECT_EQ(iso_week_of(2024y / December / 31), (IsoWeek{2025, 1}));
  EXPECT_EQ(monday_of({2025, 1}), 2024y / December / 30);
}

TEST(AgentOfWeek, TheProposalAddsCappedNominationsToThePoints) {
  EXPECT_DOUBLE_EQ(proposal_of(80.0, 2), 90.0);
  EXPECT_DOUBLE_EQ(proposal_of(80.0, 7), 95.0);  // three count
  EXPECT_DOUBLE_EQ(proposal_of(std::nullopt, 1), 5.0);
  std::vector<Candidate> c = {{"agent03", 70.0, 0}, {"agent01", 60.0, 2}, {"agent02", std::nullopt, 0},
                              {"agent04", 75.0, 0}, {"agent05", std::nullopt, 1}};
  rank_candidates(c);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].agent, "agent04");  // 75
  EXPECT_EQ(c[0].rank, 1);
  EXPECT_EQ(c[1].agent, "agent01");  // 70 (60 + 10), equal to agent03: same rank, by name
  EXPECT_EQ(c[1].rank, 2);
  EXPECT_EQ(c[2].agent, "agent03");
  EXPECT_EQ(c[2].rank, 2);
  EXPECT_EQ(c[3].agent, "agent05");  // 5
  EXPECT_EQ(c[3].rank, 4);
  EXPECT_EQ(c[4].agent, "agent02");  // nothing to rank on
  EXPECT_EQ(c[4].rank, 0);
}

TEST(Celebrations, OptInLeapDaysAndAnniversaryYears) {
  const Profile people[] = {
      {"ann", "12-03", true, "2019-12-05", true},  // birthday tomorrow, 7th anniversary in 3 days
      {"bob", "12-02", false, "2025-12-02", true}, // birthday hidden; first anniversary today
      {"cid", "02-29", true, std::nullopt, false},
      {"dan", std::nullopt, false, "2026-12-02", true},  // starts today: no anniversary yet
  };
  auto list = celebrations(people, 2026y / December / 2, 14);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].user, "bob");
  EXPECT_TRUE(list[0].anniversary);
  EXPECT_EQ(list[0].years, 1);
  EXPECT_EQ(list[1].user, "ann");
  EXPECT_FALSE(list[1].anniversary);
  EXPECT_EQ(iso_date(list[1].date), "2026-12-03");
  EXPECT_EQ(list[2].years, 7);
  EXPECT_EQ(iso_date(list[2].date), "2026-12-05");
  // 29 February in a common year is kept on the 28th; the window runs into the next year.
  auto feb = celebrations(people, 2027y / February / 20, 10);
  ASSERT_EQ(feb.size(), 1u);
  EXPECT_EQ(iso_date(feb[0].date), "2027-02-28");
  auto leap = celebrations(people, 2028y / February / 29, 1);
  ASSERT_EQ(leap.size(), 1u);
  EXPECT_EQ(iso_date(leap[0].date), "2028-02-29");
  EXPECT_EQ(celebrations(people, 2026y / December / 30, 5).size(), 0u);
  EXPECT_EQ(parse_iso_date("2026-02-29"), std::nullopt);
}

}  // namespace
}  // namespace switchyard::comms
