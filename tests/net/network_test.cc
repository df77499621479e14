// Tests of the simulated network: loss and duplication rates, FIFO and reordering, partitions at
// send time and in flight, one-way cuts, least-latency routing over an explicit topology, and
// faults as rules that end independently (overlapping partitions, isolations, cuts, degradations).
// Some drive Network::transmit directly; the in-flight ones run a simulator with scripted nodes.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "sim/core/simulator.h"
#include "sim/net/network.h"

using namespace dsim;

namespace {

LinkModel constant_link(DurationUs latency_us) {
  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::constant;
  link.latency.a_us = latency_us;
  return link;
}

LinkModel uniform_link(DurationUs low_us, DurationUs high_us) {
  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::uniform;
  link.latency.a_us = low_us;
  link.latency.b_us = high_us;
  return link;
}

// How many messages sent every `gap_us` on one link arrive before one sent earlier.
int count_overtakes(Network& network, int messages, DurationUs gap_us) {
  Rng rng(3);
  TimeUs latest_arrival = 0;
  int overtakes = 0;
  for (int i = 0; i < messages; ++i) {
    TimeUs now = i * gap_us;
    Transmission sent = network.transmit(0, 1, now, rng);
    REQUIRE(sent.drop == DropReason::none);
    TimeUs arrival = now + sent.latency;
    if (arrival < latest_arrival) ++overtakes;
    latest_arrival = std::max(latest_arrival, arrival);
  }
  return overtakes;
}

struct Ping : MessageOf<Ping> {
  int number = 0;
  std::string_view type() const override { return "Ping"; }
};

// Sends Ping number i to `sends[i].second` at time `sends[i].first` (node 0 only); every node
// logs what it receives as "to<-from#number@time".
struct Talker : Node {
  std::vector<std::pair<TimeUs, NodeId>> sends;
  std::vector<std::string>* log;
  Talker(std::vector<std::pair<TimeUs, NodeId>> s, std::vector<std::string>* l) : sends(std::move(s)), log(l) {}
  void on_start(Context& ctx) override {
    if (ctx.self() != 0) return;
    for (std::size_t i = 0; i < sends.size(); ++i) ctx.set_timer(sends[i].first, Timer{1, i, 0});
  }
  void on_message(Context& ctx, NodeId from, const Message& message) override {
    log->push_back(std::to_string(ctx.self()) + "<-" + std::to_string(from) + "#" +
                   std::to_string(message.as<Ping>()->number) + "@" + std::to_string(ctx.now()));
  }
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    Ping ping;
    ping.number = static_cast<int>(timer.a);
    ctx.send(sends[timer.a].second, ping);
  }
};

struct DropRecorder : Observer {
  std::vector<std::string> drops;
  void on_drop(TimeUs time, NodeId from, NodeId to, const Message& message, DropReason reason) override {
    drops.push_back(std::to_string(from) + "->" + std::to_string(to) + "#" +
                    std::to_string(message.as<Ping>()->number) + "@" + std::to_string(time) + " " +
                    drop_reason_name(reason));
  }
};

}  // namespace

TEST_CASE("a lossy link loses about its loss probability of messages") {
  LinkModel link = constant_link(1000);
  link.loss = 0.3;
  Network network(2, link);
  Rng rng(1);
  int lost = 0;
  constexpr int kMessages = 100000;
  for (int i = 0; i < kMessages; ++i) {
    Transmission sent = network.transmit(0, 1, i, rng);
    if (sent.drop == DropReason::loss) ++lost;
    else REQUIRE(sent.drop == DropReason::none);
  }
  CHECK(static_cast<double>(lost) / kMessages == Approx(0.3).margin(0.01));
}

