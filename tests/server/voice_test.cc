// Voice end to end (docs/voice.md) on the real binary with sipp on loopback:
// a customer's phone (sipp UAC, tests/voice/customer.xml) calls a number of
// the billing queue, the routing core offers the contact to agent01, whose
// phone (sipp UAS, tests/voice/agent.xml) rings, answers and talks for 2 s
// with RTP both ways through Switchyard's relay, then hangs up: the contact
// ends, the agent is in wrap-up, the customer's leg is hung up too.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// A UDP port free now on 127.0.0.1 (the kernel's choice).
uint16_t free_udp_port() {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket s(io, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return s.local_endpoint().port();
}

// The server's SIP port: free for UDP and for TCP (voice.sip_tcp listens on
// both), else another (a TCP connection of some other test may hold it).
uint16_t free_sip_port() {
  boost::asio::io_context io;
  for (;;) {
    const uint16_t port = free_udp_port();
    boost::system::error_code ec;
    boost::asio::ip::tcp::acceptor a(io);
    const boost::asio::ip::tcp::endpoint at(boost::asio::ip::make_address("127.0.0.1"), port);
    a.open(at.protocol(), ec);
    if (!ec) a.bind(at, ec);
    if (!ec) return port;
  }
}

// 3 s of a 440 Hz tone as G.711 mu-law in a WAV file (format 7): sipp's
// rtp_stream sends its data as PCMU payloads, 160 bytes every 20 ms.
void write_tone(const std::string& path) {
  auto mulaw = [](int x) {
    const int sign = x < 0 ? 0x80 : 0;
    x = std::min(std::abs(x), 32635) + 0x84;
    int exp = 7;
    for (int mask = 0x4000; exp > 0 && !(x & mask); mask >>= 1) --exp;
    const int mant = (x >> (exp + 3)) & 0x0F;
    return static_cast<char>(~(sign | (exp << 4) | mant) & 0xFF);
  };
  std::string data;
  for (int i = 0; i < 24000; ++i) data += mulaw(static_cast<int>(8000 * std::sin(2 * M_PI * 440 * i / 8000.0)));
  auto u32 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  auto u16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  std::string wav = "RIFF" + u32(static_cast<uint32_t>(4 + 26 + 8 + data.size())) + "WAVE" + "fmt " + u32(18) + u16(7) + u16(1) +
                    u32(8000) + u32(8000) + u16(1) + u16(8) + u16(0) + "data" + u32(static_cast<uint32_t>(data.size())) + data;
  std::ofstream(path, std::ios::binary) << wav;
}

// Runs a shell command, returns its exit code.
int run(const std::string& cmd) {
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// A WAV file's format and each channel's mean absolute sample (16-bit PCM).
struct Wav {
  int channels = 0, rate = 0, bits = 0;
  double seconds = 0;
  std::vector<double> level;
};
std::optional<Wav> read_wav(const std::string& b) {
  if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) return std::nullopt;
  auto u16 = [&](size_t at) { return static_cast<int>(static_cast<uint8_t>(b[at]) | static_cast<uint8_t>(b[at + 1]) << 8); };
  auto u32 = [&](size_t at) { return static_cast<uint32_t>(u16(at)) | static_cast<uint32_t>(u16(at + 2)) << 16; };
  Wav w;
  for (size_t at = 12; at + 8 <= b.size();) {
    std::string id = b.substr(at, 4);
    uint32_t size = u32(at + 4);
    if (id == "fmt ") {
      w.channels = u16(at + 10);
      w.rate = static_cast<int>(u32(at + 12));
      w.bits = u16(at + 22);
    } else if (id == "data" && w.channels > 0 && w.bits == 16) {
      size_t frames = std::min<size_t>(size, b.size() - at - 8) / (2 * w.channels);
      w.seconds = static_cast<double>(frames) / w.rate;
      w.level.assign(w.channels, 0);
      for (size_t f = 0; f < frames; ++f)
        for (int c = 0; c < w.channels; ++c)
          w.level[c] += std::abs(static_cast<int16_t>(u16(at + 8 + (f * w.channels + c) * 2)));
      for (double& l : w.level) l /= std::max<size_t>(frames, 1);
      return w;
    }
    at += 8 + size + (size & 1);
  }
  return std::nullopt;
}

double voice_figure(uint16_t port, const std::string& figure) {
  // (a plain search: std::regex trips g++ 12's maybe-uninitialized under ASan)
  const std::string text = http(port, "GET", "/metrics").body;
  const std::string key = "switchyard_voice{figure=\"" + figure + "\"} ";
  size_t at = text.find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size(), text.find('\n', at) - at - key.size()));
}

// The figure once it reaches `at_least` (the edge publishes its switch's
// figures every 50 ms), or its value after 3 s.
double figure_reaching(uint16_t port, const std::string& figure, double at_least) {
  double v = -1;
  for (int i = 0; i < 30 && (v = voice_figure(port, figure)) < at_least; ++i) std::this_thread::sleep_for(100ms);
  return v;
}

// The figure once it equals `value`, or its value after 3 s.
double figure_becoming(uint16_t port, const std::string& figure, double value) {
  double v = -1;
  for (int i = 0; i < 30 && (v = voice_figure(port, figure)) != value; ++i) std::this_thread::sleep_for(100ms);
  return v;
}

