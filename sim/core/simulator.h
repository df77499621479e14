// The discrete-event loop: pop the earliest event by (time, sequence), hand it to its node, repeat.
//
// Sections of simulator.cc: building the world; the loop; messages; timers; controls (crash,
// restart, pause, clocks); what a Context does. The loop itself touches no observer, map or
// allocation beyond the message the node sent, so a run with tracing off costs little more than
// the queue operations (bench/core_bench.cc measures it against a bare heap loop).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/causal_clocks.h"
#include "sim/core/disk.h"
#include "sim/core/event_queue.h"
#include "sim/core/ids.h"
#include "sim/core/local_clock.h"
#include "sim/core/network_model.h"
#include "sim/core/node.h"
#include "sim/core/observer.h"
#include "sim/core/published_key_cache.h"
#include "sim/core/random.h"
#include "sim/core/send_rate_guard.h"
#include "sim/core/time.h"

namespace dsim {

using PublishedState = std::map<std::string, std::string, std::less<>>;

struct SimulatorStats {
  std::uint64_t events = 0;              // events taken off the queue
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_delivered = 0;
  std::uint64_t messages_dropped = 0;
  std::uint64_t messages_duplicated = 0;
  std::uint64_t timers_fired = 0;
  std::uint64_t peak_node_sends_per_second = 0;  // the most messages one node sent in one second
};

class Simulator {
 public:
  using NodeFactory = std::function<std::unique_ptr<Node>(NodeId)>;
  using Action = std::function<void(Simulator&)>;

  // The network must outlive the simulator.
  Simulator(std::uint64_t seed, NetworkModel& network);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // --- building the world (before start) ---
  NodeId add_node(std::string name, NodeFactory factory);
  void add_observer(Observer& observer);
  void remove_observer(Observer& observer);
  // Durable writes take time from now on (disk.h): each later write's latency comes from `model`,
  // which must outlive the simulator. Without a model (the default) every write is durable at once.
  // May be set during a run: the writes already made stay durable.
  void set_storage_model(StorageModel& model);
  // Every timer set from now on fires up to `max_late_us` late (never early), uniformly, drawn
  // from the node's own jitter stream, as an operating system's timers do. 0 (the default): exact.
  void set_timer_jitter(DurationUs max_late_us);
  // Keep Lamport or vector clocks for every node from start() on (causal_clocks.h): each send,
  // delivery and timer firing ticks them, and observers read them through causal_clocks(). Off by
  // default. `mutant_forget_merge` is for the clock checker's test only.
  void set_clocks(ClockMode mode, bool mutant_forget_merge = false) {
    clock_mode_ = mode;
    clock_mutant_ = mutant_forget_merge;
  }

  // --- running ---
  // Starts every node (on_start, in id order) at the current time.
  void start();
  // Runs one event. Returns false when the queue is empty.
  bool step();
  // Runs every event up to and including `end`, then sets the clock to `end`. Stops early after
  // stop(); returns whether it reached `end`.
  bool run_until(TimeUs end);
  void stop() { stop_requested_ = true; }
  // The send-rate guard (send_rate_guard.h; none unless set): when a node sends more than this
  // many messages within one second of virtual time, the run stops there and send_rate_exceeded()
  // says where; a run stopped so does not run on.
  void set_max_sends_per_second(std::uint64_t bound) { send_rate_guard_.set_max_sends_per_second(bound); }
  std::uint64_t max_sends_per_second() const { return send_rate_guard_.max_sends_per_second(); }
  const std::optional<SendRateExceeded>& send_rate_exceeded() const { return send_rate_exceeded_; }
  bool stop_requested() const { return stop_requested_; }
  // Tells observers that the run is over (the trace writes its footer).
  void finish();

  // --- the world's controls: the nemesis and the visualizer act through these ---
  // Runs `action` at time `at` (>= now), ordered with every other event.
  void schedule(TimeUs at, Action action);
  void crash(NodeId node);
  void restart(NodeId node);
  void pause(NodeId node);
  void resume(NodeId node);
  // From now on the node's clock is offset by `skew_us` and runs `drift_ppm` fast or slow; the
  // drift accumulates from this moment, so a change of drift alone never moves the clock's
  // reading (local_clock.h). Timers already pending keep their true fire time: a timer is armed
  // for a true delay when it is set, and the trace has already recorded when it is due.
  void set_clock(NodeId node, DurationUs skew_us, std::int64_t drift_ppm);
  // Puts back a clock saved earlier with clock(): it reads from now on exactly as that clock
  // would have (the end of a clock fault, heal_at).
  void restore_clock(NodeId node, const LocalClock& clock);
  // Hands a person's request to the node (Node::on_operator_request) and returns why it was
  // refused, or "" when taken. A crashed or paused node refuses: it cannot act now.
  std::string operator_request(NodeId node, std::string_view request);
  // Announces a change made elsewhere (a partition, a degraded link) to observers.
  void report_fault(FaultEvent fault);
  // A world-level narration line (the scenario's story), not attached to a node.
  void narrate(std::string text);

