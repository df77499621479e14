// Interaction tests of reliable broadcast: flooding alone, flooding with push-pull anti-entropy
// (Demers et al., "Epidemic algorithms for replicated database maintenance", PODC 1987), crashes
// and restarts, duplicates, and mutants that prove the checkers can fail. Each runs servers and
// clients directly on a Simulator with a network model written for the test.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/broadcast/messages.h"
#include "sim/protocols/broadcast/view.h"
#include "tests/protocols/broadcast_cluster.h"

using namespace dsim;
using namespace dsim::broadcast;
using namespace dsim::broadcast::testing;

namespace {

bool any_violation_contains(const Checker& checker, const std::string& text) {
  for (const Violation& violation : checker.violations()) {
    if (violation.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string violations_text(const Checker& checker) {
  std::string text;
  for (const Violation& violation : checker.violations()) text += violation.message + "\n";
  return text;
}

// 30% loss, 5 servers, two clients at 20 values/s for 3 s, then 3 s of quiet to converge.
struct LossyRunResult {
  bool all_delivered = false;
  std::uint64_t repairs = 0;
  std::size_t acknowledged = 0;
  std::string violations;
};

LossyRunResult run_with_thirty_percent_loss(std::uint64_t seed, BroadcastParams params) {
  LossyNetwork network(300, 5 * kMillisecond, 15 * kMillisecond);
  BroadcastCluster cluster(seed, network, 5, params, steady_workload(2, 20, 3 * kSecond));
  cluster.simulator.run_until(6 * kSecond);
  cluster.finish();
  return {cluster.all_delivered->passed(), cluster.log.mark_count(broadcast::view::kMarkAntiEntropyRepair),
          cluster.log.acknowledged().size(), violations_text(*cluster.all_delivered)};
}

// Records every delivery as one line of text: the run's observable sequence of events.
class DeliveryRecorder final : public Observer {
 public:
  void on_deliver(TimeUs time, NodeId from, NodeId to, const Message& message) override {
    std::string body;
    FieldWriter writer(body);
    message.describe(writer);
    lines.push_back(std::to_string(time) + " " + std::to_string(from) + "->" + std::to_string(to) + " " +
                    std::string(message.type()) + " {" + body + "}");
  }
  std::vector<std::string> lines;
};

std::vector<std::string> record_deliveries(std::uint64_t seed) {
  LossyNetwork network(200, 5 * kMillisecond, 15 * kMillisecond);
  BroadcastCluster cluster(seed, network, 5, flood_and_anti_entropy(), steady_workload(2, 20, 2 * kSecond));
  DeliveryRecorder recorder;
  cluster.simulator.add_observer(recorder);
  cluster.simulator.run_until(3 * kSecond);
  return recorder.lines;
}

}  // namespace

TEST_CASE("a value reaches every server on a perfect network by flooding alone") {
  FixedLatencyNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(1, network, 5, flood_only(), steady_workload(1, 10, 2 * kSecond));
  cluster.simulator.run_until(3 * kSecond);
  cluster.finish();

  std::set<std::string> acknowledged = cluster.log.acknowledged();
  REQUIRE(acknowledged.size() >= 5);  // the workload really ran
  CHECK(acknowledged == cluster.log.invoked());
  for (NodeId server = 0; server < 5; ++server) {
    INFO("server " << server);
    CHECK(cluster.held_by(server) == acknowledged);
    CHECK(cluster.simulator.published_value(server, broadcast::view::kHeld) == std::to_string(acknowledged.size()));
  }
  CHECK(cluster.all_delivered->passed());
  CHECK(cluster.no_invention->passed());
  CHECK(cluster.log.mark_count(broadcast::view::kMarkAntiEntropyRepair) == 0);
  CHECK(cluster.log.counters[std::string(broadcast::view::kMetricValuesInjected)] == static_cast<std::int64_t>(acknowledged.size()));
  // Each non-origin server hears of a value one hop after the origin: never sooner than a hop.
  const auto& latencies = cluster.log.samples[std::string(broadcast::view::kMetricDeliveryLatency)];
  CHECK(latencies.size() == 4 * acknowledged.size());
  for (std::int64_t latency : latencies) CHECK(latency == 5 * kMillisecond);
}

TEST_CASE("with 30% loss flooding alone misses some servers while flood and anti-entropy deliver everything (Demers 1987)") {
  std::vector<std::uint64_t> flood_failures;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    LossyRunResult flood = run_with_thirty_percent_loss(seed, flood_only());
    if (!flood.all_delivered) {
      flood_failures.push_back(seed);
      CHECK(flood.violations.find("never received value") != std::string::npos);
    }
    CHECK(flood.repairs == 0);

    LossyRunResult repaired = run_with_thirty_percent_loss(seed, flood_and_anti_entropy());
    INFO("seed " << seed << ": " << repaired.violations);
    CHECK(repaired.acknowledged >= 30);
    CHECK(repaired.all_delivered);
    CHECK(repaired.repairs > 0);
  }
  INFO("seeds where flooding alone lost a value: " << flood_failures.size());
  CHECK_FALSE(flood_failures.empty());
}

TEST_CASE("a partition healed at time T converges within a bounded number of anti-entropy rounds after T") {
  // Servers 0,1 with client 5 on one side; servers 2,3,4 with client 6 on the other.
  const TimeUs heal_at = 3 * kSecond;
  const DurationUs round = BroadcastParams{}.anti_entropy_interval_us;
  // Push-pull spreads in O(log n) rounds (Demers 1987, §2); for 5 servers a handful, with slack
  // for the few in-flight retries clients make after the heal.
  const int max_rounds = 8;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    PartitionUntilNetwork network({0, 0, 1, 1, 1, 0, 1}, heal_at);
    BroadcastCluster cluster(seed, network, 5, flood_and_anti_entropy(), steady_workload(2, 20, heal_at));
    cluster.simulator.run_until(heal_at - 1);
    INFO("seed " << seed);
    REQUIRE_FALSE(cluster.converged());  // the partition really left the sides apart

    int rounds = 0;
    while (!cluster.converged() && rounds < 4 * max_rounds) {
      cluster.simulator.run_until(heal_at + (rounds + 1) * round);
      ++rounds;
    }
    INFO("converged after " << rounds << " rounds");
    CHECK(rounds <= max_rounds);
    cluster.simulator.run_until(heal_at + 4 * max_rounds * round);
    cluster.finish();
    CHECK(cluster.all_delivered->passed());
    CHECK(cluster.log.mark_count(broadcast::view::kMarkAntiEntropyRepair) > 0);
  }
}

TEST_CASE("a restarted server recovers its durable values and catches up through anti-entropy") {
  const NodeId victim = 2;
  std::size_t held_before_crash = 0;
  std::string held_just_after_restart;
  FixedLatencyNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(3, network, 5, flood_and_anti_entropy(), steady_workload(1, 20, 5 * kSecond));
  cluster.simulator.schedule(1500 * kMillisecond, [&](Simulator& simulator) {
    held_before_crash = cluster.held_by(victim).size();
    simulator.crash(victim);
  });
  cluster.simulator.schedule(3500 * kMillisecond, [&](Simulator& simulator) {
    simulator.restart(victim);
    held_just_after_restart = std::string(simulator.published_value(victim, broadcast::view::kHeld));
  });
  cluster.simulator.run_until(7 * kSecond);
  cluster.finish();

  REQUIRE(held_before_crash > 0);
  CHECK(held_just_after_restart == std::to_string(held_before_crash));  // recovered from disk
  CHECK(cluster.held_by(victim) == cluster.log.acknowledged());        // and caught up
  CHECK(cluster.held_by(victim).size() > held_before_crash);
  CHECK(cluster.log.mark_count(broadcast::view::kMarkAntiEntropyRepair, victim) > 0);
  CHECK(cluster.all_delivered->passed());
}

TEST_CASE("without anti-entropy a restarted server never learns what was flooded while it was down") {
  const NodeId victim = 2;
  FixedLatencyNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(3, network, 5, flood_only(), steady_workload(1, 20, 5 * kSecond));
  cluster.simulator.schedule(1500 * kMillisecond, [&](Simulator& simulator) { simulator.crash(victim); });
  cluster.simulator.schedule(3500 * kMillisecond, [&](Simulator& simulator) { simulator.restart(victim); });
  cluster.simulator.run_until(7 * kSecond);
  cluster.finish();
  CHECK_FALSE(cluster.all_delivered->passed());
  for (const Violation& violation : cluster.all_delivered->violations()) {
    CHECK(violation.nodes == std::vector<NodeId>{victim});
  }
}

namespace {

// Sends the same Gossip twice to server 0, as a network that duplicates packets would.
class GossipTwice final : public Node {
 public:
  void on_start(Context& ctx) override {
    for (int copy = 0; copy < 2; ++copy) {
      Gossip gossip;
      gossip.values.push_back(ValueEntry{ValueId{0, 1}, 0});
      ctx.send(0, std::move(gossip));
    }
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context&, TimerId, const Timer&) override {}
};

class GossipSendCounter final : public Observer {
 public:
  void on_send(TimeUs, NodeId from, NodeId, const Message& message, TimeUs) override {
    if (message.is<Gossip>()) ++sent_by[from];
  }
  std::map<NodeId, int> sent_by;
};

}  // namespace

TEST_CASE("a duplicate value is ignored: stored once, forwarded once, marked") {
  FixedLatencyNetwork network(5 * kMillisecond);
  Simulator simulator(1, network);
  for (int i = 0; i < 3; ++i) {
    simulator.add_node("n", [](NodeId) { return std::make_unique<BroadcastServer>(flood_only(), 3); });
  }
  simulator.add_node("injector", [](NodeId) { return std::make_unique<GossipTwice>(); });
  RunLog log;
  GossipSendCounter sends;
  simulator.add_observer(log);
  simulator.add_observer(sends);
  simulator.run_until(kSecond);

  CHECK(simulator.storage(0).writes() == 1);
  CHECK(stored_values(simulator.storage(0).entries()).size() == 1);
  CHECK(sends.sent_by[0] == 2);  // to each of its two peers, once
  // Server 0 sees the value four times: the injector's two copies and one flood from each peer.
  CHECK(log.mark_count(broadcast::view::kMarkDuplicateIgnored, 0) == 3);
}

TEST_CASE("on a network that delivers every message twice each value is persisted once per server") {
  DuplicatingNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(4, network, 4, flood_and_anti_entropy(), steady_workload(1, 20, kSecond));
  cluster.simulator.run_until(2 * kSecond);
  cluster.finish();
  REQUIRE(cluster.log.acknowledged().size() >= 5);
  for (NodeId server = 0; server < 4; ++server) {
    INFO("server " << server);
    CHECK(cluster.simulator.storage(server).writes() == cluster.log.acknowledged().size());
  }
  CHECK(cluster.log.mark_count(broadcast::view::kMarkDuplicateIgnored) > 0);
  CHECK(cluster.all_delivered->passed());
}

TEST_CASE("all_delivered catches a mutant server that never forwards, naming node, value and time") {
  BroadcastParams broken = flood_only();
  broken.mutant_never_forward = true;
  FixedLatencyNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(1, network, 5, broken, steady_workload(1, 10, 2 * kSecond));
  cluster.simulator.run_until(3 * kSecond);
  cluster.finish();

  std::size_t acknowledged = cluster.log.acknowledged().size();
  REQUIRE(acknowledged >= 10);
  const Checker& checker = *cluster.all_delivered;
  CHECK_FALSE(checker.passed());
  CHECK(checker.name() == "all_delivered");
  CHECK(any_violation_contains(checker, "never received value c0-"));
  CHECK(any_violation_contains(checker, "(acknowledged at "));
  CHECK(any_violation_contains(checker, "more acknowledged values"));
  // Aggregated: a few named values per server and one line with the count, never one per value.
  std::map<NodeId, int> lines_per_node;
  for (const Violation& violation : checker.violations()) {
    REQUIRE(violation.nodes.size() == 1);
    ++lines_per_node[violation.nodes[0]];
  }
  CHECK(lines_per_node.size() == 5);  // every server misses what the others were sent
  for (const auto& [node, lines] : lines_per_node) CHECK(lines <= static_cast<int>(kMissingValuesListedPerServer) + 1);
  CHECK(cluster.no_invention->passed());  // not forwarding invents nothing
}

TEST_CASE("no_invention catches a mutant server that stores a value no client sent") {
  BroadcastParams broken = flood_and_anti_entropy();
  broken.mutant_invent_value = true;
  FixedLatencyNetwork network(5 * kMillisecond);
  BroadcastCluster cluster(1, network, 3, broken, steady_workload(1, 10, kSecond));
  cluster.simulator.run_until(2 * kSecond);
  cluster.finish();
  const Checker& checker = *cluster.no_invention;
  CHECK_FALSE(checker.passed());
  CHECK(checker.violations().size() == 3);  // one per server
  CHECK(any_violation_contains(checker, "node 0 holds value c999-1 (first seen at 0.000s) that no client ever broadcast"));
  CHECK(cluster.all_delivered->passed());
}

TEST_CASE("the same seed gives the same sequence of deliveries and a different seed a different one") {
  std::vector<std::string> first = record_deliveries(11);
  std::vector<std::string> again = record_deliveries(11);
  std::vector<std::string> other = record_deliveries(12);
  REQUIRE(first.size() > 100);
  CHECK(first == again);
  CHECK(first != other);
}

namespace {

// Servers 0 and 1 cannot talk to each other until `heal_at_us`; everyone else reaches both.
class CutBetweenZeroAndOne final : public NetworkModel {
 public:
  explicit CutBetweenZeroAndOne(TimeUs heal_at_us) : heal_at_us_(heal_at_us) {}
  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng&) override {
    if (!connected(from, to, now)) return {DropReason::partition, 0, -1};
    return {DropReason::none, 5 * kMillisecond, -1};
  }
  bool connected(NodeId from, NodeId to, TimeUs now) const override {
    return now >= heal_at_us_ || from > 1 || to > 1 || from == to;
  }

