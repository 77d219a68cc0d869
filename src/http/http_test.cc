// switchyard_http HTTP tests over loopback (port 0). Cross-thread waits are
// bounded futures, never sleeps.
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "http/http_test_util.h"

namespace switchyard::http {
namespace {

using namespace test_util;  // NOLINT

TEST(HttpServer, RoutesParamsQueryAndHeaders) {
  Server server(test_options());
  ASSERT_TRUE(
      server.route("GET", "/api/v1/agents/{id}/skills/{skill}", [](Request&& r, Respond respond) {
        std::string body =
            r.method + "|" + r.path + "|" + r.params.at("id") + "|" + r.params.at("skill");
        for (const auto& [k, v] : r.query) body += "|" + k + "=" + v;
        body += "|" + (r.header("x-custom") ? *r.header("x-custom") : std::string("-"));
        body += "|" + (r.query_param("b") ? *r.query_param("b") : std::string("-"));
        body += "|" + r.remote;
        respond(Response{200, body, "text/plain", {{"X-Reply", "yes"}}});
      }));
  ASSERT_TRUE(server.route("POST", "/echo", [](Request&& r, Respond respond) {
    respond(Response{201, std::move(r.body), "application/octet-stream", {}});
  }));
  ASSERT_TRUE(server.start());
  ASSERT_NE(server.port(), 0);

  Client c(server.port());
  bhttp::request<bhttp::string_body> req(bhttp::verb::get,
                                         "/api/v1/agents/a%2F7/skills/sales?a=1&b=x+y%26z", 11);
  req.set(bhttp::field::host, "localhost");
  req.set("X-Custom", "hello");
  bhttp::write(c.socket(), req);
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(),
            "GET|/api/v1/agents/a/7/skills/sales|a/7|sales|a=1|b=x y&z|hello|x y&z|127.0.0.1");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
  EXPECT_EQ(res["X-Reply"], "yes");

  res = c.request(bhttp::verb::post, "/echo", std::string(1000, 'x'));
  EXPECT_EQ(res.result_int(), 201);
  EXPECT_EQ(res.body(), std::string(1000, 'x'));
}

TEST(HttpServer, ErrorBodies) {
  Options o = test_options();
  o.max_body_bytes = 1024;
  o.max_header_bytes = 2048;
  Server server(o);
  ASSERT_TRUE(server.route("GET", "/things/{id}", text("thing")));
  ASSERT_TRUE(server.route("PUT", "/things/{id}", text("put")));
  ASSERT_TRUE(server.route("POST", "/upload", text("ok")));
  ASSERT_TRUE(server.websocket("/ws", WsHandlers{}));
  ASSERT_TRUE(server.start());

  Client c(server.port());
  auto res = c.request(bhttp::verb::get, "/x");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res[bhttp::field::content_type], "application/json");
  EXPECT_EQ(res.body(),
            R"({"error":{"code":"not_found","message":"no route for GET /x","field":""}})");

  res = c.request(bhttp::verb::delete_, "/things/1");
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res[bhttp::field::allow], "GET, HEAD, PUT");
  EXPECT_EQ(
      res.body(),
      R"({"error":{"code":"method_not_allowed","message":"method not allowed: DELETE /things/1","field":""}})");

  res = c.request(bhttp::verb::get, "/ws");
  EXPECT_EQ(res.result_int(), 426);

  res = c.request(bhttp::verb::get, "/things/%zz");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(
      res.body(),
      R"({"error":{"code":"bad_request","message":"malformed percent-encoding in path","field":"path"}})");

  // The connection survived all of the above (keep-alive).
  res = c.request(bhttp::verb::get, "/things/2");
  EXPECT_EQ(res.body(), "thing");

  // Too large a body: 413, then the server closes.
  res = c.request(bhttp::verb::post, "/upload", std::string(2000, 'b'));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(res[bhttp::field::connection], "close");
  EXPECT_EQ(
      res.body(),
      R"({"error":{"code":"payload_too_large","message":"request body exceeds 1024 bytes","field":""}})");
  EXPECT_TRUE(c.closed_by_server());

  // Chunked body over the limit.
  Client chunked(server.port());
  std::string out = chunked.raw(
      "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "400\r\n" +
      std::string(1024, 'a') + "\r\n10\r\n" + std::string(16, 'a') + "\r\n0\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 413 ", 0), 0u) << out;

  // Malformed HTTP: 400 and close.
  Client bad(server.port());
  out = bad.raw("GARBAGE\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << out;
  EXPECT_NE(out.find(R"({"error":{"code":"bad_request","message":"malformed request: )"),
            std::string::npos);

  // Header too large: 431 and close.
  Client big(server.port());
  out =
      big.raw("GET /things/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u) << out;
  EXPECT_NE(out.find("\"code\":\"header_too_large\""), std::string::npos);
}

TEST(HttpServer, KeepAliveHeadAndConnectionClose) {
  Server server(test_options());
  std::atomic<int> calls{0};
  ASSERT_TRUE(server.route("GET", "/n", [&](Request&&, Respond respond) {
    respond(Response{200, std::to_string(++calls), "text/plain", {}});
  }));
  ASSERT_TRUE(server.start());

  Client c(server.port());
  for (int i = 1; i <= 5; ++i) {
    auto res = c.request(bhttp::verb::get, "/n");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), std::to_string(i));
    EXPECT_TRUE(res.keep_alive());
  }
  auto res = c.request(bhttp::verb::get, "/n", {}, /*close=*/true);
  EXPECT_EQ(res.body(), "6");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(c.closed_by_server());

  Client head(server.port());
  std::string out = head.raw("HEAD /n HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n"
            "Connection: close\r\n\r\n");

  Client http10(server.port());
  out = http10.raw("GET /n HTTP/1.0\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("Connection: close"), std::string::npos);
}

