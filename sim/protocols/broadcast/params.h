// What a broadcast scenario can tune: the servers' "params" and the clients' "workload". The
// parsers read through JsonReader so that a bad value is reported with its file and JSON path
// ("at params.fanout: expected an integer from 1 to 4, found 9").
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::broadcast {

enum class SpreadMode : std::uint8_t {
  flood,                    // forward each new value once to every peer, nothing more
  flood_and_anti_entropy,   // flooding, plus periodic push-pull digests that repair what was lost
};
std::string_view spread_mode_name(SpreadMode mode);  // "flood", "flood+anti-entropy"

// The largest fanout a scenario may ask for; the plugin also caps it at the number of peers.
inline constexpr std::int64_t kMaxFanout = 100;

struct BroadcastParams {
  SpreadMode mode = SpreadMode::flood_and_anti_entropy;  // how servers spread values
  DurationUs anti_entropy_interval_us = 200 * kMillisecond;  // time between a server's digest rounds
  std::uint32_t fanout = 1;  // peers each server sends its digest to per round (at most n-1)

  // Test-only mutants that prove the checkers can fail; no scenario key sets them.
  bool mutant_never_forward = false;  // the server stores values but never floods or repairs
  bool mutant_invent_value = false;   // the server stores a value no client sent ("c999-1")
};

struct BroadcastWorkload {
  std::uint32_t clients = 1;          // client nodes, named c0, c1, ...
  double rate_per_second = 10.0;      // new values per second, summed over all clients
  TimeUs stop_us = kTimeNever;        // no new value is invented at or after this time
  DurationUs timeout_us = 500 * kMillisecond;  // wait this long for BroadcastOk before retrying
};

// Reads "params": {"mode", "anti_entropy_interval", "fanout"}. The fanout is checked against the
// number of servers by the plugin, which knows it; a server never contacts more than n-1 peers.
BroadcastParams parse_broadcast_params(const JsonReader& params);
// Reads "workload": {"clients", "rate", "stop", "timeout"}.
BroadcastWorkload parse_broadcast_workload(const JsonReader& workload);

}  // namespace dsim::broadcast
