// Speech and text analytics end to end through the real binary (docs/api.md,
// "Speech analytics"): a queue's keyword list set by the quality team, a
// chat in English and Chinese ended by its agent, its messages searched with
// the list once it ended; the transcript with its hits read by whoever may
// hear the contact (and audited), refused to others; the hits per day;
// errors named by field. And a recorded call (its WAV put where the voice
// edge records, as it would) transcribed in the background once it ended.
#include <gtest/gtest.h>

#include <sched.h>
#include <sndfile.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "harness.h"
#include "speech/speech_test_util.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class SpeechTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() { start_server("speech.db"); }
  // UTC day `days` from today, YYYY-MM-DD (the demo center's calendar is UTC).
  static std::string day(int days) {
    const auto t = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
    const std::chrono::year_month_day ymd{t};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buf;
  }
};

TEST_F(SpeechTest, AChatsKeywordsAreSpottedAndShownToWhoMayHearIt) {
  const std::string quality = login(port_, "quality"), agent = login(port_, "agent11");
  const std::string lead = login(port_, "lead.blue"), other_agent = login(port_, "agent01");
  const std::string other_lead = login(port_, "lead.red");

  // keyword lists: quality and admin only; bad ones named
  const std::string list = R"({"keywords":["cancel*","supervisor","投诉"]})";
  HttpResult set = as(quality, "PUT", "/api/v1/quality/keywords/support-chat", list);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("queue"), "support-chat");
  EXPECT_EQ(set.json().at("keywords").as_array().size(), 3u);
  EXPECT_EQ(as(agent, "PUT", "/api/v1/quality/keywords/support-chat", list).status, 403);
  EXPECT_EQ(as(lead, "GET", "/api/v1/quality/keywords").status, 403);
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":["ok","  "]})")), "keywords[1]");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":["ca*ncel"]})")), "keywords[0]");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":"cancel"})")), "keywords");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":[1]})")), "keywords[0]");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":[],"x":1})")), "x");
  HttpResult unknown = as(quality, "PUT", "/api/v1/quality/keywords/nowhere", list);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(field(unknown), "queue");
  const json::value lists = as(quality, "GET", "/api/v1/quality/keywords").json();
  ASSERT_EQ(lists.at("lists").as_array().size(), 1u);
  EXPECT_EQ(lists.at("lists").at(0).at("keywords").at(2), "投诉");

  // a chat: the visitor wants to cancel, the agent offers a supervisor, the visitor complains in Chinese
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent11/login", R"({"ready":true})").status, 200);
  const VisitorChat chat = accepted_chat(port_, agent, "I want to Cancel my plan");
  ASSERT_FALSE(chat.id.empty());
  const std::string& id = chat.id;
  ASSERT_EQ(as(agent, "POST", "/api/v1/chat/sessions/" + id + "/messages", R"({"text":"I can get a supervisor."})").status, 201);
  ASSERT_EQ(as_visitor(port_, chat, "POST", "/api/v1/chat/visitor/messages", R"({"text":"我要投诉你们"})").status, 201);
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/end", "{}").status, 200);

  // searched once ended (a couple of seconds later): the agent reads its own
  const std::string path = "/api/v1/contacts/" + id + "/transcript";
  json::value t;
  for (int i = 0; i < 100; ++i) {
    HttpResult r = as(agent, "GET", path);
    ASSERT_EQ(r.status, 200) << r.body;
    t = r.json();
    if (t.at("hits").as_array().size() >= 3) break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(t.at("status"), "done");
  EXPECT_EQ(t.at("progress").to_number<double>(), 1.0);
  const json::array& hits = t.at("hits").as_array();
  ASSERT_EQ(hits.size(), 3u) << json::serialize(t);
  EXPECT_EQ(hits[0].at("keyword"), "cancel*");
  EXPECT_EQ(hits[0].at("text"), "Cancel");
  EXPECT_EQ(hits[0].at("channel"), "customer");
  EXPECT_EQ(hits[0].at("source"), "chat");
  EXPECT_EQ(hits[1].at("keyword"), "supervisor");
  EXPECT_EQ(hits[1].at("channel"), "agent");
  EXPECT_EQ(hits[2].at("keyword"), "投诉");
  EXPECT_EQ(hits[2].at("channel"), "customer");
  EXPECT_LE(hits[0].at("start_ms").to_number<int64_t>(), hits[2].at("start_ms").to_number<int64_t>());
  const json::array& segments = t.at("segments").as_array();
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[1].at("text"), "I can get a supervisor.");
  EXPECT_TRUE(t.at("words").as_array().empty());

  // the recording's rights: the agent's lead and quality too, nobody else
  EXPECT_EQ(as(lead, "GET", path).status, 200);
  EXPECT_EQ(as(quality, "GET", path).status, 200);
  EXPECT_EQ(as(other_agent, "GET", path).status, 403);  // as for its recording: not your contact
  EXPECT_EQ(as(other_lead, "GET", path).status, 403);
  EXPECT_EQ(field(as(agent, "GET", "/api/v1/contacts/abc/transcript")), "id");
  // every read audited
  const json::value audit = as(admin_, "GET", "/api/v1/audit?limit=1000").json();
  int reads = 0;
  for (const json::value& e : audit.as_array())
    if (e.at("action") == "transcript.read" && e.at("target").as_string() == "contact:" + id) ++reads;
  EXPECT_GE(reads, 3);

  // a call without a recording: nothing to show yet
  HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"s-1"})");
  ASSERT_EQ(c.status, 201) << c.body;
  const json::value none = as(admin_, "GET", "/api/v1/contacts/" + std::to_string(c.json().at("id").as_int64()) + "/transcript").json();
  EXPECT_EQ(none.at("status"), "none");

  // hits per day: report readers; errors named
  const std::string q = "/api/v1/quality/keyword-hits?from=" + day(-1) + "&to=" + day(1);
  HttpResult report = as(lead, "GET", q + "&queue=support-chat");
  ASSERT_EQ(report.status, 200) << report.body;
  int total = 0;
  const json::value days = report.json();
  for (const json::value& d : days.at("days").as_array()) {
    EXPECT_EQ(d.at("queue"), "support-chat");
    total += static_cast<int>(d.at("hits").to_number<int64_t>());
  }
  EXPECT_EQ(total, 3);
  EXPECT_TRUE(as(lead, "GET", q + "&queue=billing").json().at("days").as_array().empty());
  EXPECT_EQ(field(as(lead, "GET", "/api/v1/quality/keyword-hits?from=2026-13-01&to=2026-12-31")), "from");
  EXPECT_EQ(field(as(lead, "GET", "/api/v1/quality/keyword-hits?from=2026-03-02&to=2026-03-01")), "to");
  EXPECT_EQ(field(as(lead, "GET", "/api/v1/quality/keyword-hits?from=2024-01-01&to=2026-03-01")), "to");
  EXPECT_EQ(field(as(lead, "GET", q + "&queue=nowhere")), "queue");
  EXPECT_EQ(field(as(lead, "GET", "/api/v1/quality/keyword-hits?to=2026-03-01")), "from");

  // hits feed targeted sampling: a plan of keyword hits alone picks this chat once it is wrapped up
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + id + "/wrapup", "{}").status, 200);
  ASSERT_EQ(as(quality, "PUT", "/api/v1/quality/sampling", R"({"rules":[{"kind":"keyword_hit","threshold":3}]})").status, 200);
  json::value work;
  for (int i = 0; i < 50; ++i) {  // the history projection follows the wrap-up
    work = as(quality, "GET", "/api/v1/quality/worklist").json();
    if (!work.at("items").as_array().empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(work.at("items").as_array().size(), 1u) << work;
  EXPECT_EQ(std::to_string(work.at("items").at(0).at("contact").to_number<int64_t>()), id);
  EXPECT_EQ(work.at("items").at(0).at("reasons"), json::array{"keyword_hit"});
  ASSERT_EQ(as(quality, "PUT", "/api/v1/quality/sampling", R"({"rules":[{"kind":"keyword_hit","threshold":4}]})").status, 200);
  EXPECT_TRUE(as(quality, "GET", "/api/v1/quality/worklist").json().at("items").as_array().empty());

  // the transcription queue (voice is off here: nothing queued)
  HttpResult status = as(quality, "GET", "/api/v1/quality/transcription");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json().at("queued"), 0);
  EXPECT_TRUE(status.json().at("current").is_null());
  EXPECT_EQ(as(agent, "GET", "/api/v1/quality/transcription").status, 403);
}

