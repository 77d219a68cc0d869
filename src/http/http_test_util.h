#pragma once
// Test helpers for switchyard_http: synchronous Beast clients with socket
// receive timeouts (a broken server fails a test instead of hanging it) and
// bounded waits. Tests only.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "http/server.h"

namespace switchyard::http::test_util {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace bws = beast::websocket;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

inline constexpr auto kWait = 10s;  // upper bound of every wait in these tests

// Collects the server's log lines (thread-safe).
struct LogSink {
  std::mutex mu;
  std::vector<std::string> lines;
  std::function<void(std::string_view)> fn() {
    return [this](std::string_view s) {
      std::lock_guard lock(mu);
      lines.emplace_back(s);
    };
  }
  bool contains(std::string_view needle) {
    std::lock_guard lock(mu);
    for (const auto& l : lines) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

inline Options test_options(LogSink* sink = nullptr) {
  Options o;
  o.port = 0;
  o.io_threads = 2;
  if (sink != nullptr) o.log = sink->fn();
  return o;
}

inline void set_receive_timeout(int fd) {
  timeval tv{};
  tv.tv_sec = std::chrono::duration_cast<std::chrono::seconds>(kWait).count();
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

class Client {
 public:
  explicit Client(uint16_t port, int rcvbuf_bytes = 0) : socket_(ioc_) {
    socket_.open(tcp::v4());
    if (rcvbuf_bytes > 0) socket_.set_option(net::socket_base::receive_buffer_size(rcvbuf_bytes));
    set_receive_timeout(socket_.native_handle());
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  bhttp::response<bhttp::string_body> request(bhttp::verb verb, std::string target,
                                              std::string body = {}, bool close = false) {
    send(verb, std::move(target), std::move(body), close);
    return read();
  }
  void send(bhttp::verb verb, std::string target, std::string body = {}, bool close = false) {
    bhttp::request<bhttp::string_body> req(verb, target, 11);
    req.set(bhttp::field::host, "localhost");
    if (close) req.set(bhttp::field::connection, "close");
    if (!body.empty()) req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket_, req);
  }
  bhttp::response<bhttp::string_body> read() {
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket_, buffer_, res);
    return res;
  }
  // Writes raw bytes, then reads until the server closes (or the timeout).
  std::string raw(std::string_view bytes) {
    net::write(socket_, net::buffer(bytes.data(), bytes.size()));
    return read_to_end();
  }
  std::string read_to_end() {
    std::string out;
    char chunk[4096];
    for (;;) {
      beast::error_code ec;
      size_t n = socket_.read_some(net::buffer(chunk), ec);
      out.append(chunk, n);
      if (ec) break;
    }
    return out;
  }
  // True if the server has closed the connection (EOF) within the timeout.
  bool closed_by_server() {
    char c;
    beast::error_code ec;
    socket_.read_some(net::buffer(&c, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }
  tcp::socket& socket() { return socket_; }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class WsClient {
 public:
  explicit WsClient(uint16_t port, const std::string& target, int rcvbuf_bytes = 0) : ws_(ioc_) {
    auto& s = ws_.next_layer();
    s.open(tcp::v4());
    if (rcvbuf_bytes > 0) s.set_option(net::socket_base::receive_buffer_size(rcvbuf_bytes));
    set_receive_timeout(s.native_handle());
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.handshake("localhost", target);
  }
  void write(std::string_view text) { ws_.write(net::buffer(text.data(), text.size())); }
  std::string read(beast::error_code& ec) {
    beast::flat_buffer b;
    ws_.read(b, ec);
    return beast::buffers_to_string(b.data());
  }
  std::string read() {
    beast::error_code ec;
    std::string s = read(ec);
    EXPECT_FALSE(ec) << ec.message();
    return s;
  }
  bws::stream<tcp::socket>& ws() { return ws_; }

 private:
  net::io_context ioc_;
  bws::stream<tcp::socket> ws_;
};

template <typename T>
T get(std::future<T>& f) {
  EXPECT_EQ(f.wait_for(kWait), std::future_status::ready);
  return f.get();
}

inline Handler text(std::string body) {
  return [body](Request&&, Respond respond) { respond(Response{200, body, "text/plain", {}}); };
}

}  // namespace switchyard::http::test_util
