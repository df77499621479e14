// Tests of the nemesis: run-time targets ("leader", "random", "minority"), the undo after `for`,
// network faults reported with readable details, skipped faults narrated, and the random nemesis
// being deterministic per seed and leaving nothing broken after it stops. Overlapping faults are
// in fault_overlap_test.cc, "others" in fault_targets_test.cc.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/faults/fault_world.h"

using namespace dsim;
using namespace dsim::testing;
using World = FaultWorld;

TEST_CASE("fault actions have the names scenario files use") {
  CHECK(std::string(fault_action_name(FaultSpec::Action::crash)) == "crash");
  CHECK(std::string(fault_action_name(FaultSpec::Action::partition)) == "partition");
  CHECK(std::string(fault_action_name(FaultSpec::Action::cut)) == "cut");
  CHECK(std::string(fault_action_name(FaultSpec::Action::restore)) == "restore");
  CHECK(std::string(fault_action_name(FaultSpec::Action::clock)) == "clock");
}

TEST_CASE("a crash of leader hits the node publishing role leader with the highest term") {
  // Node 1 is a stale leader of term 3; nodes 3 and 4 both claim term 5: the lowest id wins.
  World world(1, {{"follower", 5}, {"leader", 3}, {"candidate", 6}, {"leader", 5}, {"leader", 5}});
  TargetSpec leader = target(TargetSpec::Kind::leader);
  leader.text = "leader";
  CHECK(world.injector.resolve(leader) == std::vector<NodeId>{3});
  world.injector.schedule({fault_at(2000, FaultSpec::Action::crash, leader)});
  world.simulator.run_until(3000);
  CHECK_FALSE(world.simulator.alive(3));
  CHECK(world.recorder.faults == std::vector<std::string>{"2000 crash [3]"});
  // Node 3 is down and its published state gone: node 4 is now the leader.
  CHECK(world.injector.resolve(leader) == std::vector<NodeId>{4});
}

TEST_CASE("a skipped fault narrates why and touches nothing") {
  World world(1, followers(3));
  TargetSpec leader = target(TargetSpec::Kind::leader);
  leader.text = "leader";
  world.injector.schedule({fault_at(1000, FaultSpec::Action::crash, leader)});
  world.simulator.run_until(2000);
  CHECK(world.recorder.notes == std::vector<std::string>{"1000 fault skipped: crash leader: no node is leader"});
  CHECK(world.recorder.faults.empty());
  for (NodeId node = 0; node < 3; ++node) CHECK(world.simulator.alive(node));
}

TEST_CASE("a restart of random with no server down is skipped") {
  World world(1, followers(3));
  TargetSpec random = target(TargetSpec::Kind::random);
  random.text = "random";
  world.injector.apply(fault_at(0, FaultSpec::Action::restart, random));
  CHECK(world.recorder.notes == std::vector<std::string>{"0 fault skipped: restart random: no server is down"});
}

TEST_CASE("random targets are the same for the same seed and differ across seeds") {
  auto draws = [](std::uint64_t seed) {
    World world(seed, followers(5));
    std::vector<NodeId> drawn;
    for (int i = 0; i < 12; ++i) {
      std::vector<NodeId> one = world.injector.resolve(target(TargetSpec::Kind::random));
      REQUIRE(one.size() == 1);
      drawn.push_back(one[0]);
    }
    return drawn;
  };
  CHECK(draws(1) == draws(1));
  CHECK(draws(1) != draws(2));
}

TEST_CASE("random picks only live servers, and for a restart only crashed ones, never clients") {
  World world(3, followers(4), 2);  // servers 0..3, clients 4 and 5
  world.simulator.crash(1);
  world.simulator.crash(2);
  for (int i = 0; i < 50; ++i) {
    std::vector<NodeId> live = world.injector.resolve(target(TargetSpec::Kind::random));
    REQUIRE(live.size() == 1);
    CHECK((live[0] == 0 || live[0] == 3));
    std::vector<NodeId> down = world.injector.resolve(target(TargetSpec::Kind::random), FaultSpec::Action::restart);
    REQUIRE(down.size() == 1);
    CHECK((down[0] == 1 || down[0] == 2));
  }
}

