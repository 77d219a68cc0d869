#include "app/speech_service.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>

#include "audit/audit_log.h"
#include "chat/chat.h"
#include "quality/keywords.h"
#include "server/log.h"

namespace switchyard::app {

namespace {

using auth::Permission;
constexpr size_t kMaxReportDays = 366;
constexpr int64_t kProgressWriteMs = 1000;  // progress written to the store at most this often

template <typename T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

// Runs `f` on a store worker (bulk lane) and waits for it. For the worker
// thread only: it may wait; no I/O thread may.
template <typename T>
Result<T> on_store_wait(Runtime& rt, std::function<Result<T>(storage::SqlDriver&)> f) {
  std::promise<Result<T>> done;
  auto result = done.get_future();
  rt.store.post_bulk([&](storage::SqlDriver& db) { done.set_value(f(db)); });
  return result.get();
}

// The lowest CPU priority for the calling thread: SCHED_IDLE (runs only
// when a core is otherwise idle) and nice 19 where SCHED_IDLE is refused.
void lowest_priority() {
  pthread_setname_np(pthread_self(), "sy-speech");  // for ps, top and the tests
  sched_param p{};
  p.sched_priority = 0;
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &p) != 0)
    server::log_warn("speech: SCHED_IDLE refused; the transcription thread runs at nice 19 only");
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
}

bool valid_day(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string_view chat_channel(chat::Sender s) {
  return s == chat::Sender::kVisitor ? "customer" : "agent";
}

}  // namespace

SpeechService::SpeechService(Runtime& rt, ContactService& contacts, metrics::Calendar calendar, SpeechOptions options)
    : rt_(rt), contacts_(contacts), calendar_(std::move(calendar)), options_(std::move(options)) {}

SpeechService::~SpeechService() { stop(); }

void SpeechService::start() {
  if (options_.transcription && !options_.recordings_dir.empty()) {
    auto t = speech::Transcriber::open(options_.transcriber);
    if (t) transcriber_ = std::make_unique<speech::Transcriber>(std::move(*t));
    else server::log_warn("speech: transcription off: " + t.error().message);
  }
  timer_ = std::thread([this] { timer_loop(); });
  if (!transcriber_) return;
  worker_ = std::thread([this] { worker_loop(); });
  rt_.store.post_bulk([this](storage::SqlDriver& db) {
    auto pending = speech::SpeechRepository(db).pending();
    if (!pending) return server::log_error("speech: pending transcriptions: " + pending.error().message);
    std::lock_guard lock(mu_);
    for (core::ContactId c : *pending) transcribe_.push_back(c);
    worker_cv_.notify_one();
  });
}

void SpeechService::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  worker_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  if (worker_.joinable()) worker_.join();
}

void SpeechService::committed(std::span<const core::Event> events) {
  std::vector<Ended> ended;
  for (const core::Event& e : events) {
    const auto* end = std::get_if<core::ev::ContactEnded>(&e.body);
    if (!end) continue;
    const std::string* queue = rt_.catalog.names()->name(Kind::kQueue, end->queue);
    ended.push_back(Ended{end->contact, queue ? *queue : std::string(), e.time_ms, rt_.clock.now_ms() + kSettleMs});
  }
  if (ended.empty()) return;
  std::lock_guard lock(mu_);
  for (Ended& e : ended) ended_.push_back(std::move(e));
  timer_cv_.notify_one();
}

// Hands each ended contact to the bulk lane once its time has come.
void SpeechService::timer_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (ended_.empty()) {
      timer_cv_.wait(lock);
      continue;
    }
    const int64_t wait = ended_.front().due_ms - rt_.clock.now_ms();
    if (wait > 0) {
      timer_cv_.wait_for(lock, std::chrono::milliseconds(wait));
      continue;
    }
    Ended e = std::move(ended_.front());
    ended_.pop_front();
    rt_.store.post_bulk([this, e = std::move(e)](storage::SqlDriver& db) { look_at(db, e); });
  }
}

