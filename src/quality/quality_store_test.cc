// Module "quality"'s repository on SQLite and PostgreSQL: scorecard versions, evaluations and
// every state transition (legal and refused), the list filters and pages, calibration sessions
// and deviations, the exemplary library's search, coaching.
#include "quality/quality_store.h"

#include <gtest/gtest.h>

#include "quality/quality_test_util.h"
#include "storage/db_test_util.h"

namespace switchyard::quality {
namespace {

using storage::testing::BackendNames;
using storage::testing::Backends;

// Fails unless `expr` is an error of `want_code` naming `want_field`.
#define EXPECT_REFUSED(expr, want_code, want_field)                          \
  do {                                                                      \
    auto sy_r_ = (expr);                                                    \
    ASSERT_FALSE(sy_r_.has_value()) << #expr << " was not refused";         \
    EXPECT_EQ(sy_r_.error().code, want_code) << sy_r_.error().message;      \
    EXPECT_EQ(sy_r_.error().field, want_field) << sy_r_.error().message;    \
  } while (0)

template <typename B>
class QualityStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&QualityRepository::schema()}; }

  static Scorecard sample_card(std::string name = "Inbound voice") {
    Scorecard c = testing::card({testing::section("Opening", {testing::yes_no("greet", 1), testing::scale("tone", 2)}),
                                 testing::section("Close", {testing::critical(testing::yes_no("verify", 1))})},
                                0);
    c.name = std::move(name);
    return c;
  }
  static std::vector<Answer> sample_answers() {
    return {Answer::yes("greet", "warm \"hello\""), Answer::value("tone", 4), Answer::no("verify")};
  }
  // A draft of evaluator `by` on scorecard 1 version 1 (which the test must have created).
  static Evaluation draft(core::ContactId contact, std::string agent, std::string by = "qa1") {
    Evaluation e;
    e.contact_id = contact;
    e.agent = std::move(agent);
    e.team = "north";
    e.queue = "billing";
    e.channel = "voice";
    e.scorecard_id = 1;
    e.scorecard_version = 1;
    e.evaluator = std::move(by);
    e.answers = sample_answers();
    e.score = 87.5;
    e.created_ms = 1000;
    return e;
  }
  Evaluation submitted(core::ContactId contact, std::string agent, int64_t at_ms, std::string by = "qa1") {
    Evaluation e = draft(contact, std::move(agent), std::move(by));
    e.status = EvaluationStatus::kSubmitted;
    e.submitted_ms = at_ms;
    return e;
  }
  int64_t add(QualityRepository& repo, const Evaluation& e) {
    auto id = repo.add_evaluation(e);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }
  EvaluationStatus status_of(QualityRepository& repo, int64_t id) { return (*repo.get_evaluation(id))->status; }
};
TYPED_TEST_SUITE(QualityStoreTest, Backends, BackendNames);

TYPED_TEST(QualityStoreTest, MigratesToTheLatestVersion) {
  auto v = storage::schema_version(this->db(), "quality");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 2);
  this->reopen();  // migrating again changes nothing
  EXPECT_EQ(*storage::schema_version(this->db(), "quality"), 2);
  EXPECT_EQ(this->count("quality_evaluations"), 0);
  EXPECT_EQ(this->count("quality_settings"), 0);
}

