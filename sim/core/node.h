// The contract between the simulator and a protocol: a Node reacts to start, message, timer,
// crash and restart, and acts only through its Context. Nothing else reaches a node, so a node
// is a pure state machine: the same events in the same order give the same actions.
//
// Durable state lives in the Context's storage and survives a crash; everything held in the Node
// object is volatile: a crash destroys the object and a restart builds a fresh one (etcd's
// HardState/SoftState split; STYLE.md §7).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/durable_log.h"
#include "sim/core/ids.h"
#include "sim/core/message.h"
#include "sim/core/random.h"
#include "sim/core/time.h"
#include "sim/core/timer.h"
#include "sim/core/view.h"

namespace dsim {

class Simulator;

// A client operation as checkers see it (a Jepsen-style history): an invocation followed by its
// completion (`ok`), a definite failure (`fail`) or an unknown outcome (`info`, e.g. a timeout).
struct HistoryEvent {
  enum class Kind : std::uint8_t { invoke, ok, fail, info };
  TimeUs time = 0;
  NodeId process = kNoNode;    // the client node
  Kind kind = Kind::invoke;
  std::string op;               // "put", "get", "append", "cas", "broadcast", ...
  std::string key;
  std::string value;            // argument on invoke (a cas's new value), result on ok
  std::uint64_t request_id = 0; // pairs an invoke with its completion
  std::string expected = {};    // a cas's invoke: the value the key must hold ("= {}": optional in braces)
};

// Durable storage's contents: key -> bytes, in key order.
using DurableEntries = std::map<std::string, std::string, std::less<>>;

// The node's durable storage: what survives a crash. Values are bytes; the helpers store integers
// in decimal text so that a trace or a debugger shows them plainly. Keys of the form
// "log/000000000042" (a replicated log's entries) are kept apart, in an array by index
// (durable_log.h); every method reads and writes them like any other key.
class DurableStorage {
 public:
  DurableStorage() = default;
  // A copy or a move holds the same entries and starts without a remembered place (below).
  DurableStorage(const DurableStorage& other) : entries_(other.entries_), log_(other.log_), writes_(other.writes_) {}
  DurableStorage(DurableStorage&& other) noexcept
      : entries_(std::move(other.entries_)), log_(std::move(other.log_)), writes_(other.writes_) {
    other.last_put_.reset();
    other.merged_valid_ = false;
  }
  DurableStorage& operator=(const DurableStorage& other) {
    entries_ = other.entries_;
    log_ = other.log_;
    writes_ = other.writes_;
    last_put_.reset();
    merged_valid_ = false;
    return *this;
  }
  DurableStorage& operator=(DurableStorage&& other) noexcept {
    entries_ = std::move(other.entries_);
    log_ = std::move(other.log_);
    writes_ = other.writes_;
    last_put_.reset();
    merged_valid_ = false;
    other.last_put_.reset();
    other.merged_valid_ = false;
    return *this;
  }

  void put(std::string_view key, std::string value);
  void put_int(std::string_view key, std::int64_t value);
  // The same as put(DurableLog::key(index), *bytes), keeping the shared bytes without a copy.
  void put_log(std::int64_t index, DurableBytes bytes);
  void erase(std::string_view key);
  // Removes every key that starts with `prefix` (e.g. a log suffix).
  void erase_prefix(std::string_view prefix);
  const std::string* get(std::string_view key) const;
  std::optional<std::int64_t> get_int(std::string_view key) const;
  // Every key and value, the log's entries included, in key order. With log entries stored, the
  // map is made on demand and kept until the next change (the end of a run, a restart read it).
  const DurableEntries& entries() const;
  // The log-form keys alone, by index: what a server rebuilding its log reads.
  const DurableLog& log() const { return log_; }
  // How many writes reached storage: a cost a protocol can be measured by.
  std::uint64_t writes() const { return writes_; }

 private:
  DurableEntries entries_;  // every key but the log's
  DurableLog log_;          // "log/" + 12 digits
  std::uint64_t writes_ = 0;
  // Where the last put went: a key just after it goes in next to it without a search. Forgotten
  // when anything is erased.
  std::optional<DurableEntries::iterator> last_put_;
  // entries_ and log_ together, made by entries() when log_ holds anything.
  mutable DurableEntries merged_;
  mutable bool merged_valid_ = false;
};

// What a node may do. Every method acts on behalf of the node the context was made for, and only
// while that node's handler runs (on_start, on_message, on_timer, on_restart, a request): a call at
// any other moment, such as from a constructor, a test or another node's handler, stops the run with
// a DSIM_ASSERT. So everything a node does happens at an event, in the trace's order.
class Context {
 public:
  Context(Simulator& simulator, NodeId self) : simulator_(&simulator), self_(self) {}

