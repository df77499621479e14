// Schedules a scenario's faults and its random nemesis into a simulator, and resolves run-time
// targets ("leader", "random", "minority") when each fault fires. Every fault applied is reported
// to observers (and so to the trace) with the nodes it touched.
//
// One function per action, each with its undo beside it (node_faults.cc, network_faults.cc). A
// fault's `for` undoes exactly that fault: overlapping faults end independently, and an undo whose
// fault was already ended by heal, restore, restart, resume or heal_at does nothing at all
// (docs/scenario-format.md, "Overlapping faults"). The nemesis strikes at random times
// (nemesis.cc) and at the moments its aimed moves watch for (aimed.cc).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/simulator.h"
#include "sim/faults/fault_holds.h"
#include "sim/faults/fault_spec.h"
#include "sim/net/network.h"

namespace dsim {

class FaultInjector {
 public:
  // `servers` are the nodes that targets such as "all" and "minority" choose among (clients are
  // not crashed by "random"). The injector must outlive the run.
  FaultInjector(Simulator& simulator, Network& network, std::vector<NodeId> servers);
  ~FaultInjector();
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  void schedule(const std::vector<FaultSpec>& faults);
  void schedule_nemesis(const NemesisSpec& nemesis, TimeUs end_us);
  // The scenario's heal_at: at `at`, every fault still in force ends (partitions, cuts,
  // degradations, pauses, crashes, clock faults), so that checkers can demand convergence.
  void schedule_final_heal(TimeUs at);

  // Applies one fault now (the visualizer's "break it" actions use this too).
  void apply(const FaultSpec& fault);

  // Resolves one target now; empty when it names nobody (e.g. no leader yet). "random" draws a
  // server the action can change: a live one, or for a restart a crashed one, for a resume a
  // paused one, for a pause a running one. "others" is every server that the fault's other
  // targets did not choose; alone, with no other target, that is every server.
  std::vector<NodeId> resolve(const TargetSpec& target, FaultSpec::Action action = FaultSpec::Action::crash);
  // Resolves a fault's targets together: each in order, then "others" as the servers that none of
  // the rest chose.
  std::vector<std::vector<NodeId>> resolve_together(const std::vector<const TargetSpec*>& targets,
                                                    FaultSpec::Action action);

 private:
  // --- node faults (node_faults.cc) ---
  void crash(const FaultSpec& fault, FaultId id);
  void end_crash(FaultId id, const std::vector<NodeId>& nodes);
  void restart(const FaultSpec& fault);
  void pause(const FaultSpec& fault, FaultId id);
  void end_pause(FaultId id, const std::vector<NodeId>& nodes);
  void resume(const FaultSpec& fault);
  void clock(const FaultSpec& fault, FaultId id);
  void end_clock(FaultId id, const std::vector<NodeId>& nodes);
  void request(const FaultSpec& fault);

  // --- network faults (network_faults.cc) ---
  void partition(const FaultSpec& fault);
  void isolate(const FaultSpec& fault);
  void cut(const FaultSpec& fault);
  // The undo of a partition, isolation or cut: lifts that one rule.
  void end_block(BlockRuleId rule, const std::string& what, const std::vector<NodeId>& nodes);
  void heal(const FaultSpec& fault);
  void degrade(const FaultSpec& fault);
  void end_degrade(LinkRuleId rule, const std::vector<NodeId>& nodes);
  void restore(const FaultSpec& fault);

  // --- shared (fault_injector.cc) ---
  // Runs `undo` after the fault's `for`, when it has one.
  void undo_after(const FaultSpec& fault, std::function<void()> undo);
  void skip(const FaultSpec& fault, const std::string& reason);
  std::string why_nobody(const TargetSpec& target, FaultSpec::Action action) const;
  bool can_act_on(NodeId node, FaultSpec::Action action) const;
  void heal_everything();
  void fire_nemesis(const NemesisSpec& nemesis, TimeUs stop_us);

  // --- aimed moves (aimed.cc) ---
  // The observer through which the aimed moves see what servers publish.
  class PublishedStateWatch final : public Observer {
   public:
    explicit PublishedStateWatch(FaultInjector& injector) : injector_(injector) {}
    void on_state(TimeUs, NodeId node, std::string_view key, std::string_view value_json) override {
      injector_.on_published(node, key, value_json);
    }

   private:
    FaultInjector& injector_;
  };
  struct AimedState {
    AimedMove move;
    TimeUs busy_until_us = 0;                    // its last strike is in force until then
    std::set<NodeId> pending;                    // servers with a moment waiting to be looked at
    std::map<NodeId, std::int64_t> last_index;   // each server's last log index when last looked at
    std::map<NodeId, std::string> last_value;    // each server's last non-empty value of the key
  };
  void watch_aimed(const NemesisSpec& nemesis, TimeUs stop_us);
  // A server published `key`: every move watching it looks at that server once the event is over.
  void on_published(NodeId server, std::string_view key, std::string_view value);
  void consider_aimed(std::size_t move, NodeId server);

  Simulator& simulator_;
  Network& network_;
  std::vector<NodeId> servers_;
  Rng rng_;
  FaultId next_fault_ = 1;
  NodeHolds down_;    // crashes in force
  NodeHolds paused_;  // pauses in force
  ClockFaults clocks_;
  std::map<LinkRuleId, std::string> degradations_;  // each degradation in force, as its record said
  std::vector<AimedState> aimed_;
  TimeUs aimed_start_us_ = 0;
  TimeUs aimed_stop_us_ = 0;
  std::unique_ptr<PublishedStateWatch> watch_;  // attached to the simulator while aimed moves exist
};

}  // namespace dsim
