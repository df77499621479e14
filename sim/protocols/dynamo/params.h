// What a dynamo scenario can tune: the servers' "params" (N, R, W, the ring) and the clients'
// "workload". The parsers read through JsonReader so that a bad value is reported with its file
// and JSON path.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::dynamo {

inline constexpr std::int64_t kMaxReplicas = 16;

// How replicas settle two versions of a key (DeCandia et al. §4.4 and §6.3).
enum class ConflictMode : std::uint8_t {
  lww,       // last-writer-wins on the coordinator's clock (version.h)
  siblings,  // vector clocks: concurrent versions are kept and returned to the client (siblings.h)
};

struct DynamoParams {
  std::uint32_t replicas = 3;      // N: the preference list's length (DeCandia et al. §4.3)
  std::uint32_t read_quorum = 2;   // R: replies a get waits for (§4.5)
  std::uint32_t write_quorum = 2;  // W: acknowledgements a put waits for (§4.5)
  std::uint32_t tokens = 8;        // virtual nodes per server on the ring (§4.2)
  std::uint64_t ring_seed = 1;     // where the tokens fall; the same for every server
  DurationUs quorum_timeout_us = 200 * kMillisecond;  // a coordinator gives up on a quorum after this
  bool read_repair = true;         // after a get, send the newest version to replicas that were behind
  ConflictMode conflict = ConflictMode::lww;

  // Sloppy quorum with hinted handoff (§4.6, hinted_handoff.h): off keeps quorums strict.
  bool sloppy_quorum = false;
  DurationUs hint_timeout_us = 50 * kMillisecond;       // no answer by then: ask the next stand-in
  DurationUs handoff_interval_us = 200 * kMillisecond;  // a stand-in offers its hints this often
  // Anti-entropy with Merkle trees (§4.7, anti_entropy.h): off by default.
  bool anti_entropy = false;
  DurationUs anti_entropy_interval_us = 500 * kMillisecond;  // a server starts a comparison this often
  std::uint32_t merkle_depth = 4;                            // levels below the root: 2^depth leaves

  // Test-only mutant that proves stale_read can fail under R+W>N; no scenario key sets it.
  bool mutant_ack_after_one = false;  // the coordinator acknowledges a put after one replica
  // Test-only mutant that proves hints_delivered can fail: a stand-in acknowledges a hinted write
  // and throws it away.
  bool mutant_drop_hints = false;
  // Test-only mutant that proves converged can fail: Merkle leaves hash keys and not versions, so
  // replicas holding different versions of the same keys look in sync.
  bool mutant_merkle_keys_only = false;
  // Test-only mutant that proves lost_add can fail under siblings: versions are compared by whole
  // vector clocks (siblings.h, SupersedeRule::whole_clocks) instead of by their dots.
  bool mutant_whole_clocks = false;
};

struct DynamoWorkload {
  std::uint32_t clients = 2;       // client nodes, named c0, c1, ...
  std::uint32_t keys = 4;          // keys k0..k{keys-1}
  double rate_per_second = 20.0;   // operations per second per client (each client waits for its reply)
  double read_fraction = 0.5;      // the share of operations that are gets
  TimeUs stop_us = kTimeNever;     // no operation starts at or after this time
  DurationUs timeout_us = 500 * kMillisecond;  // a client gives up on a reply after this
  // Per client, the server it always sends to ("home"); empty: a random server per operation.
  std::vector<NodeId> coordinators;
  // The shopping cart (cart_workload.h) instead of gets and puts of random keys: adds of new
  // items, removes of an item the client read, reads; read_fraction and remove_fraction share out
  // the operations, adds take the rest.
  bool cart = false;
  double remove_fraction = 0.3;
};

// Reads "params": {"replicas", "read_quorum", "write_quorum", "tokens", "ring_seed",
// "quorum_timeout", "read_repair", "sloppy_quorum", "hint_timeout", "handoff_interval", "anti_entropy",
// "anti_entropy_interval", "merkle_depth", "conflict" ("lww" or "siblings")}. R and W are checked against N and N against the servers by
// the plugin, which knows how many servers there are.
DynamoParams parse_dynamo_params(const JsonReader& params);
// Reads "workload": {"clients", "keys", "rate", "read_fraction", "stop", "timeout", "coordinators",
// "cart", "remove_fraction"}.
DynamoWorkload parse_dynamo_workload(const JsonReader& workload);

}  // namespace dsim::dynamo