TEST_CASE("a duplicating link delivers about its duplication probability of messages twice") {
  LinkModel link = uniform_link(1000, 5000);
  link.duplicate = 0.2;
  Network network(2, link);
  Rng rng(2);
  int duplicated = 0;
  constexpr int kMessages = 100000;
  for (int i = 0; i < kMessages; ++i) {
    Transmission sent = network.transmit(0, 1, i, rng);
    REQUIRE(sent.drop == DropReason::none);
    if (sent.duplicate_latency >= 0) {
      ++duplicated;
      REQUIRE(sent.duplicate_latency >= 1000);
      REQUIRE(sent.duplicate_latency <= 5000);
    }
  }
  CHECK(static_cast<double>(duplicated) / kMessages == Approx(0.2).margin(0.01));
}

TEST_CASE("a FIFO link never reorders while a jittery non-FIFO link does") {
  LinkModel jittery = uniform_link(1000, 50000);
  Network udp(2, jittery);
  CHECK(count_overtakes(udp, 2000, 100) > 100);
  jittery.fifo = true;
  Network tcp(2, jittery);
  CHECK(count_overtakes(tcp, 2000, 100) == 0);
}

TEST_CASE("reordering holds some messages back on a steady non-FIFO link but never on a FIFO one") {
  LinkModel steady = constant_link(10000);
  Network without_reorder(2, steady);
  CHECK(count_overtakes(without_reorder, 1000, 100) == 0);
  steady.reorder = 0.5;
  steady.reorder_delay_us = 20000;
  Network reordering(2, steady);
  CHECK(count_overtakes(reordering, 1000, 100) > 100);
  steady.fifo = true;
  Network fifo(2, steady);
  CHECK(count_overtakes(fifo, 1000, 100) == 0);
}

TEST_CASE("FIFO order is kept per directed link, not across links") {
  LinkModel link = constant_link(10000);
  link.fifo = true;
  Network network(3, link);
  LinkRuleId slow_link = network.degrade_links({{0, 1}}, [] {
    LinkModel slow = constant_link(50000);
    slow.fifo = true;
    return slow;
  }());
  Rng rng(1);
  CHECK(network.transmit(0, 1, 0, rng).latency == 50000);
  CHECK(network.transmit(0, 2, 0, rng).latency == 10000);  // another link: not held back
  network.restore_links(slow_link);
  CHECK(network.transmit(0, 1, 1000, rng).latency == 49000);  // waits for the slow one ahead of it
  CHECK(network.transmit(0, 1, 60000, rng).latency == 10000);
}

TEST_CASE("a per-link degradation and a network-wide one change latency until restored") {
  Network network(3, constant_link(1000));
  Rng rng(1);
  LinkRuleId one_link = network.degrade_links({{0, 1}}, constant_link(7000));
  CHECK(network.transmit(0, 1, 0, rng).latency == 7000);
  CHECK(network.transmit(1, 0, 0, rng).latency == 1000);  // one direction only
  LinkRuleId whole = network.degrade_all_links(constant_link(3000));
  CHECK(network.transmit(1, 0, 0, rng).latency == 3000);
  CHECK(network.transmit(0, 1, 0, rng).latency == 3000);  // the newer degradation wins
  CHECK(network.restore_links(whole));
  CHECK(network.transmit(0, 1, 0, rng).latency == 7000);  // the older one shows again
  CHECK(network.transmit(1, 0, 0, rng).latency == 1000);
  CHECK(network.restore_links(one_link));
  CHECK(network.transmit(0, 1, 0, rng).latency == 1000);
  CHECK(network.link(2, 1).latency.a_us == 1000);
  CHECK_FALSE(network.restore_links(one_link));  // already restored
}

