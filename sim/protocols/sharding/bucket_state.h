// What a shard server holds of one bucket, and its durable text form. Pure, table-tested; the
// checkers read the same form from a server's durable storage at the end of a run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/core/node.h"
#include "sim/protocols/sharding/messages.h"

namespace dsim::sharding {

struct BucketState {
  enum class Kind : std::uint8_t {
    owned,     // this server serves the bucket (since configuration `config`)
    sending,   // configuration `config` gave it to `to`; frozen, shipped until acknowledged
    awaiting,  // configuration `config` gave it to this server; its data has not arrived
  };
  Kind kind = Kind::owned;
  std::uint64_t config = 0;
  NodeId to = kNoNode;        // sending only
  bool before_data = false;   // owned under the hand-off bug, the shipped data still to come

  // "owned 3", "owned 3 before-data", "sending 4 2", "awaiting 4".
  std::string encode() const;
  static std::optional<BucketState> decode(std::string_view text);
  bool operator==(const BucketState&) const = default;
};

// Everything one server's durable storage says it holds: bucket states and each bucket's data.
struct StoredShard {
  std::map<std::uint32_t, BucketState> buckets;
  std::map<std::uint32_t, KeyValues> data;
};
// Entries that do not parse are skipped.
StoredShard read_stored_shard(const DurableEntries& entries);

std::string bucket_storage_key(std::uint32_t bucket);
std::string data_storage_key(std::uint32_t bucket, std::string_view key);

}  // namespace dsim::sharding
