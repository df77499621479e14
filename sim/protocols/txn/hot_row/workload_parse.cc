// Parsing a hot row's "workload" (params.h).
#include <tuple>

#include "sim/protocols/txn/hot_row/params.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::txn::hot_row {

HotRowWorkload parse_hot_row_workload(const JsonReader& workload) {
  workload.expect_keys({"hot_row", "clients", "likes_per_client", "start_within", "think", "batch"});
  HotRowWorkload out;
  out.mode = *parse_hot_row_mode(workload.at("hot_row").choice({"atomic-update", "for-update", "queue"}));
  if (workload.has("clients")) out.clients = static_cast<std::uint32_t>(workload.at("clients").integer(1, 10000));
  if (workload.has("likes_per_client")) out.likes_per_client = static_cast<std::uint32_t>(workload.at("likes_per_client").integer(1, 10000));
  out.start_within_us = workload.duration_or("start_within", out.start_within_us, 0);
  std::tie(out.think_min_us, out.think_max_us) = parse_think_range(workload, {out.think_min_us, out.think_max_us});
  if (workload.has("batch")) out.batch = static_cast<std::uint32_t>(workload.at("batch").integer(1, 100000));
  return out;
}

}  // namespace dsim::txn::hot_row
