// Internal communication end to end through the real binary (docs/api.md "Knowledge base"):
// articles written, reviewed and published, searched in English and Chinese, edited without
// losing a concurrent edit, compared version to version, voted on, commented, linked to a queue
// and suggested to the agent for the chat at hand; and who may do what.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class KnowledgeBaseTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() { start_server("kb.db"); }
  static int64_t id_of(const HttpResult& r) { return r.json().at("id").to_number<int64_t>(); }
  // The ids of a search's items, in order.
  static std::vector<int64_t> found(const std::string& token, const std::string& query) {
    HttpResult r = as(token, "GET", "/api/v1/kb/articles?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> out;
    if (r.status != 200) return out;
    const json::value v = r.json();
    for (const json::value& a : v.at("items").as_array()) out.push_back(a.at("id").to_number<int64_t>());
    return out;
  }
};

TEST_F(KnowledgeBaseTest, WrittenReviewedSearchedInBothLanguagesAndNeverLostToAConcurrentEdit) {
  const std::string quality = login(port_, "quality"), wfm = login(port_, "wfm"), lead = login(port_, "lead.red");
  const std::string agent = login(port_, "agent01");

  // writers write (drafts); agents may not
  HttpResult en = as(quality, "POST", "/api/v1/kb/articles",
                     R"({"title":"Refund policy","body":"# Refunds\nCustomers get a refund within 14 days.\nAsk for the order number on [the form](/forms/refund).","category":"billing","tags":["refund","policy"],"note":"first"})");
  ASSERT_EQ(en.status, 201) << en.body;
  const int64_t en_id = id_of(en);
  EXPECT_EQ(en.json().at("status"), "draft");
  EXPECT_EQ(en.json().at("version"), 1);
  EXPECT_EQ(en.json().at("author"), "quality");
  HttpResult zh = as(wfm, "POST", "/api/v1/kb/articles",
                     R"({"title":"退款政策说明","body":"客户可以在十四天内申请退款。\n请先核对订单号。","category":"billing","tags":["退款"]})");
  ASSERT_EQ(zh.status, 201) << zh.body;
  const int64_t zh_id = id_of(zh);
  EXPECT_EQ(as(agent, "POST", "/api/v1/kb/articles", R"({"title":"x"})").status, 403);
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/kb/articles", R"({"body":"no title"})")), "title");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/kb/articles", R"({"title":"t","tags":["a,b"]})")), "tags[0]");
  EXPECT_EQ(field(as(quality, "POST", "/api/v1/kb/articles", R"({"title":"t","colour":1})")), "colour");

  // a draft is not there for agents (not even a hint), nor in their searches
  EXPECT_EQ(as(agent, "GET", "/api/v1/kb/articles/" + std::to_string(en_id)).status, 404);
  EXPECT_TRUE(found(agent, "q=refund").empty());
  EXPECT_EQ(as(agent, "GET", "/api/v1/kb/articles?status=draft").status, 403);

  // review: the author asks it, a lead may write but not publish, quality publishes
  const std::string en_path = "/api/v1/kb/articles/" + std::to_string(en_id);
  const std::string zh_path = "/api/v1/kb/articles/" + std::to_string(zh_id);
  EXPECT_EQ(as(quality, "POST", en_path + "/status", R"({"status":"in_review"})").json().at("status"), "in_review");
  EXPECT_EQ(as(lead, "POST", en_path + "/status", R"({"status":"published"})").status, 403);
  EXPECT_EQ(as(agent, "POST", en_path + "/status", R"({"status":"in_review"})").status, 403);
  EXPECT_EQ(field(as(quality, "POST", en_path + "/status", R"({"status":"gone"})")), "status");
  HttpResult published = as(quality, "POST", en_path + "/status", R"({"status":"published"})");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json().at("reviewer"), "quality");
  ASSERT_EQ(as(quality, "POST", zh_path + "/status", R"({"status":"published"})").status, 200);

  // found in English and in Chinese (a phrase, a typed prefix), by the agent
  EXPECT_EQ(found(agent, "q=refund"), (std::vector<int64_t>{en_id}));
  EXPECT_EQ(found(agent, "q=ref"), (std::vector<int64_t>{en_id}));
  EXPECT_EQ(found(agent, "q=%E9%80%80%E6%AC%BE"), (std::vector<int64_t>{zh_id}));  // 退款
  EXPECT_EQ(found(agent, "q=%E8%AE%A2%E5%8D%95%E5%8F%B7"), (std::vector<int64_t>{zh_id}));  // 订单号
  EXPECT_TRUE(found(agent, "q=%E5%8D%95%E8%AE%A2").empty());  // 单订: those characters, not in that order
  EXPECT_EQ(found(agent, "category=billing").size(), 2u);
  EXPECT_EQ(found(agent, "tag=policy"), (std::vector<int64_t>{en_id}));
  HttpResult listed = as(agent, "GET", "/api/v1/kb/articles?q=refund");
  EXPECT_EQ(listed.json().at("items").at(0).at("snippet"), "Refunds Customers get a refund within 14 days. Ask for the order number on the form.");
  EXPECT_FALSE(listed.json().at("items").at(0).as_object().contains("body"));
  EXPECT_EQ(field(as(agent, "GET", "/api/v1/kb/articles?limit=0")), "limit");
  HttpResult cats = as(agent, "GET", "/api/v1/kb/categories");
  ASSERT_EQ(cats.status, 200);
  EXPECT_EQ(cats.json().at("items").at(0).at("category"), "billing");
  EXPECT_EQ(cats.json().at("items").at(0).at("articles"), 2);

  // each read counts a view
  EXPECT_EQ(as(agent, "GET", en_path).json().at("views"), 1);
  EXPECT_EQ(as(agent, "GET", en_path).json().at("views"), 2);

  // two writers edit version 1: the second is refused with "version", and nothing is lost
  HttpResult first = as(lead, "PUT", en_path,
                        R"({"base_version":1,"title":"Refund policy","body":"# Refunds\nCustomers get a refund within 30 days.\nAsk for the order number on [the form](/forms/refund).","category":"billing","tags":["refund","policy"],"note":"30 days"})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("version"), 2);
  EXPECT_EQ(first.json().at("status"), "in_review");  // an edit of a published article goes back to review
  HttpResult second = as(wfm, "PUT", en_path, R"({"base_version":1,"title":"Refund policy","body":"other"})");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(field(second), "version");
  EXPECT_EQ(field(as(wfm, "PUT", en_path, R"({"title":"Refund policy","body":"other"})")), "base_version");
  EXPECT_EQ(as(agent, "PUT", en_path, R"({"base_version":2,"title":"x"})").status, 403);
  EXPECT_EQ(as(agent, "GET", en_path).status, 404);  // back in review: agents wait for it
  ASSERT_EQ(as(quality, "POST", en_path + "/status", R"({"status":"published","reason":"30 days checked with billing"})").status, 200);

  // versions and the diff of their bodies
  HttpResult versions = as(agent, "GET", en_path + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.body;
  ASSERT_EQ(versions.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(versions.json().at("items").at(0).at("note"), "30 days");
  EXPECT_EQ(versions.json().at("items").at(0).at("author"), "lead.red");
  EXPECT_EQ(as(agent, "GET", en_path + "/versions/1").json().at("body"),
            "# Refunds\nCustomers get a refund within 14 days.\nAsk for the order number on [the form](/forms/refund).");
  EXPECT_EQ(field(as(agent, "GET", en_path + "/versions/9")), "version");
  HttpResult diff = as(agent, "GET", en_path + "/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200) << diff.body;
  const json::value diff_json = diff.json();
  const json::array& lines = diff_json.at("lines").as_array();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].at("op"), "same");
  EXPECT_EQ(lines[1].at("op"), "del");
  EXPECT_EQ(lines[1].at("text"), "Customers get a refund within 14 days.");
  EXPECT_EQ(lines[2].at("op"), "add");
  EXPECT_EQ(lines[2].at("text"), "Customers get a refund within 30 days.");
  EXPECT_EQ(lines[3].at("op"), "same");
  EXPECT_EQ(field(as(agent, "GET", en_path + "/diff?from=1")), "to");
  EXPECT_EQ(field(as(agent, "GET", en_path + "/diff?from=1&to=7")), "to");

  // one vote per user, the caller's own shown; comments
  EXPECT_EQ(as(agent, "POST", en_path + "/vote", R"({"helpful":false})").json().at("not_helpful"), 1);
  HttpResult voted = as(agent, "POST", en_path + "/vote", R"({"helpful":true})");
  EXPECT_EQ(voted.json().at("helpful"), 1);
  EXPECT_EQ(voted.json().at("not_helpful"), 0);
  EXPECT_EQ(voted.json().at("my_vote"), true);
  EXPECT_TRUE(as(lead, "GET", en_path).json().at("my_vote").is_null());
  EXPECT_EQ(field(as(agent, "POST", en_path + "/vote", R"({"helpful":"yes"})")), "helpful");
  EXPECT_EQ(as(agent, "POST", en_path + "/comments", R"({"body":"Does this cover gift cards?"})").status, 201);
  EXPECT_EQ(field(as(agent, "POST", en_path + "/comments", R"({"body":""})")), "body");
  HttpResult comments = as(lead, "GET", en_path + "/comments");
  ASSERT_EQ(comments.json().at("items").as_array().size(), 2u);  // the reviewer's reason, then the agent's
  EXPECT_EQ(comments.json().at("items").at(0).at("body").as_string(), "published: 30 days checked with billing");
  EXPECT_EQ(comments.json().at("items").at(1).at("author").as_string(), "agent01");
}

TEST_F(KnowledgeBaseTest, TheQueuesArticlesAndTheChatsWordsAreSuggestedToTheAgent) {
  const std::string quality = login(port_, "quality"), agent = login(port_, "agent11");
  auto publish = [&](const std::string& body) {
    HttpResult made = as(quality, "POST", "/api/v1/kb/articles", body);
    EXPECT_EQ(made.status, 201) << made.body;
    const int64_t id = id_of(made);
    EXPECT_EQ(as(quality, "POST", "/api/v1/kb/articles/" + std::to_string(id) + "/status", R"({"status":"published"})").status, 200);
    return id;
  };
  const int64_t script = publish(R"({"title":"Chat greeting script","body":"Greet the customer by name."})");
  const int64_t password = publish(R"({"title":"Reset a password","body":"Send the reset link to the account email."})");
  const int64_t delivery = publish(R"({"title":"Late delivery","body":"Check the courier tracking, then offer a voucher."})");
  const int64_t both = publish(R"({"title":"Delivery to a new address","body":"Change the delivery address before the courier collects."})");

  // reviewers link articles to a queue; agents read the queue's list
  const std::string link = "/api/v1/kb/queues/support-chat/articles";
  EXPECT_EQ(as(agent, "PUT", link, R"({"articles":[1]})").status, 403);
  EXPECT_EQ(field(as(quality, "PUT", link, R"({"articles":[999999]})")), "articles[0]");
  EXPECT_EQ(field(as(quality, "PUT", link, R"({"articles":["x"]})")), "articles[0]");
  EXPECT_EQ(as(quality, "PUT", "/api/v1/kb/queues/nowhere/articles", R"({"articles":[]})").status, 404);
  HttpResult linked = as(quality, "PUT", link, "{\"articles\":[" + std::to_string(script) + "]}");
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(as(agent, "GET", link).json().at("items").at(0).at("id"), script);
  EXPECT_EQ(as(agent, "GET", "/api/v1/kb/articles/" + std::to_string(script)).json().at("queues").at(0), "support-chat");

  // a chat about a late delivery to a new address
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent11/login", R"({"ready":true})").status, 200);
  const VisitorChat chat = accepted_chat(port_, agent, "My delivery is late");
  ASSERT_FALSE(chat.id.empty());
  const std::string& id = chat.id;
  ASSERT_EQ(as_visitor(port_, chat, "POST", "/api/v1/chat/visitor/messages", R"({"text":"The delivery should go to my new address"})").status, 201);

  HttpResult s = as(agent, "GET", "/api/v1/kb/suggestions?contact=" + id);
  ASSERT_EQ(s.status, 200) << s.body;
  const json::value suggested = s.json();
  const json::array& items = suggested.at("items").as_array();
  ASSERT_GE(items.size(), 3u) << s.body;
  EXPECT_EQ(items[0].at("id"), script);  // the queue's own first
  EXPECT_EQ(items[0].at("reason"), "queue");
  EXPECT_EQ(items[1].at("id"), both);  // matches "delivery" and "address"
  EXPECT_EQ(items[1].at("reason"), "keywords");
  EXPECT_EQ(items[1].at("matched").as_array().size(), 2u);
  EXPECT_EQ(items[2].at("id"), delivery);
  for (const json::value& x : items) EXPECT_NE(x.at("id"), password);
  EXPECT_EQ(field(as(agent, "GET", "/api/v1/kb/suggestions")), "contact");
  // another team's agent may not read this contact
  EXPECT_EQ(as(login(port_, "agent02"), "GET", "/api/v1/kb/suggestions?contact=" + id).status, 403);
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/end", "{}").status, 200);
}

}  // namespace
}  // namespace switchyard::testing

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class NewsTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() { start_server("news.db"); }
  static std::vector<json::value> told(const std::string& token, const std::string& kind) {
    return notifications_of(port_, token, kind);
  }
  static std::vector<std::string> users(const json::value& list) {
    std::vector<std::string> out;
    for (const json::value& x : list.as_array()) out.emplace_back(x.at("user").as_string());
    return out;
  }
};