TYPED_TEST(QualityStoreTest, ScorecardsAreVersionedAndRetired) {
  QualityRepository repo(this->db());
  auto first = repo.create_scorecard(this->sample_card(), "lead", 100);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*repo.create_scorecard(this->sample_card("Chat"), "lead", 110), 2);

  Scorecard edited = this->sample_card("Inbound voice (2024)");
  edited.sections[0].items[1].weight = 3;
  auto v2 = repo.new_version(1, edited, "qa_admin", 200);
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(*v2, 2);

  auto old = repo.get_scorecard(1, 1);
  ASSERT_TRUE(old && *old) << "version 1 is still readable";
  EXPECT_EQ((*old)->card.id, 1);
  EXPECT_EQ((*old)->card.version, 1);
  EXPECT_EQ((*old)->card.name, "Inbound voice");
  EXPECT_DOUBLE_EQ((*old)->card.sections[0].items[1].weight, 2);
  EXPECT_TRUE((*old)->card.sections[1].items[0].critical);
  EXPECT_EQ((*old)->created_by, "lead");
  EXPECT_EQ((*old)->created_ms, 100);
  auto latest = repo.get_scorecard(1);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->card.version, 2);
  EXPECT_EQ((*latest)->card.name, "Inbound voice (2024)");
  EXPECT_DOUBLE_EQ((*latest)->card.sections[0].items[1].weight, 3);
  EXPECT_EQ((*latest)->created_by, "qa_admin");
  EXPECT_FALSE(*repo.get_scorecard(1, 3));
  EXPECT_FALSE(*repo.get_scorecard(9));

  auto all = repo.list_scorecards(false);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].card.version, 2);
  EXPECT_EQ((*all)[1].card.name, "Chat");

  SY_ASSERT_OK(repo.retire_scorecard(2, 300));
  EXPECT_EQ(repo.list_scorecards(false)->size(), 1u);
  auto with_retired = repo.list_scorecards(true);
  ASSERT_EQ(with_retired->size(), 2u);
  EXPECT_EQ((*with_retired)[1].retired_ms, 300);
  EXPECT_REFUSED(repo.new_version(2, this->sample_card(), "lead", 400), ErrorCode::kIllegalState, "scorecard_id");
  EXPECT_REFUSED(repo.retire_scorecard(2, 400), ErrorCode::kIllegalState, "scorecard_id");
  EXPECT_REFUSED(repo.new_version(9, this->sample_card(), "lead", 400), ErrorCode::kNotFound, "scorecard_id");
  EXPECT_REFUSED(repo.retire_scorecard(9, 400), ErrorCode::kNotFound, "scorecard_id");
  // Ids keep increasing after a retirement.
  EXPECT_EQ(*repo.create_scorecard(this->sample_card("Email"), "lead", 500), 3);
}

TYPED_TEST(QualityStoreTest, AnEvaluationRoundTripsAndKeepsItsScorecardVersion) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  Evaluation e = this->submitted(42, "alice", 2000);
  e.failed = true;
  const int64_t id = this->add(repo, e);
  SY_ASSERT_OK(repo.new_version(1, this->sample_card("edited"), "lead", 3000));

  auto got = repo.get_evaluation(id);
  ASSERT_TRUE(got && *got) << "stored";
  const Evaluation& g = **got;
  EXPECT_EQ(g.id, id);
  EXPECT_EQ(g.contact_id, 42u);
  EXPECT_EQ(g.agent, "alice");
  EXPECT_EQ(g.team, "north");
  EXPECT_EQ(g.queue, "billing");
  EXPECT_EQ(g.channel, "voice");
  EXPECT_EQ(g.scorecard_id, 1);
  EXPECT_EQ(g.scorecard_version, 1);  // not the new version 2
  EXPECT_EQ(g.evaluator, "qa1");
  EXPECT_EQ(g.kind, EvaluationKind::kEvaluation);
  EXPECT_FALSE(g.calibration_session);
  ASSERT_EQ(g.answers.size(), 3u);
  EXPECT_EQ(g.answers[0].comment, "warm \"hello\"");
  EXPECT_EQ(g.answers[1].response, Response::kNumber);
  EXPECT_EQ(g.answers[1].number, 4);
  EXPECT_EQ(g.answers[2].response, Response::kNo);
  EXPECT_EQ(g.score, 87.5);
  EXPECT_TRUE(g.failed);
  EXPECT_EQ(g.status, EvaluationStatus::kSubmitted);
  EXPECT_EQ(g.created_ms, 1000);
  EXPECT_EQ(g.submitted_ms, 2000);
  EXPECT_EQ(g.resolution, Resolution::kNone);
  EXPECT_FALSE(g.original_score);
  EXPECT_FALSE(*repo.get_evaluation(id + 100));

  // A score of nothing (every item N/A) is stored as such; a submitted one without a time
  // takes its creation time.
  Evaluation none = this->submitted(43, "alice", 0);
  none.submitted_ms.reset();
  none.score.reset();
  auto none_got = *repo.get_evaluation(this->add(repo, none));
  EXPECT_FALSE(none_got->score);
  EXPECT_EQ(none_got->submitted_ms, 1000);
  // The version it was scored on is the one to read it with.
  EXPECT_EQ((*repo.get_scorecard(1, g.scorecard_version))->card.name, "Inbound voice");
}

