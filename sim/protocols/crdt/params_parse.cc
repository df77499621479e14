// Parsing a crdt scenario's "params" and "workload" (params.h).
#include "sim/protocols/crdt/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::crdt {

CrdtParams parse_crdt_params(const JsonReader& params) {
  params.expect_keys({"type", "gossip_interval", "broken_merge"});
  CrdtParams result;
  if (auto type = params.find("type")) {
    result.type = *parse_crdt_type(type->choice({"g-counter", "pn-counter", "or-set", "lww-register"}));
  }
  result.gossip_interval_us = params.duration_or("gossip_interval", result.gossip_interval_us, kMillisecond);
  result.broken_merge = params.boolean_or("broken_merge", result.broken_merge);
  return result;
}

CrdtWorkload parse_crdt_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "rate", "elements", "remove_fraction", "stop", "timeout", "cart"});
  CrdtWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"10/s\"");
  }
  result.elements = static_cast<std::uint32_t>(workload.integer_or("elements", result.elements, 1, 1000));
  result.remove_fraction = workload.number_or("remove_fraction", result.remove_fraction, 0.0, 1.0);
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, kMillisecond);
  result.cart = workload.boolean_or("cart", result.cart);
  return result;
}

}  // namespace dsim::crdt
