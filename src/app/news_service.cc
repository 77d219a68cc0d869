#include "app/news_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "auth/account_repository.h"
#include "notify/notify_store.h"
#include "server/log.h"

namespace switchyard::app {

using auth::Permission;
using comms::Announcement;
using comms::BriefingClock;
using comms::BriefingSchedule;
using comms::NewsRepository;

namespace {

Result<void> users_only(const Caller& c) {
  if (auto ok = require(c, Permission::kReadComms); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "briefings and announcements are for users", "");
  return {};
}

std::unexpected<Error> not_found(std::string_view what) {
  return make_error(ErrorCode::kNotFound, "no such " + std::string(what), "id");
}

// Sees every site's briefings and every announcement's receipts of its scope.
bool sees_every_site(const Caller& c) { return c.scope(Permission::kPublishComms) != auth::Scope::kNone; }
bool sees_every_announcement(const Caller& c, const Announcement& a) {
  return c.role == auth::Role::kAdmin || a.author == c.name;
}


// Receipts of `people` against `reads`, by user name.
ReceiptsView receipts_of(const std::vector<Person>& people, const comms::Receipts& reads) {
  ReceiptsView v;
  for (const Person& p : people) {
    auto it = reads.find(p.user);
    if (it != reads.end()) v.read.push_back(Receipt{p.user, p.agent, it->second});
    else v.unread.push_back(Receipt{p.user, p.agent, std::nullopt});
  }
  return v;
}

}  // namespace

bool in_audience(const comms::Audience& a, const Person& p) {
  switch (a.kind) {
    case comms::AudienceKind::kEveryone: return true;
    case comms::AudienceKind::kSite: return !p.site.empty() && p.site == a.value;
    case comms::AudienceKind::kTeam: return !p.team.empty() && p.team == a.value;
    case comms::AudienceKind::kRole: return p.role == a.value;
  }
  return false;
}

void NewsService::told(std::vector<int64_t> users) {
  if (notify_ && !users.empty()) notify_(users);
}

BriefingSchedule NewsService::default_schedule(const std::string& site) const {
  return BriefingSchedule{site, center_zone_, 7 * 60 + 30, 60};
}

void NewsService::people(Reply<std::vector<Person>> reply) { all_people(rt_, std::move(reply)); }

void NewsService::me(const Caller& c, Reply<Person> reply) { caller_person(rt_, c, std::move(reply)); }

// ---- schedules and items

Result<std::vector<BriefingSchedule>> NewsService::all_schedules(storage::SqlDriver& db) const {
  auto stored = NewsRepository(db).schedules();
  if (!stored) return stored;
  std::map<std::string, BriefingSchedule> by_site;
  const auto names = rt_.catalog.names();
  for (size_t s = 0; s < names->count(Kind::kSite); ++s)
    if (const std::string* n = names->name(Kind::kSite, static_cast<uint32_t>(s)); n && !n->empty())
      by_site[*n] = default_schedule(*n);
  for (BriefingSchedule& s : *stored) by_site[s.site] = std::move(s);
  std::vector<BriefingSchedule> out;
  for (auto& [_, s] : by_site) out.push_back(std::move(s));
  return out;
}

void NewsService::schedules(const Caller& c, Reply<std::vector<BriefingSchedule>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<BriefingSchedule>>(
      rt_, [this](storage::SqlDriver& db) { return all_schedules(db); }, std::move(reply));
}

void NewsService::set_schedules(const Caller& c, std::vector<BriefingSchedule> all,
                                Reply<std::vector<BriefingSchedule>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  for (size_t i = 0; i < all.size(); ++i)
    if (!rt_.catalog.names()->id(Kind::kSite, all[i].site))
      return reply(make_error(ErrorCode::kNotFound, "no such site", "items[" + std::to_string(i) + "].site"));
  on_store<void>(
      rt_, [all = std::move(all)](storage::SqlDriver& db) { return NewsRepository(db).replace_schedules(all); },
      [this, c, reply = std::move(reply)](Result<void> done) {
        if (!done) return reply(std::unexpected(done.error()));
        schedules(c, reply);
      });
}

void NewsService::submit_item(const Caller& c, comms::BriefingItem item, Reply<SubmittedItem> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kPublishComms); !ok) return reply(std::unexpected(ok.error()));
  if (!item.site.empty() && !rt_.catalog.names()->id(Kind::kSite, item.site))
    return reply(make_error(ErrorCode::kNotFound, "no such site", "site"));
  item.author = c.name;
  item.created_ms = rt_.clock.now_ms();
  on_store<SubmittedItem>(
      rt_,
      [this, item = std::move(item)](storage::SqlDriver& db) mutable -> Result<SubmittedItem> {
        NewsRepository news(db);
        auto id = news.add_item(item);
        if (!id) return std::unexpected(id.error());
        item.id = *id;
        auto all = all_schedules(db);
        if (!all) return std::unexpected(all.error());
        SubmittedItem out{std::move(item), "", {}};
        for (const BriefingSchedule& s : *all) {
          if (!out.item.site.empty() && s.site != out.item.site) continue;
          auto clock = BriefingClock::make(s);
          if (!clock) return std::unexpected(clock.error());
          auto dated = briefing_date(news, *clock, out.item.created_ms);
          if (!dated) return std::unexpected(dated.error());
          const std::string& date = *dated;
          if (out.briefing_date.empty() || date < out.briefing_date) out.briefing_date = date;
          out.site_dates.emplace_back(s.site, date);
        }
        return out;
      },
      std::move(reply));
}

