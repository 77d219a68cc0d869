// SIP stacks measured against the call-rate goal (issue 10): >= 400 call
// set-ups per second into one queue on ONE core, 0 failed calls.
//
// For each candidate from Debian (osip2's parser libosipparser2, libre,
// sofia-sip's msg/sip parser) one benchmark iteration is the signalling work
// of one whole call as the B2BUA does it:
//   receives and parses 5 messages: the caller's INVITE (SDP, ~900 bytes),
//     the agent leg's 180 and 200 (SDP), the caller's ACK and BYE;
//   builds and serialises 6 messages: 100 Trying, 180 Ringing and 200 OK (SDP)
//     to the caller copying Via/From/To/Call-ID/CSeq, the INVITE to the agent,
//     the ACK to the agent, the 200 for the BYE;
//   reads the fields the server needs from each received message (method,
//   request-URI user, Call-ID, CSeq number and method, From tag, To tag, top
//   Via branch, Contact URI, body).
// Sockets, timers and transactions are not measured (our Asio loop owns them).
// Every call is checked (fields read back, outputs well formed); a call that
// fails counts in `failed` and the goal demands 0.
//
// Malformed input: BM_Malformed_* parse 10,000 deterministic corruptions of
// the INVITE (byte flips, truncations, delimiter bytes, deleted CRLFs) and
// count accepted (parsed and every needed field present) vs rejected. Run the
// ASan build for the crash check (allocation counting is off there).
//
//   build-release/bench/sip_stacks_bench --benchmark_min_time=1 --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
extern "C" {
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_port.h>
}
extern "C" {
#include <re.h>
}
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>
#pragma GCC diagnostic pop

// ---------------------------------------------------------------------------
// Allocation counting: the libraries are C and call malloc directly, so the
// executable interposes malloc/calloc/realloc (forwarding to glibc's) and
// counts. Off under AddressSanitizer, which owns malloc.
#if defined(__SANITIZE_ADDRESS__)
#define SY_COUNT_ALLOCS 0
#else
#define SY_COUNT_ALLOCS 1
#endif

namespace {
std::atomic<uint64_t> g_allocs{0};
std::atomic<uint64_t> g_alloc_bytes{0};
}  // namespace

