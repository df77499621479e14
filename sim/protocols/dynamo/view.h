// The published state of dynamo nodes: the contract with the visualizer and the checkers (STYLE.md
// §15, §16). Servers publish the shared role "server" and clients "client" (sim/core/view.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::dynamo::view {

// server: {"k0": "c0-4@1050000.1", ...}, every key it holds a version of.
inline constexpr ViewKey<JsonText> kStore{"store"};
// server, "conflict": "siblings" only (instead of "store"): {"cart": ["c0-1@+0:1", "c1-2@+1:1"], ...},
// every key's siblings as Sibling::to_string gives them.
inline constexpr ViewKey<JsonText> kSiblings{"siblings"};
inline constexpr ViewKey<std::int64_t> kCoordinating{"coordinating"};  // server: operations in flight
inline constexpr ViewKey<std::int64_t> kCompleted{"completed"};        // client: operations answered
// Sloppy quorum only (hinted_handoff.h), server: hinted writes it holds for other homes, and
// which: {"3": {"k0": "c0-4@1050000.1"}} (home node id -> key -> record).
inline constexpr ViewKey<std::int64_t> kHintsPending{"hints_pending"};
inline constexpr ViewKey<JsonText> kHints{"hints"};
// Anti-entropy only (anti_entropy.h), server: records it has taken from Merkle comparisons.
inline constexpr ViewKey<std::int64_t> kAntiEntropyRepairs{"anti_entropy_repairs"};

// Durable storage of a server: one key per held key, "key/k0" -> "c0-4@1050000.1".
inline constexpr std::string_view kDurableKeyPrefix = "key/";
// "conflict": "siblings": "siblings/cart" -> SiblingSet::encode(), and the last dot given.
inline constexpr std::string_view kDurableSiblingsPrefix = "siblings/";
inline constexpr std::string_view kDurableDotCounter = "dot_counter";
// Durable storage of a client: the next sequence number, so a restarted client never reuses a value.
inline constexpr std::string_view kDurableNextSequence = "next_sequence";

// Marks (STYLE.md §10) and metrics.
inline constexpr std::string_view kMarkQuorumFailed = "dynamo.quorum_failed";
inline constexpr std::string_view kMarkOlderWriteIgnored = "dynamo.older_write_ignored";
inline constexpr std::string_view kMarkReadRepair = "dynamo.read_repair";
inline constexpr std::string_view kMarkClientTimeout = "dynamo.client_timeout";
inline constexpr std::string_view kMarkSiblingsReturned = "dynamo.siblings_returned";  // a get found 2 or more
inline constexpr std::string_view kMetricSiblingsPerGet = "dynamo.siblings_per_get";
inline constexpr std::string_view kMetricPutLatency = "dynamo.put_latency_us";
inline constexpr std::string_view kMetricGetLatency = "dynamo.get_latency_us";
inline constexpr std::string_view kMetricReadRepairs = "dynamo.read_repairs";
inline constexpr std::string_view kMetricQuorumFailures = "dynamo.quorum_failures";
// Sloppy quorum and hinted handoff (§4.6).
inline constexpr std::string_view kMarkHintedWrite = "dynamo.hinted_write";  // a coordinator asked a stand-in
inline constexpr std::string_view kMarkHintStored = "dynamo.hint_stored";    // a stand-in kept a hint
inline constexpr std::string_view kMarkHandedOff = "dynamo.hint_handed_off";  // a home acknowledged one
inline constexpr std::string_view kMetricHintsStored = "dynamo.hints_stored";
inline constexpr std::string_view kMetricHintsHandedOff = "dynamo.hints_handed_off";
inline constexpr std::string_view kMetricHintsPending = "dynamo.hints_pending";  // gauge, per stand-in
// Anti-entropy (§4.7): what the Merkle comparisons sent, against what a full comparison would.
inline constexpr std::string_view kMarkAntiEntropyRepair = "dynamo.anti_entropy_repair";  // a record taken
inline constexpr std::string_view kMetricMerkleHashesSent = "dynamo.merkle_hashes_sent";
inline constexpr std::string_view kMetricMerkleKeysSent = "dynamo.merkle_keys_sent";
// A full comparison sends every key's version the initiator holds in the shared range.
inline constexpr std::string_view kMetricFullComparisonKeys = "dynamo.full_comparison_keys";
inline constexpr std::string_view kMetricAntiEntropyRepairs = "dynamo.anti_entropy_repairs";
inline constexpr std::string_view kMetricAntiEntropyInSync = "dynamo.anti_entropy_in_sync";  // roots equal

}  // namespace dsim::dynamo::view