TEST_CASE("a partition separates groups, unlisted nodes form one more group, heal joins them") {
  Network network(6, constant_link(1000));
  CHECK_FALSE(network.partitioned());
  CHECK(network.describe_partition() == "none");
  network.partition({{3, 4}, {1}});
  CHECK(network.partitioned());
  CHECK(network.describe_partition() == "{0,2,5} | {1} | {3,4}");
  CHECK(network.groups() == std::vector<std::uint32_t>{0, 1, 0, 2, 2, 0});
  CHECK(network.reachable(0, 5));
  CHECK(network.reachable(3, 4));
  CHECK_FALSE(network.reachable(0, 1));
  CHECK_FALSE(network.reachable(4, 2));
  CHECK(network.route(0, 5) == std::vector<NodeId>{0, 5});
  CHECK(network.route(0, 1).empty());
  Rng rng(1);
  CHECK(network.transmit(0, 3, 0, rng).drop == DropReason::partition);
  CHECK(network.transmit(3, 4, 0, rng).drop == DropReason::none);
  network.heal();
  CHECK_FALSE(network.partitioned());
  CHECK(network.transmit(0, 3, 0, rng).drop == DropReason::none);
  CHECK(network.groups() == std::vector<std::uint32_t>(6, 0));
}

TEST_CASE("isolating a node keeps the existing groups and cuts the node off from all") {
  Network network(5, constant_link(1000));
  network.partition({{0, 1}});
  network.isolate({3});
  CHECK(network.describe_partition() == "{0,1} | {2,4} | {3}");
  CHECK_FALSE(network.reachable(3, 2));
  CHECK(network.reachable(2, 4));
}

TEST_CASE("a one-way cut blocks one direction only") {
  Network network(5, constant_link(1000));
  network.cut_one_way(3, 1);
  CHECK(network.partitioned());
  CHECK_FALSE(network.reachable(3, 1));
  CHECK(network.reachable(1, 3));
  Rng rng(1);
  CHECK(network.transmit(3, 1, 0, rng).drop == DropReason::partition);
  CHECK(network.transmit(1, 3, 0, rng).drop == DropReason::none);
  CHECK(network.describe_partition() == "cut 3->1");
  network.partition({{0, 1}});
  CHECK(network.describe_partition() == "{0,1} | {2,3,4}; cut 3->1");
  network.heal();
  CHECK(network.reachable(3, 1));
}

TEST_CASE("a partition blocks messages at send time and in flight, and heal restores delivery") {
  // Node 0 sends: #0 to 1 at 1ms (same side), #1 to 2 at 1ms (blocked at send), #2 to 3 at 4ms
  // (in flight when the partition falls at 8ms), #3 to 2 at 30ms (after the heal at 20ms).
  std::vector<std::string> log;
  std::vector<std::pair<TimeUs, NodeId>> sends = {{1000, 1}, {1000, 2}, {4000, 3}, {30000, 2}};
  Network network(5, constant_link(10000));
  Simulator sim(1, network);
  DropRecorder drops;
  sim.add_observer(drops);
  for (int i = 0; i < 5; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<Talker>(sends, &log); });
  sim.schedule(500, [&](Simulator&) { network.partition({{2}}); });  // 0, 1, 3, 4 stay together
  sim.schedule(8000, [&](Simulator&) { network.partition({{0, 1}, {2, 3, 4}}); });
  sim.schedule(20000, [&](Simulator&) { network.heal(); });
  sim.run_until(100000);
  CHECK(log == std::vector<std::string>{"1<-0#0@11000", "2<-0#3@40000"});
  CHECK(drops.drops == std::vector<std::string>{"0->2#1@1000 partition", "0->3#2@14000 partition"});
}

TEST_CASE("a full mesh with no partition routes straight and never drops in flight") {
  Network network(3, constant_link(1000));
  CHECK(network.route(0, 2) == std::vector<NodeId>{0, 2});
  CHECK(network.route(1, 1) == std::vector<NodeId>{1, 1});
  CHECK(network.connected(0, 2, 0));
  CHECK_FALSE(network.has_topology());
}

namespace {

// 0-1 10ms, 1-3 10ms, 0-2 5ms, 2-3 30ms, 0-3 50ms: the cheapest way from 0 to 3 is 0,1,3 (20ms),
// then 0,2,3 (35ms), then the direct edge (50ms). Node 4 is on no edge.
void make_diamond(Network& network) {
  network.set_topology({{0, 1, constant_link(10000)},
                        {1, 3, constant_link(10000)},
                        {0, 2, constant_link(5000)},
                        {2, 3, constant_link(30000)},
                        {0, 3, constant_link(50000)}});
}

}  // namespace

