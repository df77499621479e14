// Election Safety (see election_safety.h).
#include "sim/check/election_safety.h"

#include <string>

namespace dsim {

void ElectionSafetyChecker::on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  // Only the role and the term are read. Every other key is passed over before the reader: a
  // crash clears the role and the term too, which resets the server all the same.
  if (key != "role" && key != "term") return;
  if (!servers_.update(node, key, value_json)) return;
  const PublishedServer& server = servers_.server(node);
  if (!server.present || server.role != "leader") return;
  auto [it, inserted] = first_leader_.emplace(server.term, Leadership{node, time});
  if (inserted || it->second.node == node) return;
  if (!reported_.emplace(server.term, node).second) return;
  std::string first = node_name(it->second.node), second = node_name(node);
  report(time, {std::min(it->second.node, node), std::max(it->second.node, node)},
         first + " and " + second + " were both leader in term " + std::to_string(server.term) + " (" + first +
             " since " + format_time_seconds(it->second.since_us) + ", " + second + " from " +
             format_time_seconds(time) + ")");
}

}  // namespace dsim
