#pragma once
// Post-contact surveys (surveys/surveys.h, docs/api.md "Surveys"): the
// integration that created a contact asks for a one-time token once the
// contact was answered; the customer reads the form and answers with the
// token alone (no login); each answer becomes the engine event
// survey_answered, so CSAT is in the live KPIs and the rollups, and the
// agent's own feed gets it at once.
//
// Errors: a token that is unknown is kNotFound, answered kIllegalState (409),
// expired kExpired (410); bad answers kInvalidArgument naming the field.
//
// Threading: every method from any thread; replies on service threads.
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "surveys/surveys.h"

namespace switchyard::app {

struct IssuedSurvey {
  std::string token;  // shown once; only its hash is stored
  int64_t expires_ms = 0;
};

enum class SurveyState { kOpen, kAnswered, kExpired };

struct SurveyPage {
  core::QueueId queue = core::kNoId;
  surveys::SurveyForm form;
  SurveyState state = SurveyState::kOpen;
  int64_t expires_ms = 0;
};

struct SurveyAnswer {
  int rating = 0;                    // 1..5
  std::vector<std::string> answers;  // to the form's extra questions, in order (fewer is fine)
  std::string comment;
};

class SurveyService {
 public:
  SurveyService(Runtime& rt, ContactService& contacts) : rt_(rt), contacts_(contacts) {}

  // Permission kCreateContact (integrations, admin). kIllegalState when the
  // contact was never answered, its queue's surveys are off, or it was
  // answered already; issuing again replaces an unanswered token.
  void issue(const Caller& c, core::ContactId id, Reply<IssuedSurvey> reply);
  // No login: the token is the credential.
  void page(const std::string& token, Reply<SurveyPage> reply);
  void answer(const std::string& token, SurveyAnswer a, Reply<void> reply);
  // A queue's form (kReadConfig) and its change (kWriteConfig, audited).
  void form(const Caller& c, core::QueueId queue, Reply<surveys::SurveyForm> reply);
  void set_form(const Caller& c, core::QueueId queue, surveys::SurveyForm f, Reply<surveys::SurveyForm> reply);
  // Publishes answers stored but not yet in the event log (after a crash);
  // at start, on a store worker.
  void publish_pending(storage::SqlDriver& db);

 private:
  void publish(const surveys::Survey& s, Reply<void> reply);
  Runtime& rt_;
  ContactService& contacts_;
};

// kInvalidArgument naming the field when the form breaks a rule.
Result<void> validate(const surveys::SurveyForm& f);

}  // namespace switchyard::app
