#include "voice/sip_tcp.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <vector>

namespace switchyard::voice {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Kind = SipFrame::Kind;

std::string message(std::string_view method, std::string_view body = {},
                    std::string_view length_header = "Content-Length") {
  std::string m = std::string(method) +
                  " sip:1000@127.0.0.1 SIP/2.0\r\n"
                  "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                  "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\n"
                  "Call-ID: c1\r\nCSeq: 1 " +
                  std::string(method) + "\r\n";
  if (!body.empty()) m += "Content-Type: application/sdp\r\n";  // osip2 ignores a body without one
  m += std::string(length_header) + ": " + std::to_string(body.size()) + "\r\n\r\n";
  m += body;
  return m;
}

// A message of exactly `total` bytes: headers of our making and a body of 'x'.
std::string message_of_size(size_t total) {
  const std::string head_without_length = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ";
  for (size_t digits = 1; digits < 7; ++digits) {
    const size_t head = head_without_length.size() + digits + 4;
    if (total < head) break;
    const size_t body = total - head;
    if (std::to_string(body).size() == digits)
      return head_without_length + std::to_string(body) + "\r\n\r\n" + std::string(body, 'x');
  }
  ADD_FAILURE() << "no message of " << total << " bytes";
  return {};
}

// Everything the framer returns for `feeds`, "PING" for a ping; an error
// ends the list with "ERROR: <message>".
std::vector<std::string> frames(SipStreamFramer& f, std::vector<std::string_view> feeds) {
  std::vector<std::string> out;
  for (std::string_view bytes : feeds) {
    f.feed(bytes);
    for (;;) {
      auto r = f.next();
      if (!r) {
        out.push_back("ERROR: " + r.error().message);
        return out;
      }
      if (r->kind == Kind::kNothing) break;
      out.push_back(r->kind == Kind::kPing ? "PING" : r->message);
    }
  }
  return out;
}

// ---- framer ----------------------------------------------------------------------------

TEST(SipStreamFramerTest, AMessageFedByteByByteComesOutWholeOnItsLastByte) {
  const std::string m = message("INVITE", "v=0\r\n");
  SipStreamFramer f;
  for (size_t i = 0; i + 1 < m.size(); ++i) {
    f.feed(std::string_view(m).substr(i, 1));
    auto r = f.next();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->kind, Kind::kNothing) << "after byte " << i;
  }
  f.feed(std::string_view(m).substr(m.size() - 1));
  auto r = f.next();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->kind, Kind::kMessage);
  EXPECT_EQ(r->message, m);
  EXPECT_EQ(f.next()->kind, Kind::kNothing);
  EXPECT_EQ(f.buffered(), 0u);
}

TEST(SipStreamFramerTest, TwoMessagesInOneFeed) {
  const std::string a = message("INVITE", "hello"), b = message("BYE");
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {a + b}), (std::vector<std::string>{a, b}));
}

TEST(SipStreamFramerTest, ABodySplitAcrossFeedsWaitsForItsLastByte) {
  const std::string m = message("INFO", "Signal=5\r\nDuration=160\r\n");
  const size_t head = m.find("\r\n\r\n") + 4;
  SipStreamFramer f;
  EXPECT_TRUE(frames(f, {std::string_view(m).substr(0, head + 3)}).empty());
  EXPECT_TRUE(frames(f, {std::string_view(m).substr(head + 3, 10)}).empty());
  EXPECT_EQ(frames(f, {std::string_view(m).substr(head + 13)}), std::vector<std::string>{m});
}

TEST(SipStreamFramerTest, CompactFormAndCaseAndWhitespaceOfContentLength) {
  const std::string a = message("INFO", "12345", "l");
  const std::string b = message("INFO", "abc", "content-LENGTH  \t");
  std::string c = message("INFO", "xy");
  c.replace(c.find("Content-Length: 2"), 17,
            "Content-Length:\r\n   2  ");  // folded onto the next line
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {a + b + c}), (std::vector<std::string>{a, b, c}));
}

TEST(SipStreamFramerTest, WithoutContentLengthTheBodyIsEmpty) {
  const std::string m = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
  SipStreamFramer f;
  // what follows the headers is the next message
  EXPECT_EQ(frames(f, {m + "OPTIONS"}), std::vector<std::string>{m});
  EXPECT_EQ(f.buffered(), 7u);
}

