// `dsim experiment hashring` in small: the properties that hold exactly (monotonicity of the ring,
// rendezvous and jump hashing; nothing left on a departed node), hash mod N's near-total
// reshuffle against n/(n+1), a mutant ring that the monotonicity count catches, judges that fail
// on broken rows, and trials that do not depend on the number of threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "sim/experiments/hashring.h"
#include "sim/protocols/hashring/key_hash.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

HashringOptions small_options() {
  HashringOptions o;
  o.trials = 6;
  o.dynamo_trials = 6;
  o.nodes = {5, 20};
  o.ring_vnodes = {1, 50};
  o.keys = 20000;
  o.chord_nodes = 300;
  o.chord_keys = {3000, 6000};
  o.chord_vnodes = {1, 8};
  o.chord_vnode_keys = 6000;
  o.dynamo_tokens = {2, 16};
  return o;
}

std::vector<std::uint64_t> sorted_keys(std::uint64_t count, std::uint64_t salt) {
  std::vector<std::uint64_t> keys;
  for (std::uint64_t i = 0; i < count; ++i) keys.push_back(hashring::hash_u64(i, salt));
  std::sort(keys.begin(), keys.end());
  return keys;
}

bool any_outside(const std::vector<FigureCheck>& figures, const std::string& figure_part) {
  for (const FigureCheck& f : figures) {
    if (f.figure.find(figure_part) != std::string::npos && !f.passed()) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("moves are counted key by key: a join's strays went elsewhere, a leave's came from a staying node") {
  std::vector<NodeId> before = {0, 1, 2, 0, 1, 2};
  std::vector<NodeId> joined = {0, 3, 2, 3, 1, 1};  // keys 1 and 3 went to node 3; key 5 went to node 1
  MoveCount join = count_join_moves(before, joined, 3);
  CHECK(join.moved == 3);
  CHECK(join.elsewhere == 1);
  std::vector<NodeId> left = {0, 0, 0, 0, 2, 2};  // node 1 left: keys 1 and 4 moved off it; key 2 off node 2
  MoveCount leave = count_leave_moves(before, left, 1);
  CHECK(leave.moved == 3);
  CHECK(leave.elsewhere == 1);
  CHECK(leave.stranded == 0);
  CHECK(count_leave_moves(before, before, 1).stranded == 2);  // node 1 still holds two keys
}

TEST_CASE("on a join only keys that move to the new node move, on a leave only the departed node's (Karger 1997)") {
  HashringOptions o = small_options();
  for (std::uint32_t nodes : o.nodes) {
    for (std::int64_t trial = 0; trial < 3; ++trial) {
      for (const PlacementRow& row : run_moves_trial(nodes, trial, o)) {
        if (row.scheme == PlacementScheme::mod) continue;
        INFO(scheme_name(row.scheme) << " n=" << row.nodes << " v=" << row.vnodes << " trial " << row.trial);
        CHECK(row.moved_fraction > 0);
        CHECK(row.leave_moved_fraction > 0);
        CHECK(row.join_moved_elsewhere == 0);
        CHECK(row.leave_moved_elsewhere == 0);
        CHECK(row.leave_stranded == 0);
      }
    }
  }
  for (const PlacementRow& row : run_chord_trial(0, o)) {
    CHECK(row.join_moved_elsewhere == 0);
    CHECK(row.leave_moved_elsewhere + row.leave_stranded == 0);
  }
}

TEST_CASE("hash mod N moves n/(n+1) of the keys on a join, and (n-1)/(n+1) between old nodes") {
  // Each key moves independently with probability n/(n+1), so over K T keys the fraction is
  // binomial; 5 standard deviations either side.
  HashringOptions o = small_options();
  for (std::uint32_t nodes : o.nodes) {
    double n = nodes;
    double moved = 0;
    double astray = 0;
    double keys = 0;
    for (std::int64_t trial = 0; trial < o.trials; ++trial) {
      const PlacementRow& row = run_moves_trial(nodes, trial, o).front();
      REQUIRE(row.scheme == PlacementScheme::mod);
      moved += row.moved_fraction * static_cast<double>(row.keys);
      astray += static_cast<double>(row.join_moved_elsewhere);
      keys += static_cast<double>(row.keys);
    }
    for (auto [count, p] : {std::pair{moved, n / (n + 1)}, std::pair{astray, (n - 1) / (n + 1)}}) {
      double sd = std::sqrt(keys * p * (1 - p));
      CHECK(std::abs(count - keys * p) < 5 * sd);
    }
  }
}

TEST_CASE("a mutant ring that redraws every token when a node joins is caught breaking monotonicity") {
  std::vector<std::uint64_t> keys = sorted_keys(20000, 77);
  std::vector<NodeId> before = owners_of(PlacementScheme::ring, 20, 10, 500, keys);
  std::vector<NodeId> honest = owners_of(PlacementScheme::ring, 21, 10, 500, keys);
  std::vector<NodeId> mutant = owners_of(PlacementScheme::ring, 21, 10, 501, keys);  // a new seed: new tokens
  CHECK(count_join_moves(before, honest, 20).elsewhere == 0);
  MoveCount caught = count_join_moves(before, mutant, 20);
  CHECK(caught.elsewhere > keys.size() / 2);  // nearly every key moves, almost all between old nodes
}

TEST_CASE("the judge fails a figure when a row breaks monotonicity or moves too many keys") {
  HashringOptions o = small_options();
  std::vector<PlacementRow> rows;
  for (std::int64_t trial = 0; trial < o.trials; ++trial) {
    for (const PlacementRow& row : run_moves_trial(20, trial, o)) rows.push_back(row);
  }
  CHECK_FALSE(any_outside(judge_hashring(rows, {}, o), ""));

  std::vector<PlacementRow> one_stray = rows;
  for (PlacementRow& row : one_stray) {
    if (row.scheme == PlacementScheme::ring && row.vnodes == 50 && row.trial == 3) row.join_moved_elsewhere = 1;
  }
  CHECK(any_outside(judge_hashring(one_stray, {}, o), "ring n=20 v=50: keys moved against monotonicity"));

  std::vector<PlacementRow> too_many = rows;
  for (PlacementRow& row : too_many) {
    if (row.scheme == PlacementScheme::jump) row.moved_fraction *= 1.5;
  }
  CHECK(any_outside(judge_hashring(too_many, {}, o), "jump n=20: moved on a join"));
}

TEST_CASE("the small experiment's figures all fall inside their bands; Chord's numbers need Chord's 10^4 nodes") {
  HashringOptions o = small_options();
  o.jobs = 2;
  HashringResult result = run_hashring(o);
  // moves: 2 n x 6 trials x (mod, jump, rendezvous + 2 rings); chord: 6 trials x (2 key counts + 1 more vnode count)
  CHECK(result.rows.size() == 2 * 6 * 5 + 6 * 3);
  CHECK(result.dynamo.size() == 3 * 2 * 6);
  for (const FigureCheck& f : result.figures) {
    INFO(f.section << " " << f.figure << ": " << f.measured << " not in [" << f.low << ", " << f.high << "]");
    CHECK(f.passed());
    CHECK(f.source.find("Chord §6.2 Fig") == std::string::npos);  // 300 nodes here: only the theory applies
  }
  CHECK(result.figures.size() > 40);
  // Dynamo's set-up (30 nodes, 3 replicas) is the paper's, so its figure is judged.
  CHECK(std::count_if(result.figures.begin(), result.figures.end(),
                      [](const FigureCheck& f) { return f.source.find("Dynamo Fig. 8") == 0; }) == 3);
}

TEST_CASE("the experiment's rows are the same whatever the number of jobs") {
  HashringOptions o = small_options();
  o.jobs = 1;
  HashringResult one = run_hashring(o);
  o.jobs = 3;
  HashringResult three = run_hashring(o);
  REQUIRE(one.rows.size() == three.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    const PlacementRow& a = one.rows[i];
    const PlacementRow& b = three.rows[i];
    CHECK(std::tie(a.section, a.scheme, a.nodes, a.vnodes, a.keys, a.trial, a.moved_fraction, a.cv, a.p99_over_mean,
                   a.leave_moved_fraction) == std::tie(b.section, b.scheme, b.nodes, b.vnodes, b.keys, b.trial,
                                                       b.moved_fraction, b.cv, b.p99_over_mean, b.leave_moved_fraction));
  }
  REQUIRE(one.dynamo.size() == three.dynamo.size());
  for (std::size_t i = 0; i < one.dynamo.size(); ++i) CHECK(one.dynamo[i].efficiency == three.dynamo[i].efficiency);
}