TEST_CASE("minority and majority are random server sets of floor((n-1)/2) and floor(n/2)+1") {
  for (std::size_t n : {3u, 4u, 5u, 6u}) {
    World world(7, followers(n), 1);
    std::map<std::vector<NodeId>, int> seen;
    for (int i = 0; i < 40; ++i) {
      std::vector<NodeId> minority = world.injector.resolve(target(TargetSpec::Kind::minority));
      std::vector<NodeId> majority = world.injector.resolve(target(TargetSpec::Kind::majority));
      CHECK(minority.size() == (n - 1) / 2);
      CHECK(majority.size() == n / 2 + 1);
      CHECK(std::is_sorted(majority.begin(), majority.end()));
      CHECK(majority.back() < n);  // never the client
      ++seen[majority];
    }
    CHECK(seen.size() > 1);  // drawn, not always the same set
  }
  World world(7, followers(5));
  CHECK(world.injector.resolve(target(TargetSpec::Kind::all)) == std::vector<NodeId>{0, 1, 2, 3, 4});
}

TEST_CASE("for undoes a crash, a pause, a clock fault and a partition") {
  World world(1, followers(5));
  FaultSpec crash = fault_at(1000, FaultSpec::Action::crash, target(TargetSpec::Kind::nodes, {2}));
  crash.for_us = 5000;
  FaultSpec pause = fault_at(1000, FaultSpec::Action::pause, target(TargetSpec::Kind::nodes, {4}));
  pause.for_us = 2000;
  FaultSpec clock = fault_at(1000, FaultSpec::Action::clock, target(TargetSpec::Kind::nodes, {1}));
  clock.skew_us = 300000;
  clock.for_us = 4000;
  FaultSpec partition = fault_at(1000, FaultSpec::Action::partition);
  partition.groups = {target(TargetSpec::Kind::nodes, {0, 1})};
  partition.for_us = 3000;
  world.injector.schedule({crash, pause, clock, partition});

  world.simulator.run_until(2000);
  CHECK_FALSE(world.simulator.alive(2));
  CHECK(world.simulator.paused(4));
  CHECK(world.simulator.local_time(1) == 2000 + 300000);
  CHECK(world.network.describe_partition() == "{0,1} | {2,3,4}");

  world.simulator.run_until(10000);
  CHECK(world.simulator.alive(2));
  CHECK_FALSE(world.simulator.paused(4));
  CHECK(world.simulator.local_time(1) == 10000);
  CHECK_FALSE(world.network.partitioned());
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "1000 crash [2]",
                                     "1000 pause [4]",
                                     "1000 clock [1] skew 300ms, drift 0ppm",
                                     "1000 partition [0,1] groups {0,1} | {2,3,4}",
                                     "3000 resume [4]",
                                     "4000 heal [0,1] partition {0,1} | {2,3,4} ended; no partition or cut remains",
                                     "5000 clock [1] skew 0s, drift 0ppm",
                                     "6000 restart [2]",
                                 });
}

TEST_CASE("a partition of minority against others splits the servers in two") {
  World world(5, followers(5));
  FaultSpec partition = fault_at(0, FaultSpec::Action::partition);
  partition.groups = {target(TargetSpec::Kind::minority), target(TargetSpec::Kind::others)};
  world.injector.apply(partition);
  std::map<std::uint32_t, int> sizes;
  for (std::uint32_t group : world.network.groups()) ++sizes[group];
  REQUIRE(sizes.size() == 2);
  std::vector<int> counts;
  for (auto [group, count] : sizes) counts.push_back(count);
  std::sort(counts.begin(), counts.end());
  CHECK(counts == std::vector<int>{2, 3});
}

