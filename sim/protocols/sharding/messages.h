// The messages of the sharded key-value service. Three conversations: anyone asks the config
// service for a configuration (QueryConfig/ConfigReply); a client asks the shard server it believes
// owns the key (ShardRequest/ShardReply, answered wrong_shard when the server's own map says the
// key is elsewhere, not_ready while the server waits for the key's data); and during a rebalance
// the old owner ships a bucket to the new one (BucketTransfer/TransferAck), as shards move between
// groups in MIT 6.824/6.5840's sharded key-value lab.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/message.h"
#include "sim/protocols/sharding/shard_map.h"

namespace dsim::sharding {

// The values appended to one key, in the order the owner applied them.
using KeyValues = std::map<std::string, std::vector<std::string>>;

// "a,b,c": how a key's values travel, are stored and are read.
std::string join_values(const std::vector<std::string>& values);
std::vector<std::string> split_values(std::string_view text);

// server or client -> config service: "send me configuration `number`" (0: the latest).
struct QueryConfig : MessageOf<QueryConfig> {
  std::uint64_t number = 0;
  std::string_view type() const override { return "QueryConfig"; }
  void describe(FieldWriter& out) const override { out.field("number", number); }
};

// config service -> asker: the configuration asked for, or the latest when it has no such one yet
// (then `map.number` is below the number asked for). A config service on Raft answers only from
// its leader: another replica answers not_leader with who it believes leads (config_replica.h).
struct ConfigReply : MessageOf<ConfigReply> {
  ShardMap map;
  bool not_leader = false;
  NodeId leader_hint = kNoNode;  // not_leader: the leader this replica knows of (kNoNode: none)
  std::string_view type() const override { return "ConfigReply"; }
  void describe(FieldWriter& out) const override {
    if (not_leader) {
      out.field("status", "not_leader");
      if (leader_hint != kNoNode) out.field("leader_hint", leader_hint);
      return;
    }
    out.field("number", map.number);
    out.field("map", map.encode());
  }
};

// client -> shard server: append `value` to `key`'s values, or read them.
struct ShardRequest : MessageOf<ShardRequest> {
  std::string op;               // "append" or "get"
  std::string key;
  std::string value;            // append: a value no other request carries ("c1.7")
  std::uint64_t sequence = 0;   // the client's request number; retries keep it
  std::uint64_t config = 0;     // the configuration the client routed by (for the trace)
  std::uint32_t part = 0;       // which of a salted get's sub-keys this is (0 otherwise)
  std::string_view type() const override { return "ShardRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("op", op);
    out.field("key", key);
    if (op == "append") out.field("value", value);
    out.field("sequence", sequence);
    out.field("config", config);
    if (part > 0) out.field("part", static_cast<std::uint64_t>(part));
  }
};

struct ShardReply : MessageOf<ShardReply> {
  enum class Status : std::uint8_t {
    ok,           // done: an append is stored durably; a get carries the values
    wrong_shard,  // this server's map gives the key's bucket to another server
    not_ready,    // this server owns the bucket but its data has not arrived yet, or the client
                  // routed by a configuration this server has not entered yet
  };
  std::uint64_t sequence = 0;
  Status status = Status::ok;
  std::string values;           // get: the key's values, joined ("a,b,c")
  std::uint64_t config = 0;     // the server's configuration when it answered
  std::uint32_t part = 0;       // the request's part, echoed
  std::string_view type() const override { return "ShardReply"; }
  void describe(FieldWriter& out) const override {
    out.field("sequence", sequence);
    out.field("status", status == Status::ok ? "ok" : status == Status::wrong_shard ? "wrong_shard" : "not_ready");
    if (status == Status::ok) out.field("values", values);
    out.field("config", config);
    if (part > 0) out.field("part", static_cast<std::uint64_t>(part));
  }
};

// old owner -> new owner: bucket `bucket`'s data as it stood when the old owner stopped serving
// it, on entering configuration `config`. Resent until acknowledged.
struct BucketTransfer : MessageOf<BucketTransfer> {
  std::uint64_t config = 0;
  std::uint32_t bucket = 0;
  KeyValues data;
  std::string_view type() const override { return "BucketTransfer"; }
  void describe(FieldWriter& out) const override {
    out.field("config", config);
    out.field("bucket", static_cast<std::uint64_t>(bucket));
    std::size_t values = 0;
    for (const auto& [key, list] : data) values += list.size();
    out.field("keys", static_cast<std::uint64_t>(data.size()));
    out.field("values", static_cast<std::uint64_t>(values));
  }
};

// new owner -> old owner: the bucket is stored durably here (or was already); delete your copy.
struct TransferAck : MessageOf<TransferAck> {
  std::uint64_t config = 0;
  std::uint32_t bucket = 0;
  std::string_view type() const override { return "TransferAck"; }
  void describe(FieldWriter& out) const override {
    out.field("config", config);
    out.field("bucket", static_cast<std::uint64_t>(bucket));
  }
};

// owner -> a server holding a read copy of a replicated key: the key's values as the owner now
// holds them. The list only grows (appends), so the copy keeps the longer of what it has and this.
// Resent until acknowledged while an append waits for it.
struct ReplicaUpdate : MessageOf<ReplicaUpdate> {
  std::string key;
  std::vector<std::string> values;
  std::string_view type() const override { return "ReplicaUpdate"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("values", static_cast<std::uint64_t>(values.size()));
  }
};

// read copy -> owner: this copy now holds `count` of the key's values, durably.
struct ReplicaAck : MessageOf<ReplicaAck> {
  std::string key;
  std::uint64_t count = 0;
  std::string_view type() const override { return "ReplicaAck"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("count", count);
  }
};

}  // namespace dsim::sharding