std::string SpeechService::recording_path(core::ContactId contact) const {
  return options_.recordings_dir + "/contact-" + std::to_string(contact) + ".wav";
}

void SpeechService::look_at(storage::SqlDriver& db, const Ended& e) {
  speech::SpeechRepository repo(db);
  auto session = chat::ChatRepository(db).session(e.contact);
  if (!session) return server::log_error("speech: chat session " + std::to_string(e.contact) + ": " + session.error().message);
  if (*session) {
    // a chat: its messages searched with the queue's list
    auto list = repo.keywords(e.queue);
    if (!list) return server::log_error("speech: keywords of " + e.queue + ": " + list.error().message);
    if (!*list) return;
    auto set = quality::KeywordSet::compile((*list)->keywords);
    auto messages = chat::ChatRepository(db).messages(e.contact, 0);
    if (!set || !messages) return server::log_error("speech: chat " + std::to_string(e.contact) + " not searched");
    std::vector<speech::Hit> hits;
    const std::string day = calendar_.format_date(e.ended_ms);
    for (const chat::Message& m : *messages) {
      if (m.kind != chat::MessageKind::kMessage || m.from == chat::Sender::kSystem) continue;
      const int64_t at = std::max<int64_t>(0, m.time_ms - (*session)->started_ms);
      for (const quality::KeywordHit& h : set->spot(m.text))
        hits.push_back(speech::Hit{e.contact, e.queue, day, set->keyword(h.keyword), std::string(chat_channel(m.from)),
                                   at, at, m.text.substr(h.offset, h.length), "chat", e.ended_ms});
    }
    if (auto r = repo.replace_hits(e.contact, "chat", hits); !r)
      server::log_error("speech: hits of chat " + std::to_string(e.contact) + ": " + r.error().message);
    return;
  }
  if (!transcriber_) return;
  std::error_code ec;
  if (!std::filesystem::exists(recording_path(e.contact), ec)) return;  // not recorded
  if (auto r = repo.queue_transcript(e.contact, e.queue, rt_.clock.now_ms()); !r)
    return server::log_error("speech: queueing " + std::to_string(e.contact) + ": " + r.error().message);
  std::lock_guard lock(mu_);
  transcribe_.push_back(e.contact);
  worker_cv_.notify_one();
}

void SpeechService::worker_loop() {
  lowest_priority();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (transcribe_.empty()) {
      worker_cv_.wait(lock);
      continue;
    }
    const core::ContactId contact = transcribe_.front();
    transcribe_.pop_front();
    current_ = std::pair{contact, 0.0};
    lock.unlock();
    transcribe(contact);
    lock.lock();
    current_.reset();
  }
}

