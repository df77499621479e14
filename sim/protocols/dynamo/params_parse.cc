// Parsing a dynamo scenario's "params" and "workload" (params.h). Kept apart from the nodes so
// that tests of the protocol, which build params in code, never need the JSON layer.
#include "sim/protocols/dynamo/params.h"

#include "sim/protocols/dynamo/merkle_tree.h"
#include "sim/scenario/json_reader.h"

namespace dsim::dynamo {

DynamoParams parse_dynamo_params(const JsonReader& params) {
  params.expect_keys({"replicas", "read_quorum", "write_quorum", "tokens", "ring_seed", "quorum_timeout", "read_repair",
                      "sloppy_quorum", "hint_timeout", "handoff_interval", "anti_entropy", "anti_entropy_interval",
                      "merkle_depth", "conflict"});
  DynamoParams result;
  result.replicas = static_cast<std::uint32_t>(params.integer_or("replicas", result.replicas, 1, kMaxReplicas));
  result.read_quorum = static_cast<std::uint32_t>(params.integer_or("read_quorum", result.read_quorum, 1, kMaxReplicas));
  result.write_quorum = static_cast<std::uint32_t>(params.integer_or("write_quorum", result.write_quorum, 1, kMaxReplicas));
  result.tokens = static_cast<std::uint32_t>(params.integer_or("tokens", result.tokens, 1, 256));
  result.ring_seed = static_cast<std::uint64_t>(params.integer_or("ring_seed", 1, 0, 1'000'000'000));
  result.quorum_timeout_us = params.duration_or("quorum_timeout", result.quorum_timeout_us, kMillisecond);
  result.read_repair = params.boolean_or("read_repair", result.read_repair);
  result.sloppy_quorum = params.boolean_or("sloppy_quorum", result.sloppy_quorum);
  result.hint_timeout_us = params.duration_or("hint_timeout", result.hint_timeout_us, kMillisecond);
  result.handoff_interval_us = params.duration_or("handoff_interval", result.handoff_interval_us, kMillisecond);
  result.anti_entropy = params.boolean_or("anti_entropy", result.anti_entropy);
  result.anti_entropy_interval_us =
      params.duration_or("anti_entropy_interval", result.anti_entropy_interval_us, kMillisecond);
  result.merkle_depth = static_cast<std::uint32_t>(params.integer_or("merkle_depth", result.merkle_depth, 0, kMaxMerkleDepth));
  if (auto conflict = params.find("conflict")) {
    std::string mode = conflict->string();
    if (mode == "siblings") result.conflict = ConflictMode::siblings;
    else if (mode != "lww") conflict->fail_expected("\"lww\" or \"siblings\"");
  }
  return result;
}

DynamoWorkload parse_dynamo_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "keys", "rate", "read_fraction", "stop", "timeout", "coordinators", "cart", "remove_fraction"});
  DynamoWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  result.keys = static_cast<std::uint32_t>(workload.integer_or("keys", result.keys, 1, 10000));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"10/s\"");
  }
  result.read_fraction = workload.number_or("read_fraction", result.read_fraction, 0.0, 1.0);
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, kMillisecond);
  if (auto coordinators = workload.find("coordinators")) {
    for (const JsonReader& item : coordinators->items()) {
      result.coordinators.push_back(static_cast<NodeId>(item.integer(0, 1000)));
    }
  }
  result.cart = workload.boolean_or("cart", result.cart);
  result.remove_fraction = workload.number_or("remove_fraction", result.remove_fraction, 0.0, 1.0);
  if (result.cart && result.read_fraction + result.remove_fraction > 1.0) {
    auto remove = workload.find("remove_fraction");
    (remove ? *remove : workload).fail_expected("read_fraction + remove_fraction at most 1 for a cart");
  }
  return result;
}

}  // namespace dsim::dynamo