TEST_CASE("topology routing takes the least-latency multi-hop path and sums hop latencies") {
  Network network(5, constant_link(1000));
  make_diamond(network);
  CHECK(network.has_topology());
  CHECK(network.route(0, 3) == std::vector<NodeId>{0, 1, 3});
  CHECK(network.route(3, 0) == std::vector<NodeId>{3, 1, 0});
  CHECK(network.route(2, 1) == std::vector<NodeId>{2, 0, 1});
  Rng rng(1);
  Transmission sent = network.transmit(0, 3, 0, rng);
  CHECK(sent.drop == DropReason::none);
  CHECK(sent.latency == 20000);
  CHECK(network.transmit(2, 1, 0, rng).latency == 15000);
}

TEST_CASE("topology routing goes around a cut edge and a partitioned node") {
  Network network(5, constant_link(1000));
  make_diamond(network);
  network.cut_one_way(1, 3);
  CHECK(network.route(0, 3) == std::vector<NodeId>{0, 2, 3});
  CHECK(network.route(3, 0) == std::vector<NodeId>{3, 1, 0});  // the other direction still works
  Rng rng(1);
  CHECK(network.transmit(0, 3, 0, rng).latency == 35000);
  network.heal();
  network.partition({{1}});  // node 1 alone: the others route around it
  CHECK(network.route(0, 3) == std::vector<NodeId>{0, 2, 3});
  CHECK(network.transmit(0, 1, 0, rng).drop == DropReason::partition);
  LinkRuleId slow = network.degrade_links({{0, 2}}, constant_link(60000));  // now the direct edge is cheaper
  CHECK(network.route(0, 3) == std::vector<NodeId>{0, 3});
  network.heal();
  network.restore_links(slow);
  CHECK(network.route(0, 3) == std::vector<NodeId>{0, 1, 3});
}

TEST_CASE("a topology cut in two drops messages between the halves with no route") {
  Network network(4, constant_link(1000));
  network.set_topology({{0, 1, std::nullopt}, {2, 3, std::nullopt}});
  CHECK(network.route(0, 1) == std::vector<NodeId>{0, 1});
  CHECK(network.route(0, 2).empty());
  CHECK_FALSE(network.reachable(1, 3));
  Rng rng(1);
  CHECK(network.transmit(0, 2, 0, rng).drop == DropReason::no_route);
  CHECK(network.transmit(0, 1, 0, rng).latency == 1000);  // an edge without a model uses the default
  // Cutting the only edge both ways splits 0 from 1 as well.
  network.cut_one_way(0, 1);
  CHECK(network.transmit(0, 1, 0, rng).drop == DropReason::no_route);
  CHECK(network.transmit(1, 0, 0, rng).drop == DropReason::none);
}

TEST_CASE("a node on no topology edge is unreachable") {
  Network network(5, constant_link(1000));
  make_diamond(network);
  CHECK(network.route(0, 4).empty());
  Rng rng(1);
  CHECK(network.transmit(4, 0, 0, rng).drop == DropReason::no_route);
}

TEST_CASE("loss applies on every hop of a multi-hop route") {
  LinkModel lossy = constant_link(1000);
  lossy.loss = 0.5;
  Network network(3, lossy);
  network.set_topology({{0, 1, std::nullopt}, {1, 2, std::nullopt}});
  Rng rng(4);
  int delivered = 0;
  constexpr int kMessages = 40000;
  for (int i = 0; i < kMessages; ++i) {
    Transmission sent = network.transmit(0, 2, i, rng);
    if (sent.drop == DropReason::none) {
      ++delivered;
      REQUIRE(sent.latency == 2000);
    }
  }
  CHECK(static_cast<double>(delivered) / kMessages == Approx(0.25).margin(0.01));
}

TEST_CASE("a partition made while a multi-hop message flies kills it at delivery") {
  Network network(5, constant_link(1000));
  make_diamond(network);
  CHECK(network.connected(0, 3, 0));
  network.partition({{0, 1, 2}});
  CHECK_FALSE(network.connected(0, 3, 0));
  network.heal();
  CHECK(network.connected(0, 3, 0));
}

