// Team chat end to end through the real binary (docs/api.md, "Team chat"): two agents of team
// red write directly and in their team room, unread counts follow reads, a mention and a lead's
// broadcast are notified, another team's agent cannot read the room, search finds English and
// Chinese in one's own rooms only, presence follows the engine, and the socket delivers; an
// author edits its own message, a room lists its members, the directory finds colleagues.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class TeamChatTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() { start_server("team_chat.db"); }

  // The caller's room of `kind` (the first), as JSON.
  static json::object room_of(const std::string& token, std::string_view kind) {
    HttpResult r = as(token, "GET", "/api/v1/comms/chat/rooms");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value rooms = r.json();
    for (const json::value& v : rooms.at("items").as_array())
      if (v.at("kind").as_string() == kind) return v.as_object();
    ADD_FAILURE() << "no " << kind << " room in " << r.body;
    return {};
  }
  static int64_t unread(const std::string& token, int64_t room) {
    const json::value rooms = as(token, "GET", "/api/v1/comms/chat/rooms").json();
    for (const json::value& v : rooms.at("items").as_array())
      if (v.at("id").to_number<int64_t>() == room) return v.at("unread").to_number<int64_t>();
    return -1;
  }
  static std::vector<json::value> told(const std::string& token, const std::string& kind) {
    std::vector<json::value> out;
    const json::value all = as(token, "GET", "/api/v1/notifications?limit=200").json();
    for (const json::value& n : all.at("items").as_array())
      if (n.at("kind").as_string() == kind) out.push_back(n);
    return out;
  }
  static std::string field(const HttpResult& r) {
    if (r.status < 400) return "(not an error: " + std::to_string(r.status) + ")";
    return std::string(r.json().at("error").at("field").as_string());
  }
  static int64_t post(const std::string& token, int64_t room, const std::string& body) {
    HttpResult r = as(token, "POST", "/api/v1/comms/chat/rooms/" + std::to_string(room) + "/messages",
                      json::serialize(json::object{{"body", body}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").to_number<int64_t>() : 0;
  }
  // agent01's presence as `token` sees it, once it is `state` (within 5 s); "" on time-out.
  static std::string presence_becomes(const std::string& token, const std::string& user, const std::string& state) {
    std::string last;
    for (int i = 0; i < 50; ++i) {
      const json::value presence = as(token, "GET", "/api/v1/comms/chat/presence").json();
      for (const json::value& p : presence.at("items").as_array())
        if (p.at("user").as_string() == user) last = std::string(p.at("state").as_string());
      if (last == state) return last;
      std::this_thread::sleep_for(100ms);
    }
    return last;
  }
};

TEST_F(TeamChatTest, TwoAgentsChatDirectlyAndInTheirTeamRoomWithUnreadCountsMentionsAndBroadcasts) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), lead = login(port_, "lead.red");
  const std::string blue = login(port_, "agent11");

  // every user is in its team room, agents in their site's room too
  const json::object team = room_of(a1, "team");
  EXPECT_EQ(team.at("name"), "red");
  EXPECT_EQ(team.at("team"), "red");
  const int64_t red = team.at("id").to_number<int64_t>();
  EXPECT_EQ(room_of(a1, "site").at("site"), "paris");  // agent01: odd, paris
  EXPECT_EQ(room_of(a2, "site").at("site"), "lyon");
  EXPECT_EQ(room_of(lead, "team").at("id").to_number<int64_t>(), red);
  EXPECT_NE(room_of(blue, "team").at("id").to_number<int64_t>(), red);

  // a direct room, once per pair
  HttpResult dm = as(a1, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"direct","with":"agent02"})");
  ASSERT_EQ(dm.status, 201) << dm.body;
  const int64_t direct = dm.json().at("id").to_number<int64_t>();
  EXPECT_EQ(dm.json().at("members"), json::parse(R"(["agent01","agent02"])"));
  HttpResult again = as(a2, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"direct","with":"agent01"})");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("id").to_number<int64_t>(), direct);

  // unread counts go up with the other's messages and down with reads
  const int64_t m1 = post(a1, direct, "Can you take my 3 pm break?");
  post(a1, direct, "Thanks!");
  EXPECT_EQ(unread(a2, direct), 2);
  EXPECT_EQ(unread(a1, direct), 0);  // one's own messages are read
  HttpResult read = as(a2, "POST", "/api/v1/comms/chat/rooms/" + std::to_string(direct) + "/read",
                       R"({"message":)" + std::to_string(m1) + "}");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json().at("unread"), 1);
  EXPECT_EQ(unread(a2, direct), 1);
  HttpResult page = as(a2, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(direct) + "/messages?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(page.json().at("items").at(0).at("body"), "Thanks!");  // newest first

  // the team room, with a mention
  const int64_t before = static_cast<int64_t>(told(a2, "comms.mention").size());
  const int64_t hi = post(a1, red, "Morning team, @agent02 the queue is long");
  EXPECT_EQ(unread(a2, red), 1);
  EXPECT_EQ(unread(lead, red), 1);
  const auto mentions = told(a2, "comms.mention");
  ASSERT_EQ(static_cast<int64_t>(mentions.size()), before + 1);
  EXPECT_EQ(mentions[0].at("data").at("message").to_number<int64_t>(), hi);
  EXPECT_EQ(mentions[0].at("data").at("by"), "agent01");
  EXPECT_EQ(mentions[0].at("link").as_string(), "/comms/chat/" + std::to_string(red));
  HttpResult last = as(a2, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/messages");
  EXPECT_EQ(last.json().at("items").at(0).at("mentions"), json::parse(R"(["agent02"])"));

  // the lead's broadcast reaches every member
  HttpResult b = as(lead, "POST", "/api/v1/comms/chat/broadcast", R"({"body":"Team meeting at 4 pm"})");
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_TRUE(b.json().at("broadcast").as_bool());
  EXPECT_EQ(b.json().at("room").to_number<int64_t>(), red);
  EXPECT_EQ(told(a1, "comms.broadcast").size(), 1u);
  EXPECT_EQ(told(a2, "comms.broadcast").size(), 1u);
  EXPECT_TRUE(told(blue, "comms.broadcast").empty());
  EXPECT_EQ(as(a1, "POST", "/api/v1/comms/chat/broadcast", R"({"body":"x"})").status, 403);  // agents do not
  EXPECT_EQ(as(admin_, "POST", "/api/v1/comms/chat/broadcast", R"({"body":"x"})").status, 403);  // no team

  // another team's agent cannot read or write the room, nor the direct one
  const std::string red_path = "/api/v1/comms/chat/rooms/" + std::to_string(red);
  EXPECT_EQ(as(blue, "GET", red_path + "/messages").status, 404);
  EXPECT_EQ(as(blue, "POST", red_path + "/messages", R"({"body":"hi"})").status, 404);
  EXPECT_EQ(as(blue, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(direct) + "/messages").status, 404);
  EXPECT_EQ(as(blue, "GET", "/api/v1/comms/chat/search?q=meeting&room=" + std::to_string(red)).status, 404);

  // bad input names its field
  EXPECT_EQ(field(as(a1, "POST", red_path + "/messages", R"({"body":""})")), "body");
  EXPECT_EQ(field(as(a1, "POST", red_path + "/messages",
                     json::serialize(json::object{{"body", std::string(4001, 'x')}}))), "body");
  EXPECT_EQ(field(as(a1, "POST", red_path + "/messages", R"({"body":"x","colour":1})")), "colour");
  EXPECT_EQ(field(as(a1, "POST", red_path + "/read", R"({})")), "message");
  EXPECT_EQ(field(as(a1, "POST", red_path + "/read", R"({"message":)" + std::to_string(m1) + "}")), "message");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"team"})")), "kind");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"direct","with":"nobody"})")), "with");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"group","name":"g","members":["agent02","ghost"]})")),
            "members[1]");
  EXPECT_EQ(field(as(a1, "POST", "/api/v1/comms/chat/rooms",
                     R"({"kind":"huddle","name":"h","members":[],"huddle":{"starts_ms":2000,"ends_ms":1000}})")),
            "huddle.ends_ms");
  EXPECT_EQ(field(as(a1, "GET", red_path + "/messages?limit=0")), "limit");
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/chat/search?q=%21%21")), "q");
}