void NewsService::pending_items(const Caller& c, Reply<std::vector<SubmittedItem>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kPublishComms); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<SubmittedItem>>(
      rt_,
      [this](storage::SqlDriver& db) -> Result<std::vector<SubmittedItem>> {
        auto all = all_schedules(db);
        if (!all) return std::unexpected(all.error());
        NewsRepository news(db);
        const int64_t now = rt_.clock.now_ms();
        // an item is pending while the briefing of its date is not published at some site it is for
        std::map<int64_t, SubmittedItem> pending;
        for (const BriefingSchedule& s : *all) {
          auto clock = BriefingClock::make(s);
          if (!clock) return std::unexpected(clock.error());
          const std::string today = clock->date_of(now);
          // the windows of yesterday's, today's and tomorrow's briefings
          for (int d = -1; d <= 1; ++d) {
            const std::string date = BriefingClock::add_days(today, d);
            auto published = news.briefing_id(s.site, date);
            if (!published) return std::unexpected(published.error());
            if (*published) continue;
            auto from = window_end(news, *clock, s.site, BriefingClock::add_days(date, -1));
            if (!from) return std::unexpected(from.error());
            auto items = news.items_between(s.site, *from, clock->deadline_ms(date));
            if (!items) return std::unexpected(items.error());
            for (comms::BriefingItem& i : *items) {
              auto [it, fresh] = pending.try_emplace(i.id, SubmittedItem{i, date, {}});
              if (date < it->second.briefing_date) it->second.briefing_date = date;
              it->second.site_dates.emplace_back(s.site, date);
            }
          }
        }
        std::vector<SubmittedItem> out;
        for (auto& [_, i] : pending) out.push_back(std::move(i));
        return out;
      },
      std::move(reply));
}

// ---- briefings

void NewsService::briefings(const Caller& c, size_t limit, Reply<std::vector<BriefingView>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  me(c, [this, c, limit, reply = std::move(reply)](Result<Person> p) {
    if (!p) return reply(std::unexpected(p.error()));
    const bool every = sees_every_site(c);
    if (!every && p->site.empty()) return reply(std::vector<BriefingView>{});
    on_store<std::vector<BriefingView>>(
        rt_,
        [site = every ? std::string() : p->site, user = c.name, limit](storage::SqlDriver& db) -> Result<std::vector<BriefingView>> {
          NewsRepository news(db);
          auto all = news.briefings(site, limit);
          if (!all) return std::unexpected(all.error());
          std::vector<BriefingView> out;
          for (comms::Briefing& b : *all) {
            auto reads = news.briefing_receipts(b.id);
            if (!reads) return std::unexpected(reads.error());
            auto it = reads->find(user);
            out.push_back(BriefingView{std::move(b), it == reads->end() ? std::nullopt : std::optional(it->second)});
          }
          return out;
        },
        reply);
  });
}

