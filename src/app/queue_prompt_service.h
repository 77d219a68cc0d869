#pragma once
// Queue prompts (docs/voice.md, "Queue prompts"): audio an administrator
// uploads for one queue, in two kinds:
//   "greeting"  played to a caller first, before the recording notice;
//               at most kMaxGreetingMs;
//   "music"     replaces the hold music for that queue; at most
//               media::kMaxAudioSeconds (10 min).
// An upload is any file libsndfile reads (WAV, FLAC, Ogg, ...), at most
// kMaxUploadBytes; it is decoded and kept converted (mono, 8000 Hz, 16-bit
// PCM WAV) as <dir>/queue-<queue id>-<kind>.wav, and in memory for the voice
// edge (pcm()).
//
// Rules: put and remove need kWriteConfig (admins, like the queue's own
// configuration); list and wav need kReadConfig. An unknown queue is
// kNotFound naming "queue", an unknown kind kInvalidArgument naming "kind",
// an upload that is not audio, too large or too long kInvalidArgument
// naming "audio". Every change is audited ("prompt.set" with the kind and
// duration, "prompt.remove"; target "queue:<name>"); a change is visible
// (file and memory) only once its audit entry is written.
//
// Threading: every method from any thread; replies on service threads
// (decoding runs on the store's CPU lane). pcm() does not block beyond a
// short lock and may be called from the voice edge's threads.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"

namespace switchyard::app {

enum class PromptKind : uint8_t { kGreeting, kMusic };
inline constexpr PromptKind kPromptKinds[] = {PromptKind::kGreeting, PromptKind::kMusic};

// "greeting" / "music"; anything else kInvalidArgument naming "kind".
Result<PromptKind> parse_prompt_kind(std::string_view kind);
std::string_view to_string(PromptKind kind);

// One kind of one queue's prompt, as listed.
struct QueuePrompt {
  PromptKind kind = PromptKind::kGreeting;
  bool present = false;
  int64_t duration_ms = 0;  // of the converted audio; 0 when absent
  int64_t updated_ms = 0;   // when it was set (ms since the epoch; at start, the file's time); 0 when absent
};

class QueuePromptService {
 public:
  static constexpr size_t kMaxUploadBytes = 10 * 1024 * 1024;  // 10 MiB, as uploaded (before conversion)
  static constexpr int64_t kMaxGreetingMs = 60'000;

  using Pcm = std::shared_ptr<const std::vector<int16_t>>;

  // `dir`: where the converted files live (<voice.prompts_dir>/queues); it
  // is created on the first upload. Nothing is read until load().
  QueuePromptService(Runtime& rt, std::string dir);

  // At start, before serving: the prompts of the files present in `dir`
  // (queue-<id>-<kind>.wav). A missing dir is no prompts; a file that
  // cannot be read is skipped and named in the error returned after the
  // others are loaded (the server logs it and goes on).
  Result<void> load();

  // Sets `kind` of `queue` from `bytes` (the uploaded file); the answer is
  // its listing entry.
  void put(const Caller& c, core::QueueId queue, std::string_view kind, std::string bytes, Reply<QueuePrompt> reply);
  // kNotFound naming "kind" when that prompt is not set.
  void remove(const Caller& c, core::QueueId queue, std::string_view kind, Reply<void> reply);
  // Both kinds, greeting first, present or not.
  void list(const Caller& c, core::QueueId queue, Reply<std::vector<QueuePrompt>> reply);
  // The converted WAV file (mono, 8000 Hz, 16-bit); kNotFound naming "kind"
  // when that prompt is not set.
  void wav(const Caller& c, core::QueueId queue, std::string_view kind, Reply<std::shared_ptr<const std::string>> reply);

  // For the voice edge: the prompt's samples (mono, 16-bit, 8000 Hz), or
  // nullptr when the queue has none of that kind (or `kind` is neither
  // "greeting" nor "music"). Held in memory: no I/O. The buffer returned
  // stays valid (and unchanged) however long it is held; a later put or
  // remove is seen by the next call. Any thread.
  Pcm pcm(core::QueueId queue, std::string_view kind) const;

  const std::string& dir() const { return dir_; }
  // The file a prompt is kept in, whether or not it exists.
  std::string path_of(core::QueueId queue, PromptKind kind) const;

 private:
  struct Entry {
    Pcm pcm;
    int64_t updated_ms = 0;
  };
  using Key = std::pair<core::QueueId, PromptKind>;

  // kNotFound naming "queue" unless the catalog knows `queue`; its name.
  Result<std::string> queue_name(core::QueueId queue) const;
  QueuePrompt entry_of(core::QueueId queue, PromptKind kind) const;  // takes mu_
  // CPU lane: `bytes` decoded and checked.
  Result<std::vector<int16_t>> decode(const std::string& bytes, PromptKind kind);

  Runtime& rt_;
  const std::string dir_;
  mutable std::mutex mu_;
  std::map<Key, Entry> prompts_;  // guarded by mu_
  // Renames into place and memory updates happen together under this, so
  // the memory always holds what the file holds (two puts may race).
  std::mutex write_mu_;
};

}  // namespace switchyard::app
