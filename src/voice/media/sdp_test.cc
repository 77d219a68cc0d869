#include "voice/media/sdp.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <utility>

namespace switchyard::voice::media {
namespace {

// A typical offer from a SIP phone: PCMU, PCMA, telephone-event, LF or CRLF ends.
constexpr std::string_view kOffer =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 198.51.100.7\r\n"
    "s=call\r\n"
    "c=IN IP4 198.51.100.7\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

constexpr std::array<Codec, 2> kBoth = {Codec::kPcmu, Codec::kPcma};

TEST(Sdp, ParsesAnAudioOffer) {
  auto d = parse_sdp(kOffer);
  ASSERT_TRUE(d) << d.error().message << " " << d.error().field;
  EXPECT_EQ(d->origin_username, "alice");
  EXPECT_EQ(d->session_id, 2890844526u);
  EXPECT_EQ(d->session_version, 2890844527u);
  EXPECT_EQ(d->session_name, "call");
  ASSERT_TRUE(d->connection);
  EXPECT_EQ(d->connection->address, "198.51.100.7");
  ASSERT_EQ(d->media.size(), 1u);
  const MediaDescription& m = d->media[0];
  EXPECT_EQ(m.media, "audio");
  EXPECT_EQ(m.port, 49170);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.formats, (std::vector<std::string>{"0", "8", "101"}));
  ASSERT_EQ(m.rtpmaps.size(), 3u);
  EXPECT_EQ(m.rtpmaps[2], (RtpMap{101, "telephone-event", 8000, 0}));
  ASSERT_EQ(m.fmtps.size(), 1u);
  EXPECT_EQ(m.fmtps[0], (Fmtp{101, "0-16"}));
  EXPECT_EQ(m.ptime_ms, 20u);
  EXPECT_EQ(m.direction, Direction::kSendRecv);
  EXPECT_FALSE(m.connection);
}

TEST(Sdp, AcceptsLfLineEnds) {
  std::string lf(kOffer);
  std::erase(lf, '\r');
  auto a = parse_sdp(lf);
  auto b = parse_sdp(kOffer);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(Sdp, NegotiatesFirstOfferedCodecWeSupport) {
  auto offer = parse_sdp(kOffer);
  ASSERT_TRUE(offer);
  auto n = negotiate(*offer, kBoth);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->codec, Codec::kPcmu);
  EXPECT_EQ(n->payload_type, 0);
  EXPECT_EQ(n->telephone_event_pt, 101);
  EXPECT_EQ(n->telephone_event_fmtp, "0-16");
  EXPECT_EQ(n->remote.address, "198.51.100.7");
  EXPECT_EQ(n->remote_port, 49170);
  EXPECT_EQ(n->ptime_ms, 20u);
  EXPECT_EQ(n->answer_direction, Direction::kSendRecv);

  const std::array<Codec, 1> alaw_only = {Codec::kPcma};
  auto a = negotiate(*offer, alaw_only);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->codec, Codec::kPcma);
  EXPECT_EQ(a->payload_type, 8);
}

TEST(Sdp, OfferOrderWinsAndRtpmapNamesDynamicPayloadTypes) {
  auto offer = parse_sdp(
      "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\n"
      "m=audio 4000 RTP/AVP 18 96 0\nc=IN IP4 10.0.0.2\n"
      "a=rtpmap:18 G729/8000\na=rtpmap:96 pcma/8000\na=sendonly\n");
  ASSERT_TRUE(offer) << offer.error().message;
  auto n = negotiate(*offer, kBoth);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->codec, Codec::kPcma);
  EXPECT_EQ(n->payload_type, 96);
  EXPECT_FALSE(n->telephone_event_pt);
  EXPECT_EQ(n->remote.address, "10.0.0.2");  // media-level c= (no session-level one)
  EXPECT_EQ(n->answer_direction, Direction::kRecvOnly);
}

TEST(Sdp, TelephoneEventNeverSharesTheCodecPayloadType) {
  auto offer = parse_sdp(
      "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\n"
      "a=rtpmap:0 PCMU/8000\na=rtpmap:0 telephone-event/8000\n");
  ASSERT_TRUE(offer);
  auto n = negotiate(*offer, kBoth);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->payload_type, 0);
  EXPECT_FALSE(n->telephone_event_pt);
}