TEST_CASE("the same seed gives the same fates, another seed different ones") {
  LinkModel link = uniform_link(1000, 9000);
  link.loss = 0.1;
  link.duplicate = 0.1;
  auto fates = [&](std::uint64_t seed) {
    Network network(4, link);
    Rng rng(seed);
    std::vector<DurationUs> out;
    for (int i = 0; i < 200; ++i) {
      Transmission sent = network.transmit(static_cast<NodeId>(i % 4), static_cast<NodeId>((i + 1) % 4), i, rng);
      out.push_back(sent.drop == DropReason::none ? sent.latency * 10000 + sent.duplicate_latency : -1);
    }
    return out;
  };
  CHECK(fates(9) == fates(9));
  CHECK(fates(9) != fates(10));
}

TEST_CASE("clients added after the servers reach every server whatever the partition") {
  Network network(4, constant_link(1000));
  network.add_unpartitioned_nodes(1);  // node 4 is a client
  network.partition({{0, 1}, {2, 3}});
  Rng rng(1);
  CHECK(network.transmit(0, 2, 0, rng).drop == DropReason::partition);
  for (NodeId server = 0; server < 4; ++server) {
    CHECK(network.transmit(4, server, 0, rng).drop == DropReason::none);
    CHECK(network.transmit(server, 4, 0, rng).drop == DropReason::none);
    CHECK(network.connected(server, 4, 0));
  }
  CHECK(network.describe_partition() == "{0,1} | {2,3}");
}

TEST_CASE("clients reach servers in one hop beside an explicit topology") {
  Network network(3, constant_link(1000));
  network.set_topology({{0, 1, std::nullopt}, {1, 2, std::nullopt}});
  network.add_unpartitioned_nodes(1);
  CHECK(network.route(3, 2) == std::vector<NodeId>{3, 2});
  CHECK(network.route(0, 2) == std::vector<NodeId>{0, 1, 2});
}

TEST_CASE("restoring a degradation returns a link to the scenario's configured model, not the default") {
  Network network(2, constant_link(1000));
  network.configure_link(0, 1, constant_link(5000));
  Rng rng(1);
  CHECK(network.transmit(0, 1, 0, rng).latency == 5000);
  LinkRuleId slow = network.degrade_links({{0, 1}}, constant_link(90000));
  CHECK(network.transmit(0, 1, 0, rng).latency == 90000);
  network.restore_links(slow);
  CHECK(network.transmit(0, 1, 0, rng).latency == 5000);
  network.degrade_all_links(constant_link(70000));
  network.degrade_links({{1, 0}}, constant_link(80000));
  network.restore_all_links();
  CHECK(network.transmit(0, 1, 0, rng).latency == 5000);
  CHECK(network.transmit(1, 0, 0, rng).latency == 1000);
}

// ---------------------------------------------------------------- faults as rules that compose

TEST_CASE("two overlapping isolations end independently: lifting one leaves the other node cut off") {
  Network network(5, constant_link(1000));
  BlockRuleId first = network.isolate({1});
  BlockRuleId second = network.isolate({3});
  CHECK(network.describe_partition() == "{0,2,4} | {1} | {3}");
  CHECK(network.block_rules_in_force() == 2);
  CHECK(network.lift(first));
  CHECK(network.reachable(1, 0));
  CHECK(network.reachable(0, 1));
  CHECK_FALSE(network.reachable(3, 0));  // the second isolation is still in force
  CHECK_FALSE(network.reachable(1, 3));
  CHECK(network.describe_partition() == "{0,1,2,4} | {3}");
  CHECK_FALSE(network.lift(first));  // lifting it again changes nothing
  CHECK_FALSE(network.reachable(0, 3));
  CHECK(network.lift(second));
  CHECK_FALSE(network.partitioned());
  CHECK(network.describe_partition() == "none");
}

