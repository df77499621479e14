// What keeps a node in a fault's state, so that a fault's `for` undoes that fault and nothing else.
//
// A node is down (or paused) while any crash (or pause) in force holds it: overlapping faults on
// one node end independently, and the node comes back when the last one ends. An explicit
// restart / resume / heal_at drops every hold at once, and the pending undos then find nothing to
// undo. A node's clock is the newest clock fault in force, or what it was before the first one:
// the whole clock, with the drift it had built up then (docs/scenario-format.md, "Overlapping
// faults"). Pure bookkeeping: the injector does the acting.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/local_clock.h"
#include "sim/core/time.h"

namespace dsim {

// The injector numbers every fault it applies, in order.
using FaultId = std::uint64_t;

// Which faults hold each node down (or paused).
class NodeHolds {
 public:
  enum class Release {
    not_held,    // the fault no longer held the node (an explicit restart or resume came first)
    still_held,  // another fault still holds the node
    free,        // that was the last hold: the node leaves the state
  };

  void hold(NodeId node, FaultId fault) { holds_[node].insert(fault); }
  Release release(NodeId node, FaultId fault);
  bool held(NodeId node) const { return holds_.count(node) > 0; }
  void clear(NodeId node) { holds_.erase(node); }
  void clear_all() { holds_.clear(); }

 private:
  std::map<NodeId, std::set<FaultId>> holds_;  // no empty sets
};

struct ClockSetting {
  DurationUs skew_us = 0;
  std::int64_t drift_ppm = 0;
  bool operator==(const ClockSetting&) const = default;
};

// The clock faults in force on each node, oldest first, over the setting the node had before them.
class ClockFaults {
 public:
  // A timed clock fault: `setting` is in force until `remove`. `current` is the node's clock now,
  // remembered as what to go back to when no clock fault is left.
  void push(NodeId node, FaultId fault, ClockSetting setting, const LocalClock& current);
  // An untimed clock fault (or heal_at) settles the node's clock for good: the faults in force
  // before it are covered and will never show again.
  void forget(NodeId node) { nodes_.erase(node); }
  void clear_all() { nodes_.clear(); }

  struct Removal {
    bool was_newest = false;      // whether the fault's setting was the one in force
    bool back_to_before = false;  // no clock fault is left: the clock goes back to `before`
    ClockSetting now;             // otherwise: the newest fault still in force
    LocalClock before;            // the clock before the oldest fault, as it was then
  };
  // Ends `fault` on `node`; none when it was no longer in force.
  std::optional<Removal> remove(NodeId node, FaultId fault);

 private:
  struct Entry {
    FaultId fault = 0;
    ClockSetting setting;
  };
  struct Stack {
    LocalClock before;           // the clock before the oldest fault in force
    std::vector<Entry> entries;  // oldest first; the last is in force; never empty
  };
  std::map<NodeId, Stack> nodes_;
};

}  // namespace dsim