void NewsService::briefing(const Caller& c, int64_t id, Reply<BriefingView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  me(c, [this, c, id, reply = std::move(reply)](Result<Person> p) {
    if (!p) return reply(std::unexpected(p.error()));
    on_store<BriefingView>(
        rt_,
        [every = sees_every_site(c), site = p->site, user = c.name, id](storage::SqlDriver& db) -> Result<BriefingView> {
          NewsRepository news(db);
          auto b = news.briefing(id);
          if (!b) return std::unexpected(b.error());
          if (!*b || (!every && (*b)->site != site)) return not_found("briefing");
          auto reads = news.briefing_receipts(id);
          if (!reads) return std::unexpected(reads.error());
          auto it = reads->find(user);
          return BriefingView{std::move(**b), it == reads->end() ? std::nullopt : std::optional(it->second)};
        },
        reply);
  });
}

void NewsService::read_briefing(const Caller& c, int64_t id, Reply<BriefingView> reply) {
  briefing(c, id, [this, c, id, reply = std::move(reply)](Result<BriefingView> seen) {
    if (!seen) return reply(std::unexpected(seen.error()));
    on_store<void>(
        rt_, [this, user = c.name, id](storage::SqlDriver& db) { return NewsRepository(db).mark_briefing_read(id, user, rt_.clock.now_ms()); },
        [this, c, id, reply](Result<void> done) {
          if (!done) return reply(std::unexpected(done.error()));
          briefing(c, id, reply);
        });
  });
}

void NewsService::briefing_receipts(const Caller& c, int64_t id, Reply<ReceiptsView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kPublishComms); !ok) return reply(std::unexpected(ok.error()));
  people([this, c, id, reply = std::move(reply)](Result<std::vector<Person>> all) {
    if (!all) return reply(std::unexpected(all.error()));
    on_store<ReceiptsView>(
        rt_,
        [c, id, all = std::move(*all), team = catalog_name(rt_.catalog, Kind::kTeam, c.team)](storage::SqlDriver& db) -> Result<ReceiptsView> {
          NewsRepository news(db);
          auto b = news.briefing(id);
          if (!b) return std::unexpected(b.error());
          if (!*b) return not_found("briefing");
          auto reads = news.briefing_receipts(id);
          if (!reads) return std::unexpected(reads.error());
          const bool team_only = c.scope(Permission::kPublishComms) == auth::Scope::kTeam;
          std::vector<Person> audience;
          for (const Person& p : all)
            if (!p.agent.empty() && p.site == (*b)->site && (!team_only || (!team.empty() && p.team == team)))
              audience.push_back(p);
          return receipts_of(audience, *reads);
        },
        reply);
  });
}

Result<int64_t> NewsService::window_end(NewsRepository& news, const BriefingClock& clock, const std::string& site,
                                        const std::string& date) {
  const int64_t deadline = clock.deadline_ms(date);
  auto id = news.briefing_id(site, date);
  if (!id) return std::unexpected(id.error());
  if (!*id) return deadline;
  auto b = news.briefing(**id);
  if (!b) return std::unexpected(b.error());
  return *b ? std::min(deadline, (*b)->published_ms + 1) : deadline;  // items of its very millisecond are in it
}

Result<std::string> NewsService::briefing_date(NewsRepository& news, const BriefingClock& clock, int64_t t_ms) {
  std::string date = clock.briefing_for(t_ms);
  // a briefing published before its deadline ("publish now") takes nothing after it
  for (int i = 0; i < 3; ++i) {
    auto end = window_end(news, clock, clock.schedule().site, date);
    if (!end) return std::unexpected(end.error());
    if (t_ms < *end) break;
    date = BriefingClock::add_days(date, 1);
  }
  return date;
}

