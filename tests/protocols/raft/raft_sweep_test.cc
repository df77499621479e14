// Seed sweeps (STYLE.md §11): many seeds of random crashes and partitions under client load, then
// a healed tail. With the protocol intact every checker stays clean and the service makes
// progress; with each bug switch on, the checker that guards the broken rule catches it in some
// seed, which is the proof that the checkers can fail.
#include <catch2/catch.hpp>

#include <set>

#include "tests/protocols/raft/raft_cluster.h"

using namespace dsim;
using namespace dsim::raft;
using namespace dsim::raft::testing;

namespace {

struct SweepResult {
  std::string violations;              // every violation of every checker, one per line
  std::set<std::string> failed_checks; // names of the checkers that reported something
  std::uint64_t client_ok = 0;
};

// Each write takes 1-15 ms, drawn from the node's own disk stream.
struct SlowDisk final : StorageModel {
  DurationUs write_latency(NodeId, Rng& rng) override { return rng.uniform(1 * kMillisecond, 15 * kMillisecond); }
};

SweepResult run_one(std::uint64_t seed, RaftParams params, NemesisOptions nemesis, TimeUs end_us,
                    std::size_t servers = 5, StorageModel* disk = nullptr) {
  ClusterOptions options;
  options.servers = servers;
  options.seed = seed;
  options.params = params;
  options.min_latency_us = 1 * kMillisecond;
  options.max_latency_us = 10 * kMillisecond;
  options.clients = 3;
  options.workload.rate_per_second = 60;
  options.workload.keys = 3;
  options.workload.timeout_us = 500 * kMillisecond;
  options.workload.stop_us = end_us - 1 * kSecond;
  Cluster cluster(options);
  if (disk != nullptr) {
    cluster.sim().set_storage_model(*disk);
    cluster.sim().set_timer_jitter(2 * kMillisecond);
  }
  schedule_random_nemesis(cluster, seed, nemesis);
  cluster.run_until(end_us);
  SweepResult result;
  result.violations = cluster.finish_and_collect_violations();
  for (const std::string& name : standard_checker_names()) {
    if (!cluster.checker(name).passed()) result.failed_checks.insert(name);
  }
  for (NodeId client = static_cast<NodeId>(servers); client < cluster.sim().node_count(); ++client) {
    if (auto* node = dynamic_cast<const kvservice::KvClient*>(cluster.sim().node_object(client))) result.client_ok += node->completed();
  }
  return result;
}

}  // namespace

TEST_CASE("50 seeds of crashes and partitions with a healed tail leave every checker clean (Raft §5)") {
  for (bool extras : {false, true}) {
    RaftParams params;
    params.snapshot_threshold = extras ? 20 : 0;
    params.pre_vote = extras;
    params.check_quorum = extras;
    std::uint64_t total_ok = 0;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      SweepResult result = run_one(seed, params, NemesisOptions{}, 5 * kSecond);
      INFO("seed " << seed << (extras ? " with snapshots, PreVote and CheckQuorum" : ""));
      CHECK(result.violations == "");
      total_ok += result.client_ok;
    }
    CHECK(total_ok > 50 * 50);  // the service made progress, not just stayed safe by doing nothing
  }
}

TEST_CASE("50 seeds with durable writes that take time and jittery timers leave every checker clean (Figure 2)") {
  // A crash now also loses the writes still on their way to disk; a server must not have answered
  // for any of them.
  SlowDisk disk;
  std::uint64_t total_ok = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    RaftParams params;
    params.snapshot_threshold = seed % 2 == 0 ? 20 : 0;
    SweepResult result = run_one(seed, params, NemesisOptions{}, 5 * kSecond, 5, &disk);
    INFO("seed " << seed);
    CHECK(result.violations == "");
    total_ok += result.client_ok;
  }
  CHECK(total_ok > 50 * 50);
}

// Runs seeds until the bug shows in the named checker; returns the first seed that did, or 0.
static std::uint64_t first_seed_caught(const char* bug, const std::string& checker, NemesisOptions nemesis,
                                       RaftParams params = {}, std::uint64_t seeds = 200) {
  params.bugs.insert(bug);
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    SweepResult result = run_one(seed, params, nemesis, 4 * kSecond);
    if (result.failed_checks.count(checker)) {
      INFO(result.violations);
      return seed;
    }
  }
  return 0;
}

TEST_CASE("leader_completeness catches the skip_up_to_date_check bug (Raft §5.4.1)") {
  NemesisOptions nemesis;
  nemesis.every_us = 150 * kMillisecond;
  CHECK(first_seed_caught(kBugSkipUpToDateCheck, "leader_completeness", nemesis) != 0);
}

TEST_CASE("linearizable catches the skip_up_to_date_check bug in the client history (Raft §5.4.1)") {
  NemesisOptions nemesis;
  nemesis.every_us = 150 * kMillisecond;
  CHECK(first_seed_caught(kBugSkipUpToDateCheck, "linearizable", nemesis) != 0);
}
