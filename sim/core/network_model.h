// How the simulator asks the network what becomes of a message. sim/net implements this
// (latency distributions, loss, duplication, FIFO links, partitions, multi-hop routes); the core
// only needs the verdict, so it knows nothing of topologies.
#pragma once

#include "sim/core/ids.h"
#include "sim/core/observer.h"
#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim {

struct Transmission {
  DropReason drop = DropReason::none;
  DurationUs latency = 0;             // when not dropped: time until the first copy arrives
  DurationUs duplicate_latency = -1;  // >= 0 when the network delivers a second copy
};

class NetworkModel {
 public:
  virtual ~NetworkModel() = default;
  // Decides the fate of one message sent now. `rng` is the network's own stream.
  virtual Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) = 0;
  // Whether a message in flight from `from` may still arrive at `to` now (a partition made while
  // it flew kills it).
  virtual bool connected(NodeId from, NodeId to, TimeUs now) const = 0;
};

// Every message arrives after a fixed delay; nothing is lost. For tests and benchmarks.
class FixedLatencyNetwork final : public NetworkModel {
 public:
  explicit FixedLatencyNetwork(DurationUs latency) : latency_(latency) {}
  Transmission transmit(NodeId, NodeId, TimeUs, Rng&) override { return {DropReason::none, latency_, -1}; }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }

 private:
  DurationUs latency_;
};

}  // namespace dsim