TYPED_TEST(QualityStoreTest, AddRefusesWhatIsNotANewEvaluation) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  Evaluation e = this->draft(1, "alice");
  e.status = EvaluationStatus::kAcknowledged;
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kInvalidArgument, "status");
  e = this->draft(1, "alice");
  e.scorecard_version = 2;
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kNotFound, "scorecard_version");
  e = this->draft(1, "alice");
  e.calibration_session = 1;
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kInvalidArgument, "calibration_session");
  e.kind = EvaluationKind::kCalibration;
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kNotFound, "calibration_session");
  e = this->draft(1, "alice");
  e.score = 100.5;
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kInvalidArgument, "score");
  e = this->draft(1, "");
  EXPECT_REFUSED(repo.add_evaluation(e), ErrorCode::kInvalidArgument, "agent");
  EXPECT_EQ(this->count("quality_evaluations"), 0);
}

TYPED_TEST(QualityStoreTest, DraftSubmitAcknowledgeAndWhatEachStateRefuses) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  const int64_t id = this->add(repo, this->draft(7, "alice"));
  EXPECT_REFUSED(repo.acknowledge(id, "ok", 1100), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.dispute(id, "unfair", 1100), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kUpheld, "fine", std::nullopt, 1100), ErrorCode::kIllegalState,
                 "status");

  const std::vector<Answer> fixed = {Answer::yes("greet"), Answer::value("tone", 5), Answer::yes("verify")};
  SY_ASSERT_OK(repo.update_draft(id, fixed, 100.0, false));
  SY_ASSERT_OK(repo.submit(id, 1500));
  auto e = *repo.get_evaluation(id);
  EXPECT_EQ(e->status, EvaluationStatus::kSubmitted);
  EXPECT_EQ(e->submitted_ms, 1500);
  EXPECT_EQ(e->score, 100.0);
  EXPECT_EQ(e->answers[1].number, 5);

  EXPECT_REFUSED(repo.submit(id, 1600), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.update_draft(id, fixed, 0.0, true), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kUpheld, "fine", std::nullopt, 1600), ErrorCode::kIllegalState,
                 "status");

  SY_ASSERT_OK(repo.acknowledge(id, "thanks, noted", 2000));
  e = *repo.get_evaluation(id);
  EXPECT_EQ(e->status, EvaluationStatus::kAcknowledged);
  EXPECT_EQ(e->agent_comment, "thanks, noted");
  EXPECT_EQ(e->acknowledged_ms, 2000);
  EXPECT_EQ(e->score, 100.0);  // unchanged by the refused update
  EXPECT_REFUSED(repo.acknowledge(id, "again", 2100), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.dispute(id, "changed my mind", 2100), ErrorCode::kIllegalState, "status");

  // An unknown id is not found, whatever the transition.
  EXPECT_REFUSED(repo.submit(id + 9, 1), ErrorCode::kNotFound, "id");
  EXPECT_REFUSED(repo.acknowledge(id + 9, "", 1), ErrorCode::kNotFound, "id");
  EXPECT_REFUSED(repo.update_draft(id + 9, fixed, 1.0, false), ErrorCode::kNotFound, "id");
}

TYPED_TEST(QualityStoreTest, DisputeAndUpheldResolution) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  const int64_t id = this->add(repo, this->submitted(7, "alice", 1500));
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kUpheld, "fine", std::nullopt, 1600), ErrorCode::kIllegalState,
                 "status");  // not disputed
  SY_ASSERT_OK(repo.dispute(id, "the caller hung up first", 2000));
  EXPECT_REFUSED(repo.dispute(id, "twice", 2100), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.acknowledge(id, "", 2100), ErrorCode::kIllegalState, "status");
  // Arguments that do not go together are refused before anything changes.
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kAmended, "x", std::nullopt, 2200), ErrorCode::kInvalidArgument,
                 "amendment");
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kUpheld, "x", Amendment{}, 2200), ErrorCode::kInvalidArgument,
                 "amendment");
  EXPECT_REFUSED(repo.resolve(id, "rev", Resolution::kNone, "x", std::nullopt, 2200), ErrorCode::kInvalidArgument,
                 "resolution");
  EXPECT_EQ(this->status_of(repo, id), EvaluationStatus::kDisputed);

  SY_ASSERT_OK(repo.resolve(id, "reviewer1", Resolution::kUpheld, "the recording shows no greeting", std::nullopt,
                            3000));
  auto e = *repo.get_evaluation(id);
  EXPECT_EQ(e->status, EvaluationStatus::kResolved);
  EXPECT_EQ(e->dispute_reason, "the caller hung up first");
  EXPECT_EQ(e->disputed_ms, 2000);
  EXPECT_EQ(e->reviewer, "reviewer1");
  EXPECT_EQ(e->resolution, Resolution::kUpheld);
  EXPECT_EQ(e->resolution_reason, "the recording shows no greeting");
  EXPECT_EQ(e->resolved_ms, 3000);
  EXPECT_EQ(e->score, 87.5);
  EXPECT_FALSE(e->original_score);
  EXPECT_REFUSED(repo.resolve(id, "reviewer1", Resolution::kUpheld, "again", std::nullopt, 3100),
                 ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.dispute(id, "once more", 3100), ErrorCode::kIllegalState, "status");
}

