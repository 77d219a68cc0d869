#include "voice/switch.h"

#include <gtest/gtest.h>

#include <deque>

namespace switchyard::voice {
namespace {

const Endpoint kTrunk{"10.0.0.7", 5080};
const Endpoint kPhone{"10.0.0.9", 5070};

struct Net : Transport {
  std::deque<std::pair<Endpoint, std::string>> out;
  void send(const Endpoint& to, std::string d) override { out.emplace_back(to, std::move(d)); }
  // The next datagram, parsed.
  std::pair<Endpoint, SipMessage> pop() {
    EXPECT_FALSE(out.empty());
    if (out.empty()) return {};
    auto [to, d] = std::move(out.front());
    out.pop_front();
    auto m = parse_sip(d);
    EXPECT_TRUE(m) << d;
    return {to, m ? *m : SipMessage{}};
  }
};

struct Media : MediaPorts {
  std::set<LegId> open;
  std::vector<std::pair<LegId, LegId>> bridges;
  bool refuse = false;
  Result<std::string> answer(LegId l, std::string_view) override {
    if (refuse) return make_error(ErrorCode::kInvalidArgument, "no codec", "sdp");
    open.insert(l);
    return std::string("v=0\r\nm=audio 20000 RTP/AVP 0\r\n");
  }
  Result<std::string> offer(LegId l, LegId) override {
    open.insert(l);
    return std::string("v=0\r\nm=audio 20002 RTP/AVP 0\r\n");
  }
  Result<void> answered(LegId, std::string_view) override { return {}; }
  void bridge(LegId a, LegId b, core::ContactId) override { bridges.emplace_back(a, b); }
  void close(LegId l) override { open.erase(l); }
};

struct App : CallEvents {
  std::vector<std::string> log;
  CallRef last_call = 0;
  void arrived(CallRef c, const std::string& q, const std::string& caller) override {
    last_call = c;
    log.push_back("arrived " + q + " " + caller);
  }
  void agent_answered(core::ContactId c, core::AgentId a) override { log.push_back("answered " + std::to_string(c) + " " + std::to_string(a)); }
  void agent_failed(core::ContactId c, core::AgentId a, int s) override {
    log.push_back("failed " + std::to_string(c) + " " + std::to_string(a) + " " + std::to_string(s));
  }
  void caller_left(core::ContactId c, core::AgentId a) override {
    log.push_back("caller_left " + std::to_string(c) + (a != core::kNoId ? " talking to " + std::to_string(a) : " queued"));
  }
  void agent_left(core::ContactId c, core::AgentId a) override { log.push_back("agent_left " + std::to_string(c) + " " + std::to_string(a)); }
  void digit(CallRef call, core::ContactId c, char k) override {
    log.push_back("digit " + std::to_string(call) + " " + std::to_string(c) + " " + k);
  }
  void call_gone(CallRef call) override { log.push_back("gone " + std::to_string(call)); }
  void callback_failed(core::ContactId c, core::AgentId a, int s) override {
    log.push_back("callback_failed " + std::to_string(c) + " " + std::to_string(a) + " " + std::to_string(s));
  }
};

std::string invite(const std::string& number, const std::string& call_id = "c1", uint32_t cseq = 1) {
  std::string sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.7\r\ns=-\r\nc=IN IP4 10.0.0.7\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
  return "INVITE sip:" + number + "@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.7:5080;branch=z9hG4bK-" + call_id + std::to_string(cseq) + "\r\n"
         "From: <sip:5551234@10.0.0.7>;tag=cust\r\n"
         "To: <sip:" + number + "@127.0.0.1>\r\n"
         "Call-ID: " + call_id + "\r\n"
         "CSeq: " + std::to_string(cseq) + " INVITE\r\n"
         "Contact: <sip:5551234@10.0.0.7:5080>\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

// An in-dialog request from the customer (ACK, BYE, CANCEL).
std::string customer_request(const std::string& method, const std::string& to_tag, uint32_t cseq,
                             const std::string& branch = "z9hG4bK-x") {
  return method + " sip:switchyard@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.7:5080;branch=" + branch + "\r\n"
         "From: <sip:5551234@10.0.0.7>;tag=cust\r\n"
         "To: <sip:1000@127.0.0.1>" + (to_tag.empty() ? "" : ";tag=" + to_tag) + "\r\n"
         "Call-ID: c1\r\n"
         "CSeq: " + std::to_string(cseq) + " " + method + "\r\n"
         "Content-Length: 0\r\n\r\n";
}

// The phone's answer to a request the switch sent it.
std::string phone_response(const SipMessage& req, int status, bool sdp = false) {
  std::string body = sdp ? "v=0\r\nc=IN IP4 10.0.0.9\r\nm=audio 7000 RTP/AVP 0\r\n" : "";
  std::string r = "SIP/2.0 " + std::to_string(status) + " X\r\n";
  for (const std::string& v : req.vias) r += "Via: " + v + "\r\n";
  r += "From: " + req.from + "\r\nTo: " + req.to + (req.method == "INVITE" && status > 100 ? ";tag=ph" : "") + "\r\n";
  r += "Call-ID: " + req.call_id + "\r\nCSeq: " + std::to_string(req.cseq) + " " + req.cseq_method + "\r\n";
  if (status / 100 == 2 && req.method == "INVITE") r += "Contact: <sip:agent@10.0.0.9:5070>\r\n";
  if (sdp) r += "Content-Type: application/sdp\r\n";
  return r + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class SwitchTest : public ::testing::Test {
 protected:
  ManualClock clock{1'000'000};
  Net net;
  Media media;
  App app;
  Switch sw{SwitchOptions{{"127.0.0.1", 5060}, {"10.0.0.7"}, {{"1000", "billing"}}, 500, 4000, 42}, clock, net, media, app};

  // A customer's call, queued as `contact` and acknowledged: returns the 200's To tag.
  std::string queued_call(core::ContactId contact) {
    sw.receive(kTrunk, invite("1000"));
    EXPECT_EQ(net.pop().second.status, 100);
    sw.queued(app.last_call, contact);
    auto [to, ok] = net.pop();
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(to, kTrunk);
    EXPECT_FALSE(ok.body.empty());
    sw.receive(kTrunk, customer_request("ACK", ok.to_tag, 1));
    return ok.to_tag;
  }
};

TEST_F(SwitchTest, RefusesCallsFromUnknownSourcesAndNumbers) {
  sw.receive(Endpoint{"10.6.6.6", 5060}, invite("1000"));
  EXPECT_EQ(net.pop().second.status, 403);
  sw.receive(kTrunk, invite("9999", "c2"));
  EXPECT_EQ(net.pop().second.status, 404);
  EXPECT_TRUE(app.log.empty());
  EXPECT_EQ(sw.stats().calls_refused, 2u);
  EXPECT_EQ(sw.stats().legs, 0u);
}

TEST_F(SwitchTest, MalformedDatagramsAreDroppedAndCounted) {
  sw.receive(kTrunk, "INVITE nonsense\r\n\r\n");
  sw.receive(kTrunk, std::string(3000, '\0'));
  sw.receive(kTrunk, "\r\n\r\n");  // a keep-alive, not a message
  EXPECT_TRUE(net.out.empty());
  EXPECT_EQ(sw.stats().bad_messages, 2u);
}

TEST_F(SwitchTest, AnUnusableOfferGets488) {
  media.refuse = true;
  sw.receive(kTrunk, invite("1000"));
  EXPECT_EQ(net.pop().second.status, 100);
  EXPECT_EQ(net.pop().second.status, 488);
  EXPECT_TRUE(app.log.empty());
}

TEST_F(SwitchTest, ACallReachesTheAgentAndEndsWhenTheAgentHangsUp) {
  std::string tag = queued_call(7);
  EXPECT_EQ(app.log, (std::vector<std::string>{"arrived billing 5551234"}));
  sw.ring(7, 3, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto [to, inv] = net.pop();
  EXPECT_EQ(to, kPhone);
  EXPECT_EQ(inv.method, "INVITE");
  EXPECT_FALSE(inv.body.empty());
  sw.receive(kPhone, phone_response(inv, 180));
  sw.receive(kPhone, phone_response(inv, 200, true));
  auto [ack_to, ack] = net.pop();
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.to_tag, "ph");
  ASSERT_EQ(media.bridges.size(), 1u);
  EXPECT_EQ(app.log.back(), "answered 7 3");
  // the agent hangs up: 200 to the phone, BYE to the customer
  OutRequest bye{"BYE", "sip:switchyard@127.0.0.1:5060", "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-pb",
                 "<sip:agent01@10.0.0.9:5070>;tag=ph", inv.from, inv.call_id, 2, "", "", {}, ""};
  sw.receive(kPhone, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 200);
  EXPECT_EQ(app.log.back(), "agent_left 7 3");
  auto [bye_to, cbye] = net.pop();
  EXPECT_EQ(cbye.method, "BYE");
  EXPECT_EQ(bye_to, kTrunk);
  EXPECT_EQ(cbye.to_tag, "cust");
  EXPECT_EQ(cbye.from_tag, tag);
  sw.receive(kTrunk, phone_response(cbye, 200));
  EXPECT_EQ(sw.stats().legs, 0u);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(SwitchTest, ARetransmittedByeIsAnsweredAgainNot481) {
  // Found under load (bench/voice/call_rate.sh at 1,500 calls/s): the 200
  // to a phone's BYE was lost, the phone sent the BYE again and got 481.
  queued_call(14);
  sw.ring(14, 8, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 200, true));
  net.pop();  // ACK
  OutRequest bye{"BYE", "sip:switchyard@127.0.0.1:5060", "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-pb2",
                 "<sip:agent01@10.0.0.9:5070>;tag=ph", inv.from, inv.call_id, 2, "", "", {}, ""};
  sw.receive(kPhone, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 200);
  EXPECT_EQ(net.pop().second.method, "BYE");  // to the customer
  EXPECT_EQ(app.log.back(), "agent_left 14 8");
  const size_t events = app.log.size();
  clock.advance_ms(500);
  sw.tick();
  net.out.clear();  // the customer's BYE, sent again (not answered here)
  sw.receive(kPhone, make_request(bye));  // the retransmission
  auto again = net.pop();
  EXPECT_EQ(again.first, kPhone);
  EXPECT_EQ(again.second.status, 200);
  EXPECT_EQ(app.log.size(), events);  // nothing new for the application
  // another CSeq in that dialog is not that BYE
  bye.cseq = 3;
  sw.receive(kPhone, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 481);
  // forgotten after 64*T1
  bye.cseq = 2;
  for (int i = 0; i < 70; ++i) {
    clock.advance_ms(500);
    sw.tick();
  }
  net.out.clear();  // the customer's BYE retransmissions
  sw.receive(kPhone, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 481);
}

TEST_F(SwitchTest, AnAgentAnsweringBeforeTheCustomersAckIsBridged) {
  // Found under load (bench/voice/call_rate.sh at 800 calls/s): the phone
  // answered before the customer's ACK of our 200 arrived; the switch hung
  // the phone up and reported a failed offer (a miss for the agent).
  sw.receive(kTrunk, invite("1000"));
  EXPECT_EQ(net.pop().second.status, 100);
  sw.queued(app.last_call, 15);
  auto ok = net.pop().second;
  EXPECT_EQ(ok.status, 200);
  sw.ring(15, 9, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));  // no ACK yet
  auto inv = net.pop().second;
  EXPECT_EQ(inv.method, "INVITE");
  sw.receive(kPhone, phone_response(inv, 200, true));
  auto ack = net.pop().second;
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_TRUE(net.out.empty());  // no BYE to the phone
  ASSERT_EQ(media.bridges.size(), 1u);
  EXPECT_EQ(app.log.back(), "answered 15 9");
  // the customer's ACK arrives: the 200 stops being retransmitted
  sw.receive(kTrunk, customer_request("ACK", ok.to_tag, 1));
  clock.advance_ms(5000);
  sw.tick();
  EXPECT_TRUE(net.out.empty());
  EXPECT_EQ(sw.stats().legs, 2u);
}

TEST_F(SwitchTest, NoByeToTheCustomerBeforeTheAckOfOur200) {
  // RFC 3261 15: the callee does not send BYE before the ACK of its 2xx.
  // Found under load: a short call (ring 10 ms, talk 10 ms) ended by the
  // agent while the customer's ACK was still on its way.
  sw.receive(kTrunk, invite("1000"));
  net.pop();  // 100
  sw.queued(app.last_call, 16);
  auto ok = net.pop().second;
  sw.ring(16, 10, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 200, true));
  net.pop();  // ACK to the phone
  OutRequest bye{"BYE", "sip:switchyard@127.0.0.1:5060", "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-pb3",
                 "<sip:agent01@10.0.0.9:5070>;tag=ph", inv.from, inv.call_id, 2, "", "", {}, ""};
  sw.receive(kPhone, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 200);
  sw.hang_up(16);  // the contact ended (the application follows the agent's hang-up)
  EXPECT_TRUE(net.out.empty());  // no BYE yet to the customer
  sw.receive(kTrunk, customer_request("ACK", ok.to_tag, 1));
  auto [to, cbye] = net.pop();
  EXPECT_EQ(to, kTrunk);
  EXPECT_EQ(cbye.method, "BYE");
  sw.receive(kTrunk, phone_response(cbye, 200));
  EXPECT_EQ(sw.stats().legs, 0u);
}

TEST_F(SwitchTest, TheCallerHangingUpWhileRingingCancelsTheAgent) {
  std::string tag = queued_call(8);
  sw.ring(8, 4, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 180));
  sw.receive(kTrunk, customer_request("BYE", tag, 2));
  EXPECT_EQ(net.pop().second.status, 200);
  auto cancel = net.pop().second;
  EXPECT_EQ(cancel.method, "CANCEL");
  EXPECT_EQ(cancel.branch, inv.branch);
  EXPECT_EQ(app.log.back(), "caller_left 8 queued");
  sw.receive(kPhone, phone_response(cancel, 200));
  sw.receive(kPhone, phone_response(inv, 487));
  EXPECT_EQ(net.pop().second.method, "ACK");
  EXPECT_EQ(sw.stats().legs, 0u);
  EXPECT_EQ(app.log.size(), 2u);  // no agent failure reported for our own CANCEL
}

TEST_F(SwitchTest, ABusyPhoneIsAFailedOffer) {
  queued_call(9);
  sw.ring(9, 5, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 486));
  auto ack = net.pop().second;
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.branch, inv.branch);  // in the INVITE's transaction
  EXPECT_EQ(app.log.back(), "failed 9 5 486");
  EXPECT_EQ(sw.stats().legs, 1u);  // the customer's leg stays, waiting
}