Result<int64_t> NewsService::publish_window(storage::SqlDriver& db, const std::vector<Person>& people,
                                            const BriefingClock& clock, const std::string& date, int64_t end_ms,
                                            int64_t now_ms, std::vector<int64_t>& told) {
  const std::string& site = clock.schedule().site;
  NewsRepository news(db);
  auto from = window_end(news, clock, site, BriefingClock::add_days(date, -1));
  if (!from) return std::unexpected(from.error());
  auto items = news.items_between(site, *from, end_ms);
  if (!items) return std::unexpected(items.error());
  if (items->empty()) return 0;
  std::vector<int64_t> ids;
  for (const auto& i : *items) ids.push_back(i.id);
  std::vector<int64_t> site_users, written;  // written: told once the transaction commits
  for (const Person& p : people)
    if (!p.agent.empty() && p.site == site) site_users.push_back(p.user_id);
  int64_t id = 0;
  auto done = db.in_transaction([&]() -> Result<void> {
    auto made = news.publish(site, date, now_ms, ids);
    if (!made) return std::unexpected(made.error());
    id = *made;
    const std::string data = notify::encode_data({{"briefing", id}, {"site", site}, {"date", date}});
    return add_notifications(db, site_users, "comms.briefing", data, "/comms/briefings/" + std::to_string(id), now_ms,
                             written);
  });
  if (!done) return std::unexpected(done.error());
  told.insert(told.end(), written.begin(), written.end());
  return id;
}

void NewsService::tick() {
  if (ticking_.exchange(true)) return;
  people([this](Result<std::vector<Person>> all) {
    if (!all) {
      ticking_ = false;
      return;
    }
    rt_.store.post([this, all = std::move(*all)](storage::SqlDriver& db) {
      std::vector<int64_t> users;
      const int64_t now = rt_.clock.now_ms();
      auto scheds = all_schedules(db);
      const std::vector<BriefingSchedule> none;
      for (const BriefingSchedule& s : scheds ? *scheds : none) {
        auto clock = BriefingClock::make(s);
        if (!clock) continue;
        const std::string date = clock->date_of(now);
        if (now < clock->publish_ms(date)) continue;
        NewsRepository news(db);
        auto published = news.briefing_id(s.site, date);
        if (!published || *published) continue;
        auto done = publish_window(db, all, *clock, date, clock->deadline_ms(date), now, users);
        if (!done) server::log_error("comms: publishing the briefing of " + s.site + " " + date + ": " + done.error().message);
      }
      if (!scheds) server::log_error("comms: briefing schedules: " + scheds.error().message);
      ticking_ = false;
      told(std::move(users));
    });
  });
}

void NewsService::publish_now(const Caller& c, std::string site, Reply<BriefingView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kSite, site)) return reply(make_error(ErrorCode::kNotFound, "no such site", "site"));
  people([this, site = std::move(site), reply = std::move(reply)](Result<std::vector<Person>> all) mutable {
    if (!all) return reply(std::unexpected(all.error()));
    on_store<BriefingView>(
        rt_,
        [this, site, all = std::move(*all)](storage::SqlDriver& db) -> Result<BriefingView> {
          auto scheds = all_schedules(db);
          if (!scheds) return std::unexpected(scheds.error());
          auto s = std::find_if(scheds->begin(), scheds->end(), [&](const BriefingSchedule& x) { return x.site == site; });
          if (s == scheds->end()) return make_error(ErrorCode::kNotFound, "no such site", "site");
          auto clock = BriefingClock::make(*s);
          if (!clock) return std::unexpected(clock.error());
          const int64_t now = rt_.clock.now_ms();
          const std::string today = clock->date_of(now);
          NewsRepository news(db);
          auto published = news.briefing_id(site, today);
          if (!published) return std::unexpected(published.error());
          if (*published)
            return make_error(ErrorCode::kIllegalState,
                              "today's briefing of " + site + " is published; items submitted since go to tomorrow's", "site");
          std::vector<int64_t> users;
          auto id = publish_window(db, all, *clock, today, std::min(now + 1, clock->deadline_ms(today)), now, users);
          if (!id) return std::unexpected(id.error());
          if (*id == 0)
            return make_error(ErrorCode::kIllegalState,
                              "today's briefing of " + site + " has no items (items after its deadline go to tomorrow's)", "site");
          told(std::move(users));
          auto b = news.briefing(*id);
          if (!b) return std::unexpected(b.error());
          if (!*b) return make_error(ErrorCode::kInternal, "the briefing just published is gone");
          return BriefingView{std::move(**b), std::nullopt};
        },
        std::move(reply));
  });
}

