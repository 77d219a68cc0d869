#pragma once
// Module "comms_news": the daily briefing and announcements (docs/comms.md "Daily briefing",
// "Announcements"). Briefing items are kept as submitted; a briefing is published once per site
// and local date with the items of its window (briefing_time.h) frozen into it; read receipts per
// user. Announcements carry an audience and are kept until deleted (expired ones stay readable
// to their authors); read receipts per user.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "comms/briefing_time.h"
#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::comms {

struct BriefingItem {
  int64_t id = 0;
  std::string site;  // "" = every site
  std::string department;
  std::string title;
  std::string body;
  std::string author;
  int64_t created_ms = 0;
};
// kInvalidArgument naming "department" (1..100 bytes), "title" (1..200), "body" (0..10,000).
Result<void> validate(const BriefingItem& i);

struct Briefing {
  int64_t id = 0;
  std::string site;
  std::string date;  // the site's local date, YYYY-MM-DD
  int64_t published_ms = 0;
  std::vector<BriefingItem> items;  // in order of submission
};

enum class AudienceKind : uint8_t { kEveryone, kSite, kTeam, kRole };
std::string_view to_string(AudienceKind k);  // "everyone", "site", "team", "role"
std::optional<AudienceKind> audience_kind_from_string(std::string_view s);

struct Audience {
  AudienceKind kind = AudienceKind::kEveryone;
  std::string value;  // the site, team or role name; "" for everyone
  bool operator==(const Audience&) const = default;
};

inline constexpr std::string_view kAnnouncementCategories[] = {"hr", "product", "policy", "it", "general"};

struct Announcement {
  int64_t id = 0;
  std::string title;
  std::string body;
  std::string category = "general";
  Audience audience;
  bool pinned = false;
  bool urgent = false;
  std::optional<int64_t> expires_ms;
  std::string author;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};
// kInvalidArgument naming "title" (1..200 bytes), "body" (0..20,000), "category", "audience.kind",
// "audience.value" (required for site, team and role; "" for everyone).
Result<void> validate(const Announcement& a);

// Who read what: user name -> first read (epoch ms).
using Receipts = std::map<std::string, int64_t>;

class NewsRepository {
 public:
  explicit NewsRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "comms_news"

  // The sites' schedules, by site; replace_schedules() replaces them all (each validated:
  // errors name "items[i].<field>"; a site twice is "items[i].site").
  Result<std::vector<BriefingSchedule>> schedules();
  Result<void> replace_schedules(std::span<const BriefingSchedule> all);

  Result<int64_t> add_item(const BriefingItem& item);
  // The items of `site` and of every site ("") submitted in [from_ms, to_ms), oldest first.
  Result<std::vector<BriefingItem>> items_between(std::string_view site, int64_t from_ms, int64_t to_ms);

  Result<std::optional<int64_t>> briefing_id(std::string_view site, std::string_view date);
  // Publishes the briefing of (site, date) with `items`; kConflict when it exists. Several
  // statements: run it in a transaction (the caller's, with what it tells).
  Result<int64_t> publish(std::string_view site, std::string_view date, int64_t now_ms,
                          std::span<const int64_t> item_ids);
  Result<std::optional<Briefing>> briefing(int64_t id);
  // The newest first, of `site` ("" = every site), at most `limit`.
  Result<std::vector<Briefing>> briefings(std::string_view site, size_t limit);
  // The first read counts; a second changes nothing. kNotFound "id".
  Result<void> mark_briefing_read(int64_t id, std::string_view user, int64_t now_ms);
  Result<Receipts> briefing_receipts(int64_t id);

  Result<int64_t> add_announcement(const Announcement& a);
  // Replaces what an author writes (title ... expiry); kNotFound "id".
  Result<void> update_announcement(const Announcement& a);
  Result<void> delete_announcement(int64_t id);  // with its receipts; kNotFound "id"
  Result<std::optional<Announcement>> announcement(int64_t id);
  // Pinned first, then newest; expired ones (expires_ms <= now_ms) only when asked.
  Result<std::vector<Announcement>> announcements(bool include_expired, int64_t now_ms);
  Result<void> mark_announcement_read(int64_t id, std::string_view user, int64_t now_ms);
  Result<Receipts> announcement_receipts(int64_t id);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::comms
