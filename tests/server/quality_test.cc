// Quality management end to end through the real binary (docs/api.md,
// "Quality"): a scorecard and its versions, an ended call scored by the
// quality team, the agent told at once, its dispute reviewed by a team lead
// and resolved with amended answers, and who may see and do what.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Greet (yes/no, weight 1), tone (scale 1-5, weight 2, critical at 2 or
// less), accuracy (0-10 points, weight 2, may be N/A).
const char* kCard = R"({"name":"Inbound billing","applies_to":{"channel":"any","queue":"billing","direction":"any"},
  "sections":[{"title":"Call","items":[
    {"id":"greet","text":"Greeted by name?","weight":1,"kind":"yes_no"},
    {"id":"tone","text":"Tone","weight":2,"kind":"scale","critical":true,"fail_threshold":2},
    {"id":"accuracy","text":"Accuracy","weight":2,"kind":"points","max_points":10,"na_allowed":true}]}]})";

class QualityTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    start_server("quality.db");
    // only agent01 (team red) takes calls: every contact goes to it
    ASSERT_EQ(as(admin_, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})").status, 200);
  }
  // A billing contact handled and ended by agent01 (held for `hold_ms` first when > 0); its id.
  static int64_t ended_call(const std::string& customer, int hold_ms = 0) {
    HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":")" + customer + "\"}");
    EXPECT_EQ(c.status, 201) << c.body;
    const json::value v = c.json();
    EXPECT_EQ(v.at("agent"), "agent01") << c.body;
    const int64_t id = v.at("id").to_number<int64_t>();
    const std::string path = "/api/v1/contacts/" + std::to_string(id);
    EXPECT_EQ(as(admin_, "POST", path + "/accept", R"({"agent":"agent01"})").status, 200);
    if (hold_ms > 0) {
      EXPECT_EQ(as(admin_, "POST", path + "/hold", R"({"agent":"agent01"})").status, 200);
      std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
      EXPECT_EQ(as(admin_, "POST", path + "/resume", R"({"agent":"agent01"})").status, 200);
    }
    EXPECT_EQ(as(admin_, "POST", path + "/end", R"({"agent":"agent01"})").status, 200);
    EXPECT_EQ(as(admin_, "POST", path + "/wrapup", R"({"agent":"agent01"})").status, 200);
    return id;
  }
  // A new scorecard of kCard made by `token`: its id ("" when refused).
  static std::string new_card(const std::string& token) {
    HttpResult made = as(token, "POST", "/api/v1/quality/scorecards", kCard);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.status == 201 ? std::to_string(made.json().at("id").to_number<int64_t>()) : std::string();
  }
  // The caller's notifications of `kind`.
  static std::vector<json::value> told(const std::string& token, const std::string& kind) {
    std::vector<json::value> out;
    const json::value v = as(token, "GET", "/api/v1/notifications?limit=200").json();
    for (const json::value& n : v.at("items").as_array())
      if (n.at("kind").as_string() == kind) out.push_back(n);
    return out;
  }
};

