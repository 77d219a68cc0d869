#include "voice/rtp_relay.h"

#include <gtest/gtest.h>

#include <thread>

#include "voice/media/sdp.h"

namespace switchyard::voice {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

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
  auto ans = relay.answer(1, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n");
  ASSERT_TRUE(ans) << ans.error().message;
  auto our_caller_side = media::parse_sdp(*ans);
  auto off = relay.offer(2);
  ASSERT_TRUE(off);
  auto our_phone_side = media::parse_sdp(*off);
  ASSERT_TRUE(relay.answered(2, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + std::to_string(phone.local_endpoint().port()) +
                                     " RTP/AVP 0\r\n"));
  relay.bridge(1, 2, 77);
  udp::endpoint to_caller_side(asio::ip::make_address("127.0.0.1"), our_caller_side->media.at(0).port);
  udp::endpoint to_phone_side(asio::ip::make_address("127.0.0.1"), our_phone_side->media.at(0).port);
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
  io.poll();
  EXPECT_EQ(relay.totals().legs_open, 0u);
  EXPECT_EQ(relay.totals().recordings, 0u);  // no recordings directory: none
}

TEST(RtpRelayTest, RecordsABridgedCallWhenGivenADirectory) {
  asio::io_context io;
  std::string dir = ::testing::TempDir();
  RtpRelay relay(io, "127.0.0.1", 31100, 31199, dir);
  std::vector<FinishedRecording> done;
  relay.on_recording([&](FinishedRecording r) { done.push_back(r); });
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto ans = relay.answer(1, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n");
  ASSERT_TRUE(ans);
  ASSERT_TRUE(relay.offer(2));
  relay.bridge(1, 2, 42);
  udp::endpoint to(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*ans)->media.at(0).port);
  for (uint16_t i = 0; i < 50; ++i) {  // 1 s of audio, timestamps 160 apart
    auto p = rtp(i);
    uint32_t ts = i * 160u;
    p[4] = static_cast<uint8_t>(ts >> 24);
    p[5] = static_cast<uint8_t>(ts >> 16);
    p[6] = static_cast<uint8_t>(ts >> 8);
    p[7] = static_cast<uint8_t>(ts);
    caller.send_to(asio::buffer(p), to);
  }
  io.run_for(std::chrono::milliseconds(300));
  relay.close(1);
  io.poll();
  EXPECT_TRUE(done.empty());  // the agent's leg still runs
  relay.close(2);
  io.poll();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].contact, 42u);
  EXPECT_EQ(done[0].path, dir + "/contact-42.wav");
  EXPECT_GE(done[0].duration_ms, 990);
  EXPECT_EQ(relay.totals().recordings, 1u);
}

}  // namespace
}  // namespace switchyard::voice
