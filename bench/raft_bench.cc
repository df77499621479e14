// How fast a Raft cluster simulates: a 5-server cluster under a 1,000 operations/s client load
// (80 clients, each with one operation in flight) with tracing off, reported as simulated seconds
// per wall second. BM_RaftCluster/0 attaches no observer; BM_RaftCluster/1 attaches every Raft
// checker, as `dsim run` and `dsim sweep` do.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "sim/check/standard_checkers.h"
#include "sim/core/simulator.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/kvservice/client.h"

using namespace dsim;

namespace {

constexpr TimeUs kSimulatedUs = 10 * kSecond;

// Uniform 5-15 ms one way, nothing lost: the scenarios' default network.
class UniformNetwork final : public NetworkModel {
 public:
  Transmission transmit(NodeId, NodeId, TimeUs, Rng& rng) override {
    return {DropReason::none, rng.uniform(5 * kMillisecond, 15 * kMillisecond), -1};
  }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }
};

void BM_RaftCluster(benchmark::State& state) {
  bool with_checkers = state.range(0) != 0;
  std::uint64_t seed = 1;
  std::uint64_t operations = 0, events = 0;
  for (auto _ : state) {
    UniformNetwork network;
    Simulator sim(seed++, network);
    raft::RaftParams params;  // 150-300 ms timeouts, 50 ms heartbeat
    kvservice::KvWorkload workload;
    // A closed loop: each client waits for its reply (about 40 ms), then a mean gap of
    // clients / rate = 40 ms, so 80 clients complete about 1,000 operations per simulated second
    // (ops_per_sim_s reports the real figure).
    workload.clients = 80;
    workload.rate_per_second = 2000;
    workload.timeout_us = kSecond;
    std::vector<NodeId> servers = {0, 1, 2, 3, 4};
    for (std::size_t i = 0; i < servers.size(); ++i) {
      sim.add_node("s" + std::to_string(i), [&](NodeId) { return std::make_unique<raft::RaftNode>(params, servers); });
    }
    std::vector<const kvservice::KvClient*> clients;
    for (std::int64_t i = 0; i < workload.clients; ++i) {
      sim.add_node("c" + std::to_string(i),
                   [&](NodeId) { return std::make_unique<kvservice::KvClient>(workload, servers, "raft"); });
    }
    std::vector<std::unique_ptr<Checker>> checkers;
    if (with_checkers) {
      for (const std::string& name : standard_checker_names()) {
        checkers.push_back(make_standard_checker(name));
        sim.add_observer(*checkers.back());
      }
    }
    sim.start();
    sim.run_until(kSimulatedUs);
    for (std::size_t i = servers.size(); i < sim.node_count(); ++i) {
      operations += dynamic_cast<const kvservice::KvClient*>(sim.node_object(static_cast<NodeId>(i)))->completed();
    }
    events += sim.stats().events;
  }
  double simulated_seconds = static_cast<double>(kSimulatedUs) / 1e6 * static_cast<double>(state.iterations());
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(simulated_seconds, benchmark::Counter::kIsRate);
  state.counters["ops_per_sim_s"] = static_cast<double>(operations) / simulated_seconds;
  state.counters["events_per_wall_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  // Events per iteration (10 simulated seconds): divided by the CPU time column it gives events
  // per CPU second, the figure to quote on a shared machine where wall time includes waiting.
  state.counters["events_per_iteration"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}

}  // namespace

BENCHMARK(BM_RaftCluster)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
