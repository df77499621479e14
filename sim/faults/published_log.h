// A server's replicated log as it publishes it through the shared view keys (sim/core/view.h:
// log, log_start, commit_index, term), read back from the published JSON text, for the aimed
// nemesis moves that strike at moments of the log (fault_spec.h, AimedMove). Pure; table-tested in
// tests/faults/published_log_test.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace dsim {

// A JSON integer ("-12"), or none when the text is anything else.
std::optional<std::int64_t> parse_json_integer(std::string_view text);
// A JSON array of integers ("[1,1,2]", spaces allowed), or none when the text is anything else.
std::optional<std::vector<std::int64_t>> parse_json_integer_array(std::string_view text);

struct PublishedLog {
  std::int64_t start = 1;            // log_start: the index of terms[0]
  std::vector<std::int64_t> terms;   // log: the window's entries' terms
  std::int64_t commit_index = 0;     // commit_index
  std::int64_t term = 0;             // term: the server's current term

  // The index of the last entry (start - 1 when the window is empty).
  std::int64_t last_index() const { return start + static_cast<std::int64_t>(terms.size()) - 1; }
  // Whether an entry past the commit index has a term below the current one: entries an earlier
  // leader appended that no majority is known to hold (Raft's Figure 8 begins with one).
  bool holds_uncommitted_entries_of_old_term() const {
    for (std::size_t i = 0; i < terms.size(); ++i) {
      std::int64_t index = start + static_cast<std::int64_t>(i);
      if (index > commit_index && terms[i] < term) return true;
    }
    return false;
  }
  // Whether the entry at the commit index is of a term below the current one. A correct Raft
  // leader moves its commit index only onto an entry of its own term (§5.4.2), so a leader that
  // publishes this has just counted replicas of an old term's entry: Figure 8's moment.
  bool commit_index_on_old_term() const {
    std::int64_t at = commit_index - start;
    return at >= 0 && at < static_cast<std::int64_t>(terms.size()) && terms[static_cast<std::size_t>(at)] < term;
  }
};

}  // namespace dsim
