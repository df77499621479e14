// Throughput of the core loop: deliveries per second through the real Simulator, Node and
// sim/net Network API (no observers, so tracing off), next to the same workloads run as a bare
// binary-heap loop of plain structs, which is the ceiling the simulator is measured against.
// Two workloads: a token passed round a ring (one event per delivery, tiny queue) and random
// gossip on 100 ms timers (a timer plus a message per delivery, ~N pending timers).
// After the runs a summary prints simulator / bare-heap throughput per workload and the queue's
// bytes per pending event. See bench/README.md for how to run it and the numbers measured.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "sim/core/message.h"
#include "sim/core/network_model.h"
#include "sim/core/node.h"
#include "sim/core/random.h"
#include "sim/core/simulator.h"
#include "sim/net/network.h"

namespace {

using namespace dsim;

constexpr std::uint64_t kDeliveriesPerRun = 1'000'000;
constexpr DurationUs kNetworkLatencyUs = 1 * kMillisecond;
constexpr DurationUs kGossipPeriodUs = 100 * kMillisecond;
constexpr std::uint64_t kSeed = 42;
// The budget for queue memory per pending message, payload excluded: a pending event must stay
// smaller than a cache line, so that 10^5 pending timers fit in a few megabytes.
constexpr std::size_t kQueueBytesBudget = 64;

// ---------------------------------------------------------------- simulator workloads

// Counts deliveries and stops the run at the target, from inside the delivering handler: cheaper
// than checking a counter around every step() (measured: see README.md).
class DeliveryBudget {
 public:
  DeliveryBudget(Simulator& simulator, std::uint64_t deliveries)
      : simulator_(simulator), remaining_(deliveries) {}
  // Returns true while the run should go on after this delivery.
  bool count_delivery() {
    if (--remaining_ == 0) {
      simulator_.stop();
      return false;
    }
    return true;
  }

 private:
  Simulator& simulator_;
  std::uint64_t remaining_;
};

struct Token : MessageOf<Token> {
  std::string_view type() const override { return "Token"; }
};

class TokenRingNode final : public Node {
 public:
  explicit TokenRingNode(DeliveryBudget& budget) : budget_(budget) {}
  void on_start(Context& ctx) override {
    if (ctx.self() == 0) pass_token(ctx);
  }
  void on_message(Context& ctx, NodeId, const Message&) override {
    if (budget_.count_delivery()) pass_token(ctx);
  }
  void on_timer(Context&, TimerId, const Timer&) override {}

 private:
  static void pass_token(Context& ctx) {
    ctx.send(static_cast<NodeId>((ctx.self() + 1) % ctx.node_count()), Token{});
  }
  DeliveryBudget& budget_;
};

struct Rumor : MessageOf<Rumor> {
  std::uint64_t round = 0;
  std::string_view type() const override { return "Rumor"; }
};

class GossipNode final : public Node {
 public:
  explicit GossipNode(DeliveryBudget& budget) : budget_(budget) {}
  void on_start(Context& ctx) override { ctx.set_timer(kGossipPeriodUs, Timer{}); }
  void on_message(Context&, NodeId, const Message&) override { budget_.count_delivery(); }
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    // A uniform peer other than self: draw among n-1 and skip over our own id.
    auto peer = static_cast<NodeId>(ctx.rng().index(ctx.node_count() - 1));
    if (peer >= ctx.self()) ++peer;
    Rumor rumor;
    rumor.round = timer.a;
    ctx.send(peer, rumor);
    ctx.set_timer(kGossipPeriodUs, Timer{0, timer.a + 1, 0});
  }

 private:
  DeliveryBudget& budget_;
};

// Runs `node_count` nodes of type NodeType on `network` until `deliveries` messages have arrived.
// Takes any NetworkModel, so the same workload runs on sim/net's Network as well.
template <typename NodeType>
std::uint64_t run_simulation(NetworkModel& network, std::size_t node_count, std::uint64_t deliveries) {
  Simulator simulator(kSeed, network);
  DeliveryBudget budget(simulator, deliveries);
  for (std::size_t i = 0; i < node_count; ++i) {
    std::string name = "n";
    name += std::to_string(i);  // not "n" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that
    simulator.add_node(std::move(name), [&budget](NodeId) { return std::make_unique<NodeType>(budget); });
  }
  simulator.run_until(kTimeNever - 1);
  return simulator.stats().messages_delivered;
}