 private:
  TimeUs heal_at_us_;
};

// Sends value c0-1 to server 0 and c0-2 to server 1, so each holds what the other lacks.
class SplitInjector final : public Node {
 public:
  void on_start(Context& ctx) override {
    for (NodeId server = 0; server < 2; ++server) {
      Broadcast request;
      request.value = ValueId{0, server + 1};
      request.request_id = server + 1;
      ctx.send(server, std::move(request));
    }
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context&, TimerId, const Timer&) override {}
};

class AntiEntropyLog final : public Observer {
 public:
  void on_deliver(TimeUs, NodeId, NodeId, const Message& message) override {
    if (message.is<Digest>()) ++digests;
    if (auto* gossip = message.as<Gossip>(); gossip && gossip->repair) ++repairs;
  }
  int digests = 0;
  int repairs = 0;
};

}  // namespace

TEST_CASE("one push-pull exchange leaves both servers with the union (Demers 1987, push-pull)") {
  const TimeUs heal_at = 50 * kMillisecond;
  BroadcastParams params;
  params.anti_entropy_interval_us = 10 * kSecond;  // one round fits many times over in the window
  CutBetweenZeroAndOne network(heal_at);
  Simulator simulator(5, network);
  for (int i = 0; i < 2; ++i) simulator.add_node("n", [params](NodeId) { return std::make_unique<BroadcastServer>(params, 2); });
  simulator.add_node("injector", [](NodeId) { return std::make_unique<SplitInjector>(); });
  AntiEntropyLog log;
  simulator.add_observer(log);
  simulator.run_until(heal_at);
  REQUIRE(log.digests == 0);  // the first round starts after the heal, or this test shows nothing
  REQUIRE(stored_values(simulator.storage(0).entries()).size() == 1);
  REQUIRE(stored_values(simulator.storage(1).entries()).size() == 1);

  // Run until the exchange's last step, the repair Gossip answering the pull, has arrived.
  while (log.repairs == 0 && simulator.now() < 30 * kSecond) simulator.step();
  CHECK(log.digests == 1);  // a single digest did it: push one way, pull the other
  for (NodeId server = 0; server < 2; ++server) {
    INFO("server " << server);
    std::vector<StoredValue> held = stored_values(simulator.storage(server).entries());
    REQUIRE(held.size() == 2);
    CHECK(held[0].value == ValueId{0, 1});
    CHECK(held[1].value == ValueId{0, 2});
  }
}