// At a fixed UTC offset: the local time `minutes` from now, HH:MM, and the local date then.
std::pair<std::string, std::string> local_in(int utc_offset_hours, int minutes) {
  const auto t = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) +
                 std::chrono::minutes(minutes) + std::chrono::hours(utc_offset_hours);
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::hh_mm_ss hms{t - day};
  const std::chrono::year_month_day ymd{day};
  char hhmm[32], date[48];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return {hhmm, date};
}

// Shanghai (UTC+8 all year).
std::pair<std::string, std::string> shanghai_in(int minutes) { return local_in(8, minutes); }

TEST_F(NewsTest, ABriefingIsPublishedAtTheSitesLocalTimeReadByItsAgentsAndTheLeadSeesWhoHasNot) {
  const std::string wfm = login(port_, "wfm"), lead = login(port_, "lead.red"), agent = login(port_, "agent01");
  const std::string blue = login(port_, "agent11");

  // both demo sites publish in Shanghai time at the next minute (two if that is too close), taking items until then
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() % 60;
  const auto [at, date] = shanghai_in(seconds > 45 ? 2 : 1);
  const std::string schedule = R"({"items":[{"site":"paris","time_zone":"Asia/Shanghai","publish_at":")" + at +
                               R"(","deadline_minutes":0},{"site":"lyon","time_zone":"Asia/Shanghai","publish_at":")" + at +
                               R"(","deadline_minutes":0}]})";
  EXPECT_EQ(as(lead, "PUT", "/api/v1/comms/briefing-schedule", schedule).status, 403);
  EXPECT_EQ(field(as(admin_, "PUT", "/api/v1/comms/briefing-schedule",
                     R"({"items":[{"site":"paris","time_zone":"Mars/Base","publish_at":"07:30"}]})")), "items[0].time_zone");
  EXPECT_EQ(field(as(admin_, "PUT", "/api/v1/comms/briefing-schedule",
                     R"({"items":[{"site":"paris","time_zone":"UTC","publish_at":"7:30"}]})")), "items[0].publish_at");
  EXPECT_EQ(field(as(admin_, "PUT", "/api/v1/comms/briefing-schedule",
                     R"({"items":[{"site":"atlantis","time_zone":"UTC","publish_at":"07:30"}]})")), "items[0].site");
  HttpResult set = as(admin_, "PUT", "/api/v1/comms/briefing-schedule", schedule);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("items").at(0).at("publish_at").as_string(), at);

  // departments submit items; agents may not; each item says which briefing it goes to
  HttpResult item = as(wfm, "POST", "/api/v1/comms/briefing-items",
                       R"({"department":"Workforce","title":"Overtime on Saturday","body":"Sign up by Friday."})");
  ASSERT_EQ(item.status, 201) << item.body;
  EXPECT_EQ(item.json().at("site").as_string(), "");
  EXPECT_EQ(item.json().at("briefing_dates").as_array().size(), 2u);  // one per site: lyon and paris
  HttpResult own = as(lead, "POST", "/api/v1/comms/briefing-items",
                      R"({"site":"paris","department":"Team red","title":"New greeting script"})");
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json().at("briefing_date").as_string(), date);
  EXPECT_EQ(as(agent, "POST", "/api/v1/comms/briefing-items", R"({"department":"x","title":"y"})").status, 403);
  EXPECT_EQ(field(as(wfm, "POST", "/api/v1/comms/briefing-items", R"({"title":"no department"})")), "department");
  EXPECT_EQ(field(as(wfm, "POST", "/api/v1/comms/briefing-items", R"({"site":"atlantis","department":"x","title":"y"})")), "site");
  EXPECT_EQ(as(wfm, "GET", "/api/v1/comms/briefing-items").json().at("items").as_array().size(), 2u);

  // published at its time: agent01 is told and reads it
  json::value briefings;
  for (int i = 0; i < 180; ++i) {
    briefings = as(agent, "GET", "/api/v1/comms/briefings").json();
    if (!briefings.at("items").as_array().empty()) break;
    std::this_thread::sleep_for(1s);
  }
  ASSERT_EQ(briefings.at("items").as_array().size(), 1u) << "not published by " << at << " Shanghai";
  const json::value b = briefings.at("items").at(0);
  EXPECT_EQ(b.at("date").as_string(), date);
  EXPECT_TRUE(b.at("read_ms").is_null());
  // the demo center: agent01 and agent11 work at paris, agent02 at lyon (the lead's item is for paris)
  EXPECT_EQ(b.at("site").as_string(), "paris");
  ASSERT_EQ(b.at("items").as_array().size(), 2u);
  EXPECT_EQ(b.at("items").at(0).at("title").as_string(), "Overtime on Saturday");
  EXPECT_EQ(b.at("items").at(1).at("title").as_string(), "New greeting script");
  const std::string path = "/api/v1/comms/briefings/" + std::to_string(b.at("id").as_int64());
  ASSERT_EQ(told(agent, "comms.briefing").size(), 1u);

  HttpResult read = as(agent, "POST", path + "/read");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(read.json().at("read_ms").is_null());

  // the lead sees its team's agents at paris; wfm sees everyone there, agent11 (team blue) not read
  HttpResult receipts = as(lead, "GET", path + "/receipts");
  ASSERT_EQ(receipts.status, 200) << receipts.body;
  EXPECT_EQ(users(receipts.json().at("read")), (std::vector<std::string>{"agent01"}));
  EXPECT_TRUE(users(receipts.json().at("unread")).empty());
  HttpResult everyone = as(wfm, "GET", path + "/receipts");
  ASSERT_EQ(everyone.status, 200) << everyone.body;
  EXPECT_EQ(users(everyone.json().at("read")), (std::vector<std::string>{"agent01"}));
  EXPECT_EQ(users(everyone.json().at("unread")), (std::vector<std::string>{"agent11"}));
  EXPECT_EQ(as(agent, "GET", path + "/receipts").status, 403);
  EXPECT_EQ(as(admin_, "GET", "/api/v1/comms/briefings/999/receipts").status, 404);
  EXPECT_EQ(users(as(wfm, "GET", path + "/receipts").json().at("unread")), (std::vector<std::string>{"agent11"}));
  ASSERT_EQ(as(blue, "POST", path + "/read").status, 200);  // same site, another team
  EXPECT_TRUE(users(as(wfm, "GET", path + "/receipts").json().at("unread")).empty());

  // lyon's briefing has only the item for every site, and only lyon's agents see it
  const std::string other = login(port_, "agent02");
  json::value lyon;
  for (int i = 0; i < 30; ++i) {
    lyon = as(other, "GET", "/api/v1/comms/briefings").json();
    if (!lyon.at("items").as_array().empty()) break;
    std::this_thread::sleep_for(1s);
  }
  ASSERT_EQ(lyon.at("items").as_array().size(), 1u);
  EXPECT_EQ(lyon.at("items").at(0).at("site").as_string(), "lyon");
  EXPECT_EQ(lyon.at("items").at(0).at("items").as_array().size(), 1u) << lyon;
  EXPECT_EQ(as(other, "GET", path).status, 404);
  EXPECT_EQ(as(wfm, "GET", "/api/v1/comms/briefings").json().at("items").as_array().size(), 2u);
}

