// Observers watch a run without touching it: the trace writer, metrics, invariant checkers and the
// visualizer's live model. The simulator calls them synchronously, in event order. Every callback
// has an empty default so that an observer overrides only what it needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/disk.h"
#include "sim/core/ids.h"
#include "sim/core/node.h"
#include "sim/core/time.h"

namespace dsim {

class Message;
class Simulator;

// Why a message did not arrive.
enum class DropReason : std::uint8_t {
  none,
  loss,       // the link's loss probability
  partition,  // a partition or one-way cut separated the ends (at send or while in flight)
  no_route,   // a multi-hop topology has no path between the ends
  node_down,  // the destination was crashed when the message arrived
};
const char* drop_reason_name(DropReason reason);

// The kinds of fault the simulator itself reports; readers that track a node's life (checkers,
// `dsim check`, the visualizer) compare with these. The network's kinds come from sim/faults.
namespace fault_kind {
inline constexpr std::string_view kCrash = "crash";
inline constexpr std::string_view kRestart = "restart";
inline constexpr std::string_view kPause = "pause";
inline constexpr std::string_view kResume = "resume";
inline constexpr std::string_view kClock = "clock";
}  // namespace fault_kind

// A change to the world made by the nemesis or by a user in the visualizer.
struct FaultEvent {
  std::string kind;            // "crash", "restart", "pause", "resume", "partition", "heal", ...
  std::vector<NodeId> nodes;   // the nodes it touched, ascending
  std::string detail;          // human-readable specifics, e.g. "groups [0,1] [2,3,4]"
};

enum class MetricKind : std::uint8_t { counter, histogram, gauge };

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_run_start(const Simulator& /*simulator*/) {}
  // `deliver_at` is kTimeNever when the message was dropped at once (then on_drop follows).
  virtual void on_send(TimeUs /*time*/, NodeId /*from*/, NodeId /*to*/, const Message& /*message*/,
                       TimeUs /*deliver_at*/) {}
  virtual void on_deliver(TimeUs /*time*/, NodeId /*from*/, NodeId /*to*/, const Message& /*message*/) {}
  virtual void on_drop(TimeUs /*time*/, NodeId /*from*/, NodeId /*to*/, const Message& /*message*/,
                       DropReason /*reason*/) {}
  virtual void on_timer_set(TimeUs /*time*/, NodeId /*node*/, TimerId /*id*/, const Timer& /*timer*/,
                            TimeUs /*fire_at*/) {}
  virtual void on_timer_fire(TimeUs /*time*/, NodeId /*node*/, TimerId /*id*/, const Timer& /*timer*/) {}
  virtual void on_timer_cancel(TimeUs /*time*/, NodeId /*node*/, TimerId /*id*/) {}
  virtual void on_fault(TimeUs /*time*/, const FaultEvent& /*fault*/) {}
  // `value_json` is empty when the key was removed (on a crash, published state is cleared).
  virtual void on_state(TimeUs /*time*/, NodeId /*node*/, std::string_view /*key*/,
                        std::string_view /*value_json*/) {}
  virtual void on_note(TimeUs /*time*/, NodeId /*node*/, std::string_view /*text*/) {}
  virtual void on_mark(TimeUs /*time*/, NodeId /*node*/, std::string_view /*name*/) {}
  virtual void on_metric(TimeUs /*time*/, NodeId /*node*/, std::string_view /*name*/, MetricKind /*kind*/,
                         std::int64_t /*value*/) {}
  virtual void on_history(const HistoryEvent& /*event*/) {}
  // Under a storage model (disk.h): a node's write became durable, or its crash lost it (one call
  // per pending write, oldest first, right after the crash's on_fault).
  virtual void on_write_done(TimeUs /*time*/, NodeId /*node*/, const StorageWrite& /*write*/) {}
  virtual void on_write_lost(TimeUs /*time*/, NodeId /*node*/, const StorageWrite& /*write*/) {}
  virtual void on_run_end(TimeUs /*time*/) {}
};

}  // namespace dsim
