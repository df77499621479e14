// The faults that act on nodes, each followed by its undo: crash / restart, pause / resume,
// clock, request.
//
// A node is down while any crash in force holds it and frozen while any pause does, so a crash or
// pause whose `for` ends while another one still covers the node changes nothing (the narration
// says so); restart and resume end every crash or pause of their nodes at once. A clock fault's
// undo puts back the newest clock fault still in force, or the clock as it was before the first
// (reading from then on as if no clock fault had happened).
#include "sim/faults/fault_injector.h"

namespace dsim {

// ---------------------------------------------------------------- crash and restart

void FaultInjector::crash(const FaultSpec& fault, FaultId id) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  for (NodeId node : targets) {
    simulator_.crash(node);  // a node already down stays down (and is held down longer)
    paused_.clear(node);     // a crash ends a pause: the frozen process is gone
    down_.hold(node, id);
  }
  undo_after(fault, [this, id, targets] { end_crash(id, targets); });
}

// Restarts the nodes this crash holds down, unless another crash still holds them.
void FaultInjector::end_crash(FaultId id, const std::vector<NodeId>& nodes) {
  for (NodeId node : nodes) {
    switch (down_.release(node, id)) {
      case NodeHolds::Release::not_held: break;  // restarted since: nothing to undo
      case NodeHolds::Release::still_held:
        simulator_.narrate("a crash of " + simulator_.node_name(node) + " ends, but another crash keeps it down");
        break;
      case NodeHolds::Release::free: simulator_.restart(node); break;
    }
  }
}

void FaultInjector::restart(const FaultSpec& fault) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  for (NodeId node : targets) {
    down_.clear(node);  // every crash of the node ends here
    simulator_.restart(node);
  }
}

// ---------------------------------------------------------------- pause and resume

void FaultInjector::pause(const FaultSpec& fault, FaultId id) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  for (NodeId node : targets) {
    if (!simulator_.alive(node)) continue;  // a crashed process cannot be frozen
    simulator_.pause(node);
    paused_.hold(node, id);
  }
  undo_after(fault, [this, id, targets] { end_pause(id, targets); });
}

// Resumes the nodes this pause holds, unless another pause still holds them.
void FaultInjector::end_pause(FaultId id, const std::vector<NodeId>& nodes) {
  for (NodeId node : nodes) {
    switch (paused_.release(node, id)) {
      case NodeHolds::Release::not_held: break;  // resumed or crashed since: nothing to undo
      case NodeHolds::Release::still_held:
        simulator_.narrate("a pause of " + simulator_.node_name(node) + " ends, but another pause keeps it frozen");
        break;
      case NodeHolds::Release::free: simulator_.resume(node); break;
    }
  }
}

void FaultInjector::resume(const FaultSpec& fault) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  for (NodeId node : targets) {
    paused_.clear(node);  // every pause of the node ends here
    simulator_.resume(node);
  }
}

// ---------------------------------------------------------------- clock

void FaultInjector::clock(const FaultSpec& fault, FaultId id) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  ClockSetting setting{fault.skew_us, fault.drift_ppm};
  for (NodeId node : targets) {
    if (fault.for_us) {
      clocks_.push(node, id, setting, simulator_.clock(node));
    } else {
      clocks_.forget(node);  // for good: no earlier clock fault's end may show through
    }
    simulator_.set_clock(node, setting.skew_us, setting.drift_ppm);
  }
  undo_after(fault, [this, id, targets] { end_clock(id, targets); });
}

// Each node's clock goes back to the newest clock fault still in force, or to what it read before
// the first; a later clock fault in force keeps its setting.
void FaultInjector::end_clock(FaultId id, const std::vector<NodeId>& nodes) {
  for (NodeId node : nodes) {
    std::optional<ClockFaults::Removal> removal = clocks_.remove(node, id);
    if (!removal) continue;  // reset since (an untimed clock fault or heal_at): nothing to undo
    if (removal->back_to_before) {
      simulator_.restore_clock(node, removal->before);
    } else if (removal->was_newest) {
      simulator_.set_clock(node, removal->now.skew_us, removal->now.drift_ppm);
    } else {
      simulator_.narrate("a clock fault on " + simulator_.node_name(node) +
                         " ends, but a later clock fault still sets its clock");
    }
  }
}

// ---------------------------------------------------------------- request (nothing to undo)

void FaultInjector::request(const FaultSpec& fault) {
  NodeId node = fault.target.ids.empty() ? kNoNode : fault.target.ids.front();
  if (!fault.node_name.empty()) {
    node = kNoNode;
    for (NodeId id = 0; id < simulator_.node_count(); ++id) {
      if (simulator_.node_name(id) == fault.node_name) node = id;
    }
    if (node == kNoNode) return skip(fault, "the run has no node named \"" + fault.node_name + "\"");
  }
  if (node == kNoNode || node >= simulator_.node_count()) {
    return skip(fault, "the run has " + std::to_string(simulator_.node_count()) + " nodes");
  }
  if (!simulator_.alive(node)) return skip(fault, simulator_.node_name(node) + " is down");
  if (simulator_.paused(node)) return skip(fault, simulator_.node_name(node) + " is paused");
  // Reported before the node acts, so the trace shows the request before what it causes.
  simulator_.report_fault(FaultEvent{"request", {node}, fault.request});
  std::string refusal = simulator_.operator_request(node, fault.request);
  if (!refusal.empty()) simulator_.narrate(simulator_.node_name(node) + " refused the request: " + refusal);
}

}  // namespace dsim