TEST_F(SwitchTest, APhoneThatNeverAnswersTimesOutWithRetransmissions) {
  queued_call(10);
  sw.ring(10, 6, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  net.pop();
  for (int i = 0; i < 80; ++i) {
    clock.advance_ms(500);
    sw.tick();
  }
  EXPECT_GE(sw.stats().retransmissions, 6u);  // 0.5, 1, 2, 4, 4, 4 ... s
  EXPECT_EQ(app.log.back(), "failed 10 6 408");
}

TEST_F(SwitchTest, ARetransmittedInviteGetsTheSameAnswer) {
  sw.receive(kTrunk, invite("1000"));
  net.pop();
  sw.queued(app.last_call, 11);
  auto first = net.pop().second;
  sw.receive(kTrunk, invite("1000"));
  auto again = net.pop().second;
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.to_tag, first.to_tag);
  EXPECT_EQ(app.log.size(), 1u);  // still one call
  // and the 200 is retransmitted until the ACK
  clock.advance_ms(600);
  sw.tick();
  EXPECT_EQ(net.pop().second.status, 200);
  sw.receive(kTrunk, customer_request("ACK", first.to_tag, 1));
  clock.advance_ms(5000);
  sw.tick();
  EXPECT_TRUE(net.out.empty());
}

TEST_F(SwitchTest, ACancelBeforeTheContactExistsIsAnAbandon) {
  sw.receive(kTrunk, invite("1000"));
  net.pop();
  sw.receive(kTrunk, customer_request("CANCEL", "", 1, "z9hG4bK-c11"));
  EXPECT_EQ(net.pop().second.status, 200);
  EXPECT_EQ(net.pop().second.status, 487);
  sw.queued(app.last_call, 12);
  EXPECT_EQ(app.log.back(), "caller_left 12 queued");
  EXPECT_EQ(sw.stats().legs, 0u);
}