TEST_F(QualityTest, AScoredCallIsToldToItsAgentDisputedAndResolvedByItsLead) {
  const std::string quality = login(port_, "quality"), agent = login(port_, "agent01"), lead = login(port_, "lead.red");
  const std::string other_lead = login(port_, "lead.blue"), other_agent = login(port_, "agent02");

  // the scorecard: quality writes, agents read; bad ones are named by path
  HttpResult made = as(quality, "POST", "/api/v1/quality/scorecards", kCard);
  ASSERT_EQ(made.status, 201) << made.body;
  const json::value card = made.json();
  const int64_t card_id = card.at("id").to_number<int64_t>();
  EXPECT_EQ(card.at("version"), 1);
  EXPECT_EQ(card.at("created_by"), "quality");
  EXPECT_EQ(as(agent, "POST", "/api/v1/quality/scorecards", kCard).status, 403);
  EXPECT_EQ(as(lead, "POST", "/api/v1/quality/scorecards", kCard).status, 403);
  std::string bad = kCard;
  bad.replace(bad.find(R"("weight":2)"), 10, R"("weight":-2)");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/scorecards", bad)), "sections[0].items[1].weight");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/scorecards", R"({"name":"x","sections":[],"colour":1})")), "colour");
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/scorecards").json().at("scorecards").as_array().size(), 1u);

  // a call scored: 83.333 = (1 * yes + 2 * (4 - 1) / 4 + accuracy N/A) / (1 + 2) * 100
  const int64_t contact = ended_call("q-1");
  const std::string answers = R"([{"item":"greet","answer":"yes","comment":"warm"},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}])";
  const std::string body = R"({"contact":)" + std::to_string(contact) + R"(,"scorecard_id":)" + std::to_string(card_id) +
                           R"(,"answers":)" + answers + "}";
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/evaluations",
                     R"({"contact":)" + std::to_string(contact) + R"(,"scorecard_id":)" + std::to_string(card_id) +
                         R"(,"answers":[{"item":"greet","answer":"maybe"},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}]})")),
            "answers[0].answer");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/evaluations",
                     R"({"contact":)" + std::to_string(contact) + R"(,"scorecard_id":)" + std::to_string(card_id) +
                         R"(,"answers":[{"item":"greet","answer":"yes"}]})")),
            "answers");  // tone and accuracy missing
  EXPECT_EQ(as(quality, "POST", "/api/v1/quality/evaluations",
               R"({"contact":999999,"scorecard_id":)" + std::to_string(card_id) + R"(,"answers":[]})").status, 404);
  EXPECT_EQ(as(agent, "POST", "/api/v1/quality/evaluations", body).status, 403);
  HttpResult scored = as(quality, "POST", "/api/v1/quality/evaluations", body);
  ASSERT_EQ(scored.status, 201) << scored.body;
  const json::value ev = scored.json();
  const int64_t id = ev.at("id").to_number<int64_t>();
  const std::string path = "/api/v1/quality/evaluations/" + std::to_string(id);
  EXPECT_NEAR(ev.at("score").to_number<double>(), 100.0 * 2.5 / 3.0, 1e-6);
  EXPECT_EQ(ev.at("status"), "submitted");
  EXPECT_EQ(ev.at("agent"), "agent01");
  EXPECT_EQ(ev.at("team"), "red");
  EXPECT_EQ(ev.at("queue"), "billing");
  EXPECT_EQ(ev.at("scorecard_version"), 1);
  EXPECT_FALSE(ev.at("failed").as_bool());

  // the agent is told at once; the evaluator is not told of its own act
  const auto evaluated = told(agent, "quality.evaluated");
  ASSERT_EQ(evaluated.size(), 1u);
  EXPECT_EQ(evaluated[0].at("data").at("evaluation").to_number<int64_t>(), id);
  EXPECT_EQ(evaluated[0].at("data").at("by"), "quality");
  EXPECT_TRUE(told(quality, "quality.evaluated").empty());

  // an edit is a new version; the evaluation keeps the one it was scored on
  HttpResult edited = as(quality, "PUT", "/api/v1/quality/scorecards/" + std::to_string(card_id), kCard);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("version"), 2);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/scorecards/" + std::to_string(card_id) + "?version=1").json().at("version"), 1);
  EXPECT_EQ(as(agent, "GET", path).json().at("scorecard_version"), 1);

  // scope: the agent and its lead see it; another agent and another team's lead do not
  EXPECT_EQ(as(other_agent, "GET", path).status, 404);
  EXPECT_EQ(as(other_lead, "GET", path).status, 404);
  EXPECT_EQ(as(lead, "GET", path).status, 200);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/evaluations").json().at("evaluations").as_array().size(), 1u);
  EXPECT_TRUE(as(other_agent, "GET", "/api/v1/quality/evaluations").json().at("evaluations").as_array().empty());
  EXPECT_TRUE(as(other_lead, "GET", "/api/v1/quality/evaluations").json().at("evaluations").as_array().empty());
  EXPECT_EQ(as(lead, "GET", "/api/v1/quality/evaluations?agent=agent01").json().at("evaluations").as_array().size(), 1u);
  EXPECT_EQ(as(login(port_, "wfm"), "GET", path).status, 403);

  // only the agent disputes, with a reason; its evaluator and its leads are told
  EXPECT_EQ(field(as(agent, "POST", path + "/dispute", "{}")), "reason");
  EXPECT_EQ(as(lead, "POST", path + "/dispute", R"({"reason":"x"})").status, 403);
  HttpResult disputed = as(agent, "POST", path + "/dispute", R"({"reason":"I did check the account first"})");
  ASSERT_EQ(disputed.status, 200) << disputed.body;
  EXPECT_EQ(disputed.json().at("status"), "disputed");
  EXPECT_EQ(as(agent, "POST", path + "/dispute", R"({"reason":"again"})").status, 409);
  EXPECT_EQ(told(quality, "quality.disputed").size(), 1u);
  EXPECT_EQ(told(lead, "quality.disputed").size(), 1u);
  EXPECT_TRUE(told(other_lead, "quality.disputed").empty());

  // the evaluator does not review its own scoring; the lead amends it
  EXPECT_EQ(as(quality, "POST", path + "/resolve", R"({"resolution":"upheld","reason":"stands"})").status, 403);
  EXPECT_EQ(as(other_lead, "POST", path + "/resolve", R"({"resolution":"upheld","reason":"stands"})").status, 404);
  EXPECT_EQ(field(as(lead, "POST", path + "/resolve", R"({"resolution":"amended","reason":"agreed"})")), "answers");
  EXPECT_EQ(field(as(lead, "POST", path + "/resolve", R"({"resolution":"maybe","reason":"agreed"})")), "resolution");
  HttpResult resolved = as(lead, "POST", path + "/resolve",
                           R"({"resolution":"amended","reason":"the account check is in the recording","answers":[{"item":"greet","answer":"yes"},{"item":"tone","answer":5},{"item":"accuracy","answer":"na"}]})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  const json::value r = resolved.json();
  EXPECT_EQ(r.at("status"), "resolved");
  EXPECT_EQ(r.at("resolution"), "amended");
  EXPECT_EQ(r.at("reviewer"), "lead.red");
  EXPECT_NEAR(r.at("score").to_number<double>(), 100.0, 1e-6);  // (1 + 2 * 1) / 3
  EXPECT_NEAR(r.at("original_score").to_number<double>(), 100.0 * 2.5 / 3.0, 1e-6);
  EXPECT_EQ(told(agent, "quality.resolved").size(), 1u);
  EXPECT_EQ(as(agent, "POST", path + "/acknowledge", R"({"comment":"thanks"})").status, 409);

  // a critical item at its threshold fails the whole evaluation: score 0
  const int64_t second = ended_call("q-2");
  HttpResult failed = as(quality, "POST", "/api/v1/quality/evaluations",
                         R"({"contact":)" + std::to_string(second) + R"(,"scorecard_id":)" + std::to_string(card_id) +
                             R"(,"answers":[{"item":"greet","answer":"yes"},{"item":"tone","answer":2},{"item":"accuracy","answer":10}]})");
  ASSERT_EQ(failed.status, 201) << failed.body;
  EXPECT_TRUE(failed.json().at("failed").as_bool());
  EXPECT_EQ(failed.json().at("score").to_number<double>(), 0.0);
  EXPECT_EQ(failed.json().at("scorecard_version"), 2);  // the current version
  const std::string second_path = "/api/v1/quality/evaluations/" + std::to_string(failed.json().at("id").to_number<int64_t>());
  HttpResult ack = as(agent, "POST", second_path + "/acknowledge", R"({"comment":"understood"})");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json().at("status"), "acknowledged");
  EXPECT_EQ(ack.json().at("agent_comment"), "understood");

  // a retired scorecard scores nothing more
  EXPECT_EQ(as(quality, "DELETE", "/api/v1/quality/scorecards/" + std::to_string(card_id)).status, 200);
  EXPECT_EQ(as(quality, "POST", "/api/v1/quality/evaluations", body).status, 409);
  EXPECT_TRUE(as(agent, "GET", "/api/v1/quality/scorecards").json().at("scorecards").as_array().empty());
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/scorecards?retired=1").json().at("scorecards").as_array().size(), 1u);
}