// ---- announcements

void NewsService::announcements(const Caller& c, bool include_expired, Reply<std::vector<AnnouncementView>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  me(c, [this, c, include_expired, reply = std::move(reply)](Result<Person> p) {
    if (!p) return reply(std::unexpected(p.error()));
    on_store<std::vector<AnnouncementView>>(
        rt_,
        [this, c, include_expired, me = std::move(*p)](storage::SqlDriver& db) -> Result<std::vector<AnnouncementView>> {
          NewsRepository news(db);
          auto all = news.announcements(include_expired, rt_.clock.now_ms());
          if (!all) return std::unexpected(all.error());
          std::vector<AnnouncementView> out;
          for (Announcement& a : *all) {
            const bool author = sees_every_announcement(c, a);
            if (!author && !in_audience(a.audience, me)) continue;
            auto reads = news.announcement_receipts(a.id);
            if (!reads) return std::unexpected(reads.error());
            auto it = reads->find(c.name);
            out.push_back(AnnouncementView{std::move(a), it == reads->end() ? std::nullopt : std::optional(it->second),
                                           author ? std::optional<int64_t>(static_cast<int64_t>(reads->size())) : std::nullopt});
          }
          return out;
        },
        reply);
  });
}

void NewsService::announcement(const Caller& c, int64_t id, Reply<AnnouncementView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  me(c, [this, c, id, reply = std::move(reply)](Result<Person> p) {
    if (!p) return reply(std::unexpected(p.error()));
    on_store<AnnouncementView>(
        rt_,
        [c, id, me = std::move(*p)](storage::SqlDriver& db) -> Result<AnnouncementView> {
          NewsRepository news(db);
          auto a = news.announcement(id);
          if (!a) return std::unexpected(a.error());
          const bool author = *a && sees_every_announcement(c, **a);
          if (!*a || (!author && !in_audience((*a)->audience, me))) return not_found("announcement");
          auto reads = news.announcement_receipts(id);
          if (!reads) return std::unexpected(reads.error());
          auto it = reads->find(c.name);
          return AnnouncementView{std::move(**a), it == reads->end() ? std::nullopt : std::optional(it->second),
                                  author ? std::optional<int64_t>(static_cast<int64_t>(reads->size())) : std::nullopt};
        },
        reply);
  });
}

void NewsService::announce(const Caller& c, Announcement a, Reply<AnnouncementView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kPublishComms); !ok) return reply(std::unexpected(ok.error()));
  if (c.scope(Permission::kPublishComms) == auth::Scope::kTeam) {
    const std::string team = catalog_name(rt_.catalog, Kind::kTeam, c.team);
    if (a.audience.kind != comms::AudienceKind::kTeam || team.empty() || a.audience.value != team)
      return reply(make_error(ErrorCode::kPermissionDenied, "a team lead announces to its own team", "audience"));
  }
  if (auto ok = comms::validate(a); !ok) return reply(std::unexpected(ok.error()));
  a.author = c.name;
  a.created_ms = a.updated_ms = rt_.clock.now_ms();
  people([this, c, a = std::move(a), reply = std::move(reply)](Result<std::vector<Person>> all) mutable {
    if (!all) return reply(std::unexpected(all.error()));
    auto users = std::make_shared<std::vector<int64_t>>();
    on_store<int64_t>(
        rt_,
        [a, all = std::move(*all), users](storage::SqlDriver& db) -> Result<int64_t> {
          int64_t id = 0;
          auto done = db.in_transaction([&]() -> Result<void> {
            auto made = NewsRepository(db).add_announcement(a);
            if (!made) return std::unexpected(made.error());
            id = *made;
            const std::string data = notify::encode_data(
                {{"announcement", id}, {"title", a.title}, {"category", a.category}, {"urgent", a.urgent}, {"by", a.author}});
            notify::NotifyRepository repo(db);
            for (const Person& p : all) {
              if (p.user == a.author || !in_audience(a.audience, p)) continue;
              auto n = repo.add(notify::Notification{0, p.user_id, "comms.announcement", data,
                                                     "/comms/announcements/" + std::to_string(id), a.created_ms, {}});
              if (!n) return std::unexpected(n.error());
              users->push_back(p.user_id);
            }
            return {};
          });
          if (!done) return std::unexpected(done.error());
          return id;
        },
        [this, c, users, reply = std::move(reply)](Result<int64_t> id) {
          if (!id) return reply(std::unexpected(id.error()));
          told(*users);
          announcement(c, *id, reply);
        });
  });
}

