// A checker is a small named observer (STYLE.md §8): it watches events as they happen (per-event
// invariants, step invariants between two published states) and, after the run, checks whole
// histories. Every violation names the time, the nodes and the evidence in plain words. A checker
// reports all violations it sees, not just the first.
//
// A check that cannot reach a verdict (a search that ran out of its budget) says so as
// "undecided": neither a proven violation nor a pass. Its verdict is fail if anything was
// violated, else undecided if anything was undecided, else pass.
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

// What a check could not decide, and why ("key k0: the search ran out of its budget ...").
struct Undecided {
  TimeUs time_us = 0;
  std::string message;
};

enum class CheckVerdict : std::uint8_t { pass, fail, undecided };

// "PASS", "FAIL", "UNDECIDED" for text; "pass", "fail", "undecided" for JSON.
inline const char* verdict_label(CheckVerdict verdict) {
  return verdict == CheckVerdict::pass ? "PASS" : verdict == CheckVerdict::fail ? "FAIL" : "UNDECIDED";
}
inline const char* verdict_name(CheckVerdict verdict) {
  return verdict == CheckVerdict::pass ? "pass" : verdict == CheckVerdict::fail ? "fail" : "undecided";
}

class Checker : public Observer {
 public:
  explicit Checker(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  // End-of-run checks over what was recorded; the simulator is in its final state.
  virtual void finish(const Simulator& /*simulator*/) {}
  const std::vector<Violation>& violations() const { return violations_; }
  const std::vector<Undecided>& undecided() const { return undecided_; }
  CheckVerdict verdict() const {
    if (!violations_.empty()) return CheckVerdict::fail;
    return undecided_.empty() ? CheckVerdict::pass : CheckVerdict::undecided;
  }
  bool passed() const { return verdict() == CheckVerdict::pass; }

 protected:
  void report(TimeUs time_us, std::vector<NodeId> nodes, std::string message) {
    // A broken protocol can violate an invariant on every event; keep the first few hundred.
    if (violations_.size() < kMaxViolations) violations_.push_back({time_us, std::move(nodes), std::move(message)});
    else ++suppressed_;
  }
  void report_undecided(TimeUs time_us, std::string message) { undecided_.push_back({time_us, std::move(message)}); }

 public:
  std::uint64_t suppressed() const { return suppressed_; }
  static constexpr std::size_t kMaxViolations = 200;

 private:
  std::string name_;
  std::vector<Violation> violations_;
  std::vector<Undecided> undecided_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace dsim