void run_simulator_benchmark(benchmark::State& state, NetworkModel& network,
                             std::uint64_t (*workload)(NetworkModel&, std::size_t, std::uint64_t)) {
  auto node_count = static_cast<std::size_t>(state.range(0));
  std::uint64_t deliveries = 0;
  for (auto _ : state) {
    std::uint64_t delivered = workload(network, node_count, kDeliveriesPerRun);
    if (delivered != kDeliveriesPerRun) state.SkipWithError("the run stopped before its delivery target");
    deliveries += delivered;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(deliveries));
  state.counters["queue_bytes"] = static_cast<double>(Simulator::queue_bytes_per_pending_event());
}

// The real sim/net Network: a full mesh of constant 1 ms links, no loss, no partition.
LinkModel constant_link() {
  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::constant;
  link.latency.a_us = kNetworkLatencyUs;
  return link;
}

void BM_TokenRing(benchmark::State& state) {
  Network network(static_cast<std::size_t>(state.range(0)), constant_link());
  run_simulator_benchmark(state, network, &run_simulation<TokenRingNode>);
}

void BM_RandomGossip(benchmark::State& state) {
  Network network(static_cast<std::size_t>(state.range(0)), constant_link());
  run_simulator_benchmark(state, network, &run_simulation<GossipNode>);
}

// The same workloads on core's trivial FixedLatencyNetwork: the difference is sim/net's cost.
void BM_TokenRingFixedLatency(benchmark::State& state) {
  FixedLatencyNetwork network(kNetworkLatencyUs);
  run_simulator_benchmark(state, network, &run_simulation<TokenRingNode>);
}

void BM_RandomGossipFixedLatency(benchmark::State& state) {
  FixedLatencyNetwork network(kNetworkLatencyUs);
  run_simulator_benchmark(state, network, &run_simulation<GossipNode>);
}

// ---------------------------------------------------------------- bare heap baselines

// The baseline's whole event: no virtual call, no allocation per event.
struct BareEvent {
  TimeUs time;
  std::uint64_t sequence;
  std::uint32_t node;
  bool is_timer;
};

struct LaterFirst {
  bool operator()(const BareEvent& a, const BareEvent& b) const {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};

class BareHeap {
 public:
  explicit BareHeap(std::size_t capacity) {
    std::vector<BareEvent> storage;
    storage.reserve(capacity);
    heap_ = std::priority_queue<BareEvent, std::vector<BareEvent>, LaterFirst>(LaterFirst{}, std::move(storage));
  }
  void push(TimeUs time, std::uint32_t node, bool is_timer) { heap_.push(BareEvent{time, sequence_++, node, is_timer}); }
  BareEvent pop() {
    BareEvent top = heap_.top();
    heap_.pop();
    return top;
  }
  bool empty() const { return heap_.empty(); }

