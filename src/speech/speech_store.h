#pragma once
// Module "speech" (docs/quality.md, "Transcription"): what speech and text
// analytics keep.
//  - speech_keywords: the keyword list of each queue (by queue name);
//  - speech_transcripts: one row per recorded call queued for
//    transcription: status, progress, error, and when done its segments
//    and words (JSON text: [{channel, start_ms, end_ms, text}] and
//    [{channel, word, start_ms, end_ms}]);
//  - speech_hits: the keyword hits of a contact (of its transcript, chat
//    messages or email), with the center's day of the contact and its
//    end time, for reports and sampling.
//
// Channels are "customer" and "agent"; sources "speech", "chat", "email".
// Times: start_ms / end_ms are ms from the start of the contact (of the
// recording for speech); time_ms and *_ms columns are epoch ms.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/migrate.h"
#include "speech/word_spotter.h"
#include "storage/sql_driver.h"

namespace switchyard::speech {

enum class TranscriptStatus : uint8_t { kQueued, kRunning, kDone, kFailed };
std::string_view to_string(TranscriptStatus s);  // "queued", "running", "done", "failed"
std::optional<TranscriptStatus> transcript_status_from_string(std::string_view s);

struct Transcript {
  core::ContactId contact = core::kNoContact;
  std::string queue;
  TranscriptStatus status = TranscriptStatus::kQueued;
  double progress = 0;  // 0..1, kept to 1e-6
  std::string error;    // when failed
  int64_t duration_ms = 0;
  std::vector<Segment> segments;
  std::vector<ChannelWord> words;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::string agent{};  // who handled the call ("" = unknown), given when queued
  bool operator==(const Transcript&) const = default;
};

struct Hit {
  core::ContactId contact = core::kNoContact;
  std::string queue;
  std::string day;  // YYYY-MM-DD, the center's day of the contact's end
  std::string keyword;
  std::string channel;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string text;    // what was matched
  std::string source;  // "speech", "chat", "email"
  int64_t time_ms = 0; // the contact's end, epoch ms
  std::string agent{};  // the agent who handled the contact ("" = none known)
  bool operator==(const Hit&) const = default;
};

struct KeywordList {
  std::string queue;
  std::vector<std::string> keywords;
  std::string updated_by;
  int64_t updated_ms = 0;
  std::vector<std::string> alert{};  // the keywords whose hits alert (each one of `keywords`)
  bool operator==(const KeywordList&) const = default;
};

struct HitDay {
  std::string day, queue, keyword;
  int64_t hits = 0;
  bool operator==(const HitDay&) const = default;
};

struct HitAgentDay {
  std::string day, agent, keyword;
  int64_t hits = 0;
  bool operator==(const HitAgentDay&) const = default;
};

struct TranscriptCounts {
  int64_t queued = 0, running = 0, done = 0, failed = 0;
};

class SpeechRepository {
 public:
  explicit SpeechRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "speech"

  // Replaces the queue's list (an empty list removes it).
  Result<void> set_keywords(const KeywordList& list);
  Result<std::vector<KeywordList>> keyword_lists();  // by queue name
  Result<std::optional<KeywordList>> keywords(std::string_view queue);

  // (Re)queues the contact's transcription: status queued, progress 0, no
  // words; a done transcript queued again is done again later.
  Result<void> queue_transcript(core::ContactId contact, std::string_view queue, std::string_view agent, int64_t now_ms);
  // kNotFound naming "contact" when the contact has no transcript row.
  Result<void> set_progress(core::ContactId contact, TranscriptStatus status, double progress, int64_t now_ms);
  // Stores the finished transcript (status done, progress 1) and its hits
  // (replacing the contact's speech hits) in one transaction.
  // `also` (may be empty) runs in the same transaction after the hits are written: what the caller
  // records with them (alert notifications); its error rolls everything back.
  using Also = std::function<Result<void>()>;
  Result<void> finish(const Transcript& t, std::span<const Hit> hits, const Also& also = {});
  Result<void> fail(core::ContactId contact, std::string_view error, int64_t now_ms);
  Result<std::optional<Transcript>> transcript(core::ContactId contact);
  // Contacts queued or running (after a restart: to queue again), oldest first.
  Result<std::vector<core::ContactId>> pending();
  Result<TranscriptCounts> counts();

  // Replaces the contact's hits of `source` by `hits` in one transaction (with `also`, as finish()).
  Result<void> replace_hits(core::ContactId contact, std::string_view source, std::span<const Hit> hits,
                            const Also& also = {});
  Result<std::vector<Hit>> hits(core::ContactId contact);  // by start_ms
  // Hits per day, queue and keyword for days in [from_day, to_day]
  // (YYYY-MM-DD), of one queue or all (""), ordered by day, queue, keyword.
  Result<std::vector<HitDay>> hit_days(std::string_view from_day, std::string_view to_day, std::string_view queue);
  // The same per agent (the agent's name, "" for none) instead of per queue.
  Result<std::vector<HitAgentDay>> hit_agent_days(std::string_view from_day, std::string_view to_day,
                                                  std::string_view queue);
  // Hits per contact of contacts that ended in [from_ms, to_ms), by contact
  // (for the sampling rule keyword_hit).
  Result<std::vector<std::pair<core::ContactId, int>>> hit_counts(int64_t from_ms, int64_t to_ms);

 private:
  // replace_hits without its transaction (the caller's).
  Result<void> write_hits(core::ContactId contact, std::string_view source, std::span<const Hit> hits);
  storage::SqlDriver& db_;
};

}  // namespace switchyard::speech
