// Causal clocks read back from a trace: the clock_order check of a saved trace (`dsim check`), and
// vector clocks recomputed from the trace's send/deliver pairs for a trace recorded without them
// (`dsim export shiviz`, the visualizer's causal highlighting), so that every old trace works too.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "sim/check/clock_order.h"
#include "sim/check/verdict.h"
#include "sim/trace/trace_reader.h"

namespace dsim {

// A send, deliver or timer_fire record as a clock event, with the clocks it carries (if any);
// nothing for the other records, which belong to the event that started their handler.
std::optional<ClockedEvent> clocked_event(const TraceEvent& event);

// Whether any record of the trace carries a clock (the run had "clocks" on).
bool trace_has_clocks(const Trace& trace);

// The clock_order verdict of a trace with clocks.
Verdict check_trace_clocks(const Trace& trace);

// Visits each clock event of the trace, in order, with its vector clock computed from the trace's
// causal order alone (program order on each node and send before delivery), dense over the
// header's nodes: equal to the stamped clocks of a run that kept them, and available for any trace.
// `index` is the event's position in trace.events. Keeps one dense clock per node and a sparse one
// per message sent, not one per event.
using VectorClockVisitor =
    std::function<void(std::size_t index, const ClockedEvent& event, const std::vector<std::uint64_t>& clock)>;
void visit_vector_clocks(const Trace& trace, const VectorClockVisitor& visit);

}  // namespace dsim