TEST_F(TeamChatTest, HuddlesKeepAnAgendaAndNotesTheirMembersEdit) {
  const std::string lead = login(port_, "lead.red"), a1 = login(port_, "agent01"), blue = login(port_, "agent11");
  HttpResult h = as(lead, "POST", "/api/v1/comms/chat/rooms",
                    R"({"kind":"huddle","name":"Monday huddle","members":["agent01","agent02"],
                        "huddle":{"starts_ms":1800000000000,"ends_ms":1800000900000,"agenda":"1. targets"}})");
  ASSERT_EQ(h.status, 201) << h.body;
  const int64_t id = h.json().at("id").to_number<int64_t>();
  EXPECT_EQ(h.json().at("huddle").at("agenda"), "1. targets");
  EXPECT_EQ(h.json().at("members"), json::parse(R"(["agent01","agent02","lead.red"])"));
  const std::string path = "/api/v1/comms/chat/rooms/" + std::to_string(id) + "/huddle";
  HttpResult edited = as(a1, "PUT", path, R"({"agenda":"1. targets\n2. rota","notes":"agreed: rota B"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("huddle").at("notes"), "agreed: rota B");
  EXPECT_EQ(as(blue, "PUT", path, R"({"agenda":"x","notes":"y"})").status, 404);
}

