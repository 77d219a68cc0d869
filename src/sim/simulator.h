#pragma once
// Discrete-event simulator: drives the real routing Engine with a ManualClock
// through a scenario (arrivals, agents with shifts, handle times, patience)
// and measures the KPIs with a KpiCollector. Method: docs/simulator.md.
//
// Deterministic: the same scenario and seed give the same event sequence.
// Threading: single-threaded; one Simulator per thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/engine.h"
#include "core/event.h"
#include "core/result.h"
#include "metrics/kpi_collector.h"
#include "sim/event_heap.h"
#include "sim/random.h"
#include "sim/scenario.h"

namespace switchyard::sim {

struct SimOptions {
  std::optional<uint64_t> seed;  // overrides the scenario's seed
  // Epoch ms at which the run starts: the engine's clock starts here, so
  // every engine event carries start_ms + simulated time. Times of day
  // (shifts, arrival profiles, weekday factors) follow the center's local
  // clock, UTC + utc_offset_ms: day 1 begins at the local midnight at or
  // before start_ms, and the run may start later that day. The defaults
  // (1970-01-01T00:00Z, a Thursday, in UTC) make simulated time and clock
  // time one. The KPIs (kpis()) count time from start_ms.
  int64_t start_ms = 0;
  int64_t utc_offset_ms = 0;  // within a day either way
  // Also roll the KPIs up per queue and interval (KpiCollector::queue_interval,
  // by arrival interval of simulation.interval_ms).
  bool per_queue_intervals = false;
  // Called as simulated time passes (about every 1% of the run).
  std::function<void(int64_t now_ms, int64_t end_ms)> progress;
};

struct SimStats {
  uint64_t seed = 0;
  int64_t end_ms = 0;             // simulated time reached
  uint64_t engine_events = 0;     // events the engine emitted
  uint64_t arrivals = 0;          // create_contact calls (repeats included)
  uint64_t repeat_arrivals = 0;   // ... of customers coming back ([customers] repeat_probability)
  uint64_t sim_events = 0;        // simulator events processed (heap pops)
  uint64_t rejected_commands = 0; // engine commands that failed (e.g. accept after an offer timeout)
  uint64_t live_contacts = 0;     // contacts in the engine at the end
  uint64_t stalled_timers = 0;    // engine timers still due after many advances (an engine bug)
};

class Simulator final : private core::EventSink {
 public:
  explicit Simulator(Scenario scenario, SimOptions opts = {});
  ~Simulator() override;
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Configures the engine (skills, teams, sites, queues, agents). Errors name
  // the scenario item the engine refused.
  Result<void> setup();
  // Runs until the scenario's duration; setup() must have succeeded.
  void run();
  // `tap` (nullptr: none) also receives every engine event from now on, in
  // seq order, after the simulator and the KPI collector (e.g. to write the
  // event log; set it before setup() for the configuration events). It must
  // not call the engine.
  void set_event_tap(core::EventSink* tap) { tap_ = tap; }

  const Scenario& scenario() const { return scenario_; }
  const metrics::KpiCollector& kpis() const { return kpis_; }
  const SimStats& stats() const { return stats_; }
  core::Engine& engine() { return *engine_; }
  // Engine id of the scenario's i-th queue (after setup()).
  core::QueueId queue_id(size_t i) const { return i < queues_.size() ? queues_[i].id : core::kNoId; }

 private:
  enum class Kind : uint8_t {
    kArrival,        // a = queue index
    kRepeat,         // a = queue index, c = customer (1..count): a customer comes back
    kAccept,         // a = agent, c = contact
    kEnd,            // a = agent, c = contact
    kAbandon,        // c = contact
    kShiftStart,     // a = agent group, c = shift end (ms); repeats daily
    kShiftStartOnce, // as kShiftStart, does not repeat
    kShiftEnd,       // a = agent group
    kReadyAgain,     // a = agent
  };
  struct SimEvent {
    int64_t t_ms;
    uint64_t seq;  // tie-break: insertion order
    uint64_t c;
    uint32_t a;
    Kind kind;
  };
  // What the simulator needs from an engine event (copied by the sink).
  struct Note {
    core::EventType type;
    core::ContactId contact;
    core::AgentId agent;
    core::AgentState state;  // kAgentStateChanged: the new state
  };
  struct QueueRt {
    core::QueueId id = core::kNoId;
    Rng rng{0};
    double next_s = 0;  // next arrival, seconds
    bool any_rate = false;
    double max_rate = 0;  // the highest rate_at() (per second)
    core::ContactSpec spec;
  };
  struct AgentRt {
    uint32_t group = 0;
    core::AgentState state = core::AgentState::kLoggedOut;
    bool on_shift = false;
    bool leaving = false;       // shift over: log out once idle
    bool ready_pending = false; // a kReadyAgain is scheduled
  };
  struct ContactRt {
    uint32_t gen = 0;  // 0 = free
    uint32_t queue = 0;
    uint64_t customer = 0;  // 1..count; 0 = none
    int64_t handle_ms = 0;
    enum State : uint8_t { kWaiting, kAccepted, kCallback } state = kWaiting;
  };

  void on_event(const core::Event& e) override;
  void push(int64_t t_ms, Kind kind, uint32_t a, uint64_t c);
  void drain();
  void handle(const Note& n);
  void dispatch(const SimEvent& ev);
  // A contact arrives in queue `qi` from `customer` (0: a new draw from the
  // population, if there is one).
  void arrival(uint32_t qi, uint64_t customer = 0);
  // The customer of a handled contact may come back (to the queue it
  // called first).
  void maybe_repeat(const ContactRt& c);
  // The customer-group index of customer n (fixed per customer); -1 = none.
  int customer_group(uint64_t n) const;
  void schedule_next_arrival(uint32_t qi);
  void shift_start(uint32_t g);
  void shift_end(uint32_t g);
  void check(const Result<void>& r);
  ContactRt* find(core::ContactId c);
  // Simulated time: ms since the run's start (the clock reads start_ms + it).
  int64_t now() const { return clock_.now_ms() - opts_.start_ms; }
  void set_now(int64_t t_ms) { clock_.set_ms(opts_.start_ms + t_ms); }
  // Arrival rate of queue `qi` (per second) in the local-calendar interval
  // that contains `t_s` (seconds since the run's start), and where that
  // interval, or the local day, ends.
  double rate_at(uint32_t qi, double t_s, double& segment_end_s) const;
  // The index of the profile interval (counted from local midnight of day
  // 1, not cyclic) that contains `t_s`, and where it ends.
  size_t interval_at(double t_s, double& segment_end_s) const;

  Scenario scenario_;
  SimOptions opts_;
  ManualClock clock_;
  metrics::KpiCollector kpis_;
  std::unique_ptr<core::Engine> engine_;
  SimStats stats_;
  EventHeap<SimEvent> heap_;
  uint64_t seq_ = 0;
  std::vector<Note> notes_;
  std::vector<QueueRt> queues_;
  std::vector<AgentRt> agents_;                      // by engine AgentId
  std::vector<std::vector<core::AgentId>> group_agents_;
  std::vector<int64_t> answer_delay_ms_;            // by engine AgentId
  std::vector<ContactRt> contacts_;                 // by contact slot
  std::vector<double> group_cum_share_;
  Rng customer_rng_{0};  // customers' own stream (draws, repeats)
  int64_t day_phase_ms_ = 0;  // local time of day at the run's start
  int first_weekday_ = 3;   // of day 1 (0 = Monday)
  core::EventSink* tap_ = nullptr;
  bool ready_ = false;
};

}  // namespace switchyard::sim
