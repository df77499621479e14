// What a crdt scenario can tune: the replicas' "params" and the clients' "workload".
#pragma once

#include <cstdint>

#include "sim/core/time.h"
#include "sim/protocols/crdt/replica_state.h"

namespace dsim {
class JsonReader;
}

namespace dsim::crdt {

struct CrdtParams {
  CrdtType type = CrdtType::g_counter;
  DurationUs gossip_interval_us = 100 * kMillisecond;  // time between a replica's gossip rounds
  // The bug switch: the type's broken merge (summing, forgetting decrements, forgetting
  // tombstones, keeping the local value). Scenarios that set it are expected to fail.
  bool broken_merge = false;
};

struct CrdtWorkload {
  std::uint32_t clients = 2;      // client nodes, named c0, c1, ...
  double rate_per_second = 20.0;  // operations per second per client
  std::uint32_t elements = 4;     // or-set: elements e0..e{elements-1}
  double remove_fraction = 0.4;   // or-set: the share of removes; pn-counter: of decrements
  TimeUs stop_us = kTimeNever;    // no operation starts at or after this time
  DurationUs timeout_us = 500 * kMillisecond;
  // or-set only: the shopping cart (cart_workload.h): adds of new items, and removes (a read, then
  // the remove of an item it returned); remove_fraction is the share of removes.
  bool cart = false;
};

// Reads "params": {"type", "gossip_interval", "broken_merge"}.
CrdtParams parse_crdt_params(const JsonReader& params);
// Reads "workload": {"clients", "rate", "elements", "remove_fraction", "stop", "timeout", "cart"}.
CrdtWorkload parse_crdt_workload(const JsonReader& workload);

}  // namespace dsim::crdt
