#include "app/queue_prompt_service.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "voice/media/prompt.h"

namespace switchyard::app {

namespace fs = std::filesystem;
using auth::Permission;

namespace {

// Temporary files of this process get unique names (two uploads at once).
std::string unique_suffix() {
  static std::atomic<uint64_t> counter{0};
  return std::to_string(counter.fetch_add(1));
}

int64_t mtime_ms(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::file_clock::to_sys(t).time_since_epoch())
      .count();
}

int64_t duration_ms_of(size_t samples) { return static_cast<int64_t>(samples) * 1000 / voice::media::kPromptRateHz; }

// "queue-<id>-<kind>.wav" -> (id, kind).
std::optional<std::pair<core::QueueId, PromptKind>> parse_file_name(std::string_view name) {
  if (!name.starts_with("queue-") || !name.ends_with(".wav")) return std::nullopt;
  name.remove_prefix(6);
  name.remove_suffix(4);
  size_t dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  core::QueueId id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + dash, id);
  if (ec != std::errc() || end != name.data() + dash) return std::nullopt;
  auto kind = parse_prompt_kind(name.substr(dash + 1));
  if (!kind) return std::nullopt;
  return std::pair{id, *kind};
}

// libsndfile's reason without the temporary file's path ("audio <path>: why").
std::string reason_of(const Error& e, const std::string& path) {
  const std::string prefix = "audio " + path + ": ";
  return e.message.starts_with(prefix) ? e.message.substr(prefix.size()) : e.message;
}

}  // namespace

Result<PromptKind> parse_prompt_kind(std::string_view kind) {
  if (kind == "greeting") return PromptKind::kGreeting;
  if (kind == "music") return PromptKind::kMusic;
  return make_error(ErrorCode::kInvalidArgument, "a prompt is \"greeting\" or \"music\"", "kind");
}

std::string_view to_string(PromptKind kind) { return kind == PromptKind::kGreeting ? "greeting" : "music"; }

QueuePromptService::QueuePromptService(Runtime& rt, std::string dir) : rt_(rt), dir_(std::move(dir)) {}

std::string QueuePromptService::path_of(core::QueueId queue, PromptKind kind) const {
  return (fs::path(dir_) / ("queue-" + std::to_string(queue) + "-" + std::string(to_string(kind)) + ".wav")).string();
}

Result<void> QueuePromptService::load() {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return {};
  std::map<Key, Entry> found;
  std::string unreadable;
  for (const fs::directory_entry& f : fs::directory_iterator(dir_, ec)) {
    const std::string name = f.path().filename().string();
    // what an upload or a save interrupted by a crash left behind
    if (name.ends_with(".tmp") || name.ends_with(".new")) {
      fs::remove(f.path(), ec);
      continue;
    }
    auto key = parse_file_name(name);
    if (!key || !f.is_regular_file(ec)) continue;
    auto pcm = voice::media::load_audio(f.path().string());
    if (!pcm) {
      unreadable += (unreadable.empty() ? "" : "; ") + pcm.error().message;
      continue;
    }
    found[*key] = Entry{std::make_shared<const std::vector<int16_t>>(std::move(*pcm)), mtime_ms(f.path())};
  }
  if (ec) return make_error(ErrorCode::kInternal, "cannot list " + dir_ + ": " + ec.message(), "voice.prompts_dir");
  {
    std::lock_guard lock(mu_);
    prompts_ = std::move(found);
  }
  if (!unreadable.empty()) return make_error(ErrorCode::kInternal, "skipped: " + unreadable, "voice.prompts_dir");
  return {};
}

Result<std::string> QueuePromptService::queue_name(core::QueueId queue) const {
  const std::string* name = rt_.catalog.names()->name(Kind::kQueue, queue);
  if (!name) return make_error(ErrorCode::kNotFound, "queue not found", "queue");
  return *name;
}

QueuePrompt QueuePromptService::entry_of(core::QueueId queue, PromptKind kind) const {
  std::lock_guard lock(mu_);
  auto it = prompts_.find({queue, kind});
  if (it == prompts_.end()) return QueuePrompt{kind, false, 0, 0};
  return QueuePrompt{kind, true, duration_ms_of(it->second.pcm->size()), it->second.updated_ms};
}

QueuePromptService::Pcm QueuePromptService::pcm(core::QueueId queue, std::string_view kind) const {
  auto k = parse_prompt_kind(kind);
  if (!k) return nullptr;
  std::lock_guard lock(mu_);
  auto it = prompts_.find({queue, *k});
  return it == prompts_.end() ? nullptr : it->second.pcm;
}

Result<std::vector<int16_t>> QueuePromptService::decode(const std::string& bytes, PromptKind kind) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return make_error(ErrorCode::kInternal, "cannot create " + dir_ + ": " + ec.message());
  // libsndfile reads files: the upload goes to a temporary one first
  const std::string tmp = (fs::path(dir_) / ("upload-" + unique_suffix() + ".tmp")).string();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(tmp, ec);
      return make_error(ErrorCode::kInternal, "cannot write " + tmp);
    }
  }
  auto pcm = voice::media::load_audio(tmp);
  fs::remove(tmp, ec);
  if (!pcm) {
    if (pcm.error().code != ErrorCode::kInvalidArgument) return std::unexpected(pcm.error());
    return make_error(ErrorCode::kInvalidArgument, "not audio that can be read: " + reason_of(pcm.error(), tmp), "audio");
  }
  const int64_t ms = duration_ms_of(pcm->size());
  if (kind == PromptKind::kGreeting && ms > kMaxGreetingMs)
    return make_error(ErrorCode::kInvalidArgument,
                      "a greeting lasts at most " + std::to_string(kMaxGreetingMs / 1000) + " s; this one " +
                          std::to_string((ms + 999) / 1000) + " s",
                      "audio");
  return pcm;
}

