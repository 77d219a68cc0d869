#include "harness.h"

#include <cmath>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace switchyard::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

boost::json::value HttpResult::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << body;
  return v;
}

std::string HttpResult::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) return v;
  return {};
}

TempDir::TempDir() {
  std::mt19937_64 rng(std::random_device{}());
  path_ = (std::filesystem::temp_directory_path() / ("sy-it-" + std::to_string(rng()))).string();
  std::filesystem::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::unique_ptr<ServerProcess> ServerProcess::start(const std::string& store, std::vector<std::string> extra) {
  auto p = std::unique_ptr<ServerProcess>(new ServerProcess());
  static int n = 0;
  p->log_ = (std::filesystem::temp_directory_path() / ("sy-it-" + std::to_string(getpid()) + "-" +
                                                        std::to_string(n++) + ".log")).string();
  int out[2];
  if (pipe(out) != 0) return nullptr;
  std::vector<std::string> args = {SWITCHYARD_BIN, "serve", "--port", "0", "--store", store, "--demo"};
  // The demo center without its simulated month unless a test asks for it:
  // fast starts, and seqs that begin with the test's own events.
  if (std::find(extra.begin(), extra.end(), "--demo-history-days") == extra.end())
    args.insert(args.end(), {"--demo-history-days", "0"});
  args.insert(args.end(), extra.begin(), extra.end());
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // A test process that crashes or is killed takes its server with it (no orphan left
    // listening); the forking thread is the main one, which lives as long as the process.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out[1], STDOUT_FILENO);
    FILE* err = std::fopen(p->log_.c_str(), "w");
    if (err) dup2(fileno(err), STDERR_FILENO);
    close(out[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  p->pid_ = pid;
  // Read the "switchyard listening on ADDR:PORT" line.
  std::string line;
  char c;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t r = read(out[0], &c, 1);
    if (r <= 0) break;
    if (c == '\n') {
      auto pos = line.rfind(':');
      if (line.rfind("switchyard listening on", 0) == 0 && pos != std::string::npos) {
        p->port_ = static_cast<uint16_t>(std::stoi(line.substr(pos + 1)));
        break;
      }
      line.clear();
    } else {
      line += c;
    }
  }
  close(out[0]);
  if (p->port_ == 0) {
    std::ifstream log(p->log_);
    std::string text((std::istreambuf_iterator<char>(log)), {});
    ADD_FAILURE() << "server did not start; log:\n" << text;
    return nullptr;
  }
  return p;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill9();
  std::filesystem::remove(log_);
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

HttpResult http(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResult out;
  try {
    net::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::http::request<beast::http::string_body> req(beast::http::string_to_verb(method), target, 11);
    req.set(beast::http::field::host, "localhost");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty()) {
      if (req.find(beast::http::field::content_type) == req.end())  // JSON unless the test says otherwise
        req.set(beast::http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    beast::http::write(s, req);
    beast::flat_buffer buf;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(64 << 20);
    beast::http::read(s, buf, parser);
    auto res = parser.release();
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  } catch (const std::exception& e) {
    out.status = 0;
    out.body = e.what();
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

VisitorChat accepted_chat(uint16_t port, const std::string& agent_token, const std::string& message) {
  const std::vector<std::pair<std::string, std::string>> origin = {{"Origin", "https://shop.example"}};
  const std::string body = boost::json::serialize(boost::json::object{{"widget", "wg_demo"}, {"name", "Ana"}, {"message", message}});
  HttpResult started = http(port, "POST", "/api/v1/chat/visitor/start", body, origin);
  if (started.status != 201) {
    ADD_FAILURE() << "chat not started: " << started.status << " " << started.body;
    return {};
  }
  const boost::json::value v = started.json();
  VisitorChat chat{std::to_string(v.at("contact").as_int64()), std::string(v.at("token").as_string())};
  HttpResult accepted;
  for (int i = 0; i < 50 && accepted.status != 200; ++i) {
    accepted = http(port, "POST", "/api/v1/contacts/" + chat.id + "/accept", "{}", bearer(agent_token));
    if (accepted.status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (accepted.status != 200) {
    ADD_FAILURE() << "chat not accepted: " << accepted.status << " " << accepted.body;
    return {};
  }
  return chat;
}

HttpResult as_visitor(uint16_t port, const VisitorChat& chat, const std::string& method, const std::string& target,
                      const std::string& body) {
  return http(port, method, target, body, {{"Origin", "https://shop.example"}, {"Authorization", "Bearer " + chat.token}});
}

std::string field(const HttpResult& r) {
  if (r.status < 400) return "(not an error: " + std::to_string(r.status) + ")";
  return std::string(r.json().at("error").at("field").as_string());
}

std::vector<boost::json::value> notifications_of(uint16_t port, const std::string& token, const std::string& kind) {
  std::vector<boost::json::value> out;
  HttpResult r = http(port, "GET", "/api/v1/notifications?limit=200", {}, bearer(token));
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return out;
  const boost::json::value v = r.json();
  for (const boost::json::value& n : v.at("items").as_array())
    if (n.at("kind").as_string() == kind) out.push_back(n);
  return out;
}

std::string login(uint16_t port, const std::string& user, const std::string& password) {
  HttpResult r = http(port, "POST", "/api/v1/auth/login",
                      R"({"username":")" + user + R"(","password":")" + password + R"("})");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  return std::string(r.json().at("token").as_string());
}

struct WsClient::Impl {
  net::io_context ioc;
  beast::websocket::stream<tcp::socket> ws{ioc};
};

WsClient::WsClient(uint16_t port, const std::string& target) : impl_(std::make_unique<Impl>()) {
  try {
    impl_->ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::websocket::response_type res;
    beast::error_code ec;
    impl_->ws.handshake(res, "localhost", target, ec);
    status_ = res.result_int();
    ok_ = !ec;
  } catch (const std::exception&) {
    ok_ = false;
  }
}

WsClient::~WsClient() {
  beast::error_code ec;
  if (ok_) impl_->ws.next_layer().close(ec);
}

std::optional<boost::json::value> WsClient::next_of(std::string_view type, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = read(1000);
    if (!text) continue;
    boost::json::value v = boost::json::parse(*text);
    if (const auto* o = v.if_object(); o && o->contains("type") && o->at("type").is_string() &&
        o->at("type").get_string() == type)
      return v;
  }
  return std::nullopt;
}

std::optional<std::string> WsClient::read(int timeout_ms) {
  if (!ok_) return std::nullopt;
  // Asio's blocking reads ignore SO_RCVTIMEO: read asynchronously and run
  // the io_context for at most the timeout.
  beast::flat_buffer b;
  std::optional<beast::error_code> result;
  impl_->ws.async_read(b, [&](beast::error_code ec, size_t) { result = ec; });
  impl_->ioc.restart();
  impl_->ioc.run_for(std::chrono::milliseconds(timeout_ms));
  if (!result) {
    // Timed out: cancel the read and let its handler run.
    beast::error_code ec;
    impl_->ws.next_layer().cancel(ec);
    impl_->ioc.restart();
    impl_->ioc.run();
    ok_ = false;  // a cancelled websocket read leaves the stream unusable
    return std::nullopt;
  }
  if (*result) return std::nullopt;
  return beast::buffers_to_string(b.data());
}

std::string tone_wav(int rate, int channels, double seconds, double hz) {
  std::string data;
  const auto frames = static_cast<size_t>(seconds * rate);
  for (size_t i = 0; i < frames; ++i) {
    const auto v = static_cast<int16_t>(8000 * std::sin(2 * M_PI * hz * static_cast<double>(i) / rate));
    for (int c = 0; c < channels; ++c) data += {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff)};
  }
  auto u32 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  auto u16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  const auto block = static_cast<uint16_t>(channels * 2);
  return "RIFF" + u32(static_cast<uint32_t>(36 + data.size())) + "WAVE" + "fmt " + u32(16) + u16(1) +
         u16(static_cast<uint16_t>(channels)) + u32(static_cast<uint32_t>(rate)) + u32(static_cast<uint32_t>(rate) * block) +
         u16(block) + u16(16) + "data" + u32(static_cast<uint32_t>(data.size())) + data;
}

}  // namespace switchyard::testing