TEST(SipStreamFramerTest, DoubleCrlfBetweenMessagesIsAPing) {
  const std::string a = message("OPTIONS");
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {"\r\n\r\n"}), std::vector<std::string>{"PING"});
  EXPECT_EQ(frames(f, {a + "\r\n\r\n" + a}), (std::vector<std::string>{a, "PING", a}));
  // split across feeds
  EXPECT_TRUE(frames(f, {"\r\n"}).empty());
  EXPECT_TRUE(frames(f, {"\r"}).empty());
  EXPECT_EQ(frames(f, {"\n"}), std::vector<std::string>{"PING"});
  EXPECT_EQ(f.buffered(), 0u);
}

TEST(SipStreamFramerTest, StrayCrlfsBetweenMessagesAreSkipped) {
  const std::string a = message("OPTIONS"), b = message("BYE", "xyz");
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {"\r\n" + a + "\r\n" + b + "\r\n"}), (std::vector<std::string>{a, b}));
  EXPECT_EQ(f.buffered(), 2u);  // a lone CRLF at the end: a ping or not, the next bytes tell
  EXPECT_EQ(frames(f, {a}), std::vector<std::string>{a});
  // the body is not a place for CRLF skipping or pings
  const std::string c = message("INFO", "\r\n\r\n");
  EXPECT_EQ(frames(f, {c}), std::vector<std::string>{c});
}

TEST(SipStreamFramerTest, HeadersNotEndedWithinTheLimitAreAnError) {
  std::string head = "INVITE sip:a@b SIP/2.0\r\nX: ";
  head += std::string(kMaxMessageBytes - head.size() - 1, 'a');
  SipStreamFramer f;
  EXPECT_TRUE(frames(f, {head}).empty());  // one byte short of the limit: maybe still coming
  auto out = frames(f, {"a"});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "ERROR: SIP headers not ended within 16384 bytes");
  // it stays an error, and more bytes are not kept
  f.feed("\r\n\r\n");
  auto again = f.next();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(again.error().field, "sip.stream");
  EXPECT_EQ(f.buffered(), kMaxMessageBytes);
}

TEST(SipStreamFramerTest, HeadersEndingExactlyAtTheLimitAreAMessage) {
  std::string m = "INVITE sip:a@b SIP/2.0\r\nX: ";
  m += std::string(kMaxMessageBytes - m.size() - 4, 'a') + "\r\n\r\n";
  ASSERT_EQ(m.size(), kMaxMessageBytes);
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {m}), std::vector<std::string>{m});
}

TEST(SipStreamFramerTest, BadContentLengthIsAnError) {
  for (std::string_view value : {"abc", "-1", "", "5 5", "0x10", "+3"}) {
    std::string m = "INFO sip:a@b SIP/2.0\r\nContent-Length: " + std::string(value) + "\r\n\r\n";
    SipStreamFramer f;
    auto out = frames(f, {m});
    ASSERT_EQ(out.size(), 1u) << value;
    EXPECT_TRUE(out[0].starts_with("ERROR: Content-Length is not a number"))
        << value << ": " << out[0];
  }
  SipStreamFramer f;
  auto out = frames(f, {"INFO sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 4\r\n\r\nabcd"});
  EXPECT_EQ(out, std::vector<std::string>{"ERROR: several different Content-Length values"});
  // the same value twice is one value
  const std::string twice = "INFO sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 03\r\n\r\nabc";
  SipStreamFramer g;
  EXPECT_EQ(frames(g, {twice}), std::vector<std::string>{twice});
}

