// The "linearizable" checker: collects the client history (Context::record) and, at the end of
// the run, checks it against the key-value model one key at a time (linearizability.h). Each
// failing key is reported with the smallest failing sub-history the shrinker found.
#pragma once

#include <vector>

#include "sim/check/checker.h"
#include "sim/check/linearizability.h"

namespace dsim {

class LinearizableChecker final : public Checker {
 public:
  // `max_steps`: the search budget per key; a key past it is reported as undecided.
  explicit LinearizableChecker(std::uint64_t max_steps = 2'000'000)
      : Checker("linearizable"), max_steps_(max_steps) {}
  void on_history(const HistoryEvent& event) override { history_.push_back(event); }
  void finish(const FinalState& final_state) override;
  const std::vector<HistoryEvent>& history() const { return history_; }

 private:
  std::uint64_t max_steps_;
  std::vector<HistoryEvent> history_;
};

}  // namespace dsim