// A stereo recording as the voice edge writes it: 8 kHz, customer left,
// agent right (silent here).
void write_recording(const std::string& path, const std::vector<int16_t>& customer) {
  SF_INFO info{};
  info.samplerate = 8000;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(f, nullptr) << sf_strerror(nullptr);
  std::vector<int16_t> frames;
  for (int16_t s : customer) {
    frames.push_back(s);
    frames.push_back(0);
  }
  sf_writef_short(f, frames.data(), static_cast<sf_count_t>(customer.size()));
  sf_close(f);
}

// The scheduling policy and nice value of the thread named `name` of the
// process whose command line holds `marker`; nullopt when there is none.
std::optional<std::pair<int, int>> thread_priority(const std::string& marker, const std::string& name) {
  namespace fs = std::filesystem;
  for (const fs::directory_entry& proc : fs::directory_iterator("/proc")) {
    std::ifstream cmd(proc.path() / "cmdline");
    std::string line((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    if (line.find(marker) == std::string::npos || line.find("serve") == std::string::npos) continue;
    std::error_code ec;
    for (const fs::directory_entry& task : fs::directory_iterator(proc.path() / "task", ec)) {
      std::string comm;
      std::getline(std::ifstream(task.path() / "comm"), comm);
      if (comm != name) continue;
      const int tid = std::stoi(task.path().filename().string());
      // /proc/<tid>/stat: field 19 is the nice value (after "(comm)")
      std::string stat;
      std::getline(std::ifstream(task.path() / "stat"), stat);
      std::istringstream rest(stat.substr(stat.rfind(')') + 2));
      std::string f;
      for (int i = 3; i < 19 && rest >> f; ++i) {
      }
      int nice = 0;
      rest >> nice;
      return std::pair{sched_getscheduler(tid), nice};
    }
  }
  return std::nullopt;
}

// Keywords that alert (docs/quality.md "Keyword alerts"): a hit tells the lead of the agent's team
// and the quality team, nobody else; hits are also counted per team.
TEST_F(SpeechTest, AnAlertingKeywordTellsTheAgentsLeadAndQualityAndHitsCountPerTeam) {
  const std::string quality = login(port_, "quality"), agent = login(port_, "agent11");
  const std::string blue = login(port_, "lead.blue"), red = login(port_, "lead.red");
  // alert: a subset of the list, matched as the list spells it; others named
  HttpResult set = as(quality, "PUT", "/api/v1/quality/keywords/support-chat",
                      R"({"keywords":["lawyer","refund"],"alert":[" Lawyer "]})");
  ASSERT_EQ(set.status, 200) << set.body;
  ASSERT_EQ(set.json().at("alert").as_array().size(), 1u);
  EXPECT_EQ(set.json().at("alert").at(0), "lawyer");
  EXPECT_EQ(as(quality, "GET", "/api/v1/quality/keywords").json().at("lists").at(0).at("alert").at(0), "lawyer");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":["a"],"alert":["a","b"]})")),
            "alert[1]");
  EXPECT_EQ(field(as(quality, "PUT", "/api/v1/quality/keywords/support-chat", R"({"keywords":["a"],"alert":"a"})")), "alert");

  const size_t blue_before = notifications_of(port_, blue, "quality.keyword_alert").size();
  const int login_status = as(agent, "POST", "/api/v1/agents/agent11/login", R"({"ready":true})").status;
  ASSERT_TRUE(login_status == 200 || login_status == 409) << login_status;  // 409: the suite's first test logged in
  const VisitorChat chat = accepted_chat(port_, agent, "My lawyer says I am owed a refund");
  ASSERT_FALSE(chat.id.empty());
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + chat.id + "/end", "{}").status, 200);

  std::vector<json::value> told;
  for (int i = 0; i < 100 && told.size() <= blue_before; ++i) {
    told = notifications_of(port_, blue, "quality.keyword_alert");
    if (told.size() <= blue_before) std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(told.size(), blue_before + 1);
  const json::value& n = told.front();  // newest first
  EXPECT_EQ(n.at("link").as_string(), "/quality/contacts/" + chat.id);
  const json::value& data = n.at("data");
  EXPECT_EQ(data.at("contact").to_number<int64_t>(), std::stoll(chat.id));
  EXPECT_EQ(data.at("keyword"), "lawyer");
  EXPECT_EQ(data.at("keywords"), "lawyer");  // refund is listed, but does not alert
  EXPECT_EQ(data.at("agent"), "agent11");
  EXPECT_EQ(data.at("queue"), "support-chat");
  EXPECT_EQ(data.at("source"), "chat");
  bool quality_told = false;
  for (const json::value& q : notifications_of(port_, quality, "quality.keyword_alert"))
    quality_told = quality_told || q.at("link").as_string() == "/quality/contacts/" + chat.id;
  EXPECT_TRUE(quality_told);
  for (const json::value& r : notifications_of(port_, red, "quality.keyword_alert"))
    EXPECT_NE(r.at("link").as_string(), "/quality/contacts/" + chat.id);  // another team's lead
  for (const json::value& a : notifications_of(port_, agent, "quality.keyword_alert"))
    EXPECT_NE(a.at("link").as_string(), "/quality/contacts/" + chat.id);

  // the contacts list counts the chat's hits (both keywords; the hits are timed before the contact's end)
  // once wrapped up (the list holds contacts that ended for good)
  ASSERT_EQ(as(agent, "POST", "/api/v1/contacts/" + chat.id + "/wrapup", "{}").status, 200);
  int64_t chat_hits = -1;
  HttpResult listed;
  for (int i = 0; i < 50 && chat_hits < 0; ++i) {
    listed = as(quality, "GET", "/api/v1/quality/contacts?agent=agent11&channel=chat");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json::value rows = listed.json();
    for (const json::value& row : rows.at("items").as_array())
      if (std::to_string(row.at("contact").to_number<int64_t>()) == chat.id) chat_hits = row.at("keyword_hits").to_number<int64_t>();
    if (chat_hits < 0) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(chat_hits, 2) << listed.body;

  // hits per day and team: agent11 is in team blue
  const std::string q = "/api/v1/quality/keyword-hits?by=team&from=" + day(-1) + "&to=" + day(1);
  HttpResult report = as(blue, "GET", q);
  ASSERT_EQ(report.status, 200) << report.body;
  const json::value by_team = report.json();  // kept: the loop reads into it
  EXPECT_EQ(by_team.at("by"), "team");
  std::map<std::string, int64_t> per_team;
  for (const json::value& d : by_team.at("days").as_array())
    if (d.at("keyword") == "lawyer" || d.at("keyword") == "refund")
      per_team[std::string(d.at("team").as_string())] += d.at("hits").to_number<int64_t>();
  EXPECT_EQ(per_team["blue"], 2);
  EXPECT_EQ(per_team.count("red"), 0u);
  EXPECT_TRUE(as(blue, "GET", q + "&team=red").json().at("days").as_array().empty());
  EXPECT_EQ(field(as(blue, "GET", q + "&team=nowhere")), "team");
  EXPECT_EQ(field(as(blue, "GET", "/api/v1/quality/keyword-hits?by=agent&from=" + day(-1) + "&to=" + day(1))), "by");
}

TEST(SpeechCallTest, ARecordedCallIsTranscribedInTheBackgroundWithItsHits) {
  TempDir dir;
  const std::string recordings = dir.path() + "/recordings";
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = 0\n"
                                               "rtp_port_min = 26000\nrtp_port_max = 26999\n"
                                               "recordings_dir = \"" << recordings << "\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/speech-call.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  const std::string admin = login(port, "admin"), quality = login(port, "quality"), agent = login(port, "agent01");
  ASSERT_EQ(http(port, "PUT", "/api/v1/quality/keywords/billing", R"({"keywords":["cancel","supervisor"]})",
                 bearer(quality)).status, 200);
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(admin)).status, 200);
  HttpResult c = http(port, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"call-1"})", bearer(admin));
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string id = std::to_string(c.json().at("id").as_int64());
  const std::string at = "/api/v1/contacts/" + id;
  ASSERT_EQ(http(port, "POST", at + "/accept", R"({"agent":"agent01"})", bearer(admin)).status, 200);
  // the call's audio: 1.5 s of silence, then the customer speaks
  std::vector<int16_t> customer = speech::testing::silence(1500);
  const std::vector<int16_t> said = speech::testing::speak("I want to cancel my order");
  ASSERT_FALSE(said.empty());
  customer.insert(customer.end(), said.begin(), said.end());
  std::filesystem::create_directories(recordings);
  write_recording(recordings + "/contact-" + id + ".wav", customer);
  // a teammate reads a contact for a peer review only once it has ended
  const std::string peer = login(port, "agent02"), blue = login(port, "agent11");
  EXPECT_EQ(http(port, "GET", at + "/transcript", "", bearer(peer)).status, 403);
  EXPECT_EQ(http(port, "GET", at, "", bearer(peer)).status, 403);
  ASSERT_EQ(http(port, "POST", at + "/end", R"({"agent":"agent01"})", bearer(admin)).status, 200);

  // transcribed by the idle-priority thread: wait for it (the machine may be busy)
  json::value t;
  for (int i = 0; i < 600; ++i) {
    HttpResult r = http(port, "GET", at + "/transcript", "", bearer(agent));
    ASSERT_EQ(r.status, 200) << r.body;
    t = r.json();
    if (t.at("status") == "done" || t.at("status") == "failed") break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(t.at("status"), "done") << json::serialize(t);
  EXPECT_EQ(t.at("progress").to_number<double>(), 1.0);
  EXPECT_EQ(t.at("duration_ms").to_number<int64_t>(), static_cast<int64_t>(customer.size()) / 8);
  bool cancel = false;
  for (const json::value& w : t.at("words").as_array()) {
    EXPECT_EQ(w.at("channel"), "customer");  // the agent's side is silent
    if (w.at("word") == "cancel") {
      cancel = true;
      EXPECT_GE(w.at("start_ms").to_number<int64_t>(), 1500);
    }
  }
  EXPECT_TRUE(cancel) << json::serialize(t);
  ASSERT_FALSE(t.at("segments").as_array().empty());
  EXPECT_EQ(t.at("segments").at(0).at("channel"), "customer");
  const json::array& hits = t.at("hits").as_array();
  ASSERT_EQ(hits.size(), 1u) << json::serialize(t);
  EXPECT_EQ(hits[0].at("keyword"), "cancel");
  EXPECT_EQ(hits[0].at("channel"), "customer");
  EXPECT_EQ(hits[0].at("source"), "speech");
  EXPECT_GE(hits[0].at("start_ms").to_number<int64_t>(), 1500);
  EXPECT_LT(hits[0].at("start_ms").to_number<int64_t>(), hits[0].at("end_ms").to_number<int64_t>());
  // in wrap-up the contact is still the agent's at hand: not yet the peers'
  EXPECT_EQ(http(port, "GET", at + "/transcript", "", bearer(peer)).status, 403);
  ASSERT_EQ(http(port, "POST", at + "/wrapup", "{}", bearer(agent)).status, 200);
  // once over, the teammate reads it (docs/quality.md "Peer review"), audited as a peer's;
  // another team does not (the history projection follows the wrap-up)
  HttpResult as_peer;
  for (int i = 0; i < 50; ++i) {
    as_peer = http(port, "GET", at + "/transcript", "", bearer(peer));
    if (as_peer.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(as_peer.status, 200) << as_peer.body;
  EXPECT_EQ(as_peer.json().at("segments"), t.at("segments"));
  EXPECT_EQ(http(port, "GET", at, "", bearer(peer)).status, 403);  // the contacts API stays the agent's own
  // the quality module's row of it: the peer's scope, the agent's own, never another team's
  const std::string row = "/api/v1/quality/contacts/" + id;
  for (const std::string* who : {&peer, &agent, &quality}) {
    HttpResult r = http(port, "GET", row, "", bearer(*who));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("contact").as_int64(), c.json().at("id").as_int64());
    EXPECT_EQ(r.json().at("agent"), "agent01");
    EXPECT_EQ(r.json().at("channel"), "voice");
  }
  EXPECT_EQ(http(port, "GET", row, "", bearer(blue)).status, 404);
  EXPECT_EQ(http(port, "GET", "/api/v1/quality/contacts/999999", "", bearer(quality)).status, 404);
  EXPECT_EQ(field(http(port, "GET", "/api/v1/quality/contacts/0", "", bearer(quality))), "id");
  EXPECT_EQ(field(http(port, "GET", "/api/v1/quality/contacts/x", "", bearer(quality))), "id");
  EXPECT_EQ(http(port, "GET", row, "", bearer(login(port, "wfm"))).status, 403);
  EXPECT_EQ(http(port, "GET", at + "/transcript", "", bearer(blue)).status, 403);
  const json::value audit = http(port, "GET", "/api/v1/audit?limit=1000", "", bearer(admin)).json();
  int peer_reads = 0, own_reads = 0;
  for (const json::value& e : audit.as_array()) {
    if (e.at("action") != "transcript.read" || e.at("target").as_string() != "contact:" + id) continue;
    const bool marked = e.at("detail").as_string().ends_with(", peer review");
    EXPECT_EQ(marked, e.at("actor") == "agent02") << json::serialize(e);
    (marked ? peer_reads : own_reads) += 1;
  }
  EXPECT_EQ(peer_reads, 1);
  EXPECT_GE(own_reads, 1);
  const json::value status = http(port, "GET", "/api/v1/quality/transcription", "", bearer(quality)).json();
  EXPECT_EQ(status.at("done"), 1);
  EXPECT_EQ(status.at("queued"), 0);
  // the worker never competes with calls: SCHED_IDLE, nice 19
  auto worker = thread_priority(dir.path(), "sy-speech");
  ASSERT_TRUE(worker) << "no thread sy-speech in the server";
  EXPECT_EQ(worker->first, SCHED_IDLE);
  EXPECT_EQ(worker->second, 19);
}

}  // namespace
}  // namespace switchyard::testing