TEST(HttpServer, IdleConnectionsAreClosed) {
  Options o = test_options();
  o.idle_timeout_ms = 500;
  Server server(o);
  ASSERT_TRUE(server.route("GET", "/x", text("x")));
  ASSERT_TRUE(server.start());
  Client c(server.port());
  EXPECT_EQ(c.request(bhttp::verb::get, "/x").body(), "x");
  EXPECT_TRUE(c.closed_by_server());  // within kWait, after ~500 ms of silence
}

TEST(HttpServer, AsyncRespondFromAnotherThreadHoldsTheConnection) {
  Server server(test_options());
  std::promise<Respond> pending;
  std::atomic<int> calls{0};
  ASSERT_TRUE(server.route("POST", "/slow", [&](Request&& r, Respond respond) {
    if (++calls == 1) {
      pending.set_value(respond);
    } else {
      respond(Response{200, "second:" + r.body, "text/plain", {}});
    }
  }));
  ASSERT_TRUE(server.start());

  Client c(server.port());
  c.send(bhttp::verb::post, "/slow", "one");
  auto pending_future = pending.get_future();
  Respond respond = get(pending_future);
  // A second request on the same connection is not read before the first
  // one is answered.
  c.send(bhttp::verb::post, "/slow", "two");
  std::this_thread::sleep_for(100ms);  // a negative check: nothing may happen
  EXPECT_EQ(calls.load(), 1);

  std::thread responder([respond] {
    std::this_thread::sleep_for(20ms);  // "after a delay" is the behaviour under test
    respond(Response{202, "first", "text/plain", {}});
  });
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 202);
  EXPECT_EQ(res.body(), "first");
  res = c.read();
  EXPECT_EQ(res.body(), "second:two");
  responder.join();
  EXPECT_EQ(calls.load(), 2);
}

