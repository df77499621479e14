// The trials of `dsim experiment hashring` (see hashring.h); the bands they are judged by are in
// hashring_figures.cc. Sections of this file:
//   1. seeds and keys          3. the moves and spread trial   5. Dynamo's Figure 8 trial
//   2. owners under a scheme   4. the Chord trial              6. running every trial
// Keys are the integers 0..K-1 hashed with a per-trial salt. Their owners are found in ascending
// hash order, so a ring answers every key in one merge walk over its tokens (owners_on_ring);
// monotonicity is still checked key by key, comparing each key's owner before and after.
#include "sim/experiments/hashring.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <initializer_list>
#include <thread>
#include <tuple>
#include <utility>

#include "sim/core/assert.h"
#include "sim/core/random.h"
#include "sim/protocols/hashring/dynamo_strategies.h"
#include "sim/protocols/hashring/hash_ring.h"
#include "sim/protocols/hashring/jump_hash.h"
#include "sim/protocols/hashring/key_hash.h"
#include "sim/protocols/hashring/modulo.h"
#include "sim/protocols/hashring/rendezvous.h"

namespace dsim::experiments {

namespace hr = dsim::hashring;

// ---- 1. seeds and keys ----------------------------------------------------------------------

namespace {

enum SeedTag : std::uint64_t { kKeysTag = 1, kRingTag, kLeaverTag, kChordKeysTag, kChordRingTag, kDynamoTag };

// A seed for one trial of one configuration: FNV-style mixing of the parts (Rng's splitmix64
// seeding does the rest), so every configuration and trial gets unrelated numbers.
std::uint64_t config_seed(std::initializer_list<std::uint64_t> parts) {
  std::uint64_t seed = UINT64_C(0x68617368726e67);  // "hashrng"
  for (std::uint64_t part : parts) seed = (seed ^ part) * UINT64_C(0x100000001b3);
  return hr::mix64(seed);
}

std::vector<std::uint64_t> key_hashes(std::uint64_t count, std::uint64_t salt) {
  std::vector<std::uint64_t> hashes(count);
  for (std::uint64_t i = 0; i < count; ++i) hashes[i] = hr::hash_u64(i, salt);
  return hashes;
}

// ---- 2. owners under a scheme ---------------------------------------------------------------

hr::HashRing ring_of(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed, NodeId absent) {
  std::vector<hr::RingMember> members;
  for (NodeId n = 0; n < nodes; ++n) {
    if (n != absent) members.push_back({n, vnodes});
  }
  return hr::HashRing::with_random_tokens(members, seed);
}

std::vector<NodeId> owners_on_ring(const hr::HashRing& ring, std::span<const std::uint64_t> sorted_hashes) {
  std::vector<std::uint32_t> successors = ring.successors_of_sorted(sorted_hashes);
  std::vector<NodeId> owners(successors.size());
  for (std::size_t i = 0; i < successors.size(); ++i) owners[i] = ring.tokens()[successors[i]].node;
  return owners;
}

}  // namespace

std::string_view scheme_name(PlacementScheme scheme) {
  switch (scheme) {
    case PlacementScheme::mod: return "mod";
    case PlacementScheme::ring: return "ring";
    case PlacementScheme::rendezvous: return "rendezvous";
    case PlacementScheme::jump: return "jump";
  }
  return "?";
}

std::vector<NodeId> owners_of(PlacementScheme scheme, std::uint32_t nodes, std::uint32_t vnodes,
                              std::uint64_t ring_seed, std::span<const std::uint64_t> sorted_hashes, NodeId absent) {
  DSIM_ASSERT(nodes > 0, "a placement needs nodes");
  std::vector<NodeId> owners(sorted_hashes.size());
  switch (scheme) {
    case PlacementScheme::mod:
    case PlacementScheme::jump: {
      DSIM_ASSERT(absent == kNoNode || absent == nodes - 1, "mod N and jump hash can lose only their last bucket");
      std::uint32_t buckets = absent == kNoNode ? nodes : nodes - 1;
      for (std::size_t i = 0; i < owners.size(); ++i) {
        owners[i] = scheme == PlacementScheme::mod ? hr::modulo_bucket(sorted_hashes[i], buckets)
                                                   : hr::jump_bucket(sorted_hashes[i], buckets);
      }
      return owners;
    }
    case PlacementScheme::rendezvous: {
      std::vector<NodeId> present;
      for (NodeId n = 0; n < nodes; ++n) {
        if (n != absent) present.push_back(n);
      }
      for (std::size_t i = 0; i < owners.size(); ++i) owners[i] = hr::rendezvous_owner(sorted_hashes[i], present);
      return owners;
    }
    case PlacementScheme::ring:
      return owners_on_ring(ring_of(nodes, vnodes, ring_seed, absent), sorted_hashes);
  }
  return owners;
}

MoveCount count_join_moves(std::span<const NodeId> before, std::span<const NodeId> after, NodeId joined) {
  DSIM_ASSERT(before.size() == after.size(), "moves compare two assignments of the same keys");
  MoveCount count;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] == after[i]) continue;
    ++count.moved;
    if (after[i] != joined) ++count.elsewhere;
  }
  return count;
}

