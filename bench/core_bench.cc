// Throughput of the core loop: deliveries per second through the real Simulator, Node and
// sim/net Network API (no observers, so tracing off), next to the same workloads run as bare
// loops of plain structs: over a binary heap (std::priority_queue, the reference the targets are
// ratios to) and over dsim's own EventQueue (what is left when the simulator's API is taken away).
// Two workloads: a token passed round a ring (one event per delivery, tiny queue) and random
// gossip on 100 ms timers (a timer plus a message per delivery, ~N pending timers).
// After the runs a summary prints simulator / bare-heap throughput per workload and the queue's
// bytes per pending event. See bench/README.md for how to run it and the numbers measured.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "sim/core/event_queue.h"
#include "sim/core/message.h"
#include "sim/core/network_model.h"
#include "sim/core/node.h"
#include "sim/core/random.h"
#include "sim/core/simulator.h"
#include "sim/net/network.h"

#include "bench/calendar_queue.h"

namespace {

using namespace dsim;

constexpr std::uint64_t kDeliveriesPerRun = 1'000'000;
constexpr DurationUs kNetworkLatencyUs = 1 * kMillisecond;
constexpr DurationUs kGossipPeriodUs = 100 * kMillisecond;
constexpr std::uint64_t kSeed = 42;
// Queue memory per pending event, payload excluded: what one entry and its slab slot take
// (static), and what the queue and the slab hold at the end of a run divided by the events then
// pending (allocated: spare vector capacity included). Issue 21 asks for under 100 bytes.
constexpr std::size_t kQueueBytesBudget = 64;
constexpr double kAllocatedQueueBytesBudget = 100;

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

struct SimulationOutcome {
  std::uint64_t delivered = 0;
  double allocated_bytes_per_pending = 0;  // queue + slab memory at the end / peak pending events
};

// Runs `node_count` nodes of type NodeType on `network` until `deliveries` messages have arrived.
// Takes any NetworkModel, so the same workload runs on sim/net's Network as well. Building the
// world and starting the nodes are not timed: with 100,000 nodes they would weigh on the figure
// that is meant to measure the loop.
template <typename NodeType>
SimulationOutcome run_simulation(benchmark::State& state, NetworkModel& network, std::size_t node_count,
                                 std::uint64_t deliveries) {
  state.PauseTiming();
  auto simulator = std::make_unique<Simulator>(kSeed, network);
  DeliveryBudget budget(*simulator, deliveries);
  for (std::size_t i = 0; i < node_count; ++i) {
    std::string name = "n";
    name += std::to_string(i);  // not "n" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that
    simulator->add_node(std::move(name), [&budget](NodeId) { return std::make_unique<NodeType>(budget); });
  }
  simulator->start();
  state.ResumeTiming();
  simulator->run_until(kTimeNever - 1);
  state.PauseTiming();
  SimulationOutcome outcome;
  outcome.delivered = simulator->stats().messages_delivered;
  outcome.allocated_bytes_per_pending = static_cast<double>(simulator->queue_allocated_bytes()) /
                                        static_cast<double>(std::max<std::size_t>(1, simulator->peak_pending_events()));
  simulator.reset();  // tearing 100,000 nodes down is not timed either
  state.ResumeTiming();
  return outcome;
}

using SimulationWorkload = SimulationOutcome (*)(benchmark::State&, NetworkModel&, std::size_t, std::uint64_t);

void run_simulator_benchmark(benchmark::State& state, NetworkModel& network, SimulationWorkload workload) {
  auto node_count = static_cast<std::size_t>(state.range(0));
  std::uint64_t deliveries = 0;
  double allocated_bytes = 0;
  for (auto _ : state) {
    SimulationOutcome outcome = workload(state, network, node_count, kDeliveriesPerRun);
    if (outcome.delivered != kDeliveriesPerRun) state.SkipWithError("the run stopped before its delivery target");
    deliveries += outcome.delivered;
    allocated_bytes = outcome.allocated_bytes_per_pending;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(deliveries));
  state.counters["queue_bytes"] = static_cast<double>(Simulator::queue_bytes_per_pending_event());
  state.counters["queue_bytes_allocated"] = allocated_bytes;
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

// ---------------------------------------------------------------- bare baselines

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

// The same bare loops over dsim's EventQueue: the event's node and kind ride in the slot number.
class BareEventQueue {
 public:
  explicit BareEventQueue(std::size_t) {}
  void push(TimeUs time, std::uint32_t node, bool is_timer) { queue_.push(time, node * 2 + (is_timer ? 1 : 0)); }
  BareEvent pop() {
    QueueEntry entry = queue_.pop();
    return BareEvent{entry.time, 0, entry.slot / 2, (entry.slot & 1) != 0};
  }
  bool empty() const { return queue_.empty(); }

 private:
  EventQueue queue_;
};

// And over the calendar queue that the radix heap was chosen over (bench/calendar_queue.h).
class BareCalendarQueue {
 public:
  explicit BareCalendarQueue(std::size_t) {}
  void push(TimeUs time, std::uint32_t node, bool is_timer) { queue_.push(time, node * 2 + (is_timer ? 1 : 0)); }
  BareEvent pop() {
    QueueEntry entry = queue_.pop();
    return BareEvent{entry.time, 0, entry.slot / 2, (entry.slot & 1) != 0};
  }
  bool empty() const { return queue_.empty(); }

 private:
  bench::CalendarQueue queue_;
};

template <typename Queue>
std::uint64_t run_bare_token_ring(std::size_t node_count, std::uint64_t deliveries) {
  Queue heap(16);
  heap.push(kNetworkLatencyUs, 1 % node_count, false);
  std::uint64_t delivered = 0;
  while (!heap.empty()) {
    BareEvent event = heap.pop();
    if (++delivered == deliveries) break;
    heap.push(event.time + kNetworkLatencyUs, static_cast<std::uint32_t>((event.node + 1) % node_count), false);
  }
  return delivered;
}

template <typename Queue>
std::uint64_t run_bare_gossip(std::size_t node_count, std::uint64_t deliveries) {
  std::vector<Rng> rngs;
  rngs.reserve(node_count);
  for (std::size_t i = 0; i < node_count; ++i) rngs.push_back(Rng(kSeed).fork(i));
  Queue heap(2 * node_count + 16);
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

void BM_BareHeapTokenRing(benchmark::State& state) { run_bare_benchmark(state, &run_bare_token_ring<BareHeap>); }
void BM_BareHeapGossip(benchmark::State& state) { run_bare_benchmark(state, &run_bare_gossip<BareHeap>); }
void BM_BareEventQueueTokenRing(benchmark::State& state) {
  run_bare_benchmark(state, &run_bare_token_ring<BareEventQueue>);
}
void BM_BareEventQueueGossip(benchmark::State& state) { run_bare_benchmark(state, &run_bare_gossip<BareEventQueue>); }
void BM_BareCalendarTokenRing(benchmark::State& state) {
  run_bare_benchmark(state, &run_bare_token_ring<BareCalendarQueue>);
}
void BM_BareCalendarGossip(benchmark::State& state) { run_bare_benchmark(state, &run_bare_gossip<BareCalendarQueue>); }

BENCHMARK(BM_TokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RandomGossip)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TokenRingFixedLatency)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RandomGossipFixedLatency)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareHeapTokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareHeapGossip)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareEventQueueTokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareEventQueueGossip)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareCalendarTokenRing)->Arg(5)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareCalendarGossip)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

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
      if (is_median || !medians_.count(name)) {
        rates_[name] = rate->second.value;
        auto allocated = run.counters.find("queue_bytes_allocated");
        if (allocated != run.counters.end()) allocated_bytes_[name] = allocated->second.value;
      }
      if (is_median) medians_[name] = true;
    }
  }

  void print_summary() const {
    struct Row {
      const char* simulator;
      const char* bare_heap;
      const char* bare_queue;
    };
    const Row rows[] = {{"BM_TokenRing/5", "BM_BareHeapTokenRing/5", "BM_BareEventQueueTokenRing/5"},
                        {"BM_TokenRing/1000", "BM_BareHeapTokenRing/1000", "BM_BareEventQueueTokenRing/1000"},
                        {"BM_RandomGossip/1000", "BM_BareHeapGossip/1000", "BM_BareEventQueueGossip/1000"},
                        {"BM_RandomGossip/100000", "BM_BareHeapGossip/100000", "BM_BareEventQueueGossip/100000"}};
    std::printf("\n%-24s %14s %14s %14s %12s %12s\n", "workload", "simulator M/s", "bare heap M/s",
                "bare queue M/s", "/ bare heap", "bytes/event");
    for (const Row& row : rows) {
      auto simulator = rates_.find(row.simulator);
      if (simulator == rates_.end()) continue;
      std::printf("%-24s %14.2f %14s %14s %12s %12s\n", row.simulator, simulator->second / 1e6,
                  rate_text(row.bare_heap).c_str(), rate_text(row.bare_queue).c_str(),
                  ratio_text(simulator->second, row.bare_heap).c_str(), bytes_text(row.simulator).c_str());
    }
    std::size_t bytes = Simulator::queue_bytes_per_pending_event();
    std::printf("queue memory per pending event: %zu bytes (+ payload), budget %zu: %s\n", bytes, kQueueBytesBudget,
                bytes < kQueueBytesBudget ? "ok" : "OVER BUDGET");
    // Only where many events are pending: a token ring's one pending event shares the slab's
    // initial reservation with nothing.
    double worst = 0;
    for (const auto& [name, allocated] : allocated_bytes_) {
      if (name.find("Gossip") != std::string::npos) worst = std::max(worst, allocated);
    }
    if (worst > 0) {
      std::printf("allocated per pending event at the peak (spare capacity included), worst gossip run: %.1f bytes, "
                  "budget %.0f: %s\n",
                  worst, kAllocatedQueueBytesBudget, worst < kAllocatedQueueBytesBudget ? "ok" : "OVER BUDGET");
    }
  }

 private:
  std::string rate_text(const char* name) const {
    auto it = rates_.find(name);
    if (it == rates_.end()) return "(not run)";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", it->second / 1e6);
    return text;
  }
  std::string ratio_text(double rate, const char* bare) const {
    auto it = rates_.find(bare);
    if (it == rates_.end()) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", rate / it->second);
    return text;
  }
  std::string bytes_text(const char* name) const {
    auto it = allocated_bytes_.find(name);
    if (it == allocated_bytes_.end()) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", it->second);
    return text;
  }

  std::map<std::string, double> rates_;
  std::map<std::string, double> allocated_bytes_;
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
