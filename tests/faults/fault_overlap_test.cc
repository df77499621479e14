// A fault's `for` undoes exactly that fault (issue 10, item 7): overlapping isolations,
// partitions, cuts, degradations, pauses, crashes and clock faults end independently; an explicit
// heal, restore, restart or resume, or heal_at, in the middle of timed faults leaves their pending
// undos nothing to do; and the records of undos say what ended and what is still in force.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/faults/fault_world.h"

using namespace dsim;
using namespace dsim::testing;
using Action = FaultSpec::Action;

namespace {

FaultSpec partition_at(TimeUs at, std::vector<TargetSpec> groups) {
  FaultSpec fault = fault_at(at, Action::partition);
  fault.groups = std::move(groups);
  return fault;
}

FaultSpec cut_at(TimeUs at, std::vector<NodeId> from, std::vector<NodeId> to) {
  FaultSpec fault = fault_at(at, Action::cut, nodes(std::move(from)));
  fault.to = nodes(std::move(to));
  return fault;
}

FaultSpec degrade_at(TimeUs at, std::vector<NodeId> ends, std::vector<NodeId> other_ends, DurationUs latency_us) {
  FaultSpec fault = fault_at(at, Action::degrade, nodes(std::move(ends)));
  fault.to = nodes(std::move(other_ends));
  fault.link = constant_link(latency_us);
  return fault;
}

FaultSpec clock_at(TimeUs at, NodeId node, DurationUs skew_us) {
  FaultSpec fault = fault_at(at, Action::clock, nodes({node}));
  fault.skew_us = skew_us;
  return fault;
}

}  // namespace

// ---------------------------------------------------------------- partitions, isolations, cuts

TEST_CASE("the end of one isolation does not reconnect a node that another isolation still holds") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({timed(fault_at(1000, Action::isolate, nodes({1})), 4000),    // 1ms..5ms
                           timed(fault_at(2000, Action::isolate, nodes({3})), 6000)});  // 2ms..8ms
  world.simulator.run_until(6000);
  CHECK(world.reachable(1, 0));
  CHECK_FALSE(world.reachable(3, 0));  // the old undo healed everything here
  CHECK_FALSE(world.reachable(0, 3));
  world.simulator.run_until(9000);
  CHECK(world.reachable(3, 0));
  CHECK_FALSE(world.network.partitioned());
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "1000 isolate [1] cut off from every other node: {0,2,3,4} | {1}",
                                     "2000 isolate [3] cut off from every other node: {0,2,4} | {1} | {3}",
                                     "5000 heal [1] isolation of {1} ended; still in force: {0,1,2,4} | {3}",
                                     "8000 heal [3] isolation of {3} ended; no partition or cut remains",
                                 });
}

TEST_CASE("two isolations of one node: it rejoins when the later-ending one ends") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::isolate, nodes({2})), 5000),    // 1ms..6ms
                           timed(fault_at(2000, Action::isolate, nodes({2})), 2000)});  // 2ms..4ms
  world.simulator.run_until(5000);
  CHECK_FALSE(world.reachable(2, 0));
  world.simulator.run_until(7000);
  CHECK(world.reachable(2, 0));
}

TEST_CASE("a partition overlapping a cut: each one's end leaves the other in force") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({timed(partition_at(1000, {nodes({0, 1})}), 2000),  // 1ms..3ms
                           timed(cut_at(2000, {3}, {1}), 5000)});             // 2ms..7ms
  world.simulator.run_until(2500);
  CHECK_FALSE(world.reachable(0, 3));
  world.simulator.run_until(4000);
  CHECK(world.reachable(0, 3));        // the partition is over
  CHECK(world.reachable(1, 3));        // the cut is one way
  CHECK_FALSE(world.reachable(3, 1));  // and still in force
  world.simulator.run_until(8000);
  CHECK(world.reachable(3, 1));
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "1000 partition [0,1] groups {0,1} | {2,3,4}",
                                     "2000 cut [1,3] 3->1",
                                     "3000 heal [0,1] partition {0,1} | {2,3,4} ended; still in force: cut 3->1",
                                     "7000 heal [1,3] cut 3->1 ended; no partition or cut remains",
                                 });
}

TEST_CASE("a cut overlapping a partition that outlives it: the partition still blocks both ways") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({timed(cut_at(1000, {3}, {1}), 2000),                  // 1ms..3ms
                           timed(partition_at(2000, {nodes({0, 1})}), 5000)});  // 2ms..7ms
  world.simulator.run_until(4000);
  CHECK_FALSE(world.reachable(3, 1));
  CHECK_FALSE(world.reachable(1, 3));
  CHECK(world.reachable(3, 4));
  world.simulator.run_until(8000);
  CHECK(world.reachable(3, 1));
}