MoveCount count_leave_moves(std::span<const NodeId> before, std::span<const NodeId> after, NodeId left) {
  DSIM_ASSERT(before.size() == after.size(), "moves compare two assignments of the same keys");
  MoveCount count;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (after[i] == left) ++count.stranded;
    if (before[i] == after[i]) continue;
    ++count.moved;
    if (before[i] != left) ++count.elsewhere;
  }
  return count;
}

namespace {

// ---- 3. the moves and spread trial ----------------------------------------------------------

// The load figures of one assignment: keys per node over the n nodes.
void fill_load(PlacementRow& row, std::span<const NodeId> owners) {
  std::vector<std::uint64_t> counts(row.nodes, 0);
  for (NodeId owner : owners) {
    DSIM_ASSERT(owner < row.nodes, "a key owned by a node that is not in the cluster");
    ++counts[owner];
  }
  double mean = static_cast<double>(row.keys) / row.nodes;
  double squares = 0;
  for (std::uint64_t c : counts) squares += (static_cast<double>(c) - mean) * (static_cast<double>(c) - mean);
  row.cv = std::sqrt(squares / row.nodes) / mean;
  std::sort(counts.begin(), counts.end());
  // Nearest rank: the smallest count with at least p% of the nodes at or below it.
  auto percentile = [&](std::uint64_t p) {
    std::uint64_t rank = std::clamp<std::uint64_t>((p * row.nodes + 99) / 100, 1, row.nodes);
    return static_cast<double>(counts[rank - 1]) / mean;
  };
  row.p1_over_mean = percentile(1);
  row.p99_over_mean = percentile(99);
  row.max_over_mean = static_cast<double>(counts.back()) / mean;
  row.min_keys = counts.front();
}

double coefficient_of_variation(const std::vector<double>& shares) {
  double mean = 0;
  for (double s : shares) mean += s;
  mean /= static_cast<double>(shares.size());
  double squares = 0;
  for (double s : shares) squares += (s - mean) * (s - mean);
  return std::sqrt(squares / static_cast<double>(shares.size())) / mean;
}

// A row from the three assignments of the same keys: before, after node `nodes` joined, and
// after `leaver` left.
PlacementRow make_row(std::string section, PlacementScheme scheme, std::uint32_t nodes, std::uint32_t vnodes,
                      std::int64_t trial, std::span<const NodeId> before, std::span<const NodeId> joined,
                      std::span<const NodeId> left, NodeId leaver) {
  PlacementRow row;
  row.section = std::move(section);
  row.scheme = scheme;
  row.nodes = nodes;
  row.vnodes = vnodes;
  row.keys = before.size();
  row.trial = trial;
  fill_load(row, before);
  MoveCount join = count_join_moves(before, joined, nodes);
  row.moved_fraction = static_cast<double>(join.moved) / static_cast<double>(row.keys);
  row.join_moved_elsewhere = join.elsewhere;
  MoveCount leave = count_leave_moves(before, left, leaver);
  row.leave_moved_fraction = static_cast<double>(leave.moved) / static_cast<double>(row.keys);
  row.leave_moved_elsewhere = leave.elsewhere;
  row.leave_stranded = leave.stranded;
  row.leaver = leaver;
  return row;
}

}  // namespace

