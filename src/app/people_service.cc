#include "app/people_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "app/directory.h"
#include "auth/account_repository.h"
#include "comms/text_rules.h"
#include "notify/notify_store.h"
#include "surveys/surveys.h"

namespace switchyard::app {

using auth::Permission;
using comms::PeopleRepository;
using comms::invalid;

namespace {

Result<void> users_only(const Caller& c) {
  if (auto ok = require(c, Permission::kReadComms); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "recognition is for users", "");
  return {};
}

// user name -> display name, of every user.
Result<std::map<std::string, std::string>> display_names(storage::SqlDriver& db) {
  auto users = auth::AccountRepository(db).list_users();
  if (!users) return std::unexpected(users.error());
  std::map<std::string, std::string> out;
  for (const auth::User& u : *users) out[u.username] = u.display_name;
  return out;
}

// Whether `c` sees the candidates (and their figures) of `team`.
bool sees_candidates(const Caller& c, const std::string& team, const std::string& own_team) {
  if (c.role == auth::Role::kAgent) return false;
  if (c.role == auth::Role::kTeamLead) return team == own_team;
  return true;
}

// The quality figures' reader for the candidates: the service decides who sees them.
Caller figures_reader() {
  Caller c;
  c.name = "system";
  c.role = auth::Role::kAdmin;
  return c;
}

std::optional<std::chrono::year_month_day> local_today(const metrics::Calendar& cal, int64_t now_ms) {
  return comms::parse_iso_date(cal.format_date(now_ms));
}

std::string folded(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

}  // namespace

void PeopleService::colleagues(const Caller& c, std::string q, size_t limit, Reply<std::vector<Person>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(invalid("1..200", "limit"));
  if (q.size() > 100 || !is_clean_text(q)) return reply(invalid("at most 100 bytes of text", "q"));
  all_people(rt_, [q = folded(q), limit, reply = std::move(reply)](Result<std::vector<Person>> all) {
    if (!all) return reply(std::unexpected(all.error()));
    std::vector<Person> out;
    for (Person& p : *all) {
      if (out.size() == limit) break;
      if (!q.empty() && folded(p.user).find(q) == std::string::npos && folded(p.display_name).find(q) == std::string::npos)
        continue;
      out.push_back(std::move(p));
    }
    reply(std::move(out));
  });
}

void PeopleService::told(const std::vector<int64_t>& users) {
  if (notify_ && !users.empty()) notify_(users);
}

Result<comms::IsoWeek> PeopleService::week_of(const std::string& week) const {
  if (week.empty()) {
    auto today = local_today(calendar_, rt_.clock.now_ms());
    if (!today) return make_error(ErrorCode::kInternal, "no local date", "week");
    return comms::iso_week_of(*today);
  }
  auto w = comms::parse_iso_week(week);
  if (!w) return invalid("an ISO week, e.g. 2026-W49", "week");
  return *w;
}

// ---- kudos

void PeopleService::kudos(const Caller& c, std::string to, size_t limit, Reply<std::vector<KudosView>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(invalid("1..200", "limit"));
  on_store<std::vector<KudosView>>(
      rt_,
      [to = std::move(to), limit](storage::SqlDriver& db) -> Result<std::vector<KudosView>> {
        auto list = PeopleRepository(db).kudos(to, limit);
        if (!list) return std::unexpected(list.error());
        auto names = display_names(db);
        if (!names) return std::unexpected(names.error());
        std::vector<KudosView> out;
        for (comms::Kudos& k : *list) {
          std::string display = (*names)[k.to];
          out.push_back(KudosView{std::move(k), std::move(display)});
        }
        return out;
      },
      std::move(reply));
}

void PeopleService::give_kudos(const Caller& c, comms::Kudos k, Reply<KudosView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  k.from = c.name;
  k.created_ms = rt_.clock.now_ms();
  if (auto ok = comms::validate(k); !ok) return reply(std::unexpected(ok.error()));
  auto users = std::make_shared<std::vector<int64_t>>();
  on_store<KudosView>(
      rt_,
      [k, users](storage::SqlDriver& db) mutable -> Result<KudosView> {
        auto to = auth::AccountRepository(db).find_user_by_name(k.to);
        if (!to) return std::unexpected(to.error());
        if (!*to) return make_error(ErrorCode::kNotFound, "no such user", "to");
        auto done = db.in_transaction([&]() -> Result<void> {
          auto id = PeopleRepository(db).add_kudos(k);
          if (!id) return std::unexpected(id.error());
          k.id = *id;
          const int64_t recipient[] = {(*to)->id};
          const std::string data = notify::encode_data({{"kudos", k.id}, {"from", k.from}, {"tag", k.tag}});
          return add_notifications(db, recipient, "comms.kudos", data, "/comms/people", k.created_ms, *users);
        });
        if (!done) return std::unexpected(done.error());
        return KudosView{k, (*to)->display_name};
      },
      [this, users, reply = std::move(reply)](Result<KudosView> v) {
        if (v) told(*users);
        reply(std::move(v));
      });
}

// ---- agent of the week

void PeopleService::agent_of_week(const Caller& c, std::string team, std::string week, Reply<AgentOfWeek> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  const std::string own_team = catalog_name(rt_.catalog, Kind::kTeam, c.team);
  if (team.empty()) team = own_team;
  if (team.empty()) return reply(invalid("you are in no team: name one", "team"));
  if (!rt_.catalog.names()->id(Kind::kTeam, team)) return reply(make_error(ErrorCode::kNotFound, "no such team", "team"));
  auto w = week_of(week);
  if (!w) return reply(std::unexpected(w.error()));
  const auto monday = comms::monday_of(*w);
  const auto next = std::chrono::year_month_day(std::chrono::sys_days(monday) + std::chrono::days(7));
  auto view = std::make_shared<AgentOfWeek>();
  view->team = team;
  view->week = comms::to_string(*w);
  view->from_ms = calendar_.from_local(static_cast<int>(monday.year()), static_cast<unsigned>(monday.month()),
                                       static_cast<unsigned>(monday.day()));
  view->to_ms = calendar_.from_local(static_cast<int>(next.year()), static_cast<unsigned>(next.month()),
                                     static_cast<unsigned>(next.day()));
  const bool figures = sees_candidates(c, team, own_team);
  // Stored parts (nominations, winner, the caller's nomination), then the candidates.
  auto stored = [this, c, view, figures, reply](std::optional<Leaderboard> board) {
    all_people(rt_, [this, c, view, figures, board = std::move(board), reply](Result<std::vector<Person>> people) {
      if (!people) return reply(std::unexpected(people.error()));
      on_store<AgentOfWeek>(
          rt_,
          [c, view, figures, board, people = std::move(*people)](storage::SqlDriver& db) -> Result<AgentOfWeek> {
            PeopleRepository repo(db);
            auto noms = repo.nominations(view->week);
            if (!noms) return std::unexpected(noms.error());
            auto winner = repo.winner(view->team, view->week);
            if (!winner) return std::unexpected(winner.error());
            AgentOfWeek out = *view;
            out.winner = std::move(*winner);
            for (const comms::Nomination& n : *noms)
              if (n.nominator == c.name) out.my_nomination = n;
            if (!figures || !board) return out;
            std::map<std::string, std::string> user_of;
            for (const Person& p : people)
              if (!p.agent.empty()) user_of[p.agent] = p.user;
            std::vector<comms::Candidate> ranked;
            std::map<std::string, AowCandidate> by_agent;
            for (const LeaderboardRow& row : board->rows) {
              AowCandidate a;
              a.user = user_of[row.agent];
              a.quality = row.quality;
              a.fcr = row.fcr;
              a.csat = row.csat;
              a.aht_s = row.aht_s;
              for (const comms::Nomination& n : *noms)
                if (n.nominee == row.agent) a.reasons.push_back(n.reason);
              ranked.push_back(comms::Candidate{row.agent, row.points, static_cast<int>(a.reasons.size())});
              by_agent[row.agent] = std::move(a);
            }
            comms::rank_candidates(ranked);
            for (comms::Candidate& r : ranked) {
              AowCandidate a = std::move(by_agent[r.agent]);
              a.candidate = std::move(r);
              out.candidates.push_back(std::move(a));
            }
            return out;
          },
          reply);
    });
  };
  if (!figures) return stored(std::nullopt);
  insights_.leaderboard(figures_reader(), team, view->from_ms, view->to_ms,
                        [stored, reply](Result<Leaderboard> board) {
                          if (!board) return reply(std::unexpected(board.error()));
                          stored(std::move(*board));
                        });
}

void PeopleService::nominate(const Caller& c, std::string nominee, std::string reason, std::string week,
                             Reply<comms::Nomination> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (c.team == core::kNoId) return reply(invalid("you are in no team", "nominee"));
  auto w = week_of(week);
  if (!w) return reply(std::unexpected(w.error()));
  auto agent = rt_.catalog.names()->id(Kind::kAgent, nominee);
  if (!agent) return reply(make_error(ErrorCode::kNotFound, "no such agent", "nominee"));
  if (static_cast<core::AgentId>(*agent) == c.agent) return reply(invalid("not yourself", "nominee"));
  comms::Nomination n{comms::to_string(*w), c.name, std::move(nominee), std::move(reason), rt_.clock.now_ms()};
  on_engine<bool>(
      rt_,
      [a = static_cast<core::AgentId>(*agent), team = c.team](server::TaskContext& ctx) -> Result<bool> {
        const core::AgentConfig* cfg = ctx.engine.agent_config(a);
        return cfg && cfg->team == team;
      },
      [this, n = std::move(n), reply = std::move(reply)](Result<bool> same_team) {
        if (!same_team) return reply(std::unexpected(same_team.error()));
        if (!*same_team) return reply(invalid("an agent of your own team", "nominee"));
        on_store<comms::Nomination>(
            rt_,
            [n](storage::SqlDriver& db) -> Result<comms::Nomination> {
              if (auto ok = PeopleRepository(db).nominate(n); !ok) return std::unexpected(ok.error());
              return n;
            },
            reply);
      });
}

void PeopleService::confirm(const Caller& c, std::string team, std::string week, std::string agent, std::string note,
                            Reply<AgentOfWeek> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kConfirmRecognition); !ok) return reply(std::unexpected(ok.error()));
  if (team.empty()) team = catalog_name(rt_.catalog, Kind::kTeam, c.team);
  if (c.scope(Permission::kConfirmRecognition) == auth::Scope::kTeam &&
      team != catalog_name(rt_.catalog, Kind::kTeam, c.team))
    return reply(make_error(ErrorCode::kPermissionDenied, "a team lead confirms its own team's", "team"));
  agent_of_week(c, team, week,
                [this, c, agent = std::move(agent), note = std::move(note), reply](Result<AgentOfWeek> v) {
                  if (!v) return reply(std::unexpected(v.error()));
                  const auto it = std::find_if(v->candidates.begin(), v->candidates.end(),
                                               [&](const AowCandidate& a) { return a.candidate.agent == agent; });
                  if (it == v->candidates.end()) return reply(invalid("an agent of the team", "agent"));
                  comms::Winner w{v->team, v->week, agent, note, it->candidate.proposal, c.name, rt_.clock.now_ms()};
                  auto users = std::make_shared<std::vector<int64_t>>();
                  on_store<void>(
                      rt_,
                      [w, user = it->user, users](storage::SqlDriver& db) -> Result<void> {
                        return db.in_transaction([&]() -> Result<void> {
                          if (auto ok = PeopleRepository(db).confirm(w); !ok) return ok;
                          if (user.empty()) return {};
                          auto u = auth::AccountRepository(db).find_user_by_name(user);
                          if (!u) return std::unexpected(u.error());
                          if (!*u || user == w.confirmed_by) return {};
                          const int64_t winner[] = {(*u)->id};
                          const std::string data =
                              notify::encode_data({{"team", w.team}, {"week", w.week}, {"agent", w.agent}});
                          return add_notifications(db, winner, "comms.agent_of_week", data, "/comms/people",
                                                   w.confirmed_ms, *users);
                        });
                      },
                      [this, c, team = v->team, week = v->week, users, reply](Result<void> done) {
                        if (!done) return reply(std::unexpected(done.error()));
                        told(*users);
                        agent_of_week(c, team, week, reply);
                      });
                });
}