TYPED_TEST(QualityStoreTest, AnAmendedResolutionKeepsTheOriginalScore) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  Evaluation failed = this->submitted(7, "alice", 1500);
  failed.score = 0;
  failed.failed = true;
  const int64_t id = this->add(repo, failed);
  SY_ASSERT_OK(repo.dispute(id, "I did verify the caller", 2000));
  Amendment a;
  a.answers = {Answer::yes("greet"), Answer::value("tone", 4), Answer::yes("verify", "verified at 01:10")};
  a.score = 91.666667;
  SY_ASSERT_OK(repo.resolve(id, "reviewer1", Resolution::kAmended, "verification heard at 01:10", a, 3000));
  auto e = *repo.get_evaluation(id);
  EXPECT_EQ(e->status, EvaluationStatus::kResolved);
  EXPECT_EQ(e->resolution, Resolution::kAmended);
  EXPECT_EQ(e->original_score, 0.0);
  ASSERT_TRUE(e->score);
  EXPECT_NEAR(*e->score, 91.666667, 1e-6);
  EXPECT_FALSE(e->failed);
  EXPECT_EQ(e->answers[2].response, Response::kYes);
  EXPECT_EQ(e->answers[2].comment, "verified at 01:10");
}

TYPED_TEST(QualityStoreTest, ListFiltersPagesAndScores) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card("Chat"), "lead", 100));
  const int64_t a1 = this->add(repo, this->submitted(1, "alice", 10'000));
  Evaluation b1 = this->submitted(2, "bob", 20'000, "qa2");
  b1.team = "south";
  b1.score = 60;
  const int64_t b = this->add(repo, b1);
  const int64_t a_draft = this->add(repo, this->draft(3, "alice"));
  Evaluation self = this->submitted(1, "alice", 30'000, "alice");
  self.kind = EvaluationKind::kSelf;
  self.score.reset();
  const int64_t a_self = this->add(repo, self);
  Evaluation chat = this->submitted(4, "alice", 40'000);
  chat.scorecard_id = 2;
  chat.failed = true;
  const int64_t a_chat = this->add(repo, chat);

  auto ids = [&](const EvaluationFilter& f) {
    std::vector<int64_t> out;
    auto list = repo.list_evaluations(f);
    EXPECT_TRUE(list) << list.error().message;
    if (list)
      for (const Evaluation& e : *list) out.push_back(e.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids({}), (V{a_chat, a_self, a_draft, b, a1}));  // newest first
  EXPECT_EQ(ids({.agent = "alice"}), (V{a_chat, a_self, a_draft, a1}));
  EXPECT_EQ(ids({.team = "south"}), (V{b}));
  EXPECT_EQ(ids({.evaluator = "qa2"}), (V{b}));
  EXPECT_EQ(ids({.contact_id = 1}), (V{a_self, a1}));
  EXPECT_EQ(ids({.status = EvaluationStatus::kDraft}), (V{a_draft}));
  EXPECT_EQ(ids({.kind = EvaluationKind::kSelf}), (V{a_self}));
  EXPECT_EQ(ids({.scorecard_id = 2}), (V{a_chat}));
  EXPECT_EQ(ids({.from_ms = 20'000, .to_ms = 40'000}), (V{a_self, b}));  // [from, to): drafts left out
  EXPECT_EQ(ids({.from_ms = 1}), (V{a_chat, a_self, b, a1}));
  EXPECT_EQ(ids({.agent = "alice", .kind = EvaluationKind::kEvaluation, .from_ms = 1}), (V{a_chat, a1}));
  // Pages: limit, then before_id of the last row seen.
  EXPECT_EQ(ids({.limit = 2}), (V{a_chat, a_self}));
  EXPECT_EQ(ids({.before_id = a_self, .limit = 2}), (V{a_draft, b}));
  EXPECT_EQ(ids({.before_id = b, .limit = 2}), (V{a1}));
  EXPECT_EQ(ids({.before_id = a1, .limit = 2}), (V{}));

  auto contact = repo.for_contact(1);
  ASSERT_TRUE(contact);
  ASSERT_EQ(contact->size(), 2u);
  EXPECT_EQ((*contact)[0].id, a1);  // oldest first
  EXPECT_EQ((*contact)[1].kind, EvaluationKind::kSelf);

  auto trend = repo.scores({.agent = "alice"});
  ASSERT_TRUE(trend) << trend.error().message;
  ASSERT_EQ(trend->size(), 3u);  // submitted only, oldest first
  EXPECT_EQ((*trend)[0].evaluation_id, a1);
  EXPECT_EQ((*trend)[0].submitted_ms, 10'000);
  EXPECT_EQ((*trend)[0].score, 87.5);
  EXPECT_EQ((*trend)[0].team, "north");
  EXPECT_FALSE((*trend)[1].score);
  EXPECT_EQ((*trend)[1].kind, EvaluationKind::kSelf);
  EXPECT_TRUE((*trend)[2].failed);
  EXPECT_EQ(repo.scores({.team = "south"})->at(0).score, 60.0);
  EXPECT_EQ(repo.scores({.kind = EvaluationKind::kEvaluation, .to_ms = 20'001})->size(), 2u);
  // A status in the filter does not hide later states from the trend.
  SY_ASSERT_OK(repo.acknowledge(a1, "", 50'000));
  EXPECT_EQ(repo.scores({.agent = "alice", .status = EvaluationStatus::kSubmitted})->size(), 3u);
}

TYPED_TEST(QualityStoreTest, CalibrationSessionsCloseAndReportDeviations) {
  QualityRepository repo(this->db());
  SY_ASSERT_OK(repo.create_scorecard(this->sample_card(), "lead", 100));
  StoredCalibration c;
  c.contact_id = 42;
  c.scorecard_id = 1;
  c.scorecard_version = 1;
  c.title = "March, call 42";
  c.created_by = "qa_lead";
  c.created_ms = 500;
  c.participants = {"qa1", "qa2", "qa3"};
  auto s1 = repo.create_calibration(c);
  ASSERT_TRUE(s1) << s1.error().message;
  c.title = "March, call 43";
  c.contact_id = 43;
  const int64_t s2 = *repo.create_calibration(c);
  c.participants.clear();
  EXPECT_REFUSED(repo.create_calibration(c), ErrorCode::kInvalidArgument, "participants");

  auto scoring = [&](int64_t session, std::string by, std::optional<double> score, bool submit) {
    Evaluation e = this->draft(42, "alice", std::move(by));
    e.kind = EvaluationKind::kCalibration;
    e.calibration_session = session;
    e.score = score;
    if (submit) {
      e.status = EvaluationStatus::kSubmitted;
      e.submitted_ms = 800;
    }
    return this->add(repo, e);
  };
  scoring(*s1, "qa1", 80, true);
  scoring(*s1, "qa2", 95, true);
  scoring(*s1, "qa3", 10, false);  // a draft is not part of the report
  scoring(s2, "qa1", 70, true);

  const std::vector<Answer> reference = {Answer::yes("greet"), Answer::value("tone", 4), Answer::yes("verify")};
  SY_ASSERT_OK(repo.close_calibration(*s1, reference, 90.0, 1000));
  EXPECT_REFUSED(repo.close_calibration(*s1, reference, 90.0, 1100), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.close_calibration(s2 + 5, reference, 90.0, 1100), ErrorCode::kNotFound, "id");
  Evaluation late = this->draft(42, "alice", "qa4");
  late.kind = EvaluationKind::kCalibration;
  late.calibration_session = *s1;
  EXPECT_REFUSED(repo.add_evaluation(late), ErrorCode::kIllegalState, "calibration_session");

  auto got = repo.get_calibration(*s1);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->title, "March, call 42");
  EXPECT_EQ((*got)->contact_id, 42u);
  EXPECT_EQ((*got)->created_by, "qa_lead");
  EXPECT_EQ((*got)->participants, (std::vector<std::string>{"qa1", "qa2", "qa3"}));
  EXPECT_TRUE((*got)->closed);
  EXPECT_EQ((*got)->closed_ms, 1000);
  EXPECT_EQ((*got)->reference_score, 90.0);
  ASSERT_TRUE((*got)->reference_answers);
  EXPECT_EQ((*got)->reference_answers->size(), 3u);
  auto open = *repo.get_calibration(s2);
  EXPECT_FALSE(open->closed);
  EXPECT_FALSE(open->reference_answers);
  EXPECT_FALSE(open->reference_score);
  EXPECT_FALSE(*repo.get_calibration(s2 + 5));
  EXPECT_EQ(repo.list_calibrations("")->size(), 2u);
  EXPECT_EQ(repo.list_calibrations("open")->at(0).id, s2);
  EXPECT_EQ(repo.list_calibrations("closed")->at(0).id, *s1);
  EXPECT_REFUSED(repo.list_calibrations("pending"), ErrorCode::kInvalidArgument, "status");

  auto all = repo.calibration_deviations("");
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);  // closed sessions only, submitted scorings only
  EXPECT_EQ((*all)[0].session, *s1);
  EXPECT_EQ((*all)[0].evaluator, "qa1");
  EXPECT_EQ((*all)[0].score, 80.0);
  EXPECT_EQ((*all)[0].reference_score, 90.0);
  EXPECT_EQ((*all)[0].closed_ms, 1000);
  EXPECT_EQ((*all)[1].evaluator, "qa2");
  auto qa2 = repo.calibration_deviations("qa2");
  ASSERT_EQ(qa2->size(), 1u);
  EXPECT_EQ(qa2->at(0).score, 95.0);
  SY_ASSERT_OK(repo.close_calibration(s2, reference, std::nullopt, 2000));
  auto qa1 = repo.calibration_deviations("qa1");
  ASSERT_EQ(qa1->size(), 2u);
  EXPECT_EQ(qa1->at(1).session, s2);
  EXPECT_FALSE(qa1->at(1).reference_score);
}

TYPED_TEST(QualityStoreTest, TheLibraryIsSearchedByTextKindAndTag) {
  QualityRepository repo(this->db());
  LibraryEntry e;
  e.contact_id = 5;
  e.evaluation_id = 9;
  e.kind = LibraryKind::kExemplary;
  e.tags = {"Billing", "de-escalation"};
  e.note = "Calm REFUND call, 100% by the book";
  e.added_by = "qa1";
  e.added_ms = 100;
  auto first = repo.add_to_library(e);
  ASSERT_TRUE(first) << first.error().message;
  e.contact_id = 6;
  e.evaluation_id.reset();
  e.kind = LibraryKind::kMistake;
  e.tags = {"billing_dispute"};
  e.note = "Promised a refund without approval";
  const int64_t second = *repo.add_to_library(e);
  e.tags = {"a,b"};
  EXPECT_REFUSED(repo.add_to_library(e), ErrorCode::kInvalidArgument, "tags[0]");

  auto ids = [&](std::string_view text, std::optional<LibraryKind> kind, std::string_view tag) {
    std::vector<int64_t> out;
    auto found = repo.search_library(text, kind, tag, 50);
    EXPECT_TRUE(found) << found.error().message;
    if (found)
      for (const LibraryEntry& x : *found) out.push_back(x.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids("", std::nullopt, ""), (V{second, *first}));
  EXPECT_EQ(ids("refund", std::nullopt, ""), (V{second, *first}));  // case-insensitive
  EXPECT_EQ(ids("Refund Call", std::nullopt, ""), (V{*first}));
  EXPECT_EQ(ids("ESCALAT", std::nullopt, ""), (V{*first}));  // in the tags
  EXPECT_EQ(ids("100%", std::nullopt, ""), (V{*first}));     // wildcards are plain text
  EXPECT_EQ(ids("0%_b", std::nullopt, ""), (V{}));
  EXPECT_EQ(ids("", LibraryKind::kMistake, ""), (V{second}));
  EXPECT_EQ(ids("", std::nullopt, "billing"), (V{*first}));  // a whole tag, any case
  EXPECT_EQ(ids("", std::nullopt, "billing_dispute"), (V{second}));
  EXPECT_EQ(ids("", std::nullopt, "bill"), (V{}));
  EXPECT_EQ(repo.search_library("", std::nullopt, "", 1)->size(), 1u);

  auto got = repo.search_library("calm", std::nullopt, "", 10);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->at(0).contact_id, 5u);
  EXPECT_EQ(got->at(0).evaluation_id, 9);
  EXPECT_EQ(got->at(0).kind, LibraryKind::kExemplary);
  EXPECT_EQ(got->at(0).tags, (std::vector<std::string>{"Billing", "de-escalation"}));
  EXPECT_EQ(got->at(0).added_by, "qa1");
  EXPECT_EQ(got->at(0).added_ms, 100);
  auto one = repo.get_library_entry(*first);
  ASSERT_TRUE(one.has_value() && one->has_value());
  EXPECT_EQ((*one)->note, got->at(0).note);
  EXPECT_EQ((*one)->tags, got->at(0).tags);

  SY_ASSERT_OK(repo.remove_from_library(*first));
  EXPECT_REFUSED(repo.remove_from_library(*first), ErrorCode::kNotFound, "id");
  EXPECT_FALSE(repo.get_library_entry(*first)->has_value());
  EXPECT_EQ(ids("", std::nullopt, ""), (V{second}));
}

TYPED_TEST(QualityStoreTest, SettingsAreStoredAndReplaced) {
  QualityRepository repo(this->db());
  EXPECT_EQ(repo.setting("sampling").value(), std::nullopt);
  SY_ASSERT_OK(repo.put_setting("sampling", R"({"quota_per_agent_week":5})", "qa1", 100));
  SY_ASSERT_OK(repo.put_setting("other", "{}", "qa1", 100));
  EXPECT_EQ(repo.setting("sampling").value(), std::optional<std::string>(R"({"quota_per_agent_week":5})"));
  SY_ASSERT_OK(repo.put_setting("sampling", R"({"quota_per_agent_week":3})", "qa2", 200));
  EXPECT_EQ(repo.setting("sampling").value(), std::optional<std::string>(R"({"quota_per_agent_week":3})"));
  EXPECT_EQ(repo.setting("other").value(), std::optional<std::string>("{}"));
}

TYPED_TEST(QualityStoreTest, CoachingSessionsAreListedAndCompletedOnce) {
  QualityRepository repo(this->db());
  CoachingSession c;
  c.agent = "alice";
  c.evaluation_id = 3;
  c.coach = "lead";
  c.goals = "Verify the caller before any account detail";
  c.follow_up_date = "2024-04-02";
  c.created_ms = 100;
  auto first = repo.add_coaching(c);
  ASSERT_TRUE(first) << first.error().message;
  c.agent = "bob";
  c.evaluation_id.reset();
  const int64_t bobs = *repo.add_coaching(c);
  c.agent = "alice";
  c.follow_up_date = "";
  const int64_t second = *repo.add_coaching(c);
  c.follow_up_date = "2 April";
  EXPECT_REFUSED(repo.add_coaching(c), ErrorCode::kInvalidArgument, "follow_up_date");

  auto alice = repo.list_coaching("alice");
  ASSERT_TRUE(alice) << alice.error().message;
  ASSERT_EQ(alice->size(), 2u);
  EXPECT_EQ((*alice)[0].id, second);  // newest first
  EXPECT_EQ((*alice)[1].evaluation_id, 3);
  EXPECT_EQ((*alice)[1].follow_up_date, "2024-04-02");
  EXPECT_FALSE((*alice)[1].done);
  EXPECT_EQ(repo.list_coaching("")->size(), 3u);

  SY_ASSERT_OK(repo.complete_coaching(*first, "verified on every call since", 900));
  auto done = *repo.get_coaching(*first);
  EXPECT_TRUE(done->done);
  EXPECT_EQ(done->notes, "verified on every call since");
  EXPECT_EQ(done->done_ms, 900);
  EXPECT_EQ(done->goals, "Verify the caller before any account detail");
  EXPECT_REFUSED(repo.complete_coaching(*first, "again", 950), ErrorCode::kIllegalState, "status");
  EXPECT_REFUSED(repo.complete_coaching(bobs + 9, "", 950), ErrorCode::kNotFound, "id");
  EXPECT_FALSE((*repo.get_coaching(bobs))->done);
  EXPECT_FALSE(*repo.get_coaching(bobs + 9));
}

}  // namespace
}  // namespace switchyard::quality
