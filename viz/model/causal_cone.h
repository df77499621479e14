// The causal past and future of one event of a trace, for the space-time diagram's highlighting
// (issue 15): each send, delivery and timer firing (the events of the clocks, sim/core/
// causal_clocks.h) is before the selected event (in its causal past), after it (its future),
// the event itself, or concurrent with it (neither: no chain of messages joins them).
//
// Worked out from the trace's send/deliver pairs and record order, so it needs no clocks and
// works on every trace; on a trace with clocks it agrees with them (the clock_order check proves
// the clocks equal this order). One pass backwards and one forwards: a node's events are in the
// past as soon as a later event of that node is (program order), and a send is when one of its
// deliveries is; the future is the mirror image. Lamport 1978, "The Partial Ordering".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/trace/trace_reader.h"

namespace dsim::viz {

enum class CausalRelation : std::uint8_t {
  none,        // not an event of the clocks (state, note, drop, ...)
  past,        // happens before the selected event
  selected,    // the selected event itself
  future,      // happens after it
  concurrent,  // neither
};

struct CausalCone {
  std::size_t selected = 0;                 // index into the trace's events
  std::vector<CausalRelation> relation;     // one per trace event
  std::size_t past = 0;                     // how many events of each kind
  std::size_t future = 0;
  std::size_t concurrent = 0;
};

// `selected` must be a send, deliver or timer_fire record of `events`.
CausalCone causal_cone(const std::vector<TraceEvent>& events, std::size_t node_count, std::size_t selected);

// The node a clock event happened on: a send's sender, a delivery's receiver, a timer's node; kNoNode
// for any other record.
NodeId clock_event_node(const TraceEvent& event);

}  // namespace dsim::viz