void PeopleService::winners(const Caller& c, size_t limit, Reply<std::vector<comms::Winner>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(invalid("1..200", "limit"));
  on_store<std::vector<comms::Winner>>(
      rt_, [limit](storage::SqlDriver& db) { return PeopleRepository(db).winners(limit); }, std::move(reply));
}

// ---- shared customer feedback

namespace {
FeedbackItem feedback_item(const Catalog& catalog, const surveys::Survey& s, bool shared) {
  return FeedbackItem{static_cast<int64_t>(s.contact), catalog_name(catalog, Kind::kQueue, s.queue), s.rating,
                      s.comment, s.answered_ms.value_or(0), shared};
}
}  // namespace

void PeopleService::my_feedback(const Caller& c, Reply<std::vector<FeedbackItem>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId) return reply(std::vector<FeedbackItem>{});
  const int64_t since = rt_.clock.now_ms() - kFeedbackWindowMs;
  on_store<std::vector<FeedbackItem>>(
      rt_,
      [this, c, since](storage::SqlDriver& db) -> Result<std::vector<FeedbackItem>> {
        auto mine = surveys::SurveyRepository(db).comments_of(c.agent, since, core::kNoContact, 200);
        if (!mine) return std::unexpected(mine.error());
        auto shared = PeopleRepository(db).shared_contacts(c.name);
        if (!shared) return std::unexpected(shared.error());
        const std::set<int64_t> on(shared->begin(), shared->end());
        std::vector<FeedbackItem> out;
        for (const surveys::Survey& s : *mine)
          out.push_back(feedback_item(rt_.catalog, s, on.contains(static_cast<int64_t>(s.contact))));
        return out;
      },
      std::move(reply));
}

