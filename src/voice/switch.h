#pragma once
// The voice switch: a back-to-back user agent (B2BUA) as a pure state
// machine. A customer's call from a trunk becomes a contact; when the routing
// core offers that contact to an agent, the switch rings the agent's phone in
// a second call leg and, on answer, bridges the two legs' media through
// Switchyard. docs/voice.md describes the flows.
//
// Pure and deterministic: no sockets, no threads, time from the injected
// Clock. What it needs from outside comes through three interfaces: the
// transport (datagrams out), the media ports (SDP and RTP relays, owned by
// the edge) and the application (contacts). The edge (voice_edge.h) feeds it
// received datagrams, calls tick() every few tens of milliseconds, and turns
// the application callbacks into service calls.
//
// Transactions (RFC 3261 section 17, over UDP): requests the switch sends are
// retransmitted from T1 doubling up to T2 until answered, and given up after
// 64*T1 (a ringing agent that never answers, a BYE nobody acknowledges);
// final responses to an INVITE are retransmitted until the ACK; a
// retransmitted request is answered with the last response again.
//
// Threading: one thread (the edge's strand).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/types.h"
#include "voice/sip.h"

namespace switchyard::voice {

using LegId = uint64_t;
using CallRef = uint64_t;  // an inbound call before it has a contact

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(const Endpoint& to, std::string datagram) = 0;
};

// RTP ports and their SDP, one per leg. Implemented by the edge (RTP relay);
// tests use a fake.
class MediaPorts {
 public:
  virtual ~MediaPorts() = default;
  // An inbound leg: opens a port for `offer` and returns our SDP answer
  // (an error when nothing in the offer is acceptable: the call gets 488).
  virtual Result<std::string> answer(LegId leg, std::string_view offer_sdp) = 0;
  // An outbound leg: opens a port and returns our SDP offer. `near`: the
  // leg it is for (the caller an agent is rung for, the agent a callback
  // dials the customer for, the call a supervisor joins; 0: none), whose
  // media it will meet (the relay keeps them on one thread).
  virtual Result<std::string> offer(LegId leg, LegId near = 0) = 0;
  // The answer to our offer arrived.
  virtual Result<void> answered(LegId leg, std::string_view answer_sdp) = 0;
  // Relay between the customer's leg and the agent's (both open), both
  // ways, for `contact` (the recording's name).
  virtual void bridge(LegId customer, LegId agent, core::ContactId contact) = 0;
  virtual void close(LegId leg) = 0;
  // A supervisor's leg joins the bridged call of `customer` and `agent`
  // (what each hears is the relay's mode, set by the edge).
  virtual void join(LegId supervisor, LegId customer, LegId agent) {
    (void)supervisor;
    (void)customer;
    (void)agent;
  }
};

// What the switch tells the application. Calls come from the switch's thread.
class CallEvents {
 public:
  virtual ~CallEvents() = default;
  // A new call for `queue_key` (the dialled number's entry); answer with
  // Switch::queued() or Switch::refuse().
  virtual void arrived(CallRef call, const std::string& queue_key, const std::string& caller) = 0;
  virtual void agent_answered(core::ContactId contact, core::AgentId agent) = 0;
  // The agent's phone refused (486, 603, ...), or did not answer (408).
  virtual void agent_failed(core::ContactId contact, core::AgentId agent, int status) = 0;
  // The customer hung up: talking to `agent`, or (kNoId) before any agent
  // answered.
  virtual void caller_left(core::ContactId contact, core::AgentId agent) = 0;
  virtual void agent_left(core::ContactId contact, core::AgentId agent) = 0;
  // A key the caller pressed (SIP INFO here; RFC 4733 events come through
  // Switch::digit from the relay). `contact` is kNoContact while the call
  // has none (a menu).
  virtual void digit(CallRef call, core::ContactId contact, char key) {
    (void)call;
    (void)contact;
    (void)key;
  }
  // A call answered before it had a contact (Switch::answer) ended without
  // one: the caller hung up in the menu, or refuse() hung up.
  virtual void call_gone(CallRef call) { (void)call; }
  // A supervisor's phone answered / the supervisor left (their BYE, the
  // call ending, or the phone refusing: `status` >= 300).
  virtual void monitor_started(core::ContactId contact, LegId supervisor) {
    (void)contact;
    (void)supervisor;
  }
  virtual void monitor_ended(core::ContactId contact, int status) {
    (void)contact;
    (void)status;
  }
  // A callback's customer did not answer (408 after the ring time, or
  // their answer: 486, 603, ...); the agent's leg is hung up too.
  virtual void callback_failed(core::ContactId contact, core::AgentId agent, int status) {
    (void)contact;
    (void)agent;
    (void)status;
  }
  // An agent's phone registered or refreshed its registration
  // (Switch::registration() has it); or its registration ended
  // (unregistered, expired, credentials removed): the agent is no longer
  // reachable by voice.
  virtual void phone_registered(const std::string& agent) { (void)agent; }
  virtual void phone_unregistered(const std::string& agent, const std::string& why) {
    (void)agent;
    (void)why;
  }
};