TEST(SipStreamFramerTest, MessagesUpToTheLimitPassAndOneByteMoreIsAnError) {
  const std::string at_limit = message_of_size(kMaxMessageBytes);
  ASSERT_EQ(at_limit.size(), kMaxMessageBytes);
  SipStreamFramer f;
  EXPECT_EQ(frames(f, {at_limit, message_of_size(kMaxMessageBytes - 1)}),
            (std::vector<std::string>{at_limit, message_of_size(kMaxMessageBytes - 1)}));

  // over the limit: refused as soon as the headers are in, before the body
  const std::string over = message_of_size(kMaxMessageBytes + 1);
  SipStreamFramer g;
  auto out = frames(g, {std::string_view(over).substr(0, over.find("\r\n\r\n") + 4)});
  EXPECT_EQ(out,
            std::vector<std::string>{"ERROR: SIP message of 16385 bytes, over the limit of 16384"});

  SipStreamFramer h;  // a huge Content-Length does not overflow
  out = frames(h, {"INFO sip:a@b SIP/2.0\r\nContent-Length: 99999999999999999999999999\r\n\r\n"});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].starts_with("ERROR: SIP message of over")) << out[0];
}

TEST(SipStreamFramerTest, FramedMessagesParse) {
  init_sip_parser();
  const std::string m = message("INVITE", "v=0\r\n");
  SipStreamFramer f;
  auto out = frames(f, {m.substr(0, 40), m.substr(40)});
  ASSERT_EQ(out.size(), 1u);
  auto parsed = parse_sip(out[0]);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->method, "INVITE");
  EXPECT_EQ(parsed->body, "v=0\r\n");
}

// ---- the transport on loopback --------------------------------------------------------

// Runs `io` until `done()` or 2 s; true when done.
bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_for(std::chrono::milliseconds(2));
  }
  return true;
}

// What `s` has received so far (non-blocking); `eof` set once the peer closed.
struct Reader {
  explicit Reader(tcp::socket& s) : sock(s) {}
  tcp::socket& sock;
  std::string got;
  bool eof = false;
  const std::string& poll() {
    sock.non_blocking(true);
    std::array<char, 4096> buf;
    for (;;) {
      boost::system::error_code ec;
      const size_t n = sock.read_some(asio::buffer(buf), ec);
      got.append(buf.data(), n);
      if (ec == asio::error::would_block) break;
      if (ec) {
        eof = true;
        break;
      }
    }
    return got;
  }
};

struct Received {
  Endpoint from;
  std::string message;
};

class SipTcpTransportTest : public ::testing::Test {
 protected:
  void start(SipTcpOptions o = {}) {
    transport = std::make_unique<SipTcpTransport>(io, o);
    ASSERT_TRUE(transport->listen("127.0.0.1", 0));
    ASSERT_NE(transport->port(), 0);
    transport->on_message([this](const Endpoint& from, std::string_view m) {
      received.push_back({from, std::string(m)});
    });
  }
  tcp::endpoint ours() const { return {asio::ip::make_address("127.0.0.1"), transport->port()}; }
  Endpoint endpoint_of(const tcp::socket& s) const {
    return {s.local_endpoint().address().to_string(), s.local_endpoint().port()};
  }
  bool run_until(const std::function<bool()>& done) {
    return switchyard::voice::run_until(io, done);
  }

  asio::io_context io;
  std::unique_ptr<SipTcpTransport> transport;
  std::vector<Received> received;
};

TEST_F(SipTcpTransportTest, DeliversFramedMessagesWithThePeerEndpointAndAnswersOnThatConnection) {
  start();
  tcp::socket client(io);
  client.connect(ours());
  const std::string a = message("INVITE", "v=0\r\n"), b = message("ACK"),
                    c = message("BYE", "0123456789");
  asio::write(client, asio::buffer(a + b));
  // the third over three writes, with the transport reading in between
  asio::write(client, asio::buffer(c.substr(0, 20)));
  ASSERT_TRUE(run_until([&] { return received.size() == 2; }));
  asio::write(client, asio::buffer(c.substr(20, c.size() - 25)));
  io.restart();
  io.run_for(std::chrono::milliseconds(20));
  EXPECT_EQ(received.size(), 2u);
  asio::write(client, asio::buffer(c.substr(c.size() - 5)));
  ASSERT_TRUE(run_until([&] { return received.size() == 3; }));

  const Endpoint me = endpoint_of(client);
  EXPECT_EQ(received[0].message, a);
  EXPECT_EQ(received[1].message, b);
  EXPECT_EQ(received[2].message, c);
  for (const auto& r : received) EXPECT_EQ(r.from, me);

  // responses go back on the same connection, in order
  const std::string ok = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
                    ringing = "SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n\r\n";
  transport->send(me, ringing);
  transport->send(me, ok);
  Reader r(client);
  ASSERT_TRUE(run_until([&] { return r.poll().size() >= ringing.size() + ok.size(); }));
  EXPECT_EQ(r.got, ringing + ok);
  const SipTcpStats s = transport->stats();
  EXPECT_EQ(s.connections, 1u);
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.messages_in, 3u);
  EXPECT_EQ(s.messages_out, 2u);
  EXPECT_EQ(s.connect_failures, 0u);
}

