// State Machine Safety (Raft Figure 3): if a server has applied a log entry at a given index to
// its state machine, no other server ever applies a different entry for that index. Generic: any
// protocol that publishes "applied" = [index, term, "command"] each time it applies an entry, or
// [index, "command"] when an entry has no term of its own: a Multi-Paxos slot's value is decided
// apart from the ballot a server happened to learn it in, so two servers agree when the commands
// agree.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "sim/check/checker.h"
#include "sim/check/index_table.h"

namespace dsim {

class StateMachineSafetyChecker final : public Checker {
 public:
  StateMachineSafetyChecker() : Checker("state_machine_safety") {}
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;
  // How many distinct indices some server applied, for tests that want evidence of progress.
  std::size_t applied_indices() const { return first_applied_.size(); }

 private:
  struct Application {
    std::optional<std::int64_t> term;  // none: [index, "command"]
    std::string command;
    NodeId node = kNoNode;
    TimeUs time_us = 0;
    // The command was read in canonical form (no quote, backslash, control or non-ASCII byte):
    // a later text that equals it byte for byte is then canonical too, and means the same.
    bool plain = false;
  };
  // Records the first application of `index`, or reports one that differs from it.
  void judge(TimeUs time, NodeId node, std::int64_t index, const Application& application);

  IndexTable<Application> first_applied_;  // index -> the first server to apply it
  std::set<std::pair<std::int64_t, NodeId>> reported_;
};

}  // namespace dsim
