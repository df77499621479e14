// write_shiviz (see shiviz.h).
#include "sim/trace/shiviz.h"

#include <vector>

#include "sim/core/fields.h"
#include "sim/trace/trace_clocks.h"

namespace dsim {

std::string shiviz_host(const std::string& node_name) {
  std::string host = node_name;
  for (char& c : host) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') c = '_';
  }
  return host;
}

namespace {

// One line: what happened, where and when, in the words of the trace ("send RequestVote #17 to n1").
std::string describe_event(const Trace& trace, const TraceEvent& event) {
  const auto& nodes = trace.header.nodes;
  std::string text;
  switch (event.kind) {
    case TraceEventKind::send:
      text = "send " + event.type + " #" + std::to_string(event.id) + " to " + nodes[event.to].name;
      if (event.deliver_at_us == kTimeNever) text += " (dropped)";
      break;
    case TraceEventKind::deliver:
      text = "deliver " + event.type + " #" + std::to_string(event.id) + " from " + nodes[event.from].name;
      break;
    default: text = "timer " + event.name; break;
  }
  text += " at " + format_time_seconds(event.time_us);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';  // one line per description, whatever a message type holds
  }
  return text;
}

}  // namespace

std::size_t write_shiviz(const Trace& trace, std::ostream& out) {
  std::vector<std::string> hosts;
  for (const TraceNode& node : trace.header.nodes) hosts.push_back(shiviz_host(node.name));
  out << kShivizRegex << "\n\n";
  std::size_t written = 0;
  std::string line;
  visit_vector_clocks(trace, [&](std::size_t index, const ClockedEvent& event, const std::vector<std::uint64_t>& clock) {
    line = describe_event(trace, trace.events[index]);
    line += '\n';
    line += hosts[event.node];
    line += " {";
    bool first = true;
    for (std::size_t node = 0; node < clock.size(); ++node) {
      if (clock[node] == 0) continue;
      if (!first) line += ", ";
      first = false;
      append_json_string(line, hosts[node]);
      line += ": ";
      line += std::to_string(clock[node]);
    }
    line += "}\n";
    out << line;
    ++written;
  });
  return written;
}

}  // namespace dsim
