// The boards and recognition end to end through the real binary (docs/api.md "Boards",
// "Recognition and people"): ideas voted up and moved through their statuses, an anonymous
// question answered (its author hidden, the audit keeping it), a focus group only its members
// see, lost & found; kudos, nominations and the lead's confirmed agent of the week, a customer's
// comment shared with the agent's consent, opt-in birthdays and anniversaries; who may do what.
#include <gtest/gtest.h>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

// Two more of team red's agents as users, agent03 and agent04 (the demo has agent01 and agent02).
void add_red_agents(uint16_t port, const std::string& admin) {
  for (const char* name : {"agent03", "agent04"}) {
    HttpResult made = http(port, "POST", "/api/v1/users",
                           std::string(R"({"username":")") + name +
                               R"(","password":"switchyard-demo","role":"agent","team":"red","agent":")" + name + R"("})",
                           bearer(admin));
    ASSERT_EQ(made.status, 201) << made.body;
  }
}

class BoardsTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    start_server("boards.db");
    add_red_agents(port_, admin_);
  }
  static int64_t id_of(const HttpResult& r) { return r.json().at("id").to_number<int64_t>(); }
  static std::string post(int64_t id) { return "/api/v1/comms/posts/" + std::to_string(id); }
  // The ids of a board's list, in order.
  static std::vector<int64_t> ids(const std::string& token, const std::string& board_query) {
    HttpResult r = as(token, "GET", "/api/v1/comms/boards/" + board_query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> out;
    if (r.status != 200) return out;
    const json::value v = r.json();
    for (const json::value& p : v.at("items").as_array()) out.push_back(p.at("id").to_number<int64_t>());
    return out;
  }
};

