// The simulator loop and everything a Context does on a node's behalf. See simulator.h for the
// sections and the cost model.
#include "sim/core/simulator.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "sim/core/assert.h"

namespace dsim {
namespace {

// A published integer as JSON text. At most 20 characters: held in the string itself (no
// allocation), unlike std::to_string's, whose length is measured first.
std::string integer_json(std::int64_t value) {
  char digits[24];
  auto written = std::to_chars(digits, digits + sizeof digits, value);
  return std::string(digits, written.ptr);
}

// A bound on pending events: a run that schedules more has a runaway loop (STYLE.md §9).
constexpr std::size_t kMaxPendingEvents = std::size_t{1} << 27;

// FNV-1a, for turning a subsystem's name into a stream id.
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = UINT64_C(0xcbf29ce484222325);
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= UINT64_C(0x100000001b3);
  }
  return hash;
}

constexpr std::uint64_t kNodeStreamBase = UINT64_C(0x4e4f444500000000);  // "NODE"
constexpr std::uint64_t kJitterStreamBase = UINT64_C(0x4a49545400000000);  // "JITT"
constexpr std::uint64_t kDiskStreamBase = UINT64_C(0x4449534b00000000);    // "DISK"

}  // namespace

const char* drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::none: return "none";
    case DropReason::loss: return "loss";
    case DropReason::partition: return "partition";
    case DropReason::no_route: return "no-route";
    case DropReason::node_down: return "node-down";
  }
  return "unknown";
}

// ---------------------------------------------------------------- building the world

Simulator::Simulator(std::uint64_t seed, NetworkModel& network)
    : seed_(seed), network_(network), network_rng_(Rng(seed).fork(stable_hash("network"))) {
  events_.reserve(1024);
}

Simulator::~Simulator() {
  for (Event& event : events_) {
    if (event.kind == EventKind::message || event.kind == EventKind::held_message) {
      delete reinterpret_cast<Message*>(event.word_a);
    }
  }
}

NodeId Simulator::add_node(std::string name, NodeFactory factory) {
  DSIM_ASSERT(!started_, "nodes are added before the run starts");
  NodeId id = static_cast<NodeId>(nodes_.size());
  NodeSlot slot;
  slot.name = std::move(name);
  slot.factory = std::move(factory);
  slot.rng = Rng(seed_).fork(kNodeStreamBase + id);
  slot.context = std::make_unique<Context>(*this, id);
  nodes_.push_back(std::move(slot));
  return id;
}

void Simulator::add_observer(Observer& observer) { observers_.push_back(&observer); }

void Simulator::set_storage_model(StorageModel& model) { storage_model_ = &model; }

void Simulator::set_timer_jitter(DurationUs max_late_us) {
  DSIM_ASSERT(max_late_us >= 0, "timer jitter is never negative");
  timer_jitter_us_ = max_late_us;
}

void Simulator::remove_observer(Observer& observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), &observer), observers_.end());
}

Rng Simulator::derive_rng(std::string_view purpose) const { return Rng(seed_).fork(stable_hash(purpose)); }

// ---------------------------------------------------------------- the loop

void Simulator::start() {
  DSIM_ASSERT(!started_, "start is called once");
  started_ = true;
  if (clock_mode_ != ClockMode::off) {
    causal_clocks_ = std::make_unique<CausalClocks>(clock_mode_, nodes_.size());
    causal_clocks_->set_mutant_forget_merge_on_receive(clock_mutant_);
  }
  for (Observer* observer : observers_) observer->on_run_start(*this);
  AssertionScopeGuard scope({&now_, &running_node_, seed_});
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    NodeSlot& node = nodes_[id];
    node.object = node.factory(id);
    DSIM_ASSERT(node.object != nullptr, "a node factory returned no node");
    enter_handler(id);
    node.object->on_start(*node.context);
    running_node_ = kNoNode;
  }
}

bool Simulator::step() {
  DSIM_ASSERT(started_, "the run is started (start() or run_until) before it is stepped");
  return step_until(kTimeNever);
}

