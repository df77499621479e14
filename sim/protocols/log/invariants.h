// The checkers a log scenario can list under "checks". Each judges the partition's log as it stands
// at the end of the run: the durable log of the leader the controller recorded (or, when the
// partition is offline, of the last ISR member, which a clean election waits for).
//   acknowledged_not_lost — every message a producer saw acknowledged (per its acks) is in its
//                           partition's log;
//   partition_order       — a producer's messages to one partition appear in the order it sent them;
//   no_duplicates         — no message appears twice in its partition's log.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/log/partition_log.h"

namespace dsim::log {

inline constexpr std::string_view kCheckAcknowledgedNotLost = "acknowledged_not_lost";
inline constexpr std::string_view kCheckPartitionOrder = "partition_order";
inline constexpr std::string_view kCheckNoDuplicates = "no_duplicates";

// How many violations each checker names one by one per partition before summing up.
inline constexpr std::size_t kViolationsListedPerPartition = 3;

// A partition's log at the end of a run, and whose it is.
struct FinalLog {
  NodeId holder = kNoNode;   // the broker whose log it is
  bool offline = false;      // no leader: the holder is the last ISR member
  std::int64_t epoch = 0;
  PartitionLog log;
};
// Reads the controller's record (node `controller`; kNoNode: node `brokers`, as when the run has no
// consumers) and the holder's durable log, per partition.
std::map<std::uint32_t, FinalLog> final_logs(const FinalState& final_state, std::uint32_t brokers, std::uint32_t partitions,
                                             NodeId controller = kNoNode);

std::unique_ptr<Checker> make_acknowledged_not_lost_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller = kNoNode);
std::unique_ptr<Checker> make_partition_order_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller = kNoNode);
std::unique_ptr<Checker> make_no_duplicates_checker(std::uint32_t brokers, std::uint32_t partitions, NodeId controller = kNoNode);

}  // namespace dsim::log
