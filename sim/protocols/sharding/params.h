// What a sharding scenario can tune: the servers' "params" (key space, initial owners, the
// rebalance schedule, timings, bug switches) and the clients' "workload". The parsers read through
// JsonReader so that a bad value is reported with its file and JSON path.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/replicated/group_params.h"
#include "sim/protocols/sharding/shard_map.h"

namespace dsim {
class JsonReader;
}

namespace dsim::sharding {

// The config service is node 0 (on Raft: nodes 0..replicas-1, config_address.h); shard servers
// are the nodes after it.
inline constexpr NodeId kConfigNode = 0;

// One step of the operator's rebalance schedule, applied by the config service at `at_us`.
struct RebalanceAction {
  enum class Kind : std::uint8_t { join, leave, move, split };
  TimeUs at_us = 0;
  Kind kind = Kind::join;
  NodeId server = kNoNode;   // join/leave: the server; move: the new owner
  std::uint32_t bucket = 0;  // move and split
  std::uint32_t at_key = 0;  // split only: the index of the new bucket's first key
};

// The deliberate mistake a failure scenario switches on ("bugs": [...]).
inline constexpr std::string_view kBugHandoffBeforeData = "handoff_before_data";
inline constexpr std::string_view kBugSplitForgetsData = "split_forgets_data";

// How configuration 1 deals the buckets out.
enum class InitialPlacement : std::uint8_t {
  round_robin,  // bucket b to server b mod k
  ranges,       // contiguous runs of buckets: with range partitioning, each server a run of keys
};

// Hot keys whose reads are spread over copies on other shard servers (issue 16's third remedy).
// The owner still takes every write; it sends the key's values to every server listed here and
// acknowledges an append only once each of them has stored it (synchronous replication), so a
// read from any copy sees every append acknowledged before the read began.
struct ReadReplicas {
  std::set<std::string> keys;
  std::vector<NodeId> servers;  // the shard servers holding a read copy, ascending
  bool replicated(std::string_view key) const { return keys.count(std::string(key)) > 0; }
  bool holds_copy(NodeId server) const;
};

struct ShardingParams {
  KeySpace key_space;
  ReadReplicas read_replicas;
  std::uint32_t initial_servers = 0;  // shard servers n1..n<k> own the first map; 0: all of them
  InitialPlacement initial_placement = InitialPlacement::round_robin;
  std::vector<RebalanceAction> rebalance;  // in time order
  DurationUs config_poll_us = 100 * kMillisecond;     // a server asks for the next configuration
  DurationUs transfer_retry_us = 100 * kMillisecond;  // a sender resends an unacknowledged bucket
  DurationUs load_sample_us = 1 * kSecond;            // the per-shard load metric's window
  // Each request occupies its server this long, one at a time, in arrival order (0: answered at
  // once). A server offered more than 1/service_time requests per second builds a queue.
  DurationUs service_time_us = 0;
  std::uint32_t queue_limit = 1000;  // requests waiting beyond this are dropped (the client retries)
  // The new owner serves a bucket as soon as its map says so, before the data arrives, and
  // installs the shipped data over what it wrote meanwhile: acknowledged writes are lost.
  bool bug_handoff_before_data = false;
  // "config_service": nothing for the single durable node n0; a Raft group otherwise.
  std::optional<replicated::GroupParams> config_group;
  // A split gives the new bucket its range but leaves the range's values in the old bucket, where
  // no request for those keys looks any more: writes acknowledged before the split are lost.
  bool bug_split_forgets_data = false;
};

// Keys whose writes are spread over `ways` sub-keys "k00#0".."k00#<ways-1>" (hash partitioning
// only); a read of such a key asks every sub-key and merges the answers.
struct SaltedKeys {
  std::set<std::string> keys;
  std::uint32_t ways = 1;
};

struct ShardingWorkload {
  std::uint32_t clients = 2;          // client nodes c0, c1, ...
  double rate_per_second = 20;        // operations per second, all clients together
  std::uint64_t append_weight_ppm = 500000;  // the rest are gets
  double zipf_exponent = 0;           // 0: keys uniform; s > 0: P(key k) ∝ 1/(k+1)^s, k00 hottest
  DurationUs attempt_timeout_us = 100 * kMillisecond;  // resend (after a map refresh) this late
  DurationUs retry_us = 20 * kMillisecond;             // pause after a not_ready reply
  DurationUs timeout_us = 2 * kSecond;  // an operation unanswered this long is recorded as "info"
  TimeUs stop_us = kTimeNever;          // no operation starts at or after this time
  SaltedKeys salt;                      // hot keys whose writes are spread
};

// Reads "params": {"partitioning", "keys", "buckets", "initial_servers", "initial_placement",
// "rebalance", "config_poll", "transfer_retry", "load_sample", "service_time", "queue_limit", "bugs",
// "config_service"}; `nodes` is the scenario's node count (the config service first), used to
// check every server named in the schedule.
ShardingParams parse_sharding_params(const JsonReader& params, std::uint32_t nodes);
// Reads "workload": {"clients", "rate", "append", "zipf", "attempt_timeout", "retry", "timeout",
// "stop", "salt": {"keys": [...], "ways": n}}.
ShardingWorkload parse_sharding_workload(const JsonReader& workload);

}  // namespace dsim::sharding