TEST_CASE("two isolations of the same node: the node rejoins only when both have ended") {
  Network network(3, constant_link(1000));
  BlockRuleId first = network.isolate({2});
  BlockRuleId second = network.isolate({2});
  network.lift(first);
  CHECK_FALSE(network.reachable(2, 0));
  network.lift(second);
  CHECK(network.reachable(2, 0));
}

TEST_CASE("two partitions in force keep apart every pair that either keeps apart") {
  Network network(6, constant_link(1000));
  BlockRuleId halves = network.partition({{0, 1, 2}, {3, 4, 5}});
  BlockRuleId odd_even = network.partition({{0, 2, 4}, {1, 3, 5}});
  CHECK(network.describe_partition() == "{0,2} | {1} | {3,5} | {4}");
  CHECK(network.reachable(0, 2));
  CHECK_FALSE(network.reachable(0, 1));  // the second keeps them apart
  CHECK_FALSE(network.reachable(2, 4));  // the first does
  network.lift(halves);
  CHECK(network.describe_partition() == "{0,2,4} | {1,3,5}");
  CHECK(network.reachable(2, 4));
  network.lift(odd_even);
  CHECK_FALSE(network.partitioned());
}

TEST_CASE("a partition overlapping a cut: each ends without ending the other") {
  Network network(5, constant_link(1000));
  BlockRuleId cut = network.cut_one_way(3, 1);
  BlockRuleId split = network.partition({{0, 1}});
  CHECK(network.describe_partition() == "{0,1} | {2,3,4}; cut 3->1");
  network.lift(split);
  CHECK(network.describe_partition() == "cut 3->1");
  CHECK_FALSE(network.reachable(3, 1));  // the cut is still in force
  CHECK(network.reachable(1, 3));
  CHECK(network.reachable(0, 3));  // the partition is not

  // The other order: the cut ends first, the partition keeps 3 and 1 apart both ways.
  split = network.partition({{0, 1}});
  network.lift(cut);
  CHECK(network.describe_partition() == "{0,1} | {2,3,4}");
  CHECK_FALSE(network.reachable(3, 1));
  CHECK_FALSE(network.reachable(1, 3));
  network.lift(split);
  CHECK(network.reachable(3, 1));
}

TEST_CASE("a cut that repeats another's pair keeps it cut until both end") {
  Network network(3, constant_link(1000));
  BlockRuleId wide = network.cut_one_way({{0, 1}, {0, 2}});
  BlockRuleId narrow = network.cut_one_way(0, 1);
  network.lift(wide);
  CHECK_FALSE(network.reachable(0, 1));
  CHECK(network.reachable(0, 2));
  network.lift(narrow);
  CHECK(network.reachable(0, 1));
}

TEST_CASE("heal lifts every partition, isolation and cut; their lifts afterwards find nothing") {
  Network network(5, constant_link(1000));
  BlockRuleId split = network.partition({{0, 1}});
  BlockRuleId alone = network.isolate({4});
  BlockRuleId cut = network.cut_one_way(2, 3);
  network.heal();
  CHECK_FALSE(network.partitioned());
  CHECK(network.block_rules_in_force() == 0);
  CHECK_FALSE(network.in_force(split));
  CHECK_FALSE(network.lift(split));
  CHECK_FALSE(network.lift(alone));
  CHECK_FALSE(network.lift(cut));
  CHECK_FALSE(network.partitioned());
  // A rule made after the heal is not touched by the old rules' lifts.
  BlockRuleId after = network.isolate({0});
  CHECK_FALSE(network.lift(alone));
  CHECK(network.in_force(after));
  CHECK_FALSE(network.reachable(0, 1));
}

TEST_CASE("a rule describes itself alone, whatever else is in force") {
  Network network(5, constant_link(1000));
  BlockRuleId split = network.partition({{0, 1}});
  BlockRuleId alone = network.isolate({4});
  BlockRuleId cut = network.cut_one_way({{3, 1}, {3, 2}});
  CHECK(network.describe_rule(split) == "{0,1} | {2,3,4}");
  CHECK(network.describe_rule(alone) == "{0,1,2,3} | {4}");
  CHECK(network.describe_rule(cut) == "cut 3->1, 3->2");
  network.lift(cut);
  CHECK(network.describe_rule(cut) == "none");
}

