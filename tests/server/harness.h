#pragma once
// Integration-test harness: starts the real `switchyard serve` binary on
// loopback (port 0), talks HTTP and WebSocket to it with Boost.Beast, and
// kills it (SIGTERM or SIGKILL). Test-only.
#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  boost::json::value json() const;
  std::string header(std::string_view name) const;
};

class ServerProcess {
 public:
  // Starts `switchyard serve --port 0 --store STORE --demo <extra...>` and
  // waits for its "listening on" line (fails the test after 20 s). Without
  // `--demo-history-days N` in `extra`, the demo center starts without
  // simulated history (--demo-history-days 0).
  static std::unique_ptr<ServerProcess> start(const std::string& store, std::vector<std::string> extra = {});
  ~ServerProcess();  // SIGKILL if still running

  uint16_t port() const { return port_; }
  // Sends SIGTERM and waits; returns the exit status (-1 on a signal death).
  int terminate();
  // SIGKILL, no chance to flush anything.
  void kill9();
  const std::string& log_path() const { return log_; }

 private:
  int pid_ = -1;
  uint16_t port_ = 0;
  std::string log_;
};

// One HTTP/1.1 request on a fresh connection; a body is sent as JSON unless
// `headers` give a Content-Type.
HttpResult http(uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
                const std::vector<std::pair<std::string, std::string>>& headers = {});
// Logs in and returns the bearer token (fails the test otherwise).
// The field an error answer names ("(not an error: <status>)" for a success).
std::string field(const HttpResult& r);
// The user's notifications of `kind` (the newest 200 looked at), newest first.
std::vector<boost::json::value> notifications_of(uint16_t port, const std::string& token, const std::string& kind);

// A web chat from the demo widget (wg_demo, origin https://shop.example): the visitor starts it
// with `message` and the agent of `agent_token` (logged in and ready) accepts it. id is "" when
// that failed (reported as a test failure).
struct VisitorChat {
  std::string id;     // the contact
  std::string token;  // the visitor's
};
VisitorChat accepted_chat(uint16_t port, const std::string& agent_token, const std::string& message);
// A request as that chat's visitor.
HttpResult as_visitor(uint16_t port, const VisitorChat& chat, const std::string& method, const std::string& target,
                      const std::string& body = {});
std::string login(uint16_t port, const std::string& user, const std::string& password = "switchyard-demo");
std::vector<std::pair<std::string, std::string>> bearer(const std::string& token);

// A WebSocket client (blocking, with a receive timeout).
class WsClient {
 public:
  WsClient(uint16_t port, const std::string& target);
  ~WsClient();
  // The next text frame, or nullopt on timeout / close.
  std::optional<std::string> read(int timeout_ms = 5000);
  // The next JSON frame whose "type" is `type` (others are skipped), or nullopt when none
  // comes within `timeout_ms`.
  std::optional<boost::json::value> next_of(std::string_view type, int timeout_ms = 10000);
  bool ok() const { return ok_; }
  int handshake_status() const { return status_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool ok_ = false;
  int status_ = 0;
};

// A fresh temp directory, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A suite sharing one server with the demo center on SQLite, started by
// SetUpTestSuite() (start_server) and stopped by TearDownTestSuite(); `as`
// calls it with a bearer token, `admin_` is the admin's.
class ServerSuite : public ::testing::Test {
 protected:
  static void start_server(const std::string& db_name) {
    dir_ = new TempDir();
    server_ = ServerProcess::start("sqlite:" + dir_->path() + "/" + db_name).release();
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
    admin_ = login(port_, "admin");
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->terminate(), 0);
    }
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }
  static HttpResult as(const std::string& token, const std::string& method, const std::string& target,
                       const std::string& body = {}) {
    return http(port_, method, target, body, bearer(token));
  }

  static inline TempDir* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline uint16_t port_ = 0;
  static inline std::string admin_;
};

// A 16-bit PCM WAV: `seconds` of a `hz` tone at `rate` in every channel.
std::string tone_wav(int rate, int channels, double seconds, double hz = 440);

}  // namespace switchyard::testing