// Worker thread: one call, both sides, then its hits; the store is written
// at the start, about once a second while running, and at the end.
void SpeechService::transcribe(core::ContactId contact) {
  auto row = on_store_wait<std::optional<speech::Transcript>>(
      rt_, [contact](storage::SqlDriver& db) { return speech::SpeechRepository(db).transcript(contact); });
  if (!row || !*row) return;
  const std::string queue = (*row)->queue;
  const int64_t ended_ms = (*row)->created_ms;
  auto set_failed = [&](const std::string& why) {
    server::log_warn("speech: transcription of contact " + std::to_string(contact) + " failed: " + why);
    rt_.store.post_bulk([contact, why, now = rt_.clock.now_ms()](storage::SqlDriver& db) {
      (void)speech::SpeechRepository(db).fail(contact, why, now);
    });
  };
  auto audio = speech::load_recording(recording_path(contact));
  if (!audio) return set_failed(audio.error().message);
  auto list = on_store_wait<std::optional<speech::KeywordList>>(
      rt_, [queue](storage::SqlDriver& db) { return speech::SpeechRepository(db).keywords(queue); });
  std::vector<std::string> keywords = list && *list ? (*list)->keywords : std::vector<std::string>{};
  auto set = quality::KeywordSet::compile(keywords);
  if (!set) return set_failed("keyword list of " + queue + ": " + set.error().message);

  int64_t last_write = 0;
  auto report = [&](double side_from, double fraction) {
    const double p = side_from + fraction / 2;  // each side is half the work
    bool go = true;
    {
      std::lock_guard lock(mu_);
      current_ = std::pair{contact, p};
      go = !stopping_;
    }
    const int64_t now = rt_.clock.now_ms();
    if (go && now - last_write >= kProgressWriteMs) {
      last_write = now;
      rt_.store.post_bulk([contact, p, now](storage::SqlDriver& db) {
        (void)speech::SpeechRepository(db).set_progress(contact, speech::TranscriptStatus::kRunning, p, now);
      });
    }
    return go;
  };
  report(0, 0);
  auto customer = transcriber_->transcribe(audio->customer, [&](double f) { return report(0, f); });
  if (!customer && customer.error().code == ErrorCode::kUnavailable) return;  // stopping: queued again at start
  if (!customer) return set_failed(customer.error().message);
  auto agent = transcriber_->transcribe(audio->agent, [&](double f) { return report(0.5, f); });
  if (!agent && agent.error().code == ErrorCode::kUnavailable) return;
  if (!agent) return set_failed(agent.error().message);

  speech::CallText text = speech::call_text(*customer, *agent, *set);
  speech::Transcript t;
  t.contact = contact;
  t.duration_ms = audio->duration_ms;
  t.segments = std::move(text.segments);
  t.words = std::move(text.words);
  t.updated_ms = rt_.clock.now_ms();
  std::vector<speech::Hit> hits;
  const std::string day = calendar_.format_date(ended_ms);
  for (const auto& [channel, h] : text.hits)
    hits.push_back(speech::Hit{contact, queue, day, set->keyword(h.keyword), channel, h.start_ms, h.end_ms, h.text,
                               "speech", ended_ms});
  auto done = on_store_wait<bool>(rt_, [&](storage::SqlDriver& db) -> Result<bool> {
    auto r = speech::SpeechRepository(db).finish(t, hits);
    if (!r) return std::unexpected(r.error());
    return true;
  });
  if (!done) server::log_error("speech: storing the transcript of " + std::to_string(contact) + ": " + done.error().message);
}

void SpeechService::transcript(const Caller& c, core::ContactId contact, Reply<TranscriptView> reply) {
  if (auto ok = require(c, Permission::kListenRecordings); !ok) return reply(std::unexpected(ok.error()));
  // the recording's rights: the contact's scope decides (own, team's, all)
  contacts_.get(c, contact, [this, who = c.name, contact, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    rt_.store.post([this, who, contact, reply](storage::SqlDriver& db) {
      speech::SpeechRepository repo(db);
      TranscriptView v;
      v.contact = contact;
      auto session = chat::ChatRepository(db).session(contact);
      if (!session) return reply(std::unexpected(session.error()));
      if (*session) {
        // a chat: its messages are the transcript
        auto messages = chat::ChatRepository(db).messages(contact, 0);
        if (!messages) return reply(std::unexpected(messages.error()));
        const int64_t start = (*session)->started_ms;
        v.status = "done";
        v.progress = 1;
        for (const chat::Message& m : *messages) {
          if (m.kind != chat::MessageKind::kMessage || m.from == chat::Sender::kSystem) continue;
          const int64_t at = std::max<int64_t>(0, m.time_ms - start);
          v.segments.push_back(speech::Segment{std::string(chat_channel(m.from)), at, at, m.text});
          v.duration_ms = at;
        }
        if ((*session)->ended_ms) v.duration_ms = std::max<int64_t>(v.duration_ms, *(*session)->ended_ms - start);
      } else {
        auto t = repo.transcript(contact);
        if (!t) return reply(std::unexpected(t.error()));
        if (*t) {
          v.status = std::string(speech::to_string((*t)->status));
          v.progress = (*t)->progress;
          v.error = (*t)->error;
          v.duration_ms = (*t)->duration_ms;
          v.segments = std::move((*t)->segments);
          v.words = std::move((*t)->words);
        }
      }
      auto hits = repo.hits(contact);
      if (!hits) return reply(std::unexpected(hits.error()));
      v.hits = std::move(*hits);
      // audited before it is handed out, like recording.play
      auto a = audit::AuditLog(db).append(
          {0, rt_.clock.now_ms(), who, "transcript.read", "contact:" + std::to_string(contact), v.status, 0});
      if (!a) return reply(std::unexpected(a.error()));
      reply(std::move(v));
    });
  });
}

