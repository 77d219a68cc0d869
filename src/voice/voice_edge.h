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
#include <set>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "app/agent_service.h"
#include "app/contact_service.h"
#include "app/monitor_service.h"
#include "app/queue_prompt_service.h"
#include "app/survey_service.h"
#include "app/runtime.h"
#include "core/event.h"
#include "voice/phone_book.h"
#include "voice/rtp_relay.h"
#include "voice/switch.h"

namespace switchyard::voice {

// A menu a caller hears before a queue is chosen (an IVR): keys by RFC 4733
// or SIP INFO pick the queue.
struct VoiceMenu {
  std::string prompt;                     // read to the caller (in `language`), then again on a wrong key
  std::map<char, std::string> options;    // key -> queue name
  std::string fallback;                   // queue after `tries` silences / wrong keys ("" = hang up)
  std::string language;                   // "" = VoiceOptions::language
  int64_t timeout_ms = 8000;              // silence after the prompt before it is read again
  int tries = 3;
};

struct VoiceOptions {
  std::string address = "127.0.0.1";  // SIP and RTP
  uint16_t sip_port = 5060;           // UDP, and TCP on the same port when sip_tcp
  bool sip_tcp = true;
  uint16_t rtp_port_min = 20000;
  uint16_t rtp_port_max = 20999;
  int rtp_threads = 0;  // the relay's threads (shards); 0: one per core, at most 4
  std::vector<std::string> trunk_sources;      // hosts whose INVITEs are customers' calls
  std::map<std::string, std::string> trunk_credentials;  // or trunks proving themselves: username -> HA1
  std::map<std::string, std::string> numbers;  // dialled number -> queue name
  std::map<std::string, std::string> agents;   // agent name -> SIP URI of their phone
  std::string recordings_dir;                  // "" = calls are not recorded
  std::string realm = "switchyard";            // digest realm of phone registrations
  // While waiting (docs/voice.md, "While waiting"): the recording notice,
  // position and estimated wait, hold music, updates every
  // `position_every_ms`, a callback by `callback_key`.
  bool announce = true;
  std::string language = "en";                    // "en" or "zh"
  std::map<std::string, std::string> languages;   // dialled number -> language
  int64_t position_every_ms = 45'000;
  std::string callback_key = "1";                 // "" = no callbacks by key
  std::string prompts_dir;                        // synthesized prompts kept here ("" = memory only)
  std::string hold_music;                         // a sound file; "" = generated music
  std::map<std::string, VoiceMenu> menus;         // dialled number -> menu (instead of `numbers`)
  // Callbacks: dialled at sip:<caller>@<trunk_target> (host:port; "" = no
  // callbacks, the key is not offered), ringing at most `callback_ring_ms`;
  // an unanswered one is tried again `callback_retry_ms` later as a new
  // callback contact, at most `callback_attempts` times in all.
  std::string trunk_target;
  int64_t callback_ring_ms = 30'000;
  int64_t callback_retry_ms = 300'000;
  int callback_attempts = 3;
  int noise_suppression_db = 0;  // on agents' audio: -60..-1 dB, 0 = off (media/denoise.h)
  // Queues whose callers answer the survey by keys when the agent hangs up
  // first (the queue's survey form, app::SurveyService).
  std::set<std::string> survey_queues;
  int64_t survey_wait_ms = 10'000;  // for the key, after the question
};

struct VoiceStats {
  SwitchStats sip;
  RelayTotals rtp;
  uint64_t tcp_connections = 0;  // SIP over TCP, now
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
  // Surveys by keys (before start(); without it no call is surveyed).
  void set_surveys(app::SurveyService* surveys) { surveys_ = surveys; }
  // Queues' own greeting and hold music (before start(); optional).
  void set_queue_prompts(const app::QueuePromptService* prompts) { queue_prompts_ = prompts; }
  // The phones that may register (any thread; from app::PhoneService).
  void set_phones(std::vector<PhoneRow> rows);
  // An agent's registration now (any thread).
  std::optional<Registration> registration(const std::string& agent) const;
  // Listening in (app::CallMonitor; any thread, replies on the edge's thread).
  void monitor(core::ContactId contact, app::MonitorMode mode, std::string phone, std::string supervisor,
               app::Reply<app::MonitorState> reply);
  void monitor_state(core::ContactId contact, app::Reply<app::MonitorState> reply);
  void stop_monitor(core::ContactId contact, app::Reply<void> reply);

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
  void digit(CallRef call, core::ContactId contact, char key) override;
  void call_gone(CallRef call) override;
  void callback_failed(core::ContactId contact, core::AgentId agent, int status) override;
  void monitor_started(core::ContactId contact, LegId supervisor) override;
  void monitor_ended(core::ContactId contact, int status) override;
  // A callback's turn: ring the agent, then dial the customer (the edge's thread).
  void ring_callback(core::ContactId contact, core::AgentId agent);
  // A callback tried again: a new contact of `queue` for `customer`.
  void retry_callback(std::string customer, std::string queue, int attempt);
  // The caller's side (the edge's thread): a call became `contact` with
  // this position and wait; what the caller hears; a menu's choice.
  void waiting(CallRef call, core::ContactId contact, uint32_t position, std::optional<int64_t> ewt_ms, bool first);
  // `greeting` (a queue's own, or null) plays first, then the texts, then
  // the call's hold music when `then_music`.
  void say(CallRef call, std::vector<std::string> texts, bool then_music, std::shared_ptr<const std::vector<int16_t>> greeting = nullptr);
  // The hold music of the call's queue: its own, else the edge's.
  std::shared_ptr<const std::vector<int16_t>> music_for(core::QueueId queue) const;
  void create(CallRef call, const std::string& queue);
  void menu_prompt(CallRef call, bool after_wrong_key);
  void forget(CallRef call);
  // The survey once the agent hung up first (the edge's thread).
  void start_survey(CallRef call, core::ContactId contact);
  void answer_survey(CallRef call, int rating);
  // The callback key is offered: a key is set and callbacks can be dialled.
  bool callbacks_offered() const { return !opts_.callback_key.empty() && !opts_.trunk_target.empty(); }
  // Rings the agent's phone, when the agent has one (the edge's thread).
  void ring(core::ContactId contact, core::AgentId agent);
  // Where the agent's phone is reached: registered, else voice.agents.
  std::optional<std::pair<SipUri, Endpoint>> phone_of(core::AgentId agent);
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
  app::SurveyService* surveys_ = nullptr;
  const app::QueuePromptService* queue_prompts_ = nullptr;
  VoiceOptions opts_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchyard::voice
