// A checker is a small named observer (STYLE.md §8): it watches what the run publishes and records
// as it happens (published views, client histories, faults, marks, timers) and, at the end, what
// each node's durable storage holds. It never sees the simulator or a node object, so the same
// checker judges a live run, a sweep and a saved trace (`dsim check`) alike. Every violation names
// the time, the nodes and the evidence in plain words; a checker reports all it sees, and says
// "undecided" (report_undecided) when it cannot reach a verdict (verdict.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/check/verdict.h"
#include "sim/core/observer.h"

namespace dsim {

// What a checker knows of the run before it starts: the nodes, by id.
struct RunInfo {
  std::uint64_t seed = 0;
  std::vector<std::string> node_names;  // by node id: "n0", "c1"
  std::size_t servers = 0;              // nodes 0..servers-1 are the scenario's servers
};

// How the run ended, for end-of-run checks: each node's durable storage (a crashed node's too:
// what it would recover from) and whether the node was up. A trace records both (the `durable`
// records, and the crash and restart faults), so `dsim check` rebuilds the same FinalState.
class FinalState {
 public:
  FinalState(TimeUs end_us, std::vector<DurableEntries> durable, std::vector<bool> alive)
      : end_us_(end_us), durable_(std::move(durable)), alive_(std::move(alive)) {}
  TimeUs end_us() const { return end_us_; }
  std::size_t node_count() const { return durable_.size(); }
  const DurableEntries& durable(NodeId node) const;
  // Whether the node was up (not crashed) when the run ended; a paused node is up.
  bool alive(NodeId node) const { return node < alive_.size() && alive_[node]; }

 private:
  TimeUs end_us_;
  std::vector<DurableEntries> durable_;  // by node id
  std::vector<bool> alive_;              // by node id
};

// The FinalState of a run the simulator has just ended (the runner's, and white-box tests').
FinalState final_state_of(const Simulator& simulator);

class Checker : public Observer {
 public:
  explicit Checker(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  // Called once before the run's first event (the runner, or `dsim check` from a trace's header).
  void begin(RunInfo info) { info_ = std::move(info); }
  // End-of-run checks over what was recorded and what survived.
  virtual void finish(const FinalState& /*final_state*/) {}
  const std::vector<Violation>& violations() const { return violations_; }
  const std::vector<Undecided>& undecided() const { return undecided_; }
  std::uint64_t suppressed() const { return suppressed_; }
  Verdict verdict() const { return Verdict{name_, violations_, suppressed_, undecided_}; }
  CheckVerdict outcome() const { return verdict().outcome(); }
  bool passed() const { return outcome() == CheckVerdict::pass; }
  static constexpr std::size_t kMaxViolations = 200;

  // A checker reads what the run records, never the live world: these are closed to it. (A trace
  // holds a message's described fields, not the message, so a checker that needed one could not
  // judge a saved trace.)
  void on_run_start(const Simulator& /*simulator*/) final {}
  void on_send(TimeUs, NodeId, NodeId, const Message&, TimeUs) final {}
  void on_deliver(TimeUs, NodeId, NodeId, const Message&) final {}
  void on_drop(TimeUs, NodeId, NodeId, const Message&, DropReason) final {}

 protected:
  const RunInfo& run_info() const { return info_; }
  // The node's name for messages ("n2", "c0"), or "node N" if the run did not say.
  std::string node_name(NodeId node) const;

  void report(TimeUs time_us, std::vector<NodeId> nodes, std::string message) {
    // A broken protocol can violate an invariant on every event; keep the first few hundred.
    if (violations_.size() < kMaxViolations) violations_.push_back({time_us, std::move(nodes), std::move(message)});
    else ++suppressed_;
  }
  void report_undecided(TimeUs time_us, std::string message) { undecided_.push_back({time_us, std::move(message)}); }

 private:
  std::string name_;
  RunInfo info_;
  std::vector<Violation> violations_;
  std::vector<Undecided> undecided_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace dsim