  // --- reading the world ---
  TimeUs now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  std::size_t node_count() const { return nodes_.size(); }
  const std::string& node_name(NodeId node) const { return nodes_[node].name; }
  bool alive(NodeId node) const { return nodes_[node].alive; }
  bool paused(NodeId node) const { return nodes_[node].paused; }
  TimeUs local_time(NodeId node) const;
  // The node's clock fault as set_clock last set it (0 and 0: a true clock).
  DurationUs clock_skew(NodeId node) const { return nodes_[node].clock.skew_us(); }
  std::int64_t clock_drift_ppm(NodeId node) const { return nodes_[node].clock.drift_ppm(); }
  const LocalClock& clock(NodeId node) const { return nodes_[node].clock; }
  const PublishedState& published(NodeId node) const { return nodes_[node].published; }
  // The published value of `key` on `node`, or empty when absent.
  std::string_view published_value(NodeId node, std::string_view key) const;
  template <typename Value>
  std::string_view published_value(NodeId node, ViewKey<Value> key) const {
    return published_value(node, key.name);
  }
  // What would survive a crash of the node now: with a storage model, only its completed writes.
  const DurableStorage& storage(NodeId node) const {
    return nodes_[node].disk ? nodes_[node].disk->durable() : nodes_[node].storage;
  }
  // Writes the node started that are not durable yet (0 without a storage model).
  std::size_t pending_writes(NodeId node) const { return nodes_[node].disk ? nodes_[node].disk->pending_count() : 0; }
  // For white-box tests and the visualizer's inspector: the live node object, or null if crashed.
  const Node* node_object(NodeId node) const { return nodes_[node].object.get(); }
  const SimulatorStats& stats() const { return stats_; }
  std::size_t pending_events() const { return queue_.size(); }
  std::size_t peak_pending_events() const { return queue_.peak_size(); }
  TimeUs next_event_time() const { return queue_.next_time(); }
  // An independent random stream for a subsystem ("network", "faults", "workload").
  Rng derive_rng(std::string_view purpose) const;
  bool has_observers() const { return !observers_.empty(); }
  // The nodes' causal clocks as of the event being reported, or null when clocks are off.
  const CausalClocks* causal_clocks() const { return causal_clocks_.get(); }
  // What the queue holds for one pending event: its queue entry plus its slab slot, not counting a
  // message's payload or spare capacity. bench/core_bench.cc checks it stays under 64 bytes.
  static constexpr std::size_t queue_bytes_per_pending_event();
  // The memory the queue and the event slab hold, spare capacity included: the benchmarks divide
  // it by peak_pending_events() to report bytes per pending message as allocated.
  std::size_t queue_allocated_bytes() const {
    return queue_.allocated_bytes() + events_.capacity() * sizeof(Event) + free_slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  friend class Context;

  // held_message: a message a handler sent after persisting, waiting for the write (target: its
  // destination, aux: its sender, word_b: the sender's incarnation). write_done: a disk write
  // completes (target: the node, aux: its incarnation, word_a: the write's number).
  enum class EventKind : std::uint8_t { free, message, timer, control, held_message, write_done };

  // One pending event. 32 bytes; with its 8-byte queue entry a pending message costs 40 bytes
  // plus its payload.
  struct Event {
    EventKind kind = EventKind::free;
    bool cancelled = false;
    std::uint16_t timer_kind = 0;
    NodeId target = kNoNode;
    std::uint32_t aux = 0;         // message: sender; timer: target incarnation
    std::uint32_t generation = 0;  // bumped on each reuse of the slot, so stale TimerIds miss
    std::uint64_t word_a = 0;      // message: Message*; timer: Timer::a; control: action index
    std::uint64_t word_b = 0;      // timer: Timer::b
  };
  static_assert(sizeof(Event) == 32, "keep pending events small");

  struct NodeSlot {
    std::string name;
    NodeFactory factory;
    std::unique_ptr<Node> object;
    std::unique_ptr<Context> context;
    Rng rng;
    DurableStorage storage;  // what the node reads: its own writes at once, durable or not
    // Made on first use, so that a world without jitter or a storage model pays nothing per node:
    std::unique_ptr<Rng> jitter_rng;  // the node's timer jitter stream
    std::unique_ptr<Disk> disk;       // its pending writes and durable copy, under a storage model
    // Sends from handler run `hold_handler` wait until `hold_until` (the handler persisted).
    std::uint64_t hold_handler = 0;
    TimeUs hold_until = 0;
    PublishedState published;
    // Where its keys sit in `published`; made at its first publish, so that a world of nodes
    // that publish nothing (100,000 gossip sites) keeps its slots small.
    std::unique_ptr<PublishedKeyCache<PublishedState>> published_keys;
    bool alive = true;
    bool paused = false;
    std::uint32_t incarnation = 0;
    LocalClock clock;
    std::vector<std::uint32_t> deferred;  // events that arrived while paused, in arrival order
  };

  // Runs the next event if it is due at or before `end`; returns whether it ran one.
  bool step_until(TimeUs end);
  std::uint32_t acquire_slot();
  void release_slot(std::uint32_t slot);
  void dispatch(std::uint32_t slot);
  void deliver_message(std::uint32_t slot);
  void fire_timer(std::uint32_t slot);
  void run_control(std::uint32_t slot);
  void release_held_message(std::uint32_t slot);
  void complete_write(std::uint32_t slot);
  // The handler of `node` starts running: everything it does is one handler run.
  void enter_handler(NodeId node) {
    running_node_ = node;
    ++handler_serial_;
  }
  void drop_message(std::uint32_t slot, DropReason reason);
  // Takes ownership of `message` until it is delivered or dropped.
  void enqueue_message(NodeId from, NodeId to, Message* message, TimeUs deliver_at);
  void clear_published(NodeId node);
  void report_clock(NodeId node);

  // Context operations, on behalf of `node`.
  void send_from(NodeId from, NodeId to, std::unique_ptr<Message> message);
  // The message leaves now: the network decides its fate.
  void transmit(NodeId from, NodeId to, std::unique_ptr<Message> message);
  // The write the running handler adds to, opened if needed; later sends of the handler wait for it.
  void open_write(NodeId node);
  void persist_for(NodeId node, std::string_view key, std::string value);
  void persist_log_for(NodeId node, std::int64_t index, DurableBytes bytes);
  void erase_durable_for(NodeId node, std::string_view key);
  void erase_durable_prefix_for(NodeId node, std::string_view prefix);
  void sync_for(NodeId node);
  TimerId set_timer_for(NodeId node, DurationUs delay, const Timer& timer);
  void cancel_timer_for(NodeId node, TimerId timer);
  void publish_for(NodeId node, std::string_view key, std::string json);
  void publish_copy_for(NodeId node, std::string_view key, std::string_view json);
  static PublishedState::value_type* find_published(NodeSlot& node, std::string_view key);

  std::uint64_t seed_;
  NetworkModel& network_;
  Rng network_rng_;
  TimeUs now_ = 0;
  NodeId running_node_ = kNoNode;  // the node whose handler is running, for assertions
  std::string json_scratch_;       // a published text's JSON, built here and copied (Context::publish)
  std::uint64_t handler_serial_ = 0;  // counts handler runs: a write belongs to the run that opened it
  StorageModel* storage_model_ = nullptr;
  DurationUs timer_jitter_us_ = 0;
  bool started_ = false;
  bool stop_requested_ = false;
  std::vector<NodeSlot> nodes_;
  std::vector<Event> events_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Action> actions_;
  std::vector<std::uint32_t> free_actions_;
  EventQueue queue_;
  std::vector<Observer*> observers_;
  MessageId next_message_id_ = 1;
  SimulatorStats stats_;
  SendRateGuard send_rate_guard_;
  std::optional<SendRateExceeded> send_rate_exceeded_;
  ClockMode clock_mode_ = ClockMode::off;
  bool clock_mutant_ = false;
  std::unique_ptr<CausalClocks> causal_clocks_;  // made by start() when clock_mode_ is not off
};

constexpr std::size_t Simulator::queue_bytes_per_pending_event() { return EventQueue::entry_bytes() + sizeof(Event); }

}  // namespace dsim
