// Lamport and vector clocks that the simulator keeps for every node when a run asks for them
// (`"clocks": "lamport"` or `"vector"`), so that any protocol's trace shows causality without the
// protocol carrying a clock in its messages: the core stamps each send, delivery and timer firing.
//
// The rules are the papers': Lamport 1978, "Logical Clocks" (IR1: tick before each event; IR2: a
// receive takes max(own, message) + 1) and Fidge 1988 / Mattern 1988 (a vector of per-node event counts, merged
// componentwise on receive, own entry incremented per event). Each send, delivery and timer firing is
// one event; everything else a handler does (publish, note, mark, set a timer) belongs to the event
// that started the handler. Cost: nothing unless switched on; then a dense vector per node (n^2
// counters in all) and a sparse copy per message in flight, kept until its last copy arrives or drops.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/core/ids.h"

namespace dsim {

enum class ClockMode : std::uint8_t {
  off,      // the default: no clocks, traces unchanged
  lamport,  // one Lamport counter per node ("lc" in the trace)
  vector,   // a vector clock per node ("vc"), with the Lamport counter beside it
};
// "off", "lamport", "vector".
std::string_view clock_mode_name(ClockMode mode);
// The mode a scenario's "clocks" value or --clocks names; false when `name` is none of them.
bool parse_clock_mode(std::string_view name, ClockMode& mode);

// A vector clock as (node, count) pairs for the nodes whose count is not zero, by node id. Most
// events have seen few nodes' events, so this is what the trace stores and what a message carries.
using SparseVectorClock = std::vector<std::pair<NodeId, std::uint64_t>>;

class CausalClocks {
 public:
  CausalClocks(ClockMode mode, std::size_t node_count);

  // A test mutant: a receive does not merge the message's clock, only ticks. The clock checker
  // must catch it (tests/check/clock_order_test.cc).
  void set_mutant_forget_merge_on_receive(bool on) { mutant_forget_merge_ = on; }

  ClockMode mode() const { return mode_; }
  // The node sends message `id`, of which `copies` will be delivered or dropped (2 when the network
  // duplicates it, 0 when it is dropped at once).
  void on_send(NodeId node, MessageId id, int copies);
  // The node receives a copy of message `id`.
  void on_deliver(NodeId node, MessageId id);
  // A copy of message `id` will never arrive.
  void on_drop(MessageId id);
  // A local event (a timer fires).
  void on_local(NodeId node);

  std::uint64_t lamport(NodeId node) const { return lamport_[node]; }
  // The node's vector clock now, as non-zero entries (empty in lamport mode).
  SparseVectorClock vector(NodeId node) const;
  std::size_t messages_in_flight() const { return in_flight_.size(); }

 private:
  struct InFlight {
    std::uint64_t lamport = 0;
    SparseVectorClock vector;
    int copies_left = 0;
  };
  void tick(NodeId node);

  ClockMode mode_;
  std::size_t node_count_;
  bool mutant_forget_merge_ = false;
  std::vector<std::uint64_t> lamport_;       // per node
  std::vector<std::uint64_t> vectors_;       // vector mode: node i's clock is [i*n, (i+1)*n)
  // Only looked up and erased, never iterated, so its order cannot reach the trace.
  std::unordered_map<MessageId, InFlight> in_flight_;
};

}  // namespace dsim
