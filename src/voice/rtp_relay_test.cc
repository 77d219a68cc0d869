#include "voice/rtp_relay.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "voice/media/g711.h"
#include "voice/media/rtp.h"
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

// Two shards, each on a thread of its own: an agent's leg offered near its
// caller's shares the caller's shard, so each call relays both ways; legs
// opened apart are never bridged across threads (counted instead).
TEST(RtpRelayTest, ShardsKeepACallsLegsTogetherAndRelayOnSeveralThreads) {
  asio::io_context a, b, test;
  RtpRelay relay(std::vector<asio::io_context*>{&a, &b}, "127.0.0.1", 31500, 31599);
  auto ga = asio::make_work_guard(a), gb = asio::make_work_guard(b);
  std::thread ta([&] { a.run(); }), tb([&] { b.run(); });
  const std::string offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";
  struct Call {
    std::unique_ptr<udp::socket> caller, phone;
    udp::endpoint caller_side, phone_side;
  };
  std::vector<Call> calls;
  for (LegId c = 1; c <= 3; c += 2) {  // legs 1+2 and 3+4: the callers go to the two shards
    Call call{std::make_unique<udp::socket>(test, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
              std::make_unique<udp::socket>(test, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), {}, {}};
    auto ans = relay.answer(c, offer);
    ASSERT_TRUE(ans);
    auto off = relay.offer(c + 1, c);
    ASSERT_TRUE(off);
    ASSERT_TRUE(relay.answered(c + 1, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
                                          std::to_string(call.phone->local_endpoint().port()) + " RTP/AVP 0\r\n"));
    relay.bridge(c, c + 1, 100 + c);
    call.caller_side = udp::endpoint(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*ans)->media.at(0).port);
    call.phone_side = udp::endpoint(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*off)->media.at(0).port);
    calls.push_back(std::move(call));
  }
  // a third pair opened apart: the caller on the emptier shard (a), the
  // phone's leg, without `near`, on the then emptier one (b)
  ASSERT_TRUE(relay.answer(5, offer));
  ASSERT_TRUE(relay.offer(6));
  relay.bridge(5, 6, 105);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the bridges are posted to the shards
  for (uint16_t i = 0; i < 20; ++i) {
    for (Call& c : calls) {
      c.caller->send_to(asio::buffer(rtp(i)), c.caller_side);
      c.phone->send_to(asio::buffer(rtp(500 + i)), c.phone_side);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (Call& c : calls) {
    std::array<uint8_t, 2048> buf;
    c.caller->non_blocking(true);
    c.phone->non_blocking(true);
    int at_phone = 0, at_caller = 0;
    boost::system::error_code ec;
    udp::endpoint from;
    while (c.phone->receive_from(asio::buffer(buf), from, 0, ec) > 0 && !ec) ++at_phone;
    ec.clear();
    while (c.caller->receive_from(asio::buffer(buf), from, 0, ec) > 0 && !ec) ++at_caller;
    EXPECT_EQ(at_phone, 20);
    EXPECT_EQ(at_caller, 20);
  }
  RelayTotals t = relay.totals();
  EXPECT_EQ(t.to_agents, 40u);
  EXPECT_EQ(t.to_customers, 40u);
  EXPECT_EQ(t.misplaced, 1u);
  for (LegId l = 1; l <= 6; ++l) relay.close(l);
  ga.reset();
  gb.reset();
  ta.join();
  tb.join();
  EXPECT_EQ(relay.totals().legs_open, 0u);
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

constexpr std::string_view kOfferWithEvents =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 9 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

std::vector<media::RtpPacket> drain(udp::socket& s, std::vector<std::vector<uint8_t>>& store) {
  s.non_blocking(true);
  std::vector<media::RtpPacket> out;
  boost::system::error_code ec;
  udp::endpoint from;
  for (;;) {
    std::vector<uint8_t> b(2048);
    size_t n = s.receive_from(asio::buffer(b), from, 0, ec);
    if (ec) break;
    b.resize(n);
    store.push_back(std::move(b));
  }
  for (auto& b : store)
    if (auto p = media::parse_rtp(b)) out.push_back(*p);
  return out;
}

TEST(RtpRelayTest, PlaysClipsInTheLegsCodecThenReportsThemPlayed) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31200, 31299);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string offer(kOfferWithEvents);
  offer.replace(offer.find("audio 9"), 7, "audio " + std::to_string(caller.local_endpoint().port()));
  ASSERT_TRUE(relay.answer(1, offer));
  std::vector<LegId> played;
  relay.on_played([&](LegId l) { played.push_back(l); });
  // 50 ms then 25 ms: four 20 ms frames, the last one partly silence
  auto a = std::make_shared<const std::vector<int16_t>>(400, int16_t{1000});
  auto b = std::make_shared<const std::vector<int16_t>>(200, int16_t{-2000});
  relay.play(1, {Clip{a, false}, Clip{b, false}});
  io.run_for(std::chrono::milliseconds(250));
  std::vector<std::vector<uint8_t>> store;
  auto got = drain(caller, store);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(played, std::vector<LegId>{1});
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].header.payload_type, 8);  // PCMA, as negotiated
    EXPECT_EQ(got[i].payload.size(), 160u);
    EXPECT_EQ(got[i].header.seq, static_cast<uint16_t>(got[0].header.seq + i));
    EXPECT_EQ(got[i].header.timestamp, got[0].header.timestamp + 160 * i);
    EXPECT_EQ(got[i].header.ssrc, got[0].header.ssrc);
    EXPECT_EQ(got[i].header.marker, i == 0);
  }
  // sample 399 is the first clip's, 400 the second's, 600.. silence
  EXPECT_NEAR(media::alaw_to_linear(got[2].payload[79]), 1000, 40);
  EXPECT_NEAR(media::alaw_to_linear(got[2].payload[80]), -2000, 80);
  EXPECT_NEAR(media::alaw_to_linear(got[3].payload[119]), -2000, 80);
  EXPECT_NEAR(media::alaw_to_linear(got[3].payload[120]), 0, 8);
  EXPECT_NEAR(media::alaw_to_linear(got[3].payload[159]), 0, 8);
}

