#pragma once
// A team lead listens to, whispers to or barges into an agent's phone call
// from their own phone (docs/voice.md, "Listening in"): the lead's phone is
// rung, and once it answers the voice edge mixes the call for it.
//
// Rules that live here: it needs kMonitorCalls in the contact's scope
// (leads their team's calls, admins all); the lead's phone is the one given
// (a sip: URI) or else the one configured for the user (voice.supervisors),
// else kInvalidArgument naming "phone"; every start and every change of
// mode is audited (call.monitor). What the edge refuses (not a connected
// call, someone else listening) comes back as its error (kIllegalState,
// field "contact").
//
// Threading: any thread; replies on service or edge threads.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"

namespace switchyard::app {

enum class MonitorMode { kListen, kWhisper, kBarge };
std::string_view to_string(MonitorMode m);
std::optional<MonitorMode> monitor_mode_from_string(std::string_view s);

struct MonitorState {
  core::ContactId contact = core::kNoContact;
  MonitorMode mode = MonitorMode::kListen;
  bool connected = false;  // false: the lead's phone is ringing
  std::string phone;       // the lead's phone
  std::string supervisor;  // the lead's user name
};

// What the voice edge does (set when voice runs; without it every call is
// kUnavailable).
struct CallMonitor {
  // Start monitoring, or change the mode of the same supervisor's monitoring.
  std::function<void(core::ContactId, MonitorMode, std::string phone, std::string supervisor, Reply<MonitorState>)> start;
  std::function<void(core::ContactId, Reply<MonitorState>)> get;  // kNotFound when nobody listens
  std::function<void(core::ContactId, Reply<void>)> stop;
};

class MonitorService {
 public:
  // `phones`: user name -> the SIP URI of their phone (voice.supervisors).
  MonitorService(Runtime& rt, ContactService& contacts, std::map<std::string, std::string> phones);
  void set_monitor(CallMonitor m) { monitor_ = std::move(m); }

  // `phone` empty: the user's configured phone.
  void start(const Caller& c, core::ContactId contact, MonitorMode mode, std::string phone, Reply<MonitorState> reply);
  void get(const Caller& c, core::ContactId contact, Reply<MonitorState> reply);
  void stop(const Caller& c, core::ContactId contact, Reply<void> reply);

 private:
  // The contact in the caller's scope, then `then` (on a service thread).
  void in_scope(const Caller& c, core::ContactId contact, std::function<void(Result<void>)> then);

  Runtime& rt_;
  ContactService& contacts_;
  std::map<std::string, std::string> phones_;
  CallMonitor monitor_;
};

}  // namespace switchyard::app
