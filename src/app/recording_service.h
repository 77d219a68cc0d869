#pragma once
// Call recordings (docs/voice.md, "Recording"): a bridged call is recorded by
// the voice edge to <recordings dir>/contact-<id>.wav; this service hands a
// recording to a caller allowed to hear it and audits every access.
//
// Rules: the caller needs kListenRecordings and must see the contact
// (ContactService::get's scope: an agent their own calls, a team lead the
// team's); every successful access writes an audit entry
// "recording.play contact:<id>" (by the link's user for a link).
//
// Threading: any thread; replies on service threads.
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

 private:
  Runtime& rt_;
  ContactService& contacts_;
  std::string path_of(core::ContactId contact) const;
  void read_and_audit(const std::string& who, core::ContactId contact, Reply<RecordingFile> reply);

  std::string dir_;
  std::string secret_;
};

}  // namespace switchyard::app
