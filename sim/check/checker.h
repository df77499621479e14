// A checker is a small named observer (STYLE.md §8): it watches events as they happen (per-event
// invariants, step invariants between two published states) and, after the run, checks whole
// histories. Every violation names the time, the nodes and the evidence in plain words. A checker
// reports all violations it sees, not just the first.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/simulator.h"

namespace dsim {

struct Violation {
  TimeUs time_us = 0;
  std::vector<NodeId> nodes;
  std::string message;  // "node 2 and node 4 were both leader in term 3"
};

class Checker : public Observer {
 public:
  explicit Checker(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  // End-of-run checks over what was recorded; the simulator is in its final state.
  virtual void finish(const Simulator& /*simulator*/) {}
  const std::vector<Violation>& violations() const { return violations_; }
  bool passed() const { return violations_.empty(); }

 protected:
  void report(TimeUs time_us, std::vector<NodeId> nodes, std::string message) {
    // A broken protocol can violate an invariant on every event; keep the first few hundred.
    if (violations_.size() < kMaxViolations) violations_.push_back({time_us, std::move(nodes), std::move(message)});
    else ++suppressed_;
  }

 public:
  std::uint64_t suppressed() const { return suppressed_; }
  static constexpr std::size_t kMaxViolations = 200;

 private:
  std::string name_;
  std::vector<Violation> violations_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace dsim
