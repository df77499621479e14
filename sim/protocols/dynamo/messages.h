// The messages of a Dynamo-style store (DeCandia et al., SOSP 2007, §4.5). A client sends a get or
// put to any server, which coordinates it: it asks the key's N replicas (the preference list from
// the ring) and answers once R of them have answered a get or W have acknowledged a put (§4.5,
// "sloppy quorum" is the §4.6 variant). Replica messages carry the coordinator's operation id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/dynamo/version.h"

namespace dsim::dynamo {

// client -> any server: store `value` under `key`.
struct ClientPut : MessageOf<ClientPut> {
  std::string key;
  std::string value;
  std::uint64_t request_id = 0;
  // "conflict": "siblings" only: the merged clock of the siblings the client read ("" for none),
  // which the new version supersedes (§4.4, the get's "context").
  std::string context;

  std::string_view type() const override { return "ClientPut"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("value", value);
    out.field("request_id", request_id);
    if (!context.empty()) out.field("context", context);
  }
};

// client -> any server: read `key`.
struct ClientGet : MessageOf<ClientGet> {
  std::string key;
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "ClientGet"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("request_id", request_id);
  }
};

// coordinator -> client: the outcome of a put or a get. A put's `record` is the version the
// coordinator gave it; a get's is the newest version among the R replies ("" value: none held).
struct ClientReply : MessageOf<ClientReply> {
  std::uint64_t request_id = 0;
  bool ok = false;           // false: the quorum was not reached before the coordinator's timeout
  bool found = false;        // a get that found some version
  Record record;
  std::string reason;        // why not ok, in words
  // "conflict": "siblings" only: the versions a put's coordinator sent the replicas (its new one
  // among them), or every sibling a get found
  // (SiblingSet::encode); the record is then unused.
  std::string siblings;

  std::string_view type() const override { return "ClientReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("ok", ok);
    if (!siblings.empty()) out.field("siblings", siblings);
    else if (found) out.field("record", record.to_string());
    if (!reason.empty()) out.field("reason", reason);
  }
};

// coordinator -> replica: store this version unless you hold a newer one. `repair` marks a read
// repair (§4.5: the coordinator updates replicas that answered a read with an old version).
struct ReplicaWrite : MessageOf<ReplicaWrite> {
  std::uint64_t op_id = 0;
  std::string key;
  Record record;
  bool repair = false;
  // Sloppy quorum (§4.6): the home this write is meant for, when sent to a stand-in; kNoNode for a
  // write sent to a home.
  NodeId hint = kNoNode;
  // "conflict": "siblings" only: the versions to insert (a put's new version with the others its
  // coordinator holds, or a repair's merged set); the record is then unused.
  std::string siblings;

  std::string_view type() const override { return "ReplicaWrite"; }
  void describe(FieldWriter& out) const override {
    out.field("op_id", op_id);
    out.field("key", key);
    if (!siblings.empty()) out.field("siblings", siblings);
    else out.field("record", record.to_string());
    if (repair) out.field("repair", repair);
    if (hint != kNoNode) out.field("hint_for", static_cast<std::uint64_t>(hint));
  }
};

// replica -> coordinator: the write is durable here.
struct ReplicaWriteAck : MessageOf<ReplicaWriteAck> {
  std::uint64_t op_id = 0;

  std::string_view type() const override { return "ReplicaWriteAck"; }
  void describe(FieldWriter& out) const override { out.field("op_id", op_id); }
};

// coordinator -> replica: what do you hold for `key`?
struct ReplicaRead : MessageOf<ReplicaRead> {
  std::uint64_t op_id = 0;
  std::string key;

  std::string_view type() const override { return "ReplicaRead"; }
  void describe(FieldWriter& out) const override {
    out.field("op_id", op_id);
    out.field("key", key);
  }
};

// replica -> coordinator: what it holds for the key (found = false: nothing).
struct ReplicaReadReply : MessageOf<ReplicaReadReply> {
  std::uint64_t op_id = 0;
  bool found = false;
  Record record;
  std::string siblings;  // "conflict": "siblings" only: every version held (record unused)

  std::string_view type() const override { return "ReplicaReadReply"; }
  void describe(FieldWriter& out) const override {
    out.field("op_id", op_id);
    if (!siblings.empty()) out.field("siblings", siblings);
    else if (found) out.field("record", record.to_string());
    else out.field("found", found);
  }
};

}  // namespace dsim::dynamo
