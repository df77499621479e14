// What a replicated-log protocol publishes about each server (role, term, log window, commit
// index), reassembled from on_state events. The protocol publishes the log window before the
// commit index and the role before the term (sim/protocols/raft/view.h), so after each event the
// tracked values are a pair the server really held. A crash clears a server's published state.
//
// Reading is on the hot path of every checked run (a Raft server republishes its 200-entry log
// window each time its log changes, and three checkers read it), so values in the canonical form
// the protocols write ("[3,3,4]", "7", "\"leader\"") are read by hand, and a log window that only
// slid forward and grew is read from where the previous one ended. Anything else (whitespace,
// escapes, huge numbers, malformed text) goes through the full JSON parser, with the same result.
#pragma once

#include <cstdint>
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
  // `track_log` false: the log window and its start are not read (a checker that needs only the
  // role and term skips the costliest value); update() still reports them as tracked keys.
  explicit PublishedLogs(bool track_log = true) : track_log_(track_log) {}

  // Applies one on_state event. Returns false when the key is not one tracked here.
  bool update(NodeId node, std::string_view key, std::string_view value_json);
  const PublishedServer& server(NodeId node) const;
  // Every node seen so far, indexed by node id (a node that never published is not present).
  const std::vector<PublishedServer>& servers() const { return servers_; }

 private:
  // The last log text read in canonical form, and the log_start it was read with: the next
  // window is read as this one minus the entries that slid out plus the ones appended.
  struct LastLog {
    std::string text;
    std::int64_t start = 0;
  };
  void update_log(NodeId node, PublishedServer& server, std::string_view value_json);

  // Which tracked key `key` is: role, term, log_start, log, commit_index; or none.
  enum class Key { role, term, log_start, log, commit_index, none };
  static Key tracked_key(std::string_view key);
  PublishedServer& server_slot(NodeId node) { return node < servers_.size() ? servers_[node] : add_server(node); }
  PublishedServer& add_server(NodeId node);

  bool track_log_;
  // By node id (ids are dense: a trace's are below its node count). Every event goes through
  // here three times (three checkers), so no search: an index.
  std::vector<PublishedServer> servers_;
  std::vector<LastLog> last_logs_;  // by node id, alongside servers_
  std::vector<std::int64_t> appended_;  // scratch: the entries read from a new window
};

// Parses a JSON integer or array of integers; false on anything else (never throws).
bool parse_json_integer(std::string_view json, std::int64_t& value);
bool parse_json_integer_array(std::string_view json, std::vector<std::int64_t>& values);
// Parses a JSON string value; false on anything else (never throws).
bool parse_json_string(std::string_view json, std::string& value);

// The canonical forms alone (no whitespace, no escapes, integers of at most 18 digits): true when
// `json` is one and was read, false when the full parser must decide. Exposed for tests.
bool parse_canonical_integer(std::string_view json, std::int64_t& value);
bool parse_canonical_integer_array(std::string_view json, std::vector<std::int64_t>& values);
bool parse_canonical_string(std::string_view json, std::string& value);

}  // namespace dsim