// A blind calibration: three evaluators score the same call; while the session
// is open each sees only their own scoring, the facilitator sees the spread;
// the agreed reference closes it, and each evaluator's deviation is reported.
TEST_F(QualityTest, ABlindCalibrationShowsTheSpreadAndEachEvaluatorsDeviation) {
  const std::string admin = admin_, quality = login(port_, "quality"), red = login(port_, "lead.red");
  const std::string blue = login(port_, "lead.blue"), agent = login(port_, "agent01");
  HttpResult made = as(quality, "POST", "/api/v1/quality/scorecards", kCard);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string card = std::to_string(made.json().at("id").to_number<int64_t>());
  const std::string contact = std::to_string(ended_call("cal-1"));
  auto session_body = [&](const std::string& participants) {
    return R"({"contact":)" + contact + R"(,"scorecard_id":)" + card + R"(,"title":"Week 48","participants":)" +
           participants + "}";
  };
  EXPECT_EQ(field(as(admin, "POST", "/api/v1/quality/calibrations", session_body(R"(["agent01"])"))), "participants[0]");
  EXPECT_EQ(field(as(admin, "POST", "/api/v1/quality/calibrations", session_body(R"(["quality","nobody"])"))), "participants[1]");
  EXPECT_EQ(field(as(admin, "POST", "/api/v1/quality/calibrations", session_body(R"(["quality","quality"])"))), "participants[1]");
  EXPECT_EQ(field(as(admin, "POST", "/api/v1/quality/calibrations", session_body("[]"))), "participants");
  EXPECT_EQ(as(red, "POST", "/api/v1/quality/calibrations", session_body(R"(["quality"])")).status, 403);
  HttpResult created = as(admin, "POST", "/api/v1/quality/calibrations", session_body(R"(["quality","lead.red","lead.blue"])"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/quality/calibrations/" + std::to_string(created.json().at("id").to_number<int64_t>());
  EXPECT_EQ(created.json().at("status"), "open");

  // lead.red: 83.333 (greet yes, tone 4, accuracy N/A); quality: 50 (greet no)
  const std::string red_answers = R"({"answers":[{"item":"greet","answer":"yes"},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}]})";
  const std::string quality_answers = R"({"answers":[{"item":"greet","answer":"no"},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}]})";
  EXPECT_EQ(field(as(red, "POST", path + "/score", R"({"answers":[{"item":"greet","answer":"yes"}]})")), "answers");
  HttpResult r1 = as(red, "POST", path + "/score", red_answers);
  ASSERT_EQ(r1.status, 200) << r1.body;
  ASSERT_EQ(as(quality, "POST", path + "/score", quality_answers).status, 200);
  EXPECT_EQ(field(as(red, "POST", path + "/score", red_answers)), "evaluator");  // once
  EXPECT_EQ(as(admin, "POST", path + "/score", red_answers).status, 403);       // not a participant
  EXPECT_EQ(as(agent, "GET", path).status, 403);

  // blind: a participant sees its own scoring and who has scored, no spread
  const json::value blind = as(red, "GET", path).json();
  ASSERT_EQ(blind.at("scorings").as_array().size(), 1u) << blind;
  EXPECT_EQ(blind.at("scorings").at(0).at("evaluator"), "lead.red");
  EXPECT_EQ(blind.at("scored").as_array().size(), 2u);
  EXPECT_TRUE(blind.at("spread").is_null());
  EXPECT_EQ(as(blue, "GET", path).json().at("scorings").as_array().size(), 0u);
  // the facilitator (not taking part) sees the spread: 83.333 - 50
  const json::value open = as(admin, "GET", path).json();
  ASSERT_EQ(open.at("scorings").as_array().size(), 2u) << open;
  EXPECT_NEAR(open.at("spread").at("spread_pp").to_number<double>(), 100.0 / 3.0, 1e-6);
  EXPECT_EQ(open.at("spread").at("items").at(0).at("item"), "greet");
  EXPECT_DOUBLE_EQ(open.at("spread").at("items").at(0).at("agreement").to_number<double>(), 0.5);
  EXPECT_DOUBLE_EQ(open.at("spread").at("items").at(1).at("agreement").to_number<double>(), 1.0);
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/calibrations?status=open").json().at("calibrations").as_array().size(), 1u);
  EXPECT_EQ(field(as(red, "GET", "/api/v1/quality/calibrations?status=maybe")), "status");

  // the agreed reference (lead.red's answers) closes it; then everyone sees everything
  EXPECT_EQ(as(red, "POST", path + "/close", red_answers).status, 403);
  HttpResult closed = as(admin, "POST", path + "/close", red_answers);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("status"), "closed");
  EXPECT_NEAR(closed.json().at("reference_score").to_number<double>(), 250.0 / 3.0, 1e-6);
  EXPECT_EQ(field(as(admin, "POST", path + "/close", red_answers)), "status");
  EXPECT_EQ(field(as(blue, "POST", path + "/score", red_answers)), "status");
  const json::value after = as(red, "GET", path).json();
  ASSERT_EQ(after.at("scorings").as_array().size(), 2u);
  const json::array& evaluators = after.at("spread").at("evaluators").as_array();
  ASSERT_EQ(evaluators.size(), 2u);
  EXPECT_EQ(evaluators.at(0).at("evaluator"), "lead.red");
  EXPECT_NEAR(evaluators.at(0).at("deviation_pp").to_number<double>(), 0.0, 1e-9);
  EXPECT_NEAR(evaluators.at(1).at("deviation_pp").to_number<double>(), 100.0 / 3.0, 1e-6);
  EXPECT_EQ(evaluators.at(1).at("items_differing"), 1);

  // the report per evaluator; an evaluator who does not manage quality sees their own only
  const json::value report = as(admin, "GET", "/api/v1/quality/calibrations/report").json();
  ASSERT_EQ(report.at("evaluators").as_array().size(), 2u) << report;
  const json::value& q = report.at("evaluators").at(1);
  EXPECT_EQ(q.at("evaluator"), "quality");
  EXPECT_EQ(q.at("sessions"), 1);
  EXPECT_NEAR(q.at("mean_abs_deviation_pp").to_number<double>(), 100.0 / 3.0, 1e-6);
  EXPECT_EQ(q.at("items_compared"), 3);
  EXPECT_EQ(q.at("history").as_array().size(), 1u);
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/calibrations/report?evaluator=quality").status, 403);
  const json::value own = as(red, "GET", "/api/v1/quality/calibrations/report").json();
  ASSERT_EQ(own.at("evaluators").as_array().size(), 1u);
  EXPECT_EQ(own.at("evaluators").at(0).at("evaluator"), "lead.red");
  // calibration scorings are not the agent's evaluations
  EXPECT_TRUE(as(agent, "GET", "/api/v1/quality/evaluations?contact=" + contact).json().at("evaluations").as_array().empty());
}

// The ended contacts an evaluator browses and an agent peer-reviews from (docs/quality.md
// "Contacts"): newest end first, each with its reviews; scoped by role; filtered; paged.
TEST_F(QualityTest, EndedContactsAreListedByScopeWithTheirReviews) {
  const std::string quality = login(port_, "quality"), red = login(port_, "lead.red"), blue = login(port_, "lead.blue");
  const std::string agent = login(port_, "agent01"), peer = login(port_, "agent02"), wfm = login(port_, "wfm");
  const std::string card = new_card(quality);
  ASSERT_FALSE(card.empty());
  const int64_t first = ended_call("list-1"), second = ended_call("list-2"), third = ended_call("list-3");
  const auto score = [&](const std::string& token, int64_t contact, const std::string& kind) {
    return as(token, "POST", "/api/v1/quality/evaluations",
              R"({"contact":)" + std::to_string(contact) + R"(,"scorecard_id":)" + card + R"(,"kind":")" + kind +
                  R"(","answers":[{"item":"greet","answer":"yes"},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}]})")
        .status;
  };
  ASSERT_EQ(score(quality, second, "evaluation"), 201);
  ASSERT_EQ(score(peer, second, "peer"), 201);
  ASSERT_EQ(score(agent, third, "self"), 201);
  // the history projection follows the events: wait until the three are listed
  const auto list = [&](const std::string& token, const std::string& query) {
    HttpResult r = as(token, "GET", "/api/v1/quality/contacts?limit=200" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> ids;
    std::map<int64_t, json::value> rows;
    if (r.status != 200) return std::pair{ids, rows};
    const json::value v = r.json();
    for (const json::value& row : v.at("items").as_array()) {
      ids.push_back(row.at("contact").to_number<int64_t>());
      rows[ids.back()] = row;
    }
    return std::pair{ids, rows};
  };
  const auto has = [](const std::vector<int64_t>& v, int64_t id) { return std::find(v.begin(), v.end(), id) != v.end(); };
  for (int i = 0; i < 100 && !has(list(quality, "").first, third); ++i) std::this_thread::sleep_for(100ms);
  auto [all, rows] = list(quality, "");
  ASSERT_TRUE(has(all, first) && has(all, second) && has(all, third));
  for (size_t i = 1; i < all.size(); ++i)  // newest end first
    EXPECT_GE(rows[all[i - 1]].at("ended_ms").to_number<int64_t>(), rows[all[i]].at("ended_ms").to_number<int64_t>());
  EXPECT_LT(std::find(all.begin(), all.end(), third) - all.begin(), std::find(all.begin(), all.end(), first) - all.begin());
  const json::value& two = rows[second];
  EXPECT_EQ(two.at("agent"), "agent01");
  EXPECT_EQ(two.at("team"), "red");
  EXPECT_EQ(two.at("queue"), "billing");
  EXPECT_EQ(two.at("channel"), "voice");
  EXPECT_EQ(two.at("evaluated"), true);
  EXPECT_NEAR(two.at("score").to_number<double>(), 250.0 / 3, 1e-3);  // (1 + 2 * 0.75) / 3, accuracy N/A
  EXPECT_EQ(two.at("failed"), false);
  EXPECT_EQ(two.at("peer"), true);
  EXPECT_EQ(two.at("self"), false);
  EXPECT_EQ(rows[third].at("evaluated"), false);
  EXPECT_TRUE(rows[third].at("score").is_null());
  EXPECT_EQ(rows[third].at("self"), true);

  // filters
  auto [evaluated, _1] = list(quality, "&evaluated=yes");
  EXPECT_TRUE(has(evaluated, second) && !has(evaluated, first) && !has(evaluated, third));
  auto [not_evaluated, _2] = list(quality, "&evaluated=no");
  EXPECT_TRUE(!has(not_evaluated, second) && has(not_evaluated, first));
  EXPECT_TRUE(has(list(quality, "&agent=agent01&queue=billing&channel=voice&team=red").first, first));
  EXPECT_TRUE(list(quality, "&agent=agent02").first.empty());
  EXPECT_TRUE(list(quality, "&channel=chat").first.empty());
  EXPECT_TRUE(list(quality, "&team=blue").first.empty());
  EXPECT_TRUE(list(quality, "&from=2020-01-01&to=2020-01-08").first.empty());

  // scope: the red lead its team's; the blue lead none of them; agent01 its own with its score;
  // agent02 its teammates' for a peer review, without the evaluator's score; wfm nothing
  EXPECT_TRUE(has(list(red, "").first, second));
  EXPECT_FALSE(has(list(blue, "").first, second));
  auto [mine, my_rows] = list(agent, "");
  EXPECT_TRUE(has(mine, second));
  EXPECT_NEAR(my_rows[second].at("score").to_number<double>(), 250.0 / 3, 1e-3);
  EXPECT_FALSE(has(list(agent, "&scope=team").first, second));  // never its own
  EXPECT_TRUE(list(peer, "").first.empty());  // agent02 handled none
  auto [teammates, team_rows] = list(peer, "&scope=team");
  ASSERT_TRUE(has(teammates, second));
  EXPECT_EQ(team_rows[second].at("evaluated"), true);
  EXPECT_TRUE(team_rows[second].at("score").is_null());
  EXPECT_EQ(as(wfm, "GET", "/api/v1/quality/contacts").status, 403);

  // paged: two at a time, no contact twice, none left out
  std::vector<int64_t> paged;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    HttpResult r = as(quality, "GET", "/api/v1/quality/contacts?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body << " cursor " << cursor;
    const json::value v = r.json();
    EXPECT_LE(v.at("items").as_array().size(), 2u);
    for (const json::value& row : v.at("items").as_array()) paged.push_back(row.at("contact").to_number<int64_t>());
    if (v.at("next").is_null()) break;
    cursor = std::string(v.at("next").as_string());
  }
  EXPECT_EQ(paged, list(quality, "").first);

  // bad input named
  for (const auto& [query, name] : std::vector<std::pair<std::string, std::string>>{
           {"channel=fax", "channel"}, {"evaluated=maybe", "evaluated"}, {"scope=all", "scope"}, {"limit=0", "limit"},
           {"limit=201", "limit"}, {"cursor=x", "cursor"}, {"cursor=5.abc", "cursor"}, {"agent=nobody", "agent"},
           {"team=nowhere", "team"}, {"queue=nowhere", "queue"}, {"from=2026-13-01", "from"},
           {"from=2026-03-02&to=2026-03-01", "to"}, {"from=2025-01-01&to=2026-01-01", "from"}}) {
    HttpResult r = as(quality, "GET", "/api/v1/quality/contacts?" + query);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_EQ(field(r), name) << query;
  }
}

