#pragma once
// Call recordings (docs/voice.md, "Recording"): a bridged call is recorded by
// the voice edge to <recordings dir>/contact-<id>.wav; this service hands a
// recording to a caller allowed to hear it and audits every access.
//
// Rules: the caller needs kListenRecordings and must see the contact
// (ContactService::get's scope: an agent their own calls, a team lead the
// team's; get_for_review adds a teammate's ended call for a peer review);
// every successful access writes an audit entry "recording.play contact:<id>"
// (by the link's user for a link; its detail ends ", peer review" when only
// the peer-review rule let the caller in).
//
// Retention (voice.recordings_keep_days): prune() deletes the recordings
// older than the retention, on the store's bulk lane at start and hourly;
// a recording asked for after that is not_found, as one never made.
//
// Threading: any thread; replies on service threads.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"

namespace switchyard::app {

struct RecordingFile {
  core::ContactId contact = core::kNoContact;
  std::shared_ptr<const std::string> bytes;  // the whole WAV
};

// A link to one recording that a browser's <audio> element can use (it sends
// no Authorization header): the path carries a token signed for one
// contact and one user, valid `link_ttl_ms`.
struct RecordingLink {
  std::string path;  // "/api/v1/recordings/<token>"
  int64_t expires_ms = 0;
};

// What one retention pass did.
struct RecordingSweep {
  uint64_t deleted = 0;
  uint64_t failed = 0;  // old enough, but the file could not be deleted
  std::string first_error;
};

// Deletes the recordings in `dir` (regular files named contact-<digits>.wav)
// whose modification time is more than `keep_ms` before `now_ms` (both in
// ms, the file times read as system time); any other file is left alone.
// `dir` "", missing, or `keep_ms` <= 0: nothing. Any thread; file I/O only.
RecordingSweep delete_old_recordings(const std::string& dir, int64_t keep_ms, int64_t now_ms);

class RecordingService {
 public:
  static constexpr int64_t kLinkTtlMs = 10 * 60'000;
  // `dir` empty: recording is off (every request is not_found). `secret`
  // signs links (random per process: links die with it).
  RecordingService(Runtime& rt, ContactService& contacts, std::string dir, std::string secret);
  void open(const Caller& c, core::ContactId contact, Reply<RecordingFile> reply);
  // The same checks as open(); the file must exist.
  void link(const Caller& c, core::ContactId contact, Reply<RecordingLink> reply);
  // The recording of a link's token, audited as its user's access;
  // kUnauthenticated when the token is forged or expired.
  void open_link(const std::string& token, Reply<RecordingFile> reply);
  const std::string& dir() const { return dir_; }

  // Keeps recordings `keep_days` days (0: forever) in `dir`, the recordings
  // folder even when it is not served (voice turned off since). Before
  // the first prune().
  void set_retention(std::string dir, int keep_days);
  // One retention pass now (rt.clock): deletes what is older, logs how
  // many were deleted (and any failure). Store bulk lane (or any one thread
  // at a time).
  RecordingSweep prune();
  // Recordings deleted by prune() since start.
  uint64_t deleted_total() const { return deleted_total_.load(std::memory_order_relaxed); }

 private:
  Runtime& rt_;
  ContactService& contacts_;
  std::string path_of(core::ContactId contact) const;
  // `peer`: opened under the peer-review rule (the audit entry says so).
  void read_and_audit(const std::string& who, core::ContactId contact, bool peer, Reply<RecordingFile> reply);

  std::string dir_;
  std::string secret_;
  std::string retention_dir_;
  int64_t keep_ms_ = 0;  // 0: kept forever
  std::atomic<uint64_t> deleted_total_{0};
};

}  // namespace switchyard::app