TEST_F(SipTcpTransportTest, APingGetsAPong) {
  start();
  tcp::socket client(io);
  client.connect(ours());
  asio::write(client, asio::buffer(std::string("\r\n\r\n")));
  Reader r(client);
  ASSERT_TRUE(run_until([&] { return !r.poll().empty(); }));
  io.restart();
  io.run_for(std::chrono::milliseconds(10));
  EXPECT_EQ(r.poll(), "\r\n");
  EXPECT_EQ(transport->stats().pings, 1u);
  EXPECT_EQ(transport->stats().messages_out, 0u);
  EXPECT_TRUE(received.empty());
}

TEST_F(SipTcpTransportTest, SendingToAnEndpointWithoutAConnectionOpensOne) {
  start();
  tcp::acceptor peer(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const Endpoint to{"127.0.0.1", peer.local_endpoint().port()};
  const std::string a = message("INVITE", "v=0\r\n"), b = message("CANCEL");
  transport->send(to, a);  // queued until connected
  transport->send(to, b);
  EXPECT_EQ(transport->stats().connections, 1u);
  tcp::socket accepted(io);
  peer.async_accept(accepted, [](boost::system::error_code) {});
  Reader r(accepted);
  ASSERT_TRUE(
      run_until([&] { return accepted.is_open() && r.poll().size() >= a.size() + b.size(); }));
  EXPECT_EQ(r.got, a + b);
  EXPECT_EQ(transport->stats().messages_out, 2u);

  // what the peer sends back on it comes from that endpoint
  const std::string ok = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  asio::write(accepted, asio::buffer(ok));
  ASSERT_TRUE(run_until([&] { return received.size() == 1; }));
  EXPECT_EQ(received[0].from, to);
  EXPECT_EQ(received[0].message, ok);
  EXPECT_EQ(transport->stats().connections, 1u);
  EXPECT_EQ(transport->stats().accepted, 0u);
}

TEST_F(SipTcpTransportTest, AConnectThatFailsDropsItsMessagesAndCounts) {
  start();
  uint16_t closed_port;
  {
    tcp::acceptor gone(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = gone.local_endpoint().port();
  }
  transport->send({"127.0.0.1", closed_port}, message("OPTIONS"));
  ASSERT_TRUE(run_until([&] { return transport->stats().connect_failures == 1; }));
  EXPECT_EQ(transport->stats().connections, 0u);
  transport->send({"phone.example.com", 5060}, message("OPTIONS"));  // names are not resolved
  EXPECT_EQ(transport->stats().connect_failures, 2u);
  EXPECT_EQ(transport->stats().connections, 0u);
}

TEST_F(SipTcpTransportTest, APeerThatClosesIsForgotten) {
  start();
  tcp::socket client(io);
  client.connect(ours());
  ASSERT_TRUE(run_until([&] { return transport->stats().connections == 1; }));
  client.close();
  ASSERT_TRUE(run_until([&] { return transport->stats().connections == 0; }));
  EXPECT_EQ(transport->stats().accepted, 1u);
}

TEST_F(SipTcpTransportTest, AFramingErrorClosesTheConnection) {
  start();
  tcp::socket client(io);
  client.connect(ours());
  asio::write(client,
              asio::buffer(std::string("INFO sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n")));
  Reader r(client);
  ASSERT_TRUE(run_until([&] { return r.poll(), r.eof; }));
  EXPECT_EQ(transport->stats().framing_errors, 1u);
  EXPECT_EQ(transport->stats().connections, 0u);
  EXPECT_TRUE(received.empty());
}

TEST_F(SipTcpTransportTest, TheConnectionLimitRefusesOneMore) {
  SipTcpOptions o;
  o.max_connections = 2;
  start(o);
  tcp::socket c1(io), c2(io), c3(io);
  c1.connect(ours());
  c2.connect(ours());
  ASSERT_TRUE(run_until([&] { return transport->stats().accepted == 2; }));
  c3.connect(ours());
  ASSERT_TRUE(run_until([&] { return transport->stats().refused == 1; }));
  Reader r3(c3), r1(c1);
  ASSERT_TRUE(run_until([&] { return r3.poll(), r3.eof; }));
  r1.poll();
  EXPECT_FALSE(r1.eof);
  EXPECT_EQ(transport->stats().connections, 2u);
  // and no more outgoing ones either
  transport->send({"127.0.0.1", 9}, message("OPTIONS"));
  EXPECT_EQ(transport->stats().connect_failures, 1u);
  EXPECT_EQ(transport->stats().connections, 2u);
}

TEST_F(SipTcpTransportTest, AnIdleConnectionIsClosed) {
  SipTcpOptions o;
  o.idle_ms = 150;
  o.sweep_ms = 10;
  start(o);
  tcp::socket quiet(io), busy(io);
  quiet.connect(ours());
  busy.connect(ours());
  const auto t0 = std::chrono::steady_clock::now();
  Reader rq(quiet);
  // `busy` pings every 50 ms and stays
  auto next_ping = t0;
  ASSERT_TRUE(run_until([&] {
    if (std::chrono::steady_clock::now() >= next_ping) {
      asio::write(busy, asio::buffer(std::string("\r\n\r\n")));
      next_ping += std::chrono::milliseconds(50);
    }
    return rq.poll(), rq.eof;
  }));
  const auto quiet_for = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(quiet_for, std::chrono::milliseconds(150));
  EXPECT_EQ(transport->stats().idle_closed, 1u);
  EXPECT_EQ(transport->stats().connections, 1u);
}

TEST_F(SipTcpTransportTest, AWriteQueueOverItsBoundClosesTheConnection) {
  SipTcpOptions o;
  o.max_queued_bytes = 1000;
  start(o);
  tcp::acceptor peer(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const Endpoint to{"127.0.0.1", peer.local_endpoint().port()};
  transport->send(to, std::string(600, 'a'));  // queued while connecting
  EXPECT_EQ(transport->stats().connections, 1u);
  transport->send(to, std::string(600, 'b'));
  EXPECT_EQ(transport->stats().overflow_closed, 1u);
  EXPECT_EQ(transport->stats().connections, 0u);
}

TEST_F(SipTcpTransportTest, CloseClosesEverythingAndDestroyingWithWorkPendingIsSafe) {
  start();
  tcp::socket client(io);
  client.connect(ours());
  ASSERT_TRUE(run_until([&] { return transport->stats().connections == 1; }));
  tcp::acceptor peer(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  transport->send({"127.0.0.1", peer.local_endpoint().port()}, message("OPTIONS"));
  transport->close();
  EXPECT_EQ(transport->stats().connections, 0u);
  EXPECT_EQ(transport->port(), 0);
  transport->send({"127.0.0.1", peer.local_endpoint().port()}, message("OPTIONS"));  // dropped
  EXPECT_EQ(transport->stats().connections, 0u);
  EXPECT_FALSE(transport->listen("127.0.0.1", 0));
  Reader r(client);
  ASSERT_TRUE(run_until([&] { return r.poll(), r.eof; }));

  // a transport destroyed with operations pending on io: their handlers run
  // later and must not touch it (ASan would see it)
  auto t = std::make_unique<SipTcpTransport>(io);
  ASSERT_TRUE(t->listen("127.0.0.1", 0));
  tcp::socket c2(io);
  c2.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), t->port()));
  run_until([&] { return t->stats().connections == 1; });
  t->send({"127.0.0.1", peer.local_endpoint().port()}, message("OPTIONS"));
  t.reset();
  io.restart();
  io.run_for(std::chrono::milliseconds(20));
}

TEST_F(SipTcpTransportTest, ListenRefusesABadAddressAndABusyPort) {
  SipTcpTransport t(io);
  auto bad = t.listen("not-an-address", 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "address");
  start();
  SipTcpTransport u(io);
  auto busy = u.listen("127.0.0.1", transport->port());
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace switchyard::voice
