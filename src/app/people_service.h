#pragma once
// Recognition and people (docs/comms.md "Recognition", "People"; docs/api.md "Recognition and
// people") over module "comms_people" (comms/people_store.h). Users only (kReadComms).
//
// - Kudos: any user to any other user; the recipient is told (comms.kudos).
// - Agent of the week: the week's candidates of a team ranked by the published formula
//   (comms/recognition.h) from the quality leaderboard's points (QualityInsights) and peer
//   nominations; users nominate an agent of their own team (not their own agent), one nomination a
//   week; kConfirmRecognition (leads: their team) confirms one agent, who is told
//   (comms.agent_of_week). Candidates' figures are shown to leads of the team and to quality,
//   wfm, reporting and admin; agents see the winner and their own nomination.
// - Shared customer feedback: an agent shares a survey comment of its own contacts (consent);
//   the comment is quoted as it was then; stopping sharing removes it from the wall.
// - Celebrations: birthdays and work anniversaries of those who opted in, in the center's
//   calendar.
//
// Threading: every method from any thread; replies on store workers or the engine's.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/directory.h"
#include "app/quality_insights.h"
#include "app/runtime.h"
#include "comms/people_store.h"
#include "comms/recognition.h"

namespace switchyard::app {

struct KudosView {
  comms::Kudos kudos;
  std::string to_display;  // the recipient's display name ("" when none)
};

struct AowCandidate {
  comms::Candidate candidate;
  std::string user;  // the agent's user ("" when none)
  std::optional<double> quality, fcr, csat, aht_s;
  std::vector<std::string> reasons;  // the nominations' reasons
};
struct AgentOfWeek {
  std::string team, week;
  int64_t from_ms = 0, to_ms = 0;  // the week in the center's calendar
  std::vector<AowCandidate> candidates;  // by rank; empty for those who may not see them
  std::optional<comms::Winner> winner;
  std::optional<comms::Nomination> my_nomination;
};

struct FeedbackItem {
  int64_t contact = 0;
  std::string queue;
  int rating = 0;
  std::string comment;
  int64_t answered_ms = 0;
  bool shared = false;
};
struct SharedFeedbackView {
  comms::SharedFeedback feedback;
  std::string display_name;  // the agent user's
};

struct CelebrationView {
  comms::Celebration celebration;
  std::string display_name;
  bool today = false;
};
struct Celebrations {
  std::string from;  // the center's today, "YYYY-MM-DD"
  std::vector<CelebrationView> items;
};

class PeopleService {
 public:
  static constexpr int64_t kFeedbackWindowMs = 90LL * 86'400'000;
  PeopleService(Runtime& rt, QualityInsights& insights, const metrics::Calendar& calendar)
      : rt_(rt), insights_(insights), calendar_(calendar) {}
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // The colleague directory: users whose user name or display name contains `q` (ASCII letters
  // in either case; "" = everyone), by user name, at most `limit` (kInvalidArgument "limit"
  // unless 1..200; "q" over 100 bytes). Their role, team and site only: no contact details.
  void colleagues(const Caller& c, std::string q, size_t limit, Reply<std::vector<Person>> reply);

  void kudos(const Caller& c, std::string to, size_t limit, Reply<std::vector<KudosView>> reply);
  void give_kudos(const Caller& c, comms::Kudos k, Reply<KudosView> reply);

  // team "" = the caller's; week "" = the current one.
  void agent_of_week(const Caller& c, std::string team, std::string week, Reply<AgentOfWeek> reply);
  void nominate(const Caller& c, std::string nominee, std::string reason, std::string week,
                Reply<comms::Nomination> reply);
  void confirm(const Caller& c, std::string team, std::string week, std::string agent, std::string note,
               Reply<AgentOfWeek> reply);
  void winners(const Caller& c, size_t limit, Reply<std::vector<comms::Winner>> reply);

  void my_feedback(const Caller& c, Reply<std::vector<FeedbackItem>> reply);
  void share_feedback(const Caller& c, int64_t contact, bool shared, Reply<FeedbackItem> reply);
  void shared_feedback(const Caller& c, size_t limit, Reply<std::vector<SharedFeedbackView>> reply);

  void profile(const Caller& c, Reply<comms::Profile> reply);
  void put_profile(const Caller& c, comms::Profile p, Reply<comms::Profile> reply);
  void celebrations(const Caller& c, int days, Reply<Celebrations> reply);

 private:
  // The week named (or the current one): kInvalidArgument "week".
  Result<comms::IsoWeek> week_of(const std::string& week) const;
  void told(const std::vector<int64_t>& users);

  Runtime& rt_;
  QualityInsights& insights_;
  const metrics::Calendar& calendar_;
  std::function<void(std::span<const int64_t>)> notify_;
};

}  // namespace switchyard::app