TEST_CASE("two overlapping partitions: nodes are apart while either keeps them apart") {
  FaultWorld world(1, followers(4));
  world.injector.schedule({timed(partition_at(1000, {nodes({0, 1})}), 4000),    // 1ms..5ms
                           timed(partition_at(2000, {nodes({0, 2})}), 5000)});  // 2ms..7ms
  world.simulator.run_until(3000);
  CHECK(world.network.describe_partition() == "{0} | {1} | {2} | {3}");
  world.simulator.run_until(6000);
  CHECK(world.network.describe_partition() == "{0,2} | {1,3}");
  CHECK(world.reachable(1, 3));
  CHECK_FALSE(world.reachable(0, 1));
}

TEST_CASE("heal in the middle of timed partitions: their pending undos record nothing and lift nothing new") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({
      timed(fault_at(1000, Action::isolate, nodes({1})), 5000),  // would end at 6ms
      timed(cut_at(1000, {3}, {2}), 6000),                       // would end at 7ms
      fault_at(3000, Action::heal),
      fault_at(4000, Action::isolate, nodes({4})),  // after the heal, untimed: the old undos must not end it
  });
  world.simulator.run_until(10000);
  CHECK_FALSE(world.reachable(4, 0));
  CHECK(world.reachable(1, 0));
  CHECK(world.reachable(3, 2));
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "1000 isolate [1] cut off from every other node: {0,2,3,4} | {1}",
                                     "1000 cut [2,3] 3->2",
                                     "3000 heal [] all partitions and cuts removed",
                                     "4000 isolate [4] cut off from every other node: {0,1,2,3} | {4}",
                                 });
}

// ---------------------------------------------------------------- degradations

TEST_CASE("two degrades on one link: ending the outer one keeps the inner one's model") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({timed(degrade_at(1000, {4}, {0}, 5000), 5000),    // 1ms..6ms
                           timed(degrade_at(2000, {4}, {0}, 9000), 1000)});  // 2ms..3ms
  world.simulator.run_until(2500);
  CHECK(world.network.link(4, 0).latency.a_us == 9000);
  world.simulator.run_until(4000);
  CHECK(world.network.link(4, 0).latency.a_us == 5000);  // the outer one is still in force
  CHECK(world.network.link(0, 4).latency.a_us == 5000);
  world.simulator.run_until(7000);
  CHECK(world.network.link(4, 0).latency.a_us == 1000);
  CHECK(world.recorder.faults ==
        std::vector<std::string>{
            "1000 degrade [0,4] latency constant 5ms on links between {4} and {0}",
            "2000 degrade [0,4] latency constant 9ms on links between {4} and {0}",
            "3000 restore [4] latency constant 9ms on links between {4} and {0} ended; still in force: latency "
            "constant 5ms on links between {4} and {0}",
            "6000 restore [4] latency constant 5ms on links between {4} and {0} ended; links back to the scenario's "
            "network model",
        });
}

TEST_CASE("two degrades on one link: when the older ends first, the newer one's model stays") {
  FaultWorld world(1, followers(5));
  world.injector.schedule({timed(degrade_at(1000, {4}, {0}, 5000), 2000),    // 1ms..3ms
                           timed(degrade_at(2000, {4}, {0}, 9000), 5000)});  // 2ms..7ms
  world.simulator.run_until(4000);
  CHECK(world.network.link(4, 0).latency.a_us == 9000);
  world.simulator.run_until(8000);
  CHECK(world.network.link(4, 0).latency.a_us == 1000);
}

TEST_CASE("restore in the middle of timed degrades: their pending undos record nothing") {
  FaultWorld world(1, followers(3));
  FaultSpec whole = fault_at(1000, Action::degrade, target(TargetSpec::Kind::all));
  whole.link = constant_link(7000);
  world.injector.schedule({timed(whole, 5000), timed(degrade_at(1000, {1}, {2}, 5000), 5000),
                           fault_at(2000, Action::restore), degrade_at(3000, {0}, {1}, 8000)});
  world.simulator.run_until(10000);
  CHECK(world.network.link(0, 1).latency.a_us == 8000);  // the untimed degrade after the restore stays
  CHECK(world.network.link(1, 2).latency.a_us == 1000);
  CHECK(world.recorder.faults.size() == 4);  // two degrades, the restore, the third degrade
  CHECK(world.recorder.faults[2] == "2000 restore [] links back to the scenario's network model");
}

// ---------------------------------------------------------------- clocks