void SpeechService::keyword_lists(const Caller& c, Reply<std::vector<speech::KeywordList>> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<speech::KeywordList>>(
      rt_, [](storage::SqlDriver& db) { return speech::SpeechRepository(db).keyword_lists(); }, std::move(reply));
}

void SpeechService::set_keywords(const Caller& c, std::string queue, std::vector<std::string> keywords,
                                 Reply<speech::KeywordList> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kQueue, queue))
    return reply(make_error(ErrorCode::kNotFound, "no such queue", "queue"));
  if (auto set = quality::KeywordSet::compile(keywords); !set) return reply(std::unexpected(set.error()));
  on_store<speech::KeywordList>(
      rt_,
      [this, who = c.name, queue = std::move(queue), keywords = std::move(keywords)](
          storage::SqlDriver& db) -> Result<speech::KeywordList> {
        const int64_t now = rt_.clock.now_ms();
        speech::KeywordList list{queue, keywords, who, now};
        auto tx = db.in_transaction([&]() -> Result<void> {
          if (auto r = speech::SpeechRepository(db).set_keywords(list); !r) return r;
          auto a = audit::AuditLog(db).append({0, now, who, "speech.keywords", "queue:" + queue,
                                               std::to_string(keywords.size()) + " keywords", 0});
          if (!a) return std::unexpected(a.error());
          return {};
        });
        if (!tx) return fail<speech::KeywordList>(tx.error());
        return list;
      },
      std::move(reply));
}

void SpeechService::hit_report(const Caller& c, std::string from, std::string to, std::string queue,
                               Reply<std::vector<speech::HitDay>> reply) {
  if (auto ok = require(c, Permission::kReadReports); !ok) return reply(std::unexpected(ok.error()));
  if (!valid_day(from)) return reply(make_error(ErrorCode::kInvalidArgument, "expected a day YYYY-MM-DD", "from"));
  if (!valid_day(to)) return reply(make_error(ErrorCode::kInvalidArgument, "expected a day YYYY-MM-DD", "to"));
  if (to < from) return reply(make_error(ErrorCode::kInvalidArgument, "must not be before from", "to"));
  auto span = calendar_.parse(to, "to");
  auto start = calendar_.parse(from, "from");
  if (!start) return reply(std::unexpected(start.error()));
  if (!span) return reply(std::unexpected(span.error()));
  if ((*span - *start) / 86'400'000 >= static_cast<int64_t>(kMaxReportDays))
    return reply(make_error(ErrorCode::kInvalidArgument, "at most 366 days", "to"));
  if (!queue.empty() && !rt_.catalog.names()->id(Kind::kQueue, queue))
    return reply(make_error(ErrorCode::kNotFound, "no such queue", "queue"));
  on_store<std::vector<speech::HitDay>>(
      rt_,
      [from = std::move(from), to = std::move(to), queue = std::move(queue)](storage::SqlDriver& db) {
        return speech::SpeechRepository(db).hit_days(from, to, queue);
      },
      std::move(reply));
}

void SpeechService::status(const Caller& c, Reply<TranscriptionStatus> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<TranscriptionStatus>(
      rt_,
      [this](storage::SqlDriver& db) -> Result<TranscriptionStatus> {
        auto counts = speech::SpeechRepository(db).counts();
        if (!counts) return fail<TranscriptionStatus>(counts.error());
        TranscriptionStatus s{*counts, std::nullopt};
        std::lock_guard lock(mu_);
        s.current = current_;
        return s;
      },
      std::move(reply));
}

}  // namespace switchyard::app