TEST_F(SwitchTest, HangUpFromTheApplicationEndsBothLegs) {
  queued_call(13);
  sw.ring(13, 7, *parse_sip_uri("sip:agent01@10.0.0.9:5070"));
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 200, true));
  net.pop();  // ACK
  sw.hang_up(13);
  auto a = net.pop();
  auto b = net.pop();
  EXPECT_EQ(a.second.method, "BYE");
  EXPECT_EQ(b.second.method, "BYE");
  EXPECT_NE(a.first, b.first);
  EXPECT_EQ(app.log.back(), "answered 13 7");  // nothing told back to the application
}

}  // namespace
}  // namespace switchyard::voice

namespace switchyard::voice {
namespace {

struct Phones : App {
  std::vector<std::string> reg;
  void phone_registered(const std::string& a) override { reg.push_back("+" + a); }
  void phone_unregistered(const std::string& a, const std::string& why) override { reg.push_back("-" + a + " " + why); }
};

class RegistrarTest : public ::testing::Test {
 protected:
  ManualClock clock{1'000'000};
  Net net;
  Media media;
  Phones app;
  Switch sw{SwitchOptions{{"127.0.0.1", 5060}, {}, {}, 500, 4000, 42}, clock, net, media, app};
  const Endpoint nat{"203.0.113.9", 40123};  // where the phone's packets come from

