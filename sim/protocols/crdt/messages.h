// The messages of the CRDT store: a client's operation on one replica and its reply, and the
// replicas' state gossip (state-based replication: Shapiro et al. 2011, where replicas
// send their whole state and the receiver merges it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"

namespace dsim::crdt {

// client -> replica: "increment", "decrement", "add apple", "remove apple", "set c0-4".
struct ClientOp : MessageOf<ClientOp> {
  std::string op;        // increment | decrement | add | remove | set
  std::string argument;  // the element or the value; empty for the counters
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "ClientOp"; }
  void describe(FieldWriter& out) const override {
    out.field("op", op);
    if (!argument.empty()) out.field("argument", argument);
    out.field("request_id", request_id);
  }
};

// replica -> client: applied and durable. `result`: an add's tag, a remove's removed tags, a set's
// stamped write; empty for the counters.
struct ClientOpDone : MessageOf<ClientOpDone> {
  std::uint64_t request_id = 0;
  std::string result;

  std::string_view type() const override { return "ClientOpDone"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    if (!result.empty()) out.field("result", result);
  }
};

// replica -> random replica: my whole state; merge it.
struct StateGossip : MessageOf<StateGossip> {
  std::string state;

  std::string_view type() const override { return "StateGossip"; }
  void describe(FieldWriter& out) const override { out.field("state", state); }
};

}  // namespace dsim::crdt