TEST(RtpRelayTest, HoldMusicLoopsInsteadOfThePeerUntilStopped) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31300, 31399);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket phone(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string offer(kOfferWithEvents);
  offer.replace(offer.find("audio 9"), 7, "audio " + std::to_string(caller.local_endpoint().port()));
  ASSERT_TRUE(relay.answer(1, offer));
  auto off = relay.offer(2);
  ASSERT_TRUE(off);
  ASSERT_TRUE(relay.answered(2, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
                                     std::to_string(phone.local_endpoint().port()) + " RTP/AVP 8\r\n"));
  relay.bridge(1, 2, 5);
  io.run_for(std::chrono::milliseconds(20));
  auto music = std::make_shared<const std::vector<int16_t>>(80, int16_t{500});  // 10 ms, looped
  relay.play(1, {Clip{music, true}});
  udp::endpoint to_phone_side(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*off)->media.at(0).port);
  auto pcma = [](uint16_t seq) {
    auto p = rtp(seq);
    p[1] = 8;  // what the phone agreed to (its SSRC is 0xFFFFFFFF)
    return p;
  };
  for (uint16_t i = 0; i < 5; ++i) phone.send_to(asio::buffer(pcma(i)), to_phone_side);  // not forwarded: on hold
  io.run_for(std::chrono::milliseconds(210));
  std::vector<std::vector<uint8_t>> store;
  auto held = drain(caller, store);
  EXPECT_GE(held.size(), 8u);
  for (auto& p : held) EXPECT_NE(p.header.ssrc, 0xFFFFFFFFu);  // ours, not the phone's packets
  EXPECT_EQ(relay.totals().to_customers, 0u);
  relay.play(1, {});  // resumed: the phone is heard again
  io.run_for(std::chrono::milliseconds(30));
  for (uint16_t i = 0; i < 5; ++i) phone.send_to(asio::buffer(pcma(10 + i)), to_phone_side);
  io.run_for(std::chrono::milliseconds(100));
  store.clear();
  auto resumed = drain(caller, store);
  EXPECT_EQ(relay.totals().to_customers, 5u);
  size_t from_phone = std::count_if(resumed.begin(), resumed.end(), [](auto& p) { return p.header.ssrc == 0xFFFFFFFFu; });
  EXPECT_EQ(from_phone, 5u);
}

TEST(RtpRelayTest, ReportsEachKeyPressOnceFromTelephoneEvents) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31400, 31499);
  std::vector<std::pair<LegId, char>> digits;
  relay.on_digit([&](LegId l, char d) { digits.emplace_back(l, d); });
  auto ans = relay.answer(7, kOfferWithEvents);
  ASSERT_TRUE(ans);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::endpoint to(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*ans)->media.at(0).port);
  uint16_t seq = 0;
  auto press = [&](char d, uint32_t ts) {
    // RFC 4733: packets of one event share its timestamp; the end is sent 3 times
    for (int i = 0; i < 6; ++i) {
      media::TelephoneEvent ev{d, i >= 3, 10, static_cast<uint16_t>(160 * (i + 1))};
      std::array<uint8_t, 4> payload;
      ASSERT_TRUE(media::build_telephone_event(ev, payload));
      media::RtpHeader h;
      h.payload_type = 101;
      h.marker = i == 0;
      h.seq = seq++;
      h.timestamp = ts;
      std::array<uint8_t, 64> out;
      auto n = media::build_rtp(h, payload, out);
      ASSERT_TRUE(n);
      caller.send_to(asio::buffer(out.data(), *n), to);
    }
  };
  press('1', 8000);
  press('#', 16000);
  press('#', 24000);  // the same key again is a new press
  io.run_for(std::chrono::milliseconds(200));
  EXPECT_EQ(digits, (std::vector<std::pair<LegId, char>>{{7, '1'}, {7, '#'}, {7, '#'}}));
}