void QueuePromptService::put(const Caller& c, core::QueueId queue, std::string_view kind_text, std::string bytes,
                             Reply<QueuePrompt> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  auto name = queue_name(queue);
  if (!name) return reply(std::unexpected(name.error()));
  auto kind = parse_prompt_kind(kind_text);
  if (!kind) return reply(std::unexpected(kind.error()));
  if (bytes.empty()) return reply(make_error(ErrorCode::kInvalidArgument, "no audio in the body", "audio"));
  if (bytes.size() > kMaxUploadBytes)
    return reply(make_error(ErrorCode::kInvalidArgument,
                            "an upload is at most " + std::to_string(kMaxUploadBytes / (1024 * 1024)) + " MiB", "audio"));
  rt_.store.post_cpu([this, c, queue, kind = *kind, name = *name, bytes = std::move(bytes), reply = std::move(reply)] {
    auto pcm = decode(bytes, kind);
    if (!pcm) return reply(std::unexpected(pcm.error()));
    // converted and written beside its final name, renamed once audited
    const std::string path = path_of(queue, kind);
    const std::string staged = path + "." + unique_suffix() + ".new";
    if (auto s = voice::media::save_audio(staged, *pcm); !s) return reply(std::unexpected(s.error()));
    auto audio = std::make_shared<const std::vector<int16_t>>(std::move(*pcm));
    rt_.store.post([this, c, queue, kind, name, path, staged, audio, reply](storage::SqlDriver& db) {
      std::lock_guard write(write_mu_);
      const int64_t now = rt_.clock.now_ms();
      const int64_t ms = duration_ms_of(audio->size());
      std::error_code ec;
      auto a = audit::AuditLog(db).append(
          {0, now, c.name, "prompt.set", "queue:" + name, std::string(to_string(kind)) + " " + std::to_string(ms) + " ms", 0});
      if (!a) {
        fs::remove(staged, ec);
        return reply(std::unexpected(a.error()));
      }
      fs::rename(staged, path, ec);
      if (ec) {
        fs::remove(staged, ec);
        return reply(make_error(ErrorCode::kInternal, "cannot write " + path + ": " + ec.message()));
      }
      {
        std::lock_guard lock(mu_);
        prompts_[{queue, kind}] = Entry{audio, now};
      }
      reply(QueuePrompt{kind, true, ms, now});
    });
  });
}

void QueuePromptService::remove(const Caller& c, core::QueueId queue, std::string_view kind_text, Reply<void> reply) {
  if (auto ok = require(c, Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  auto name = queue_name(queue);
  if (!name) return reply(std::unexpected(name.error()));
  auto kind = parse_prompt_kind(kind_text);
  if (!kind) return reply(std::unexpected(kind.error()));
  rt_.store.post([this, c, queue, kind = *kind, name = *name, reply = std::move(reply)](storage::SqlDriver& db) {
    std::lock_guard write(write_mu_);
    if (!entry_of(queue, kind).present)
      return reply(make_error(ErrorCode::kNotFound, "this queue has no " + std::string(to_string(kind)), "kind"));
    auto a = audit::AuditLog(db).append(
        {0, rt_.clock.now_ms(), c.name, "prompt.remove", "queue:" + name, std::string(to_string(kind)), 0});
    if (!a) return reply(std::unexpected(a.error()));
    std::error_code ec;
    fs::remove(path_of(queue, kind), ec);
    {
      std::lock_guard lock(mu_);
      prompts_.erase({queue, kind});
    }
    if (ec) return reply(make_error(ErrorCode::kInternal, "cannot remove " + path_of(queue, kind) + ": " + ec.message()));
    reply({});
  });
}

void QueuePromptService::list(const Caller& c, core::QueueId queue, Reply<std::vector<QueuePrompt>> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  if (auto name = queue_name(queue); !name) return reply(std::unexpected(name.error()));
  std::vector<QueuePrompt> out;
  for (PromptKind k : kPromptKinds) out.push_back(entry_of(queue, k));
  reply(std::move(out));
}

void QueuePromptService::wav(const Caller& c, core::QueueId queue, std::string_view kind_text,
                             Reply<std::shared_ptr<const std::string>> reply) {
  if (auto ok = require(c, Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  if (auto name = queue_name(queue); !name) return reply(std::unexpected(name.error()));
  auto kind = parse_prompt_kind(kind_text);
  if (!kind) return reply(std::unexpected(kind.error()));
  rt_.store.post([this, path = path_of(queue, *kind), kind = *kind, reply = std::move(reply)](storage::SqlDriver&) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return reply(make_error(ErrorCode::kNotFound, "this queue has no " + std::string(to_string(kind)), "kind"));
    std::ostringstream ss;
    ss << in.rdbuf();
    reply(std::make_shared<const std::string>(std::move(ss).str()));
  });
}

}  // namespace switchyard::app