TEST_CASE("network faults change the network and are reported with readable details") {
  World world(1, followers(5));
  FaultSpec degrade = fault_at(0, FaultSpec::Action::degrade);
  degrade.link.latency.kind = LatencyDistribution::Kind::uniform;
  degrade.link.latency.a_us = 100000;
  degrade.link.latency.b_us = 200000;
  degrade.link.loss = 0.3;
  degrade.for_us = 1000;
  world.injector.apply(degrade);
  CHECK(world.network.link(3, 0).loss == 0.3);
  FaultSpec one_node = degrade;
  one_node.target = target(TargetSpec::Kind::nodes, {4});
  one_node.to = target(TargetSpec::Kind::nodes, {0});
  one_node.link = constant_link(9000);
  one_node.for_us.reset();
  world.injector.apply(one_node);
  CHECK(world.network.link(4, 0).latency.a_us == 9000);
  CHECK(world.network.link(0, 4).latency.a_us == 9000);
  CHECK(world.network.link(4, 1).latency.a_us == 100000);  // still the network-wide degrade

  FaultSpec cut = fault_at(0, FaultSpec::Action::cut, target(TargetSpec::Kind::nodes, {3}));
  cut.to = target(TargetSpec::Kind::nodes, {1, 2});
  world.injector.apply(cut);
  CHECK_FALSE(world.network.reachable(3, 1));
  CHECK(world.network.reachable(1, 3));
  world.injector.apply(fault_at(0, FaultSpec::Action::isolate, nodes({0})));
  CHECK_FALSE(world.network.reachable(0, 4));
  world.injector.apply(fault_at(0, FaultSpec::Action::heal));
  CHECK(world.network.reachable(0, 4));
  CHECK(world.network.reachable(3, 1));
  world.simulator.run_until(1000);  // the network-wide degrade's `for` ends; the other is untimed
  CHECK(world.network.link(4, 0).latency.a_us == 9000);
  CHECK(world.network.link(3, 0).loss == 0.0);
  CHECK(world.network.link(3, 0).latency.a_us == 1000);
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "0 degrade [] latency uniform 100ms..200ms, loss 0.3 on all links",
                                     "0 degrade [0,4] latency constant 9ms on links between {4} and {0}",
                                     "0 cut [1,2,3] 3->1, 3->2",
                                     "0 isolate [0] cut off from every other node: {0} | {1,2,3,4}; cut 3->1, 3->2",
                                     "0 heal [] all partitions and cuts removed",
                                     "1000 restore [] latency uniform 100ms..200ms, loss 0.3 on all links ended; "
                                     "still in force: latency constant 9ms on links between {4} and {0}",
                                 });
}

namespace {

struct NemesisRun {
  std::vector<std::string> faults;
  bool all_repaired = true;
};

NemesisRun run_nemesis(std::uint64_t seed, TimeUs stop_us = 20 * kSecond) {
  World world(seed, followers(5), 1);
  NemesisSpec nemesis;
  nemesis.enabled = true;
  nemesis.actions = {FaultSpec::Action::crash,   FaultSpec::Action::pause,   FaultSpec::Action::partition,
                     FaultSpec::Action::isolate, FaultSpec::Action::degrade, FaultSpec::Action::clock};
  nemesis.every_us = 700 * kMillisecond;
  nemesis.duration_us = 1500 * kMillisecond;  // longer than `every`: faults overlap
  nemesis.start_us = 500 * kMillisecond;
  nemesis.stop_us = stop_us;
  nemesis.degraded_link = constant_link(80000);
  nemesis.degraded_link.loss = 0.2;
  world.injector.schedule_nemesis(nemesis, 30 * kSecond);
  world.simulator.run_until(stop_us);  // every undo is due by the stop time, at the latest
  NemesisRun run;
  run.faults = world.recorder.faults;
  for (NodeId node = 0; node < 6; ++node) {
    if (!world.simulator.alive(node) || world.simulator.paused(node)) run.all_repaired = false;
    if (world.simulator.local_time(node) != world.simulator.now()) run.all_repaired = false;
    for (NodeId other = 0; other < 6; ++other) {
      if (world.network.link(node, other).latency.a_us != 1000 || world.network.link(node, other).loss != 0) {
        run.all_repaired = false;
      }
    }
  }
  if (world.network.partitioned()) run.all_repaired = false;
  // After the stop time nothing more happens.
  std::size_t count = world.recorder.faults.size();
  world.simulator.run_until(30 * kSecond);
  if (world.recorder.faults.size() != count) run.all_repaired = false;
  return run;
}

}  // namespace

TEST_CASE("the nemesis schedule is deterministic per seed and differs across seeds") {
  NemesisRun first = run_nemesis(42);
  NemesisRun again = run_nemesis(42);
  NemesisRun other = run_nemesis(43);
  CHECK(first.faults.size() > 40);  // about 28 faults plus their undos
  CHECK(first.faults == again.faults);
  CHECK(first.faults != other.faults);
  // Every kind of fault shows up over a 20s run.
  for (const char* kind : {" crash ", " pause ", " partition ", " isolate ", " degrade ", " clock "}) {
    bool found = false;
    for (const std::string& fault : first.faults) found = found || fault.find(kind) != std::string::npos;
    CHECK(found);
  }
}

TEST_CASE("the nemesis leaves nothing broken after its stop time") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    NemesisRun run = run_nemesis(seed, 10 * kSecond + 300 * kMillisecond);  // the last fault is cut short
    CHECK(run.all_repaired);
  }
}
