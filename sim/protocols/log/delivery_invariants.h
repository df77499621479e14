// The consumer group's checkers, judged on what the sink applied (history op "process"), what the
// consumers committed (history op "commit") and, at the end, the group's committed offsets on the
// coordinator's disk and each partition's final log (to name the records):
//   delivery_guarantee — counted against the guarantee the scenario states (workload.consumers.guarantee):
//       lost: a record below the group's final committed offset that the sink never applied
//             (committed, so no consumer will read it again) — a violation of at_least_once and
//             effectively_once;
//       duplicated: a record (partition, offset) the sink applied twice — a violation of
//             at_most_once and effectively_once;
//   processing_order   — within a partition, records are first applied in offset order (a record
//       applied again after a crash is a duplicate, not a reordering).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/log/params.h"

namespace dsim::log {

inline constexpr std::string_view kCheckDeliveryGuarantee = "delivery_guarantee";
inline constexpr std::string_view kCheckProcessingOrder = "processing_order";

struct DeliveryCheckSetup {
  std::uint32_t brokers = 0;
  std::uint32_t partitions = 0;
  NodeId controller = kNoNode;  // kNoNode: node `brokers`
  NodeId coordinator = 0;
  Guarantee guarantee = Guarantee::at_least_once;
};

std::unique_ptr<Checker> make_delivery_guarantee_checker(DeliveryCheckSetup setup);
std::unique_ptr<Checker> make_processing_order_checker(DeliveryCheckSetup setup);

}  // namespace dsim::log
