#pragma once
// Speech and text analytics over module "speech" (docs/quality.md,
// "Transcription"): keyword lists per queue, recorded calls transcribed in
// the background with keyword hits on their timeline, chat messages
// searched with the same lists (English and Chinese), hits per queue per day.
//
// When a contact ends (ContactEnded, seen by the commit listener), it is
// looked at kSettleMs later, on the store's bulk lane: a chat's messages
// are searched at once (source "chat"); a call with a recording
// (<recordings dir>/contact-<id>.wav) is queued for transcription. ONE
// worker thread, at the lowest CPU priority (SCHED_IDLE, nice 19),
// transcribes the queue in order with one pocketsphinx decoder and reports
// progress; nothing runs on the SIP, RTP, engine or HTTP threads, so calls
// are never delayed. Transcriptions queued or running at a stop are queued
// again at the next start.
//
// Permissions (auth/roles.h): a transcript is read with the rights of its
// recording (kListenRecordings and ContactService::get's scope: agents
// their own contacts, team leads their team's; get_for_review: also a
// teammate's ended contact for a peer review), each read audited as
// "transcript.read contact:<id>" (detail ", peer review" for a peer's); keyword lists and the transcription
// status need kManageQuality; the hits report kReadReports.
//
// Threading: every method from any thread; replies on store workers.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "core/event.h"
#include "metrics/calendar.h"
#include "speech/speech_store.h"
#include "speech/transcriber.h"

namespace switchyard::app {

struct SpeechOptions {
  bool transcription = true;  // speech.transcription
  speech::TranscriberOptions transcriber;  // model_dir from speech.model_dir
  std::string recordings_dir;  // "" = calls are not recorded (nothing to transcribe)
};

// What GET /contacts/{id}/transcript shows.
struct TranscriptView {
  core::ContactId contact = core::kNoContact;
  std::string status = "none";  // none, queued, running, done, failed
  double progress = 0;
  std::string error;
  int64_t duration_ms = 0;
  std::vector<speech::Segment> segments;
  std::vector<speech::ChannelWord> words;
  std::vector<speech::Hit> hits;
};

// Hits per day, team and keyword (the team of the contact's agent now; "" when none).
struct TeamHitDay {
  std::string day, team, keyword;
  int64_t hits = 0;
};

struct TranscriptionStatus {
  speech::TranscriptCounts counts;
  std::optional<std::pair<core::ContactId, double>> current;  // contact, progress
};

class SpeechService {
 public:
  static constexpr int64_t kSettleMs = 2000;  // a contact's recording or last messages are written by then

  SpeechService(Runtime& rt, ContactService& contacts, metrics::Calendar calendar, SpeechOptions options);
  ~SpeechService();  // stop()

  // Opens the decoder (when transcription is on; a failure turns it off and
  // is logged) and starts the threads; queues again what a stop left. Once.
  void start();
  // Stops the threads: the transcription running is cut (queued again at the
  // next start). Idempotent.
  void stop();
  // Commit listener: the committed events, in order.
  void committed(std::span<const core::Event> events);
  bool transcription_on() const { return transcriber_ != nullptr; }

  void transcript(const Caller& c, core::ContactId contact, Reply<TranscriptView> reply);
  void keyword_lists(const Caller& c, Reply<std::vector<speech::KeywordList>> reply);
  // Keywords checked by quality::KeywordSet (errors name "keywords[i]"); `alert`, the keywords
  // whose hits alert, each one of `keywords` as normalised (else "alert[i]"); an unknown queue is
  // kNotFound naming "queue"; an empty list removes it.
  void set_keywords(const Caller& c, std::string queue, std::vector<std::string> keywords,
                    std::vector<std::string> alert, Reply<speech::KeywordList> reply);
  // Days "YYYY-MM-DD" (from <= to, at most 366 days); queue "" = all.
  void hit_report(const Caller& c, std::string from, std::string to, std::string queue,
                  Reply<std::vector<speech::HitDay>> reply);
  // The same per team (team "" = all; an unknown team is kNotFound naming "team").
  void team_hit_report(const Caller& c, std::string from, std::string to, std::string queue, std::string team,
                       Reply<std::vector<TeamHitDay>> reply);
  // Told the users a keyword alert was written for, after its commit (docs/quality.md "Keyword alerts").
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }
  void status(const Caller& c, Reply<TranscriptionStatus> reply);

 private:
  struct Ended {
    core::ContactId contact = core::kNoContact;
    std::string queue;
    std::string agent;  // who handled it ("" = nobody)
    int64_t ended_ms = 0;
    int64_t due_ms = 0;  // rt.clock ms at which to look at it
  };
  void timer_loop();
  void worker_loop();
  // Store bulk lane: a chat's hits, or a call queued for transcription.
  void look_at(storage::SqlDriver& db, const Ended& e);
  void transcribe(core::ContactId contact);
  // Store bulk lane, later: `write` stores the contact's hits with its `also` in one transaction;
  // when a keyword of `alert` is hit, `also` writes a quality.keyword_alert notification for each
  // team lead of the agent's team and each quality user, who are told after the commit.
  using WriteHits = std::function<Result<void>(storage::SqlDriver&, const speech::SpeechRepository::Also&)>;
  void record(core::ContactId contact, const std::string& queue, const std::string& agent,
              const std::vector<speech::Hit>& hits, const std::vector<std::string>& alert, WriteHits write);
  // Checks the range of a hits report.
  Result<void> check_report(const std::string& from, const std::string& to, const std::string& queue) const;
  std::string recording_path(core::ContactId contact) const;

  Runtime& rt_;
  ContactService& contacts_;
  metrics::Calendar calendar_;
  SpeechOptions options_;
  std::unique_ptr<speech::Transcriber> transcriber_;  // null: transcription off; used by the worker only

  std::mutex mu_;
  std::condition_variable timer_cv_, worker_cv_;
  bool stopping_ = false;                    // guarded by mu_
  std::deque<Ended> ended_;                  // guarded by mu_: in due order
  std::deque<core::ContactId> transcribe_;   // guarded by mu_: queued for the worker
  std::optional<std::pair<core::ContactId, double>> current_;  // guarded by mu_
  std::thread timer_, worker_;
  std::function<void(std::span<const int64_t>)> notify_;
};

}  // namespace switchyard::app
