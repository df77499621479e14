// clients_served (clients_served.h).
#include "labs/04-kv-raft/lab/clients_served.h"

#include <map>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::lab04 {
namespace {

class ClientsServedChecker final : public Checker {
 public:
  ClientsServedChecker() : Checker(std::string(kCheckClientsServed)) {}

  void on_fault(TimeUs time, const FaultEvent&) override { last_fault_ = std::max(last_fault_, time); }
  void on_history(const HistoryEvent& event) override { history_.push_back(event); }

  void finish(const FinalState& final_state) override {
    struct Operation {
      const HistoryEvent* invoke = nullptr;
      const HistoryEvent* end = nullptr;
    };
    std::map<NodeId, std::map<std::uint64_t, Operation>> by_client;
    for (const HistoryEvent& event : history_) {
      Operation& operation = by_client[event.process][event.request_id];
      (event.kind == HistoryEvent::Kind::invoke ? operation.invoke : operation.end) = &event;
    }
    for (NodeId client = static_cast<NodeId>(run_info().servers); client < run_info().node_names.size(); ++client) {
      std::size_t started = 0, unanswered = 0;
      const HistoryEvent* first = nullptr;
      for (const auto& [request, operation] : by_client[client]) {
        if (operation.invoke == nullptr || operation.invoke->time < last_fault_) continue;
        // An operation still in flight when the run ended is not counted against the service.
        if (operation.end == nullptr) continue;
        ++started;
        if (operation.end->kind == HistoryEvent::Kind::info) {
          ++unanswered;
          if (first == nullptr) first = operation.invoke;
        }
      }
      std::string since = last_fault_ == 0 ? "in the run (no faults)" : "after the last fault (at " + format_time_seconds(last_fault_) + ")";
      if (started == 0) {
        report(final_state.end_us(), {client}, node_name(client) + " started no operation " + since + " that ended before the run did");
      } else if (unanswered > 0) {
        report(first->time, {client},
               node_name(client) + ": " + std::to_string(unanswered) + " of its " + std::to_string(started) +
                   " operations started " + since + " were never answered; the first, " + first->op + " " + first->key +
                   " at " + format_time_seconds(first->time) + ", timed out");
      }
    }
  }

 private:
  TimeUs last_fault_ = 0;
  std::vector<HistoryEvent> history_;
};

}  // namespace

std::unique_ptr<Checker> make_clients_served_checker() { return std::make_unique<ClientsServedChecker>(); }

}  // namespace dsim::lab04