// A phone's credentials: the SIP username it registers with maps to an agent.
struct PhoneCredential {
  std::string agent;  // the agent's name
  std::string ha1;    // digest_ha1(username, realm, password)
};

// Where a registered phone is reached.
struct Registration {
  std::string agent;
  SipUri contact;       // the Contact it registered (the request URI of our INVITEs)
  Endpoint source;      // where its REGISTER came from (where we send: NAT)
  int64_t expires_ms = 0;
};

struct SwitchOptions {
  Endpoint local;                          // our SIP address (Via, Contact)
  std::vector<std::string> trunk_sources;  // hosts allowed to send calls in ("" or empty list: none)
  std::map<std::string, std::string> numbers;  // dialled user part -> queue key (queue name)
  int64_t t1_ms = 500;
  int64_t t2_ms = 4000;
  uint64_t seed = 1;                       // tags, branches and Call-IDs (unique per process start)
  // Registrar (phones with digest credentials)
  std::string realm = "switchyard";
  std::string nonce_secret = "switchyard";  // random per process start in the edge
  int64_t nonce_ttl_ms = 300'000;
  int64_t min_expires_s = 60, max_expires_s = 3600, default_expires_s = 600;
  int register_failures_per_minute = 5;     // failed attempts per source address, then 403 for the minute
  // Trunks that prove themselves instead (any source): username -> HA1 =
  // MD5(username:realm:password); their INVITEs are challenged (401, digest
  // as for phones, the same per-address rate limit).
  std::map<std::string, std::string> trunk_credentials = {};
};

struct SwitchStats {
  uint64_t calls_in = 0;          // INVITEs that became calls
  uint64_t calls_refused = 0;     // answered 4xx-6xx
  uint64_t bad_messages = 0;      // datagrams dropped as malformed
  uint64_t retransmissions = 0;   // our messages sent again
  uint64_t register_failures = 0; // REGISTERs with wrong credentials, or refused by the rate limit
  uint64_t digits = 0;            // keys callers pressed (SIP INFO and RFC 4733)
  size_t legs = 0;                // legs now
  size_t registrations = 0;       // phones registered now
};

class Switch {
 public:
  Switch(SwitchOptions opts, const Clock& clock, Transport& net, MediaPorts& media, CallEvents& app);

  // A datagram from `from`.
  void receive(const Endpoint& from, std::string_view bytes);
  // Retransmissions and transaction timeouts due by now.
  void tick();

  // The application's answers about an arrived call.
  // Answers the call now, before it has a contact (a menu plays first);
  // queued() later only links the contact. Ignored unless the call is
  // still arriving.
  void answer(CallRef call);
  // queued(): the call is contact `contact` (answered now if not yet).
  // refuse(): the call is refused with `status`; after answer(), hung up.
  void queued(CallRef call, core::ContactId contact);
  void refuse(CallRef call, int status);
  // A key pressed on `leg` (RFC 4733, from the relay): told to the
  // application as digit() when the leg is a caller's.
  void digit(LegId leg, char key);
  // When the agent of `contact` hangs up first, the caller stays on the
  // line (a survey by keys) instead of being hung up; agent_left() is told
  // as always, and the application ends the call (release_caller).
  void keep_caller_after_agent(core::ContactId contact);
  // The caller's leg of a call / a contact (to play prompts to), if any.
  std::optional<LegId> call_leg(CallRef call) const;
  std::optional<LegId> caller_leg(core::ContactId contact) const;
  // Hangs up the caller of `contact` without ending the contact (it became
  // a callback): caller_left() is not told.
  void release_caller(core::ContactId contact);
  // Ring `agent` for `contact` at `target`.
  void ring(core::ContactId contact, core::AgentId agent, const SipUri& target);
  // The offer to `agent` ended (rejected, timed out, withdrawn): stop ringing.
  void stop_ringing(core::ContactId contact, core::AgentId agent);
  // The contact ended elsewhere (the desk, the API): hang up both legs.
  void hang_up(core::ContactId contact);
  // Hang up the agent's leg only (its answer came too late); the customer
  // stays, waiting for the next offer.
  void drop_agent(core::ContactId contact);

