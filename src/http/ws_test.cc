// switchyard_http WebSocket tests over loopback (port 0).
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "http/http_test_util.h"

namespace switchyard::http {
namespace {

using namespace test_util;  // NOLINT

struct WsProbe {
  std::mutex mu;
  std::shared_ptr<WebSocket> socket;
  std::promise<std::shared_ptr<WebSocket>> opened;
  std::promise<void> closed;
  std::atomic<int> close_calls{0};

  WsHandlers handlers(bool echo) {
    WsHandlers h;
    h.on_open = [this](std::shared_ptr<WebSocket> ws) {
      std::lock_guard lock(mu);
      socket = ws;
      opened.set_value(ws);
    };
    if (echo) {
      h.on_message = [](const std::shared_ptr<WebSocket>& ws, std::string&& text) {
        ws->send("echo:" + text + ":" + ws->request().params.at("room"));
      };
    }
    h.on_close = [this](const std::shared_ptr<WebSocket>&) {
      if (++close_calls == 1) closed.set_value();
    };
    return h;
  }
};

void echo_and_push(int64_t flush_interval_ms) {
  Options o = test_options();
  o.ws_flush_interval_ms = flush_interval_ms;
  Server server(o);
  WsProbe probe;
  ASSERT_TRUE(server.websocket("/ws/{room}", probe.handlers(/*echo=*/true)));
  ASSERT_TRUE(server.start());

  WsClient client(server.port(), "/ws/lobby?token=abc");
  auto opened = probe.opened.get_future();
  std::shared_ptr<WebSocket> ws = get(opened);
  ASSERT_TRUE(ws);
  EXPECT_EQ(ws->request().query_param("token") ? *ws->request().query_param("token") : "", "abc");

  client.write("hi");
  EXPECT_EQ(client.read(), "echo:hi:lobby");

  constexpr int kCount = 1000;
  auto shared = std::make_shared<const std::string>("shared");
  std::thread pusher([&] {
    for (int i = 0; i < kCount; ++i) {
      EXPECT_TRUE(i % 2 == 0 ? ws->send("m" + std::to_string(i)) : ws->send(shared));
    }
  });
  for (int i = 0; i < kCount; ++i) {
    std::string got = client.read();
    ASSERT_EQ(got, i % 2 == 0 ? "m" + std::to_string(i) : "shared") << i;
  }
  pusher.join();

  // Frame lengths on both sides of the 7-bit / 16-bit / 64-bit encodings.
  for (size_t size : {125u, 126u, 65535u, 65536u, 300000u}) {
    ASSERT_TRUE(ws->send(std::string(size, 'z')));
    EXPECT_EQ(client.read(), std::string(size, 'z')) << size;
  }

  // Ping/pong is Beast's business on both sides.
  bool ponged = false;
  client.ws().control_callback(
      [&](bws::frame_type kind, beast::string_view) { ponged |= kind == bws::frame_type::pong; });
  client.ws().ping("p");
  client.write("after-ping");
  EXPECT_EQ(client.read(), "echo:after-ping:lobby");
  EXPECT_TRUE(ponged);

  ws->close();
  beast::error_code ec;
  client.read(ec);
  EXPECT_EQ(ec, bws::error::closed);
  EXPECT_EQ(client.ws().reason().code, bws::close_code::normal);
  auto closed = probe.closed.get_future();
  EXPECT_EQ(closed.wait_for(kWait), std::future_status::ready);
  EXPECT_FALSE(ws->send("after close"));
  EXPECT_EQ(probe.close_calls.load(), 1);
}

TEST(HttpWebSocket, EchoAndPushFromAnotherThread) { echo_and_push(0); }

TEST(HttpWebSocket, EchoAndPushWithFlushInterval) { echo_and_push(5); }

// The upgrade decision may come later from another thread (e.g. after a
// database look-up), with an attachment the connection keeps.
TEST(HttpWebSocket, UpgradeIsDecidedAsynchronouslyAndCanBeRefused) {
  Server server(test_options());
  WsHandlers h;
  std::vector<std::thread> deciders;
  std::mutex mu;
  std::string attached;
  h.on_upgrade = [&](const Request& r, Respond respond) {
    bool ok = r.query_param("token") != nullptr;
    std::string token = ok ? *r.query_param("token") : "";
    std::lock_guard lk(mu);
    deciders.emplace_back([ok, token, respond] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!ok) return respond(error_response(401, "unauthenticated", "no token"));
      Response accept;
      accept.status = 101;
      accept.attachment = std::make_shared<const std::string>("caller-" + token);
      respond(std::move(accept));
    });
  };
  h.on_open = [&](std::shared_ptr<WebSocket> ws) {
    std::lock_guard lk(mu);
    attached = *std::static_pointer_cast<const std::string>(ws->attachment());
    ws->send(attached);
  };
  ASSERT_TRUE(server.websocket("/ws", std::move(h)));
  ASSERT_TRUE(server.start());
  try {
    WsClient client(server.port(), "/ws");
    ADD_FAILURE() << "handshake should have been refused";
  } catch (const beast::system_error& e) {
    EXPECT_EQ(e.code(), bws::error::upgrade_declined);
  }
  WsClient ok(server.port(), "/ws?token=7");
  EXPECT_EQ(ok.read(), "caller-7");
  server.stop();
  for (auto& t : deciders) t.join();
}

TEST(HttpWebSocket, SlowConsumerIsDisconnected) {
  Options o = test_options();
  o.ws_max_queue = 8;
  o.ws_close_timeout_ms = 200;
  Server server(o);
  WsProbe probe;
  ASSERT_TRUE(server.websocket("/feed", probe.handlers(false)));
  ASSERT_TRUE(server.start());

  WsClient client(server.port(), "/feed", /*rcvbuf_bytes=*/4096);  // and never reads
  auto opened = probe.opened.get_future();
  std::shared_ptr<WebSocket> ws = get(opened);
  auto frame = std::make_shared<const std::string>(64 << 10, 'x');
  int accepted = 0;
  // Each send returns at once; the kernel buffers fill up, then the queue.
  while (accepted < 100000 && ws->send(frame)) ++accepted;
  EXPECT_LT(accepted, 100000);
  auto closed = probe.closed.get_future();
  EXPECT_EQ(closed.wait_for(kWait), std::future_status::ready);
  EXPECT_FALSE(ws->send(frame));
}

TEST(HttpWebSocket, StopClosesWithGoingAway) {
  Server server(test_options());
  WsProbe probe;
  ASSERT_TRUE(server.websocket("/ws/{room}", probe.handlers(true)));
  ASSERT_TRUE(server.start());
  WsClient client(server.port(), "/ws/r1");
  auto opened = probe.opened.get_future();
  std::shared_ptr<WebSocket> ws = get(opened);
  client.write("x");
  EXPECT_EQ(client.read(), "echo:x:r1");

  std::thread stopper([&] { server.stop(); });
  beast::error_code ec;
  client.read(ec);
  EXPECT_EQ(ec, bws::error::closed);
  EXPECT_EQ(client.ws().reason().code, bws::close_code::going_away);
  stopper.join();
  EXPECT_EQ(probe.close_calls.load(), 1);
  EXPECT_FALSE(ws->send("late"));  // the handle outlives the server safely
}

}  // namespace
}  // namespace switchyard::http
