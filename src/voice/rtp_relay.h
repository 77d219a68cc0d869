#pragma once
// The media side of the voice edge: one UDP port per call leg, SDP offer /
// answer for G.711 (PCMU, PCMA) with RFC 4733 telephone events (media/sdp.h),
// the relay that forwards RTP between two bridged legs, and the recording of
// a bridged call to a stereo WAV (docs/voice.md, "Media").
//
// Symmetric RTP: a leg's far end is taken from its SDP and then from the
// source of the first packet it sends (latching), so a phone behind NAT
// that advertises a private address is still reached.
//
// Threading: the methods are called from one thread (the switch's); the
// sockets live on the io_contexts given to the constructor (the relay's
// shards), each run by one thread of its own (RTP, 100 datagrams/s each way
// per call, must neither starve SIP nor fit on one core at 1,000 calls:
// bench/RESULTS.md, issue 10). A leg's port is on one shard for its life;
// whatever touches it once it receives is posted there; recordings are
// finished there too. The legs a call joins share a shard: an outbound leg
// is opened beside the leg it is for (offer()'s `near`), so forwarding,
// recording and mixing never cross threads.
#include <array>
#include <functional>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "voice/media/mixer.h"
#include "voice/switch.h"

namespace switchyard::voice {

struct RelayTotals {
  uint64_t packets_in = 0;        // received on any leg's port
  uint64_t to_agents = 0;         // relayed from a customer's leg to the bridged agent's
  uint64_t to_customers = 0;      // relayed from an agent's leg to the bridged customer's
  uint64_t legs_open = 0;
  uint64_t recordings = 0;        // finished recordings
  uint64_t played = 0;            // packets of clips (prompts, music) sent
  uint64_t mixed = 0;             // packets of a supervised call's mix sent
  uint64_t transcoded = 0;        // packets relayed in another codec or denoised
  uint64_t misplaced = 0;         // bridges and joins refused: legs on different shards (a bug)
};

// Audio played to a leg: mono PCM at 8000 Hz (media/prompt.h makes it).
struct Clip {
  std::shared_ptr<const std::vector<int16_t>> pcm;
  bool loop = false;  // plays again and again until replaced (hold music)
};

// A finished recording (on the relay's thread; the edge hands it on).
struct FinishedRecording {
  core::ContactId contact = core::kNoContact;
  std::string path;
  int64_t duration_ms = 0;
};

class RtpRelay final : public MediaPorts {
 public:
  // Ports from [port_min, port_max] (even numbers: RTP), on `address`.
  // `recordings_dir` empty: no recording; else each bridged call is
  // recorded to <dir>/contact-<id>.wav (customer left, agent right).
  RtpRelay(boost::asio::io_context& io, std::string address, uint16_t port_min, uint16_t port_max,
           std::string recordings_dir = {});
  // The same on several shards, each io_context run by one thread; a leg
  // without a `near` one goes to the shard with the fewest open ports.
  RtpRelay(std::vector<boost::asio::io_context*> shards, std::string address, uint16_t port_min, uint16_t port_max,
           std::string recordings_dir = {});
  // Called when a recording is complete (both legs closed), on io's thread.
  void on_recording(std::function<void(FinishedRecording)> f) { on_recording_ = std::move(f); }
  // A DTMF digit a leg sent (RFC 4733 telephone-event), once per key press,
  // on its shard's thread (callbacks may run on several threads at once).
  void on_digit(std::function<void(LegId, char)> f) { on_digit_ = std::move(f); }
  // A leg's clips have all played (the last one not looping), on io's thread.
  void on_played(std::function<void(LegId)> f) { on_played_ = std::move(f); }
  ~RtpRelay() override;

  // What `leg` hears from now: `clips` one after the other, sent as RTP in
  // the leg's codec every 20 ms (our own SSRC, sequence and timestamps).
  // While clips play, what the bridged peer sends is not forwarded to this
  // leg (hold music); an empty list stops playing (forwarding resumes).
  // Recording goes on either way: the recording holds what the parties
  // said, not the prompts.
  void play(LegId leg, std::vector<Clip> clips);

  // Noise suppression (media/denoise.h) on what agents (and supervisors)
  // send, from the next bridge on: `suppress_db` in -60..-1, 0 = off.
  void set_noise_suppression(int suppress_db) { suppress_db_ = suppress_db; }
  // MediaPorts: a supervisor joins; what each of the three hears follows
  // `mode` (listen at first), media/mixer.h supervisor_hears(). A leg that
  // hears two others gets their mix (our own RTP stream every 20 ms, 60 ms
  // of jitter buffer); a leg that hears one is forwarded as before.
  void join(LegId supervisor, LegId customer, LegId agent) override;
  void set_monitor_mode(LegId supervisor, media::SupervisorMode mode);

  Result<std::string> answer(LegId leg, std::string_view offer_sdp) override;
  Result<std::string> offer(LegId leg, LegId near = 0) override;
  Result<void> answered(LegId leg, std::string_view answer_sdp) override;
  void bridge(LegId customer, LegId agent, core::ContactId contact) override;
  void close(LegId leg) override;

  RelayTotals totals() const;

 private:
  struct Port;
  struct Recording;
  struct Conf;
  struct Shard;
  Result<std::shared_ptr<Port>> open(LegId leg, LegId near);
  void start(const std::shared_ptr<Port>& p);    // receives, on p's shard
  void receive(const std::shared_ptr<Port>& p);  // on p's shard
  void drain(Port& p);                           // reads what p's socket holds, on p's shard
  void handle(Port& p, std::span<const uint8_t> packet);  // one received RTP datagram, on p's shard
  void forward(Port& from, Port& to, std::span<const uint8_t> packet, uint8_t payload_type);
  void record(Port& p, uint32_t timestamp, std::span<const int16_t> pcm);
  bool send_pcm(Port& p, std::span<const int16_t> frame);  // our stream's next 20 ms, on p's shard
  void start_ticking(Shard& s);                             // its 20 ms timer, if not running, on s
  void dissolve(Shard& s, const std::shared_ptr<Conf>& c);  // a supervised call's conference ends, on s
  void finish_recording(const std::shared_ptr<Recording>& r);
  void digit(Port& p, std::span<const uint8_t> packet);  // a telephone event, on p's shard
  void tick_playout(Shard& s);                            // every 20 ms while any leg of s plays, on s
  void send_frame(Port& p);                               // the next 20 ms of p's clips, on p's shard

  std::vector<std::unique_ptr<Shard>> shards_;
  std::string address_;
  uint16_t min_, max_;
  uint16_t next_;
  std::unordered_map<LegId, std::shared_ptr<Port>> ports_;
  std::string recordings_dir_;
  std::function<void(FinishedRecording)> on_recording_;
  std::function<void(LegId, char)> on_digit_;
  std::function<void(LegId)> on_played_;
  std::atomic<int> suppress_db_{0};  // read on the shards
  std::atomic<uint64_t> in_{0}, to_agents_{0}, to_customers_{0}, open_{0}, recordings_{0}, played_{0}, mixed_{0},
      transcoded_{0}, misplaced_{0};
};

}  // namespace switchyard::voice
