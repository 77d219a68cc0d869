#include "voice/rtp_relay.h"

#include <gtest/gtest.h>

#include <thread>

namespace switchyard::voice {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

TEST(AudioSdpTest, ReadsTheAudioStream) {
  auto a = read_audio_sdp(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=video 9000 RTP/AVP 96\r\nc=IN IP4 10.9.9.9\r\n"
      "m=audio 6000 RTP/AVP 8 0 101\r\nc=IN IP4 10.0.0.2\r\na=rtpmap:101 telephone-event/8000\r\n");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->address, "10.0.0.2");  // the media level's c= wins
  EXPECT_EQ(a->port, 6000);
  EXPECT_EQ(a->payloads, (std::vector<int>{8, 0, 101}));
  EXPECT_EQ(a->telephone_event, 101);
  EXPECT_FALSE(read_audio_sdp(""));
  EXPECT_FALSE(read_audio_sdp("v=0\r\nm=video 1 RTP/AVP 96\r\n"));
  EXPECT_FALSE(read_audio_sdp("v=0\r\nc=IN IP4 nowhere\r\nm=audio 1 RTP/AVP 0\r\n"));
  EXPECT_FALSE(read_audio_sdp("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n"));
}

TEST(AudioSdpTest, WritesAnAnswerItCanReadBack) {
  auto back = read_audio_sdp(write_audio_sdp("127.0.0.1", 20002, 7, 8, 101));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->port, 20002);
  EXPECT_EQ(back->payloads, (std::vector<int>{8, 101}));
  EXPECT_EQ(back->telephone_event, 101);
}

std::vector<uint8_t> rtp(uint16_t seq) {
  std::vector<uint8_t> p(172, 0xFF);
  p[0] = 0x80;
  p[1] = 0;
  p[2] = static_cast<uint8_t>(seq >> 8);
  p[3] = static_cast<uint8_t>(seq);
  return p;
}

TEST(RtpRelayTest, RelaysBothWaysBetweenBridgedLegsAndLatchesOnTheSource) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31000, 31099);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket phone(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  // The caller's SDP names a port nobody listens on: the relay must answer
  // where the packets come from instead (symmetric RTP).
  auto ans = relay.answer(1, "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\n");
  ASSERT_TRUE(ans) << ans.error().message;
  auto our_caller_side = read_audio_sdp(*ans);
  auto off = relay.offer(2);
  ASSERT_TRUE(off);
  auto our_phone_side = read_audio_sdp(*off);
  ASSERT_TRUE(relay.answered(2, "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + std::to_string(phone.local_endpoint().port()) +
                                     " RTP/AVP 0\r\n"));
  relay.bridge(1, 2);
  udp::endpoint to_caller_side(asio::ip::make_address("127.0.0.1"), our_caller_side->port);
  udp::endpoint to_phone_side(asio::ip::make_address("127.0.0.1"), our_phone_side->port);
  for (uint16_t i = 0; i < 10; ++i) {
    caller.send_to(asio::buffer(rtp(i)), to_caller_side);
    phone.send_to(asio::buffer(rtp(100 + i)), to_phone_side);
    caller.send_to(asio::buffer(std::string("not rtp")), to_caller_side);  // dropped
  }
  io.run_for(std::chrono::milliseconds(300));
  std::array<uint8_t, 2048> buf;
  caller.non_blocking(true);
  phone.non_blocking(true);
  int at_phone = 0, at_caller = 0;
  boost::system::error_code ec;
  udp::endpoint from;
  while (phone.receive_from(asio::buffer(buf), from, 0, ec) > 0 && !ec) ++at_phone;
  ec.clear();
  while (caller.receive_from(asio::buffer(buf), from, 0, ec) > 0 && !ec) ++at_caller;
  EXPECT_EQ(at_phone, 10);
  EXPECT_EQ(at_caller, 10);  // sent back where the caller's packets came from
  EXPECT_EQ(relay.totals().to_agents, 10u);
  EXPECT_EQ(relay.totals().to_customers, 10u);
  EXPECT_EQ(relay.totals().packets_in, 30u);
  EXPECT_EQ(relay.totals().legs_open, 2u);
  relay.close(1);
  relay.close(2);
  EXPECT_EQ(relay.totals().legs_open, 0u);
}

}  // namespace
}  // namespace switchyard::voice
