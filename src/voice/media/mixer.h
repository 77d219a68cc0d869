#pragma once
// Audio mixing for a supervised call (listen / whisper / barge): a jitter
// buffer per source that turns arriving RTP audio into a steady stream of
// frames, a saturating mix of frames, and a Conference that pulls one frame
// per source per tick and mixes, for each destination, the sources it hears.
//
// Units: audio is mono 16-bit linear PCM at 8000 Hz (what g711.h decodes to);
// every time and length is in samples at 8000 Hz (160 = 20 ms), times on the
// caller's monotonic timeline; RTP timestamps are the source's 32-bit 8000 Hz
// clock, unwrapped with RtpClock (wav_recorder.h).
//
// Pure and deterministic: no clock is read (times are passed in), no threads,
// no I/O. Not thread-safe: one thread at a time (the relay's I/O thread).
// Constructors allocate; push, pull, tick and mix_into do not.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "voice/media/wav_recorder.h"  // RtpClock

namespace switchyard::voice::media {

inline constexpr int64_t kMixSampleRateHz = 8000;
inline constexpr int64_t kFrameSamples = 160;  // one 20 ms frame

// The jitter buffer's policy; every field in samples at 8000 Hz. Values out
// of range are clamped by the constructor to the bounds given.
struct JitterConfig {
  // Playout delay: the first packet (and the first after a re-anchor) is
  // played by the first pull at or after its arrival + target_delay.
  // 0..capacity / 2.
  int64_t target_delay = 480;  // 60 ms
  // At most this much audio past the playout point is kept; what lies beyond
  // is dropped and counted (the oldest instead while the caller is behind
  // with its pulls). Also the memory bound (3 bytes per sample).
  // kFrameSamples..80000.
  int64_t capacity = 8000;  // 1 s
  // An arrival more than this after the previous arrival re-anchors: the
  // source paused (mute, DTX, hold) and its next audio starts afresh. >= 1.
  int64_t gap = 8000;  // 1 s
  // Delay shrinking (a source whose clock runs fast fills the buffer): after
  // every adapt_window samples played, if every packet pushed in that window
  // arrived more than target_delay + excess ahead of the playout point, the
  // playout point skips min(smallest lead - target_delay, max_skip) samples.
  // adapt_window >= 1, excess >= 0, max_skip >= 0 (0: never shrink).
  int64_t adapt_window = 4000;  // 0.5 s
  int64_t excess = 160;         // 20 ms
  int64_t max_skip = 80;        // 10 ms per window: follows a drift of up to 2 %
  // A pull whose `now` is more than this past where the previous pull's audio
  // ended (or past the start) skips the stretch it missed: the caller stopped
  // pulling for a while or started late. >= 0.
  int64_t max_pull_lateness = 800;  // 100 ms
};

// Counters since construction (reset() keeps them).
struct JitterStats {
  uint64_t pushed = 0;            // push() calls
  uint64_t late = 0;              // packets that arrived (partly) behind the playout point
                                  //   (a copy of one already played too); their late part
                                  //   was dropped
  uint64_t duplicates = 0;        // packets whose samples were all buffered already; ignored
  uint64_t dropped_overflow = 0;  // samples dropped: more than `capacity` past the playout point
  uint64_t underrun_samples = 0;  // silence played where the source's audio was missing (see pull)
  uint64_t skipped_samples = 0;   // buffered audio skipped to shrink the delay
  uint64_t reanchors = 0;         // anchors after the first (gap, running dry, timestamp jump)
};

// One source's jitter buffer.
//
// Timeline: the first packet anchors the stream: its first sample is played
// by the first pull with now >= its arrival + target_delay, and from then on
// each pull plays the next out.size() samples of the source's timeline
// (positions from RTP timestamps), whatever arrived or not; what is missing
// is silence. The pull's `now` only decides when playing starts and detects
// a caller that fell behind (more than max_pull_lateness: what it missed is
// skipped); call pull once per frame of your timeline (ticks late by a few ms
// or in bursts are fine: the audio stays continuous).
//
// Adaptation:
// - Jitter: packets may arrive in any order until their samples are due; a
//   packet (partly) behind the playout point is late: its late part is
//   dropped and counted. While waiting to start, a packet earlier than the
//   anchor moves the start earlier as long as it is still in the future, so
//   reordering at the start loses nothing.
// - Growing (source slow, network delay up): when the buffer has run dry
//   (nothing buffered at or past the playout point) and a late packet
//   arrives, the stream re-anchors on that packet (plays it target_delay
//   after its arrival) instead of dropping everything that follows.
// - Shrinking (source fast, delay spike over): see JitterConfig::excess.
// - Gaps: an arrival more than `gap` after the previous one re-anchors; what
//   was still buffered is discarded, so no old audio comes out after a pause.
//   So does a packet more than `capacity` ahead while the buffer is dry (the
//   source's timestamps jumped).
// - Memory: at most `capacity` samples past the playout point (see
//   JitterConfig::capacity); the ring is allocated once.
class JitterBuffer {
 public:
  explicit JitterBuffer(JitterConfig config = {});

  // Buffers one packet's decoded audio: `rtp_timestamp` is its first
  // sample's, `arrival` when it arrived (samples on the caller's timeline,
  // non-decreasing from one push to the next). An empty `pcm` is counted and
  // ignored. A packet longer than `capacity` keeps its first `capacity`
  // samples at most.
  void push(uint32_t rtp_timestamp, std::span<const int16_t> pcm, int64_t arrival);