  void SetUp() override { sw.set_phones({{"1001", {"agent01", digest_ha1("1001", "switchyard", "s3cret")}}}); }

  std::string reg(uint32_t cseq, const std::string& auth, int expires = 300) {
    return "REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-r" + std::to_string(cseq) + ";rport\r\n"
           "From: <sip:1001@127.0.0.1>;tag=ph1\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: reg-1\r\n"
           "CSeq: " + std::to_string(cseq) + " REGISTER\r\n"
           "Contact: <sip:1001@192.168.1.20:5062>;expires=" + std::to_string(expires) + "\r\n" + auth +
           "Content-Length: 0\r\n\r\n";
  }
  // The phone's answer to a challenge, as a phone computes it.
  static std::string authorization(const std::string& challenge, const std::string& password, const std::string& method = "REGISTER",
                                   const std::string& user = "1001", const std::string& uri = "sip:127.0.0.1:5060") {
    auto field = [&](const std::string& name) {
      size_t at = challenge.find(name + "=\"");
      size_t end = challenge.find('"', at + name.size() + 2);
      return challenge.substr(at + name.size() + 2, end - at - name.size() - 2);
    };
    std::string nonce = field("nonce");
    std::string ha1 = digest_ha1(user, "switchyard", password);
    std::string ha2 = md5_hex(method + ":" + uri);
    std::string resp = md5_hex(ha1 + ":" + nonce + ":00000001:abc:auth:" + ha2);
    return "Authorization: Digest username=\"" + user + "\", realm=\"switchyard\", nonce=\"" + nonce + "\", uri=\"" + uri +
           "\", response=\"" + resp + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abc\"\r\n";
  }
  std::string challenge() {
    auto [to, d] = net.out.front();
    net.out.pop_front();
    EXPECT_NE(d.find("SIP/2.0 401"), std::string::npos) << d;
    return d;
  }
};

TEST_F(RegistrarTest, APhoneRegistersWithDigestAndIsRungWhereItRegisteredFrom) {
  sw.receive(nat, reg(1, ""));
  std::string ch = challenge();
  EXPECT_NE(ch.find("WWW-Authenticate: Digest realm=\"switchyard\""), std::string::npos);
  sw.receive(nat, reg(2, authorization(ch, "s3cret")));
  auto ok = net.pop().second;
  EXPECT_EQ(ok.status, 200);
  ASSERT_TRUE(ok.expires_s);
  EXPECT_EQ(*ok.expires_s, 300);
  EXPECT_EQ(app.reg, (std::vector<std::string>{"+agent01"}));
  auto r = sw.registration("agent01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->source, nat);
  EXPECT_EQ(r->contact.host, "192.168.1.20");
  EXPECT_EQ(sw.stats().registrations, 1u);
  // an offer rings it at the address its packets come from (NAT)
  sw.receive(Endpoint{"10.0.0.7", 5080}, invite("1000"));  // no trunk configured: 403, no call
  net.out.clear();
}

TEST_F(RegistrarTest, WrongPasswordsAreRefusedAndRateLimitedPerAddress) {
  for (int i = 0; i < 5; ++i) {
    sw.receive(nat, reg(1, ""));
    std::string ch = challenge();
    sw.receive(nat, reg(2, authorization(ch, "guess" + std::to_string(i))));
    EXPECT_NE(challenge().find("401"), std::string::npos);
  }
  EXPECT_EQ(sw.stats().register_failures, 5u);
  // now even the right password is refused for the rest of the minute
  sw.receive(nat, reg(3, ""));
  EXPECT_EQ(net.pop().second.status, 403);
  EXPECT_TRUE(app.reg.empty());
  // another address is not affected
  sw.receive(Endpoint{"203.0.113.10", 5060}, reg(4, ""));
  EXPECT_NE(challenge().find("401"), std::string::npos);
  // a minute later the address may try again
  clock.advance_ms(61'000);
  sw.receive(nat, reg(5, ""));
  std::string ch = challenge();
  sw.receive(nat, reg(6, authorization(ch, "s3cret")));
  EXPECT_EQ(net.pop().second.status, 200);
}

TEST_F(RegistrarTest, UnregisteringExpiryAndRemovedCredentialsEndTheRegistration) {
  auto register_now = [&](int expires) {
    sw.receive(nat, reg(1, ""));
    std::string ch = challenge();
    sw.receive(nat, reg(2, authorization(ch, "s3cret"), expires));
    return net.pop().second.status;
  };
  EXPECT_EQ(register_now(300), 200);
  EXPECT_EQ(register_now(0), 200);
  EXPECT_EQ(register_now(10), 423);  // too brief
  EXPECT_EQ(register_now(60), 200);
  clock.advance_ms(60'000);
  sw.tick();
  EXPECT_EQ(register_now(300), 200);
  sw.set_phones({});
  EXPECT_EQ(app.reg, (std::vector<std::string>{"+agent01", "-agent01 unregistered", "+agent01", "-agent01 registration expired",
                                               "+agent01", "-agent01 credentials removed"}));
  EXPECT_FALSE(sw.registration("agent01"));
}

TEST_F(RegistrarTest, AStaleNonceIsChallengedAgainWithoutCountingAFailure) {
  sw.receive(nat, reg(1, ""));
  std::string ch = challenge();
  clock.advance_ms(301'000);
  sw.receive(nat, reg(2, authorization(ch, "s3cret")));
  EXPECT_NE(challenge().find("stale=true"), std::string::npos);
  EXPECT_EQ(sw.stats().register_failures, 0u);
}

}  // namespace
}  // namespace switchyard::voice

namespace switchyard::voice {
namespace {

std::string info(const std::string& to_tag, uint32_t cseq, const std::string& type, const std::string& body) {
  return "INFO sip:switchyard@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.7:5080;branch=z9hG4bK-i" + std::to_string(cseq) + "\r\n"
         "From: <sip:5551234@10.0.0.7>;tag=cust\r\n"
         "To: <sip:1000@127.0.0.1>;tag=" + to_tag + "\r\n"
         "Call-ID: c1\r\n"
         "CSeq: " + std::to_string(cseq) + " INFO\r\n"
         "Content-Type: " + type + "\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(SwitchTest, AMenuCallIsAnsweredBeforeItsContactAndKeysReachTheApplication) {
  sw.receive(kTrunk, invite("1000"));
  EXPECT_EQ(net.pop().second.status, 100);
  CallRef call = app.last_call;
  sw.answer(call);
  auto ok = net.pop().second;
  ASSERT_EQ(ok.status, 200);
  EXPECT_FALSE(ok.body.empty());
  sw.receive(kTrunk, customer_request("ACK", ok.to_tag, 1));
  ASSERT_TRUE(sw.call_leg(call));
  // INFO in both common bodies; an unknown body is answered and ignored
  sw.receive(kTrunk, info(ok.to_tag, 2, "application/dtmf-relay", "Signal=2\r\nDuration=160\r\n"));
  EXPECT_EQ(net.pop().second.status, 200);
  sw.receive(kTrunk, info(ok.to_tag, 3, "application/dtmf", "#"));
  EXPECT_EQ(net.pop().second.status, 200);
  sw.receive(kTrunk, info(ok.to_tag, 4, "application/x-whatever", "Signal=9"));
  EXPECT_EQ(net.pop().second.status, 200);
  sw.digit(*sw.call_leg(call), '7');  // RFC 4733, from the relay
  sw.queued(call, 31);
  EXPECT_TRUE(net.out.empty());  // answered already: no second 200
  EXPECT_EQ(sw.caller_leg(31), sw.call_leg(call));
  sw.digit(*sw.caller_leg(31), '1');
  std::string c = std::to_string(call);
  EXPECT_EQ(app.log, (std::vector<std::string>{"arrived billing 5551234", "digit " + c + " 0 2", "digit " + c + " 0 #",
                                               "digit " + c + " 0 7", "digit " + c + " 31 1"}));
}

TEST_F(SwitchTest, ACallerLeavingTheMenuIsGoneAndARefusalAfterTheAnswerHangsUp) {
  sw.receive(kTrunk, invite("1000"));
  net.pop();
  CallRef call = app.last_call;
  sw.answer(call);
  auto ok = net.pop().second;
  sw.receive(kTrunk, customer_request("ACK", ok.to_tag, 1));
  sw.receive(kTrunk, customer_request("BYE", ok.to_tag, 2));
  EXPECT_EQ(net.pop().second.status, 200);
  EXPECT_EQ(app.log.back(), "gone " + std::to_string(call));
  EXPECT_EQ(sw.stats().legs, 0u);

  sw.receive(kTrunk, invite("1000", "c2"));
  net.pop();
  CallRef second = app.last_call;
  sw.answer(second);
  auto ok2 = net.pop().second;
  ASSERT_EQ(ok2.status, 200);
  // the ACK has not come yet: the BYE waits for it (RFC 3261 15)
  sw.refuse(second, 480);
  EXPECT_TRUE(net.out.empty());
  std::string ack = customer_request("ACK", ok2.to_tag, 1);
  ack.replace(ack.find("Call-ID: c1"), 11, "Call-ID: c2");
  sw.receive(kTrunk, ack);
  auto bye = net.pop().second;
  EXPECT_EQ(bye.method, "BYE");
  EXPECT_EQ(bye.call_id, "c2");
  EXPECT_NE(app.log.back(), "gone " + std::to_string(second));  // the application asked for it
}

TEST_F(SwitchTest, ReleasingTheCallerOfACallbackHangsUpWithoutEndingTheContact) {
  queued_call(12);
  sw.release_caller(12);
  auto bye = net.pop().second;
  EXPECT_EQ(bye.method, "BYE");
  EXPECT_FALSE(sw.has_contact(12));
  EXPECT_FALSE(sw.caller_leg(12));
  for (auto& l : app.log) EXPECT_EQ(l.find("caller_left"), std::string::npos) << l;
}

// A callback's turn: the agent's phone rings first; once it answers, the
// customer is dialled through the trunk and, on answer, bridged.
TEST_F(SwitchTest, ACallbackRingsTheAgentFirstThenDialsTheCustomerAndBridges) {
  sw.ring_callback(9, 3, *parse_sip_uri("sip:agent01@10.0.0.9:5070"), kPhone, *parse_sip_uri("sip:5551234@10.0.0.7:5080"), 30'000);
  EXPECT_TRUE(sw.has_contact(9));
  auto [to, inv] = net.pop();
  EXPECT_EQ(to, kPhone);
  EXPECT_EQ(inv.method, "INVITE");
  EXPECT_TRUE(net.out.empty());  // not the customer yet
  sw.receive(kPhone, phone_response(inv, 200, true));
  EXPECT_EQ(net.pop().second.method, "ACK");
  EXPECT_EQ(app.log.back(), "answered 9 3");
  auto [cto, cinv] = net.pop();
  EXPECT_EQ(cto, kTrunk);
  EXPECT_EQ(cinv.method, "INVITE");
  EXPECT_EQ(cinv.request_user, "5551234");
  EXPECT_FALSE(cinv.body.empty());
  EXPECT_TRUE(media.bridges.empty());
  sw.receive(kTrunk, phone_response(cinv, 180));
  sw.receive(kTrunk, phone_response(cinv, 200, true));
  EXPECT_EQ(net.pop().second.method, "ACK");
  ASSERT_EQ(media.bridges.size(), 1u);
  EXPECT_EQ(media.bridges[0].first, *sw.caller_leg(9));  // the customer's leg first (the recording's left channel)
  // the customer hangs up: the agent's leg ends, the application hears it
  OutRequest bye{"BYE", "sip:switchyard@127.0.0.1:5060", "SIP/2.0/UDP 10.0.0.7:5080;branch=z9hG4bK-cb",
                 "<sip:5551234@10.0.0.7:5080>;tag=ph", cinv.from, cinv.call_id, 2, "", "", {}, ""};
  sw.receive(kTrunk, make_request(bye));
  EXPECT_EQ(net.pop().second.status, 200);
  EXPECT_EQ(app.log.back(), "caller_left 9 talking to 3");
  EXPECT_EQ(net.pop().second.method, "BYE");  // to the agent
}

TEST_F(SwitchTest, ACallbackCustomerWhoLetsItRingIsGivenUpAndTheAgentHungUp) {
  sw.ring_callback(9, 3, *parse_sip_uri("sip:agent01@10.0.0.9:5070"), kPhone, *parse_sip_uri("sip:5551234@10.0.0.7:5080"), 30'000);
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 200, true));
  net.pop();  // ACK
  auto cinv = net.pop().second;
  sw.receive(kTrunk, phone_response(cinv, 180));
  clock.advance_ms(29'000);
  sw.tick();
  EXPECT_TRUE(net.out.empty());
  clock.advance_ms(1'000);
  sw.tick();
  auto cancel = net.pop().second;
  EXPECT_EQ(cancel.method, "CANCEL");
  sw.receive(kTrunk, phone_response(cancel, 200));
  sw.receive(kTrunk, phone_response(cinv, 487));
  EXPECT_EQ(net.pop().second.method, "ACK");
  EXPECT_EQ(app.log.back(), "callback_failed 9 3 408");
  EXPECT_EQ(net.pop().second.method, "BYE");  // the agent's phone
  EXPECT_FALSE(sw.has_contact(9));
}

TEST_F(SwitchTest, ABusyCallbackCustomerFailsWithTheirStatus) {
  sw.ring_callback(9, 3, *parse_sip_uri("sip:agent01@10.0.0.9:5070"), kPhone, *parse_sip_uri("sip:5551234@10.0.0.7:5080"), 30'000);
  auto inv = net.pop().second;
  sw.receive(kPhone, phone_response(inv, 200, true));
  net.pop();
  auto cinv = net.pop().second;
  sw.receive(kTrunk, phone_response(cinv, 486));
  EXPECT_EQ(net.pop().second.method, "ACK");
  auto bye = net.pop().second;
  EXPECT_EQ(bye.method, "BYE");
  EXPECT_EQ(bye.call_id, inv.call_id);
  EXPECT_EQ(app.log.back(), "callback_failed 9 3 486");
  sw.receive(kPhone, phone_response(bye, 200));
  EXPECT_EQ(sw.stats().legs, 0u);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(SwitchTest, OverTcpAnswersGoOnTheConnectionAndNothingIsRetransmittedButThe200) {
  const Endpoint conn{"10.0.0.7", 40001, true};  // the trunk's TCP connection
  std::string inv = invite("1000");
  inv.replace(inv.find("SIP/2.0/UDP"), 11, "SIP/2.0/TCP");
  sw.receive(conn, inv);
  auto [to100, trying] = net.pop();
  EXPECT_EQ(to100, conn);
  sw.queued(app.last_call, 8);
  auto [to200, ok] = net.pop();
  EXPECT_EQ(to200, conn);
  EXPECT_NE(ok.contact->str().find(";transport=tcp"), std::string::npos) << ok.contact->str();
  clock.advance_ms(600);
  sw.tick();
  EXPECT_EQ(net.pop().second.status, 200);  // the 2xx is sent again until the ACK (RFC 3261 13.3.1.4)
  std::string ack = customer_request("ACK", ok.to_tag, 1);
  sw.receive(conn, ack);
  // an agent's phone over TCP (its URI says so): the INVITE goes over TCP with a TCP Via
  sw.ring(8, 3, *parse_sip_uri("sip:agent01@10.0.0.9:5070;transport=tcp"));
  auto [to_phone, pinv] = net.pop();
  EXPECT_TRUE(to_phone.tcp);
  EXPECT_EQ(pinv.vias.at(0).rfind("SIP/2.0/TCP", 0), 0u) << pinv.vias.at(0);
  clock.advance_ms(2000);
  sw.tick();
  EXPECT_TRUE(net.out.empty());  // no INVITE retransmissions over TCP
  EXPECT_EQ(sw.stats().retransmissions, 1u);
}

// A trunk that proves itself with digest credentials instead of its address.
TEST_F(RegistrarTest, ATrunkWithCredentialsIsChallengedThenItsCallComesIn) {
  SwitchOptions o{{"127.0.0.1", 5060}, {}, {{"1000", "billing"}}, 500, 4000, 42};
  o.trunk_credentials = {{"carrier", digest_ha1("carrier", "switchyard", "trunk-pass")}};
  App calls;
  Switch trunked{o, clock, net, media, calls};
  const Endpoint carrier{"198.51.100.7", 5060};
  auto inv = [&](uint32_t cseq, const std::string& auth) {
    std::string m = invite("1000", "t1", cseq);
    return m.insert(m.find("Content-Type:"), auth);
  };
  trunked.receive(carrier, inv(1, ""));
  std::string ch = challenge();
  EXPECT_TRUE(calls.log.empty());
  // a wrong password is challenged again
  trunked.receive(carrier, inv(2, authorization(ch, "wrong", "INVITE", "carrier", "sip:1000@127.0.0.1:5060")));
  ch = challenge();
  EXPECT_TRUE(calls.log.empty());
  trunked.receive(carrier, inv(3, authorization(ch, "trunk-pass", "INVITE", "carrier", "sip:1000@127.0.0.1:5060")));
  auto [to, trying] = net.pop();
  EXPECT_EQ(trying.status, 100);
  EXPECT_EQ(calls.log, (std::vector<std::string>{"arrived billing 5551234"}));
  EXPECT_EQ(trunked.stats().register_failures, 1u);
}

}  // namespace
}  // namespace switchyard::voice