// Self-assessment and peer review beside the evaluator's score; the library of
// examples; a coaching session told to its agent and completed by its lead.
TEST_F(QualityTest, SelfAndPeerReviewsLibraryAndCoaching) {
  const std::string quality = login(port_, "quality"), red = login(port_, "lead.red"), blue = login(port_, "lead.blue");
  const std::string agent = login(port_, "agent01"), peer = login(port_, "agent02"), stranger = login(port_, "agent11");
  HttpResult made = as(quality, "POST", "/api/v1/quality/scorecards", kCard);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string card = std::to_string(made.json().at("id").to_number<int64_t>());
  const std::string contact = std::to_string(ended_call("self-1"));
  auto body = [&](const std::string& kind, const std::string& greet) {
    return R"({"contact":)" + contact + R"(,"scorecard_id":)" + card + R"(,"kind":")" + kind +
           R"(","answers":[{"item":"greet","answer":")" + greet + R"("},{"item":"tone","answer":4},{"item":"accuracy","answer":"na"}]})";
  };
  HttpResult ev = as(quality, "POST", "/api/v1/quality/evaluations", body("evaluation", "no"));  // 50
  ASSERT_EQ(ev.status, 201) << ev.body;
  const size_t told_before = told(agent, "quality.evaluated").size();  // the evaluator's, and earlier tests'
  HttpResult self = as(agent, "POST", "/api/v1/quality/evaluations", body("self", "yes"));  // 83.333
  ASSERT_EQ(self.status, 201) << self.body;
  EXPECT_EQ(self.json().at("kind"), "self");
  EXPECT_EQ(as(peer, "POST", "/api/v1/quality/evaluations", body("self", "yes")).status, 403);  // not its contact
  EXPECT_EQ(as(agent, "POST", "/api/v1/quality/evaluations", body("peer", "yes")).status, 404);  // its own
  EXPECT_EQ(as(stranger, "POST", "/api/v1/quality/evaluations", body("peer", "yes")).status, 404);  // another team
  EXPECT_EQ(field(as(agent, "POST", "/api/v1/quality/evaluations", body("calibration", "yes"))), "kind");
  EXPECT_EQ(as(red, "POST", "/api/v1/quality/evaluations", body("self", "yes")).status, 403);  // a lead is no agent
  HttpResult peered = as(peer, "POST", "/api/v1/quality/evaluations", body("peer", "no"));  // 50
  ASSERT_EQ(peered.status, 201) << peered.body;
  // the peer's review is readable by its writer; no one is told; self reviews are not disputed
  EXPECT_EQ(as(peer, "GET", "/api/v1/quality/evaluations/" + std::to_string(peered.json().at("id").to_number<int64_t>())).status, 200);
  EXPECT_EQ(field(as(agent, "POST", "/api/v1/quality/evaluations/" + std::to_string(self.json().at("id").to_number<int64_t>()) + "/dispute",
                     R"({"reason":"x"})")),
            "kind");
  EXPECT_EQ(told(agent, "quality.evaluated").size(), told_before);
  const json::value cmp = as(agent, "GET", "/api/v1/quality/contacts/" + contact + "/evaluations").json();
  ASSERT_EQ(cmp.at("evaluations").as_array().size(), 3u) << cmp;
  const json::value& c = cmp.at("comparison");
  EXPECT_NEAR(c.at("evaluation").to_number<double>(), 50.0, 1e-6);
  EXPECT_NEAR(c.at("self").to_number<double>(), 250.0 / 3.0, 1e-6);
  EXPECT_NEAR(c.at("self_gap_pp").to_number<double>(), 100.0 / 3.0, 1e-6);
  EXPECT_NEAR(c.at("peer_gap_pp").to_number<double>(), 0.0, 1e-9);
  EXPECT_EQ(c.at("items").at(0).at("evaluation"), "no");
  EXPECT_EQ(c.at("items").at(0).at("self"), "yes");
  EXPECT_EQ(as(stranger, "GET", "/api/v1/quality/contacts/" + contact + "/evaluations").json().at("evaluations").as_array().size(), 0u);

  // the library: the quality team adds an example; everyone who reads evaluations finds it
  const std::string entry = R"({"contact":)" + contact + R"(,"kind":"exemplary","tags":["de-escalation","billing"],"note":"Calm with an angry caller"})";
  EXPECT_EQ(as(agent, "POST", "/api/v1/quality/library", entry).status, 403);
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/library",
                     R"({"contact":)" + contact + R"(,"kind":"exemplary","tags":["a,b"]})")),
            "tags[0]");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/quality/library", R"({"contact":)" + contact + R"(,"kind":"great"})")), "kind");
  HttpResult added = as(quality, "POST", "/api/v1/quality/library", entry);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string entry_path = "/api/v1/quality/library/" + std::to_string(added.json().at("id").to_number<int64_t>());
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/library?tag=De-Escalation").json().at("entries").as_array().size(), 1u);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/library?q=angry").json().at("entries").as_array().size(), 1u);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/library?kind=mistake").json().at("entries").as_array().size(), 0u);
  EXPECT_EQ(as(red, "DELETE", entry_path).status, 403);  // not who added it

  // coaching: a lead for its team's agent, told to the agent, completed once
  const std::string ev_id = std::to_string(ev.json().at("id").to_number<int64_t>());
  const std::string coaching = R"({"agent":"agent01","evaluation_id":)" + ev_id + R"(,"goals":"Greet by name","follow_up_date":"2026-12-15"})";
  EXPECT_EQ(field(as(blue, "POST", "/api/v1/quality/coaching", coaching)), "agent");
  EXPECT_EQ(field(as(red, "POST", "/api/v1/quality/coaching", R"({"agent":"agent01","goals":"x","follow_up_date":"15.12.2026"})")),
            "follow_up_date");
  EXPECT_EQ(field(as(red, "POST", "/api/v1/quality/coaching", R"({"agent":"agent01","goals":""})")), "goals");
  HttpResult opened = as(red, "POST", "/api/v1/quality/coaching", coaching);
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_EQ(opened.json().at("status"), "open");
  EXPECT_EQ(opened.json().at("coach"), "lead.red");
  EXPECT_EQ(told(agent, "quality.coaching").size(), 1u);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/coaching").json().at("sessions").as_array().size(), 1u);
  EXPECT_EQ(as(peer, "GET", "/api/v1/quality/coaching").json().at("sessions").as_array().size(), 0u);
  EXPECT_EQ(as(blue, "GET", "/api/v1/quality/coaching").json().at("sessions").as_array().size(), 0u);
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/coaching?agent=agent01").json().at("sessions").as_array().size(), 1u);
  const std::string done_path = "/api/v1/quality/coaching/" + std::to_string(opened.json().at("id").to_number<int64_t>()) + "/complete";
  EXPECT_EQ(as(blue, "POST", done_path, R"({"notes":"x"})").status, 403);
  EXPECT_EQ(as(agent, "POST", done_path, R"({"notes":"x"})").status, 403);
  HttpResult done = as(red, "POST", done_path, R"({"notes":"Greets by name in 9 of 10 calls"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "done");
  EXPECT_EQ(as(red, "POST", done_path, R"({"notes":"again"})").status, 409);
  EXPECT_EQ(as(quality, "DELETE", entry_path).status, 204);
  EXPECT_EQ(as(quality, "DELETE", entry_path).status, 404);
}