TEST_CASE("a clock fault inside another: the inner one's end puts back the outer one's clock") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(clock_at(1000, 1, 300000), 10000),   // 1ms..11ms
                           timed(clock_at(2000, 1, -50000), 2000)});  // 2ms..4ms
  world.simulator.run_until(3000);
  CHECK(world.clock_offset(1) == -50000);
  world.simulator.run_until(5000);
  CHECK(world.clock_offset(1) == 300000);  // the old undo set the clock true here
  world.simulator.run_until(12000);
  CHECK(world.clock_offset(1) == 0);
  CHECK(world.recorder.faults == std::vector<std::string>{
                                     "1000 clock [1] skew 300ms, drift 0ppm",
                                     "2000 clock [1] skew -50ms, drift 0ppm",
                                     "4000 clock [1] skew 300ms, drift 0ppm",
                                     "11000 clock [1] skew 0s, drift 0ppm",
                                 });
}

TEST_CASE("a drift fault's end puts back the clock it replaced: the drift's error goes with it") {
  FaultWorld world(1, followers(3));
  FaultSpec slow = fault_at(2 * kSecond, Action::clock, nodes({1}));
  slow.drift_ppm = -250000;
  world.injector.schedule({timed(slow, 4 * kSecond)});  // 2 s..6 s at 75% speed
  world.simulator.run_until(2 * kSecond);
  CHECK(world.clock_offset(1) == 0);  // no jump when the drift starts
  world.simulator.run_until(4 * kSecond);
  CHECK(world.clock_offset(1) == -500000);  // 2 s at 75%: half a second behind
  world.simulator.run_until(7 * kSecond);
  CHECK(world.clock_offset(1) == 0);  // the fault is over: the clock reads as before it
}

TEST_CASE("a clock fault that ends under a later one leaves the later one's clock") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(clock_at(1000, 1, 300000), 2000),    // 1ms..3ms
                           timed(clock_at(2000, 1, -50000), 5000)});  // 2ms..7ms
  world.simulator.run_until(4000);
  CHECK(world.clock_offset(1) == -50000);
  CHECK(world.recorder.notes == std::vector<std::string>{
                                    "3000 a clock fault on n1 ends, but a later clock fault still sets its clock"});
  world.simulator.run_until(8000);
  CHECK(world.clock_offset(1) == 0);
}

TEST_CASE("a clock fault's end goes back to the clock before it, not to a true clock") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({clock_at(1000, 2, 40000),                    // untimed
                           timed(clock_at(2000, 2, 90000), 1000),       // 2ms..3ms
                           timed(clock_at(5000, 2, 70000), 10000),      // 5ms..15ms, covered for good by
                           clock_at(6000, 2, 20000)});                  // this untimed one at 6ms
  world.simulator.run_until(4000);
  CHECK(world.clock_offset(2) == 40000);
  world.simulator.run_until(16000);
  CHECK(world.clock_offset(2) == 20000);
}

// ---------------------------------------------------------------- pauses and crashes

TEST_CASE("a pause whose for ends after an explicit resume does not resume a later pause") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::pause, nodes({2})), 5000),  // 1ms..6ms
                           fault_at(2000, Action::resume, nodes({2})),
                           fault_at(3000, Action::pause, nodes({2}))});  // untimed
  world.simulator.run_until(7000);
  CHECK(world.simulator.paused(2));
  CHECK(world.recorder.faults ==
        std::vector<std::string>{"1000 pause [2]", "2000 resume [2]", "3000 pause [2]"});
}

TEST_CASE("overlapping pauses of one node: it stays frozen until the last one ends") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::pause, nodes({2})), 3000),    // 1ms..4ms
                           timed(fault_at(2000, Action::pause, nodes({2})), 5000)});  // 2ms..7ms
  world.simulator.run_until(5000);
  CHECK(world.simulator.paused(2));
  CHECK(world.recorder.notes ==
        std::vector<std::string>{"4000 a pause of n2 ends, but another pause keeps it frozen"});
  world.simulator.run_until(8000);
  CHECK_FALSE(world.simulator.paused(2));
  CHECK(world.recorder.faults == std::vector<std::string>{"1000 pause [2]", "7000 resume [2]"});
}

TEST_CASE("overlapping crashes of one node: it restarts when the last one ends, once") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::crash, nodes({2})), 2000),    // 1ms..3ms
                           timed(fault_at(2000, Action::crash, nodes({1, 2})), 4000)});  // 2ms..6ms
  world.simulator.run_until(4000);
  CHECK_FALSE(world.simulator.alive(2));
  world.simulator.run_until(7000);
  CHECK(world.simulator.alive(2));
  CHECK(world.simulator.alive(1));
  CHECK(world.recorder.faults == std::vector<std::string>{"1000 crash [2]", "2000 crash [1]", "6000 restart [1]",
                                                          "6000 restart [2]"});
  CHECK(world.recorder.notes ==
        std::vector<std::string>{"3000 a crash of n2 ends, but another crash keeps it down"});
}