// A packet of `samples` samples of a constant `level`, in `codec`, with
// `pt`, sequence `seq` and timestamp seq * samples.
std::vector<uint8_t> audio(media::Codec codec, uint8_t pt, uint16_t seq, int16_t level, size_t samples = 160) {
  std::vector<int16_t> pcm(samples, level);
  std::vector<uint8_t> payload(samples);
  if (codec == media::Codec::kPcma) media::encode_alaw(pcm, payload);
  else media::encode_ulaw(pcm, payload);
  media::RtpHeader h;
  h.payload_type = pt;
  h.seq = seq;
  h.timestamp = static_cast<uint32_t>(seq * samples);
  h.ssrc = 0x1234 + pt;
  std::vector<uint8_t> out(12 + samples);
  auto n = media::build_rtp(h, payload, out);
  out.resize(n ? *n : 0);
  return out;
}

std::string sdp_for(const udp::socket& s, const std::string& formats) {
  return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
         std::to_string(s.local_endpoint().port()) + " RTP/AVP " + formats + "\r\n";
}

TEST(RtpRelayTest, LegsWithDifferentCodecsHearEachOtherTranscoded) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31500, 31599);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket phone(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto ans = relay.answer(1, sdp_for(caller, "8"));  // the caller speaks A-law
  ASSERT_TRUE(ans);
  auto off = relay.offer(2);
  ASSERT_TRUE(off);
  ASSERT_TRUE(relay.answered(2, sdp_for(phone, "0")));  // the phone mu-law
  relay.bridge(1, 2, 3);
  io.run_for(std::chrono::milliseconds(20));
  udp::endpoint to_caller_side(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*ans)->media.at(0).port);
  for (uint16_t i = 0; i < 5; ++i) caller.send_to(asio::buffer(audio(media::Codec::kPcma, 8, i, 3000)), to_caller_side);
  io.run_for(std::chrono::milliseconds(100));
  std::vector<std::vector<uint8_t>> store;
  auto got = drain(phone, store);
  ASSERT_EQ(got.size(), 5u);
  for (auto& p : got) {
    EXPECT_EQ(p.header.payload_type, 0);  // what the phone agreed to
    EXPECT_NEAR(media::ulaw_to_linear(p.payload[10]), 3000, 100);
  }
  EXPECT_EQ(relay.totals().transcoded, 5u);
}