// Today's billing totals (GET /api/v1/reports/queues) once `key` reaches
// `want` (the rollups follow the commits), or empty after 5 s.
json::object billing_totals(uint16_t port, const std::string& token, const std::string& key, uint64_t want) {
  for (int i = 0; i < 100; ++i) {
    json::value v = http(port, "GET", "/api/v1/reports/queues?ids=billing&grain=15min", {}, bearer(token)).json();
    const auto& totals = v.at("totals").as_array();
    if (!totals.empty() && totals[0].at(key).to_number<uint64_t>() >= want) return totals[0].as_object();
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

TEST(VoiceTest, ACustomersCallReachesTheAgentsPhoneWithAudioBothWays) {
  if (run("command -v sipp >/dev/null") != 0) GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), phone = free_udp_port(), customer = free_udp_port();
  const uint16_t phone_media = free_udp_port(), customer_media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 24000\nrtp_port_max = 24999\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "agents = { agent01 = \"sip:agent01@127.0.0.1:" << phone << "\" }\n"
                                                "recordings_dir = \"" << dir.path() << "/recordings\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  // only agent01 is ready: the call must go to its phone
  std::string agent = login(port, "agent01");
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);

  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  const std::string common = " -i 127.0.0.1 -m 1 -nostdin -trace_err -timeout 30s";
  auto phone_run = std::async(std::launch::async, [&] {
    return run("cd " + dir.path() + " && sipp -sf " + scenarios + "agent.xml" + common + " -d 2000 -p " + std::to_string(phone) +
               " -mp " + std::to_string(phone_media) + " -error_file phone_err.log > phone.out 2>&1");
  });
  std::this_thread::sleep_for(300ms);  // the phone listens first
  int customer_exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer.xml" + common + " -p " +
                          std::to_string(customer) + " -mp " + std::to_string(customer_media) + " -s 1000 127.0.0.1:" +
                          std::to_string(sip) + " -error_file customer_err.log > customer.out 2>&1");
  int phone_exit = phone_run.get();
  auto dump = [&](const std::string& f) {
    std::ifstream in(dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(customer_exit, 0) << dump("customer_err.log") << dump("customer.out");
  EXPECT_EQ(phone_exit, 0) << dump("phone_err.log") << dump("phone.out");

  // 2 s of talk at 50 packets/s each way, relayed both ways (allow for start-up)
  EXPECT_GE(voice_figure(port, "rtp_to_agents"), 60);
  EXPECT_GE(voice_figure(port, "rtp_to_customers"), 60);
  EXPECT_EQ(figure_reaching(port, "calls_in", 1), 1);
  EXPECT_EQ(voice_figure(port, "bad_messages"), 0);
  // the contact was answered by agent01 and ended by the hang-up
  json::value a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
  EXPECT_EQ(a.at("state").as_string(), "wrap_up") << json::serialize(a);
  EXPECT_EQ(a.at("contacts_today").as_int64(), 1);
  std::string admin = login(port, "admin");
  json::value h;
  for (int i = 0; i < 50; ++i) {  // history applies the end shortly after the commit
    h = http(port, "GET", "/api/v1/customers/5550100/contacts", {}, bearer(admin)).json();
    if (h.is_array() && !h.as_array().empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(h.is_array() && h.as_array().size() == 1) << json::serialize(h);
  EXPECT_EQ(h.as_array()[0].at("channel").as_string(), "voice") << json::serialize(h);
  const std::string id = std::to_string(h.as_array()[0].at("id").as_int64());

  // The call was recorded: stereo, 8 kHz, about the 2 s of talk, the
  // customer's tone on the left and the agent's on the right.
  HttpResult rec;
  for (int i = 0; i < 50; ++i) {  // written once both legs are closed
    rec = http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(admin));
    if (rec.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(rec.status, 200) << rec.body;
  EXPECT_EQ(rec.header("content-type"), "audio/wav");
  auto wav = read_wav(rec.body);
  ASSERT_TRUE(wav);
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->rate, 8000);
  EXPECT_GE(wav->seconds, 1.5);
  EXPECT_LE(wav->seconds, 4.0);
  EXPECT_GT(wav->level[0], 1000);  // the tone's mean |sample| is ~5,000
  EXPECT_GT(wav->level[1], 1000);
  // a player seeks with a range
  auto part = http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, {{"Authorization", "Bearer " + admin}, {"Range", "bytes=0-99"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body.size(), 100u);
  EXPECT_EQ(part.header("content-range"), "bytes 0-99/" + std::to_string(rec.body.size()));
  EXPECT_EQ(http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, {{"Authorization", "Bearer " + admin}, {"Range", "bytes=999999999-"}}).status, 416);
  // the web app's player: a signed link, played without credentials
  auto link = http(port, "POST", "/api/v1/contacts/" + id + "/recording/link", {}, bearer(agent));
  ASSERT_EQ(link.status, 200) << link.body;
  std::string url(link.json().at("url").as_string());
  auto played = http(port, "GET", url);
  EXPECT_EQ(played.status, 200);
  EXPECT_EQ(played.body, rec.body);
  EXPECT_EQ(http(port, "GET", url, {}, {{"Range", "bytes=-10"}}).status, 206);
  std::string forged = url;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(http(port, "GET", forged).status, 401);
  // the agent hears their own call; a teammate hears it for a peer review once it is over
  // (docs/quality.md "Peer review"); another team's agent and the reporting role do not
  EXPECT_EQ(http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(agent)).status, 200);
  const std::string peer = login(port, "agent02");
  EXPECT_EQ(http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(peer)).status, 403);  // in wrap-up
  ASSERT_EQ(http(port, "POST", "/api/v1/contacts/" + id + "/wrapup", "{}", bearer(agent)).status, 200);
  HttpResult heard;
  for (int i = 0; i < 50; ++i) {  // the history projection follows the wrap-up
    heard = http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(peer));
    if (heard.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(heard.status, 200) << heard.body;
  EXPECT_TRUE(heard.body == rec.body) << heard.body.size() << " bytes, not " << rec.body.size();
  auto peer_link = http(port, "POST", "/api/v1/contacts/" + id + "/recording/link", {}, bearer(peer));
  ASSERT_EQ(peer_link.status, 200) << peer_link.body;
  EXPECT_TRUE(http(port, "GET", std::string(peer_link.json().at("url").as_string())).body == rec.body);
  for (const char* other : {"agent11", "reporting"}) {
    EXPECT_EQ(http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(login(port, other))).status, 403) << other;
    EXPECT_EQ(http(port, "POST", "/api/v1/contacts/" + id + "/recording/link", {}, bearer(login(port, other))).status, 403) << other;
  }
  // every access is in the audit log, a peer's marked as one (direct and by link)
  const json::value audit = http(port, "GET", "/api/v1/audit?limit=100", {}, bearer(admin)).json();
  int own = 0, peers = 0;
  for (const json::value& e : audit.as_array()) {
    if (e.at("action") != "recording.play" || e.at("target").as_string() != "contact:" + id) continue;
    const bool marked = e.at("detail").as_string().ends_with(", peer review");
    EXPECT_EQ(marked, e.at("actor") == "agent02") << json::serialize(e);
    (e.at("actor") == "agent02" ? peers : own) += 1;
  }
  EXPECT_EQ(peers, 2) << json::serialize(audit);
  EXPECT_GE(own, 4) << json::serialize(audit);  // admin's reads, the agent's link and read
  EXPECT_EQ(server->terminate(), 0);
}

TEST(VoiceTest, CallsFromUnknownAddressesAndToUnknownNumbersAreRefused) {
  if (run("command -v sipp >/dev/null") != 0) GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), customer = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  // the trunk is some other address: 127.0.0.1 is not allowed to call in
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 25000\nrtp_port_max = 25099\n"
                                                "trunk_sources = [\"192.0.2.1\"]\nnumbers = { \"1000\" = \"billing\" }\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  int exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer.xml -i 127.0.0.1 -m 1 -nostdin -timeout 10s -p " +
                 std::to_string(customer) + " -s 1000 127.0.0.1:" + std::to_string(sip) + " > customer.out 2>&1");
  EXPECT_NE(exit, 0);  // the call failed: 403
  EXPECT_EQ(figure_reaching(server->port(), "calls_refused", 1), 1);
  EXPECT_EQ(voice_figure(server->port(), "calls_in"), 0);
  EXPECT_EQ(server->terminate(), 0);
}

