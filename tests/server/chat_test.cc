// Web chat end to end (docs/chat.md) on the real binary: a visitor starts a
// chat through the demo widget, an agent accepts it, messages go both ways
// over HTTP and the WebSockets (whispers never reach the visitor), a team
// lead barges in, the agent ends the chat and the visitor gets a survey;
// the transcript is kept. Also: CORS and origins, the start rate limit,
// bad input naming the field, notes and desks, and the web app's files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class ChatTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    web_ = new TempDir();
    std::filesystem::create_directories(web_->path() + "/assets");
    std::ofstream(web_->path() + "/index.html") << "<!doctype html><title>Switchyard</title>";
    std::ofstream(web_->path() + "/assets/app-abc.js") << "app()";
    setenv("SWITCHYARD_HTTP_WEB_ROOT", web_->path().c_str(), 1);
    setenv("SWITCHYARD_CHAT_STARTS_PER_MINUTE", "6", 1);
    start_server("chat.db");
    unsetenv("SWITCHYARD_HTTP_WEB_ROOT");
    unsetenv("SWITCHYARD_CHAT_STARTS_PER_MINUTE");
  }
  static void TearDownTestSuite() {
    ServerSuite::TearDownTestSuite();
    delete web_;
    web_ = nullptr;
  }
  static HttpResult visitor(const std::string& token, const std::string& method, const std::string& target,
                            const std::string& body = {}, const std::string& origin = "https://shop.example") {
    std::vector<std::pair<std::string, std::string>> h = {{"Origin", origin}};
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    return http(port_, method, target, body, h);
  }
  // Starts a chat from its own client address key (the rate limit is per
  // address: all tests share 127.0.0.1, so each start counts).
  static json::value start_chat(const std::string& body) {
    auto r = visitor("", "POST", "/api/v1/chat/visitor/start", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  // The next frame of `type` on `ws` (others skipped).
  static std::optional<json::value> next_of(WsClient& ws, std::string_view type, int timeout_ms = 5000) {
    for (int i = 0; i < 50; ++i) {
      auto f = ws.read(timeout_ms);
      if (!f) return std::nullopt;
      json::value v = json::parse(*f);
      if (v.at("type").as_string() == type) return v;
    }
    return std::nullopt;
  }
  static inline TempDir* web_ = nullptr;
};

TEST_F(ChatTest, AVisitorAndAnAgentChatAndTheVisitorGetsTheSurvey) {
  const std::string agent = login(port_, "agent11");
  const std::string lead = login(port_, "lead.blue");
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent11/login", R"({"ready":true})").status, 200);

  json::value s = start_chat(R"({"widget":"wg_demo","name":"Ana","language":"zh-CN","customer_id":"c-77",)"
                             R"("message":"My router blinks red"})");
  const std::string token(s.at("token").as_string());
  const auto contact = s.at("contact").as_int64();
  const std::string id = std::to_string(contact);
  EXPECT_TRUE(token.starts_with("vt_"));
  EXPECT_EQ(s.at("queue"), "support-chat");

  WsClient vws(port_, "/api/v1/chat/visitor/socket?token=" + token);
  ASSERT_TRUE(vws.ok());
  auto hello = next_of(vws, "hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->at("visitor").at("language"), "zh-CN");
  auto first = next_of(vws, "message");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("seq"), 1);
  EXPECT_EQ(first->at("text"), "My router blinks red");

  // The only logged-in agent with the skill gets the offer and accepts.
  HttpResult accepted;
  for (int i = 0; i < 50; ++i) {
    accepted = as(agent, "POST", "/api/v1/contacts/" + id + "/accept", "{}");
    if (accepted.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto active = next_of(vws, "state");
  ASSERT_TRUE(active);
  EXPECT_EQ(active->at("state"), "active");
  EXPECT_EQ(active->at("agent"), "agent11");

  WsClient sws(port_, "/api/v1/chat/sessions/" + id + "/socket?access_token=" + agent + "&since=1");
  ASSERT_TRUE(sws.ok());
  ASSERT_TRUE(next_of(sws, "hello"));

  // Agent -> visitor, the whisper stays with staff, visitor -> agent.
  auto sent = as(agent, "POST", "/api/v1/chat/sessions/" + id + "/messages", R"({"text":"你好 Ana","client_id":"a1"})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(sent.json().at("seq"), 2);
  auto whisper = as(lead, "POST", "/api/v1/chat/sessions/" + id + "/messages", R"({"text":"offer a reset","kind":"whisper"})");
  ASSERT_EQ(whisper.status, 201) << whisper.body;
  EXPECT_EQ(whisper.json().at("from"), "supervisor");
  auto reply = visitor(token, "POST", "/api/v1/chat/visitor/messages", R"({"text":"thanks","client_id":"v2"})");
  ASSERT_EQ(reply.status, 201) << reply.body;

  auto m2 = next_of(vws, "message");
  ASSERT_TRUE(m2);
  EXPECT_EQ(m2->at("text"), "你好 Ana");
  auto m4 = next_of(vws, "message");
  ASSERT_TRUE(m4);
  EXPECT_EQ(m4->at("seq"), 4);  // seq 3 (the whisper) never reaches the visitor
  EXPECT_EQ(m4->at("client_id"), "v2");
  for (int seq : {2, 3, 4}) {
    auto m = next_of(sws, "message");
    ASSERT_TRUE(m) << seq;
    EXPECT_EQ(m->at("seq"), seq);
  }

  // Typing and read receipts reach the other side.
  EXPECT_EQ(visitor(token, "POST", "/api/v1/chat/visitor/typing", R"({"on":true})").status, 204);
  auto typing = next_of(sws, "typing");
  ASSERT_TRUE(typing);
  EXPECT_EQ(typing->at("from"), "visitor");
  EXPECT_EQ(visitor(token, "POST", "/api/v1/chat/visitor/read", R"({"up_to":2})").status, 204);
  auto receipt = next_of(sws, "receipt");
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->at("side"), "visitor");
  EXPECT_EQ(receipt->at("read"), 2);

  // A reconnecting visitor gets what it missed, without whispers.
  WsClient again(port_, "/api/v1/chat/visitor/socket?token=" + token + "&since=1");
  ASSERT_TRUE(next_of(again, "hello"));
  auto r2 = next_of(again, "message");
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->at("seq"), 2);
  EXPECT_EQ(next_of(again, "message")->at("seq"), 4);

  // Barge: the lead writes to the visitor after joining, not before.
  EXPECT_EQ(as(lead, "POST", "/api/v1/chat/sessions/" + id + "/messages", R"({"text":"hi"})").status, 403);
  auto barge = as(lead, "POST", "/api/v1/chat/sessions/" + id + "/barge");
  ASSERT_EQ(barge.status, 200) << barge.body;
  EXPECT_EQ(barge.json().at("barged_by"), "lead.blue");
  auto joined = next_of(vws, "message");
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->at("from"), "system");
  EXPECT_EQ(joined->at("text"), "barge");
  EXPECT_EQ(as(lead, "POST", "/api/v1/chat/sessions/" + id + "/messages", R"({"text":"I can help too"})").status, 201);

  // Notes: an identity check, seen by whoever gets the contact next.
  EXPECT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/notes", R"({"text":"DOB checked","kind":"verified"})").status,
            201);
  auto notes = as(lead, "GET", "/api/v1/contacts/" + id + "/notes");
  ASSERT_EQ(notes.status, 200);
  EXPECT_EQ(notes.json().at("verified").at("by"), "agent11");

  // The agent ends the chat: the visitor's socket gets "ended" with a survey.
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/end", "{}").status, 200);
  auto ended = next_of(vws, "ended", 10000);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->at("reason"), "agent");
  ASSERT_TRUE(ended->at("survey").is_object());
  const std::string survey(ended->at("survey").at("token").as_string());
  auto staff_end = next_of(sws, "ended");
  ASSERT_TRUE(staff_end);
  EXPECT_TRUE(staff_end->at("survey").is_null());  // the visitor's credential only
  // Writing after the end is refused.
  EXPECT_EQ(visitor(token, "POST", "/api/v1/chat/visitor/messages", R"({"text":"hello?"})").status, 409);

  // The survey from the widget's origin (CORS), rated 5.
  auto form = visitor("", "GET", "/api/v1/surveys/" + survey);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.header("Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(visitor("", "POST", "/api/v1/surveys/" + survey, R"({"rating":5})").status, 200);

  // The transcript stays (with whispers, for staff); the visitor still reads theirs.
  auto transcript = as(lead, "GET", "/api/v1/chat/sessions/" + id);
  ASSERT_EQ(transcript.status, 200);
  EXPECT_EQ(transcript.json().at("state"), "ended");
  EXPECT_EQ(transcript.json().at("messages").as_array().size(), 6u);
  auto mine = visitor(token, "GET", "/api/v1/chat/visitor");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().at("messages").as_array().size(), 5u);
  EXPECT_EQ(mine.json().at("survey").at("token").as_string(), survey);
  auto ended_list = as(lead, "GET", "/api/v1/chat/sessions?state=ended");
  ASSERT_EQ(ended_list.status, 200);
  EXPECT_FALSE(ended_list.json().as_array().empty());
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/wrapup", R"({"disposition":"resolved"})").status, 200);
}