TEST(RtpRelayTest, ASupervisorHearsBothSidesAndAWhisperReachesOnlyTheAgent) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31600, 31699);
  auto sock = [&] { return udp::socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)); };
  udp::socket caller = sock(), phone = sock(), lead = sock();
  auto ans = relay.answer(1, sdp_for(caller, "0"));
  auto off = relay.offer(2);
  auto sup = relay.offer(3);
  ASSERT_TRUE(ans && off && sup);
  ASSERT_TRUE(relay.answered(2, sdp_for(phone, "0")));
  ASSERT_TRUE(relay.answered(3, sdp_for(lead, "0")));
  relay.bridge(1, 2, 4);
  relay.join(3, 1, 2);
  auto port_of = [](const std::string& sdp) {
    return udp::endpoint(asio::ip::make_address("127.0.0.1"), media::parse_sdp(sdp)->media.at(0).port);
  };
  // 400 ms of talk: the customer at 1000, the agent at 2000, the lead at 4000
  auto talk = [&](uint16_t from_seq) {
    for (uint16_t i = from_seq; i < from_seq + 20; ++i) {
      caller.send_to(asio::buffer(audio(media::Codec::kPcmu, 0, i, 1000)), port_of(*ans));
      phone.send_to(asio::buffer(audio(media::Codec::kPcmu, 0, i, 2000)), port_of(*off));
      lead.send_to(asio::buffer(audio(media::Codec::kPcmu, 0, i, 4000)), port_of(*sup));
      io.run_for(std::chrono::milliseconds(20));
    }
    io.run_for(std::chrono::milliseconds(120));
  };
  talk(0);
  std::vector<std::vector<uint8_t>> s1, s2, s3;
  auto at_lead = drain(lead, s1), at_phone = drain(phone, s2), at_caller = drain(caller, s3);
  // listen: the lead gets a mix of both (3000 once the buffers play), the
  // others each other's packets as they came, nothing of the lead
  ASSERT_GE(at_lead.size(), 15u);
  EXPECT_NEAR(media::ulaw_to_linear(at_lead[at_lead.size() / 2].payload[80]), 3000, 150);
  EXPECT_EQ(at_phone.size(), 20u);
  for (auto& p : at_phone) EXPECT_NEAR(media::ulaw_to_linear(p.payload[0]), 1000, 50);
  for (auto& p : at_caller) EXPECT_NEAR(media::ulaw_to_linear(p.payload[0]), 2000, 80);
  EXPECT_GT(relay.totals().mixed, 0u);

  relay.set_monitor_mode(3, media::SupervisorMode::kWhisper);
  io.run_for(std::chrono::milliseconds(20));
  s1.clear(), s2.clear(), s3.clear();
  drain(lead, s1), drain(phone, s2), drain(caller, s3);
  s1.clear(), s2.clear(), s3.clear();
  talk(20);
  at_phone = drain(phone, s2);
  at_caller = drain(caller, s3);
  // whisper: the agent hears customer + lead (5000), the customer still only the agent
  ASSERT_GE(at_phone.size(), 15u);
  EXPECT_NEAR(media::ulaw_to_linear(at_phone[at_phone.size() / 2].payload[80]), 5000, 250);
  for (auto& p : at_phone) EXPECT_NE(p.header.ssrc, 0x1234u) << "the customer's packets must not reach the agent beside the mix";
  for (auto& p : at_caller) EXPECT_NEAR(media::ulaw_to_linear(p.payload[0]), 2000, 80);

  relay.close(3);  // the lead hangs up: back to a plain bridge
  io.run_for(std::chrono::milliseconds(20));
  s2.clear();
  drain(phone, s2);
  s2.clear();
  for (uint16_t i = 40; i < 45; ++i) caller.send_to(asio::buffer(audio(media::Codec::kPcmu, 0, i, 1000)), port_of(*ans));
  io.run_for(std::chrono::milliseconds(60));
  at_phone = drain(phone, s2);
  ASSERT_EQ(at_phone.size(), 5u);
  EXPECT_EQ(at_phone[0].header.ssrc, 0x1234u);  // the caller's own packets again
}

TEST(RtpRelayTest, NoiseSuppressionLowersSteadyNoiseFromTheAgent) {
  asio::io_context io;
  RtpRelay relay(io, "127.0.0.1", 31700, 31799);
  relay.set_noise_suppression(-25);
  udp::socket caller(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket phone(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto ans = relay.answer(1, sdp_for(caller, "0"));
  auto off = relay.offer(2);
  ASSERT_TRUE(ans && off);
  ASSERT_TRUE(relay.answered(2, sdp_for(phone, "0")));
  relay.bridge(1, 2, 5);
  io.run_for(std::chrono::milliseconds(20));
  udp::endpoint to_phone_side(asio::ip::make_address("127.0.0.1"), media::parse_sdp(*off)->media.at(0).port);
  // 3 s of white noise at about -30 dBFS from the agent's phone
  uint32_t x = 12345;
  std::vector<std::vector<uint8_t>> store;
  double in_power = 0, out_power = 0;
  size_t in_n = 0, out_n = 0;
  for (uint16_t i = 0; i < 150; ++i) {
    std::vector<int16_t> pcm(160);
    for (auto& v : pcm) {
      x = x * 1664525u + 1013904223u;
      v = static_cast<int16_t>(static_cast<int32_t>(x >> 16) % 2000 - 1000);
      if (i >= 100) in_power += double(v) * v, ++in_n;
    }
    std::vector<uint8_t> payload(160);
    media::encode_ulaw(pcm, payload);
    media::RtpHeader h;
    h.seq = i;
    h.timestamp = i * 160u;
    h.ssrc = 7;
    std::vector<uint8_t> out(172);
    ASSERT_TRUE(media::build_rtp(h, payload, out));
    phone.send_to(asio::buffer(out), to_phone_side);
    io.run_for(std::chrono::milliseconds(2));
  }
  io.run_for(std::chrono::milliseconds(100));
  auto got = drain(caller, store);
  ASSERT_EQ(got.size(), 150u);
  for (size_t i = 100; i < got.size(); ++i)
    for (uint8_t b : got[i].payload) {
      double v = media::ulaw_to_linear(b);
      out_power += v * v, ++out_n;
    }
  const double drop_db = 10 * std::log10((in_power / in_n) / (out_power / out_n));
  EXPECT_GT(drop_db, 10) << "after 2 s the noise should be well down, got " << drop_db << " dB";
  EXPECT_EQ(relay.totals().transcoded, 150u);
}

}  // namespace
}  // namespace switchyard::voice
