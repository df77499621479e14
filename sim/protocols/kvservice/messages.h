// The client protocol of the replicated key-value service (Raft §8), which every server of the
// service speaks, whatever consensus runs underneath (Raft, Multi-Paxos): a client sends its
// command to the server it believes leads; the server answers once the command is applied, or at
// once with not_leader and a hint of who leads. The type names are what traces show.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/message.h"
#include "sim/protocols/kvservice/kv.h"

namespace dsim::kvservice {

struct ClientRequest : MessageOf<ClientRequest> {
  Command command;  // carries the client id and its request number
  std::string_view type() const override { return "ClientRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("op", command.op);
    out.field("key", command.key);
    if (!command.value.empty()) out.field("value", command.value);
    if (command.op == "cas") out.field("expected", command.expected);
    out.field("sequence", command.sequence);
  }
};

struct ClientReply : MessageOf<ClientReply> {
  enum class Status : std::uint8_t { ok, not_leader };
  std::uint64_t sequence = 0;
  Status status = Status::ok;
  CommandResult result;
  NodeId leader_hint = kNoNode;  // not_leader: who this server believes leads (kNoNode: unknown)
  std::string_view type() const override { return "ClientReply"; }
  void describe(FieldWriter& out) const override {
    out.field("sequence", sequence);
    out.field("status", status == Status::ok ? "ok" : "not_leader");
    if (status == Status::ok) {
      out.field("ok", result.ok);
      out.field("value", result.value);
    } else if (leader_hint != kNoNode) {
      out.field("leader_hint", leader_hint);
    }
  }
};

}  // namespace dsim::kvservice
