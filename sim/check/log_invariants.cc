// Log Matching and Leader Completeness (see log_invariants.h).
#include "sim/check/log_invariants.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace dsim {

void LogMatchingChecker::on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  // Only the log window and its start are read: other keys are passed over before the reader (a
  // crash clears these two as well, which resets the server all the same).
  if (key != "log" && key != "log_start") return;
  if (!servers_.update(node, key, value_json) || key != "log") return;
  const PublishedServer& mine = servers_.server(node);
  if (!mine.present) return;
  const std::vector<PublishedServer>& servers = servers_.servers();
  for (NodeId other_node = 0; other_node < servers.size(); ++other_node) {
    const PublishedServer& other = servers[other_node];
    // Clients publish a role too: a node with no log window has nothing to compare.
    if (other_node == node || !other.present || other.terms.empty()) continue;
    std::int64_t low = std::max(mine.log_start, other.log_start);
    std::int64_t high = std::min(mine.last_index(), other.last_index());
    // The highest index where both hold the same term: everything below it must agree.
    std::int64_t agreed = low - 1;
    for (std::int64_t index = high; index >= low; --index) {
      if (mine.term_at(index) == other.term_at(index)) {
        agreed = index;
        break;
      }
    }
    // Almost always everything below agrees: compare it as one block first (memcmp), then look
    // for the first difference only when there is one.
    if (agreed <= low || std::equal(mine.terms.begin() + (low - mine.log_start),
                                    mine.terms.begin() + (agreed - mine.log_start),
                                    other.terms.begin() + (low - other.log_start))) {
      continue;
    }
    for (std::int64_t index = low; index < agreed; ++index) {
      if (mine.term_at(index) == other.term_at(index)) continue;
      NodeId a = std::min(node, other_node), b = std::max(node, other_node);
      if (!reported_.emplace(a, b, index).second) break;
      report(time, {a, b},
             node_name(node) + " and " + node_name(other_node) + " agree at index " + std::to_string(agreed) +
                 " (term " + std::to_string(mine.term_at(agreed)) + ") but differ before it: at index " +
                 std::to_string(index) + " " + node_name(node) + " has term " + std::to_string(mine.term_at(index)) +
                 ", " + node_name(other_node) + " has term " + std::to_string(other.term_at(index)));
      break;
    }
  }
}

void LeaderCompletenessChecker::on_state(TimeUs time, NodeId node, std::string_view key,
                                         std::string_view value_json) {
  if (!servers_.update(node, key, value_json)) return;
  if (key == "commit_index") record_commits(time, node);
  if (key == "role") check_new_leader(time, node);
}

void LeaderCompletenessChecker::record_commits(TimeUs time, NodeId node) {
  const PublishedServer& server = servers_.server(node);
  if (!server.present) return;
  std::int64_t high = std::min(server.commit_index, server.last_index());
  // An (index, term) pair this node showed committed before was recorded then (or found
  // conflicting and reported once): recording it again changes nothing, so only the pairs that
  // are new since this node's previous commit are looked up. A commit index moves by a few
  // entries while the window shows 200.
  Recorded& recorded = recorded_[node];
  std::int64_t index = server.log_start;
  // Usually all but the last few pairs were recorded last time: find the first that was not by
  // comparing the shared range as one block, then look at each pair from there on.
  if (recorded.start <= index) {
    std::int64_t shared_end = std::min(high, recorded.start + static_cast<std::int64_t>(recorded.terms.size()) - 1);
    if (shared_end >= index) {
      auto now = server.terms.begin();
      auto before = recorded.terms.begin() + (index - recorded.start);
      auto count = static_cast<std::size_t>(shared_end - index + 1);
      // Equal is the rule: memcmp says so in a few wide compares; only a difference is located.
      if (std::memcmp(&*now, &*before, count * sizeof(std::int64_t)) == 0) {
        index += static_cast<std::int64_t>(count);
      } else {
        index += std::mismatch(now, now + static_cast<std::ptrdiff_t>(count), before).first - now;
      }
    }
  }
  for (; index <= high; ++index) {
    std::int64_t term = server.term_at(index);
    if (index >= recorded.start && index - recorded.start < static_cast<std::int64_t>(recorded.terms.size()) &&
        recorded.terms[static_cast<std::size_t>(index - recorded.start)] == term) {
      continue;
    }
    auto [first, inserted] = committed_.emplace(index, Committed{term, server.term, node, time});
    if (inserted || first->term == term) continue;
    if (!reported_indices_.insert(index).second) continue;
    report(time, {first->node, node},
           "index " + std::to_string(index) + " was committed with term " + std::to_string(first->term) +
               " (" + node_name(first->node) + " at " + format_time_seconds(first->time_us) +
               ") and later with term " + std::to_string(term) + " (" + node_name(node) +
               "): a committed entry was overwritten");
  }
  recorded.start = server.log_start;
  recorded.terms.assign(server.terms.begin(), server.terms.begin() + std::max<std::int64_t>(0, high - server.log_start + 1));
}

void LeaderCompletenessChecker::check_new_leader(TimeUs time, NodeId node) {
  const PublishedServer& server = servers_.server(node);
  if (!server.present || server.role != "leader") return;
  if (!checked_leaders_.emplace(node, server.term).second) return;
  committed_.for_each([&](std::int64_t index, const Committed& committed) {
    if (committed.known_in >= server.term || index < server.log_start) return true;
    bool has_it = server.holds(index) && server.term_at(index) == committed.term;
    if (has_it) return true;
    report(time, {node, committed.node},
           node_name(node) + " became leader for term " + std::to_string(server.term) + " without entry " +
               std::to_string(index) + " (term " + std::to_string(committed.term) + "), which " +
               node_name(committed.node) + " showed committed at " +
               format_time_seconds(committed.time_us) +
               (server.holds(index) ? "; its log has term " + std::to_string(server.term_at(index)) + " there"
                                    : "; its log ends at " + std::to_string(server.last_index())));
    return false;  // one missing entry is evidence enough for this leader
  });
}

}  // namespace dsim
