// The delivery checkers (delivery_invariants.h). Apache Kafka documentation, "Message Delivery
// Semantics": at most once (never processed twice, may be lost), at least once (never lost, may be
// processed twice), exactly once (both).
#include "sim/protocols/log/delivery_invariants.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/log/group_coordinator.h"
#include "sim/protocols/log/invariants.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

struct Processing {
  TimeUs time = 0;
  NodeId consumer = kNoNode;
  std::string message;
};
struct Commit {
  TimeUs time = 0;
  NodeId consumer = kNoNode;
  std::int64_t offset = 0;
};

// "p3" -> 3; anything else -> UINT32_MAX.
std::uint32_t partition_number(const std::string& key) {
  if (key.size() < 2 || key[0] != 'p') return UINT32_MAX;
  return static_cast<std::uint32_t>(std::strtoul(key.c_str() + 1, nullptr, 10));
}

class DeliveryChecker : public Checker {
 public:
  DeliveryChecker(std::string_view name, DeliveryCheckSetup setup) : Checker(std::string(name)), setup_(setup) {}

  void on_history(const HistoryEvent& event) override {
    std::uint32_t partition = partition_number(event.key);
    if (partition >= setup_.partitions) return;
    if (event.op == view::kOpProcess) {
      processings_[partition][static_cast<std::int64_t>(event.request_id)].push_back({event.time, event.process, event.value});
      in_order_[partition].emplace_back(static_cast<std::int64_t>(event.request_id), Processing{event.time, event.process, event.value});
    } else if (event.op == view::kOpCommit) {
      commits_[partition].push_back({event.time, event.process, static_cast<std::int64_t>(event.request_id)});
    }
  }

 protected:
  std::string record_name(std::uint32_t partition, std::int64_t offset) const {
    return view::partition_member(partition) + " offset " + std::to_string(offset);
  }

  DeliveryCheckSetup setup_;
  // partition -> offset -> every application, in time order
  std::map<std::uint32_t, std::map<std::int64_t, std::vector<Processing>>> processings_;
  // partition -> (offset, application) in the order the sink applied them
  std::map<std::uint32_t, std::vector<std::pair<std::int64_t, Processing>>> in_order_;
  std::map<std::uint32_t, std::vector<Commit>> commits_;
};

class DeliveryGuaranteeChecker final : public DeliveryChecker {
 public:
  using DeliveryChecker::DeliveryChecker;

