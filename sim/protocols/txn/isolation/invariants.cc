// The no_anomaly check (see invariants.h).
#include "sim/protocols/txn/isolation/invariants.h"

#include <string>
#include <vector>

#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/engine/durable_log.h"
#include "sim/protocols/txn/isolation/judgement.h"
#include "sim/protocols/txn/isolation/transcript.h"

namespace dsim::txn::isolation {
namespace {

class NoAnomalyChecker final : public Checker {
 public:
  NoAnomalyChecker(NodeId store, std::shared_ptr<const InterleavingTest> test, Flavour flavour, Level level)
      : Checker(std::string(kCheckNoAnomaly)), store_(store), test_(std::move(test)), flavour_(flavour), level_(level) {}

  void finish(const FinalState& final_state) override {
    const DurableEntries& storage = final_state.durable(store_);
    try {
      std::optional<std::vector<StepRecord>> transcript = durable_transcript(storage);
      if (!transcript) {
        report(final_state.end_us(), {}, "the script had not finished when the run ended: make the scenario's duration longer");
        return;
      }
      for (const StepRecord& record : *transcript)
        if (record.step >= test_->steps.size())
          throw DurableLogError("the script's transcript names step " + std::to_string(record.step) + ", but the script has " +
                                std::to_string(test_->steps.size()));
      AnomalyJudgement judgement = judge_anomaly(*test_, *transcript, durable_committed_rows(storage));
      if (!judgement.happened) return;
      report(final_state.end_us(), {}, describe(judgement, dsg::find_anomalies(to_dsg_history(durable_history(storage)))));
    } catch (const DurableLogError& error) {
      report(final_state.end_us(), {store_}, error.what());
    }
  }

 private:
  std::string describe(const AnomalyJudgement& judgement, const std::vector<dsg::Anomaly>& cycles) const {
    std::string message = (test_->title.empty() ? std::string("the anomaly") : test_->title) + " happened at " +
                          flavour_name(flavour_) + " " + level_name(level_) + ": " + judgement.evidence + ". ";
    if (cycles.empty()) return message + "(The dependency graph shows no cycle: the test's definition is stricter than Adya's.)";
    message += "The dependency graph has ";
    for (std::size_t i = 0; i < cycles.size(); ++i) message += (i ? " and " : "") + cycles[i].name + ": " + cycles[i].evidence;
    return message;
  }

  NodeId store_;
  std::shared_ptr<const InterleavingTest> test_;
  Flavour flavour_;
  Level level_;
};

}  // namespace

std::unique_ptr<Checker> make_no_anomaly_checker(NodeId store, std::shared_ptr<const InterleavingTest> test, Flavour flavour,
                                                 Level level) {
  return std::make_unique<NoAnomalyChecker>(store, std::move(test), flavour, level);
}

}  // namespace dsim::txn::isolation