TEST_F(BoardsTest, IdeasRiseByVotesAndMoveThroughTheirStatusesWithTheAuthorTold) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), a3 = login(port_, "agent03");
  const std::string lead = login(port_, "lead.red");
  HttpResult quiet = as(a1, "POST", "/api/v1/comms/boards/idea", R"({"title":"A quiet room","body":"For calm calls."})");
  ASSERT_EQ(quiet.status, 201) << quiet.body;
  EXPECT_EQ(quiet.json().at("status"), "new");
  EXPECT_EQ(quiet.json().at("author"), "agent01");
  EXPECT_EQ(quiet.json().at("site"), "paris");
  EXPECT_EQ(quiet.json().at("mine"), true);
  const int64_t q = id_of(quiet);
  const int64_t screen = id_of(as(a2, "POST", "/api/v1/comms/boards/idea", R"({"title":"Second screens"})"));
  const int64_t shifts = id_of(as(a3, "POST", "/api/v1/comms/boards/idea", R"({"title":"夏季晚班","body":"更灵活的排班"})"));
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/boards/idea", R"({"body":"no title"})")), "title");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/boards/idea", R"({"title":"t","anonymous":true})")), "anonymous");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/boards/idea", R"({"title":"t","colour":"red"})")), "colour");
  EXPECT_EQ(as(a1, "POST", "/api/v1/comms/boards/ideas", R"({"title":"t"})").status, 404);

  // votes: one each, never one's own; the most voted first
  EXPECT_EQ(as(a2, "PUT", post(q) + "/vote", R"({"vote":true})").json().at("votes"), 1);
  EXPECT_EQ(as(a3, "PUT", post(q) + "/vote", R"({"vote":true})").json().at("votes"), 2);
  EXPECT_EQ(as(a3, "PUT", post(q) + "/vote", R"({"vote":true})").json().at("votes"), 2);
  HttpResult own = as(a1, "PUT", post(q) + "/vote", R"({"vote":true})");
  EXPECT_EQ(own.status, 409);
  EXPECT_EQ(field(own), "vote");
  EXPECT_EQ(field(as(a1, "PUT", post(q) + "/vote", R"({"vote":"yes"})")), "vote");
  ASSERT_EQ(as(a1, "PUT", post(shifts) + "/vote", R"({"vote":true})").status, 200);
  EXPECT_EQ(ids(a1, "idea"), (std::vector<int64_t>{q, shifts, screen}));
  EXPECT_EQ(ids(a1, "idea?sort=new"), (std::vector<int64_t>{shifts, screen, q}));
  EXPECT_EQ(ids(a1, "idea?q=%E6%99%9A%E7%8F%AD"), (std::vector<int64_t>{shifts}));  // 晚班
  EXPECT_EQ(ids(a2, "idea?mine=true"), (std::vector<int64_t>{screen}));
  HttpResult listed = as(a2, "GET", "/api/v1/comms/boards/idea?limit=1&offset=0");
  EXPECT_EQ(listed.json().at("total"), 3);
  EXPECT_EQ(listed.json().at("items").at(0).at("my_vote"), true);
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/boards/idea?sort=hot")), "sort");

  // views count once per reader
  as(a2, "GET", post(q));
  as(a2, "GET", post(q));
  EXPECT_EQ(as(a3, "GET", post(q)).json().at("views"), 2);

  // statuses: managers move them, agents may not; declining needs a reason; the author is told
  EXPECT_EQ(as(a2, "POST", post(q) + "/status", R"({"status":"planned"})").status, 403);
  EXPECT_EQ(field(as(lead, "POST", post(q) + "/status", R"({"status":"shipped"})")), "status");
  EXPECT_EQ(field(as(lead, "POST", post(screen) + "/status", R"({"status":"declined"})")), "reason");
  HttpResult planned = as(lead, "POST", post(q) + "/status", R"({"status":"planned","reason":"Room 4 from January"})");
  ASSERT_EQ(planned.status, 200) << planned.body;
  EXPECT_EQ(planned.json().at("status"), "planned");
  EXPECT_EQ(planned.json().at("status_by"), "lead.red");
  EXPECT_EQ(ids(a1, "idea?status=planned"), (std::vector<int64_t>{q}));
  auto told = notifications_of(port_, a1, "comms.post_status");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("link").as_string(), "/comms/ideas/" + std::to_string(q));
  EXPECT_EQ(told[0].at("data").at("status"), "planned");

  // comments; edits by the author only; deletion by the author or an admin
  ASSERT_EQ(as(a2, "POST", post(q) + "/comments", R"({"body":"Yes please"})").status, 201);
  EXPECT_EQ(field(as(a2, "POST", post(q) + "/comments", R"({"body":""})")), "body");
  EXPECT_EQ(as(a1, "GET", post(q) + "/comments").json().at("items").at(0).at("author"), "agent02");
  EXPECT_EQ(as(a1, "GET", post(q)).json().at("comments"), 1);
  EXPECT_EQ(as(a2, "PATCH", post(q), R"({"title":"Mine now"})").status, 403);
  EXPECT_EQ(as(a1, "PATCH", post(q), R"({"title":"A quiet room, please"})").json().at("title"), "A quiet room, please");
  EXPECT_EQ(as(a1, "PATCH", post(q), R"({"title":"A quiet room, please"})").json().at("body"), "For calm calls.");
  EXPECT_EQ(as(a1, "DELETE", post(screen)).status, 403);
  EXPECT_EQ(as(admin_, "DELETE", post(screen)).status, 204);
  EXPECT_EQ(as(a2, "GET", post(screen)).status, 404);
  EXPECT_EQ(as("", "GET", "/api/v1/comms/boards/idea").status, 401);
}