TEST_CASE("a message in flight is dropped on arrival while any rule still separates its ends") {
  // Node 0 sends #0 to 2 and #1 to 4 at 1ms (10ms links). At 2ms a partition {0,1} | {2,3,4}
  // and an isolation of 4 fall; at 5ms the partition is lifted. #0 arrives (nothing separates 0
  // and 2 any more); #1 dies on arrival (the isolation of 4 is still in force).
  std::vector<std::string> log;
  std::vector<std::pair<TimeUs, NodeId>> sends = {{1000, 2}, {1000, 4}};
  Network network(5, constant_link(10000));
  Simulator sim(1, network);
  DropRecorder drops;
  sim.add_observer(drops);
  for (int i = 0; i < 5; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<Talker>(sends, &log); });
  BlockRuleId split{};
  sim.schedule(2000, [&](Simulator&) {
    split = network.partition({{0, 1}});
    network.isolate({4});
  });
  sim.schedule(5000, [&](Simulator&) { network.lift(split); });
  sim.run_until(100000);
  CHECK(log == std::vector<std::string>{"2<-0#0@11000"});
  CHECK(drops.drops == std::vector<std::string>{"0->4#1@11000 partition"});
}

TEST_CASE("two degradations on one link: the newest in force wins, and ending either leaves the other") {
  Network network(3, constant_link(1000));
  // The older ends first: the newer stays.
  LinkRuleId slow = network.degrade_links({{0, 1}, {1, 0}}, constant_link(5000));
  LinkRuleId slower = network.degrade_links({{0, 1}}, constant_link(9000));
  CHECK(network.link(0, 1).latency.a_us == 9000);
  CHECK(network.link(1, 0).latency.a_us == 5000);
  CHECK(network.restore_links(slow));
  CHECK(network.link(0, 1).latency.a_us == 9000);
  CHECK(network.link(1, 0).latency.a_us == 1000);
  CHECK(network.restore_links(slower));
  CHECK(network.link(0, 1).latency.a_us == 1000);
  // The newer ends first: the older shows again.
  slow = network.degrade_links({{0, 1}}, constant_link(5000));
  slower = network.degrade_links({{0, 1}}, constant_link(9000));
  CHECK(network.restore_links(slower));
  CHECK(network.link(0, 1).latency.a_us == 5000);
  CHECK(network.restore_links(slow));
  CHECK(network.link(0, 1).latency.a_us == 1000);
  CHECK(network.link(2, 0).latency.a_us == 1000);  // never touched
}

TEST_CASE("a whole-network degradation covers older per-link ones and is covered by newer ones") {
  Network network(3, constant_link(1000));
  Rng rng(1);
  LinkRuleId older = network.degrade_links({{0, 1}}, constant_link(5000));
  LinkRuleId whole = network.degrade_all_links(constant_link(3000));
  LinkRuleId newer = network.degrade_links({{1, 2}}, constant_link(8000));
  CHECK(network.transmit(0, 1, 0, rng).latency == 3000);
  CHECK(network.transmit(1, 2, 0, rng).latency == 8000);
  CHECK(network.transmit(2, 0, 0, rng).latency == 3000);
  network.restore_links(newer);
  CHECK(network.transmit(1, 2, 0, rng).latency == 3000);
  network.restore_links(whole);
  CHECK(network.transmit(0, 1, 0, rng).latency == 5000);
  CHECK(network.transmit(1, 2, 0, rng).latency == 1000);
  CHECK(network.in_force(older));
  network.restore_all_links();
  CHECK_FALSE(network.in_force(older));
  CHECK_FALSE(network.restore_links(older));
  CHECK(network.transmit(0, 1, 0, rng).latency == 1000);
}
