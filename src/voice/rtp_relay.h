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
// sockets live on `io` (given to the constructor), which runs on a thread of
// its own (RTP, 100 datagrams/s each way per call, must not starve SIP:
// bench/RESULTS.md, issue 10): whatever touches a port once it receives is
// posted to `io`; recordings are finished there too.
#include <array>
#include <functional>
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "voice/switch.h"

namespace switchyard::voice {

struct RelayTotals {
  uint64_t packets_in = 0;        // received on any leg's port
  uint64_t to_agents = 0;         // relayed from a customer's leg to the bridged agent's
  uint64_t to_customers = 0;      // relayed from an agent's leg to the bridged customer's
  uint64_t legs_open = 0;
  uint64_t recordings = 0;        // finished recordings
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
  // Called when a recording is complete (both legs closed), on io's thread.
  void on_recording(std::function<void(FinishedRecording)> f) { on_recording_ = std::move(f); }
  ~RtpRelay() override;

  Result<std::string> answer(LegId leg, std::string_view offer_sdp) override;
  Result<std::string> offer(LegId leg) override;
  Result<void> answered(LegId leg, std::string_view answer_sdp) override;
  void bridge(LegId customer, LegId agent, core::ContactId contact) override;
  void close(LegId leg) override;

  RelayTotals totals() const;

 private:
  struct Port;
  struct Recording;
  Result<std::shared_ptr<Port>> open(LegId leg);
  void start(const std::shared_ptr<Port>& p);    // receives, on io_
  void receive(const std::shared_ptr<Port>& p);  // on io_
  void record(Port& p, std::span<const uint8_t> packet);
  void finish_recording(const std::shared_ptr<Recording>& r);

  boost::asio::io_context& io_;
  std::string address_;
  uint16_t min_, max_;
  uint16_t next_;
  std::unordered_map<LegId, std::shared_ptr<Port>> ports_;
  std::string recordings_dir_;
  std::function<void(FinishedRecording)> on_recording_;
  std::atomic<uint64_t> in_{0}, to_agents_{0}, to_customers_{0}, open_{0}, recordings_{0};
};

}  // namespace switchyard::voice