TEST_F(TeamChatTest, SearchFindsEnglishAndChineseInOnesOwnRoomsOnly) {
  const std::string a1 = login(port_, "agent01"), blue = login(port_, "agent11");
  const int64_t red = room_of(a1, "team").at("id").to_number<int64_t>();
  const int64_t blue_room = room_of(blue, "team").at("id").to_number<int64_t>();
  post(a1, red, "The escalation matrix moved to the wiki");
  post(a1, red, "客户投诉需要在两小时内升级处理");
  post(blue, blue_room, "Blue escalation drill on Friday");
  auto bodies = [&](const std::string& token, const std::string& q) {
    std::vector<std::string> out;
    HttpResult r = as(token, "GET", "/api/v1/comms/chat/search?q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value found = r.json();
    for (const json::value& v : found.at("items").as_array()) {
      out.emplace_back(v.at("body").as_string());
      EXPECT_FALSE(v.at("room_name").as_string().empty());
    }
    return out;
  };
  EXPECT_EQ(bodies(a1, "escalation"), std::vector<std::string>{"The escalation matrix moved to the wiki"});
  EXPECT_EQ(bodies(a1, "%E6%8A%95%E8%AF%89"), std::vector<std::string>{"客户投诉需要在两小时内升级处理"});  // 投诉
  EXPECT_EQ(bodies(blue, "escalation"), std::vector<std::string>{"Blue escalation drill on Friday"});
  EXPECT_TRUE(bodies(blue, "%E6%8A%95%E8%AF%89").empty());
}

TEST_F(TeamChatTest, PresenceFollowsTheEngineAndTheSocketDeliversMessages) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02");
  const int64_t red = room_of(a1, "team").at("id").to_number<int64_t>();
  ASSERT_EQ(presence_becomes(a2, "agent01", "offline"), "offline");
  ASSERT_EQ(as(a1, "POST", "/api/v1/agents/agent01/login", R"({"ready":false})").status, 200);
  EXPECT_EQ(presence_becomes(a2, "agent01", "away"), "away");

  WsClient ws(port_, "/api/v1/comms/chat/socket?access_token=" + a2);
  ASSERT_TRUE(ws.ok());
  auto rooms = ws.next_of("rooms");
  ASSERT_TRUE(rooms);
  EXPECT_FALSE(rooms->at("items").as_array().empty());
  // agent02 is not in the queues: its own socket makes it away
  auto own = ws.next_of("presence");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->at("user"), "agent02");
  EXPECT_EQ(own->at("state"), "away");
  EXPECT_EQ(presence_becomes(a1, "agent02", "away"), "away");

  ASSERT_EQ(as(a1, "POST", "/api/v1/agents/agent01/state", R"({"state":"ready"})").status, 200);
  EXPECT_EQ(presence_becomes(a2, "agent01", "available"), "available");
  auto pushed = ws.next_of("presence");
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->at("user"), "agent01");
  EXPECT_EQ(pushed->at("state"), "available");

  const int64_t id = post(a1, red, "Socket check");
  auto msg = ws.next_of("message");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->at("message").at("id").to_number<int64_t>(), id);
  EXPECT_EQ(msg->at("message").at("body"), "Socket check");
  ASSERT_EQ(as(a2, "POST", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/read",
               R"({"message":)" + std::to_string(id) + "}").status, 200);
  auto read = ws.next_of("read");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->at("unread"), 0);

  // a non-agent user is available while its socket is open
  const std::string lead = login(port_, "lead.red");
  EXPECT_EQ(presence_becomes(a2, "lead.red", "offline"), "offline");
  {
    WsClient lead_ws(port_, "/api/v1/comms/chat/socket?access_token=" + lead);
    ASSERT_TRUE(lead_ws.ok());
    ASSERT_TRUE(lead_ws.next_of("rooms"));
    EXPECT_EQ(presence_becomes(a2, "lead.red", "available"), "available");
  }
  EXPECT_EQ(presence_becomes(a2, "lead.red", "offline"), "offline");
  ASSERT_EQ(as(a1, "POST", "/api/v1/agents/agent01/logout", "{}").status, 200);
  EXPECT_EQ(presence_becomes(a2, "agent01", "offline"), "offline");
  // logged out of the queues but reading the chat: away, told to the socket; offline once closed
  {
    WsClient a1_ws(port_, "/api/v1/comms/chat/socket?access_token=" + a1);
    ASSERT_TRUE(a1_ws.ok());
    ASSERT_TRUE(a1_ws.next_of("rooms"));
    EXPECT_EQ(presence_becomes(a2, "agent01", "away"), "away");
    std::optional<json::value> p;
    while ((p = ws.next_of("presence", 3000)) && !(p->at("user") == "agent01" && p->at("state") == "away")) {
    }
    EXPECT_TRUE(p) << "no away frame for agent01";
  }
  EXPECT_EQ(presence_becomes(a2, "agent01", "offline"), "offline");
  std::optional<json::value> p;
  while ((p = ws.next_of("presence", 3000)) && !(p->at("user") == "agent01" && p->at("state") == "offline")) {
  }
  EXPECT_TRUE(p) << "no offline frame for agent01";
}