TEST(Sdp, AnswerDirectionMirrorsTheOffer) {
  const std::pair<std::string_view, Direction> cases[] = {
      {"", Direction::kSendRecv},
      {"a=sendrecv\n", Direction::kSendRecv},
      {"a=sendonly\n", Direction::kRecvOnly},
      {"a=recvonly\n", Direction::kSendOnly},
      {"a=inactive\n", Direction::kInactive},
  };
  for (const auto& [attr, answer] : cases) {
    auto offer = parse_sdp("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\n" +
                           std::string(attr) + "m=audio 4000 RTP/AVP 0\n");
    ASSERT_TRUE(offer);
    EXPECT_EQ(negotiate(*offer, kBoth)->answer_direction, answer) << attr;  // session level
  }
}

TEST(Sdp, MediaLevelConnectionOverridesSession) {
  std::string text(kOffer);
  text += "c=IN IP4 203.0.113.9\r\n";  // after m=: media level
  auto offer = parse_sdp(text);
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->connection->address, "198.51.100.7");
  auto n = negotiate(*offer, kBoth);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->remote.address, "203.0.113.9");
}

TEST(Sdp, NegotiationErrorsSayWhy) {
  auto refused = [](std::string_view text) {
    auto offer = parse_sdp(text);
    if (!offer) return "parse failed: " + offer.error().message;
    auto n = negotiate(*offer, kBoth);
    if (n) return std::string("negotiated");
    EXPECT_EQ(n.error().code, ErrorCode::kUnprocessable);
    return n.error().message;
  };
  const std::string head = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n";
  const std::string c = "c=IN IP4 10.0.0.1\r\n";
  const std::pair<std::string, std::string_view> cases[] = {
      {c + "m=audio 4000 RTP/AVP 18\r\n", "no common codec"},
      // PCMU by name at another rate is not G.711.
      {c + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/16000\r\n", "no common codec"},
      {c + "m=video 4000 RTP/AVP 0\r\n", "no audio"},
      {c + "m=audio 0 RTP/AVP 0\r\n", "no audio"},
      {"m=audio 4000 RTP/AVP 0\r\n", "bad address"},
      {"c=IN IP6 ::1\r\nm=audio 4000 RTP/AVP 0\r\n", "bad address"},
      {"c=IN IP4 10.0.0.256\r\nm=audio 4000 RTP/AVP 0\r\n", "bad address"},
      {"c=IN IP4 224.2.1.1/127\r\nm=audio 4000 RTP/AVP 0\r\n", "bad address"},
  };
  for (const auto& [tail, why] : cases) EXPECT_TRUE(refused(head + tail).starts_with(why)) << tail;
}

TEST(Sdp, WritesAValidAnswer) {
  auto offer = parse_sdp(std::string(kOffer) + "m=video 5000 RTP/AVP 31\r\n");
  ASSERT_TRUE(offer);
  auto n = negotiate(*offer, kBoth);
  ASSERT_TRUE(n);
  const SessionDescription answer = make_answer(*offer, *n,
                                                {.address = "192.0.2.10",
                                                 .port = 30000,
                                                 .session_id = 77,
                                                 .session_version = 2,
                                                 .username = "switchyard"});
  auto text = write_sdp(answer);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text,
            "v=0\r\n"
            "o=switchyard 77 2 IN IP4 192.0.2.10\r\n"
            "s=-\r\n"
            "c=IN IP4 192.0.2.10\r\n"
            "t=0 0\r\n"
            "m=audio 30000 RTP/AVP 0 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n"
            "a=fmtp:101 0-16\r\n"
            "a=ptime:20\r\n"
            "a=sendrecv\r\n"
            "m=video 0 RTP/AVP 31\r\n");
  auto back = parse_sdp(*text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, answer);
}

TEST(Sdp, WriteThenParseGivesTheSameDescription) {
  auto d = parse_sdp(
      "v=0\no=bob 9 10 IN IP4 host.example\ns=a  b \na=inactive\nt=0 0\n"
      "m=audio 7000/2 RTP/SAVP 0 96\nc=IN IP4 10.1.1.1\na=rtpmap:96 opus/48000/2\n"
      "a=fmtp:96   minptime=10; useinbandfec=1\na=fmtp:97\na=recvonly\n"
      "m=application 9 UDP/BFCP *\n");
  ASSERT_TRUE(d) << d.error().message << " " << d.error().field;
  EXPECT_EQ(d->session_name, "a  b ");
  EXPECT_EQ(d->direction, Direction::kInactive);
  EXPECT_EQ(d->media[0].port, 7000);
  EXPECT_EQ(d->media[0].rtpmaps[0], (RtpMap{96, "opus", 48000, 2}));
  EXPECT_EQ(d->media[0].fmtps[0].parameters, "minptime=10; useinbandfec=1");
  EXPECT_EQ(d->media[0].fmtps[1].parameters, "");
  EXPECT_EQ(d->media[1].formats, (std::vector<std::string>{"*"}));
  auto text = write_sdp(*d);
  ASSERT_TRUE(text);
  auto back = parse_sdp(*text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, *d);
}

