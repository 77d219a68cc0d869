#include "voice/sip_tcp.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <vector>

namespace switchyard::voice {
namespace {

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

}  // namespace
}  // namespace switchyard::voice