TEST(HttpServer, HandlerFailuresBecome500) {
  LogSink log;
  Server server(test_options(&log));
  ASSERT_TRUE(
      server.route("GET", "/throw", [](Request&&, Respond) { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(server.route("GET", "/drop", [](Request&&, Respond) {}));
  ASSERT_TRUE(server.route("GET", "/twice", [](Request&&, Respond respond) {
    respond(Response{200, "a", "text/plain", {}});
    respond(Response{200, "b", "text/plain", {}});
  }));
  ASSERT_TRUE(server.route("GET", "/badstatus", [](Request&&, Respond respond) {
    respond(Response{42, "", "text/plain", {{"Bad\r\nHeader", "x"}, {"X-Ok", "1"}}});
  }));
  ASSERT_TRUE(server.route("GET", "/unsafe", [](Request&&, Respond respond) {
    respond(Response{200, "u", "text/plain", {{"X-Evil", "a\r\nSet-Cookie: x"}, {"X-Ok", "1"}}});
  }));
  ASSERT_TRUE(server.start());

  Client c(server.port());
  auto res = c.request(bhttp::verb::get, "/throw");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(res.body(), R"({"error":{"code":"internal","message":"internal error","field":""}})");
  res = c.request(bhttp::verb::get, "/drop");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_NE(res.body().find("handler_dropped_response"), std::string::npos);
  res = c.request(bhttp::verb::get, "/twice");
  EXPECT_EQ(res.body(), "a");
  res = c.request(bhttp::verb::get, "/badstatus");
  EXPECT_EQ(res.result_int(), 500);
  res = c.request(bhttp::verb::get, "/unsafe");
  EXPECT_EQ(res.body(), "u");
  EXPECT_EQ(res["X-Evil"], "");
  EXPECT_EQ(res["Set-Cookie"], "");
  EXPECT_EQ(res["X-Ok"], "1");
  EXPECT_TRUE(log.contains("boom"));
  EXPECT_TRUE(log.contains("more than once"));
  EXPECT_TRUE(log.contains("X-Evil"));
}

TEST(HttpServer, RequestDoneHook) {
  Server server(test_options());
  std::mutex mu;
  std::vector<std::string> seen;
  std::promise<void> two;
  server.on_request_done([&](std::string_view method, std::string_view pattern, int status,
                             int64_t latency_ns) {
    std::lock_guard lock(mu);
    EXPECT_GE(latency_ns, 0);
    seen.push_back(std::string(method) + " " + std::string(pattern) + " " + std::to_string(status));
    if (seen.size() == 2) two.set_value();
  });
  ASSERT_TRUE(server.route("GET", "/a/{id}", text("a")));
  ASSERT_TRUE(server.start());
  Client c(server.port());
  c.request(bhttp::verb::get, "/a/1");
  c.request(bhttp::verb::get, "/nope");
  auto f = two.get_future();
  ASSERT_EQ(f.wait_for(kWait), std::future_status::ready);
  std::lock_guard lock(mu);
  EXPECT_EQ(seen, (std::vector<std::string>{"GET /a/{id} 200", "GET  404"}));
}

TEST(HttpServer, StartErrors) {
  Server first(test_options());
  ASSERT_TRUE(first.start());
  EXPECT_FALSE(first.start());
  EXPECT_FALSE(first.route("GET", "/late", text("x")));

  Options o = test_options();
  o.port = first.port();
  Server clash(o);
  auto r = clash.start();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bind"), std::string::npos);

  Options bad = test_options();
  bad.address = "not-an-ip";
  Server s(bad);
  EXPECT_FALSE(s.start());
}

TEST(HttpServer, GracefulStopLetsInFlightRequestFinish) {
  Server server(test_options());
  std::promise<Respond> pending;
  ASSERT_TRUE(server.route("GET", "/slow",
                           [&](Request&&, Respond respond) { pending.set_value(respond); }));
  ASSERT_TRUE(server.start());

  Client busy(server.port());
  Client idle(server.port());
  idle.request(bhttp::verb::get, "/missing");  // the idle connection is established
  busy.send(bhttp::verb::get, "/slow");
  auto pending_future = pending.get_future();
  Respond respond = get(pending_future);

  std::thread stopper([&] { server.stop(); });
  // Stop has begun once idle connections are being closed.
  EXPECT_TRUE(idle.closed_by_server());
  respond(Response{200, "done", "text/plain", {}});
  auto res = busy.read();
  EXPECT_EQ(res.body(), "done");
  EXPECT_FALSE(res.keep_alive());  // Connection: close while stopping
  stopper.join();

  // Nothing listens any more.
  net::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code ec;
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()), ec);
  EXPECT_TRUE(ec);
}

TEST(HttpServer, StopDeadlineAbandonsUnansweredRequests) {
  LogSink log;
  Options o = test_options(&log);
  o.stop_timeout_ms = 100;
  auto server = std::make_unique<Server>(o);
  std::promise<Respond> pending;
  ASSERT_TRUE(server->route("GET", "/never",
                            [&](Request&&, Respond respond) { pending.set_value(respond); }));
  ASSERT_TRUE(server->start());
  Client c(server->port());
  c.send(bhttp::verb::get, "/never");
  auto pending_future = pending.get_future();
  Respond respond = get(pending_future);
  server->stop();
  EXPECT_TRUE(log.contains("still busy"));
  EXPECT_TRUE(c.closed_by_server());
  server.reset();
  respond(Response{});  // after the server is gone: a harmless no-op
}

}  // namespace
}  // namespace switchyard::http

namespace switchyard::http {
namespace {

// Error bodies carry user input: UTF-8 must survive, anything else must not
// make the JSON invalid.
TEST(HttpJson, StringsKeepUtf8AndEscapeTheRest) {
  std::string out;
  append_json_string(out, "caf\xC3\xA9 \xE4\xB8\xAD \"q\" \\ \n\t\x01\x7f");
  EXPECT_EQ(out, "\"caf\xC3\xA9 \xE4\xB8\xAD \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f\"");
  out.clear();
  append_json_string(out, std::string("a\xC3(\xFF\xED\xA0\x80z", 8));
  EXPECT_EQ(out, "\"a\\ufffd(\\ufffd\\ufffd\\ufffd\\ufffdz\"");
  EXPECT_EQ(error_json("bad", "no \xE2\x82\xAC", "f"),
            "{\"error\":{\"code\":\"bad\",\"message\":\"no \xE2\x82\xAC\",\"field\":\"f\"}}");
}

}  // namespace
}  // namespace switchyard::http
