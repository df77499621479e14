// The nemesis's front door: scheduling, dispatching each fault to its action's function, the undo
// after `for`, skipped faults, and heal_at.
//
// Node faults (crash, restart, pause, resume, clock) go through the Simulator, which reports them
// to observers; network faults change the Network and are reported by their functions with a
// readable detail. Every random choice comes from the injector's own stream, derived from the
// run's seed and the name "faults", in event order, so the same seed always breaks the same
// things at the same time.
#include "sim/faults/fault_injector.h"

#include <algorithm>
#include <utility>

#include "sim/faults/fault_text.h"

namespace dsim {

FaultInjector::FaultInjector(Simulator& simulator, Network& network, std::vector<NodeId> servers)
    : simulator_(simulator), network_(network), servers_(std::move(servers)), rng_(simulator.derive_rng("faults")) {
  std::sort(servers_.begin(), servers_.end());
  servers_.erase(std::unique(servers_.begin(), servers_.end()), servers_.end());
}

void FaultInjector::schedule(const std::vector<FaultSpec>& faults) {
  for (const FaultSpec& fault : faults) {
    simulator_.schedule(fault.at_us, [this, fault](Simulator&) { apply(fault); });
  }
}

void FaultInjector::apply(const FaultSpec& fault) {
  using Action = FaultSpec::Action;
  FaultId id = next_fault_++;  // what the fault's holds and clock settings are known by
  switch (fault.action) {
    case Action::crash: return crash(fault, id);
    case Action::restart: return restart(fault);
    case Action::pause: return pause(fault, id);
    case Action::resume: return resume(fault);
    case Action::partition: return partition(fault);
    case Action::isolate: return isolate(fault);
    case Action::cut: return cut(fault);
    case Action::heal: return heal(fault);
    case Action::degrade: return degrade(fault);
    case Action::restore: return restore(fault);
    case Action::clock: return clock(fault, id);
    case Action::request: return request(fault);
  }
}

void FaultInjector::undo_after(const FaultSpec& fault, std::function<void()> undo) {
  if (!fault.for_us) return;
  simulator_.schedule(simulator_.now() + std::max<DurationUs>(*fault.for_us, 0),
                      [undo = std::move(undo)](Simulator&) { undo(); });
}

void FaultInjector::skip(const FaultSpec& fault, const std::string& reason) {
  simulator_.narrate(std::string("fault skipped: ") + fault_action_name(fault.action) + " " + fault_target_text(fault) +
                     ": " + reason);
}

// ---------------------------------------------------------------- heal_at

void FaultInjector::schedule_final_heal(TimeUs at) {
  simulator_.schedule(at, [this](Simulator&) { heal_everything(); });
}

// Ends every fault in force. The network first (one "heal" record when something was blocked),
// then each server in id order: resumed, restarted, its clock reset. The bookkeeping goes too, so
// the undos still pending find nothing to undo.
void FaultInjector::heal_everything() {
  if (network_.partitioned()) {
    network_.heal();
    simulator_.report_fault(FaultEvent{"heal", {}, "final heal"});
  }
  network_.heal();  // rules that block nothing go as well
  network_.restore_all_links();
  degradations_.clear();
  for (NodeId node : servers_) {
    if (simulator_.paused(node)) simulator_.resume(node);
    if (!simulator_.alive(node)) simulator_.restart(node);
    if (!simulator_.clock(node).is_true()) simulator_.restore_clock(node, LocalClock{});
  }
  paused_.clear_all();
  down_.clear_all();
  clocks_.clear_all();
}

}  // namespace dsim
