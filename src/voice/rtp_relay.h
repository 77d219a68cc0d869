#pragma once
// The media side of the voice edge: one UDP port per call leg, SDP offer /
// answer for G.711 (PCMU, PCMA) with RFC 4733 telephone events, and the
// relay that forwards RTP between two bridged legs (docs/voice.md, "Media").
//
// Symmetric RTP: a leg's far end is taken from its SDP and then from the
// source of the first packet it sends (latching), so a phone behind NAT
// that advertises a private address is still reached.
//
// Threading: the methods are called from one thread (the switch's); the
// sockets live on `io` (given to the constructor), which may run on another
// thread: whatever touches a port once it receives is posted to `io`.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "voice/switch.h"

namespace switchyard::voice {

// What an SDP offer or answer says about its audio stream.
struct AudioOffer {
  std::string address;  // c= (media level over session level)
  uint16_t port = 0;    // m=audio port; 0 = stream refused
  std::vector<int> payloads;
  int telephone_event = -1;  // dynamic payload type of telephone-event/8000; -1 none
};
Result<AudioOffer> read_audio_sdp(std::string_view sdp);
// Our SDP for `port`, offering (or, as an answer, choosing) `codec` (0 PCMU,
// 8 PCMA) and telephone events at `te` (-1: none).
std::string write_audio_sdp(const std::string& address, uint16_t port, uint64_t session, int codec, int te);

struct RelayTotals {
  uint64_t packets_in = 0;        // received on any leg's port
  uint64_t to_agents = 0;         // relayed from a customer's leg to the bridged agent's
  uint64_t to_customers = 0;      // relayed from an agent's leg to the bridged customer's
  uint64_t legs_open = 0;
};

class RtpRelay final : public MediaPorts {
 public:
  // Ports from [port_min, port_max] (even numbers: RTP), on `address`.
  RtpRelay(boost::asio::io_context& io, std::string address, uint16_t port_min, uint16_t port_max);
  ~RtpRelay() override;

  Result<std::string> answer(LegId leg, std::string_view offer_sdp) override;
  Result<std::string> offer(LegId leg) override;
  Result<void> answered(LegId leg, std::string_view answer_sdp) override;
  void bridge(LegId a, LegId b) override;
  void close(LegId leg) override;

  RelayTotals totals() const;

 private:
  struct Port;
  Result<std::shared_ptr<Port>> open(LegId leg);
  void start(const std::shared_ptr<Port>& p);    // receives, on io_
  void receive(const std::shared_ptr<Port>& p);  // on io_

  boost::asio::io_context& io_;
  std::string address_;
  uint16_t min_, max_;
  uint16_t next_;
  std::unordered_map<LegId, std::shared_ptr<Port>> ports_;
  std::atomic<uint64_t> in_{0}, to_agents_{0}, to_customers_{0}, open_{0};
};

}  // namespace switchyard::voice