TEST_F(BoardsTest, AnAnonymousQuestionIsAnsweredAFocusGroupIsSeenByItsMembersAndLostThingsFound) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), a11 = login(port_, "agent11");
  const std::string lead = login(port_, "lead.red");
  HttpResult asked = as(a2, "POST", "/api/v1/comms/boards/question",
                        R"({"title":"Will the night shift bonus stay?","anonymous":true})");
  ASSERT_EQ(asked.status, 201) << asked.body;
  const int64_t q = id_of(asked);
  EXPECT_EQ(asked.json().at("author"), "agent02");  // its author sees itself
  EXPECT_EQ(asked.json().at("status"), "open");
  // hidden from peers, from the lead, from admins; the audit keeps who asked
  for (const std::string* t : {&a1, &lead, static_cast<const std::string*>(&admin_)}) {
    HttpResult seen = as(*t, "GET", post(q));
    EXPECT_TRUE(seen.json().at("author").is_null()) << seen.body;
    EXPECT_EQ(seen.json().at("anonymous"), true);
  }
  EXPECT_TRUE(as(a1, "GET", "/api/v1/comms/boards/question").json().at("items").at(0).at("author").is_null());
  const json::value audit = as(admin_, "GET", "/api/v1/audit?limit=1000").json();
  bool audited = false;
  for (const json::value& e : audit.as_array())
    audited = audited || (e.at("action") == "comms.question" && e.at("actor") == "agent02" &&
                          e.at("target").as_string() == "post:" + std::to_string(q) && e.at("detail") == "anonymous");
  EXPECT_TRUE(audited);

  // answered by management (not by agents), the asker told; answering again replaces the answer
  EXPECT_EQ(as(a1, "POST", post(q) + "/answer", R"({"body":"Yes"})").status, 403);
  EXPECT_EQ(field(as(lead, "POST", post(q) + "/status", R"({"status":"answered"})")), "status");
  HttpResult answered = as(lead, "POST", post(q) + "/answer", R"({"body":"It stays through 2027."})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json().at("status"), "answered");
  EXPECT_EQ(answered.json().at("answer").at("by"), "lead.red");
  EXPECT_TRUE(answered.json().at("author").is_null());
  auto told = notifications_of(port_, a2, "comms.answer");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("link").as_string(), "/comms/questions/" + std::to_string(q));
  EXPECT_EQ(as(a1, "GET", post(q)).json().at("answer").at("body"), "It stays through 2027.");
  // the asker's follow-up does not name it; another's comment does
  ASSERT_EQ(as(a2, "POST", post(q) + "/comments", R"({"body":"And for part-timers?"})").status, 201);
  ASSERT_EQ(as(a1, "POST", post(q) + "/comments", R"({"body":"Same question"})").status, 201);
  const json::value thread = as(a1, "GET", post(q) + "/comments").json();
  EXPECT_TRUE(thread.at("items").at(0).at("author").is_null()) << thread;
  EXPECT_EQ(thread.at("items").at(1).at("author"), "agent01");
  EXPECT_EQ(as(a2, "GET", post(q) + "/comments").json().at("items").at(0).at("author"), "agent02");
  const int64_t idea = id_of(as(lead, "POST", "/api/v1/comms/boards/idea", R"({"title":"Not a question"})"));
  EXPECT_EQ(field(as(lead, "POST", post(idea) + "/answer", R"({"body":"b"})")), "id");

  // a focus group: opened by a lead with members; others do not see it
  EXPECT_EQ(as(a1, "POST", "/api/v1/comms/boards/focus", R"({"title":"The new IVR"})").status, 403);
  EXPECT_EQ(field(as(lead, "POST", "/api/v1/comms/boards/focus", R"({"title":"x","members":["nobody"]})")), "members[0]");
  HttpResult focus = as(lead, "POST", "/api/v1/comms/boards/focus",
                        R"({"title":"The new IVR","body":"What confuses callers?","members":["agent01"]})");
  ASSERT_EQ(focus.status, 201) << focus.body;
  const int64_t f = id_of(focus);
  EXPECT_EQ(notifications_of(port_, a1, "comms.focus_invite").size(), 1u);
  EXPECT_EQ(as(a1, "GET", post(f)).status, 200);
  EXPECT_EQ(as(a2, "GET", post(f)).status, 404);
  EXPECT_EQ(as(a2, "POST", post(f) + "/comments", R"({"body":"me too"})").status, 404);
  EXPECT_TRUE(ids(a2, "focus").empty());
  EXPECT_EQ(ids(a1, "focus"), (std::vector<int64_t>{f}));
  ASSERT_EQ(as(a1, "POST", post(f) + "/comments", R"({"body":"Option 3 is unclear"})").status, 201);
  EXPECT_EQ(as(a1, "PUT", post(f) + "/members", R"({"members":["agent02"]})").status, 403);
  HttpResult invited = as(lead, "PUT", post(f) + "/members", R"({"members":["agent01","agent02"]})");
  ASSERT_EQ(invited.status, 200) << invited.body;
  EXPECT_EQ(invited.json().at("members").as_array().size(), 2u);
  EXPECT_EQ(notifications_of(port_, a2, "comms.focus_invite").size(), 1u);
  EXPECT_EQ(notifications_of(port_, a1, "comms.focus_invite").size(), 1u);  // not told twice
  EXPECT_EQ(as(a2, "GET", post(f) + "/comments").json().at("items").as_array().size(), 1u);
  EXPECT_EQ(as(a2, "PUT", post(f) + "/vote", R"({"vote":true})").status, 400);

  // lost & found: lost or found, the author's site; the author marks it resolved
  EXPECT_EQ(field(as(a11, "POST", "/api/v1/comms/boards/lost_found", R"({"title":"Headset"})")), "category");
  HttpResult lost = as(a11, "POST", "/api/v1/comms/boards/lost_found",
                       R"({"title":"Blue headset","body":"Desk 12, Tuesday","category":"lost"})");
  ASSERT_EQ(lost.status, 201) << lost.body;
  EXPECT_EQ(lost.json().at("site"), "paris");
  const int64_t l = id_of(lost);
  EXPECT_EQ(as(a1, "POST", post(l) + "/status", R"({"status":"resolved"})").status, 403);
  EXPECT_EQ(as(a11, "POST", post(l) + "/status", R"({"status":"resolved"})").json().at("status"), "resolved");
  EXPECT_EQ(ids(a1, "lost_found?status=resolved"), (std::vector<int64_t>{l}));
}

class PeopleTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    start_server("people.db");
    add_red_agents(port_, admin_);
  }
  static std::string a11_token() { return login(port_, "agent11"); }
};

TEST_F(PeopleTest, KudosNominationsAndTheLeadsConfirmedAgentOfTheWeek) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), a3 = login(port_, "agent03");
  const std::string a4 = login(port_, "agent04"), lead = login(port_, "lead.red"), blue = login(port_, "lead.blue");
  const std::string quality = login(port_, "quality");

  // kudos: to a colleague, never oneself; the wall and the recipient's own; the recipient told
  HttpResult k = as(a1, "POST", "/api/v1/comms/kudos", R"({"to":"agent02","message":"Took my angry caller","tag":"teamwork"})");
  ASSERT_EQ(k.status, 201) << k.body;
  EXPECT_EQ(k.json().at("from"), "agent01");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/kudos", R"({"to":"agent01","message":"me","tag":"teamwork"})")), "to");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/kudos", R"({"to":"agent02","message":"x","tag":"best"})")), "tag");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/kudos", R"({"to":"agent02","message":"","tag":"mentor"})")), "message");
  EXPECT_EQ(as(a1, "POST", "/api/v1/comms/kudos", R"({"to":"ghost","message":"x","tag":"mentor"})").status, 404);
  ASSERT_EQ(as(a3, "POST", "/api/v1/comms/kudos", R"({"to":"agent01","message":"Thanks","tag":"helpful"})").status, 201);
  EXPECT_EQ(as(a4, "GET", "/api/v1/comms/kudos").json().at("items").as_array().size(), 2u);
  HttpResult mine = as(a2, "GET", "/api/v1/comms/kudos?user=agent02");
  ASSERT_EQ(mine.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.json().at("items").at(0).at("message"), "Took my angry caller");
  auto told = notifications_of(port_, a2, "comms.kudos");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("data").at("from"), "agent01");

  // nominations: a teammate, not oneself, not another team's; a second replaces the first
  EXPECT_EQ(field(as(a2, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent02","reason":"me"})")), "nominee");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent11","reason":"x"})")), "nominee");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent02","reason":""})")), "reason");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent02","reason":"x","week":"2026-W99"})")), "week");
  ASSERT_EQ(as(a1, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent05","reason":"first thought"})").status, 201);
  ASSERT_EQ(as(a1, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent02","reason":"Took my angry caller"})").status, 201);
  ASSERT_EQ(as(a3, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent02","reason":"Always helps"})").status, 201);
  ASSERT_EQ(as(a4, "POST", "/api/v1/comms/agent-of-week/nominations", R"({"nominee":"agent05","reason":"Calm"})").status, 201);

  // the lead sees the candidates ranked by the formula (no figures yet: nominations only)
  HttpResult week = as(lead, "GET", "/api/v1/comms/agent-of-week");
  ASSERT_EQ(week.status, 200) << week.body;
  const json::value w = week.json();
  EXPECT_EQ(w.at("team"), "red");
  EXPECT_NE(w.at("formula").as_string().find("5 × nominations"), std::string::npos);
  const json::array& c = w.at("candidates").as_array();
  ASSERT_EQ(c.size(), 10u) << week.body;  // the team's agents
  EXPECT_EQ(c[0].at("agent"), "agent02");
  EXPECT_EQ(c[0].at("rank"), 1);
  EXPECT_EQ(c[0].at("nominations"), 2);
  EXPECT_EQ(c[0].at("proposal").to_number<double>(), 10.0);
  EXPECT_EQ(c[0].at("reasons").as_array().size(), 2u);
  EXPECT_EQ(c[1].at("agent"), "agent05");
  EXPECT_EQ(c[1].at("rank"), 2);
  EXPECT_EQ(c[2].at("rank"), 0);  // nothing to rank on
  const std::string week_name(w.at("week").as_string());
  EXPECT_EQ(as(quality, "GET", "/api/v1/comms/agent-of-week?team=red").json().at("candidates").as_array().size(), 10u);
  EXPECT_TRUE(as(blue, "GET", "/api/v1/comms/agent-of-week?team=red").json().at("candidates").as_array().empty());
  HttpResult agent_view = as(a1, "GET", "/api/v1/comms/agent-of-week");
  EXPECT_TRUE(agent_view.json().at("candidates").as_array().empty());
  EXPECT_EQ(agent_view.json().at("my_nomination").at("nominee"), "agent02");
  EXPECT_EQ(as(a1, "GET", "/api/v1/comms/agent-of-week?team=nowhere").status, 404);

  // confirmed by the team's lead only; the winner told; everyone sees it
  EXPECT_EQ(as(a1, "POST", "/api/v1/comms/agent-of-week/confirm", R"({"agent":"agent02"})").status, 403);
  EXPECT_EQ(as(blue, "POST", "/api/v1/comms/agent-of-week/confirm", R"({"team":"red","agent":"agent02"})").status, 403);
  EXPECT_EQ(field(as(lead, "POST", "/api/v1/comms/agent-of-week/confirm", R"({"agent":"agent11"})")), "agent");
  HttpResult confirmed = as(lead, "POST", "/api/v1/comms/agent-of-week/confirm", R"({"agent":"agent02","note":"Calm under fire"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json().at("winner").at("agent"), "agent02");
  EXPECT_EQ(confirmed.json().at("winner").at("by"), "lead.red");
  EXPECT_EQ(notifications_of(port_, a2, "comms.agent_of_week").size(), 1u);
  EXPECT_EQ(as(a3, "GET", "/api/v1/comms/agent-of-week").json().at("winner").at("note"), "Calm under fire");
  HttpResult winners = as(a11_token(), "GET", "/api/v1/comms/agent-of-week/winners");
  ASSERT_EQ(winners.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(winners.json().at("items").at(0).at("week").as_string(), week_name);
}

TEST_F(PeopleTest, ACustomersCommentIsSharedOnlyWithTheAgentsConsent) {
  const std::string a11 = a11_token(), a1 = login(port_, "agent01");
  ASSERT_EQ(as(a11, "POST", "/api/v1/agents/agent11/login", R"({"ready":true})").status, 200);
  const VisitorChat chat = accepted_chat(port_, a11, "Where is my parcel?");
  ASSERT_FALSE(chat.id.empty());
  HttpResult issued = as(admin_, "POST", "/api/v1/contacts/" + chat.id + "/survey");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string url(issued.json().at("url").as_string());
  ASSERT_EQ(http(port_, "POST", url, R"({"rating":5,"comment":"Amélie was wonderful, thank you!"})").status, 200);

  HttpResult mine = as(a11, "GET", "/api/v1/comms/feedback/mine");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.json().at("items").at(0).at("comment"), "Amélie was wonderful, thank you!");
  EXPECT_EQ(mine.json().at("items").at(0).at("shared"), false);
  EXPECT_TRUE(as(a1, "GET", "/api/v1/comms/feedback/mine").json().at("items").as_array().empty());
  EXPECT_TRUE(as(a1, "GET", "/api/v1/comms/feedback").json().at("items").as_array().empty());  // not without consent

  EXPECT_EQ(as(a1, "PUT", "/api/v1/comms/feedback/" + chat.id, R"({"shared":true})").status, 404);  // not agent01's
  EXPECT_EQ(field(as(a11, "PUT", "/api/v1/comms/feedback/" + chat.id, R"({"shared":"yes"})")), "shared");
  HttpResult shared = as(a11, "PUT", "/api/v1/comms/feedback/" + chat.id, R"({"shared":true})");
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_EQ(shared.json().at("shared"), true);
  HttpResult wall = as(a1, "GET", "/api/v1/comms/feedback");
  ASSERT_EQ(wall.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(wall.json().at("items").at(0).at("agent"), "agent11");
  EXPECT_EQ(wall.json().at("items").at(0).at("rating"), 5);
  EXPECT_EQ(wall.json().at("items").at(0).at("queue"), "support-chat");
  EXPECT_EQ(as(a11, "PUT", "/api/v1/comms/feedback/" + chat.id, R"({"shared":false})").json().at("shared"), false);
  EXPECT_TRUE(as(a1, "GET", "/api/v1/comms/feedback").json().at("items").as_array().empty());
}

TEST_F(PeopleTest, BirthdaysAndAnniversariesShowOnlyWhenTheirOwnerOptsIn) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02");
  // today in the center's time zone, as the server tells it, and three years before
  HttpResult none = as(a1, "GET", "/api/v1/comms/celebrations");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json().at("items").as_array().empty());
  const std::string today(none.json().at("from").as_string());  // YYYY-MM-DD
  const std::string md = today.substr(5);
  const std::string start = std::to_string(std::stoi(today.substr(0, 4)) - 3) + "-" + md;
  EXPECT_TRUE(as(a1, "GET", "/api/v1/comms/profile").json().at("birthday").is_null());
  EXPECT_EQ(field(as(a1, "PUT", "/api/v1/comms/profile", R"({"birthday":"13-01"})")), "birthday");
  EXPECT_EQ(field(as(a1, "PUT", "/api/v1/comms/profile", R"({"work_start":"2020-02-30"})")), "work_start");
  EXPECT_EQ(field(as(a1, "PUT", "/api/v1/comms/profile", R"({"show_birthday":"on"})")), "show_birthday");
  // agent01 keeps its birthday to itself first
  ASSERT_EQ(as(a1, "PUT", "/api/v1/comms/profile", R"({"birthday":")" + md + R"("})").status, 200);
  ASSERT_EQ(as(a2, "PUT", "/api/v1/comms/profile", R"({"work_start":")" + start + R"(","show_anniversary":true})").status, 200);
  HttpResult c = as(a1, "GET", "/api/v1/comms/celebrations");
  ASSERT_EQ(c.status, 200) << c.body;
  ASSERT_EQ(c.json().at("items").as_array().size(), 1u) << c.body;
  EXPECT_EQ(c.json().at("items").at(0).at("user"), "agent02");
  EXPECT_EQ(c.json().at("items").at(0).at("kind"), "anniversary");
  EXPECT_EQ(c.json().at("items").at(0).at("years"), 3);
  EXPECT_EQ(c.json().at("items").at(0).at("today"), true);
  // then shares it: the rest of the profile is kept
  HttpResult on = as(a1, "PUT", "/api/v1/comms/profile", R"({"show_birthday":true})");
  EXPECT_EQ(on.json().at("birthday").as_string(), md);
  c = as(a2, "GET", "/api/v1/comms/celebrations?days=1");
  ASSERT_EQ(c.json().at("items").as_array().size(), 2u) << c.body;
  EXPECT_EQ(c.json().at("items").at(0).at("user"), "agent01");
  EXPECT_EQ(c.json().at("items").at(0).at("kind"), "birthday");
  EXPECT_TRUE(c.json().at("items").at(0).at("years").is_null());
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/celebrations?days=61")), "days");
  // clearing it hides it again
  ASSERT_EQ(as(a1, "PUT", "/api/v1/comms/profile", R"({"birthday":null})").status, 200);
  EXPECT_EQ(as(a2, "GET", "/api/v1/comms/celebrations").json().at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace switchyard::testing