std::vector<PlacementRow> run_moves_trial(std::uint32_t nodes, std::int64_t trial, const HashringOptions& options) {
  DSIM_ASSERT(nodes >= 2, "the moves trial needs two nodes, so that one can leave");
  auto t = static_cast<std::uint64_t>(trial);
  std::vector<std::uint64_t> keys = key_hashes(options.keys, config_seed({kKeysTag, nodes, t}));
  std::sort(keys.begin(), keys.end());
  // Any node may leave a ring or a rendezvous cluster; mod N and jump hash lose their last bucket.
  NodeId random_leaver = static_cast<NodeId>(Rng(config_seed({kLeaverTag, nodes, t})).index(nodes));

  std::vector<PlacementRow> rows;
  for (PlacementScheme scheme : {PlacementScheme::mod, PlacementScheme::jump, PlacementScheme::rendezvous}) {
    NodeId leaver = scheme == PlacementScheme::rendezvous ? random_leaver : nodes - 1;
    std::vector<NodeId> before = owners_of(scheme, nodes, 0, 0, keys);
    std::vector<NodeId> joined = owners_of(scheme, nodes + 1, 0, 0, keys);
    std::vector<NodeId> left = owners_of(scheme, nodes, 0, 0, keys, leaver);
    rows.push_back(make_row("moves", scheme, nodes, 0, trial, before, joined, left, leaver));
  }
  for (std::uint32_t vnodes : options.ring_vnodes) {
    std::uint64_t seed = config_seed({kRingTag, nodes, vnodes, t});
    hr::HashRing ring = ring_of(nodes, vnodes, seed, kNoNode);
    std::vector<NodeId> before = owners_on_ring(ring, keys);
    std::vector<NodeId> joined = owners_of(PlacementScheme::ring, nodes + 1, vnodes, seed, keys);
    std::vector<NodeId> left = owners_of(PlacementScheme::ring, nodes, vnodes, seed, keys, random_leaver);
    rows.push_back(make_row("moves", PlacementScheme::ring, nodes, vnodes, trial, before, joined, left, random_leaver));
    rows.back().ownership_cv = coefficient_of_variation(ring.ownership(nodes));
  }
  return rows;
}

// ---- 4. the Chord trial ---------------------------------------------------------------------

std::vector<PlacementRow> run_chord_trial(std::int64_t trial, const HashringOptions& options) {
  const std::uint32_t n = options.chord_nodes;
  auto t = static_cast<std::uint64_t>(trial);
  std::uint64_t all_keys = options.chord_vnode_keys;
  for (std::uint64_t k : options.chord_keys) all_keys = std::max(all_keys, k);
  DSIM_ASSERT(all_keys <= UINT32_MAX, "the Chord trial numbers keys in 32 bits");
  // Keys in hash order, each with its draw number: the keys drawn first are a random subset, so
  // the rows for K keys keep the keys whose draw number is below K.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> drawn(all_keys);  // (hash, draw number)
  std::uint64_t salt = config_seed({kChordKeysTag, t});
  for (std::uint32_t i = 0; i < all_keys; ++i) drawn[i] = {hr::hash_u64(i, salt), i};
  std::sort(drawn.begin(), drawn.end());
  std::vector<std::uint64_t> sorted(all_keys);
  for (std::uint64_t j = 0; j < all_keys; ++j) sorted[j] = drawn[j].first;
  auto first_drawn = [&](const std::vector<NodeId>& owners, std::uint64_t k) {
    if (k == all_keys) return owners;
    // Branch-free: which keys are kept is random, so a branch would be mispredicted half the time.
    std::vector<NodeId> kept(k + 1);
    std::uint64_t count = 0;
    for (std::uint64_t j = 0; j < owners.size(); ++j) {
      kept[count] = owners[j];
      count += drawn[j].second < k ? 1 : 0;
    }
    kept.resize(count);
    return kept;
  };
  NodeId leaver = static_cast<NodeId>(Rng(config_seed({kLeaverTag, n, t})).index(n));

  std::vector<PlacementRow> rows;
  for (std::uint32_t vnodes : options.chord_vnodes) {
    // Rings of up to 2x10^5 tokens: the join merges the new node's tokens in and the leave filters
    // the leaver's out (the moves section rebuilds its rings from scratch instead).
    std::uint64_t seed = config_seed({kChordRingTag, vnodes, t});
    hr::HashRing ring = ring_of(n, vnodes, seed, kNoNode);
    std::vector<NodeId> before = owners_on_ring(ring, sorted);
    std::vector<NodeId> joined = owners_on_ring(ring.with_member({n, vnodes}, seed), sorted);
    std::vector<NodeId> left = owners_on_ring(ring.without_node(leaver), sorted);
    double ownership_cv = coefficient_of_variation(ring.ownership(n));
    std::vector<std::uint64_t> key_counts = {options.chord_vnode_keys};
    if (vnodes == 1) key_counts = options.chord_keys;  // Figure 8: one token, each key count
    for (std::uint64_t k : key_counts) {
      rows.push_back(make_row("chord", PlacementScheme::ring, n, vnodes, trial, first_drawn(before, k),
                              first_drawn(joined, k), first_drawn(left, k), leaver));
      rows.back().ownership_cv = ownership_cv;
    }
  }
  return rows;
}