TEST_F(TeamChatTest, AnAuthorEditsItsOwnMessageAndMembersSeeTheEditLive) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), lead = login(port_, "lead.red");
  const std::string blue = login(port_, "agent11");
  const int64_t red = room_of(a1, "team").at("id").to_number<int64_t>();
  WsClient ws(port_, "/api/v1/comms/chat/socket?access_token=" + a2);
  ASSERT_TRUE(ws.ok());
  ASSERT_TRUE(ws.next_of("rooms"));

  const int64_t id = post(a1, red, "The wallboard is frozen");
  ASSERT_TRUE(ws.next_of("message"));
  const size_t mentioned = told(a2, "comms.mention").size();
  const std::string path = "/api/v1/comms/chat/messages/" + std::to_string(id);
  HttpResult e = as(a1, "PUT", path, R"({"body":"The wallboard is back, @agent02 thanks"})");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json().at("body"), "The wallboard is back, @agent02 thanks");
  EXPECT_EQ(e.json().at("mentions"), json::parse(R"(["agent02"])"));
  EXPECT_TRUE(e.json().at("edited_ms").is_int64());
  EXPECT_GE(e.json().at("edited_ms").to_number<int64_t>(), e.json().at("created_ms").to_number<int64_t>());
  // the members' sockets get the edit, the newly named member is told once
  auto edited = ws.next_of("edited");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->at("message").at("id").to_number<int64_t>(), id);
  EXPECT_EQ(edited->at("message").at("body"), "The wallboard is back, @agent02 thanks");
  const auto mentions = told(a2, "comms.mention");
  ASSERT_EQ(mentions.size(), mentioned + 1);
  EXPECT_EQ(mentions[0].at("data").at("message").to_number<int64_t>(), id);
  ASSERT_EQ(as(a1, "PUT", path, R"({"body":"The wallboard is back, @agent02 thank you"})").status, 200);
  EXPECT_EQ(told(a2, "comms.mention").size(), mentioned + 1);  // named before: not again
  // the list and the search read the new text
  HttpResult list = as(lead, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/messages?limit=1");
  EXPECT_EQ(list.json().at("items").at(0).at("body"), "The wallboard is back, @agent02 thank you");
  EXPECT_TRUE(list.json().at("items").at(0).at("edited_ms").is_int64());
  EXPECT_EQ(as(a2, "GET", "/api/v1/comms/chat/search?q=frozen").json().at("items").as_array().size(), 0u);
  EXPECT_EQ(as(a2, "GET", "/api/v1/comms/chat/search?q=wallboard").json().at("items").as_array().size(), 1u);

  // nobody else edits it, and bad input names its field
  for (const std::string* other : {&a2, &lead, &blue}) {
    HttpResult r = as(*other, "PUT", path, R"({"body":"mine now"})");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(field(r), "id");
  }
  EXPECT_EQ(field(as(a1, "PUT", path, R"({"body":""})")), "body");
  EXPECT_EQ(field(as(a1, "PUT", path, json::serialize(json::object{{"body", std::string(4001, 'x')}}))), "body");
  EXPECT_EQ(field(as(a1, "PUT", path, R"({"body":"x","pinned":true})")), "pinned");
  EXPECT_EQ(field(as(a1, "PUT", "/api/v1/comms/chat/messages/abc", R"({"body":"x"})")), "id");
  EXPECT_EQ(field(as(a1, "PUT", "/api/v1/comms/chat/messages/999999", R"({"body":"x"})")), "id");
  EXPECT_EQ(as(lead, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/messages?limit=1")
                .json().at("items").at(0).at("body"),
            "The wallboard is back, @agent02 thank you");
}

TEST_F(TeamChatTest, ARoomListsItsMembersWithPresenceAndTheDirectoryFindsColleagues) {
  const std::string a1 = login(port_, "agent01"), a2 = login(port_, "agent02"), blue = login(port_, "agent11");
  const int64_t red = room_of(a1, "team").at("id").to_number<int64_t>();
  const int64_t paris = room_of(a1, "site").at("id").to_number<int64_t>();
  auto names = [](const HttpResult& r) {
    std::vector<std::string> out;
    const json::value body = r.json();  // a range-for over a temporary's member would dangle
    for (const json::value& m : body.at("items").as_array()) out.emplace_back(m.at("user").as_string());
    return out;
  };
  using V = std::vector<std::string>;
  HttpResult team = as(a2, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/members");
  ASSERT_EQ(team.status, 200) << team.body;
  EXPECT_EQ(names(team), (V{"agent01", "agent02", "lead.red"}));  // the team's users, from the configuration
  const json::value first = team.json().at("items").at(0);
  EXPECT_EQ(first.at("role"), "agent");
  EXPECT_EQ(first.at("agent"), "agent01");
  EXPECT_EQ(first.at("display_name"), "agent01");
  EXPECT_TRUE(first.at("state").is_string());
  EXPECT_EQ(team.json().at("items").at(2).at("agent"), nullptr);
  EXPECT_EQ(names(as(a1, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(paris) + "/members")), (V{"agent01", "agent11"}));  // both teams
  HttpResult dm = as(a1, "POST", "/api/v1/comms/chat/rooms", R"({"kind":"direct","with":"agent02"})");
  const int64_t direct = dm.json().at("id").to_number<int64_t>();
  EXPECT_EQ(names(as(a2, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(direct) + "/members")),
            (V{"agent01", "agent02"}));
  // not one's room: 404, as for its messages
  HttpResult hidden = as(blue, "GET", "/api/v1/comms/chat/rooms/" + std::to_string(red) + "/members");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(field(hidden), "id");
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/chat/rooms/x/members")), "id");

  // the colleague directory: every user may look colleagues up
  HttpResult made = as(admin_, "POST", "/api/v1/users",
                       R"({"username":"mei.chen","password":"switchyard-demo-2","role":"quality","display_name":"Mei CHEN 陈美"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(names(as(a1, "GET", "/api/v1/comms/people?q=AGENT0")), (V{"agent01", "agent02"}));
  EXPECT_EQ(names(as(a1, "GET", "/api/v1/comms/people?q=lead")), (V{"lead.blue", "lead.red"}));
  HttpResult mei = as(blue, "GET", "/api/v1/comms/people?q=chen");  // the display name, any case
  ASSERT_EQ(mei.status, 200) << mei.body;
  ASSERT_EQ(names(mei), (V{"mei.chen"}));
  EXPECT_EQ(mei.json().at("items").at(0).at("display_name"), "Mei CHEN 陈美");
  EXPECT_EQ(mei.json().at("items").at(0).at("role"), "quality");
  EXPECT_EQ(mei.json().at("items").at(0).at("team"), nullptr);
  EXPECT_EQ(names(as(blue, "GET", "/api/v1/comms/people?q=%E9%99%88")), (V{"mei.chen"}));  // 陈
  HttpResult a02 = as(blue, "GET", "/api/v1/comms/people?q=agent02");
  EXPECT_EQ(a02.json().at("items").at(0).at("team"), "red");
  EXPECT_EQ(a02.json().at("items").at(0).at("site"), "lyon");
  EXPECT_EQ(as(a1, "GET", "/api/v1/comms/people?limit=3").json().at("items").as_array().size(), 3u);
  EXPECT_GE(as(a1, "GET", "/api/v1/comms/people").json().at("items").as_array().size(), 10u);
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/people?limit=0")), "limit");
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/people?limit=201")), "limit");
  EXPECT_EQ(field(as(a1, "GET", "/api/v1/comms/people?q=" + std::string(101, 'a'))), "q");
  EXPECT_TRUE(names(as(a1, "GET", "/api/v1/comms/people?q=nobody-here")).empty());
}

TEST_F(TeamChatTest, ApiKeysHaveNoChat) {
  HttpResult key = as(admin_, "POST", "/api/v1/api-keys", R"({"name":"chat-edge","role":"integration"})");
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string secret(key.json().at("key").as_string());
  HttpResult r = http(port_, "GET", "/api/v1/comms/chat/rooms", "", {{"X-API-Key", secret}});
  EXPECT_EQ(r.status, 403) << r.body;
}

}  // namespace
}  // namespace switchyard::testing