  NodeId self() const { return self_; }
  // The node's own clock: true time with this node's skew and drift applied (sim/faults).
  TimeUs now() const;
  // How many nodes the world holds (servers and clients).
  std::size_t node_count() const;
  // A node's name ("n2", "c0", or the scenario's node_names), for narration and published text, so
  // a node is called the same in a protocol's notes as in the checkers' messages and the viewer.
  const std::string& node_name(NodeId node) const;

  void send(NodeId to, std::unique_ptr<Message> message);
  template <typename M>
  void send(NodeId to, M message) {
    send(to, std::unique_ptr<Message>(new M(std::move(message))));
  }

  // Fires `timer` after `delay` of this node's clock. A paused node's timers fire late, on resume;
  // a crashed node's timers never fire.
  TimerId set_timer(DurationUs delay, Timer timer);
  // The same for a typed timer (timer.h), packed into its kind and two words.
  template <TypedTimer T>
  TimerId set_timer(DurationUs delay, const T& timer) {
    return set_timer(delay, encode_timer(timer));
  }
  void cancel_timer(TimerId timer);

  // The node's own random stream, derived from the run's seed and the node id.
  Rng& rng();

  // Durable storage. Writes go through `persist` so that every durable change is visible.
  const DurableStorage& storage() const;
  void persist(std::string_view key, std::string value);
  void persist_int(std::string_view key, std::int64_t value);
  // persist(DurableLog::key(index), *bytes) for a log's entry, keeping the shared bytes: the
  // servers of a cluster store the same entry without a copy each (durable_log.h).
  void persist_log_entry(std::int64_t index, DurableBytes bytes);
  void erase_durable(std::string_view key);
  void erase_durable_prefix(std::string_view prefix);
  // Under a storage model (disk.h) a write takes time, and a message this handler sends after a
  // persist leaves only once that write (and every earlier one) is durable; a message sent before
  // the handler's first persist leaves at once. `sync` makes the handler's later sends wait for
  // every write this node has started, as an fsync does: call it before acknowledging something an
  // earlier handler wrote. Without a storage model both are immediate.
  void sync();

  // Published state: what the visualizer, the checkers and the fault targets read. Every key is
  // declared once as a ViewKey (sim/core/view.h for the shared ones, the protocol's view.h for its
  // own), whose type says what JSON value it holds. Publishing an unchanged value costs a map
  // lookup and emits nothing.
  void publish(ViewKey<std::int64_t> key, std::int64_t value);
  void publish(ViewKey<std::string> key, std::string_view text);
  void publish(ViewKey<JsonText> key, std::string json);
  // The same for text the node keeps and updates itself (Raft's log window): copied into the
  // published value's own buffer, which allocates nothing once it is large enough.
  void publish_copy(ViewKey<JsonText> key, std::string_view json);
  void publish(const ViewKeyFamily<std::int64_t>& family, std::string_view member, std::int64_t value);
  void publish(const ViewKeyFamily<std::string>& family, std::string_view member, std::string_view text);
  void publish(const ViewKeyFamily<JsonText>& family, std::string_view member, std::string json);

  // A line of narration attached to this node at this moment ("became leader for term 3").
  void annotate(std::string text);
  // Records that an interesting branch ran (STYLE.md §10): "raft.split_vote".
  void mark(std::string_view name);

  // Metrics, aggregated by the run's metrics observer.
  void count(std::string_view metric, std::int64_t delta = 1);
  void observe(std::string_view metric, std::int64_t value);  // a histogram sample
  void gauge(std::string_view metric, std::int64_t value);    // a time series point

  // Client history for checkers (linearizability, delivery).
  void record(HistoryEvent event);

 private:
  // The simulator, after asserting that this node's handler is the one running.
  Simulator& acting() const;

  Simulator* simulator_;
  NodeId self_;
};

class Node {
 public:
  virtual ~Node() = default;
  virtual void on_start(Context& ctx) = 0;
  virtual void on_message(Context& ctx, NodeId from, const Message& message) = 0;
  virtual void on_timer(Context& ctx, TimerId id, const Timer& timer) = 0;
  // Called just before the node object is destroyed by a crash; it cannot act any more.
  virtual void on_crash() {}
  // Called on a fresh node object after a restart: rebuild from ctx.storage().
  virtual void on_restart(Context& ctx) { on_start(ctx); }
  // A request typed by a person (the visualizer's "inject a client request", a scenario's
  // "request" fault), such as "put x 5". Returns why it was refused, or "" when the node took it;
  // a node that accepts requests runs them through its normal client path, so checkers see them.
  virtual std::string on_operator_request(Context& /*ctx*/, std::string_view /*request*/) {
    return "this node takes no requests";
  }
  // The name of a timer kind, for traces: "election", "heartbeat".
  virtual std::string_view timer_name(std::uint16_t /*kind*/) const { return "timer"; }
};

}  // namespace dsim
