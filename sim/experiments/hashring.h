// `dsim experiment hashring`: consistent hashing measured against its theory and its papers.
//   moves   keys moved when a node joins or leaves, for hash mod N, a ring with 1..1000 tokens per
//           node, rendezvous and jump hashing, against the ideal 1/(n+1); and monotonicity
//           (Karger et al. 1997): on a join every moved key went to the new node, on a leave every
//           moved key came from the departed one, counted exactly, key by key.
//   spread  the coefficient of variation of keys per node, and of ring ownership, against
//           sqrt((n-1)/(n v+1)) (the variance of a Beta(v, (n-1)v) share).
//   chord   Chord's load-balance experiment (Stoica et al. 2001 §6.2, Figures 8 and 9): 10^4 nodes,
//           10^5..10^6 keys, 1..20 virtual nodes; percentiles of keys per node over the mean.
//   dynamo  Dynamo's Figure 8 (DeCandia et al. 2007 §6.2): balance efficiency of its three
//           partitioning strategies for 30 nodes and 3 replicas against tokens per node.
// Every trial is deterministic, seeded from its configuration and number, and lands in a fixed
// slot, so the result is the same whatever `jobs` is. The CLI writes the files and the table.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/experiments/figure_check.h"

namespace dsim::experiments {

enum class PlacementScheme { mod, ring, rendezvous, jump };
std::string_view scheme_name(PlacementScheme scheme);

// One trial of one configuration: a row of hashring.csv (the first ten fields) and of
// hashring_moves.csv.
struct PlacementRow {
  std::string section;        // "moves" (with spread) or "chord"
  PlacementScheme scheme = PlacementScheme::ring;
  std::uint32_t nodes = 0;    // n, before the join and the leave
  std::uint32_t vnodes = 0;   // tokens per node on the ring; 0 for schemes without tokens
  std::uint64_t keys = 0;     // K
  std::int64_t trial = 0;
  double moved_fraction = 0;  // keys that changed owner when node n joined, over K
  double cv = 0;              // keys per node: population standard deviation over the mean K/n
  double p1_over_mean = 0;    // nearest-rank percentiles of keys per node, over the mean
  double p99_over_mean = 0;
  double max_over_mean = 0;
  std::uint64_t min_keys = 0;           // the fewest keys any node holds
  double ownership_cv = -1;             // ring only: cv of the arc shares; -1 for other schemes
  std::uint64_t join_moved_elsewhere = 0;  // moved on the join, but not to the new node
  double leave_moved_fraction = 0;      // keys that changed owner when one node left, over K
  std::uint64_t leave_moved_elsewhere = 0; // moved on the leave, though their owner stayed
  std::uint64_t leave_stranded = 0;     // still assigned to the departed node (always a bug)
  NodeId leaver = 0;                    // the node that left: a random one, or the last bucket for
                                        // mod and jump, which can lose only their last bucket
};

// One trial of Dynamo's Figure 8.
struct DynamoRow {
  int strategy = 1;                 // 1, 2 or 3 (§6.2)
  std::uint32_t tokens_per_node = 0;
  std::int64_t trial = 0;
  double efficiency = 0;            // mean replica load over the hottest node's
  double primary_efficiency = 0;    // strategy 1 only: the same with primaries' load alone, the
                                    // measure Figure 8 does not use (it counts N = 3 replicas)
};


// The fewest trials whose bands hold: with one token per node a ring's shares are nearly
// exponential, and the mean of fewer than 5 of them is too skewed for the corrected normal band.
inline constexpr std::int64_t kHashringMinTrials = 5;

struct HashringOptions {
  std::int64_t trials = 20;          // per placement configuration; Chord repeated each 20 times
  std::int64_t dynamo_trials = 100;  // per strategy and token count
  unsigned jobs = 1;                 // trials at once
  double confidence = 0.999;         // two-sided, of every band: normal (z = 3.29) where the theory
                                     // gives the variance, Student's t where the trials estimate it
  // moves and spread
  std::vector<std::uint32_t> nodes = {10, 100};
  std::vector<std::uint32_t> ring_vnodes = {1, 10, 100, 1000};
  std::uint64_t keys = 100000;
  // Chord §6.2: Figure 8 varies the keys with one token per node, Figure 9 the virtual nodes at
  // 10^6 keys.
  std::uint32_t chord_nodes = 10000;
  std::vector<std::uint64_t> chord_keys = {100000, 200000, 300000, 400000, 500000,
                                           600000, 700000, 800000, 900000, 1000000};
  std::vector<std::uint32_t> chord_vnodes = {1, 2, 5, 10, 20};
  std::uint64_t chord_vnode_keys = 1000000;
  // Dynamo §6.2, Figure 8
  std::uint32_t dynamo_nodes = 30;    // S
  std::uint32_t dynamo_replicas = 3;  // N
  std::vector<std::uint32_t> dynamo_tokens = {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  std::uint32_t strategy2_partitions_per_token = 10;  // Q = this * S * T ("Q >> S*T")
};

struct HashringResult {
  std::vector<PlacementRow> rows;   // moves rows, then chord rows; trials in order
  std::vector<DynamoRow> dynamo;    // by strategy, tokens, trial
  std::vector<FigureCheck> figures;
  bool passed() const;
};

// The keys that changed owner between two assignments of the same keys, and how many of those
// broke monotonicity.
struct MoveCount {
  std::uint64_t moved = 0;      // owner before != owner after
  std::uint64_t elsewhere = 0;  // join: moved to a node other than the new one; leave: moved though
                                // the old owner is still there
  std::uint64_t stranded = 0;   // leave only: still assigned to the departed node
};
MoveCount count_join_moves(std::span<const NodeId> before, std::span<const NodeId> after, NodeId joined);
MoveCount count_leave_moves(std::span<const NodeId> before, std::span<const NodeId> after, NodeId left);

// The owners of `sorted_hashes` under a scheme with nodes 0..nodes-1 (ring: `vnodes` tokens each
// drawn from `ring_seed`), leaving out `absent` (kNoNode: nobody; mod and jump can only lose their
// last bucket, so for them `absent` must be kNoNode or nodes-1).
std::vector<NodeId> owners_of(PlacementScheme scheme, std::uint32_t nodes, std::uint32_t vnodes,
                              std::uint64_t ring_seed, std::span<const std::uint64_t> sorted_hashes,
                              NodeId absent = kNoNode);

// One trial of every scheme at n nodes (the "moves" rows): mod, jump, rendezvous, then the ring
// with each of options.ring_vnodes.
std::vector<PlacementRow> run_moves_trial(std::uint32_t nodes, std::int64_t trial, const HashringOptions& options);
// One trial of Chord's set-up: the Figure 8 rows (one token, each key count) and the Figure 9
// rows (each virtual node count but one, at chord_vnode_keys).
std::vector<PlacementRow> run_chord_trial(std::int64_t trial, const HashringOptions& options);
// One trial of one strategy of Dynamo's Figure 8.
DynamoRow run_dynamo_trial(int strategy, std::uint32_t tokens_per_node, std::int64_t trial, const HashringOptions& options);

// Every figure, judged against its band (hashring_figures.cc).
std::vector<FigureCheck> judge_hashring(const std::vector<PlacementRow>& rows, const std::vector<DynamoRow>& dynamo,
                                        const HashringOptions& options);

// All of it.
HashringResult run_hashring(const HashringOptions& options);

}  // namespace dsim::experiments