  // Ring `agent` for `contact`: INVITE to `request_uri`, sent to `send_to`
  // (a registered phone: where its REGISTER came from).
  void ring(core::ContactId contact, core::AgentId agent, const SipUri& request_uri, const Endpoint& send_to);

  // A callback's turn: rings `agent` first (as ring()); once the phone
  // answers, dials the customer at `customer` (through the trunk), ringing
  // at most `ring_ms`, and bridges the two when the customer answers. A
  // customer who does not answer is told as callback_failed(). The
  // customer hanging up is caller_left(), the agent agent_left(), as for
  // an inbound call.
  void ring_callback(core::ContactId contact, core::AgentId agent, const SipUri& agent_uri, const Endpoint& agent_send_to,
                     const SipUri& customer, int64_t ring_ms);

  // A supervisor joins `contact`'s bridged call from their phone: INVITE
  // to `target`, sent to `send_to`; on answer the relay joins the three
  // legs (MediaPorts::join). One supervisor per call; kIllegalState when
  // the call is not bridged or already monitored.
  Result<void> monitor(core::ContactId contact, const SipUri& target, const Endpoint& send_to);
  // The supervisor leaves (BYE or CANCEL to their phone).
  void stop_monitor(core::ContactId contact);

  // The phones that may register (username -> credential); replaces the
  // set. A phone whose credential is gone loses its registration.
  void set_phones(std::map<std::string, PhoneCredential> by_username);
  // The agent's current registration, if any.
  std::optional<Registration> registration(const std::string& agent) const;

  bool has_contact(core::ContactId contact) const { return by_contact_.contains(contact); }
  SwitchStats stats() const;

 private:
  // kIdle: a callback's customer leg not dialled yet (the agent rings first).
  enum class State { kArriving, kAnswering, kRinging, kConfirmed, kCancelling, kEnding, kRefusing, kDone, kIdle };
  // One message we retransmit until something stops it.
  struct Retransmit {
    std::string data;
    Endpoint to;
    int64_t next_ms = 0;
    int64_t interval_ms = 0;
    int64_t give_up_ms = 0;
    bool active = false;
  };
  struct Leg {
    LegId id = 0;
    bool inbound = false;
    State state = State::kArriving;
    core::ContactId contact = core::kNoContact;
    core::AgentId agent = core::kNoId;
    CallRef call = 0;
    Endpoint remote;          // where requests in this dialog go
    Endpoint source;          // where the INVITE came from (inbound)
    std::string call_id;
    std::string local_tag;
    std::string remote_tag;
    std::string local_uri;    // our side's From (outbound) / To (inbound) value, without tag
    std::string remote_uri;   // their side's value, without tag
    std::string request_uri;  // where in-dialog requests go
    uint32_t local_cseq = 1;
    std::string invite_branch;   // outbound: the INVITE's branch (CANCEL and non-2xx ACK reuse it)
    std::optional<SipMessage> invite;  // inbound: the INVITE (responses are built from it)
    std::string last_response;   // inbound: resent on a retransmitted INVITE
    Retransmit rtx;
    bool media_open = false;
    bool cancel_pending = false;  // outbound: CANCEL once a provisional response arrives
    bool cancelled = false;       // inbound: CANCEL / BYE before the contact existed
    bool caller_reported = false; // inbound: caller_left already told
    bool bye_after_ack = false;   // inbound: hang up once our 200 is ACKed (RFC 3261 15)
    LegId peer = 0;
    // a callback's customer leg (outbound, to the trunk)
    bool callback = false;
    int64_t ring_ms = 0;         // how long the customer may ring
    int64_t ring_until_ms = 0;   // while dialling: when it is given up
    bool timed_out = false;      // given up: its 487 reports 408
    // a supervisor's leg (outbound, to their phone); on the caller's leg,
    // the supervisor's leg of its call
    bool keep_after_agent = false;  // on a caller's leg: a survey follows the agent's hang-up
    bool monitor = false;
    LegId monitored = 0;    // on a supervisor's leg: the caller's leg of the call
    LegId monitor_leg = 0;  // on a caller's leg: its supervisor's leg
  };

