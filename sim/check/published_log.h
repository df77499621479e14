// What a replicated-log protocol publishes about each server (role, term, log window, commit
// index), reassembled from on_state events. The protocol publishes the log window before the
// commit index and the role before the term (sim/protocols/raft/view.h), so after each event the
// tracked values are a pair the server really held. A crash clears a server's published state.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"

namespace dsim {

struct PublishedServer {
  bool present = false;              // has published since its last crash
  std::string role;                  // "leader", "candidate", "follower"
  std::int64_t term = 0;
  std::int64_t log_start = 1;        // index of terms[0]
  std::vector<std::int64_t> terms;   // the published window of entry terms
  std::int64_t commit_index = 0;

  std::int64_t last_index() const { return log_start + static_cast<std::int64_t>(terms.size()) - 1; }
  bool holds(std::int64_t index) const { return index >= log_start && index <= last_index(); }
  std::int64_t term_at(std::int64_t index) const { return terms[static_cast<std::size_t>(index - log_start)]; }
};

class PublishedLogs {
 public:
  // Applies one on_state event. Returns false when the key is not one tracked here.
  bool update(NodeId node, std::string_view key, std::string_view value_json);
  const PublishedServer& server(NodeId node) const;
  const std::map<NodeId, PublishedServer>& servers() const { return servers_; }

 private:
  std::map<NodeId, PublishedServer> servers_;
};

// Parses a JSON integer or array of integers; false on anything else (never throws).
bool parse_json_integer(std::string_view json, std::int64_t& value);
bool parse_json_integer_array(std::string_view json, std::vector<std::int64_t>& values);

}  // namespace dsim
