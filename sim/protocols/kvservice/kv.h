// The replicated state machine behind Raft and Multi-Paxos (Raft §8; Lamport, "Paxos Made Simple"
// §3): a key-value map with get, put, append and compare-and-set, plus client sessions. A session
// remembers each client's latest request number and its result, so a request retried after a lost
// reply executes exactly once (Raft §8, "the state machine tracks the latest serial number
// processed for each client"). Both protocols replicate the same Command and apply it here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"

namespace dsim::kvservice {

// One client command as it travels through the log. A leader's blank entry (Raft §8) and a Paxos
// leader's hole filler (Paxos Made Simple §3) are "noop".
struct Command {
  std::string op;               // "noop", "get", "put", "append", "cas"
  std::string key;
  std::string value;            // put/append: the argument; cas: the new value
  std::string expected;         // cas only: the value the key must hold
  NodeId client = kNoNode;      // who asked, kNoNode for noop
  std::uint64_t sequence = 0;   // the client's request number, 0 for noop

  // "put k1=c5-7 (client 5 #7)": the digest checkers compare across servers.
  // "put k0=c1.2 (c1 #2)": the command as the log view and the checkers show it, with the name of
  // the client that sent it (unused for a noop). A command a replicated service proposes itself
  // (replicated::RaftReplica::propose: no client, client_name "") reads "(service #2)".
  std::string describe(std::string_view client_name) const;
  bool operator==(const Command&) const = default;
};

// What a command's op names. Decided by the op's length and first letter (then confirmed), since
// every apply, reply and description asks.
enum class OpKind : std::uint8_t { noop, get, put, append, cas, unknown };
inline OpKind op_kind(std::string_view op) {
  switch (op.size()) {
    case 3:
      if (op == "get") return OpKind::get;
      if (op == "put") return OpKind::put;
      if (op == "cas") return OpKind::cas;
      return OpKind::unknown;
    case 4: return op == "noop" ? OpKind::noop : OpKind::unknown;
    case 6: return op == "append" ? OpKind::append : OpKind::unknown;
    default: return OpKind::unknown;
  }
}

struct CommandResult {
  bool ok = true;      // false: a cas whose expected value did not match
  std::string value;   // get: the value read ("" when absent)
  bool operator==(const CommandResult&) const = default;
};

class KeyValueStore {
 public:
  // Executes `command` unless this client's session already executed this request number, in
  // which case the remembered result is returned and nothing changes.
  CommandResult apply(const Command& command);
  // The result of a request this store already executed, for a leader answering a retry at once.
  std::optional<CommandResult> executed_result(NodeId client, std::uint64_t sequence) const;
  // Whether a request number is older than the client's latest: the client has moved on.
  bool is_superseded(NodeId client, std::uint64_t sequence) const;
  // The latest request number executed for `client` (0: none). A service running on a Raft group
  // numbers its own commands with it (sim/protocols/replicated/raft_replica.h).
  std::uint64_t last_sequence(NodeId client) const;

  const std::map<std::string, std::string>& data() const { return data_; }

  // A snapshot's bytes (Raft §7): data and sessions, so de-duplication survives compaction.
  std::string encode() const;
  static std::optional<KeyValueStore> decode(std::string_view bytes);

 private:
  struct Session {
    std::uint64_t last_sequence = 0;   // the latest request number executed for this client
    CommandResult last_result;         // its result, for answering retries
  };
  std::map<std::string, std::string> data_;
  std::map<NodeId, Session> sessions_;
};

// Length-prefixed encoding ("3:abc") of strings and integers, for durable log entries and
// snapshots. Readable in a storage dump, unambiguous for any bytes.
class ByteWriter {
 public:
  void string(std::string_view text);
  void integer(std::int64_t value);
  const std::string& bytes() const { return out_; }
  std::string take() && { return std::move(out_); }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}
  std::optional<std::string> string();
  std::optional<std::int64_t> integer();
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

void write_command(ByteWriter& out, const Command& command);
std::optional<Command> read_command(ByteReader& in);

}  // namespace dsim::kvservice
