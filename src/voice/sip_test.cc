#include "voice/sip.h"

#include <gtest/gtest.h>

namespace switchyard::voice {
namespace {

const std::string kInvite =
    "INVITE sip:1000@127.0.0.1:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.7:5080;branch=z9hG4bK-abc;rport\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-first\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Ann\" <sip:5551234@10.0.0.7>;tag=f1\r\n"
    "To: <sip:1000@127.0.0.1>\r\n"
    "Call-ID: call-1@10.0.0.7\r\n"
    "CSeq: 7 INVITE\r\n"
    "Contact: <sip:5551234@10.0.0.7:5080>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 10\r\n"
    "\r\n"
    "v=0\r\no=x\r\n";

TEST(SipTest, ParsesTheFieldsTheSwitchUses) {
  auto m = parse_sip(kInvite);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->request);
  EXPECT_EQ(m->method, "INVITE");
  EXPECT_EQ(m->request_user, "1000");
  ASSERT_EQ(m->vias.size(), 2u);
  EXPECT_EQ(m->branch, "z9hG4bK-abc");
  EXPECT_TRUE(m->top_via_rport);
  EXPECT_EQ(m->from_tag, "f1");
  EXPECT_EQ(m->from_user, "5551234");
  EXPECT_EQ(m->to_tag, "");
  EXPECT_EQ(m->call_id, "call-1@10.0.0.7");
  EXPECT_EQ(m->cseq, 7u);
  EXPECT_EQ(m->cseq_method, "INVITE");
  ASSERT_TRUE(m->contact);
  EXPECT_EQ(m->contact->endpoint(), (Endpoint{"10.0.0.7", 5080}));
  EXPECT_EQ(m->content_type, "application/sdp");
  EXPECT_EQ(m->body, "v=0\r\no=x\r\n");
}

TEST(SipTest, AResponseCarriesTheRequestsHeadersAndRport) {
  auto m = parse_sip(kInvite);
  ASSERT_TRUE(m);
  std::string r = make_response(*m, 200, {}, "t9", Endpoint{"192.0.2.5", 40000}, "sip:switchyard@127.0.0.1:5060", "v=0\r\n");
  auto back = parse_sip(r);
  ASSERT_TRUE(back) << back.error().message << "\n" << r;
  EXPECT_FALSE(back->request);
  EXPECT_EQ(back->status, 200);
  EXPECT_EQ(back->to_tag, "t9");
  EXPECT_EQ(back->from_tag, "f1");
  EXPECT_EQ(back->call_id, "call-1@10.0.0.7");
  EXPECT_EQ(back->cseq, 7u);
  ASSERT_EQ(back->vias.size(), 2u);
  // where the request really came from (RFC 3581)
  EXPECT_NE(back->vias[0].find("rport=40000"), std::string::npos) << back->vias[0];
  EXPECT_NE(back->vias[0].find("received=192.0.2.5"), std::string::npos) << back->vias[0];
  EXPECT_EQ(back->body, "v=0\r\n");
  EXPECT_NE(r.find("Content-Length: 5\r\n"), std::string::npos);
}

TEST(SipTest, RefusesMessagesWithoutTheMandatoryHeaders) {
  EXPECT_FALSE(parse_sip("hello"));
  EXPECT_FALSE(parse_sip(std::string(kMaxMessageBytes + 1, 'a')));
  std::string no_callid = kInvite;
  no_callid.erase(no_callid.find("Call-ID:"), std::string("Call-ID: call-1@10.0.0.7\r\n").size());
  auto r = parse_sip(no_callid);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "Call-ID");
  std::string bad_cseq = kInvite;
  bad_cseq.replace(bad_cseq.find("CSeq: 7 INVITE"), 14, "CSeq: x INVITE");
  EXPECT_FALSE(parse_sip(bad_cseq));
  // cut short: the body is shorter than its Content-Length
  auto cut = parse_sip(kInvite.substr(0, kInvite.size() - 4));
  ASSERT_FALSE(cut);
  std::string longer = kInvite;
  longer.replace(longer.find("Content-Length: 10"), 18, "Content-Length: 12");
  EXPECT_FALSE(parse_sip(longer));
  // headers that osip2 reads but that would not survive being copied into
  // our answer (found by fuzz/sip_parse.cc)
  std::string empty_port = kInvite;
  empty_port.replace(empty_port.find("To: <sip:1000@127.0.0.1>"), 24, "To: <sip:1000@127.0.0.1: >");
  auto ep = parse_sip(empty_port);
  ASSERT_FALSE(ep);
  EXPECT_EQ(ep.error().field, "To");
  std::string bad_via = kInvite;
  bad_via.replace(bad_via.find("SIP/2.0/UDP 10.0.0.7:5080"), 25, "SIP/2.0/UDP 10.0 0.7:5080");
  EXPECT_FALSE(parse_sip(bad_via));
  std::string other_method = kInvite;
  other_method.replace(other_method.find("CSeq: 7 INVITE"), 14, "CSeq: 7 BYE   ");
  EXPECT_FALSE(parse_sip(other_method));
}

TEST(SipTest, SipUris) {
  auto u = parse_sip_uri("\"A\" <sip:agent01@127.0.0.1:5070;transport=udp>;tag=x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "agent01");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 5070);
  EXPECT_EQ(u->str(), "sip:agent01@127.0.0.1:5070");
  auto d = parse_sip_uri("sip:example.org");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 5060);
  EXPECT_FALSE(parse_sip_uri("tel:+123"));
  EXPECT_FALSE(parse_sip_uri("sip:a@h:99999"));
  EXPECT_FALSE(parse_sip_uri("sip:a@"));
  EXPECT_FALSE(parse_sip_uri("<sip:a@h"));
}

}  // namespace
}  // namespace switchyard::voice
