// Replaying trace events onto a snapshot: messages travel and die, timers drain, nodes crash and
// pause, and partitions are read out of fault records.

#include <catch2/catch.hpp>

#include "tests/viz/trace_text.h"
#include "viz/model/timeline.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::TraceText;

namespace {
Timeline timeline_of(const TraceText& trace, TimeUs end_us) {
  return Timeline(read_trace_text(trace.text(end_us), "test.jsonl"));
}
}  // namespace

TEST_CASE("a message is in flight between its send and its delivery", "[viz][snapshot]") {
  TraceText trace(2);
  trace.send(1000, 0, 1, 7, "Ping", 3000, "{\"hop\":1}").deliver(3000, 0, 1, 7, "Ping");
  Timeline timeline = timeline_of(trace, 5000);

  CHECK(timeline.snapshot_at(999).messages.empty());
  WorldSnapshot halfway = timeline.snapshot_at(2000);
  REQUIRE(halfway.messages.size() == 1);
  const MessageInFlight& message = halfway.messages.begin()->second;
  CHECK(message.from == 0);
  CHECK(message.to == 1);
  CHECK(message.type == "Ping");
  CHECK(message.progress(2000) == Approx(0.5));
  CHECK(timeline.events()[message.send_event].body == "{\"hop\":1}");
  CHECK(timeline.snapshot_at(3000).messages.empty());
}

TEST_CASE("a dropped message stays where it died for a while, then is forgotten", "[viz][snapshot]") {
  TraceText trace(2);
  trace.send(0, 0, 1, 1, "Ping", 4000).drop(1000, 0, 1, 1, "Ping", "partition");
  Timeline timeline = timeline_of(trace, kSecond);
  WorldSnapshot just_after = timeline.snapshot_at(2000);
  REQUIRE(just_after.messages.size() == 1);
  const MessageInFlight& message = just_after.messages.begin()->second;
  CHECK(message.dropped());
  CHECK(message.drop_reason == "partition");
  CHECK(message.progress(2000) == Approx(0.25));  // where it died, not where it would be
  TimeUs linger = timeline.options().dropped_linger_us;
  CHECK(timeline.snapshot_at(1000 + linger).messages.size() == 1);
  CHECK(timeline.snapshot_at(1000 + linger + 1).messages.empty());
}

TEST_CASE("a message dropped as it was sent stays at its sender", "[viz][snapshot]") {
  TraceText trace(2);
  trace.send(500, 0, 1, 1, "Ping", -1).drop(500, 0, 1, 1, "Ping", "loss");
  Timeline timeline = timeline_of(trace, kSecond);
  WorldSnapshot world = timeline.snapshot_at(600);
  REQUIRE(world.messages.size() == 1);
  CHECK(world.messages.begin()->second.progress(600) == 0.0);
}

TEST_CASE("a duplicated message is two copies under one id, delivered one at a time", "[viz][snapshot]") {
  TraceText trace(2);
  trace.send(0, 0, 1, 3, "Ping", 1000).send(0, 0, 1, 3, "Ping", 2000).deliver(1000, 0, 1, 3, "Ping").deliver(2000, 0, 1, 3, "Ping");
  Timeline timeline = timeline_of(trace, 3000);
  CHECK(timeline.snapshot_at(500).messages.size() == 2);
  CHECK(timeline.snapshot_at(1500).messages.size() == 1);
  CHECK(timeline.snapshot_at(2000).messages.empty());
}

TEST_CASE("a timer drains from set to fire and is gone once fired or cancelled", "[viz][snapshot]") {
  TraceText trace(2);
  trace.timer_set(0, 0, 11, "election", 200000).timer_set(0, 1, 12, "heartbeat", 100000);
  trace.timer_cancel(50000, 1, 12).timer_fire(200000, 0, 11, "election");
  Timeline timeline = timeline_of(trace, kSecond);
  WorldSnapshot early = timeline.snapshot_at(50000 - 1);
  REQUIRE(early.timers.size() == 2);
  CHECK(early.timers.at(11).name == "election");
  CHECK(early.timers.at(11).remaining(50000) == Approx(0.75));
  WorldSnapshot later = timeline.snapshot_at(150000);
  REQUIRE(later.timers.size() == 1);
  CHECK(later.timers.count(11) == 1);
  CHECK(timeline.snapshot_at(200000).timers.empty());
}

TEST_CASE("a crash greys a node out, clears its state and forgets its timers", "[viz][snapshot]") {
  TraceText trace(3);
  trace.state(0, 1, "role", "\"leader\"").timer_set(0, 1, 5, "heartbeat", 50000).timer_set(0, 2, 6, "election", 90000);
  trace.fault(10000, "crash", {1}).state(10000, 1, "role", "null");
  trace.fault(20000, "pause", {2}).fault(30000, "resume", {2}).fault(40000, "restart", {1});
  Timeline timeline = timeline_of(trace, kSecond);

  WorldSnapshot crashed = timeline.snapshot_at(10000);
  CHECK(crashed.nodes[1].status == NodeStatus::crashed);
  CHECK(crashed.nodes[1].state.empty());
  CHECK(crashed.timers.size() == 1);
  CHECK(crashed.timers.count(6) == 1);
  CHECK(timeline.snapshot_at(25000).nodes[2].status == NodeStatus::paused);
  CHECK(timeline.snapshot_at(35000).nodes[2].status == NodeStatus::alive);
  CHECK(timeline.snapshot_at(45000).nodes[1].status == NodeStatus::alive);
  CHECK(timeline.snapshot_at(5000).nodes[1].text("role") == "leader");
}