 private:
  std::priority_queue<BareEvent, std::vector<BareEvent>, LaterFirst> heap_;
  std::uint64_t sequence_ = 0;
};

std::uint64_t run_bare_token_ring(std::size_t node_count, std::uint64_t deliveries) {
  BareHeap heap(16);
  heap.push(kNetworkLatencyUs, 1 % node_count, false);
  std::uint64_t delivered = 0;
  while (!heap.empty()) {
    BareEvent event = heap.pop();
    if (++delivered == deliveries) break;
    heap.push(event.time + kNetworkLatencyUs, static_cast<std::uint32_t>((event.node + 1) % node_count), false);
  }
  return delivered;
}

std::uint64_t run_bare_gossip(std::size_t node_count, std::uint64_t deliveries) {
  std::vector<Rng> rngs;
  rngs.reserve(node_count);
  for (std::size_t i = 0; i < node_count; ++i) rngs.push_back(Rng(kSeed).fork(i));
  BareHeap heap(2 * node_count + 16);
  for (std::size_t i = 0; i < node_count; ++i) heap.push(kGossipPeriodUs, static_cast<std::uint32_t>(i), true);
  std::uint64_t delivered = 0;
  while (!heap.empty()) {
    BareEvent event = heap.pop();
    if (event.is_timer) {
      auto peer = static_cast<std::uint32_t>(rngs[event.node].index(node_count - 1));
      if (peer >= event.node) ++peer;
      heap.push(event.time + kNetworkLatencyUs, peer, false);
      heap.push(event.time + kGossipPeriodUs, event.node, true);
    } else if (++delivered == deliveries) {
      break;
    }
  }
  return delivered;
}

void run_bare_benchmark(benchmark::State& state, std::uint64_t (*workload)(std::size_t, std::uint64_t)) {
  auto node_count = static_cast<std::size_t>(state.range(0));
  std::uint64_t deliveries = 0;
  for (auto _ : state) {
    std::uint64_t delivered = workload(node_count, kDeliveriesPerRun);
    benchmark::DoNotOptimize(delivered);
    deliveries += delivered;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(deliveries));
}

void BM_BareHeapTokenRing(benchmark::State& state) { run_bare_benchmark(state, &run_bare_token_ring); }
void BM_BareHeapGossip(benchmark::State& state) { run_bare_benchmark(state, &run_bare_gossip); }

BENCHMARK(BM_TokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RandomGossip)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TokenRingFixedLatency)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RandomGossipFixedLatency)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareHeapTokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareHeapGossip)->Arg(1000)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------- the summary

// Prints as the console reporter does, and remembers each benchmark's deliveries per second (the
// median when repetitions are aggregated, else the last run) for the ratio table at the end.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  // Colour only on a terminal: this reporter replaces the default one, so --benchmark_color is
  // not consulted.
  SummaryReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      bool is_median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Aggregate && !is_median) continue;
      auto rate = run.counters.find("items_per_second");
      if (rate == run.counters.end()) continue;
      std::string name = run.run_name.function_name + "/" + run.run_name.args;
      if (is_median || !medians_.count(name)) rates_[name] = rate->second.value;
      if (is_median) medians_[name] = true;
    }
  }

  void print_summary() const {
    struct Pair {
      const char* simulator;
      const char* bare;
    };
    const Pair pairs[] = {{"BM_TokenRing/5", "BM_BareHeapTokenRing/5"},
                          {"BM_TokenRing/1000", "BM_BareHeapTokenRing/1000"},
                          {"BM_RandomGossip/1000", "BM_BareHeapGossip/1000"}};
    std::printf("\n%-22s %16s %16s %7s\n", "workload", "simulator M/s", "bare heap M/s", "ratio");
    for (const Pair& pair : pairs) {
      auto simulator = rates_.find(pair.simulator);
      auto bare = rates_.find(pair.bare);
      if (simulator == rates_.end()) continue;
      if (bare == rates_.end()) {
        std::printf("%-22s %16.2f %16s %7s\n", pair.simulator, simulator->second / 1e6, "(not run)", "-");
        continue;
      }
      std::printf("%-22s %16.2f %16.2f %7.2f\n", pair.simulator, simulator->second / 1e6, bare->second / 1e6,
                  simulator->second / bare->second);
    }
    std::size_t bytes = Simulator::queue_bytes_per_pending_event();
    std::printf("queue memory per pending event: %zu bytes (+ payload), budget %zu: %s\n", bytes, kQueueBytesBudget,
                bytes < kQueueBytesBudget ? "ok" : "OVER BUDGET");
  }

 private:
  std::map<std::string, double> rates_;
  std::map<std::string, bool> medians_;
};

static_assert(Simulator::queue_bytes_per_pending_event() < kQueueBytesBudget,
              "a pending event must cost less than 64 bytes of queue memory plus its payload");

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_summary();
  benchmark::Shutdown();
  return 0;
}
