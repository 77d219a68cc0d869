#pragma once
// The surveys module: post-contact surveys (docs/api.md, "Surveys"). A form
// per queue (a 1-5 rating question and optional free-text questions), and
// one survey per contact: a one-time token (stored as its SHA-256), issued
// once the contact was answered, answered at most once before it expires.
// An answer becomes the engine event survey_answered (CSAT in the KPIs and
// the agent's feed) in the same transaction that marks it published; an
// answer stored but not yet published (a crash in between) is published at
// the next start.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::surveys {

const storage::ModuleSchema& schema();  // module "surveys"

inline constexpr int64_t kMinTtlS = 1;
inline constexpr int64_t kMaxTtlS = 30 * 86'400;
inline constexpr size_t kMaxExtraQuestions = 10;
inline constexpr size_t kMaxTextBytes = 2000;

struct SurveyForm {
  bool enabled = true;
  std::string question = "How satisfied are you with the help you received? (1-5)";
  std::vector<std::string> extra;   // free-text questions, answered in order
  int64_t ttl_s = 7 * 86'400;       // a token's lifetime
  bool operator==(const SurveyForm&) const = default;
};

struct Survey {
  core::ContactId contact = core::kNoContact;
  core::QueueId queue = core::kNoId;
  core::AgentId agent = core::kNoId;
  core::Channel channel = core::Channel::kVoice;
  int64_t issued_ms = 0;
  int64_t expires_ms = 0;
  std::optional<int64_t> answered_ms;
  int rating = 0;                    // 1..5 once answered
  std::vector<std::string> answers;  // to the form's extra questions
  std::string comment;
  bool published = false;            // survey_answered is in the event log
};

class SurveyRepository {
 public:
  explicit SurveyRepository(storage::SqlDriver& db) : db_(db) {}

  // The queue's form; nullopt when none was set (the default applies).
  Result<std::optional<SurveyForm>> form(core::QueueId queue);
  static void stage_form(storage::Transaction& tx, core::QueueId queue, const SurveyForm& f);

  // Issues (or re-issues, replacing the earlier token) the contact's
  // survey; kIllegalState when it was answered already.
  Result<void> issue(std::string_view token_hash, const Survey& s);
  Result<std::optional<Survey>> by_token(std::string_view token_hash);
  // Stores the answer if the survey is still open at `now_ms`: true when this
  // call answered it, false when it was answered or expired already.
  Result<bool> answer(std::string_view token_hash, int64_t now_ms, int rating, const std::vector<std::string>& answers,
                      std::string_view comment);
  // Marks the answer published (in the transaction of its event).
  static void stage_published(storage::Transaction& tx, core::ContactId contact);
  // Answers stored but not published.
  Result<std::vector<Survey>> unpublished();
  // The answered surveys of contacts first..last (ids, inclusive), by contact.
  Result<std::vector<Survey>> answered(core::ContactId first, core::ContactId last);
  // The agent's answered surveys with a comment, answered at or after `since_ms`, newest first, at
  // most `limit`; `contact` other than kNoContact: only that contact's (shared feedback, comms).
  Result<std::vector<Survey>> comments_of(core::AgentId agent, int64_t since_ms, core::ContactId contact, size_t limit);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::surveys
