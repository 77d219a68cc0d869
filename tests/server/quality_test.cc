// Quality management end to end through the real binary (docs/api.md,
// "Quality"): a scorecard and its versions, an ended call scored by the
// quality team, the agent told at once, its dispute reviewed by a team lead
// and resolved with amended answers, and who may see and do what.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

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
  // A billing contact handled and ended by agent01; its id.
  static int64_t ended_call(const std::string& customer) {
    HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":")" + customer + "\"}");
    EXPECT_EQ(c.status, 201) << c.body;
    const json::value v = c.json();
    EXPECT_EQ(v.at("agent"), "agent01") << c.body;
    const int64_t id = v.at("id").to_number<int64_t>();
    const std::string path = "/api/v1/contacts/" + std::to_string(id);
    EXPECT_EQ(as(admin_, "POST", path + "/accept", R"({"agent":"agent01"})").status, 200);
    EXPECT_EQ(as(admin_, "POST", path + "/end", R"({"agent":"agent01"})").status, 200);
    EXPECT_EQ(as(admin_, "POST", path + "/wrapup", R"({"agent":"agent01"})").status, 200);
    return id;
  }
  // The caller's notifications of `kind`.
  static std::vector<json::value> told(const std::string& token, const std::string& kind) {
    std::vector<json::value> out;
    const json::value v = as(token, "GET", "/api/v1/notifications?limit=200").json();
    for (const json::value& n : v.at("items").as_array())
      if (n.at("kind").as_string() == kind) out.push_back(n);
    return out;
  }
  static std::string field(const HttpResult& r) {
    if (r.status < 400) return "(not an error: " + std::to_string(r.status) + ")";
    return std::string(r.json().at("error").at("field").as_string());
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

}  // namespace
}  // namespace switchyard::testing