  // Fills `out` with the next out.size() samples due at `now` (silence for
  // what is missing, lost, or before the start). Underruns count the silence
  // played after the start where audio was missing: a hole (lost packet) at
  // once, running dry once the next packet shows the source did not pause
  // (a gap re-anchor discards that count), and the wait after a re-anchor
  // that was not due to a gap.
  void pull(std::span<int16_t> out, int64_t now);

  // Forgets the stream (e.g. the source's SSRC changed): the next push
  // anchors afresh, as the first did. Stats are kept.
  void reset();

  // Samples from the playout point to the end of the latest buffered audio,
  // holes included (0 before the first packet or when dry).
  int64_t buffered() const;
  // True once the stream is playing (between the start and a re-anchor).
  bool playing() const { return state_ == State::kPlaying; }
  const JitterStats& stats() const { return stats_; }
  const JitterConfig& config() const { return config_; }

 private:
  enum class State : uint8_t { kIdle, kWaiting, kPlaying };

  void anchor(uint32_t rtp_timestamp, int64_t arrival);
  void skip(int64_t samples, uint64_t& counter);  // moves the playout point on
  size_t slot(int64_t position) const;

  JitterConfig config_;
  JitterStats stats_;
  State state_ = State::kIdle;
  std::optional<RtpClock> clock_;     // positions of the current anchor
  std::vector<int16_t> samples_;      // ring of `capacity`: position p in slot(p)
  std::vector<uint8_t> present_;      // 1 where samples_ holds audio not yet played
  int64_t cursor_ = 0;                // position of the next sample to play
  int64_t end_ = 0;                   // one past the latest buffered position
  int64_t due_ = 0;                   // when the sample at cursor_ is due (kWaiting: the
                                      //   start; kPlaying: where the last pull's audio ended)
  std::optional<int64_t> last_pull_;  // kWaiting: `now` of the last pull since the anchor
  int64_t last_arrival_ = 0;
  bool wait_is_underrun_ = false;  // kWaiting after a re-anchor for lateness
  uint64_t dry_samples_ = 0;       // silence played while dry, not yet counted
  int64_t window_played_ = 0;      // samples played in the adaptation window
  int64_t window_min_lead_ = 0;    // smallest push lead in it
  bool window_has_push_ = false;
};

// out[i] = the sum of sources[k][i], clamped to -32768..32767 (a source
// shorter than `out` is silence past its end; no sources: silence). `out`
// may be one of the sources (the same first element) but must not overlap
// one otherwise. Does not allocate.
void mix_into(std::span<int16_t> out, std::span<const std::span<const int16_t>> sources);
inline void mix_into(std::span<int16_t> out,
                     std::initializer_list<std::span<const int16_t>> sources) {
  mix_into(out, std::span<const std::span<const int16_t>>(sources.begin(), sources.size()));
}

inline constexpr size_t kMaxParties = 4;
// hears[dst][src]: whether destination dst hears source src.
using HearsMatrix = std::array<std::array<bool, kMaxParties>, kMaxParties>;

// The parties of a supervised call as Conference indices.
inline constexpr size_t kCustomerParty = 0;
inline constexpr size_t kAgentParty = 1;
inline constexpr size_t kLeadParty = 2;

enum class SupervisorMode : uint8_t {
  kListen,   // the lead hears customer + agent; customer and agent hear each other
  kWhisper,  // the lead hears both; the agent hears customer + lead; the customer the agent
  kBarge,    // everyone hears the other two
};
// The matrix of a mode over kCustomerParty, kAgentParty, kLeadParty.
HearsMatrix supervisor_hears(SupervisorMode mode);

// N parties (sources and destinations at once), one JitterBuffer each, and
// who hears whom. Each tick pulls one frame from every buffer (whether
// anybody hears it or not, so each keeps time) and mixes each destination's
// frame. A destination that hears exactly one source gets that source's
// frame unchanged; the relay may forward such a leg instead (less delay).
class Conference {
 public:
  // `parties` is clamped to 1..kMaxParties; nobody hears anybody at first.
  explicit Conference(size_t parties, JitterConfig config = {});

  size_t parties() const { return buffers_.size(); }
  // Entries on the diagonal (nobody hears themselves) and beyond parties()
  // are stored as false.
  void set_hears(const HearsMatrix& hears);
  const HearsMatrix& hears() const { return hears_; }
  // How many sources `dst` hears (0 for dst >= parties()).
  size_t heard_by(size_t dst) const;

  // JitterBuffer::push for `party`; ignored for party >= parties().
  void push(size_t party, uint32_t rtp_timestamp, std::span<const int16_t> pcm, int64_t arrival);
  // Pulls a kFrameSamples frame from every buffer at `now` and mixes.
  void tick(int64_t now);
  // The last tick's mix for `dst` (kFrameSamples samples; silence before the
  // first tick or when dst hears nobody; empty for dst >= parties()). Valid
  // until the next tick.
  std::span<const int16_t> frame(size_t dst) const;

  const JitterBuffer& buffer(size_t party) const { return buffers_.at(party); }

 private:
  using Frame = std::array<int16_t, kFrameSamples>;
  std::vector<JitterBuffer> buffers_;
  HearsMatrix hears_{};
  std::array<Frame, kMaxParties> pulled_{};
  std::array<Frame, kMaxParties> mixed_{};
};

}  // namespace switchyard::voice::media