// A child process (baresip) with its output in a file; SIGTERM, then
// SIGKILL after 5 s, at the latest when it goes out of scope.
class Child {
 public:
  Child(const std::string& dir, std::vector<std::string> args, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      if (chdir(dir.c_str()) != 0) _exit(127);
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int in = ::open("/dev/null", O_RDONLY);
      dup2(in, 0);
      dup2(out, 1);
      dup2(out, 2);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Child() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return void(pid_ = 0);
      std::this_thread::sleep_for(100ms);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = -1;
};

// baresip (Debian's) as agent01's softphone: it registers with the
// credentials set through the API, answers the offered call by itself and
// talks (a 440 Hz sine) until the customer hangs up; when it stops it
// unregisters and agent01 is logged out.
TEST(VoiceTest, ABaresipSoftphoneRegistersAnswersAndLogsTheAgentOutWhenItLeaves) {
  if (run("command -v sipp >/dev/null && command -v baresip >/dev/null") != 0)
    GTEST_SKIP() << "sipp or baresip is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), phone = free_udp_port(), customer = free_udp_port(), media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 26000\nrtp_port_max = 26999\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "recordings_dir = \"" << dir.path() << "/recordings\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  std::string admin = login(port, "admin");
  auto put_phone = [&](const std::string& agent, const std::string& body) {
    return http(port, "PUT", "/api/v1/agents/" + agent + "/phone", body, bearer(admin));
  };
  // bad input names the field; a username is one agent's
  auto short_pw = put_phone("agent01", R"({"username":"1001","password":"short"})");
  EXPECT_EQ(short_pw.status, 400);
  EXPECT_EQ(short_pw.json().at("error").at("field").as_string(), "password");
  EXPECT_EQ(put_phone("agent01", R"({"username":"10 01","password":"s3cret-pass"})").status, 400);
  EXPECT_EQ(put_phone("nobody", R"({"username":"1001","password":"s3cret-pass"})").status, 404);
  ASSERT_EQ(put_phone("agent02", R"({"username":"1001","password":"s3cret-pass"})").status, 200);
  auto taken = put_phone("agent01", R"({"username":"1001","password":"s3cret-pass"})");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json().at("error").at("field").as_string(), "username");
  ASSERT_EQ(http(port, "DELETE", "/api/v1/agents/agent02/phone", {}, bearer(admin)).status, 204);
  auto set = put_phone("agent01", R"({"username":"1001","password":"s3cret-pass"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.body.find("s3cret"), std::string::npos);  // never echoed

  std::filesystem::create_directories(dir.path() + "/baresip");
  std::ofstream(dir.path() + "/baresip/config")
      << "sip_listen 127.0.0.1:" << phone << "\nmodule_path /usr/lib/baresip/modules\n"
      << "module g711.so\nmodule ausine.so\nmodule aufile.so\nmodule account.so\nmodule menu.so\n"
      << "audio_player aufile," << dir.path() << "/baresip/heard.wav\naudio_source ausine,440\naudio_alert aufile,/dev/null\n"
      << "ausrc_srate 48000\nauplay_srate 48000\nausrc_channels 2\nauplay_channels 2\n";
  std::ofstream(dir.path() + "/baresip/accounts")
      << "<sip:1001@127.0.0.1:" << sip << ";transport=udp>;auth_pass=s3cret-pass;answermode=auto;regint=60\n";
  Child baresip(dir.path(), {"baresip", "-f", dir.path() + "/baresip"}, dir.path() + "/baresip.log");
  json::value ph;
  for (int i = 0; i < 100; ++i) {
    ph = http(port, "GET", "/api/v1/agents/agent01/phone", {}, bearer(admin)).json();
    if (ph.is_object() && ph.as_object().contains("registered") && ph.at("registered").as_bool()) break;
    std::this_thread::sleep_for(100ms);
  }
  auto dump = [&](const std::string& f) {
    std::ifstream in(dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_TRUE(ph.at("registered").as_bool()) << json::serialize(ph) << dump("baresip.log");
  EXPECT_EQ(ph.at("source").as_string(), "127.0.0.1:" + std::to_string(phone));
  // the agent reads their own phone; another agent may not
  std::string agent = login(port, "agent01");
  EXPECT_EQ(http(port, "GET", "/api/v1/agents/agent01/phone", {}, bearer(agent)).status, 200);
  EXPECT_EQ(http(port, "GET", "/api/v1/agents/agent01/phone", {}, bearer(login(port, "agent02"))).status, 403);

  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  auto t0 = std::chrono::steady_clock::now();
  int customer_exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer_hangs_up.xml -i 127.0.0.1 -m 1 -nostdin " +
                          "-timeout 30s -trace_err -error_file customer_err.log -p " + std::to_string(customer) + " -mp " +
                          std::to_string(media) + " -s 1000 127.0.0.1:" + std::to_string(sip) + " > customer.out 2>&1");
  const auto call_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(customer_exit, 0) << dump("customer_err.log") << dump("baresip.log");
  // not a speed check: a call stuck on a transaction timeout takes 32 s or more
  EXPECT_LT(call_ms, 20000) << "the customer's 4 s call took " << call_ms << " ms" << dump("customer.out");
  // 4 s of talk minus the ring: RTP both ways through the relay
  EXPECT_GE(figure_reaching(port, "rtp_to_agents", 100), 100);
  EXPECT_GE(figure_reaching(port, "rtp_to_customers", 100), 100);
  json::value a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
  auto server_log = [&] {
    std::ifstream in(server->log_path());
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(a.at("state").as_string(), "wrap_up") << json::serialize(a) << server_log() << dump("baresip.log");

  // the softphone leaves: it unregisters, and agent01 is logged out
  baresip.stop();
  for (int i = 0; i < 100; ++i) {
    a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
    if (a.at("state").as_string() == "logged_out") break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(a.at("state").as_string(), "logged_out") << json::serialize(a) << server_log() << dump("baresip.log");
  EXPECT_FALSE(http(port, "GET", "/api/v1/agents/agent01/phone", {}, bearer(admin)).json().at("registered").as_bool());
  std::string audit = http(port, "GET", "/api/v1/audit?limit=100", {}, bearer(admin)).body;
  EXPECT_NE(audit.find("phone.set"), std::string::npos);
  EXPECT_NE(audit.find("phone.remove"), std::string::npos);
  EXPECT_EQ(server->terminate(), 0);
}

// A menu number (an IVR): the caller hears the menu, picks the billing queue
// by SIP INFO, waits (nobody is ready) hearing the recording notice, the
// position and the callback offer, then presses 1 (RFC 4733) to be called
// back: the contact stays queued as a callback and Switchyard hangs up.
// When agent01 is ready, their phone rings, then the customer is dialled
// through the trunk and the two are bridged and recorded.
TEST(VoiceTest, AMenuKeyPicksTheQueueAndAKeyWhileWaitingTurnsTheCallIntoACallback) {
  if (run("command -v sipp >/dev/null && test -f /usr/share/sip-tester/dtmf_2833_1.pcap") != 0)
    GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), customer = free_udp_port(), media = free_udp_port();
  const uint16_t phone = free_udp_port(), phone_media = free_udp_port(), back = free_udp_port(), back_media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 27000\nrtp_port_max = 27999\n"
                                                "trunk_sources = [\"127.0.0.1\"]\ntrunk_target = \"127.0.0.1:" << back << "\"\n"
                                                "agents = { agent01 = \"sip:agent01@127.0.0.1:" << phone << "\" }\n"
                                                "recordings_dir = \"" << dir.path() << "/recordings\"\n"
                                                "prompts_dir = \"" << dir.path() << "/prompts\"\n"
                                                "[voice.menus.2000]\nprompt = \"For billing, press 2. For sales, press 3.\"\n"
                                                "options = { \"2\" = \"billing\", \"3\" = \"sales\" }\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  int customer_exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer_menu_callback.xml -i 127.0.0.1 -m 1 -nostdin " +
                          "-timeout 45s -trace_err -error_file customer_err.log -p " + std::to_string(customer) + " -mp " +
                          std::to_string(media) + " -s 2000 127.0.0.1:" + std::to_string(sip) + " > customer.out 2>&1");
  auto dump = [&](const std::string& f) {
    std::ifstream in(f.starts_with("/") ? f : dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_EQ(customer_exit, 0) << dump("customer_err.log") << dump("customer.out") << dump(server->log_path());
  // two keys: 2 by INFO, 1 by RFC 4733; prompts played all along (about
  // 8 s of menu, notice, position, offer and confirmation at 50 packets/s)
  EXPECT_EQ(figure_reaching(port, "digits", 2), 2) << http(port, "GET", "/metrics").body << dump(server->log_path());
  EXPECT_GE(voice_figure(port, "rtp_played"), 250);
  EXPECT_EQ(figure_becoming(port, "legs", 0), 0);
  // the contact waits in billing as a callback, without the caller on the line
  std::string admin = login(port, "admin");
  json::value h;
  for (int i = 0; i < 50; ++i) {
    h = http(port, "GET", "/api/v1/customers/5550100/contacts", {}, bearer(admin)).json();
    if (h.is_array() && !h.as_array().empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(h.is_array() && h.as_array().size() == 1) << json::serialize(h);
  const std::string id = std::to_string(h.as_array()[0].at("id").as_int64());
  json::value c = http(port, "GET", "/api/v1/contacts/" + id, {}, bearer(admin)).json();
  EXPECT_EQ(c.at("state").as_string(), "queued") << json::serialize(c);
  EXPECT_EQ(c.at("queue").as_string(), "billing") << json::serialize(c);
  EXPECT_TRUE(c.at("callback").as_bool()) << json::serialize(c);
  // the prompts were synthesized once and kept
  EXPECT_FALSE(std::filesystem::is_empty(dir.path() + "/prompts"));
  // the callback counts in the queue's KPIs
  json::object kpis = billing_totals(port, admin, "callbacks", 1);
  ASSERT_FALSE(kpis.empty()) << "the callback never reached the KPIs";
  EXPECT_EQ(kpis.at("callbacks").to_number<uint64_t>(), 1u);
  EXPECT_EQ(kpis.at("abandoned").to_number<uint64_t>(), 0u);  // a callback is no abandon

  // Its turn: agent01 gets ready; the phone rings first, answers, then the
  // customer is dialled through the trunk, answers, and the two talk until
  // the agent hangs up (2 s).
  auto back_run = std::async(std::launch::async, [&] {
    return run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer_called_back.xml -i 127.0.0.1 -m 1 -nostdin -timeout 40s " +
               "-trace_err -error_file back_err.log -p " + std::to_string(back) + " -mp " + std::to_string(back_media) + " > back.out 2>&1");
  });
  auto phone_run = std::async(std::launch::async, [&] {
    return run("cd " + dir.path() + " && sipp -sf " + scenarios + "agent.xml -d 2000 -i 127.0.0.1 -m 1 -nostdin -timeout 40s -trace_err " +
               "-error_file phone_err.log -p " + std::to_string(phone) + " -mp " + std::to_string(phone_media) + " > phone.out 2>&1");
  });
  std::this_thread::sleep_for(300ms);  // both listen first
  const double relayed_before = voice_figure(port, "rtp_to_customers");
  std::string agent = login(port, "agent01");
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);
  EXPECT_EQ(phone_run.get(), 0) << dump("phone_err.log") << dump("phone.out") << dump(server->log_path());
  EXPECT_EQ(back_run.get(), 0) << dump("back_err.log") << dump("back.out") << dump(server->log_path());
  EXPECT_GE(figure_reaching(port, "rtp_to_customers", relayed_before + 50), relayed_before + 50);
  EXPECT_GE(voice_figure(port, "rtp_to_agents"), 50);
  json::value a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
  EXPECT_EQ(a.at("state").as_string(), "wrap_up") << json::serialize(a);
  HttpResult rec;
  for (int i = 0; i < 50; ++i) {
    rec = http(port, "GET", "/api/v1/contacts/" + id + "/recording", {}, bearer(admin));
    if (rec.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(rec.status, 200) << rec.body;
  auto wav = read_wav(rec.body);
  ASSERT_TRUE(wav);
  EXPECT_GT(wav->level[0], 1000);  // the customer (left) and the agent (right) both recorded
  EXPECT_GT(wav->level[1], 1000);
  EXPECT_EQ(server->terminate(), 0);
}

// A team lead listens in from their phone: customer (sipp) -> agent01's
// phone (sipp, talks 8 s); lead.red posts /monitor; their phone (sipp)
// rings, answers and gets the mix of both sides; whisper is a mode change
// without a new ring; when the agent hangs up, the lead's phone is hung up
// too. Another team's lead and an agent may not listen.
TEST(VoiceTest, ATeamLeadListensInFromTheirPhoneAndWhispers) {
  if (run("command -v sipp >/dev/null") != 0) GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), phone = free_udp_port(), customer = free_udp_port(), lead = free_udp_port();
  const uint16_t phone_media = free_udp_port(), customer_media = free_udp_port(), lead_media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 28000\nrtp_port_max = 28999\nannounce = false\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "agents = { agent01 = \"sip:agent01@127.0.0.1:" << phone << "\" }\n"
                                                "supervisors = { \"lead.red\" = \"sip:lead@127.0.0.1:" << lead << "\" }\n"
                                                "recordings_dir = \"\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  std::string agent = login(port, "agent01");
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  const std::string common = " -i 127.0.0.1 -m 1 -nostdin -trace_err -timeout 40s";
  auto in_dir = [&](const std::string& cmd) { return run("cd " + dir.path() + " && " + cmd); };
  auto lead_run = std::async(std::launch::async, [&] {
    return in_dir("sipp -sf " + scenarios + "customer_called_back.xml" + common + " -p " + std::to_string(lead) + " -mp " +
                  std::to_string(lead_media) + " -error_file lead_err.log > lead.out 2>&1");
  });
  auto phone_run = std::async(std::launch::async, [&] {
    return in_dir("sipp -sf " + scenarios + "agent.xml" + common + " -d 8000 -p " + std::to_string(phone) + " -mp " +
                  std::to_string(phone_media) + " -error_file phone_err.log > phone.out 2>&1");
  });
  std::this_thread::sleep_for(300ms);
  auto customer_run = std::async(std::launch::async, [&] {
    return in_dir("sipp -sf " + scenarios + "customer.xml" + common + " -p " + std::to_string(customer) + " -mp " +
                  std::to_string(customer_media) + " -s 1000 127.0.0.1:" + std::to_string(sip) + " -error_file customer_err.log > customer.out 2>&1");
  });
  // the contact agent01 talks on
  std::string contact;
  for (int i = 0; i < 50 && contact.empty(); ++i) {
    json::value a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
    if (a.at("state").as_string() == "busy" && !a.at("contacts").as_array().empty())
      contact = std::to_string(a.at("contacts").as_array()[0].as_int64());
    else std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(contact.empty());
  std::this_thread::sleep_for(300ms);  // the agent's 200 and the bridge
  const std::string path = "/api/v1/contacts/" + contact + "/monitor";
  EXPECT_EQ(http(port, "POST", path, R"({"mode":"listen"})", bearer(agent)).status, 403);
  EXPECT_EQ(http(port, "POST", path, R"({"mode":"listen"})", bearer(login(port, "lead.blue"))).status, 403);  // another team's call
  std::string red = login(port, "lead.red");
  auto bad = http(port, "POST", path, R"({"mode":"shout"})", bearer(red));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "mode");
  auto started = http(port, "POST", path, R"({"mode":"listen"})", bearer(red));
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json().at("phone").as_string(), "sip:lead@127.0.0.1:" + std::to_string(lead));
  json::value m;
  for (int i = 0; i < 30; ++i) {
    m = http(port, "GET", path, {}, bearer(red)).json();
    if (m.is_object() && m.at("state").as_string() == "connected") break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(m.at("state").as_string(), "connected") << json::serialize(m);
  EXPECT_GE(figure_reaching(port, "rtp_mixed", 50), 50);  // a second of the mix to the lead's phone
  // whisper: the same lead changes the mode; another lead may not take over
  auto whisper = http(port, "POST", path, R"({"mode":"whisper"})", bearer(red));
  EXPECT_EQ(whisper.status, 200);
  EXPECT_EQ(whisper.json().at("mode").as_string(), "whisper");
  EXPECT_EQ(whisper.json().at("state").as_string(), "connected");
  auto admin = login(port, "admin");
  EXPECT_EQ(http(port, "POST", path, R"({"mode":"barge","phone":"sip:x@127.0.0.1:9"})", bearer(admin)).status, 409);
  auto dump = [&](const std::string& f) {
    std::ifstream in(dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(phone_run.get(), 0) << dump("phone_err.log");
  EXPECT_EQ(customer_run.get(), 0) << dump("customer_err.log");
  EXPECT_EQ(lead_run.get(), 0) << dump("lead_err.log") << dump("lead.out");  // hung up with the call
  EXPECT_EQ(http(port, "GET", path, {}, bearer(red)).status, 404);
  std::string audit = http(port, "GET", "/api/v1/audit?limit=100", {}, bearer(admin)).body;
  EXPECT_NE(audit.find("call.monitor"), std::string::npos);
  EXPECT_EQ(server->terminate(), 0);
}

// The customer's side over TCP (sipp -t t1: one connection): the INVITE,
// our answers, the ACK and our BYE all go on that connection; the agent's
// phone stays on UDP. A first caller who hangs up while queued is an
// abandon in the KPIs.
TEST(VoiceTest, ACallOverTcpReachesTheAgentAndIsHungUpOnItsConnection) {
  if (run("command -v sipp >/dev/null") != 0) GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), phone = free_udp_port(), customer = free_udp_port();
  const uint16_t phone_media = free_udp_port(), customer_media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 29000\nrtp_port_max = 29999\nannounce = false\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "agents = { agent01 = \"sip:agent01@127.0.0.1:" << phone << "\" }\nrecordings_dir = \"\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  const std::string common = " -i 127.0.0.1 -m 1 -nostdin -trace_err -timeout 30s";
  // nobody is ready: the first caller waits 4 s and hangs up, an abandon
  const uint16_t abandoner = free_udp_port(), abandoner_media = free_udp_port();
  int abandoner_exit = run("cd " + dir.path() + " && sipp -t t1 -sf " + scenarios + "customer_hangs_up.xml" + common + " -p " +
                           std::to_string(abandoner) + " -mp " + std::to_string(abandoner_media) + " -s 1000 127.0.0.1:" +
                           std::to_string(sip) + " -error_file abandoner_err.log > abandoner.out 2>&1");
  EXPECT_EQ(abandoner_exit, 0);
  std::string admin = login(port, "admin");
  json::object kpis = billing_totals(port, admin, "abandoned", 1);
  ASSERT_FALSE(kpis.empty()) << "the abandon never reached the KPIs";
  EXPECT_EQ(kpis.at("abandoned").to_number<uint64_t>(), 1u);

  std::string agent = login(port, "agent01");
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);
  auto phone_run = std::async(std::launch::async, [&] {
    return run("cd " + dir.path() + " && sipp -sf " + scenarios + "agent.xml" + common + " -d 2000 -p " + std::to_string(phone) +
               " -mp " + std::to_string(phone_media) + " -error_file phone_err.log > phone.out 2>&1");
  });
  std::this_thread::sleep_for(300ms);
  int customer_exit = run("cd " + dir.path() + " && sipp -t t1 -sf " + scenarios + "customer.xml" + common + " -p " +
                          std::to_string(customer) + " -mp " + std::to_string(customer_media) + " -s 1000 127.0.0.1:" +
                          std::to_string(sip) + " -error_file customer_err.log > customer.out 2>&1");
  auto dump = [&](const std::string& f) {
    std::ifstream in(dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(customer_exit, 0) << dump("customer_err.log") << dump("customer.out");
  EXPECT_EQ(phone_run.get(), 0) << dump("phone_err.log");
  EXPECT_GE(voice_figure(port, "rtp_to_agents"), 50);
  EXPECT_GE(voice_figure(port, "rtp_to_customers"), 50);
  EXPECT_EQ(voice_figure(port, "retransmissions"), 0);
  json::value a = http(port, "GET", "/api/v1/agents/agent01", {}, bearer(agent)).json();
  EXPECT_EQ(a.at("state").as_string(), "wrap_up") << json::serialize(a);
  EXPECT_EQ(server->terminate(), 0);
}

// The post-call survey by keys: billing asks for it; the agent hangs up
// first (2 s), the caller stays on the line, hears the question, presses 4
// (RFC 4733) and hears the goodbye; the answer is in the KPIs (CSAT).
TEST(VoiceTest, WhenTheAgentHangsUpFirstTheCallerAnswersTheSurveyByKeys) {
  if (run("command -v sipp >/dev/null && test -f /usr/share/sip-tester/dtmf_2833_4.pcap") != 0)
    GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), phone = free_udp_port(), customer = free_udp_port();
  const uint16_t phone_media = free_udp_port(), customer_media = free_udp_port();
  write_tone(dir.path() + "/tone.wav");
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 30000\nrtp_port_max = 30999\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "agents = { agent01 = \"sip:agent01@127.0.0.1:" << phone << "\" }\n"
                                                "survey_queues = [\"billing\"]\nrecordings_dir = \"\"\n"
                                                "prompts_dir = \"" << dir.path() << "/prompts\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  std::string agent = login(port, "agent01");
  ASSERT_EQ(http(port, "POST", "/api/v1/agents/agent01/login", R"({"ready":true})", bearer(agent)).status, 200);
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  const std::string common = " -i 127.0.0.1 -m 1 -nostdin -trace_err -timeout 40s";
  auto phone_run = std::async(std::launch::async, [&] {
    return run("cd " + dir.path() + " && sipp -sf " + scenarios + "agent.xml" + common + " -d 2000 -p " + std::to_string(phone) +
               " -mp " + std::to_string(phone_media) + " -error_file phone_err.log > phone.out 2>&1");
  });
  std::this_thread::sleep_for(300ms);
  int customer_exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer_survey.xml" + common + " -p " +
                          std::to_string(customer) + " -mp " + std::to_string(customer_media) + " -s 1000 127.0.0.1:" +
                          std::to_string(sip) + " -error_file customer_err.log > customer.out 2>&1");
  auto dump = [&](const std::string& f) {
    std::ifstream in(f.starts_with("/") ? f : dir.path() + "/" + f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(customer_exit, 0) << dump("customer_err.log") << dump(server->log_path());
  EXPECT_EQ(phone_run.get(), 0) << dump("phone_err.log");
  EXPECT_EQ(figure_reaching(port, "digits", 1), 1);
  std::string admin = login(port, "admin");
  json::object total = billing_totals(port, admin, "survey_answers", 1);
  ASSERT_FALSE(total.empty()) << "the survey answer never reached the KPIs" << dump(server->log_path());
  EXPECT_EQ(total.at("survey_answers").to_number<uint64_t>(), 1u);
  EXPECT_DOUBLE_EQ(total.at("csat_mean").to_number<double>(), 4.0);
  EXPECT_EQ(figure_becoming(port, "legs", 0), 0);
  EXPECT_EQ(server->terminate(), 0);
}

// What a caller hears, recorded by the test itself: sipp places the call
// with an SDP that names the test's UDP socket as the caller's media port.
// First the queue's own greeting (uploaded: a 1 kHz tone), then the spoken
// prompts, then hold music; the caller hangs up after 9 s (an abandon).
TEST(VoiceTest, ACallerHearsTheQueuesGreetingThenPromptsThenHoldMusic) {
  if (run("command -v sipp >/dev/null") != 0) GTEST_SKIP() << "sipp (Debian sip-tester) is not installed";
  TempDir dir;
  const uint16_t sip = free_sip_port(), customer = free_udp_port(), customer_media = free_udp_port();
  std::ofstream(dir.path() + "/voice.toml") << "[voice]\nenabled = true\nsip_port = " << sip
                                             << "\nrtp_port_min = 31000\nrtp_port_max = 31999\n"
                                                "trunk_sources = [\"127.0.0.1\"]\nnumbers = { \"1000\" = \"billing\" }\n"
                                                "recordings_dir = \"" << dir.path() << "/recordings\"\n"
                                                "prompts_dir = \"" << dir.path() << "/prompts\"\n";
  auto server = ServerProcess::start("sqlite:" + dir.path() + "/voice.db", {"--config", dir.path() + "/voice.toml"});
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  // billing's greeting: 1 s of 1 kHz at 8 kHz, 16-bit mono
  const std::string wav = tone_wav(8000, 1, 1.0, 1000);
  std::string admin = login(port, "admin");
  auto up = http(port, "PUT", "/api/v1/queues/billing/prompts/greeting", wav, bearer(admin));
  ASSERT_EQ(up.status, 200) << up.body;

  // the caller's ear: every RTP packet that reaches the SDP's port
  boost::asio::io_context io;
  boost::asio::ip::udp::socket ear(io, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  ear.non_blocking(true);
  std::vector<std::pair<uint16_t, std::string>> packets;  // (sequence, payload)
  std::atomic<bool> listening{true};
  std::thread listener([&] {
    std::array<char, 2048> buf;
    while (listening) {
      boost::asio::ip::udp::endpoint from;
      boost::system::error_code ec;
      size_t n = ear.receive_from(boost::asio::buffer(buf), from, 0, ec);
      if (ec) {
        std::this_thread::sleep_for(2ms);
        continue;
      }
      if (n > 12 && (buf[1] & 0x7f) == 0)
        packets.emplace_back(static_cast<uint16_t>(static_cast<uint8_t>(buf[2]) << 8 | static_cast<uint8_t>(buf[3])), std::string(buf.data() + 12, n - 12));
    }
  });
  const std::string scenarios = std::string(SWITCHYARD_SOURCE_DIR) + "/tests/voice/";
  int customer_exit = run("cd " + dir.path() + " && sipp -sf " + scenarios + "customer_listens.xml -i 127.0.0.1 -m 1 -nostdin -trace_err " +
                          "-timeout 30s -d 9000 -key rtp_port " + std::to_string(ear.local_endpoint().port()) + " -p " +
                          std::to_string(customer) + " -mp " + std::to_string(customer_media) + " -s 1000 127.0.0.1:" +
                          std::to_string(sip) + " -error_file customer_err.log > customer.out 2>&1");
  listening = false;
  listener.join();
  EXPECT_EQ(customer_exit, 0);
  ASSERT_GE(packets.size(), 300u) << "9 s of prompts and music at 50 packets/s";
  // what the caller heard, in order, as 16-bit PCM (mu-law decoded)
  std::vector<int> heard;
  for (auto& [seq, payload] : packets)
    for (char b : payload) {
      int u = ~static_cast<uint8_t>(b) & 0xff, t = ((u & 0x0f) << 3) + 0x84;
      t <<= (u & 0x70) >> 4;
      heard.push_back((u & 0x80) ? 0x84 - t : t - 0x84);
    }
  auto zero_crossing_hz = [&](size_t from, size_t n) {
    int crossings = 0;
    for (size_t i = from + 1; i < from + n && i < heard.size(); ++i) crossings += (heard[i - 1] < 0) != (heard[i] < 0);
    return crossings / 2.0 / (static_cast<double>(n) / 8000);
  };
  auto level = [&](size_t from, size_t n) {
    double sum = 0;
    for (size_t i = from; i < from + n && i < heard.size(); ++i) sum += std::abs(heard[i]);
    return sum / static_cast<double>(n);
  };
  // 1: the greeting first, a steady 1 kHz
  EXPECT_NEAR(zero_crossing_hz(800, 4000), 1000, 10);
  // 2: then speech (the recording notice, ...): sound, but not that tone
  EXPECT_GT(level(8000 + 4000, 16000), 300);
  EXPECT_GT(std::abs(zero_crossing_hz(8000 + 4000, 8000) - 1000), 100);
  // 3: and music at the end (the prompts last about 8 s: we only know it is not silence)
  EXPECT_GT(level(heard.size() - 8000, 8000), 100);
  EXPECT_EQ(server->terminate(), 0);
}

}  // namespace
}  // namespace switchyard::testing
