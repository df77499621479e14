// reads_recover (reads_recover.h).
#include "labs/06-cache-single-flight/lab/reads_recover.h"

#include <map>
#include <string>
#include <utility>

#include "sim/protocols/cache/view.h"

namespace dsim::lab06 {
namespace {

class ReadsRecoverChecker final : public Checker {
 public:
  explicit ReadsRecoverChecker(TimeUs from_us) : Checker(std::string(kCheckReadsRecover)), from_us_(from_us) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != cache::view::kOpRead) return;
    std::pair<NodeId, std::uint64_t> id{event.process, event.request_id};
    if (event.kind == HistoryEvent::Kind::invoke) {
      if (event.time >= from_us_) invoked_[id] = event.time;
      return;
    }
    auto invoked = invoked_.find(id);
    if (invoked == invoked_.end()) return;
    TimeUs started = invoked->second;
    invoked_.erase(invoked);
    if (event.kind == HistoryEvent::Kind::ok) return;
    Failures& key = failed_[event.key];
    if (key.count++ == 0) {
      key.first_client = event.process;
      key.first_us = started;
    }
  }

  void finish(const FinalState& final_state) override {
    for (const auto& [key, failures] : failed_) {
      report(final_state.end_us(), {failures.first_client},
             "key " + key + ": " + std::to_string(failures.count) + " reads invoked after the faults healed (from " +
                 format_time_seconds(from_us_) + ") failed, the first " + node_name(failures.first_client) +
                 "'s at " + format_time_seconds(failures.first_us) +
                 ": the key never recovered (a database read that failed or never came back may still hold it)");
    }
  }

 private:
  struct Failures {
    std::int64_t count = 0;
    NodeId first_client = kNoNode;
    TimeUs first_us = 0;
  };
  TimeUs from_us_;
  std::map<std::pair<NodeId, std::uint64_t>, TimeUs> invoked_;
  std::map<std::string, Failures> failed_;
};

}  // namespace

std::unique_ptr<Checker> make_reads_recover_checker(TimeUs from_us) {
  return std::make_unique<ReadsRecoverChecker>(from_us);
}

}  // namespace dsim::lab06