TEST_CASE("partition groups are read from the network's detail, in either bracket style", "[viz][snapshot]") {
  TraceText trace(5);
  trace.fault(1000, "partition", {0, 1, 2, 3, 4}, "groups {0,1} | {2,3,4}");
  trace.fault(2000, "heal", {}, "all partitions and cuts removed");
  trace.fault(3000, "partition", {0, 1}, "groups [0, 1] [2, 3]");
  trace.fault(4000, "heal", {});
  trace.fault(5000, "isolate", {3}, "cut off from every other node: {0,1,2,4} | {3}");
  trace.fault(6000, "heal", {});
  trace.fault(7000, "cut", {0, 1, 2}, "0->1, 0->2");
  Timeline timeline = timeline_of(trace, kSecond);

  PartitionState split = timeline.snapshot_at(1500).partition;
  REQUIRE(split.groups.size() == 2);
  CHECK(split.groups[0] == std::vector<NodeId>{0, 1});
  CHECK(split.groups[1] == std::vector<NodeId>{2, 3, 4});
  CHECK(split.blocks(0, 2));
  CHECK(split.blocks(4, 1));
  CHECK_FALSE(split.blocks(2, 4));
  CHECK_FALSE(timeline.snapshot_at(2500).partition.partitioned());

  // node 4 is in no group (as clients are): it still reaches both sides
  PartitionState bracketed = timeline.snapshot_at(3500).partition;
  REQUIRE(bracketed.groups.size() == 2);
  CHECK(bracketed.groups[1] == std::vector<NodeId>{2, 3});
  CHECK(bracketed.blocks(1, 2));
  CHECK_FALSE(bracketed.blocks(4, 0));
  CHECK_FALSE(bracketed.blocks(3, 4));

  PartitionState isolated = timeline.snapshot_at(5500).partition;
  CHECK(isolated.group_of(3) != isolated.group_of(0));
  CHECK(isolated.blocks(3, 4));
  CHECK_FALSE(isolated.blocks(0, 4));

  PartitionState cut = timeline.snapshot_at(7500).partition;
  CHECK(cut.groups.empty());
  CHECK(cut.blocks(0, 1));
  CHECK(cut.blocks(0, 2));
  CHECK_FALSE(cut.blocks(1, 0));  // one-way
}

TEST_CASE("the end of one partition keeps what its record says is still in force", "[viz][snapshot]") {
  // The records sim/faults writes when overlapping isolations and a cut end one at a time.
  TraceText trace(5);
  trace.fault(1000, "isolate", {1}, "cut off from every other node: {0,2,3,4} | {1}");
  trace.fault(2000, "isolate", {3}, "cut off from every other node: {0,2,4} | {1} | {3}; cut 4->0");
  trace.fault(3000, "heal", {1}, "isolation of {1} ended; still in force: {0,1,2,4} | {3}; cut 4->0");
  trace.fault(4000, "heal", {3}, "isolation of {3} ended; still in force: cut 4->0");
  trace.fault(5000, "heal", {0, 4}, "cut 4->0 ended; no partition or cut remains");
  Timeline timeline = timeline_of(trace, kSecond);

  PartitionState both = timeline.snapshot_at(2500).partition;
  CHECK(both.blocks(1, 0));
  CHECK(both.blocks(3, 0));
  CHECK(both.blocks(4, 0));
  PartitionState one = timeline.snapshot_at(3500).partition;
  CHECK_FALSE(one.blocks(1, 0));
  CHECK(one.blocks(3, 0));  // the other isolation is still in force
  CHECK(one.blocks(4, 0));
  CHECK_FALSE(one.blocks(0, 4));
  PartitionState cut_only = timeline.snapshot_at(4500).partition;
  CHECK(cut_only.groups.empty());
  CHECK(cut_only.blocks(4, 0));
  CHECK_FALSE(cut_only.blocks(3, 0));
  CHECK_FALSE(timeline.snapshot_at(5500).partition.partitioned());
}

TEST_CASE("the end of one degrade keeps the degradations its record says are still in force", "[viz][snapshot]") {
  TraceText trace(2);
  trace.fault(1000, "degrade", {0, 1}, "latency constant 5ms on links between {1} and {0}");
  trace.fault(2000, "degrade", {}, "loss 0.3 on all links");
  trace.fault(3000, "restore", {}, "loss 0.3 on all links ended; still in force: latency constant 5ms on links between {1} and {0}");
  trace.fault(4000, "restore", {1}, "latency constant 5ms on links between {1} and {0} ended; links back to the scenario's network model");
  Timeline timeline = timeline_of(trace, kSecond);
  CHECK(timeline.snapshot_at(2500).partition.degradation == "loss 0.3 on all links");
  CHECK(timeline.snapshot_at(3500).partition.degradation == "latency constant 5ms on links between {1} and {0}");
  CHECK(timeline.snapshot_at(4500).partition.degradation.empty());
}

TEST_CASE("a degraded network is noted until the links are restored", "[viz][snapshot]") {
  TraceText trace(2);
  trace.fault(1000, "degrade", {}, "loss 0.3 on all links").fault(2000, "restore", {}, "links back");
  Timeline timeline = timeline_of(trace, kSecond);
  CHECK(timeline.snapshot_at(1500).partition.degradation == "loss 0.3 on all links");
  CHECK(timeline.snapshot_at(2500).partition.degradation.empty());
}
