#pragma once
// The stored form of every event body, field by field: the event log's own
// schema, independent of the public API's JSON (codec/), so either can change
// without the other. One description per struct drives both directions of
// the binary codec (log_format.h).
//
// Each field has a tag, a small number unique within its struct. Rules that
// keep old logs readable:
// - never reuse or renumber a tag; a removed field's tag stays retired;
// - a new field takes a new tag; old records lack it and read as its default;
// - a field's meaning and unit never change (add a field instead);
// - the decoder skips tags it does not know, so a newer log can be read by
//   tools that only need older fields.
#include <type_traits>

#include "core/config.h"
#include "core/event.h"

namespace switchyard::eventlog::schema {

// fields(v, s) calls v(tag, member) for every member of s; s may be const.
#define SY_FIELDS(Type) \
  template <typename V, typename T>  \
    requires std::is_same_v<std::remove_const_t<T>, Type> \
  void fields(V& v, T& s)

// ---- configuration
SY_FIELDS(core::EngineSettings) {
  v(1, s.offer_timeout_ms);
  v(2, s.missed_backoff_ms);
  v(3, s.max_consecutive_misses);
  v(4, s.default_acw_ms);
  v(5, s.voice_blocks_others);
  v(6, s.day_offset_ms);
  v(7, s.ewt_tau_ms);
}
SY_FIELDS(core::SkillRequirement) {
  v(1, s.skill);
  v(2, s.min_proficiency);
}
SY_FIELDS(core::BullseyeStep) {
  v(1, s.after_ms);
  v(2, s.min_proficiency);
  v(3, s.alternative_skills);
  v(4, s.add_queues);
  v(5, s.add_sites);
}
SY_FIELDS(core::GroupThreshold) {
  v(1, s.group);
  v(2, s.threshold_ms);
}
SY_FIELDS(core::OverflowConfig) {
  v(1, s.threshold_ms);
  v(2, s.group_thresholds);
  v(3, s.use_ewt);
  v(4, s.backup_queues);
  v(5, s.backup_teams);
}
SY_FIELDS(core::QueueConfig) {
  v(1, s.name);
  v(2, s.channel);
  v(3, s.skills);
  v(4, s.priority);
  v(5, s.weight);
  v(6, s.max_length);
  v(7, s.max_wait_ms);
  v(8, s.exit_action);
  v(9, s.exit_target);
  v(10, s.sl_target_ms);
  v(11, s.sl_target_pct);
  v(12, s.bullseye);
  v(13, s.overflow);
  v(14, s.strategy);
  v(15, s.sites);
  v(16, s.acw_ms);
  v(17, s.open);
}
SY_FIELDS(core::AgentSkill) {
  v(1, s.skill);
  v(2, s.proficiency);
}
SY_FIELDS(core::AgentConfig) {
  v(1, s.name);
  v(2, s.team);
  v(3, s.site);
  v(4, s.skills);
  v(5, s.capacity);
}
SY_FIELDS(core::ContactSpec) {
  v(1, s.queue);
  v(2, s.channel);
  v(3, s.priority);
  v(4, s.customer_id);
  v(5, s.customer_group);
  v(6, s.attributes);
}

// ---- event bodies
namespace ev = core::ev;
SY_FIELDS(ev::SettingsChanged) { v(1, s.settings); }
SY_FIELDS(ev::SkillDefined) { v(1, s.skill); v(2, s.name); }
SY_FIELDS(ev::TeamDefined) { v(1, s.team); v(2, s.name); }
SY_FIELDS(ev::SiteDefined) { v(1, s.site); v(2, s.name); }
SY_FIELDS(ev::QueueConfigured) { v(1, s.queue); v(2, s.config); }
SY_FIELDS(ev::AgentConfigured) { v(1, s.agent); v(2, s.config); }
SY_FIELDS(ev::AgentLoggedIn) { v(1, s.agent); v(2, s.ready); }
SY_FIELDS(ev::AgentLoggedOut) { v(1, s.agent); }
SY_FIELDS(ev::AgentReady) { v(1, s.agent); }
SY_FIELDS(ev::AgentNotReady) { v(1, s.agent); v(2, s.reason); }
SY_FIELDS(ev::AgentBackoffEnded) { v(1, s.agent); }
SY_FIELDS(ev::AgentStateChanged) { v(1, s.agent); v(2, s.state); v(3, s.previous); v(4, s.reason); }
SY_FIELDS(ev::ContactCreated) { v(1, s.contact); v(2, s.spec); v(3, s.ewt_ms); v(4, s.baseline_ewt_ms); }
SY_FIELDS(ev::ContactRefused) { v(1, s.contact); v(2, s.spec); v(3, s.reason); }
SY_FIELDS(ev::ContactOffered) { v(1, s.contact); v(2, s.agent); v(3, s.queue); }
SY_FIELDS(ev::OfferRejected) { v(1, s.contact); v(2, s.agent); v(3, s.queue); }
SY_FIELDS(ev::OfferTimedOut) { v(1, s.contact); v(2, s.agent); v(3, s.queue); }
SY_FIELDS(ev::ContactAccepted) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.wait_ms); }
SY_FIELDS(ev::ContactHeld) { v(1, s.contact); v(2, s.agent); v(3, s.queue); }
SY_FIELDS(ev::ContactResumed) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.hold_ms); }
SY_FIELDS(ev::ContactEnded) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.talk_ms); v(5, s.hold_ms); }
SY_FIELDS(ev::WrapUpEnded) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.acw_ms); v(5, s.disposition); }
SY_FIELDS(ev::ContactCompleted) { v(1, s.contact); v(2, s.agent); v(3, s.queue); }
SY_FIELDS(ev::ContactAbandoned) { v(1, s.contact); v(2, s.queue); v(3, s.agent); v(4, s.wait_ms); }
SY_FIELDS(ev::ContactTransferred) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.target); v(5, s.keep_place); }
SY_FIELDS(ev::CallbackRequested) { v(1, s.contact); v(2, s.queue); }
SY_FIELDS(ev::BullseyeStep) { v(1, s.contact); v(2, s.queue); v(3, s.step); }
SY_FIELDS(ev::ContactOverflowed) { v(1, s.contact); v(2, s.queue); }
SY_FIELDS(ev::ContactMoved) { v(1, s.contact); v(2, s.queue); v(3, s.target); }
SY_FIELDS(ev::ContactExpired) { v(1, s.contact); v(2, s.queue); v(3, s.wait_ms); }
SY_FIELDS(ev::QueueOverflowStarted) { v(1, s.queue); }
SY_FIELDS(ev::QueueOverflowEnded) { v(1, s.queue); }
SY_FIELDS(ev::SurveyAnswered) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.channel); v(5, s.rating); }
SY_FIELDS(ev::ContactReserved) { v(1, s.contact); v(2, s.agent); v(3, s.queue); v(4, s.hold_ms); }

#undef SY_FIELDS

}  // namespace switchyard::eventlog::schema