TEST_F(ChatTest, OriginsCorsAndBadInput) {
  // The demo widget allows any origin; a widget for one shop only its own.
  auto w = as(admin_, "POST", "/api/v1/chat/widgets",
              R"({"name":"Shop","queue":"support-chat","allowed_origins":["https://only.example"]})");
  ASSERT_EQ(w.status, 201) << w.body;
  const std::string key(w.json().at("key").as_string());
  auto refused = visitor("", "POST", "/api/v1/chat/visitor/start", R"({"widget":")" + key + R"("})",
                         "https://evil.example");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json().at("error").at("field"), "Origin");
  auto pre = http(port_, "OPTIONS", "/api/v1/chat/visitor/start", "",
                  {{"Origin", "https://only.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "https://only.example");
  EXPECT_NE(pre.header("Access-Control-Allow-Headers").find("Authorization"), std::string::npos);

  auto bad = as(admin_, "POST", "/api/v1/chat/widgets",
                R"({"name":"X","queue":"support-chat","allowed_origins":["https://ok.example","not an origin"]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field"), "allowed_origins[1]");
  EXPECT_EQ(as(admin_, "POST", "/api/v1/chat/widgets", R"({"name":"X","queue":"nope","allowed_origins":["*"]})")
                .json().at("error").at("field"), "queue");
  // A widget on a voice queue would start contacts no agent can chat on.
  auto voice = as(admin_, "POST", "/api/v1/chat/widgets", R"({"name":"X","queue":"billing","allowed_origins":["*"]})");
  EXPECT_EQ(voice.status, 400);
  EXPECT_EQ(voice.json().at("error").at("field"), "queue");
  const std::string wid = std::to_string(w.json().at("id").as_int64());
  EXPECT_EQ(as(admin_, "PUT", "/api/v1/chat/widgets/" + wid,
               R"({"name":"Shop","queue":"billing","allowed_origins":["https://only.example"]})")
                .json().at("error").at("field"), "queue");
  // Origins as typed ("https://Shop.Example") are kept as browsers send them.
  auto upper = as(admin_, "POST", "/api/v1/chat/widgets",
                  R"({"name":"Upper","queue":"support-chat","allowed_origins":["HTTPS://Shop.Example:8443"]})");
  ASSERT_EQ(upper.status, 201) << upper.body;
  EXPECT_EQ(upper.json().at("allowed_origins").at(0), "https://shop.example:8443");
  auto face = visitor("", "GET", "/api/v1/chat/visitor/widget?key=" + key, "", "https://only.example");
  ASSERT_EQ(face.status, 200) << face.body;
  EXPECT_EQ(face.json().at("queue"), "support-chat");
  EXPECT_EQ(face.header("Access-Control-Allow-Origin"), "https://only.example");
  EXPECT_EQ(visitor("", "GET", "/api/v1/chat/visitor/widget?key=" + key, "", "https://evil.example").status, 403);
  EXPECT_EQ(visitor("", "POST", "/api/v1/chat/visitor/start", R"({"widget":"wg_none"})").json().at("error").at("field"),
            "widget");
  EXPECT_EQ(visitor("", "POST", "/api/v1/chat/visitor/start", R"({"widget":"wg_demo","language":"fr"})")
                .json().at("error").at("field"), "language");
  EXPECT_EQ(visitor("", "POST", "/api/v1/chat/visitor/start", R"({"widget":"wg_demo","colour":"red"})").status, 400);
  EXPECT_EQ(visitor("vt_nope", "GET", "/api/v1/chat/visitor").status, 401);
  // Agents may not configure widgets.
  EXPECT_EQ(as(login(port_, "agent01"), "POST", "/api/v1/chat/widgets", R"({"name":"A","queue":"support-chat","allowed_origins":["*"]})").status,
            403);
}

TEST_F(ChatTest, DeskCodesBindTheWrapUp) {
  auto desk = as(admin_, "GET", "/api/v1/queues/billing/desk");
  ASSERT_EQ(desk.status, 200);
  EXPECT_FALSE(desk.json().at("script").at("zh-CN").as_string().empty());
  EXPECT_EQ(desk.json().at("dispositions").as_array().size(), 4u);
  auto bad = as(admin_, "PUT", "/api/v1/queues/billing/desk",
                R"({"script":{"en":"Hi"},"dispositions":[{"code":"ok","label":{"en":"OK"}},{"code":"Bad Code"}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field"), "dispositions[1].code");

  // A contact on billing wrapped up with a code the queue does not have.
  const std::string agent = login(port_, "agent01");
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})").status, 200);
  auto c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"c-9"})");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string id = std::to_string(c.json().at("id").as_int64());
  HttpResult acc;
  for (int i = 0; i < 50 && acc.status != 200; ++i) {
    acc = as(agent, "POST", "/api/v1/contacts/" + id + "/accept", "{}");
    if (acc.status != 200) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(acc.status, 200) << acc.body;
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/end", "{}").status, 200);
  auto wrong = as(agent, "POST", "/api/v1/contacts/" + id + "/wrapup", R"({"disposition":"sold"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json().at("error").at("field"), "disposition");
  EXPECT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/wrapup", R"({"disposition":"follow_up"})").status, 200);
  // The note on it shows in the customer's notes.
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/notes", R"({"text":"call back Monday"})").status, 201);
  HttpResult notes;
  for (int i = 0; i < 50; ++i) {  // the customer's history has the contact once it is projected
    notes = as(agent, "GET", "/api/v1/customers/c-9/notes");
    if (notes.status == 200 && !notes.json().as_array().empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(notes.json().as_array().size(), 1u) << notes.body;
  EXPECT_EQ(notes.json().as_array()[0].at("text"), "call back Monday");
  EXPECT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/notes", R"({"text":"  "})").json().at("error").at("field"),
            "text");
  // the suite shares one server: leave agent01 logged out, as the next test finds it
  EXPECT_EQ(as(agent, "POST", "/api/v1/agents/agent01/logout", "{}").status, 200);
}

// The contact panel: the agent serving a customer sees the customer's
// earlier contacts, whoever handled them; before that, only their own.
TEST_F(ChatTest, TheContactAtHandOpensTheCustomersHistory) {
  const std::string one = login(port_, "agent01"), two = login(port_, "agent02");
  auto handle = [&](const std::string& token, const std::string& agent) {
    auto c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"c-share"})");
    EXPECT_EQ(c.status, 201) << c.body;
    const std::string id = std::to_string(c.json().at("id").as_int64());
    HttpResult acc;
    for (int i = 0; i < 50 && acc.status != 200; ++i) {
      acc = as(token, "POST", "/api/v1/contacts/" + id + "/accept", "{}");
      if (acc.status != 200) std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(acc.status, 200) << agent << ": " << acc.body;
    return id;
  };
  ASSERT_EQ(as(one, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})").status, 200);
  const std::string first = handle(one, "agent01");
  ASSERT_EQ(as(one, "POST", "/api/v1/contacts/" + first + "/end", "{}").status, 200);
  ASSERT_EQ(as(one, "POST", "/api/v1/contacts/" + first + "/wrapup", "{}").status, 200);
  ASSERT_EQ(as(one, "POST", "/api/v1/agents/agent01/logout", "{}").status, 200);
  ASSERT_EQ(as(two, "POST", "/api/v1/agents/agent02/login", R"({"ready":true})").status, 200);
  auto before = as(two, "GET", "/api/v1/customers/c-share/contacts");
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(before.json().as_array().empty()) << before.body;  // agent01's contact: not agent02's scope
  const std::string second = handle(two, "agent02");
  HttpResult during;
  for (int i = 0; i < 50; ++i) {
    during = as(two, "GET", "/api/v1/customers/c-share/contacts");
    if (during.status == 200 && during.body.find(first) != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(during.status, 200);
  ASSERT_FALSE(during.json().as_array().empty()) << "serving the customer opens their history";
  bool has_first = false;
  const json::value recs = during.json();  // kept: the loop reads into it
  for (const auto& rec : recs.as_array()) has_first |= std::to_string(rec.at("id").as_int64()) == first;
  EXPECT_TRUE(has_first) << during.body;
  ASSERT_EQ(as(two, "POST", "/api/v1/contacts/" + second + "/end", "{}").status, 200);
  ASSERT_EQ(as(two, "POST", "/api/v1/contacts/" + second + "/wrapup", "{}").status, 200);
}

TEST_F(ChatTest, StartsAreLimitedPerAddress) {
  // 6 per minute in this suite; the other tests used some, so the 7th start
  // at the latest is refused with Retry-After.
  int refused = 0;
  for (int i = 0; i < 7; ++i) {
    auto r = visitor("", "POST", "/api/v1/chat/visitor/start", R"({"widget":"wg_demo"})");
    if (r.status == 429) {
      ++refused;
      EXPECT_FALSE(r.header("Retry-After").empty());
    } else {
      EXPECT_EQ(r.status, 201) << r.body;
    }
  }
  EXPECT_GE(refused, 1);
}

TEST_F(ChatTest, ServesTheWebApp) {
  auto index = http(port_, "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>Switchyard</title>"), std::string::npos);
  auto page = http(port_, "GET", "/wallboard");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, index.body);
  auto asset = http(port_, "GET", "/assets/app-abc.js");
  EXPECT_EQ(asset.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(http(port_, "GET", "/assets/missing.js").status, 404);
  auto api = http(port_, "GET", "/api/v1/nothing-here");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.json().at("error").at("code"), "not_found");
  EXPECT_EQ(http(port_, "DELETE", "/api/v1/realtime").status, 405);
}

}  // namespace
}  // namespace switchyard::testing
