#pragma once
// The daily briefing and announcements (docs/comms.md "Daily briefing", "Announcements"; docs/api.md
// "Briefings and announcements") over module "comms_news" (comms/news_store.h).
//
// Briefing: departments submit items (kPublishComms) until a site's deadline; tick() publishes
// each site's briefing once its local publication time has come (today's only; a server that was
// down publishes on start), with the items of its window, and tells each agent user of the site
// (notification `comms.briefing`). A briefing without items is not published. publish_now()
// publishes today's briefing of a site before its time (kWriteConfig): its window then ends at
// that moment, and items submitted after it go to the next day's briefing (whose window starts
// there). So a briefing's window is [end of the day before's, its deadline or its earlier
// publication). Agents read their
// site's briefings and mark them read; a team lead sees who of its team has read one and who has
// not; users with kPublishComms scope all see everyone of the site.
//
// Announcements: written by kPublishComms (a team lead only to its own team), with an audience
// (everyone, a site, a team, a role); each user of the audience but the author is told
// (`comms.announcement`, `urgent` in the data so the desk pops it up). Readers see those whose
// audience includes them; authors and admins see all. Receipts: author and admins.
//
// A user's site is its engine agent's site (users without an agent have none); sites without a
// stored schedule use the center's time zone, 07:30 and 60 minutes.
//
// Threading: every method from any thread; replies on store workers. tick() from any thread
// (runs one at a time; a tick while one runs is skipped).
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/directory.h"
#include "app/runtime.h"
#include "comms/news_store.h"

namespace switchyard::app {

struct SubmittedItem {
  comms::BriefingItem item;
  std::string briefing_date;  // the briefing it goes to: its site's; for every site, the earliest
  std::vector<std::pair<std::string, std::string>> site_dates;  // (site, date) of each site it goes to
};

struct BriefingView {
  comms::Briefing briefing;
  std::optional<int64_t> read_ms;  // the caller's first read
};

struct Receipt {
  std::string user;
  std::string agent;  // "" when the user works as no agent
  std::optional<int64_t> read_ms;
};
struct ReceiptsView {
  std::vector<Receipt> read, unread;  // by user name
};

struct AnnouncementView {
  comms::Announcement announcement;
  std::optional<int64_t> read_ms;  // the caller's
  std::optional<int64_t> reads;    // how many have read it (authors and admins)
};

class NewsService {
 public:
  NewsService(Runtime& rt, std::string center_time_zone) : rt_(rt), center_zone_(std::move(center_time_zone)) {}
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // Every site's schedule (stored or the default), by site.
  void schedules(const Caller& c, Reply<std::vector<comms::BriefingSchedule>> reply);
  // Replaces them (kWriteConfig); a site must exist (kNotFound "items[i].site").
  void set_schedules(const Caller& c, std::vector<comms::BriefingSchedule> all,
                     Reply<std::vector<comms::BriefingSchedule>> reply);

  void submit_item(const Caller& c, comms::BriefingItem item, Reply<SubmittedItem> reply);
  // Items not yet published in a briefing of their site (every site's: of any), oldest first.
  void pending_items(const Caller& c, Reply<std::vector<SubmittedItem>> reply);

  void briefings(const Caller& c, size_t limit, Reply<std::vector<BriefingView>> reply);
  void briefing(const Caller& c, int64_t id, Reply<BriefingView> reply);
  void read_briefing(const Caller& c, int64_t id, Reply<BriefingView> reply);
  void briefing_receipts(const Caller& c, int64_t id, Reply<ReceiptsView> reply);
  // Publishes what is due now (see above).
  void tick();
  // Publishes today's briefing of `site` now (see above). kNotFound "site"; kIllegalState "site"
  // when today's is published already or has no items.
  void publish_now(const Caller& c, std::string site, Reply<BriefingView> reply);

  void announcements(const Caller& c, bool include_expired, Reply<std::vector<AnnouncementView>> reply);
  void announcement(const Caller& c, int64_t id, Reply<AnnouncementView> reply);
  void announce(const Caller& c, comms::Announcement a, Reply<AnnouncementView> reply);
  void update_announcement(const Caller& c, comms::Announcement a, Reply<AnnouncementView> reply);
  void delete_announcement(const Caller& c, int64_t id, Reply<void> reply);
  void read_announcement(const Caller& c, int64_t id, Reply<AnnouncementView> reply);
  void announcement_receipts(const Caller& c, int64_t id, Reply<ReceiptsView> reply);


 private:
  // Every user with its team, site and agent (engine read, then the store).
  void people(Reply<std::vector<Person>> reply);
  // The caller as a Person (its site from the engine).
  void me(const Caller& c, Reply<Person> reply);
  comms::BriefingSchedule default_schedule(const std::string& site) const;
  // Every site's schedule, stored or the default (store thread).
  Result<std::vector<comms::BriefingSchedule>> all_schedules(storage::SqlDriver& db) const;
  void told(std::vector<int64_t> users);
  // Store thread. The end of (site, date)'s window: its deadline, or its publication when that
  // came first.
  static Result<int64_t> window_end(comms::NewsRepository& news, const comms::BriefingClock& clock, const std::string& site,
                                    const std::string& date);
  // The briefing an item submitted at `t_ms` goes to at the clock's site.
  static Result<std::string> briefing_date(comms::NewsRepository& news, const comms::BriefingClock& clock, int64_t t_ms);
  // Publishes (site, date) with the items of [end of the day before's window, end_ms) and writes
  // the site's agents' notifications (appended to `told`), in one transaction. 0 when no items.
  Result<int64_t> publish_window(storage::SqlDriver& db, const std::vector<Person>& people,
                                 const comms::BriefingClock& clock, const std::string& date, int64_t end_ms,
                                 int64_t now_ms, std::vector<int64_t>& told);

  Runtime& rt_;
  std::string center_zone_;
  std::function<void(std::span<const int64_t>)> notify_;
  std::atomic<bool> ticking_{false};
};

// Whether `p` is in audience `a`.
bool in_audience(const comms::Audience& a, const Person& p);

}  // namespace switchyard::app
