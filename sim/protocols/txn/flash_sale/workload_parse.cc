// Parsing a flash sale's "workload" (params.h).
#include <tuple>

#include "sim/protocols/txn/flash_sale/params.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::txn::flash_sale {

SaleWorkload parse_sale_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "seats", "strategy", "start_within", "think", "max_attempts", "backoff", "lookers_percent"});
  SaleWorkload out;
  out.strategy = *parse_sale_strategy(workload.at("strategy").choice(
      {"read-then-write", "atomic-update", "for-update", "optimistic", "serializable-retry"}));
  if (workload.has("clients")) out.clients = static_cast<std::uint32_t>(workload.at("clients").integer(1, 10000));
  if (workload.has("seats")) out.seats = workload.at("seats").integer(0, 1000000);
  out.start_within_us = workload.duration_or("start_within", out.start_within_us, 0);
  std::tie(out.think_min_us, out.think_max_us) = parse_think_range(workload, {out.think_min_us, out.think_max_us});
  if (workload.has("max_attempts")) out.max_attempts = static_cast<std::uint32_t>(workload.at("max_attempts").integer(1, 1000));
  out.backoff_us = workload.duration_or("backoff", out.backoff_us, 1);
  if (workload.has("lookers_percent")) out.lookers_percent = workload.at("lookers_percent").integer(0, 100);
  return out;
}

}  // namespace dsim::txn::flash_sale
