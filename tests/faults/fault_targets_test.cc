// "others" means one thing in every action: the servers that the fault's other targets do not
// choose (docs/scenario-format.md, "Targets"). One test per action that has another target
// (partition, cut, degrade), plus resolution on its own and the skip when it names nobody.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/faults/fault_world.h"

using namespace dsim;
using namespace dsim::testing;
using Action = FaultSpec::Action;

namespace {

TargetSpec word(TargetSpec::Kind kind, const char* text) {
  TargetSpec spec = target(kind);
  spec.text = text;
  return spec;
}

const TargetSpec kOthers = word(TargetSpec::Kind::others, "others");
const TargetSpec kLeader = word(TargetSpec::Kind::leader, "leader");

// Servers 0..4 with node 3 the leader, and one client (node 5).
FaultWorld world_with_leader_3() {
  return FaultWorld(1, {{"follower", 2}, {"follower", 2}, {"follower", 2}, {"leader", 2}, {"follower", 2}}, 1);
}

}  // namespace

TEST_CASE("others in a partition is the servers in no other group, wherever it is written") {
  for (bool others_first : {false, true}) {
    FaultWorld world = world_with_leader_3();
    FaultSpec partition = fault_at(0, Action::partition);
    partition.groups = others_first ? std::vector<TargetSpec>{kOthers, kLeader} : std::vector<TargetSpec>{kLeader, kOthers};
    world.injector.apply(partition);
    CHECK(world.network.describe_partition() == "{0,1,2,4} | {3}");
    CHECK(world.recorder.faults == std::vector<std::string>{"0 partition [0,1,2,3,4] groups {0,1,2,4} | {3}"});
    CHECK(world.reachable(5, 3));  // a client is in no group
  }
}

TEST_CASE("others in a partition with three groups is the rest of the servers") {
  FaultWorld world = world_with_leader_3();
  FaultSpec partition = fault_at(0, Action::partition);
  partition.groups = {nodes({0}), kOthers, nodes({1, 2})};
  world.injector.apply(partition);
  CHECK(world.network.describe_partition() == "{0} | {1,2} | {3,4}");
}

TEST_CASE("others in a cut is the servers the other end did not choose, as its source or its destination") {
  FaultWorld world = world_with_leader_3();
  FaultSpec from_leader = fault_at(0, Action::cut, kLeader);
  from_leader.to = kOthers;
  world.injector.apply(from_leader);
  CHECK(world.recorder.faults.back() == "0 cut [0,1,2,3,4] 3->0, 3->1, 3->2, 3->4");

  FaultSpec to_zero = fault_at(0, Action::cut, kOthers);
  to_zero.to = nodes({0, 1});
  world.injector.apply(to_zero);
  CHECK(world.recorder.faults.back() == "0 cut [0,1,2,3,4] 2->0, 2->1, 3->0, 3->1, 4->0, 4->1");
  CHECK(world.reachable(5, 0));  // never the clients
}

TEST_CASE("others in a degrade is the servers the other end did not choose") {
  FaultWorld world = world_with_leader_3();
  FaultSpec degrade = fault_at(0, Action::degrade, nodes({4}));
  degrade.to = kOthers;
  degrade.link = constant_link(9000);
  world.injector.apply(degrade);
  CHECK(world.recorder.faults.back() ==
        "0 degrade [0,1,2,3,4] latency constant 9ms on links between {4} and {0,1,2,3}");
  CHECK(world.network.link(4, 0).latency.a_us == 9000);
  CHECK(world.network.link(5, 4).latency.a_us == 1000);  // the client's link is not among them

  FaultSpec reversed = fault_at(0, Action::degrade, kOthers);
  reversed.to = nodes({0, 1});
  reversed.link = constant_link(7000);
  world.injector.apply(reversed);
  CHECK(world.recorder.faults.back() ==
        "0 degrade [0,1,2,3,4] latency constant 7ms on links between {2,3,4} and {0,1}");
}

TEST_CASE("others alone, with no other target, is every server; never the previous fault's complement") {
  FaultWorld world = world_with_leader_3();
  world.injector.apply(fault_at(0, Action::pause, nodes({1, 3})));
  CHECK(world.injector.resolve(kOthers) == std::vector<NodeId>{0, 1, 2, 3, 4});
  std::vector<std::vector<NodeId>> together = world.injector.resolve_together({&kLeader, &kOthers}, Action::cut);
  CHECK(together == std::vector<std::vector<NodeId>>{{3}, {0, 1, 2, 4}});
}

TEST_CASE("others that names nobody skips the fault with a narration") {
  FaultWorld world = world_with_leader_3();
  FaultSpec cut = fault_at(0, Action::cut, word(TargetSpec::Kind::all, "all"));
  cut.to = kOthers;
  world.injector.apply(cut);
  CHECK(world.recorder.faults.empty());
  CHECK(world.recorder.notes ==
        std::vector<std::string>{
            "0 fault skipped: cut all: its destination the fault's other targets chose every server"});
  CHECK_FALSE(world.network.partitioned());
}

TEST_CASE("a partition of leader and others with no leader is skipped, not applied as one group") {
  FaultWorld world(1, followers(5));
  FaultSpec partition = fault_at(0, Action::partition);
  partition.groups = {kLeader, kOthers};
  world.injector.apply(partition);
  CHECK(world.recorder.faults.empty());
  CHECK(world.recorder.notes ==
        std::vector<std::string>{"0 fault skipped: partition [leader, others]: no group names a node"});
}

TEST_CASE("random draws a server the action can change: running for a pause, paused for a resume") {
  FaultWorld world(3, followers(4), 1);
  world.simulator.pause(1);
  world.simulator.pause(2);
  world.simulator.crash(3);
  TargetSpec random = word(TargetSpec::Kind::random, "random");
  for (int i = 0; i < 30; ++i) {
    CHECK(world.injector.resolve(random, Action::pause) == std::vector<NodeId>{0});
    std::vector<NodeId> paused = world.injector.resolve(random, Action::resume);
    REQUIRE(paused.size() == 1);
    CHECK((paused[0] == 1 || paused[0] == 2));
    CHECK(world.injector.resolve(random, Action::restart) == std::vector<NodeId>{3});
  }
  world.simulator.pause(0);
  world.injector.apply(fault_at(0, Action::pause, random));
  CHECK(world.recorder.notes.back() == "0 fault skipped: pause random: no server is running");
}
