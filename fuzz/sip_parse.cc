// Fuzz target: SIP messages (voice/sip.h) and the switch fed with them
// (voice/switch.h). Beyond "never crash", it checks:
//  - a refused datagram has an error message;
//  - a parsed request gets a response that parses back with the request's
//    Call-ID, CSeq and tags (what routes it to the sender);
//  - the switch, given the datagram as a trunk's and as a phone's, stays
//    consistent: it never holds more legs than calls it accepted.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "voice/sip.h"
#include "voice/switch.h"

using namespace switchyard;
using namespace switchyard::voice;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

struct Net : Transport {
  void send(const Endpoint&, std::string d) override { check(!d.empty()); }
};
struct Media : MediaPorts {
  Result<std::string> answer(LegId, std::string_view) override { return std::string("v=0\r\n"); }
  Result<std::string> offer(LegId, LegId) override { return std::string("v=0\r\n"); }
  Result<void> answered(LegId, std::string_view) override { return {}; }
  void bridge(LegId, LegId, core::ContactId) override {}
  void close(LegId) override {}
};
struct App : CallEvents {
  Switch* sw = nullptr;
  core::ContactId next = 1;
  void arrived(CallRef call, const std::string&, const std::string&) override { sw->queued(call, next++); }
  void agent_answered(core::ContactId, core::AgentId) override {}
  void agent_failed(core::ContactId, core::AgentId, int) override {}
  void caller_left(core::ContactId, core::AgentId) override {}
  void agent_left(core::ContactId, core::AgentId) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto m = parse_sip(bytes);
  if (!m) {
    check(!m.error().message.empty());
  } else if (m->request) {
    auto r = parse_sip(make_response(*m, 200, {}, "t1", Endpoint{"192.0.2.1", 5060}));
    check(r.has_value());
    check(r->call_id == m->call_id && r->cseq == m->cseq && r->from_tag == m->from_tag);
  }
  // the switch: as a customer's datagram from a trunk, then as a phone's
  ManualClock clock(1'000'000);
  Net net;
  Media media;
  App app;
  SwitchOptions o;
  o.local = {"127.0.0.1", 5060};
  o.trunk_sources = {"192.0.2.1"};
  o.numbers = {{"1000", "billing"}};
  Switch sw(o, clock, net, media, app);
  app.sw = &sw;
  sw.set_phones({{"1001", {"agent01", "0123456789abcdef0123456789abcdef"}}});
  sw.receive(Endpoint{"192.0.2.1", 5060}, bytes);
  if (app.next > 1) sw.ring(1, 7, SipUri{"agent01", "192.0.2.9", 5070});
  sw.receive(Endpoint{"192.0.2.9", 5070}, bytes);
  clock.advance_ms(40'000);
  sw.tick();
  check(sw.stats().legs <= 2 * (app.next - 1));
  return 0;
}
