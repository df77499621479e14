// Causal clocks read back from a trace (see trace_clocks.h).
#include "sim/trace/trace_clocks.h"

#include <algorithm>
#include <unordered_map>

namespace dsim {

std::optional<ClockedEvent> clocked_event(const TraceEvent& event) {
  ClockedEvent clocked;
  switch (event.kind) {
    case TraceEventKind::send:
      clocked.kind = ClockedEvent::Kind::send;
      clocked.node = event.from;
      break;
    case TraceEventKind::deliver:
      clocked.kind = ClockedEvent::Kind::deliver;
      clocked.node = event.to;
      break;
    case TraceEventKind::timer_fire:
      clocked.kind = ClockedEvent::Kind::local;
      clocked.node = event.node;
      break;
    default: return std::nullopt;
  }
  clocked.time_us = event.time_us;
  clocked.message = event.id;
  clocked.what = event.kind == TraceEventKind::timer_fire ? event.name : event.type;
  clocked.has_lamport = event.has_lamport;
  clocked.lamport = event.lamport;
  clocked.has_vector = event.has_vector;
  clocked.vector = event.vector;
  return clocked;
}

bool trace_has_clocks(const Trace& trace) {
  return std::any_of(trace.events.begin(), trace.events.end(),
                     [](const TraceEvent& event) { return event.has_lamport || event.has_vector; });
}

Verdict check_trace_clocks(const Trace& trace) {
  std::vector<std::string> names;
  for (const TraceNode& node : trace.header.nodes) names.push_back(node.name);
  ClockOrderCheck check(std::move(names));
  for (const TraceEvent& event : trace.events) {
    if (std::optional<ClockedEvent> clocked = clocked_event(event)) check.add(*clocked);
  }
  return check.verdict();
}

void visit_vector_clocks(const Trace& trace, const VectorClockVisitor& visit) {
  std::size_t n = trace.header.nodes.size();
  std::vector<std::vector<std::uint64_t>> current(n, std::vector<std::uint64_t>(n, 0));
  std::unordered_map<MessageId, SparseVectorClock> sent;  // message id -> its send's clock; looked up only
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    std::optional<ClockedEvent> event = clocked_event(trace.events[i]);
    if (!event || event->node >= n) continue;
    std::vector<std::uint64_t>& own = current[event->node];
    if (event->kind == ClockedEvent::Kind::deliver) {
      auto found = sent.find(event->message);
      if (found != sent.end()) {
        for (const auto& [node, count] : found->second) own[node] = std::max(own[node], count);
      }
    }
    ++own[event->node];
    if (event->kind == ClockedEvent::Kind::send) {
      SparseVectorClock& clock = sent[event->message];
      clock.clear();
      for (NodeId node = 0; node < n; ++node) {
        if (own[node] != 0) clock.emplace_back(node, own[node]);
      }
    }
    visit(i, *event, own);
  }
}

}  // namespace dsim
