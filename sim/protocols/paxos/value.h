// What one slot decides ("Paxos Made Simple" §3: each instance of the consensus algorithm chooses
// one command). In single-decree Paxos it is the value a proposer was given ("a"); in Multi-Paxos
// a client's command of the key-value service (sim/protocols/kvservice), or a no-op, the command
// "that leaves the state unchanged" with which a new leader fills the holes it finds (§3).
#pragma once

#include <optional>
#include <string>

#include "sim/protocols/kvservice/kv.h"

namespace dsim::paxos {

struct Value {
  std::string decree;          // single-decree Paxos: the proposer's value; empty in Multi-Paxos
  kvservice::Command command;  // Multi-Paxos: a client's command, or op "noop"
  // The sending client's name in the run ("c0"), so that traces, the view and the checkers name it
  // as Raft's log view does. The leader that proposes the command knows it (ctx.node_name) and it
  // travels with the value, since acceptors and learners describe values they did not propose.
  std::string client;

  static Value of_decree(std::string decree);
  static Value of_command(kvservice::Command command, std::string client_name);
  static Value noop();

  bool is_noop() const { return decree.empty() && command.op == "noop"; }
  // What traces, the view and the checkers show: "a", "noop", "put k1=c0.7 (c0 #7)".
  std::string describe() const { return decree.empty() ? command.describe(client) : decree; }
  bool operator==(const Value&) const = default;
};

// Values in durable storage and snapshots of it, in the key-value service's byte encoding.
void write_value(kvservice::ByteWriter& out, const Value& value);
std::optional<Value> read_value(kvservice::ByteReader& in);

}  // namespace dsim::paxos
