// The "linearizable" checker: collects the client history (Context::record) and, at the end of
// the run, checks it against the key-value model one key at a time (linearizability.h). Each
// failing key is reported with the smallest failing sub-history the shrinker found; a key whose
// search ran out of its budget is reported as undecided, never as a violation or a pass.
#pragma once

#include <vector>

#include "sim/check/checker.h"
#include "sim/check/linearizability.h"

namespace dsim {

class LinearizableChecker final : public Checker {
 public:
  // The default search budget per key. Spent in full, it costs about 150 MB and 3 s on a key of
  // 1,600 operations; the histories of issue 22 (750 operations, 8 clients, timeouts) need at most
  // 4,000 (bench/README.md, "linearizability_bench").
  static constexpr std::uint64_t kDefaultMaxStates = 500'000;

  // `max_states`: the search budget per key, in configurations; a key past it is undecided.
  explicit LinearizableChecker(std::uint64_t max_states = kDefaultMaxStates)
      : Checker("linearizable"), max_states_(max_states) {}
  void on_history(const HistoryEvent& event) override { history_.push_back(event); }
  void finish(const FinalState& final_state) override;
  const std::vector<HistoryEvent>& history() const { return history_; }

 private:
  std::uint64_t max_states_;
  std::vector<HistoryEvent> history_;
};

// "key k0: the search ran out of its budget of 1000 states after linearizing at most 12 of its 40
// operations; timed-out writes: 3 dropped as unseen, 1 placed before a reader, 2 left open"
std::string describe_undecided_key(const KeyVerdict& verdict, std::uint64_t max_states);

}  // namespace dsim
