#pragma once
// Call recordings (docs/voice.md, "Recording"): a bridged call is recorded by
// the voice edge to <recordings dir>/contact-<id>.wav; this service hands a
// recording to a caller allowed to hear it and audits every access.
//
// Rules: the caller needs kListenRecordings and must see the contact
// (ContactService::get's scope: an agent their own calls, a team lead the
// team's); every successful access writes an audit entry
// "recording.play contact:<id>".
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

class RecordingService {
 public:
  // `dir` empty: recording is off (every request is not_found).
  RecordingService(Runtime& rt, ContactService& contacts, std::string dir);
  void open(const Caller& c, core::ContactId contact, Reply<RecordingFile> reply);
  const std::string& dir() const { return dir_; }

 private:
  Runtime& rt_;
  ContactService& contacts_;
  std::string dir_;
};

}  // namespace switchyard::app