#if SY_COUNT_ALLOCS
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* malloc(size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(n, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(n * m, std::memory_order_relaxed);
  return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(n, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
}
#endif

namespace {

// ---------------------------------------------------------------------------
// The call's messages.

constexpr std::string_view kCrlf = "\r\n";

std::string caller_sdp() {
  return "v=0\r\n"
         "o=- 3735928559 3735928559 IN IP4 198.51.100.7\r\n"
         "s=CarrierSBC\r\n"
         "c=IN IP4 198.51.100.7\r\n"
         "t=0 0\r\n"
         "m=audio 40000 RTP/AVP 0 8 9 18 101\r\n"
         "a=rtpmap:0 PCMU/8000\r\n"
         "a=rtpmap:8 PCMA/8000\r\n"
         "a=rtpmap:9 G722/8000\r\n"
         "a=rtpmap:18 G729/8000\r\n"
         "a=fmtp:18 annexb=no\r\n"
         "a=rtpmap:101 telephone-event/8000\r\n"
         "a=fmtp:101 0-16\r\n"
         "a=ptime:20\r\n"
         "a=sendrecv\r\n";
}

std::string agent_sdp() {
  return "v=0\r\n"
         "o=agent17 1122334455 1122334455 IN IP4 10.20.0.17\r\n"
         "s=-\r\n"
         "c=IN IP4 10.20.0.17\r\n"
         "t=0 0\r\n"
         "m=audio 18000 RTP/AVP 0 101\r\n"
         "a=rtpmap:0 PCMU/8000\r\n"
         "a=rtpmap:101 telephone-event/8000\r\n"
         "a=fmtp:101 0-16\r\n"
         "a=ptime:20\r\n"
         "a=sendrecv\r\n";
}

std::string with_body(std::string head, const std::string& body, std::string_view ctype) {
  if (!body.empty()) (head += "Content-Type: ") += std::string(ctype) + "\r\n";
  head += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  head += body;
  return head;
}

struct Wire {
  std::string invite;     // caller -> us
  std::string ringing;    // agent -> us (180)
  std::string ok;         // agent -> us (200 + SDP)
  std::string ack;        // caller -> us
  std::string bye;        // caller -> us
  std::string caller_sdp, agent_sdp;
};

const Wire& wire() {
  static const Wire w = [] {
    Wire x;
    x.caller_sdp = caller_sdp();
    x.agent_sdp = agent_sdp();
    x.invite = with_body(
        "INVITE sip:support@switchyard.example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK776asdhds;rport\r\n"
        "Max-Forwards: 70\r\n"
        "From: \"Alice Caller\" <sip:+15551230001@carrier.example.net>;tag=1928301774\r\n"
        "To: <sip:support@switchyard.example.com>\r\n"
        "Call-ID: a84b4c76e66710@pc33.carrier.example.net\r\n"
        "CSeq: 314159 INVITE\r\n"
        "Contact: <sip:+15551230001@198.51.100.7:5060;transport=udp>\r\n"
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY\r\n"
        "Supported: replaces, timer\r\n"
        "Session-Expires: 1800\r\n"
        "User-Agent: CarrierSBC/4.2.1\r\n"
        "P-Asserted-Identity: \"Alice Caller\" <sip:+15551230001@carrier.example.net>\r\n",
        x.caller_sdp, "application/sdp");
    const std::string agent_common =
        "Via: SIP/2.0/UDP 10.20.0.1:5060;branch=z9hG4bK-sy-1-a;received=10.20.0.1\r\n"
        "From: <sip:queue-support@10.20.0.1>;tag=sy-f-1\r\n"
        "To: <sip:agent17@10.20.0.17>;tag=ag17-55aa\r\n"
        "Call-ID: sy-leg-1@10.20.0.1\r\n"
        "CSeq: 1 INVITE\r\n"
        "Contact: <sip:agent17@10.20.0.17:5062>\r\n"
        "User-Agent: AgentPhone/2.0\r\n";
    x.ringing = with_body("SIP/2.0 180 Ringing\r\n" + agent_common, "", "");
    x.ok = with_body("SIP/2.0 200 OK\r\n" + agent_common + "Allow: INVITE, ACK, CANCEL, BYE\r\n",
                     x.agent_sdp, "application/sdp");
    const std::string caller_dialog =
        "Max-Forwards: 70\r\n"
        "From: \"Alice Caller\" <sip:+15551230001@carrier.example.net>;tag=1928301774\r\n"
        "To: <sip:support@switchyard.example.com>;tag=sy-t-1\r\n"
        "Call-ID: a84b4c76e66710@pc33.carrier.example.net\r\n";
    x.ack = with_body(
        "ACK sip:sy-1@203.0.113.10:5060 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK776asdhdt;rport\r\n" +
            caller_dialog + "CSeq: 314159 ACK\r\n",
        "", "");
    x.bye = with_body(
        "BYE sip:sy-1@203.0.113.10:5060 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK776asdhdu;rport\r\n" +
            caller_dialog + "CSeq: 314160 BYE\r\n" + "User-Agent: CarrierSBC/4.2.1\r\n",
        "", "");
    return x;
  }();
  return w;
}

// What the server reads from each received message: views into the
// library's parsed message, valid while it lives, but the Call-ID, which the
// server keeps as the dialog key (a copy, for every library alike). `contact`
// is the Contact URI's host (the part the server sends to; user and port are
// read alike).
struct Fields {
  std::string_view method, ruri_user, cseq_method, from_tag, to_tag, via_branch;
  std::string call_id;
  std::string_view contact, body;
  uint32_t cseq = 0;
  int status = 0;
  // Every field a request/response needs to be routed and answered.
  bool usable() const {
    return (!method.empty() || status != 0) && !call_id.empty() && cseq != 0 && !cseq_method.empty() &&
           !from_tag.empty() && !via_branch.empty();
  }
};

// The bytes handed to the socket: one reused buffer.
struct Out {
  std::string buf;
  int messages = 0;
  std::vector<std::string>* log = nullptr;  // --dump keeps every message
  void send(const char* p, size_t n) {
    buf.assign(p, n);
    sent();
  }
  void sent() {
    ++messages;
    if (log) log->push_back(buf);
    benchmark::DoNotOptimize(buf.data());
  }
};

constexpr std::string_view kOurVia = "SIP/2.0/UDP 10.20.0.1:5060;branch=z9hG4bK-sy-1-a";
constexpr std::string_view kOurAckVia = "SIP/2.0/UDP 10.20.0.1:5060;branch=z9hG4bK-sy-1-b";
constexpr std::string_view kContactToCaller = "<sip:sy-1@203.0.113.10:5060>";
constexpr std::string_view kOurFrom = "<sip:queue-support@10.20.0.1>;tag=sy-f-1";
constexpr std::string_view kAgentTo = "<sip:agent17@10.20.0.17>";
constexpr std::string_view kAgentUri = "sip:agent17@10.20.0.17:5062";
constexpr std::string_view kLegCallId = "sy-leg-1@10.20.0.1";
constexpr std::string_view kOurContact = "<sip:queue-support@10.20.0.1:5060>";

// Checks of one call's reads and of the last message sent (the 200 to BYE)
// that decide whether the call failed.
bool call_ok(const Fields& inv, const Fields& r180, const Fields& r200, const Fields& ack, const Fields& bye,
             const Out& out) {
  const Wire& w = wire();
  if (std::getenv("SY_DEBUG"))
    for (const Fields* f : {&inv, &r180, &r200, &ack, &bye})
      std::fprintf(stderr, "m=%.*s s=%d ruri=%.*s cid=%.*s cseq=%u %.*s ft=%.*s tt=%.*s br=%.*s ct=%.*s body=%zu\n",
                   int(f->method.size()), f->method.data(), f->status, int(f->ruri_user.size()), f->ruri_user.data(),
                   int(f->call_id.size()), f->call_id.c_str(), f->cseq, int(f->cseq_method.size()),
                   f->cseq_method.data(), int(f->from_tag.size()), f->from_tag.data(), int(f->to_tag.size()),
                   f->to_tag.data(), int(f->via_branch.size()), f->via_branch.data(), int(f->contact.size()),
                   f->contact.data(), f->body.size());
  return inv.method == "INVITE" && inv.ruri_user == "support" &&
         inv.call_id == "a84b4c76e66710@pc33.carrier.example.net" && inv.cseq == 314159 &&
         inv.cseq_method == "INVITE" && inv.from_tag == "1928301774" && inv.to_tag.empty() &&
         inv.via_branch == "z9hG4bK776asdhds" && inv.body == w.caller_sdp &&
         inv.contact == "198.51.100.7" && r180.status == 180 &&
         r180.to_tag == "ag17-55aa" && r180.via_branch == "z9hG4bK-sy-1-a" && r200.status == 200 &&
         r200.body == w.agent_sdp && r200.contact == "10.20.0.17" &&
         ack.method == "ACK" && ack.cseq_method == "ACK" && ack.to_tag == "sy-t-1" && bye.method == "BYE" &&
         bye.cseq == 314160 && bye.call_id == inv.call_id && out.messages == 6 &&
         out.buf.starts_with("SIP/2.0 200 OK\r\n") &&
         out.buf.find("314160 BYE") != std::string::npos;
}

std::string_view sv(const char* s) { return s ? std::string_view(s) : std::string_view(); }

// ---------------------------------------------------------------------------
// osip2 (libosipparser2)

namespace osip {

std::string_view gparam(osip_list_t* params, const char* name) {
  osip_generic_param_t* p = nullptr;
  if (osip_generic_param_get_byname(params, const_cast<char*>(name), &p) == 0 && p) return sv(p->gvalue);
  return {};
}

Fields read(osip_message_t* m) {
  Fields f;
  if (MSG_IS_REQUEST(m)) {
    f.method = sv(m->sip_method);
    if (m->req_uri) f.ruri_user = sv(m->req_uri->username);
  } else {
    f.status = m->status_code;
  }
  if (m->call_id && m->call_id->number) {  // osip splits "id@host"
    f.call_id = m->call_id->number;
    if (m->call_id->host) (f.call_id += '@') += m->call_id->host;
  }
  if (m->cseq) {
    f.cseq = m->cseq->number ? static_cast<uint32_t>(std::strtoul(m->cseq->number, nullptr, 10)) : 0;
    f.cseq_method = sv(m->cseq->method);
  }
  if (m->from) f.from_tag = gparam(&m->from->gen_params, "tag");
  if (m->to) f.to_tag = gparam(&m->to->gen_params, "tag");
  osip_via_t* via = nullptr;
  if (osip_message_get_via(m, 0, &via) >= 0 && via) f.via_branch = gparam(&via->via_params, "branch");
  osip_contact_t* c = nullptr;
  if (osip_message_get_contact(m, 0, &c) >= 0 && c && c->url) f.contact = sv(c->url->host);
  osip_body_t* b = nullptr;
  if (osip_message_get_body(m, 0, &b) >= 0 && b && b->body) f.body = {b->body, b->length};
  return f;
}

osip_message_t* parse(const std::string& s) {
  osip_message_t* m = nullptr;
  if (osip_message_init(&m) != 0) return nullptr;
  if (osip_message_parse(m, s.data(), s.size()) != 0) {
    osip_message_free(m);
    return nullptr;
  }
  return m;
}

void serialize(osip_message_t* m, Out& out) {
  char* dest = nullptr;
  size_t len = 0;
  if (osip_message_to_str(m, &dest, &len) == 0) out.send(dest, len);
  osip_free(dest);
  osip_message_free(m);
}

// A response to `req` copying Via/From/To/Call-ID/CSeq.
osip_message_t* response(osip_message_t* req, int code, const char* reason, bool to_tag) {
  osip_message_t* r = nullptr;
  osip_message_init(&r);
  osip_message_set_version(r, osip_strdup("SIP/2.0"));
  osip_message_set_status_code(r, code);
  osip_message_set_reason_phrase(r, osip_strdup(reason));
  for (int i = 0;; ++i) {
    osip_via_t* v = nullptr;
    if (osip_message_get_via(req, i, &v) < 0 || !v) break;
    osip_via_t* c = nullptr;
    osip_via_clone(v, &c);
    osip_list_add(&r->vias, c, -1);
  }
  osip_from_clone(req->from, &r->from);
  osip_to_clone(req->to, &r->to);
  if (to_tag) {
    osip_generic_param_t* t = nullptr;
    if (osip_to_get_tag(r->to, &t) != 0) osip_to_set_tag(r->to, osip_strdup("sy-t-1"));
  }
  osip_call_id_clone(req->call_id, &r->call_id);
  osip_cseq_clone(req->cseq, &r->cseq);
  return r;
}

osip_message_t* request(const char* method, std::string_view uri) {
  osip_message_t* r = nullptr;
  osip_message_init(&r);
  osip_message_set_method(r, osip_strdup(method));
  osip_message_set_version(r, osip_strdup("SIP/2.0"));
  osip_uri_t* u = nullptr;
  osip_uri_init(&u);
  osip_uri_parse(u, std::string(uri).c_str());
  osip_message_set_uri(r, u);
  return r;
}

void set_body(osip_message_t* m, std::string_view body) {
  osip_message_set_content_type(m, "application/sdp");
  osip_message_set_body(m, body.data(), body.size());
}

void one_call(Out& out, bool& ok) {
  const Wire& w = wire();
  out.messages = 0;
  osip_message_t* inv = parse(w.invite);
  if (!inv) {
    ok = false;
    return;
  }
  Fields fi = read(inv);
  {  // 100 Trying
    serialize(response(inv, 100, "Trying", false), out);
  }
  {  // INVITE to the agent
    osip_message_t* r = request("INVITE", "sip:agent17@10.20.0.17:5062");
    osip_message_set_via(r, std::string(kOurVia).c_str());
    osip_message_set_max_forwards(r, "70");
    osip_message_set_from(r, std::string(kOurFrom).c_str());
    osip_message_set_to(r, std::string(kAgentTo).c_str());
    osip_message_set_call_id(r, std::string(kLegCallId).c_str());
    osip_message_set_cseq(r, "1 INVITE");
    osip_message_set_contact(r, std::string(kOurContact).c_str());
    set_body(r, fi.body);
    serialize(r, out);
  }
  osip_message_t* r180 = parse(w.ringing);
  Fields f180 = r180 ? read(r180) : Fields{};
  {  // 180 to the caller
    osip_message_t* r = response(inv, 180, "Ringing", true);
    osip_message_set_contact(r, std::string(kContactToCaller).c_str());
    serialize(r, out);
  }
  osip_message_t* r200 = parse(w.ok);
  Fields f200 = r200 ? read(r200) : Fields{};
  {  // 200 + SDP to the caller
    osip_message_t* r = response(inv, 200, "OK", true);
    osip_message_set_contact(r, std::string(kContactToCaller).c_str());
    set_body(r, f200.body);
    serialize(r, out);
  }
  {  // ACK to the agent
    osip_message_t* r = request("ACK", kAgentUri);
    osip_message_set_via(r, std::string(kOurAckVia).c_str());
    osip_message_set_max_forwards(r, "70");
    osip_message_set_from(r, std::string(kOurFrom).c_str());
    if (r200 && r200->to) osip_to_clone(r200->to, &r->to);
    osip_message_set_call_id(r, std::string(kLegCallId).c_str());
    osip_message_set_cseq(r, "1 ACK");
    serialize(r, out);
  }
  osip_message_t* ack = parse(w.ack);
  Fields fa = ack ? read(ack) : Fields{};
  osip_message_t* bye = parse(w.bye);
  Fields fb = bye ? read(bye) : Fields{};
  if (bye) serialize(response(bye, 200, "OK", false), out);
  ok = r180 && r200 && ack && bye && call_ok(fi, f180, f200, fa, fb, out);
  for (osip_message_t* m : {inv, r180, r200, ack, bye})
    if (m) osip_message_free(m);
}

bool try_parse(const char* p, size_t n) {
  osip_message_t* m = nullptr;
  osip_message_init(&m);
  bool accepted = false;
  if (osip_message_parse(m, p, n) == 0) accepted = read(m).usable();
  osip_message_free(m);
  return accepted;
}

}  // namespace osip

// ---------------------------------------------------------------------------
// libre (re_sip.h: sip_msg_decode; building is re_printf into an mbuf, as
// libre's own sip_reply/sip_request do).

namespace lre {

std::string_view pv(const pl& p) { return p.p ? std::string_view(p.p, p.l) : std::string_view(); }

Fields read(const sip_msg* m) {
  Fields f;
  if (m->req) {
    f.method = pv(m->met);
    f.ruri_user = pv(m->uri.user);
  } else {
    f.status = m->scode;
  }
  f.call_id = pv(m->callid);  // copied
  f.cseq = m->cseq.num;
  f.cseq_method = pv(m->cseq.met);
  f.from_tag = pv(m->from.tag);
  f.to_tag = pv(m->to.tag);
  f.via_branch = pv(m->via.branch);
  if (const sip_hdr* h = sip_msg_hdr(m, SIP_HDR_CONTACT)) {
    sip_addr a{};
    if (sip_addr_decode(&a, &h->val) == 0) f.contact = pv(a.uri.host);
  }
  f.body = {reinterpret_cast<const char*>(mbuf_buf(m->mb)), mbuf_get_left(m->mb)};
  return f;
}

sip_msg* parse(const char* p, size_t n) {
  mbuf* mb = mbuf_alloc(n);
  if (!mb) return nullptr;
  mbuf_write_mem(mb, reinterpret_cast<const uint8_t*>(p), n);
  mbuf_set_pos(mb, 0);
  sip_msg* m = nullptr;
  int err = sip_msg_decode(&m, mb);
  mem_deref(mb);  // the message holds its own reference
  if (err) return nullptr;
  return m;
}
sip_msg* parse(const std::string& s) { return parse(s.data(), s.size()); }

void serialize(mbuf* mb, Out& out) {
  out.send(reinterpret_cast<const char*>(mb->buf), mb->end);
  mem_deref(mb);
}

bool print_via(const sip_hdr* hdr, const sip_msg*, void* arg) {
  mbuf_printf(static_cast<mbuf*>(arg), "Via: %r\r\n", &hdr->val);
  return false;
}

// A response copying Via/From/To/Call-ID/CSeq; the caller ends the head.
mbuf* response(const sip_msg* req, int code, const char* reason, bool to_tag) {
  mbuf* mb = mbuf_alloc(1024);
  mbuf_printf(mb, "SIP/2.0 %u %s\r\n", code, reason);
  sip_msg_hdr_apply(req, true, SIP_HDR_VIA, print_via, mb);
  mbuf_printf(mb, "From: %r\r\n", &req->from.val);
  mbuf_printf(mb, "To: %r%s\r\n", &req->to.val, to_tag && !pl_isset(&req->to.tag) ? ";tag=sy-t-1" : "");
  mbuf_printf(mb, "Call-ID: %r\r\nCSeq: %u %r\r\n", &req->callid, req->cseq.num, &req->cseq.met);
  return mb;
}

void end(mbuf* mb, std::string_view body) {
  if (!body.empty())
    mbuf_printf(mb, "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%b", body.size(), body.data(),
                body.size());
  else
    mbuf_write_str(mb, "Content-Length: 0\r\n\r\n");
}

void one_call(Out& out, bool& ok) {
  const Wire& w = wire();
  out.messages = 0;
  sip_msg* inv = parse(w.invite);
  if (!inv) {
    ok = false;
    return;
  }
  Fields fi = read(inv);
  {
    mbuf* mb = response(inv, 100, "Trying", false);
    end(mb, {});
    serialize(mb, out);
  }
  {
    mbuf* mb = mbuf_alloc(2048);
    mbuf_printf(mb,
                "INVITE %b SIP/2.0\r\nVia: %b\r\nMax-Forwards: 70\r\nFrom: %b\r\nTo: %b\r\n"
                "Call-ID: %b\r\nCSeq: 1 INVITE\r\nContact: %b\r\n",
                kAgentUri.data(), kAgentUri.size(), kOurVia.data(), kOurVia.size(), kOurFrom.data(),
                kOurFrom.size(), kAgentTo.data(), kAgentTo.size(), kLegCallId.data(), kLegCallId.size(),
                kOurContact.data(), kOurContact.size());
    end(mb, fi.body);
    serialize(mb, out);
  }
  sip_msg* r180 = parse(w.ringing);
  Fields f180 = r180 ? read(r180) : Fields{};
  {
    mbuf* mb = response(inv, 180, "Ringing", true);
    mbuf_printf(mb, "Contact: %b\r\n", kContactToCaller.data(), kContactToCaller.size());
    end(mb, {});
    serialize(mb, out);
  }
  sip_msg* r200 = parse(w.ok);
  Fields f200 = r200 ? read(r200) : Fields{};
  {
    mbuf* mb = response(inv, 200, "OK", true);
    mbuf_printf(mb, "Contact: %b\r\n", kContactToCaller.data(), kContactToCaller.size());
    end(mb, f200.body);
    serialize(mb, out);
  }
  if (r200) {
    mbuf* mb = mbuf_alloc(1024);
    mbuf_printf(mb,
                "ACK %b SIP/2.0\r\nVia: %b\r\nMax-Forwards: 70\r\nFrom: %b\r\nTo: %r\r\n"
                "Call-ID: %b\r\nCSeq: 1 ACK\r\n",
                kAgentUri.data(), kAgentUri.size(), kOurAckVia.data(), kOurAckVia.size(), kOurFrom.data(),
                kOurFrom.size(), &r200->to.val, kLegCallId.data(), kLegCallId.size());
    end(mb, {});
    serialize(mb, out);
  }
  sip_msg* ack = parse(w.ack);
  Fields fa = ack ? read(ack) : Fields{};
  sip_msg* bye = parse(w.bye);
  Fields fb = bye ? read(bye) : Fields{};
  if (bye) {
    mbuf* mb = response(bye, 200, "OK", false);
    end(mb, {});
    serialize(mb, out);
  }
  ok = r180 && r200 && ack && bye && call_ok(fi, f180, f200, fa, fb, out);
  for (sip_msg* m : {inv, r180, r200, ack, bye}) mem_deref(m);
}

bool try_parse(const char* p, size_t n) {
  sip_msg* m = parse(p, n);
  if (!m) return false;
  bool accepted = read(m).usable();
  mem_deref(m);
  return accepted;
}

}  // namespace lre

// ---------------------------------------------------------------------------
// sofia-sip (msg_make + sip_t; building with sip_add_dup / sip_add_make and
// msg_prepare into the message's own buffer, as nta does).

namespace sofia {

Fields read(msg_t* msg) {
  Fields f;
  sip_t* s = sip_object(msg);
  if (!s) return f;
  if (s->sip_request) {
    f.method = sv(s->sip_request->rq_method_name);
    f.ruri_user = sv(s->sip_request->rq_url->url_user);
  } else if (s->sip_status) {
    f.status = s->sip_status->st_status;
  }
  if (s->sip_call_id) f.call_id = sv(s->sip_call_id->i_id);  // copied
  if (s->sip_cseq) {
    f.cseq = s->sip_cseq->cs_seq;
    f.cseq_method = sv(s->sip_cseq->cs_method_name);
  }
  if (s->sip_from) f.from_tag = sv(s->sip_from->a_tag);
  if (s->sip_to) f.to_tag = sv(s->sip_to->a_tag);
  if (s->sip_via) f.via_branch = sv(s->sip_via->v_branch);
  // The server needs the Contact's host (and user/port, read alike).
  if (s->sip_contact) f.contact = sv(s->sip_contact->m_url->url_host);
  if (s->sip_payload) f.body = {s->sip_payload->pl_data, s->sip_payload->pl_len};
  return f;
}

msg_t* parse(const char* p, size_t n) {
  msg_t* m = msg_make(sip_default_mclass(), 0, p, static_cast<ssize_t>(n));
  if (!m) return nullptr;
  if (msg_has_error(m) || !msg_is_complete(m) || !sip_object(m)) {
    msg_destroy(m);
    return nullptr;
  }
  return m;
}
msg_t* parse(const std::string& s) { return parse(s.data(), s.size()); }

void serialize(msg_t* m, Out& out) {
  sip_t* s = sip_object(m);
  sip_complete_message(m);
  if (msg_serialize(m, reinterpret_cast<msg_pub_t*>(s)) == 0 && msg_prepare(m) > 0) {
    msg_iovec_t v[4];
    isize_t n = msg_iovec(m, v, 4);
    std::string& b = out.buf;
    b.clear();
    for (isize_t i = 0; i < n && i < 4; ++i) b.append(static_cast<const char*>(v[i].mv_base), v[i].mv_len);
    out.sent();
  }
  msg_destroy(m);
}

msg_t* response(msg_t* reqmsg, int code, const char* reason, bool to_tag) {
  sip_t* req = sip_object(reqmsg);
  msg_t* m = msg_create(sip_default_mclass(), 0);
  sip_t* s = sip_object(m);
  su_home_t* h = msg_home(m);
  sip_header_insert(m, s, reinterpret_cast<sip_header_t*>(sip_status_create(h, code, reason, nullptr)));
  sip_add_dup(m, s, reinterpret_cast<const sip_header_t*>(req->sip_via));
  sip_add_dup(m, s, reinterpret_cast<const sip_header_t*>(req->sip_from));
  sip_add_dup(m, s, reinterpret_cast<const sip_header_t*>(req->sip_to));
  if (to_tag && !s->sip_to->a_tag) sip_to_tag(h, s->sip_to, "sy-t-1");
  sip_add_dup(m, s, reinterpret_cast<const sip_header_t*>(req->sip_call_id));
  sip_add_dup(m, s, reinterpret_cast<const sip_header_t*>(req->sip_cseq));
  return m;
}

void add(msg_t* m, msg_hclass_t* hc, std::string_view v) {
  sip_add_make(m, sip_object(m), hc, std::string(v).c_str());
}

void set_body(msg_t* m, std::string_view body) {
  sip_t* s = sip_object(m);
  sip_add_make(m, s, sip_content_type_class, "application/sdp");
  sip_payload_t* pl = sip_payload_create(msg_home(m), body.data(), static_cast<isize_t>(body.size()));
  sip_header_insert(m, s, reinterpret_cast<sip_header_t*>(pl));
}

msg_t* request(sip_method_t method, const char* name, std::string_view uri) {
  msg_t* m = msg_create(sip_default_mclass(), 0);
  std::string u(uri);
  sip_header_insert(m, sip_object(m),
                    reinterpret_cast<sip_header_t*>(
                        sip_request_create(msg_home(m), method, name, URL_STRING_MAKE(u.c_str()), nullptr)));
  return m;
}

void one_call(Out& out, bool& ok) {
  const Wire& w = wire();
  out.messages = 0;
  msg_t* inv = parse(w.invite);
  if (!inv) {
    ok = false;
    return;
  }
  Fields fi = read(inv);
  serialize(response(inv, 100, "Trying", false), out);
  {
    msg_t* r = request(SIP_METHOD_INVITE, kAgentUri);
    add(r, sip_via_class, kOurVia);
    add(r, sip_max_forwards_class, "70");
    add(r, sip_from_class, kOurFrom);
    add(r, sip_to_class, kAgentTo);
    add(r, sip_call_id_class, kLegCallId);
    add(r, sip_cseq_class, "1 INVITE");
    add(r, sip_contact_class, kOurContact);
    set_body(r, fi.body);
    serialize(r, out);
  }
  msg_t* r180 = parse(w.ringing);
  Fields f180 = r180 ? read(r180) : Fields{};
  {
    msg_t* r = response(inv, 180, "Ringing", true);
    add(r, sip_contact_class, kContactToCaller);
    serialize(r, out);
  }
  msg_t* r200 = parse(w.ok);
  Fields f200 = r200 ? read(r200) : Fields{};
  {
    msg_t* r = response(inv, 200, "OK", true);
    add(r, sip_contact_class, kContactToCaller);
    set_body(r, f200.body);
    serialize(r, out);
  }
  if (r200) {
    msg_t* r = request(SIP_METHOD_ACK, kAgentUri);
    add(r, sip_via_class, kOurAckVia);
    add(r, sip_max_forwards_class, "70");
    add(r, sip_from_class, kOurFrom);
    sip_add_dup(r, sip_object(r), reinterpret_cast<const sip_header_t*>(sip_object(r200)->sip_to));
    add(r, sip_call_id_class, kLegCallId);
    add(r, sip_cseq_class, "1 ACK");
    serialize(r, out);
  }
  msg_t* ack = parse(w.ack);
  Fields fa = ack ? read(ack) : Fields{};
  msg_t* bye = parse(w.bye);
  Fields fb = bye ? read(bye) : Fields{};
  if (bye) serialize(response(bye, 200, "OK", false), out);
  ok = r180 && r200 && ack && bye && call_ok(fi, f180, f200, fa, fb, out);
  for (msg_t* m : {inv, r180, r200, ack, bye})
    if (m) msg_destroy(m);
}

bool try_parse(const char* p, size_t n) {
  msg_t* m = parse(p, n);
  if (!m) return false;
  bool accepted = read(m).usable();
  msg_destroy(m);
  return accepted;
}

}  // namespace sofia

// ---------------------------------------------------------------------------

void init_libraries() {
  static const bool done = [] {
    parser_init();  // osip's header-name tables
    // Debian's osip is built with tracing, which writes every parse error to
    // stderr; the server would route it to its logger at debug level.
    osip_trace_initialize_func(TRACE_LEVEL0, [](const char*, int, osip_trace_level_t, const char*, va_list) {});
    for (int l = 0; l < END_TRACE_LEVEL; ++l) osip_trace_disable_level(static_cast<osip_trace_level_t>(l));
    return true;
  }();
  (void)done;
}

template <void (*OneCall)(Out&, bool&)>
void BM_Call(benchmark::State& state) {
  init_libraries();
  Out out;
  out.buf.reserve(4096);
  bool ok = false;
  OneCall(out, ok);  // warm up and check once
  if (!ok) {
    state.SkipWithError("the call's checks failed");
    return;
  }
  int64_t failed = 0, calls = 0;
  const uint64_t a0 = g_allocs.load(), b0 = g_alloc_bytes.load();
  for (auto _ : state) {
    OneCall(out, ok);
    failed += !ok;
    ++calls;
  }
  const uint64_t a1 = g_allocs.load(), b1 = g_alloc_bytes.load();
  state.counters["calls/s"] = benchmark::Counter(static_cast<double>(calls), benchmark::Counter::kIsRate);
  state.counters["failed"] = static_cast<double>(failed);
  if (SY_COUNT_ALLOCS && calls > 0) {
    state.counters["allocs/msg"] = static_cast<double>(a1 - a0) / static_cast<double>(calls * 11);
    state.counters["KiB/msg"] = static_cast<double>(b1 - b0) / 1024.0 / static_cast<double>(calls * 11);
  }
}
BENCHMARK(BM_Call<osip::one_call>)->Name("BM_Call/osip2")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Call<lre::one_call>)->Name("BM_Call/libre")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Call<sofia::one_call>)->Name("BM_Call/sofia-sip")->Unit(benchmark::kMicrosecond);

// 10,000 deterministic corruptions of the INVITE.
const std::vector<std::string>& corrupted() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> out;
    const std::string& inv = wire().invite;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    auto rnd = [&x] {  // xorshift64*
      x ^= x >> 12;
      x ^= x << 25;
      x ^= x >> 27;
      return x * 0x2545F4914F6CDD1Dull;
    };
    constexpr char kDelims[] = {':', ';', '<', '>', '@', '\r', '\n', ' ', '\0', '"', ',', '=', '\t', '\xff'};
    for (int i = 0; i < 10'000; ++i) {
      std::string s = inv;
      switch (i % 5) {
        case 0: {  // 1..8 random bit flips
          const int n = 1 + static_cast<int>(rnd() % 8);
          for (int k = 0; k < n; ++k) s[rnd() % s.size()] ^= static_cast<char>(1u << (rnd() % 8));
          break;
        }
        case 1:  // truncation anywhere
          s.resize(rnd() % s.size());
          break;
        case 2: {  // 1..4 bytes replaced by delimiters / NUL / 0xff
          const int n = 1 + static_cast<int>(rnd() % 4);
          for (int k = 0; k < n; ++k) s[rnd() % s.size()] = kDelims[rnd() % sizeof kDelims];
          break;
        }
        case 3: {  // a CRLF deleted (header folding / merged lines) plus a flip
          size_t pos = s.find(kCrlf, rnd() % s.size());
          if (pos != std::string::npos) s.erase(pos, 2);
          s[rnd() % s.size()] ^= 0x20;
          break;
        }
        case 4: {  // a random span of random bytes
          const size_t at = rnd() % s.size();
          const size_t n = std::min<size_t>(1 + rnd() % 32, s.size() - at);
          for (size_t k = 0; k < n; ++k) s[at + k] = static_cast<char>(rnd());
          break;
        }
      }
      out.push_back(std::move(s));
    }
    return out;
  }();
  return v;
}