// Publish now, on a server of its own (the test above publishes today's briefings at their time).
class BriefingNowTest : public NewsTest {
 protected:
  static void SetUpTestSuite() { start_server("briefing_now.db"); }
};

TEST_F(BriefingNowTest, AnAdminPublishesTodaysBriefingNowAndLaterItemsGoToTomorrows) {
  const std::string wfm = login(port_, "wfm"), agent = login(port_, "agent01"), other = login(port_, "agent02");
  // a fixed-offset zone where the local time now is 02:00..20:00, publishing in 2 hours with the
  // deadline then: the scheduled time does not come during the test, and the date does not change
  int offset = 8;
  for (int o : {8, 0, -8}) {
    const std::string hhmm = local_in(o, 0).first;
    const int hour = std::stoi(hhmm.substr(0, 2));
    if (hour >= 2 && hour < 20) {
      offset = o;
      break;
    }
  }
  const std::string zone = offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-8" : "Etc/GMT+8";  // POSIX signs
  const auto [at, today] = local_in(offset, 120);
  ASSERT_EQ(as(admin_, "PUT", "/api/v1/comms/briefing-schedule",
               R"({"items":[{"site":"paris","time_zone":")" + zone + R"(","publish_at":")" + at + R"(","deadline_minutes":0}]})")
                .status,
            200);

  HttpResult first = as(wfm, "POST", "/api/v1/comms/briefing-items",
                        R"({"site":"paris","department":"IT","title":"Phones down at 14:00"})");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("briefing_date").as_string(), today);
  const std::string publish = "/api/v1/comms/briefings/publish";
  EXPECT_EQ(as(wfm, "POST", publish, R"({"site":"paris"})").status, 403);  // admins only
  EXPECT_EQ(as(agent, "POST", publish, R"({"site":"paris"})").status, 403);
  EXPECT_EQ(field(as(admin_, "POST", publish, R"({"site":"atlantis"})")), "site");
  EXPECT_EQ(as(admin_, "POST", publish, R"({"site":"atlantis"})").status, 404);
  EXPECT_EQ(field(as(admin_, "POST", publish, R"({})")), "site");
  EXPECT_EQ(field(as(admin_, "POST", publish, R"({"site":"paris","when":"now"})")), "when");
  HttpResult empty = as(admin_, "POST", publish, R"({"site":"lyon"})");  // nothing for lyon today
  EXPECT_EQ(empty.status, 409) << empty.body;
  EXPECT_EQ(field(empty), "site");

  // published now, before its time, with the item; the site's agents are told
  HttpResult now = as(admin_, "POST", publish, R"({"site":"paris"})");
  ASSERT_EQ(now.status, 201) << now.body;
  EXPECT_EQ(now.json().at("site").as_string(), "paris");
  EXPECT_EQ(now.json().at("date").as_string(), today);
  ASSERT_EQ(now.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(now.json().at("items").at(0).at("title").as_string(), "Phones down at 14:00");
  EXPECT_EQ(told(agent, "comms.briefing").size(), 1u);
  EXPECT_TRUE(told(other, "comms.briefing").empty());  // agent02 works at lyon
  const json::value mine = as(agent, "GET", "/api/v1/comms/briefings").json();
  ASSERT_EQ(mine.at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.at("items").at(0).at("id"), now.json().at("id"));

  // an item after it goes to tomorrow's; today's is not published twice
  HttpResult later = as(wfm, "POST", "/api/v1/comms/briefing-items",
                        R"({"site":"paris","department":"IT","title":"Phones back"})");
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_GT(std::string(later.json().at("briefing_date").as_string()), today);
  HttpResult again = as(admin_, "POST", publish, R"({"site":"paris"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(field(again), "site");
  const json::value pending = as(wfm, "GET", "/api/v1/comms/briefing-items").json();
  ASSERT_EQ(pending.at("items").as_array().size(), 1u) << pending;  // the published one is not pending
  EXPECT_EQ(pending.at("items").at(0).at("title").as_string(), "Phones back");
  EXPECT_EQ(pending.at("items").at(0).at("briefing_date"), later.json().at("briefing_date"));
  EXPECT_EQ(as(agent, "GET", "/api/v1/comms/briefings").json().at("items").as_array().size(), 1u);
}

TEST_F(NewsTest, AnnouncementsReachTheirAudienceUrgentOnesSayItAndAuthorsSeeWhoRead) {
  const std::string lead = login(port_, "lead.red"), agent = login(port_, "agent01"), blue = login(port_, "agent11");
  const std::string hr = login(port_, "reporting");

  // a lead announces to its own team only
  EXPECT_EQ(field(as(lead, "POST", "/api/v1/comms/announcements", R"({"title":"Hi all","audience":{"kind":"everyone"}})")), "audience");
  HttpResult team = as(lead, "POST", "/api/v1/comms/announcements",
                       R"({"title":"Huddle at 10","body":"Room 2.","category":"general","audience":{"kind":"team","value":"red"},"urgent":true})");
  ASSERT_EQ(team.status, 201) << team.body;
  const std::string team_path = "/api/v1/comms/announcements/" + std::to_string(team.json().at("id").as_int64());
  EXPECT_EQ(team.json().at("reads"), 0);
  EXPECT_EQ(as(agent, "POST", "/api/v1/comms/announcements", R"({"title":"x"})").status, 403);
  EXPECT_EQ(field(as(hr, "POST", "/api/v1/comms/announcements", R"({"title":"x","category":"gossip"})")), "category");
  EXPECT_EQ(field(as(hr, "POST", "/api/v1/comms/announcements", R"({"title":"x","audience":{"kind":"planet"}})")), "audience.kind");
  EXPECT_EQ(field(as(hr, "POST", "/api/v1/comms/announcements", R"({"title":"x","expires_ms":"soon"})")), "expires_ms");

  // told at once, with urgent, to the team's users and not to the author
  const auto notes = told(agent, "comms.announcement");
  ASSERT_EQ(notes.size(), 1u);
  const json::value data = notes[0].at("data");
  EXPECT_EQ(data.at("urgent"), true);
  EXPECT_EQ(data.at("title"), "Huddle at 10");
  EXPECT_TRUE(told(lead, "comms.announcement").empty());
  EXPECT_TRUE(told(blue, "comms.announcement").empty());
  EXPECT_EQ(as(blue, "GET", team_path).status, 404);

  // everyone's, pinned first; expired hidden unless asked
  HttpResult all = as(hr, "POST", "/api/v1/comms/announcements",
                      R"({"title":"New benefits portal","category":"hr","audience":{"kind":"everyone"},"pinned":true})");
  ASSERT_EQ(all.status, 201) << all.body;
  ASSERT_EQ(as(hr, "POST", "/api/v1/comms/announcements",
               R"({"title":"Old","category":"it","audience":{"kind":"role","value":"agent"},"expires_ms":1000})").status, 201);
  const json::value mine = as(agent, "GET", "/api/v1/comms/announcements").json();
  ASSERT_EQ(mine.at("items").as_array().size(), 2u);
  EXPECT_EQ(mine.at("items").at(0).at("title"), "New benefits portal");
  EXPECT_FALSE(mine.at("items").at(0).as_object().contains("reads"));  // not the author
  EXPECT_EQ(as(agent, "GET", "/api/v1/comms/announcements?include_expired=1").json().at("items").as_array().size(), 3u);
  EXPECT_EQ(as(blue, "GET", "/api/v1/comms/announcements").json().at("items").as_array().size(), 1u);

  // read once; the author sees who read and who has not
  ASSERT_EQ(as(agent, "POST", team_path + "/read").status, 200);
  const json::value r = as(lead, "GET", team_path + "/receipts").json();
  EXPECT_EQ(users(r.at("read")), (std::vector<std::string>{"agent01"}));
  const auto unread = users(r.at("unread"));
  EXPECT_NE(std::find(unread.begin(), unread.end(), "agent02"), unread.end());
  EXPECT_EQ(std::find(unread.begin(), unread.end(), "agent11"), unread.end());
  EXPECT_EQ(std::find(unread.begin(), unread.end(), "lead.red"), unread.end());  // the author
  EXPECT_EQ(as(agent, "GET", team_path + "/receipts").status, 403);
  EXPECT_EQ(as(lead, "GET", team_path).json().at("reads"), 1);

  // only the author (or an admin) edits and deletes
  const std::string all_path = "/api/v1/comms/announcements/" + std::to_string(all.json().at("id").as_int64());
  EXPECT_EQ(as(lead, "PUT", all_path, R"({"title":"mine now","audience":{"kind":"team","value":"red"}})").status, 403);
  HttpResult edited = as(hr, "PUT", all_path, R"j({"title":"New benefits portal (updated)","category":"hr","pinned":true})j");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("title"), "New benefits portal (updated)");
  EXPECT_EQ(as(lead, "DELETE", all_path).status, 403);
  EXPECT_EQ(as(admin_, "DELETE", all_path).status, 204);
  EXPECT_EQ(as(agent, "GET", all_path).status, 404);
}

}  // namespace
}  // namespace switchyard::testing