TEST_CASE("a crash's for does not restart a node that an untimed crash took down before it") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({fault_at(1000, Action::crash, nodes({0})),
                           timed(fault_at(2000, Action::crash, nodes({0, 1})), 1000)});
  world.simulator.run_until(5000);
  CHECK_FALSE(world.simulator.alive(0));  // the old undo restarted every target
  CHECK(world.simulator.alive(1));
}

TEST_CASE("a crash's for after an explicit restart and a new crash leaves the node down") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::crash, nodes({2})), 5000),  // 1ms..6ms
                           fault_at(2000, Action::restart, nodes({2})),
                           fault_at(3000, Action::crash, nodes({2}))});  // untimed
  world.simulator.run_until(8000);
  CHECK_FALSE(world.simulator.alive(2));
  CHECK(world.recorder.faults ==
        std::vector<std::string>{"1000 crash [2]", "2000 restart [2]", "3000 crash [2]"});
}

TEST_CASE("a crash ends a pause: the pause's for then resumes nothing after a restart") {
  FaultWorld world(1, followers(3));
  world.injector.schedule({timed(fault_at(1000, Action::pause, nodes({2})), 5000),  // 1ms..6ms
                           timed(fault_at(2000, Action::crash, nodes({2})), 1000),  // 2ms..3ms
                           fault_at(4000, Action::pause, nodes({2}))});             // untimed
  world.simulator.run_until(8000);
  CHECK(world.simulator.paused(2));
  CHECK(world.recorder.faults ==
        std::vector<std::string>{"1000 pause [2]", "2000 crash [2]", "3000 restart [2]", "4000 pause [2]"});
}

// ---------------------------------------------------------------- heal_at

TEST_CASE("heal_at ends every fault in force, and the undos still pending then do nothing") {
  FaultWorld world(1, followers(5));
  FaultSpec whole = fault_at(1000, Action::degrade, target(TargetSpec::Kind::all));
  whole.link = constant_link(7000);
  world.injector.schedule({
      timed(fault_at(1000, Action::crash, nodes({0})), 9000),
      timed(fault_at(1000, Action::pause, nodes({1})), 9000),
      timed(clock_at(1000, 2, 50000), 9000),
      timed(fault_at(1000, Action::isolate, nodes({3})), 9000),
      timed(whole, 9000),
      // After heal_at, untimed faults that the pending undos (at 10ms) must leave alone.
      fault_at(5000, Action::crash, nodes({0})),
      fault_at(5000, Action::pause, nodes({1})),
      clock_at(5000, 2, 30000),
      fault_at(5000, Action::isolate, nodes({3})),
      degrade_at(5000, {4}, {0}, 6000),
  });
  world.injector.schedule_final_heal(3000);
  world.simulator.run_until(4000);
  CHECK(world.simulator.alive(0));
  CHECK_FALSE(world.simulator.paused(1));
  CHECK(world.clock_offset(2) == 0);
  CHECK_FALSE(world.network.partitioned());
  CHECK(world.network.link(1, 2).latency.a_us == 1000);
  std::size_t records = world.recorder.faults.size();
  world.simulator.run_until(20000);
  CHECK(world.recorder.faults.size() == records + 5);  // the five untimed faults at 5ms, and nothing after
  CHECK_FALSE(world.simulator.alive(0));
  CHECK(world.simulator.paused(1));
  CHECK(world.clock_offset(2) == 30000);
  CHECK_FALSE(world.reachable(3, 0));
  CHECK(world.network.link(4, 0).latency.a_us == 6000);
  CHECK(world.recorder.notes.empty());
}

// ---------------------------------------------------------------- the random nemesis

TEST_CASE("the nemesis's faults end without ending a scheduled isolation that overlaps them") {
  FaultWorld world(4, followers(5));
  NemesisSpec nemesis;
  nemesis.enabled = true;
  nemesis.actions = {Action::partition, Action::isolate};
  nemesis.every_us = 500 * kMillisecond;
  nemesis.duration_us = 200 * kMillisecond;
  nemesis.stop_us = 3 * kSecond;
  world.injector.schedule({timed(fault_at(100 * kMillisecond, Action::isolate, nodes({0})), 5 * kSecond)});
  world.injector.schedule_nemesis(nemesis, 10 * kSecond);
  world.simulator.run_until(4 * kSecond);
  std::size_t heals = 0;
  for (const std::string& fault : world.recorder.faults) heals += fault.find(" heal ") != std::string::npos;
  CHECK(heals == 6);  // each of the nemesis's six faults ended by itself
  CHECK_FALSE(world.reachable(0, 1));  // node 0 is still isolated
  CHECK(world.network.describe_partition() == "{0} | {1,2,3,4}");
  world.simulator.run_until(6 * kSecond);
  CHECK_FALSE(world.network.partitioned());
}
