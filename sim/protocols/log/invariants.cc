// The log's checkers (invariants.h). They read the client history as it happens and, at the end,
// the controller's durable record of each partition and its leader's durable log: never a node.
#include "sim/protocols/log/invariants.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/log/assignment.h"
#include "sim/protocols/log/log_node.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {

std::map<std::uint32_t, FinalLog> final_logs(const FinalState& final_state, std::uint32_t brokers, std::uint32_t partitions,
                                             NodeId controller_node) {
  std::map<std::uint32_t, FinalLog> result;
  if (controller_node == kNoNode) controller_node = brokers;
  if (controller_node >= final_state.node_count()) return result;
  const DurableEntries& controller = final_state.durable(controller_node);
  for (std::uint32_t partition = 0; partition < partitions; ++partition) {
    auto stored = controller.find(std::string(view::kDurablePartitionPrefix) + view::partition_member(partition));
    if (stored == controller.end()) continue;
    std::optional<PartitionState> state = decode_partition_state(stored->second);
    if (!state || (state->leader < 0 && state->isr.empty())) continue;
    FinalLog& final_log = result[partition];
    final_log.offline = state->leader < 0;
    final_log.holder = final_log.offline ? state->isr.front() : static_cast<NodeId>(state->leader);
    final_log.epoch = state->epoch;
    if (final_log.holder < brokers) {
      std::map<std::uint32_t, PartitionLog> logs = stored_logs(final_state.durable(final_log.holder));
      final_log.log = std::move(logs[partition]);
    }
  }
  return result;
}

namespace {

// What the checkers share: the partitions' final logs, and who sent what, from the history.
class LogChecker : public Checker {
 public:
  LogChecker(std::string_view name, std::uint32_t brokers, std::uint32_t partitions, NodeId controller)
      : Checker(std::string(name)), brokers_(brokers), partitions_(partitions), controller_(controller) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kOpProduce) return;
    if (event.kind == HistoryEvent::Kind::invoke) {
      senders_[event.value] = event.process;
    }
    if (event.kind == HistoryEvent::Kind::ok) acknowledged_.emplace(event.value, std::make_pair(event.time, event.process));
  }

 protected:
  std::string where(std::uint32_t partition, const FinalLog& final_log) const {
    return view::partition_member(partition) + "'s log on " + node_name(final_log.holder) +
           (final_log.offline ? " (its last in-sync replica; the partition is offline)" : " (its leader in epoch " + std::to_string(final_log.epoch) + ")");
  }
  std::vector<NodeId> nodes_for(const std::string& message, NodeId holder) const {
    std::vector<NodeId> nodes{holder};
    auto sender = senders_.find(message);
    if (sender != senders_.end() && sender->second != kNoNode) nodes.push_back(sender->second);
    return nodes;
  }
  // A closing line when more than kViolationsListedPerPartition were found in one partition.
  void report_more(const FinalState& final_state, std::uint32_t partition, const FinalLog& final_log, std::size_t found,
                   const std::string& what) {
    if (found <= kViolationsListedPerPartition) return;
    std::size_t more = found - kViolationsListedPerPartition;
    report(final_state.end_us(), {final_log.holder},
           view::partition_member(partition) + ": " + std::to_string(more) + " more " + what + " (" + std::to_string(found) + " in all)");
  }

  std::uint32_t brokers_;
  std::uint32_t partitions_;
  NodeId controller_;
  std::map<std::string, NodeId> senders_;                           // message -> its producer node
  std::map<std::string, std::pair<TimeUs, NodeId>> acknowledged_;   // message -> first acknowledgement
};

// Acknowledged means promised: acks=1 promises the leader has it, acks=all that every in-sync
// replica has it. Either way it must still be in the log at the end (Kafka documentation,
// "Replication": a committed message is never lost while one in-sync replica is alive).
class AcknowledgedNotLostChecker final : public LogChecker {
 public:
  using LogChecker::LogChecker;

  void finish(const FinalState& final_state) override {
    std::map<std::uint32_t, FinalLog> logs = final_logs(final_state, brokers_, partitions_, controller_);
    std::map<std::uint32_t, std::vector<std::pair<TimeUs, std::string>>> missing;  // partition -> (acknowledged at, message)
    std::map<std::uint32_t, std::set<std::string>> present;
    for (const auto& [partition, final_log] : logs) {
      for (const LogRecord& record : final_log.log.records()) present[partition].insert(message_name(record.producer, partition, record.sequence));
    }
    for (const auto& [message, acknowledgement] : acknowledged_) {
      std::uint32_t partition = partition_of(message);
      if (!logs.count(partition) || present[partition].count(message)) continue;
      missing[partition].emplace_back(acknowledgement.first, message);
    }
    for (auto& [partition, lost] : missing) {
      const FinalLog& final_log = logs.at(partition);
      std::sort(lost.begin(), lost.end());
      for (std::size_t i = 0; i < lost.size() && i < kViolationsListedPerPartition; ++i) {
        const auto& [acknowledged_at, message] = lost[i];
        report(acknowledged_at, nodes_for(message, final_log.holder),
               "message " + message + " was acknowledged to " + node_name(acknowledged_.at(message).second) + " at " +
                   format_time_seconds(acknowledged_at) + " but is not in " + where(partition, final_log) + ", which ends at offset " +
                   std::to_string(final_log.log.end_offset()) + ": lost");
      }
      report_more(final_state, partition, final_log, lost.size(), "acknowledged messages lost");
    }
  }