bool Simulator::step_until(TimeUs end) {
  if (send_rate_exceeded_) return false;  // a runaway run does not run on
  QueueEntry entry{0, 0};
  if (!queue_.pop_due(end, entry)) return false;
  DSIM_ASSERT(entry.time >= now_, "time never runs backwards");
  now_ = entry.time;
  ++stats_.events;
  dispatch(entry.slot);
  return true;
}

bool Simulator::run_until(TimeUs end) {
  if (!started_) start();
  AssertionScopeGuard scope({&now_, &running_node_, seed_});
  stop_requested_ = false;
  if (send_rate_exceeded_) return false;
  while (step_until(end)) {
    if (stop_requested_) return false;
  }
  if (end > now_ && end < kTimeNever) now_ = end;
  return true;
}

void Simulator::finish() {
  for (Observer* observer : observers_) observer->on_run_end(now_);
}

std::uint32_t Simulator::acquire_slot() {
  if (!free_slots_.empty()) {
    std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  DSIM_ASSERT(events_.size() < kMaxPendingEvents, "too many pending events: a runaway loop?");
  events_.emplace_back();
  return static_cast<std::uint32_t>(events_.size() - 1);
}

void Simulator::release_slot(std::uint32_t slot) {
  Event& event = events_[slot];
  event.kind = EventKind::free;
  event.cancelled = false;
  ++event.generation;
  free_slots_.push_back(slot);
}

void Simulator::dispatch(std::uint32_t slot) {
  switch (events_[slot].kind) {
    case EventKind::message: deliver_message(slot); return;
    case EventKind::timer: fire_timer(slot); return;
    case EventKind::control: run_control(slot); return;
    case EventKind::held_message: release_held_message(slot); return;
    case EventKind::write_done: complete_write(slot); return;
    case EventKind::free: break;
  }
  DSIM_ASSERT(false, "a queued event points at a free slot");
}

// ---------------------------------------------------------------- messages

void Simulator::send_from(NodeId from, NodeId to, std::unique_ptr<Message> message) {
  DSIM_ASSERT(to < nodes_.size(), "send to a node that does not exist");
  NodeSlot& sender = nodes_[from];
  if (sender.hold_handler == handler_serial_) {
    // Sent after a persist in this handler: it leaves when the write is durable, and not at all if
    // the sender crashes first.
    std::uint32_t slot = acquire_slot();
    Event& event = events_[slot];
    event.kind = EventKind::held_message;
    event.target = to;
    event.aux = from;
    event.word_a = reinterpret_cast<std::uint64_t>(message.release());
    event.word_b = sender.incarnation;
    queue_.push(sender.hold_until, slot);
    return;
  }
  transmit(from, to, std::move(message));
}

void Simulator::transmit(NodeId from, NodeId to, std::unique_ptr<Message> message) {
  message->id_ = next_message_id_++;
  ++stats_.messages_sent;
  std::uint64_t sends = send_rate_guard_.count(from, now_);
  if (sends > stats_.peak_node_sends_per_second) {
    stats_.peak_node_sends_per_second = sends;
    if (send_rate_guard_.exceeded(sends) && !send_rate_exceeded_) {
      // This message still goes; the run stops once the handler that sent it returns.
      send_rate_exceeded_ = SendRateExceeded{from, sends, send_rate_guard_.max_sends_per_second(),
                                             now_ / kSecond * kSecond, now_};
      stop_requested_ = true;
    }
  }
  Transmission transmission = network_.transmit(from, to, now_, network_rng_);
  if (causal_clocks_) {
    int copies = transmission.drop != DropReason::none ? 0 : transmission.duplicate_latency >= 0 ? 2 : 1;
    causal_clocks_->on_send(from, message->id_, copies);
  }
  if (transmission.drop != DropReason::none) {
    ++stats_.messages_dropped;
    for (Observer* observer : observers_) {
      observer->on_send(now_, from, to, *message, kTimeNever);
      observer->on_drop(now_, from, to, *message, transmission.drop);
    }
    return;
  }
  DSIM_ASSERT(transmission.latency >= 0, "a network latency is never negative");
  TimeUs deliver_at = now_ + transmission.latency;
  for (Observer* observer : observers_) observer->on_send(now_, from, to, *message, deliver_at);
  if (transmission.duplicate_latency >= 0) {
    ++stats_.messages_duplicated;
    std::unique_ptr<Message> copy = message->clone();
    copy->id_ = message->id_;
    enqueue_message(from, to, copy.release(), deliver_at - transmission.latency + transmission.duplicate_latency);
  }
  enqueue_message(from, to, message.release(), deliver_at);
}

void Simulator::enqueue_message(NodeId from, NodeId to, Message* message, TimeUs deliver_at) {
  std::uint32_t slot = acquire_slot();
  Event& event = events_[slot];
  event.kind = EventKind::message;
  event.target = to;
  event.aux = from;
  event.word_a = reinterpret_cast<std::uint64_t>(message);
  queue_.push(deliver_at, slot);
}

void Simulator::drop_message(std::uint32_t slot, DropReason reason) {
  Event& event = events_[slot];
  auto* message = reinterpret_cast<Message*>(event.word_a);
  ++stats_.messages_dropped;
  if (causal_clocks_) causal_clocks_->on_drop(message->id());
  for (Observer* observer : observers_) observer->on_drop(now_, event.aux, event.target, *message, reason);
  delete message;
  release_slot(slot);
}

void Simulator::deliver_message(std::uint32_t slot) {
  Event& event = events_[slot];
  NodeId to = event.target;
  NodeId from = event.aux;
  NodeSlot& node = nodes_[to];
  if (!network_.connected(from, to, now_)) return drop_message(slot, DropReason::partition);
  if (!node.alive) return drop_message(slot, DropReason::node_down);
  if (node.paused) {
    node.deferred.push_back(slot);
    return;
  }
  // Take the message out and free the slot first: the handler may schedule events, which can
  // grow the slab and move `event`.
  std::unique_ptr<Message> message(reinterpret_cast<Message*>(event.word_a));
  release_slot(slot);
  ++stats_.messages_delivered;
  if (causal_clocks_) causal_clocks_->on_deliver(to, message->id());
  for (Observer* observer : observers_) observer->on_deliver(now_, from, to, *message);
  enter_handler(to);
  node.object->on_message(*node.context, from, *message);
  running_node_ = kNoNode;
}

// ---------------------------------------------------------------- timers

TimerId Simulator::set_timer_for(NodeId node_id, DurationUs delay, const Timer& timer) {
  NodeSlot& node = nodes_[node_id];
  DSIM_ASSERT(delay >= 0, "a timer delay is never negative");
  // The node asks for `delay` on its own clock; a fast clock (positive drift) gets there sooner.
  DurationUs real_delay = node.clock.true_delay(delay);
  // An operating system wakes a sleeper a little late, never early.
  if (timer_jitter_us_ > 0) {
    if (!node.jitter_rng) node.jitter_rng = std::make_unique<Rng>(Rng(seed_).fork(kJitterStreamBase + node_id));
    real_delay += node.jitter_rng->uniform(0, timer_jitter_us_);
  }
  std::uint32_t slot = acquire_slot();
  Event& event = events_[slot];
  event.kind = EventKind::timer;
  event.target = node_id;
  event.aux = node.incarnation;
  event.timer_kind = timer.kind;
  event.word_a = timer.a;
  event.word_b = timer.b;
  TimerId id = (static_cast<TimerId>(event.generation + 1) << 32) | slot;
  queue_.push(now_ + real_delay, slot);
  for (Observer* observer : observers_) observer->on_timer_set(now_, node_id, id, timer, now_ + real_delay);
  return id;
}

void Simulator::cancel_timer_for(NodeId node_id, TimerId id) {
  auto slot = static_cast<std::uint32_t>(id & 0xffffffffu);
  auto generation = static_cast<std::uint32_t>(id >> 32);
  if (id == kNoTimer || slot >= events_.size()) return;
  Event& event = events_[slot];
  // A stale id (the timer already fired and its slot was reused) simply misses.
  if (event.kind != EventKind::timer || event.generation + 1 != generation || event.target != node_id) return;
  if (event.cancelled) return;
  event.cancelled = true;
  for (Observer* observer : observers_) observer->on_timer_cancel(now_, node_id, id);
}

void Simulator::fire_timer(std::uint32_t slot) {
  Event& event = events_[slot];
  NodeId node_id = event.target;
  NodeSlot& node = nodes_[node_id];
  if (event.cancelled || event.aux != node.incarnation || !node.alive) {
    release_slot(slot);  // cancelled, or set by an incarnation that has since crashed
    return;
  }
  if (node.paused) {
    node.deferred.push_back(slot);
    return;
  }
  TimerId id = (static_cast<TimerId>(event.generation + 1) << 32) | slot;
  Timer timer{event.timer_kind, event.word_a, event.word_b};
  release_slot(slot);
  ++stats_.timers_fired;
  if (causal_clocks_) causal_clocks_->on_local(node_id);
  for (Observer* observer : observers_) observer->on_timer_fire(now_, node_id, id, timer);
  enter_handler(node_id);
  node.object->on_timer(*node.context, id, timer);
  running_node_ = kNoNode;
}

// ---------------------------------------------------------------- controls

void Simulator::schedule(TimeUs at, Action action) {
  DSIM_ASSERT(at >= now_, "a control is scheduled in the future");
  std::uint32_t index;
  if (!free_actions_.empty()) {
    index = free_actions_.back();
    free_actions_.pop_back();
    actions_[index] = std::move(action);
  } else {
    index = static_cast<std::uint32_t>(actions_.size());
    actions_.push_back(std::move(action));
  }
  std::uint32_t slot = acquire_slot();
  Event& event = events_[slot];
  event.kind = EventKind::control;
  event.word_a = index;
  queue_.push(at, slot);
}

void Simulator::run_control(std::uint32_t slot) {
  auto index = static_cast<std::uint32_t>(events_[slot].word_a);
  release_slot(slot);
  Action action = std::move(actions_[index]);
  actions_[index] = nullptr;
  free_actions_.push_back(index);
  action(*this);
}

void Simulator::crash(NodeId node_id) {
  DSIM_ASSERT(node_id < nodes_.size(), "crash of a node that does not exist");
  DSIM_ASSERT(running_node_ != node_id, "a node cannot be crashed from inside its own handler");
  NodeSlot& node = nodes_[node_id];
  if (!node.alive) return;
  node.object->on_crash();
  node.object.reset();
  node.alive = false;
  node.paused = false;
  ++node.incarnation;  // every timer of the old incarnation is now stale
  for (Observer* observer : observers_) observer->on_fault(now_, FaultEvent{std::string(fault_kind::kCrash), {node_id}, ""});
  // Writes still on their way to the disk never get there: the node restarts from what was durable
  // ("acknowledged but not synced" is lost here). Messages held for them never leave.
  if (node.disk) {
    for (const StorageWrite& lost : node.disk->lose_pending()) {
      for (Observer* observer : observers_) observer->on_write_lost(now_, node_id, lost);
    }
    node.storage = node.disk->durable();
  }
  // What arrived while it was paused dies with it.
  std::vector<std::uint32_t> deferred = std::move(node.deferred);
  node.deferred.clear();
  for (std::uint32_t slot : deferred) {
    if (events_[slot].kind == EventKind::message) {
      drop_message(slot, DropReason::node_down);
    } else {
      if (events_[slot].kind == EventKind::held_message) delete reinterpret_cast<Message*>(events_[slot].word_a);
      release_slot(slot);
    }
  }
  clear_published(node_id);
}

void Simulator::restart(NodeId node_id) {
  DSIM_ASSERT(node_id < nodes_.size(), "restart of a node that does not exist");
  NodeSlot& node = nodes_[node_id];
  if (node.alive) return;
  node.alive = true;
  node.object = node.factory(node_id);
  DSIM_ASSERT(node.object != nullptr, "a node factory returned no node");
  for (Observer* observer : observers_) observer->on_fault(now_, FaultEvent{std::string(fault_kind::kRestart), {node_id}, ""});
  NodeId previous = running_node_;
  enter_handler(node_id);
  node.object->on_restart(*node.context);
  running_node_ = previous;
}

void Simulator::pause(NodeId node_id) {
  NodeSlot& node = nodes_[node_id];
  if (!node.alive || node.paused) return;
  node.paused = true;
  for (Observer* observer : observers_) observer->on_fault(now_, FaultEvent{std::string(fault_kind::kPause), {node_id}, ""});
}

void Simulator::resume(NodeId node_id) {
  NodeSlot& node = nodes_[node_id];
  if (!node.alive || !node.paused) return;
  node.paused = false;
  for (Observer* observer : observers_) observer->on_fault(now_, FaultEvent{std::string(fault_kind::kResume), {node_id}, ""});
  // Everything that came due while frozen happens now, in the order it came due.
  std::vector<std::uint32_t> deferred = std::move(node.deferred);
  node.deferred.clear();
  for (std::uint32_t slot : deferred) queue_.push(now_, slot);
}

// ---------------------------------------------------------------- durable writes (disk.h)

void Simulator::open_write(NodeId node_id) {
  NodeSlot& node = nodes_[node_id];
  if (!node.disk) node.disk = std::make_unique<Disk>(node.storage, Rng(seed_).fork(kDiskStreamBase + node_id));
  Disk& disk = *node.disk;
  if (!disk.open_for(handler_serial_)) {
    const StorageWrite& write = disk.start(handler_serial_, now_, storage_model_->write_latency(node_id, disk.rng()));
    std::uint32_t slot = acquire_slot();
    Event& event = events_[slot];
    event.kind = EventKind::write_done;
    event.target = node_id;
    event.aux = node.incarnation;
    event.word_a = write.number;
    queue_.push(write.done_at, slot);
  }
  // The handler's later sends wait for this write, and so for every earlier one.
  node.hold_handler = handler_serial_;
  node.hold_until = disk.all_durable_at(now_);
}

void Simulator::persist_for(NodeId node_id, std::string_view key, std::string value) {
  NodeSlot& node = nodes_[node_id];
  if (storage_model_ == nullptr) return node.storage.put(key, std::move(value));
  open_write(node_id);
  node.disk->record_put(key, value);
  node.storage.put(key, std::move(value));
}

void Simulator::persist_log_for(NodeId node_id, std::int64_t index, DurableBytes bytes) {
  NodeSlot& node = nodes_[node_id];
  if (storage_model_ == nullptr) return node.storage.put_log(index, std::move(bytes));
  open_write(node_id);
  node.disk->record_put(DurableLog::key(index), bytes->bytes());  // the pending write keeps its own copy
  node.storage.put_log(index, std::move(bytes));
}

void Simulator::erase_durable_for(NodeId node_id, std::string_view key) {
  NodeSlot& node = nodes_[node_id];
  if (storage_model_ == nullptr) return node.storage.erase(key);
  if (node.storage.get(key) == nullptr) return;
  open_write(node_id);
  node.disk->record_erase(key);
  node.storage.erase(key);
}

void Simulator::erase_durable_prefix_for(NodeId node_id, std::string_view prefix) {
  NodeSlot& node = nodes_[node_id];
  if (storage_model_ == nullptr) return node.storage.erase_prefix(prefix);
  std::vector<std::string> keys;
  const DurableEntries& entries = node.storage.entries();
  for (auto it = entries.lower_bound(prefix); it != entries.end() && it->first.starts_with(prefix); ++it) {
    keys.push_back(it->first);
  }
  for (const std::string& key : keys) erase_durable_for(node_id, key);
}

void Simulator::sync_for(NodeId node_id) {
  NodeSlot& node = nodes_[node_id];
  if (!node.disk || !node.disk->has_pending()) return;
  node.hold_handler = handler_serial_;
  node.hold_until = node.disk->all_durable_at(now_);
}

void Simulator::complete_write(std::uint32_t slot) {
  Event& event = events_[slot];
  NodeId node_id = event.target;
  std::uint32_t incarnation = event.aux;
  std::uint64_t number = event.word_a;
  release_slot(slot);
  NodeSlot& node = nodes_[node_id];
  if (incarnation != node.incarnation) return;  // lost to a crash, and reported then
  StorageWrite done = node.disk->complete(number);
  for (Observer* observer : observers_) observer->on_write_done(now_, node_id, done);
}

void Simulator::release_held_message(std::uint32_t slot) {
  Event& event = events_[slot];
  NodeId to = event.target;
  NodeId from = event.aux;
  NodeSlot& sender = nodes_[from];
  if (event.word_b != sender.incarnation || !sender.alive) {
    // The sender crashed before its write was durable: the message was never sent.
    delete reinterpret_cast<Message*>(event.word_a);
    release_slot(slot);
    return;
  }
  if (sender.paused) {
    // A frozen process cannot send; it does when it resumes.
    sender.deferred.push_back(slot);
    return;
  }
  std::unique_ptr<Message> message(reinterpret_cast<Message*>(event.word_a));
  release_slot(slot);
  transmit(from, to, std::move(message));
}

void Simulator::set_clock(NodeId node_id, DurationUs skew_us, std::int64_t drift_ppm) {
  DSIM_ASSERT(drift_ppm > -1000000, "a clock cannot run backwards");
  nodes_[node_id].clock.set(now_, skew_us, drift_ppm);
  report_clock(node_id);
}

void Simulator::restore_clock(NodeId node_id, const LocalClock& clock) {
  nodes_[node_id].clock = clock;
  report_clock(node_id);
}

void Simulator::report_clock(NodeId node_id) {
  const LocalClock& clock = nodes_[node_id].clock;
  std::string detail =
      "skew " + format_duration(clock.skew_us()) + ", drift " + std::to_string(clock.drift_ppm()) + "ppm";
  for (Observer* observer : observers_) observer->on_fault(now_, FaultEvent{std::string(fault_kind::kClock), {node_id}, detail});
}

std::string Simulator::operator_request(NodeId node_id, std::string_view request) {
  DSIM_ASSERT(node_id < nodes_.size(), "a request to a node that does not exist");
  NodeSlot& node = nodes_[node_id];
  if (!node.alive) return "the node is down";
  if (node.paused) return "the node is paused";
  NodeId previous = running_node_;
  enter_handler(node_id);
  std::string refusal = node.object->on_operator_request(*node.context, request);
  running_node_ = previous;
  return refusal;
}

void Simulator::report_fault(FaultEvent fault) {
  for (Observer* observer : observers_) observer->on_fault(now_, fault);
}

void Simulator::narrate(std::string text) {
  for (Observer* observer : observers_) observer->on_note(now_, kNoNode, text);
}

TimeUs Simulator::local_time(NodeId node_id) const { return nodes_[node_id].clock.read(now_); }

std::string_view Simulator::published_value(NodeId node, std::string_view key) const {
  const PublishedState& state = nodes_[node].published;
  auto it = state.find(key);
  return it == state.end() ? std::string_view() : std::string_view(it->second);
}

void Simulator::clear_published(NodeId node_id) {
  PublishedState state = std::move(nodes_[node_id].published);
  nodes_[node_id].published.clear();
  if (nodes_[node_id].published_keys) nodes_[node_id].published_keys->clear();
  for (const auto& [key, value] : state) {
    for (Observer* observer : observers_) observer->on_state(now_, node_id, key, "");
  }
}

// The published entry of `key` on `node`, found through the node's key cache before the map's
// search; null when the node has not published `key`.
PublishedState::value_type* Simulator::find_published(NodeSlot& node, std::string_view key) {
  if (!node.published_keys) node.published_keys = std::make_unique<PublishedKeyCache<PublishedState>>();
  if (auto* entry = node.published_keys->find(key)) return entry;
  auto it = node.published.find(key);
  if (it == node.published.end()) return nullptr;
  node.published_keys->remember(key, &*it);
  return &*it;
}

void Simulator::publish_for(NodeId node_id, std::string_view key, std::string json) {
  NodeSlot& node = nodes_[node_id];
  PublishedState::value_type* entry = find_published(node, key);
  if (entry != nullptr) {
    if (entry->second == json) return;
    entry->second = std::move(json);
  } else {
    entry = &*node.published.emplace(std::string(key), std::move(json)).first;
    node.published_keys->remember(key, entry);
  }
  for (Observer* observer : observers_) observer->on_state(now_, node_id, key, entry->second);
}

void Simulator::publish_copy_for(NodeId node_id, std::string_view key, std::string_view json) {
  NodeSlot& node = nodes_[node_id];
  PublishedState::value_type* entry = find_published(node, key);
  if (entry != nullptr) {
    if (entry->second == json) return;
    entry->second.assign(json);
  } else {
    entry = &*node.published.emplace(std::string(key), std::string(json)).first;
    node.published_keys->remember(key, entry);
  }
  for (Observer* observer : observers_) observer->on_state(now_, node_id, key, entry->second);
}

// ---------------------------------------------------------------- what a Context does

Simulator& Context::acting() const {
  DSIM_ASSERT(simulator_->running_node_ == self_,
              "a node acts through its Context only while its own handler runs");
  return *simulator_;
}

TimeUs Context::now() const { return acting().local_time(self_); }
std::size_t Context::node_count() const { return simulator_->node_count(); }
const std::string& Context::node_name(NodeId node) const {
  DSIM_ASSERT(node < simulator_->node_count(), "a node asks for the name of a node that does not exist");
  return simulator_->node_name(node);
}
void Context::send(NodeId to, std::unique_ptr<Message> message) { acting().send_from(self_, to, std::move(message)); }
TimerId Context::set_timer(DurationUs delay, Timer timer) { return acting().set_timer_for(self_, delay, timer); }
void Context::cancel_timer(TimerId timer) { acting().cancel_timer_for(self_, timer); }
Rng& Context::rng() { return acting().nodes_[self_].rng; }
const DurableStorage& Context::storage() const { return acting().nodes_[self_].storage; }
void Context::persist(std::string_view key, std::string value) { acting().persist_for(self_, key, std::move(value)); }
void Context::persist_int(std::string_view key, std::int64_t value) { acting().persist_for(self_, key, std::to_string(value)); }
void Context::persist_log_entry(std::int64_t index, DurableBytes bytes) {
  acting().persist_log_for(self_, index, std::move(bytes));
}
void Context::erase_durable(std::string_view key) { acting().erase_durable_for(self_, key); }
void Context::erase_durable_prefix(std::string_view prefix) { acting().erase_durable_prefix_for(self_, prefix); }
void Context::sync() { acting().sync_for(self_); }

void Context::publish(ViewKey<std::int64_t> key, std::int64_t value) {
  char digits[24];
  auto written = std::to_chars(digits, digits + sizeof digits, value);
  acting().publish_copy_for(self_, key.name, std::string_view(digits, static_cast<std::size_t>(written.ptr - digits)));
}
void Context::publish(ViewKey<std::string> key, std::string_view text) {
  // Quoted into a buffer the simulator keeps, then copied into the published value's own buffer:
  // no new string per publish (a client republishes its operation in flight each time).
  Simulator& simulator = acting();
  simulator.json_scratch_.clear();
  append_json_string(simulator.json_scratch_, text);
  simulator.publish_copy_for(self_, key.name, simulator.json_scratch_);
}
void Context::publish(ViewKey<JsonText> key, std::string json) { acting().publish_for(self_, key.name, std::move(json)); }
void Context::publish_copy(ViewKey<JsonText> key, std::string_view json) {
  acting().publish_copy_for(self_, key.name, json);
}
void Context::publish(const ViewKeyFamily<std::int64_t>& family, std::string_view member, std::int64_t value) {
  acting().publish_for(self_, family.key(member), integer_json(value));
}
void Context::publish(const ViewKeyFamily<std::string>& family, std::string_view member, std::string_view text) {
  acting().publish_for(self_, family.key(member), json_string(text));
}
void Context::publish(const ViewKeyFamily<JsonText>& family, std::string_view member, std::string json) {
  acting().publish_for(self_, family.key(member), std::move(json));
}

void Context::annotate(std::string text) {
  Simulator& simulator = acting();
  for (Observer* observer : simulator.observers_) observer->on_note(simulator.now_, self_, text);
}

void Context::mark(std::string_view name) {
  Simulator& simulator = acting();
  for (Observer* observer : simulator.observers_) observer->on_mark(simulator.now_, self_, name);
}

void Context::count(std::string_view metric, std::int64_t delta) {
  Simulator& simulator = acting();
  for (Observer* observer : simulator.observers_)
    observer->on_metric(simulator.now_, self_, metric, MetricKind::counter, delta);
}

void Context::observe(std::string_view metric, std::int64_t value) {
  Simulator& simulator = acting();
  for (Observer* observer : simulator.observers_)
    observer->on_metric(simulator.now_, self_, metric, MetricKind::histogram, value);
}

void Context::gauge(std::string_view metric, std::int64_t value) {
  Simulator& simulator = acting();
  for (Observer* observer : simulator.observers_)
    observer->on_metric(simulator.now_, self_, metric, MetricKind::gauge, value);
}

void Context::record(HistoryEvent event) {
  Simulator& simulator = acting();
  event.time = simulator.now_;
  if (event.process == kNoNode) event.process = self_;
  for (Observer* observer : simulator.observers_) observer->on_history(event);
}

// ---------------------------------------------------------------- durable storage

void DurableStorage::put(std::string_view key, std::string value) {
  if (std::optional<std::int64_t> index = DurableLog::index_of(key)) {
    return put_log(*index, durable_text(std::move(value)));
  }
  ++writes_;
  merged_valid_ = false;
  // A key right after the last one put goes in without a search; otherwise one search finds both
  // an existing key and the place for a new one.
  if (last_put_ && (*last_put_)->first < key) {
    auto next = std::next(*last_put_);
    if (next == entries_.end() || key < next->first) {
      last_put_ = entries_.emplace_hint(next, std::string(key), std::move(value));
      return;
    }
  }
  auto it = entries_.lower_bound(key);
  if (it != entries_.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    it = entries_.emplace_hint(it, std::string(key), std::move(value));
  }
  last_put_ = it;
}

void DurableStorage::put_log(std::int64_t index, DurableBytes bytes) {
  ++writes_;
  merged_valid_ = false;
  log_.put(index, std::move(bytes));
}

void DurableStorage::put_int(std::string_view key, std::int64_t value) { put(key, std::to_string(value)); }

void DurableStorage::erase(std::string_view key) {
  if (std::optional<std::int64_t> index = DurableLog::index_of(key)) {
    if (!log_.erase(*index)) return;
    ++writes_;
    merged_valid_ = false;
    return;
  }
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  ++writes_;
  merged_valid_ = false;
  last_put_.reset();
  entries_.erase(it);
}

void DurableStorage::erase_prefix(std::string_view prefix) {
  last_put_.reset();
  merged_valid_ = false;
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix) {
    it = entries_.erase(it);
    ++writes_;
  }
  if (log_.empty()) return;
  if (DurableLog::kPrefix.starts_with(prefix)) {
    writes_ += log_.clear();  // every log key starts with the prefix
  } else if (prefix.starts_with(DurableLog::kPrefix)) {
    std::vector<std::int64_t> matching;  // a prefix with digits: some of the log's keys
    log_.for_each([&](std::int64_t index, const std::string&) {
      if (DurableLog::key(index).starts_with(prefix)) matching.push_back(index);
    });
    for (std::int64_t index : matching) {
      log_.erase(index);
      ++writes_;
    }
  }
}

const DurableEntries& DurableStorage::entries() const {
  if (log_.empty()) return entries_;
  if (!merged_valid_) {
    merged_ = entries_;
    log_.for_each([this](std::int64_t index, const std::string& bytes) { merged_.emplace(DurableLog::key(index), bytes); });
    merged_valid_ = true;
  }
  return merged_;
}

const std::string* DurableStorage::get(std::string_view key) const {
  if (std::optional<std::int64_t> index = DurableLog::index_of(key)) return log_.get(*index);
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> DurableStorage::get_int(std::string_view key) const {
  const std::string* text = get(key);
  if (!text || text->empty()) return std::nullopt;
  std::int64_t value = 0;
  bool negative = (*text)[0] == '-';
  for (std::size_t i = negative ? 1 : 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

}  // namespace dsim