// Targeted monitoring: the plan's rules pick this week's contacts worth
// reviewing (a held call, a repeat customer) over the rest; the work list
// shows why, what is evaluated, and the coverage; then the performance page,
// the quality report and the team's leaderboard.
TEST_F(QualityTest, TheSamplingPlanPicksTheContactsItsRulesDescribe) {
  const std::string quality = login(port_, "quality"), red = login(port_, "lead.red"), blue = login(port_, "lead.blue");
  const std::string agent = login(port_, "agent01"), other = login(port_, "agent02");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/sampling", R"({"rules":[{"kind":"long_hold","threshold":0}]})")),
            "rules[0].threshold");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/sampling", R"({"rules":[{"kind":"loud"}]})")), "rules[0].kind");
  const std::string plan =
      R"({"rules":[{"kind":"long_hold","threshold":20,"weight":3},{"kind":"repeat","weight":2},{"kind":"random","weight":0.1}],"quota_per_agent_week":2,"seed":7})";
  EXPECT_EQ(as(red, "PUT", "/api/v1/quality/sampling", plan).status, 403);
  HttpResult put = as(quality, "PUT", "/api/v1/quality/sampling", plan);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("quota_per_agent_week"), 2);
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/sampling").json().at("rules").as_array().size(), 3u);

  // this week: a repeat customer, a held call and plain ones (earlier tests' too: all plain)
  ended_call("samp-a");
  const int64_t repeat = ended_call("samp-a");
  const int64_t held = ended_call("samp-h", 60);
  ended_call("samp-p1");
  ended_call("samp-p2");
  // the projection of history is asynchronous: wait until the last contact is in the sample's input
  json::value list;
  for (int i = 0; i < 100; ++i) {
    list = as(quality, "GET", "/api/v1/quality/worklist").json();
    if (list.at("items").as_array().size() == 2 && list.at("items").at(0).at("contact").to_number<int64_t>() == held) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const json::array& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << list;  // the quota
  EXPECT_EQ(items.at(0).at("contact").to_number<int64_t>(), held);
  EXPECT_EQ(items.at(0).at("reasons"), json::array{"long_hold"});
  EXPECT_DOUBLE_EQ(items.at(0).at("weight").to_number<double>(), 3.0);
  EXPECT_EQ(items.at(1).at("contact").to_number<int64_t>(), repeat);
  EXPECT_EQ(items.at(1).at("reasons"), json::array{"repeat"});
  EXPECT_EQ(items.at(0).at("agent"), "agent01");
  EXPECT_EQ(items.at(0).at("team"), "red");
  EXPECT_EQ(items.at(0).at("assigned_to"), "quality");  // the only user with the quality role
  EXPECT_FALSE(items.at(0).at("evaluated").as_bool());
  EXPECT_EQ(as(quality, "GET", "/api/v1/quality/worklist?evaluator=nobody").json().at("items").as_array().size(), 0u);
  // scope: the lead of the agent's team sees it, another team's lead nothing, agents no work list
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/worklist").json().at("items").as_array().size(), 2u);
  EXPECT_EQ(as(blue, "GET", "/api/v1/quality/worklist").json().at("items").as_array().size(), 0u);
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/worklist").status, 403);
  EXPECT_EQ(field(as(quality, "GET", "/api/v1/quality/worklist?week=tuesday")), "week");

  // the held call scored: evaluated in the work list, half the week's sample covered
  HttpResult made = as(quality, "POST", "/api/v1/quality/scorecards", kCard);
  ASSERT_EQ(made.status, 201) << made.body;
  HttpResult scored = as(quality, "POST", "/api/v1/quality/evaluations",
                         R"({"contact":)" + std::to_string(held) + R"(,"scorecard_id":)" +
                             std::to_string(made.json().at("id").to_number<int64_t>()) +
                             R"(,"answers":[{"item":"greet","answer":"yes"},{"item":"tone","answer":5},{"item":"accuracy","answer":8}]})");
  ASSERT_EQ(scored.status, 201) << scored.body;
  EXPECT_TRUE(as(quality, "GET", "/api/v1/quality/worklist").json().at("items").at(0).at("evaluated").as_bool());
  const json::value cov = as(quality, "GET", "/api/v1/quality/coverage").json();
  ASSERT_EQ(cov.at("agents").as_array().size(), 1u) << cov;
  EXPECT_EQ(cov.at("agents").at(0).at("due"), 2);
  EXPECT_EQ(cov.at("agents").at(0).at("evaluated"), 1);
  EXPECT_DOUBLE_EQ(cov.at("total").at("percent").to_number<double>(), 50.0);
  EXPECT_EQ(field(as(quality, "GET", "/api/v1/quality/coverage?from=2026-01-01&to=2026-12-01")), "to");  // > 13 weeks

  // the agent's performance page: its own, its lead's, not a colleague's
  HttpResult perf = as(agent, "GET", "/api/v1/quality/agents/agent01/performance");
  ASSERT_EQ(perf.status, 200) << perf.body;
  const json::value p = perf.json();
  EXPECT_EQ(p.at("team"), "red");
  EXPECT_GE(p.at("quality").at("evaluations").to_number<int64_t>(), 1);
  EXPECT_FALSE(p.at("quality").at("trend").as_array().empty());
  EXPECT_EQ(p.at("kpis").at(0).at("key"), "aht");
  EXPECT_NE(std::string(p.at("kpis").at(0).at("formula").as_string()).find("handled"), std::string::npos);
  const json::value& adherence = p.at("kpis").as_array().back();  // from WFM: nothing scheduled here
  EXPECT_EQ(adherence.at("key"), "adherence");
  EXPECT_TRUE(adherence.at("value").is_null());
  EXPECT_EQ(as(red, "GET", "/api/v1/quality/agents/agent01/performance").status, 200);
  EXPECT_EQ(as(other, "GET", "/api/v1/quality/agents/agent01/performance").status, 404);
  EXPECT_EQ(as(blue, "GET", "/api/v1/quality/agents/agent01/performance").status, 404);

  // reports by team (JSON and CSV); a lead sees its team's only
  const json::value rep = as(quality, "GET", "/api/v1/quality/reports?by=team").json();
  ASSERT_FALSE(rep.at("rows").as_array().empty()) << rep;
  EXPECT_EQ(rep.at("rows").at(0).at("key"), "red");
  HttpResult csv = as(quality, "GET", "/api/v1/quality/reports?by=agent&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\r')), "agent,evaluations,mean_score,failed,disputed,dispute_rate,acknowledged");
  EXPECT_NE(csv.body.find("\r\nagent01,"), std::string::npos) << csv.body;
  EXPECT_EQ(field(as(quality, "GET", "/api/v1/quality/reports?by=site")), "by");
  EXPECT_EQ(field(as(quality, "GET", "/api/v1/quality/reports?format=xml")), "format");
  EXPECT_TRUE(as(blue, "GET", "/api/v1/quality/reports").json().at("rows").as_array().empty());

  // the team's leaderboard, with its formula; an agent sees its own team's only
  const json::value board = as(agent, "GET", "/api/v1/quality/leaderboard").json();
  EXPECT_NE(std::string(board.at("formula").as_string()).find("0.5 * quality"), std::string::npos);
  ASSERT_EQ(board.at("rows").as_array().size(), 10u) << board;  // team red: agent01..agent10
  EXPECT_EQ(board.at("rows").at(0).at("agent"), "agent01");   // the only one with figures
  EXPECT_EQ(board.at("rows").at(0).at("rank"), 1);
  EXPECT_EQ(board.at("rows").at(9).at("rank"), 0);  // no figures: not ranked
  EXPECT_TRUE(board.at("rows").at(9).at("points").is_null());
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/leaderboard?team=blue").status, 403);
  EXPECT_EQ(as(quality, "GET", "/api/v1/quality/leaderboard?team=blue").status, 200);
}

}  // namespace
}  // namespace switchyard::testing
