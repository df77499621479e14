// hold_back_drained (hold_back_drained.h).
#include "labs/05-causal-broadcast/lab/hold_back_drained.h"

#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "sim/protocols/causal/view.h"

namespace dsim::lab05 {
namespace {

class HoldBackDrainedChecker final : public Checker {
 public:
  HoldBackDrainedChecker() : Checker(std::string(kCheckHoldBackDrained)) {}

  void on_state(TimeUs, NodeId node, std::string_view key, std::string_view value_json) override {
    if (node >= run_info().servers || key != causal::view::kHeldBack.name) return;
    std::int64_t value = 0;
    std::from_chars(value_json.data(), value_json.data() + value_json.size(), value);
    held_[node] = value;
  }

  void finish(const FinalState& final_state) override {
    std::vector<NodeId> stuck;
    std::string summary;
    for (const auto& [node, held] : held_) {
      if (held == 0 || !final_state.alive(node)) continue;
      stuck.push_back(node);
      if (!summary.empty()) summary += ", ";
      summary += node_name(node) + " still holds back " + std::to_string(held);
    }
    if (!stuck.empty()) {
      report(final_state.end_us(), stuck,
             "at the end of the run, with posting over and every fault healed, messages still wait in a "
             "hold-back queue for ever: " + summary +
                 " (a duplicate of a message already delivered is never deliverable: drop it)");
    }
  }

 private:
  std::map<NodeId, std::int64_t> held_;
};

}  // namespace

std::unique_ptr<Checker> make_hold_back_drained_checker() { return std::make_unique<HoldBackDrainedChecker>(); }

}  // namespace dsim::lab05