  void finish(const FinalState& final_state) override {
    std::string promise = "the scenario promises " + std::string(guarantee_name(setup_.guarantee));
    bool count_lost = setup_.guarantee != Guarantee::at_most_once;
    bool count_duplicates = setup_.guarantee != Guarantee::at_least_once;
    std::vector<std::int64_t> committed;
    if (setup_.coordinator < final_state.node_count()) committed = stored_offsets(final_state.durable(setup_.coordinator), setup_.partitions);
    std::map<std::uint32_t, FinalLog> logs = final_logs(final_state, setup_.brokers, setup_.partitions, setup_.controller);
    for (std::uint32_t partition = 0; partition < setup_.partitions; ++partition) {
      auto name_of = [&](std::int64_t offset) {
        auto log = logs.find(partition);
        if (log != logs.end() && offset < log->second.log.end_offset()) {
          const LogRecord& record = log->second.log.at(offset);
          return "message " + message_name(record.producer, partition, record.sequence) + " (" + record_name(partition, offset) + ")";
        }
        return "the record at " + record_name(partition, offset);
      };
      if (count_lost && partition < committed.size()) {
        std::size_t found = 0;
        for (std::int64_t offset = 0; offset < committed[partition]; ++offset) {
          if (processings_[partition].count(offset)) continue;
          if (found++ >= kViolationsListedPerPartition) continue;
          // The first commit that passed it: the moment it was given up on.
          Commit past{final_state.end_us(), kNoNode, committed[partition]};
          for (const Commit& commit : commits_[partition]) {
            if (commit.offset > offset) {
              past = commit;
              break;
            }
          }
          std::string who = past.consumer == kNoNode ? "the group" : node_name(past.consumer);
          std::vector<NodeId> nodes;
          if (past.consumer != kNoNode) nodes.push_back(past.consumer);
          report(past.time, nodes,
                 name_of(offset) + " was never processed, though " + who + " committed " + view::partition_member(partition) +
                     " up to offset " + std::to_string(past.offset) + " at " + format_time_seconds(past.time) + ": lost; " + promise);
        }
        if (found > kViolationsListedPerPartition) {
          report(final_state.end_us(), {},
                 view::partition_member(partition) + ": " + std::to_string(found - kViolationsListedPerPartition) + " more records lost (" +
                     std::to_string(found) + " in all)");
        }
      }
      if (count_duplicates) {
        std::size_t found = 0;
        for (const auto& [offset, applied] : processings_[partition]) {
          if (applied.size() < 2) continue;
          if (found++ >= kViolationsListedPerPartition) continue;
          std::string times;
          std::vector<NodeId> nodes;
          for (const Processing& processing : applied) {
            times += (times.empty() ? "" : ", then ") + std::string("by ") + node_name(processing.consumer) + " at " +
                     format_time_seconds(processing.time);
            if (std::find(nodes.begin(), nodes.end(), processing.consumer) == nodes.end()) nodes.push_back(processing.consumer);
          }
          report(applied[1].time, nodes,
                 "message " + applied[0].message + " (" + record_name(partition, offset) + ") was processed " +
                     std::to_string(applied.size()) + " times: " + times + "; " + promise);
        }
        if (found > kViolationsListedPerPartition) {
          report(final_state.end_us(), {},
                 view::partition_member(partition) + ": " + std::to_string(found - kViolationsListedPerPartition) +
                     " more records processed twice (" + std::to_string(found) + " in all)");
        }
      }
    }
  }
};

class ProcessingOrderChecker final : public DeliveryChecker {
 public:
  using DeliveryChecker::DeliveryChecker;

  void finish(const FinalState& final_state) override {
    for (const auto& [partition, applied] : in_order_) {
      std::map<std::int64_t, bool> seen;
      bool have_top = false;
      std::pair<std::int64_t, Processing> top;
      std::size_t found = 0;
      for (const auto& [offset, processing] : applied) {
        if (seen.count(offset)) continue;  // applied again: delivery_guarantee's business
        seen[offset] = true;
        if (have_top && offset < top.first) {
          if (found++ < kViolationsListedPerPartition) {
            report(processing.time, {processing.consumer, top.second.consumer},
                   "in " + view::partition_member(partition) + ", message " + processing.message + " (offset " + std::to_string(offset) +
                       ") was first processed by " + node_name(processing.consumer) + " at " + format_time_seconds(processing.time) +
                       ", after message " + top.second.message + " (offset " + std::to_string(top.first) + ", by " +
                       node_name(top.second.consumer) + " at " + format_time_seconds(top.second.time) + "): out of order");
          }
          continue;
        }
        top = {offset, processing};
        have_top = true;
      }
      if (found > kViolationsListedPerPartition) {
        report(final_state.end_us(), {},
               view::partition_member(partition) + ": " + std::to_string(found - kViolationsListedPerPartition) +
                   " more records processed out of order (" + std::to_string(found) + " in all)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Checker> make_delivery_guarantee_checker(DeliveryCheckSetup setup) {
  return std::make_unique<DeliveryGuaranteeChecker>(kCheckDeliveryGuarantee, setup);
}
std::unique_ptr<Checker> make_processing_order_checker(DeliveryCheckSetup setup) {
  return std::make_unique<ProcessingOrderChecker>(kCheckProcessingOrder, setup);
}

}  // namespace dsim::log
