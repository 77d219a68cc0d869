#pragma once
// The voice edge: SIP over UDP and RTP on Asio, beside the HTTP edge. It
// owns the switch (switch.h) and the RTP relay (rtp_relay.h) on one thread
// of its own, calls the application services like every transport (a
// customer's call becomes a contact through ContactService), and follows
// the committed events to ring, stop ringing and hang up (docs/voice.md).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "app/agent_service.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "core/event.h"
#include "voice/phone_book.h"
#include "voice/rtp_relay.h"
#include "voice/switch.h"

namespace switchyard::voice {

struct VoiceOptions {
  std::string address = "127.0.0.1";  // SIP and RTP
  uint16_t sip_port = 5060;           // UDP
  uint16_t rtp_port_min = 20000;
  uint16_t rtp_port_max = 20999;
  std::vector<std::string> trunk_sources;      // hosts whose INVITEs are customers' calls
  std::map<std::string, std::string> numbers;  // dialled number -> queue name
  std::map<std::string, std::string> agents;   // agent name -> SIP URI of their phone
  std::string recordings_dir;                  // "" = calls are not recorded
  std::string realm = "switchyard";            // digest realm of phone registrations
};

struct VoiceStats {
  SwitchStats sip;
  RelayTotals rtp;
};

class VoiceEdge final : private CallEvents, private Transport {
 public:
  // A phone whose registration ends logs its agent out (through `agents`):
  // at once when the agent has no call, else once the agent's work is done
  // (unless the phone registers again first).
  VoiceEdge(app::Runtime& rt, app::ContactService& contacts, app::AgentService& agents, VoiceOptions opts);
  ~VoiceEdge() override;
  // Binds the SIP port and starts the edge's thread.
  Result<void> start();
  void stop();
  // From the commit listener (any thread).
  void committed(std::span<const core::Event> events);
  VoiceStats stats();
  uint16_t sip_port() const;
  // The phones that may register (any thread; from app::PhoneService).
  void set_phones(std::vector<PhoneRow> rows);
  // An agent's registration now (any thread).
  std::optional<Registration> registration(const std::string& agent) const;

 private:
  struct Impl;
  // CallEvents (the switch's thread)
  void arrived(CallRef call, const std::string& queue_key, const std::string& caller) override;
  void agent_answered(core::ContactId contact, core::AgentId agent) override;
  void agent_failed(core::ContactId contact, core::AgentId agent, int status) override;
  void caller_left(core::ContactId contact, core::AgentId agent) override;
  void agent_left(core::ContactId contact, core::AgentId agent) override;
  void phone_registered(const std::string& agent) override;
  void phone_unregistered(const std::string& agent, const std::string& why) override;
  // Rings the agent's phone, when the agent has one (the edge's thread).
  void ring(core::ContactId contact, core::AgentId agent);
  // Logs out the agent whose phone left (the edge's thread).
  void log_out(const std::string& agent);
  // The loops of the edge's thread: SIP datagrams, the switch's timers.
  void read_sip();
  void tick();
  // Transport
  void send(const Endpoint& to, std::string datagram) override;

  app::Runtime& rt_;
  app::ContactService& contacts_;
  app::AgentService& agents_;
  VoiceOptions opts_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchyard::voice