TEST(Sdp, RefusesMalformedInputWithTheLine) {
  auto field = [](std::string_view text) {
    auto d = parse_sdp(text);
    EXPECT_FALSE(d) << text;
    return d ? std::string("ok") : d.error().field;
  };
  const std::string head = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n";
  EXPECT_EQ(field(""), "line 0: v=");
  EXPECT_EQ(field("o=- 1 1 IN IP4 10.0.0.1\r\n"), "line 1: v=");
  EXPECT_EQ(field("v=1\r\n"), "line 1: v=");
  EXPECT_EQ(field("v=0\r\ns=-\r\n"), "line 2: o=");
  EXPECT_EQ(field("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n"), "line 2: s=");
  EXPECT_EQ(field("v=0\r\no=- x 1 IN IP4 10.0.0.1\r\ns=-\r\n"), "line 2: o=");
  EXPECT_EQ(field("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n"), "line 2: o=");
  EXPECT_EQ(field(head + "c=XX IP4 1.2.3.4\r\n"), "line 4: c=");
  EXPECT_EQ(field(head + "garbage\r\n"), "line 4");
  EXPECT_EQ(field(head + std::string("s=\0\r\n", 5)), "line 4");
  EXPECT_EQ(field(head + "m=audio 70000 RTP/AVP 0\r\n"), "line 4: m=");
  EXPECT_EQ(field(head + "m=audio 4000 RTP/AVP\r\n"), "line 4: m=");
  EXPECT_EQ(field(head + "m=audio 4000 RTP/AVP 128\r\n"), "line 4: m=");
  EXPECT_EQ(field(head + "m=audio 4000 RTP/AVP x\r\n"), "line 4: m=");
  const std::string m = head + "m=audio 4000 RTP/AVP 0\r\n";
  EXPECT_EQ(field(m + "a=rtpmap:0 PCMU\r\n"), "line 5: a=rtpmap");
  EXPECT_EQ(field(m + "a=rtpmap:0 PCMU/0\r\n"), "line 5: a=rtpmap");
  EXPECT_EQ(field(m + "a=rtpmap:0 PCMU/8000/\r\n"), "line 5: a=rtpmap");
  EXPECT_EQ(field(m + "a=rtpmap:200 PCMU/8000\r\n"), "line 5: a=rtpmap");
  EXPECT_EQ(field(m + "a=fmtp:x 0-16\r\n"), "line 5: a=fmtp");
  EXPECT_EQ(field(m + "a=ptime:0\r\n"), "line 5: a=ptime");
  EXPECT_EQ(field(m + "a=ptime:20ms\r\n"), "line 5: a=ptime");
}

TEST(Sdp, EnforcesSizeLimits) {
  const std::string head = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n";
  std::string big = head + "i=" + std::string(kMaxSdpBytes, 'x') + "\r\n";
  EXPECT_EQ(parse_sdp(big).error().field, "line 0: sdp");
  std::string fmts;
  for (int i = 0; i < 65; ++i) fmts += " " + std::to_string(i);
  EXPECT_EQ(parse_sdp(head + "m=audio 4000 RTP/AVP" + fmts + "\r\n").error().field, "line 4: m=");
  std::string many = head;
  for (size_t i = 0; i <= kMaxMedia; ++i) many += "m=audio 0 RTP/AVP 0\r\n";
  EXPECT_EQ(parse_sdp(many).error().field, "line 20: m=");
  std::string maps = head + "m=audio 4000 RTP/AVP 0\r\n";
  for (int i = 0; i < 65; ++i) maps += "a=rtpmap:0 PCMU/8000\r\n";
  EXPECT_EQ(parse_sdp(maps).error().field, "line 69: a=rtpmap");
}

TEST(Sdp, WriterRefusesValuesThatWouldBreakLines) {
  SessionDescription d;
  d.origin_address = {"IP4", "10.0.0.1"};
  EXPECT_TRUE(write_sdp(d));
  d.session_name = "x\r\na=sendonly";
  EXPECT_EQ(write_sdp(d).error().field, "s=");
  d.session_name = "-";
  d.origin_username = "a b";
  EXPECT_EQ(write_sdp(d).error().field, "o=");
  d.origin_username = "-";
  d.media.emplace_back();
  d.media.back().media = "audio";
  d.media.back().proto = "RTP/AVP";  // but no formats
  EXPECT_EQ(write_sdp(d).error().field, "m=");
}

}  // namespace
}  // namespace switchyard::voice::media
