// ClockOrderCheck (see clock_order.h).
#include "sim/check/clock_order.h"

#include <algorithm>

#include "sim/check/checker.h"

namespace dsim {

ClockOrderCheck::ClockOrderCheck(std::vector<std::string> node_names)
    : names_(std::move(node_names)),
      node_events_(names_.size()),
      truth_(names_.size()),
      last_lamport_(names_.size(), 0),
      last_event_(names_.size(), -1) {
  verdict_.name = kClockOrderCheck;
}

std::string ClockOrderCheck::describe(std::uint32_t index) const {
  const Seen& event = events_[index];
  std::string text = names_[event.node] + "'s ";
  switch (event.kind) {
    case ClockedEvent::Kind::send: text += "send of message " + std::to_string(event.message) + " (" + event.what + ")"; break;
    case ClockedEvent::Kind::deliver:
      text += "delivery of message " + std::to_string(event.message) + " (" + event.what + ")";
      break;
    case ClockedEvent::Kind::local: text += "timer " + event.what; break;
  }
  return text + " at " + format_time_seconds(event.time_us);
}

std::string ClockOrderCheck::describe_clock(const SparseVectorClock& clock) const {
  std::string text = "{";
  for (const auto& [node, count] : clock) {
    if (text.size() > 1) text += ", ";
    text += (node < names_.size() ? names_[node] : std::to_string(node)) + ": " + std::to_string(count);
  }
  return text + "}";
}

// Why `earlier` happens before `later`, in words.
std::string ClockOrderCheck::why_before(std::uint32_t earlier, std::uint32_t later) const {
  const Seen& a = events_[earlier];
  const Seen& b = events_[later];
  if (a.node == b.node) return "both on " + names_[a.node] + ", in that order";
  if (a.kind == ClockedEvent::Kind::send && b.kind == ClockedEvent::Kind::deliver && a.message == b.message) {
    return "the send of a message comes before its delivery";
  }
  return "a chain of messages leads from one to the other";
}

void ClockOrderCheck::fail(TimeUs time, std::vector<NodeId> nodes, std::string message) {
  if (verdict_.violations.size() < Checker::kMaxViolations) {
    verdict_.violations.push_back({time, std::move(nodes), std::move(message)});
  } else {
    ++verdict_.suppressed;
  }
}

void ClockOrderCheck::add(const ClockedEvent& event) {
  if (event.node >= names_.size()) return;  // a malformed record; the trace reader has refused it already
  auto index = static_cast<std::uint32_t>(events_.size());
  events_.push_back({event.kind, event.time_us, event.node, event.message, event.what});
  node_events_[event.node].push_back(index);

  const Sent* sent = nullptr;
  if (event.kind == ClockedEvent::Kind::deliver) {
    auto found = sent_.find(event.message);
    if (found != sent_.end()) sent = &found->second;
  }
  // The true causal past: the node's own, merged with the message's on a delivery, plus this event.
  // Kept only for vector clocks, which are compared with it: it is a dense vector per node (n^2
  // counters in all), where Lamport clocks need only the edges, so a Lamport run of 100,000 nodes
  // costs memory in its events alone.
  const std::vector<std::uint64_t>* truth = nullptr;
  if (event.has_vector) {
    std::vector<std::uint64_t>& own = truth_[event.node];
    if (own.empty()) own.assign(names_.size(), 0);
    if (sent) {
      for (const auto& [node, count] : sent->past) own[node] = std::max(own[node], count);
    }
    ++own[event.node];
    truth = &own;
    check_vector(index, event, own);
  }
  if (event.has_lamport) check_lamport(index, event, sent);
  last_event_[event.node] = index;
  if (event.has_lamport) last_lamport_[event.node] = event.lamport;

  if (event.kind == ClockedEvent::Kind::send) {
    Sent& record = sent_[event.message];
    record.event = index;
    record.lamport = event.lamport;
    record.has_lamport = event.has_lamport;
    record.past.clear();
    if (truth) {
      for (NodeId node = 0; node < truth->size(); ++node) {
        if ((*truth)[node] != 0) record.past.emplace_back(node, (*truth)[node]);
      }
    }
  }
}

void ClockOrderCheck::check_vector(std::uint32_t index, const ClockedEvent& event,
                                   const std::vector<std::uint64_t>& truth) {
  std::vector<std::uint64_t> stamped(names_.size(), 0);
  for (const auto& [node, count] : event.vector) {
    if (node < stamped.size()) stamped[node] = count;
  }
  for (NodeId node = 0; node < names_.size(); ++node) {
    if (stamped[node] == truth[node]) continue;
    if (stamped[node] < truth[node]) {
      // The latest event of `node` in the true causal past is missing from the clock's.
      std::uint32_t earlier = node_events_[node][truth[node] - 1];
      fail(event.time_us, {events_[earlier].node, event.node},
           describe(earlier) + " happens before " + describe(index) + " (" + why_before(earlier, index) +
               "), but the later event's vector clock " + describe_clock(event.vector) + " counts only " +
               std::to_string(stamped[node]) + " of " + names_[node] + "'s events, so the clocks do not order them");
    } else if (stamped[node] <= node_events_[node].size()) {
      std::uint32_t claimed = node_events_[node][stamped[node] - 1];
      fail(event.time_us, {events_[claimed].node, event.node},
           describe(index) + " has the vector clock " + describe_clock(event.vector) + ", which puts " +
               describe(claimed) + " before it, but no chain of messages leads from that event to this one");
    } else {
      fail(event.time_us, {node, event.node},
           describe(index) + " has the vector clock " + describe_clock(event.vector) + ", which counts " +
               std::to_string(stamped[node]) + " events of " + names_[node] + ", but " + names_[node] + " has had only " +
               std::to_string(node_events_[node].size()) + " so far");
    }
    return;  // one mismatch per event is enough to name it
  }
}

void ClockOrderCheck::check_lamport(std::uint32_t index, const ClockedEvent& event, const Sent* sent) {
  // Lamport's Clock Condition (1978, "Logical Clocks": C1 and C2): a → b implies C(a) < C(b).
  // Checking each program-order and message edge is enough: it then holds along every chain.
  if (last_event_[event.node] >= 0 && event.lamport <= last_lamport_[event.node]) {
    auto earlier = static_cast<std::uint32_t>(last_event_[event.node]);
    fail(event.time_us, {event.node},
         describe(earlier) + " happens before " + describe(index) + " (" + why_before(earlier, index) +
             "), but their Lamport clocks are " + std::to_string(last_lamport_[event.node]) + " and " +
             std::to_string(event.lamport));
  }
  if (sent != nullptr && sent->has_lamport && event.lamport <= sent->lamport) {
    fail(event.time_us, {events_[sent->event].node, event.node},
         describe(sent->event) + " happens before " + describe(index) + " (" + why_before(sent->event, index) +
             "), but their Lamport clocks are " + std::to_string(sent->lamport) + " and " + std::to_string(event.lamport));
  }
}

}  // namespace dsim