  void on_request(const Endpoint& from, SipMessage m);
  void on_response(const Endpoint& from, const SipMessage& m);
  void on_invite(const Endpoint& from, SipMessage m);
  void on_bye(const Endpoint& from, const SipMessage& m, Leg& leg);
  void on_cancel(const Endpoint& from, const SipMessage& m, Leg& leg);
  void on_info(const Endpoint& from, const SipMessage& m, Leg& leg);
  void on_invite_response(Leg& leg, const SipMessage& m);
  void on_register(const Endpoint& from, const SipMessage& m);
  // Digest authentication of `m` (a REGISTER, or an INVITE from a trunk with
  // credentials) against `ha1_of(username)` (null: unknown): the username
  // it proved, or nullopt when it was answered instead (401 with a fresh
  // challenge, stale=true for an old nonce, or 403 while the source is
  // rate-limited). Failures count per source address.
  std::optional<std::string> authenticate(const Endpoint& from, const SipMessage& m,
                                          const std::function<const std::string*(const std::string&)>& ha1_of);
  void unregister(const std::string& agent, const std::string& why);

  void reply(const Endpoint& to, const SipMessage& req, int status, std::string_view to_tag = {});
  void start_rtx(Leg& leg, const Endpoint& to, std::string data, bool until_ack);
  // The first request of outbound leg `l` (its INVITE, or the CANCEL of
  // it): request URI, tags, the INVITE's branch, transport, CSeq 1.
  OutRequest first_request(const Leg& l, std::string method) const;
  // Our INVITE of outbound leg `l` with `sdp` and `extra` headers.
  std::string invite(const Leg& l, std::string sdp, std::vector<std::pair<std::string, std::string>> extra) const;
  // A 2xx to our INVITE of outbound leg `l`: the dialog's far tag and
  // target taken from it, and its ACK sent (every time: a retransmitted
  // 200 gets its ACK again).
  void accept_2xx(Leg& l, const SipMessage& m);
  void send_bye(Leg& leg);
  void send_cancel(Leg& leg);
  void send_ack(Leg& leg, const SipMessage& resp, bool for_2xx);
  void finish(Leg& leg);  // closes media, forgets the leg
  void caller_gone(Leg& caller);
  void dial(Leg& customer);
  void end_monitor(Leg& caller);  // hangs up the caller's supervisor leg, if any (the call is over)                       // a callback's customer, once the agent answered
  void callback_failed(Leg& customer, int status);  // hangs up the agent, forgets the customer's leg, tells the application
  void agent_gone(Leg& agent, bool report);
  Leg* find_call_id(const std::string& call_id);
  Leg* leg(LegId id);
  std::string fresh(std::string_view prefix);
  std::string via(const std::string& branch, bool tcp) const;
  std::string contact_uri(bool tcp) const;

  SwitchOptions opts_;
  const Clock& clock_;
  Transport& net_;
  MediaPorts& media_;
  CallEvents& app_;
  uint64_t next_id_ = 1;
  uint64_t counter_ = 0;
  std::unordered_map<LegId, std::unique_ptr<Leg>> legs_;
  std::unordered_map<std::string, LegId> by_call_id_;
  std::unordered_map<CallRef, LegId> by_call_;
  std::unordered_map<core::ContactId, LegId> by_contact_;  // the caller's leg
  std::map<std::string, PhoneCredential> phones_;          // by SIP username
  std::map<std::string, Registration> registrations_;      // by agent name
  std::unordered_map<std::string, std::vector<int64_t>> register_failures_;  // by source host: times (ms)
  // Dialogs the far end ended with a BYE, remembered for 64*T1 (RFC 3261
  // 17.2.2: a non-INVITE server transaction absorbs retransmissions): when
  // our 200 to the BYE is lost, its retransmission gets 200 again, not 481.
  struct EndedDialog {
    uint32_t bye_cseq = 0;
    int64_t until_ms = 0;
  };
  std::unordered_map<std::string, EndedDialog> ended_;        // by Call-ID
  std::deque<std::pair<int64_t, std::string>> ended_order_;  // (until_ms, Call-ID), oldest first
  SwitchStats stats_;
};

}  // namespace switchyard::voice
