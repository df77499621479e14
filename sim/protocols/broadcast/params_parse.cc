// Parsing a broadcast scenario's "params" and "workload" (params.h). Kept apart from the node so
// that tests of the protocol, which build params in code, never need the JSON layer.
#include "sim/protocols/broadcast/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::broadcast {

std::string_view spread_mode_name(SpreadMode mode) {
  return mode == SpreadMode::flood ? "flood" : "flood+anti-entropy";
}

BroadcastParams parse_broadcast_params(const JsonReader& params) {
  params.expect_keys({"mode", "anti_entropy_interval", "fanout"});
  BroadcastParams result;
  if (auto mode = params.find("mode")) {
    result.mode = mode->choice({"flood", "flood+anti-entropy"}) == "flood" ? SpreadMode::flood
                                                                          : SpreadMode::flood_and_anti_entropy;
  }
  result.anti_entropy_interval_us =
      params.duration_or("anti_entropy_interval", result.anti_entropy_interval_us, kMillisecond);
  result.fanout = static_cast<std::uint32_t>(params.integer_or("fanout", result.fanout, 1, kMaxFanout));
  return result;
}

BroadcastWorkload parse_broadcast_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "rate", "stop", "timeout"});
  BroadcastWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second > 0)) rate->fail_expected("a positive rate such as \"10/s\"");
  }
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, kMillisecond);
  return result;
}

}  // namespace dsim::broadcast