void PeopleService::share_feedback(const Caller& c, int64_t contact, bool shared, Reply<FeedbackItem> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (c.agent == core::kNoId || contact <= 0)
    return reply(make_error(ErrorCode::kNotFound, "no comment of yours on this contact", "contact"));
  const int64_t now = rt_.clock.now_ms();
  on_store<FeedbackItem>(
      rt_,
      [this, c, contact, shared, now](storage::SqlDriver& db) -> Result<FeedbackItem> {
        auto found = surveys::SurveyRepository(db).comments_of(c.agent, 0, static_cast<core::ContactId>(contact), 1);
        if (!found) return std::unexpected(found.error());
        if (found->empty()) return make_error(ErrorCode::kNotFound, "no comment of yours on this contact", "contact");
        const surveys::Survey& s = found->front();
        FeedbackItem item = feedback_item(rt_.catalog, s, shared);
        PeopleRepository repo(db);
        auto done = shared ? repo.share({contact, catalog_name(rt_.catalog, Kind::kAgent, c.agent), c.name, item.queue,
                                         s.rating, s.comment, now})
                           : repo.unshare(contact);
        if (!done) return std::unexpected(done.error());
        return item;
      },
      std::move(reply));
}

void PeopleService::shared_feedback(const Caller& c, size_t limit, Reply<std::vector<SharedFeedbackView>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(invalid("1..200", "limit"));
  on_store<std::vector<SharedFeedbackView>>(
      rt_,
      [limit](storage::SqlDriver& db) -> Result<std::vector<SharedFeedbackView>> {
        auto list = PeopleRepository(db).shared(limit);
        if (!list) return std::unexpected(list.error());
        auto names = display_names(db);
        if (!names) return std::unexpected(names.error());
        std::vector<SharedFeedbackView> out;
        for (comms::SharedFeedback& f : *list) {
          std::string display = (*names)[f.user];
          out.push_back(SharedFeedbackView{std::move(f), std::move(display)});
        }
        return out;
      },
      std::move(reply));
}