void NewsService::update_announcement(const Caller& c, Announcement a, Reply<AnnouncementView> reply) {
  announcement(c, a.id, [this, c, a = std::move(a), reply = std::move(reply)](Result<AnnouncementView> seen) mutable {
    if (!seen) return reply(std::unexpected(seen.error()));
    if (!sees_every_announcement(c, seen->announcement))
      return reply(make_error(ErrorCode::kPermissionDenied, "only its author or an admin edits an announcement", "id"));
    if (c.scope(Permission::kPublishComms) == auth::Scope::kTeam && !(a.audience == seen->announcement.audience))
      return reply(make_error(ErrorCode::kPermissionDenied, "a team lead announces to its own team", "audience"));
    a.author = seen->announcement.author;
    a.created_ms = seen->announcement.created_ms;
    a.updated_ms = rt_.clock.now_ms();
    on_store<void>(
        rt_, [a](storage::SqlDriver& db) { return NewsRepository(db).update_announcement(a); },
        [this, c, id = a.id, reply](Result<void> done) {
          if (!done) return reply(std::unexpected(done.error()));
          announcement(c, id, reply);
        });
  });
}

void NewsService::delete_announcement(const Caller& c, int64_t id, Reply<void> reply) {
  announcement(c, id, [this, c, id, reply = std::move(reply)](Result<AnnouncementView> seen) {
    if (!seen) return reply(std::unexpected(seen.error()));
    if (!sees_every_announcement(c, seen->announcement))
      return reply(make_error(ErrorCode::kPermissionDenied, "only its author or an admin deletes an announcement", "id"));
    on_store<void>(rt_, [id](storage::SqlDriver& db) { return NewsRepository(db).delete_announcement(id); }, reply);
  });
}

void NewsService::read_announcement(const Caller& c, int64_t id, Reply<AnnouncementView> reply) {
  announcement(c, id, [this, c, id, reply = std::move(reply)](Result<AnnouncementView> seen) {
    if (!seen) return reply(std::unexpected(seen.error()));
    on_store<void>(
        rt_, [this, user = c.name, id](storage::SqlDriver& db) { return NewsRepository(db).mark_announcement_read(id, user, rt_.clock.now_ms()); },
        [this, c, id, reply](Result<void> done) {
          if (!done) return reply(std::unexpected(done.error()));
          announcement(c, id, reply);
        });
  });
}

void NewsService::announcement_receipts(const Caller& c, int64_t id, Reply<ReceiptsView> reply) {
  announcement(c, id, [this, c, id, reply = std::move(reply)](Result<AnnouncementView> seen) {
    if (!seen) return reply(std::unexpected(seen.error()));
    if (!sees_every_announcement(c, seen->announcement))
      return reply(make_error(ErrorCode::kPermissionDenied, "only its author or an admin sees who read it", "id"));
    people([this, id, audience = seen->announcement.audience, author = seen->announcement.author, reply](Result<std::vector<Person>> all) {
      if (!all) return reply(std::unexpected(all.error()));
      on_store<ReceiptsView>(
          rt_,
          [id, audience, author, all = std::move(*all)](storage::SqlDriver& db) -> Result<ReceiptsView> {
            auto reads = NewsRepository(db).announcement_receipts(id);
            if (!reads) return std::unexpected(reads.error());
            std::vector<Person> in;
            for (const Person& p : all)
              if (p.user != author && in_audience(audience, p)) in.push_back(p);
            return receipts_of(in, *reads);
          },
          reply);
    });
  });
}

}  // namespace switchyard::app
