#include "app/store_setup.h"

#include <filesystem>
#include <system_error>

#include "alerts/alert_repository.h"
#include "audit/audit_log.h"
#include "auth/account_repository.h"
#include "chat/chat.h"
#include "comms/chat_store.h"
#include "voice/phone_book.h"
#include "wfm/wfm_store.h"
#include "eventlog/schema.h"
#include "notify/notify_store.h"
#include "quality/quality_store.h"
#include "comms/kb_store.h"
#include "comms/news_store.h"
#include "comms/board_store.h"
#include "comms/people_store.h"
#include "speech/speech_store.h"
#include "history/contact_history.h"
#include "reports/rollups.h"
#include "surveys/surveys.h"
#include "storage/migrate.h"

namespace switchyard::app {
namespace {

// The modules' schemas, migrated in this order.
const storage::ModuleSchema* const kSchemas[] = {&eventlog::schema(), &auth::AccountRepository::schema(),
                                                 &audit::AuditLog::schema(), &history::schema(),
                                                 &reports::schema(), &surveys::schema(),
                                                 &alerts::schema(), &chat::schema(),
                                                 &voice::PhoneBook::schema(), &wfm::store_schema(),
                                                 &notify::NotifyRepository::schema(),
                                                 &quality::QualityRepository::schema(),
                                                 &speech::SpeechRepository::schema(),
                                                 &comms::KbRepository::schema(),
                                                 &comms::NewsRepository::schema(),
                                                 &comms::ChatRepository::schema(),
                                                 &comms::BoardRepository::schema(),
                                                 &comms::PeopleRepository::schema()};

// Creates the directory of a SQLite store path ("sqlite:data/x.db" -> data/).
Result<void> make_store_dir(const std::string& url) {
  if (storage::is_postgres_url(url) || url.find("://") != std::string::npos) return {};
  std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  path = path.substr(0, path.find('?'));
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kInternal, "cannot create " + dir.string() + ": " + ec.message(), "url");
  return {};
}

}  // namespace

Result<void> migrate_all(storage::SqlDriver& db) {
  for (const storage::ModuleSchema* s : kSchemas)
    if (auto r = storage::migrate(db, *s); !r) return r;
  return {};
}

Result<std::unique_ptr<storage::SqlDriver>> open_migrated_store(const std::string& url) {
  if (auto r = make_store_dir(url); !r) return std::unexpected(r.error());
  auto db = storage::open_database(url);
  if (!db) return db;
  if (auto r = migrate_all(**db); !r) return std::unexpected(r.error());
  return db;
}

}  // namespace switchyard::app