 private:
  // "c0-p1-7" -> 1
  static std::uint32_t partition_of(const std::string& message) {
    std::size_t at = message.find("-p");
    if (at == std::string::npos) return UINT32_MAX;
    return static_cast<std::uint32_t>(std::strtoul(message.c_str() + at + 2, nullptr, 10));
  }
};

// A producer's messages to one partition in the order it sent them: its sequence numbers rise
// along the log. Where it breaks: a retry of an earlier message lands after a later one, which
// needs several requests in flight and no idempotence (Kafka documentation, producer configs:
// max.in.flight.requests.per.connection).
class PartitionOrderChecker final : public LogChecker {
 public:
  using LogChecker::LogChecker;

  void finish(const FinalState& final_state) override {
    for (const auto& [partition, final_log] : final_logs(final_state, brokers_, partitions_, controller_)) {
      std::map<std::uint32_t, std::pair<std::int64_t, std::int64_t>> highest;  // producer -> (sequence, offset)
      std::set<std::pair<std::uint32_t, std::int64_t>> seen;
      std::size_t found = 0;
      for (std::int64_t offset = 0; offset < final_log.log.end_offset(); ++offset) {
        const LogRecord& record = final_log.log.at(offset);
        if (!seen.insert({record.producer, record.sequence}).second) continue;  // a duplicate: no_duplicates' business
        auto top = highest.find(record.producer);
        if (top != highest.end() && record.sequence < top->second.first) {
          if (found++ < kViolationsListedPerPartition) {
            std::string message = message_name(record.producer, partition, record.sequence);
            std::string later = message_name(record.producer, partition, top->second.first);
            report(record.appended_us, nodes_for(message, final_log.holder),
                   "in " + where(partition, final_log) + ", " + message + " (offset " + std::to_string(offset) + ", appended at " +
                       format_time_seconds(record.appended_us) + ") comes after " + later + " (offset " +
                       std::to_string(top->second.second) + "), though its producer sent it first: out of order");
          }
          continue;
        }
        highest[record.producer] = {record.sequence, offset};
      }
      report_more(final_state, partition, final_log, found, "messages out of order");
    }
  }
};

// Each message once. A producer that retries without idempotence appends a message again when the
// first attempt was appended but its answer was lost or late (KIP-98, "Motivation").
class NoDuplicatesChecker final : public LogChecker {
 public:
  using LogChecker::LogChecker;

  void finish(const FinalState& final_state) override {
    for (const auto& [partition, final_log] : final_logs(final_state, brokers_, partitions_, controller_)) {
      std::map<std::pair<std::uint32_t, std::int64_t>, std::int64_t> first_offset;
      std::size_t found = 0;
      for (std::int64_t offset = 0; offset < final_log.log.end_offset(); ++offset) {
        const LogRecord& record = final_log.log.at(offset);
        auto [it, fresh] = first_offset.emplace(std::make_pair(record.producer, record.sequence), offset);
        if (fresh) continue;
        if (found++ < kViolationsListedPerPartition) {
          std::string message = message_name(record.producer, partition, record.sequence);
          const LogRecord& first = final_log.log.at(it->second);
          report(record.appended_us, nodes_for(message, final_log.holder),
                 "message " + message + " is in " + where(partition, final_log) + " twice: offset " + std::to_string(it->second) +
                     " (appended at " + format_time_seconds(first.appended_us) + ") and offset " + std::to_string(offset) +
                     " (appended at " + format_time_seconds(record.appended_us) + "): a retry appended it again");
        }
      }
      report_more(final_state, partition, final_log, found, "duplicate messages");
    }
  }
};

}  // namespace

std::unique_ptr<Checker> make_acknowledged_not_lost_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller) {
  return std::make_unique<AcknowledgedNotLostChecker>(kCheckAcknowledgedNotLost, brokers, partitions, controller);
}
std::unique_ptr<Checker> make_partition_order_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller) {
  return std::make_unique<PartitionOrderChecker>(kCheckPartitionOrder, brokers, partitions, controller);
}
std::unique_ptr<Checker> make_no_duplicates_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller) {
  return std::make_unique<NoDuplicatesChecker>(kCheckNoDuplicates, brokers, partitions, controller);
}

}  // namespace dsim::log