template <bool (*TryParse)(const char*, size_t)>
void BM_Malformed(benchmark::State& state) {
  init_libraries();
  const auto& inputs = corrupted();
  int64_t accepted = 0, rejected = 0;
  int64_t by_kind[5] = {};  // accepted per kind of corruption (i % 5)
  for (auto _ : state) {
    accepted = rejected = 0;
    std::fill(std::begin(by_kind), std::end(by_kind), 0);
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string& s = inputs[i];
      // A private copy of exactly s.size() bytes, so ASan/valgrind see any over-read.
      std::unique_ptr<char[]> p(new char[s.size() ? s.size() : 1]);
      std::memcpy(p.get(), s.data(), s.size());
      if (TryParse(p.get(), s.size())) {
        ++accepted;
        ++by_kind[i % 5];
      } else {
        ++rejected;
      }
    }
  }
  state.counters["inputs"] = static_cast<double>(inputs.size());
  state.counters["accepted"] = static_cast<double>(accepted);
  state.counters["rejected"] = static_cast<double>(rejected);
  const char* kinds[5] = {"acc_flip", "acc_trunc", "acc_delim", "acc_crlf", "acc_span"};
  for (int k = 0; k < 5; ++k) state.counters[kinds[k]] = static_cast<double>(by_kind[k]);
  state.counters["inputs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * inputs.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Malformed<osip::try_parse>)->Name("BM_Malformed/osip2")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Malformed<lre::try_parse>)->Name("BM_Malformed/libre")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Malformed<sofia::try_parse>)->Name("BM_Malformed/sofia-sip")->Unit(benchmark::kMillisecond);

// `--dump`: print one call's sent messages per library (for eyeballing).
void dump() {
  init_libraries();
  const Wire& w = wire();
  std::printf("received: INVITE %zu bytes (SDP %zu), 180 %zu, 200 %zu (SDP %zu), ACK %zu, BYE %zu\n",
              w.invite.size(), w.caller_sdp.size(), w.ringing.size(), w.ok.size(), w.agent_sdp.size(),
              w.ack.size(), w.bye.size());
  for (auto [name, fn] : {std::pair{"osip2", &osip::one_call}, std::pair{"libre", &lre::one_call},
                          std::pair{"sofia-sip", &sofia::one_call}}) {
    Out out;
    std::vector<std::string> log;
    out.log = &log;
    bool ok = false;
    fn(out, ok);
    std::printf("======== %s: call %s\n", name, ok ? "ok" : "FAILED");
    for (const std::string& m : log) std::printf("%s\n--------\n", m.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--dump") {
    dump();
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