// ---- 5. Dynamo's Figure 8 trial -------------------------------------------------------------

DynamoRow run_dynamo_trial(int strategy, std::uint32_t tokens_per_node, std::int64_t trial, const HashringOptions& options) {
  const std::size_t s = options.dynamo_nodes;
  const std::size_t n = options.dynamo_replicas;
  // Strategies 1 and 2 of one trial share their random tokens, so that their difference is the
  // equal partitions' alone.
  std::uint64_t seed = config_seed({kDynamoTag, tokens_per_node, static_cast<std::uint64_t>(trial)});
  DynamoRow row{strategy, tokens_per_node, trial, 0.0, 0.0};
  std::vector<double> loads;
  if (strategy == 1) {
    hr::HashRing ring = hr::dynamo_strategy1(s, tokens_per_node, seed);
    loads = ring.replica_ownership(s, n);
    row.primary_efficiency = hr::balance_efficiency(ring.ownership(s));
  } else if (strategy == 2) {
    std::uint64_t partitions = std::uint64_t{options.strategy2_partitions_per_token} * s * tokens_per_node;
    loads = hr::dynamo_strategy2(hr::dynamo_strategy1(s, tokens_per_node, seed), partitions, n).replica_ownership(s);
  } else {
    DSIM_ASSERT(strategy == 3, "Dynamo has strategies 1, 2 and 3");
    std::uint64_t partitions = std::uint64_t{tokens_per_node} * s;  // Q/S = T: equal metadata (§6.2)
    loads = hr::dynamo_strategy3(s, partitions, n, seed).replica_ownership(s);
  }
  row.efficiency = hr::balance_efficiency(loads);
  return row;
}

// ---- 6. running every trial -----------------------------------------------------------------

namespace {

// Runs job(0..count-1) on `jobs` threads; each job writes only its own slot.
template <typename Job>
void run_jobs(std::size_t count, unsigned jobs, const Job& job) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) job(i);
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, jobs); ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

bool HashringResult::passed() const {
  return std::all_of(figures.begin(), figures.end(), [](const FigureCheck& f) { return f.passed(); });
}

HashringResult run_hashring(const HashringOptions& options) {
  DSIM_ASSERT(options.trials >= kHashringMinTrials && options.dynamo_trials >= kHashringMinTrials,
              "the hashring bands need at least kHashringMinTrials trials");
  // Jobs, longest first so that the threads finish together: the Chord trials (one each), the
  // moves trials (one per n and trial), then the Dynamo trials (one per strategy, T and trial).
  const std::size_t chord_jobs = static_cast<std::size_t>(options.trials);
  std::vector<std::vector<PlacementRow>> placement(chord_jobs + options.nodes.size() * chord_jobs);
  std::vector<DynamoRow> dynamo;
  for (int strategy = 1; strategy <= 3; ++strategy) {
    for (std::uint32_t tokens : options.dynamo_tokens) {
      for (std::int64_t t = 0; t < options.dynamo_trials; ++t) dynamo.push_back({strategy, tokens, t, 0.0});
    }
  }
  run_jobs(placement.size() + dynamo.size(), options.jobs, [&](std::size_t i) {
    if (i < chord_jobs) {
      placement[i] = run_chord_trial(static_cast<std::int64_t>(i), options);
    } else if (i < placement.size()) {
      std::size_t j = i - chord_jobs;
      placement[i] = run_moves_trial(options.nodes[j / chord_jobs], static_cast<std::int64_t>(j % chord_jobs), options);
    } else {
      DynamoRow& row = dynamo[i - placement.size()];
      row = run_dynamo_trial(row.strategy, row.tokens_per_node, row.trial, options);
    }
  });
  HashringResult result;
  for (auto& rows : placement) result.rows.insert(result.rows.end(), rows.begin(), rows.end());
  // The CSV's order: the moves section, then Chord's; within each by scheme, n, v, K, trial.
  std::stable_sort(result.rows.begin(), result.rows.end(), [](const PlacementRow& a, const PlacementRow& b) {
    return std::tuple(a.section != "moves", a.scheme, a.nodes, a.vnodes, a.keys, a.trial) <
           std::tuple(b.section != "moves", b.scheme, b.nodes, b.vnodes, b.keys, b.trial);
  });
  result.dynamo = std::move(dynamo);
  result.figures = judge_hashring(result.rows, result.dynamo, options);
  return result;
}

}  // namespace dsim::experiments
