// Schedules a scenario's faults and its random nemesis into a simulator, and resolves run-time
// targets ("leader", "random", "minority") when each fault fires. Every fault applied is reported
// to observers (and so to the trace) with the nodes it touched.
#pragma once

#include <string>
#include <vector>

#include "sim/core/simulator.h"
#include "sim/faults/fault_spec.h"
#include "sim/net/network.h"

namespace dsim {

class FaultInjector {
 public:
  // `servers` are the nodes that targets such as "all" and "minority" choose among (clients are
  // not crashed by "random"). The injector must outlive the run.
  FaultInjector(Simulator& simulator, Network& network, std::vector<NodeId> servers);

  void schedule(const std::vector<FaultSpec>& faults);
  void schedule_nemesis(const NemesisSpec& nemesis, TimeUs end_us);

  // Applies one fault now (the visualizer's "break it" actions use this too).
  void apply(const FaultSpec& fault);

  // Resolves a target now; empty when it names nobody (e.g. no leader yet). "random" draws a
  // live server.
  std::vector<NodeId> resolve(const TargetSpec& target);
  // As above, for a target of `action`: "random" for a restart draws a crashed server instead.
  std::vector<NodeId> resolve(const TargetSpec& target, FaultSpec::Action action);

  // The targets of the last fault applied, which "others" excludes.
  const std::vector<NodeId>& last_targets() const { return last_targets_; }

 private:
  void fire_nemesis(const NemesisSpec& nemesis, TimeUs stop_us);
  void skip(const FaultSpec& fault, const std::string& reason);
  std::string why_nobody(const TargetSpec& target, FaultSpec::Action action) const;

  Simulator& simulator_;
  Network& network_;
  std::vector<NodeId> servers_;
  Rng rng_;
  std::vector<NodeId> last_targets_;
};

}  // namespace dsim