// ---- profile and celebrations

void PeopleService::profile(const Caller& c, Reply<comms::Profile> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Profile>(
      rt_,
      [name = c.name](storage::SqlDriver& db) -> Result<comms::Profile> {
        auto p = PeopleRepository(db).profile(name);
        if (!p) return std::unexpected(p.error());
        return p->value_or(comms::Profile{name, std::nullopt, false, std::nullopt, false});
      },
      std::move(reply));
}

void PeopleService::put_profile(const Caller& c, comms::Profile p, Reply<comms::Profile> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  p.user = c.name;
  if (auto ok = comms::validate(p); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Profile>(
      rt_,
      [p](storage::SqlDriver& db) -> Result<comms::Profile> {
        if (auto ok = PeopleRepository(db).put_profile(p); !ok) return std::unexpected(ok.error());
        return p;
      },
      std::move(reply));
}

void PeopleService::celebrations(const Caller& c, int days, Reply<Celebrations> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (days < 1 || days > 60) return reply(invalid("1..60", "days"));
  auto today = local_today(calendar_, rt_.clock.now_ms());
  if (!today) return reply(make_error(ErrorCode::kInternal, "no local date", "days"));
  on_store<Celebrations>(
      rt_,
      [from = *today, days](storage::SqlDriver& db) -> Result<Celebrations> {
        auto shown = PeopleRepository(db).shown_profiles();
        if (!shown) return std::unexpected(shown.error());
        auto names = display_names(db);
        if (!names) return std::unexpected(names.error());
        std::erase_if(*shown, [&](const comms::Profile& p) { return !names->contains(p.user); });  // deleted users
        Celebrations out{comms::iso_date(from), {}};
        for (comms::Celebration& x : comms::celebrations(*shown, from, days)) {
          const bool today_too = x.date == from;
          std::string display = (*names)[x.user];
          out.items.push_back(CelebrationView{std::move(x), std::move(display), today_too});
        }
        return out;
      },
      std::move(reply));
}

}  // namespace switchyard::app
