// causal_cone (see causal_cone.h).
#include "viz/model/causal_cone.h"

#include <unordered_set>

namespace dsim::viz {

NodeId clock_event_node(const TraceEvent& event) {
  switch (event.kind) {
    case TraceEventKind::send: return event.from;
    case TraceEventKind::deliver: return event.to;
    case TraceEventKind::timer_fire: return event.node;
    default: return kNoNode;
  }
}

CausalCone causal_cone(const std::vector<TraceEvent>& events, std::size_t node_count, std::size_t selected) {
  CausalCone cone;
  cone.selected = selected;
  cone.relation.assign(events.size(), CausalRelation::none);
  if (selected >= events.size() || clock_event_node(events[selected]) >= node_count) return cone;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (clock_event_node(events[i]) < node_count) cone.relation[i] = CausalRelation::concurrent;
  }
  cone.relation[selected] = CausalRelation::selected;
  const TraceEvent& chosen = events[selected];

  // Backwards: the causal past. Only looked up, never iterated.
  std::vector<bool> node_in_past(node_count, false);
  std::unordered_set<MessageId> sends_needed;
  node_in_past[clock_event_node(chosen)] = true;
  if (chosen.kind == TraceEventKind::deliver) sends_needed.insert(chosen.id);
  for (std::size_t i = selected; i-- > 0;) {
    const TraceEvent& event = events[i];
    NodeId node = clock_event_node(event);
    if (node >= node_count) continue;
    bool in_past = node_in_past[node] || (event.kind == TraceEventKind::send && sends_needed.count(event.id));
    if (!in_past) continue;
    cone.relation[i] = CausalRelation::past;
    ++cone.past;
    node_in_past[node] = true;
    if (event.kind == TraceEventKind::deliver) sends_needed.insert(event.id);
  }

  // Forwards: the causal future.
  std::vector<bool> node_reached(node_count, false);
  std::unordered_set<MessageId> sent_in_future;
  node_reached[clock_event_node(chosen)] = true;
  if (chosen.kind == TraceEventKind::send) sent_in_future.insert(chosen.id);
  for (std::size_t i = selected + 1; i < events.size(); ++i) {
    const TraceEvent& event = events[i];
    NodeId node = clock_event_node(event);
    if (node >= node_count) continue;
    bool in_future = node_reached[node] || (event.kind == TraceEventKind::deliver && sent_in_future.count(event.id));
    if (!in_future) continue;
    cone.relation[i] = CausalRelation::future;
    ++cone.future;
    node_reached[node] = true;
    if (event.kind == TraceEventKind::send) sent_in_future.insert(event.id);
  }
  for (CausalRelation relation : cone.relation) cone.concurrent += relation == CausalRelation::concurrent ? 1 : 0;
  return cone;
}

}  // namespace dsim::viz
