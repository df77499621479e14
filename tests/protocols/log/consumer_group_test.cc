// The consumer group (sim/protocols/log/: group_assignor, group_coordinator, consumer, sink,
// delivery_invariants): the assignors as a table, the delivery checkers on hand-made histories,
// the library pairs' verdicts, mutant consumers that prove each checker can fail, and a sweep.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "sim/protocols/log/build.h"
#include "sim/protocols/log/delivery_invariants.h"
#include "sim/protocols/log/group_assignor.h"
#include "sim/protocols/log/group_coordinator.h"
#include "sim/protocols/log/view.h"
#include "sim/runner/run.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::log;

namespace {

using testing::run_library;
using testing::verdict;

ProtocolRegistry consumer_mutant(ConsumerMutants mutants) {
  return testing::mutant_registry("log", [mutants](World& world) { build_log_world(world, BrokerMutants{}, mutants); });
}

HistoryEvent processed(std::int64_t offset, NodeId consumer, TimeUs time) {
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::ok;
  event.op = std::string(log::view::kOpProcess);
  event.key = "p0";
  event.value = "c0-p0-" + std::to_string(offset);
  event.request_id = static_cast<std::uint64_t>(offset);
  event.process = consumer;
  event.time = time;
  return event;
}

HistoryEvent committed(std::int64_t offset, NodeId consumer, TimeUs time) {
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::ok;
  event.op = std::string(log::view::kOpCommit);
  event.key = "p0";
  event.value = std::to_string(offset);
  event.request_id = static_cast<std::uint64_t>(offset);
  event.process = consumer;
  event.time = time;
  return event;
}

// One broker (node 0, the coordinator) whose group committed p0 up to `committed_offset`; the
// controller is node 1. No partition log: the checkers name records by offset.
FinalState group_final_state(std::int64_t committed_offset) {
  DurableEntries broker;
  broker["offsets/g/p0"] = std::to_string(committed_offset);
  return FinalState(10 * kSecond, {broker, DurableEntries{}}, {true, true});
}

// The same hand-made run judged against `guarantee`: offsets 0..4 committed; 2 never processed,
// 3 processed twice (by nodes 5 and 6), 1 processed after 3.
std::vector<Violation> judge(Guarantee guarantee, std::string_view check) {
  DeliveryCheckSetup setup{1, 1, 1, 0, guarantee};
  auto checker = check == kCheckDeliveryGuarantee ? make_delivery_guarantee_checker(setup) : make_processing_order_checker(setup);
  checker->on_history(processed(0, 5, 100000));
  checker->on_history(processed(3, 5, 200000));
  checker->on_history(processed(1, 5, 250000));
  checker->on_history(committed(5, 5, 300000));
  checker->on_history(processed(3, 6, 900000));
  checker->on_history(processed(4, 6, 950000));
  checker->finish(group_final_state(5));
  return checker->violations();
}

bool mentions(const std::vector<Violation>& violations, const std::string& text) {
  for (const Violation& violation : violations) {
    if (violation.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the range and round-robin assignors split partitions as Kafka's do", "[log][group]") {
  using Plan = std::map<NodeId, std::vector<std::uint32_t>>;
  struct Row {
    Assignor assignor;
    std::vector<NodeId> members;
    std::uint32_t partitions;
    Plan expected;
  };
  const Row rows[] = {
      {Assignor::range, {3, 4}, 3, Plan{{3, {0, 1}}, {4, {2}}}},
      {Assignor::range, {5, 3, 4}, 3, Plan{{3, {0}}, {4, {1}}, {5, {2}}}},  // members in id order
      {Assignor::range, {3, 4}, 5, Plan{{3, {0, 1, 2}}, {4, {3, 4}}}},
      {Assignor::range, {3, 4, 5}, 2, Plan{{3, {0}}, {4, {1}}, {5, {}}}},  // more members than partitions
      {Assignor::round_robin, {3, 4}, 5, Plan{{3, {0, 2, 4}}, {4, {1, 3}}}},
      {Assignor::round_robin, {4}, 3, Plan{{4, {0, 1, 2}}}},
      {Assignor::range, {}, 3, Plan{}},
  };
  for (const Row& row : rows) {
    INFO("members " << row.members.size() << ", partitions " << row.partitions);
    CHECK(assign_partitions(row.assignor, row.members, row.partitions) == row.expected);
  }
}

TEST_CASE("committed offsets are read back from the coordinator's storage", "[log][group]") {
  DurableEntries storage{{"offsets/g/p0", "12"}, {"offsets/g/p2", "7"}, {"log/p0/0000000000", "x"}};
  CHECK(stored_offsets(storage, 3) == std::vector<std::int64_t>{12, -1, 7});
}

TEST_CASE("delivery_guarantee counts lost and duplicated records against the stated guarantee", "[log][group]") {
  std::vector<Violation> at_most_once = judge(Guarantee::at_most_once, kCheckDeliveryGuarantee);
  std::vector<Violation> at_least_once = judge(Guarantee::at_least_once, kCheckDeliveryGuarantee);
  std::vector<Violation> effectively_once = judge(Guarantee::effectively_once, kCheckDeliveryGuarantee);
  // at most once: the duplicate only.
  REQUIRE(at_most_once.size() == 1);
  CHECK(at_most_once[0].message ==
        "message c0-p0-3 (p0 offset 3) was processed 2 times: by node 5 at 0.200s, then by node 6 at 0.900s; the scenario promises "
        "at_most_once");
  CHECK(at_most_once[0].nodes == std::vector<NodeId>{5, 6});
  // at least once: the loss only, with who committed past it and when.
  REQUIRE(at_least_once.size() == 1);
  CHECK(at_least_once[0].message ==
        "the record at p0 offset 2 was never processed, though node 5 committed p0 up to offset 5 at 0.300s: lost; the scenario "
        "promises at_least_once");
  CHECK(at_least_once[0].time_us == 300000);
  // effectively once: both.
  CHECK(effectively_once.size() == 2);
  CHECK(mentions(effectively_once, "offset 2 was never processed"));
  CHECK(mentions(effectively_once, "c0-p0-3 (p0 offset 3) was processed 2 times"));
}

TEST_CASE("processing_order names a record first applied after a later one, and ignores repeats", "[log][group]") {
  std::vector<Violation> order = judge(Guarantee::at_least_once, kCheckProcessingOrder);
  REQUIRE(order.size() == 1);  // 1 after 3; the second 3 is a repeat, not a reordering
  CHECK(order[0].message ==
        "in p0, message c0-p0-1 (offset 1) was first processed by node 5 at 0.250s, after message c0-p0-3 (offset 3, by node 5 at "
        "0.200s): out of order");
}

TEST_CASE("the consumer library pairs reach their verdicts: each failure fires, each cure holds", "[log][group]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* name : {"log/process-before-commit", "log/commit-before-process-at-most-once", "log/idempotent-consumer-dedup",
                           "log/consumer-group-rebalance"}) {
    INFO(name);
    CHECK(run_library(name, registry).passed());
  }
  RunResult lost = run_library("log/commit-before-process", registry);
  const Verdict& lost_verdict = verdict(lost, "delivery_guarantee");
  CHECK_FALSE(lost_verdict.passed());
  CHECK(mentions(lost_verdict.violations, "was never processed, though k1 committed p2"));
  CHECK(verdict(lost, "processing_order").passed());
  RunResult twice = run_library("log/process-before-commit-duplicates", registry);
  const Verdict& twice_verdict = verdict(twice, "delivery_guarantee");
  CHECK_FALSE(twice_verdict.passed());
  CHECK(mentions(twice_verdict.violations, "was processed 2 times"));
  RunResult parallel = run_library("log/parallel-processing-order", registry);
  CHECK_FALSE(verdict(parallel, "processing_order").passed());
  CHECK(verdict(parallel, "delivery_guarantee").passed());
}

TEST_CASE("mutant: a consumer that skips a record it counts as processed is caught losing it", "[log][group][mutant]") {
  ConsumerMutants mutants;
  mutants.skip_second_record = true;
  RunResult result = run_library("log/process-before-commit", consumer_mutant(mutants));
  const Verdict& lost = verdict(result, "delivery_guarantee");
  CHECK_FALSE(lost.passed());
  CHECK(mentions(lost.violations, "was never processed"));
}

TEST_CASE("mutant: a consumer that writes every record twice is caught under at most once", "[log][group][mutant]") {
  ConsumerMutants mutants;
  mutants.write_twice = true;
  RunResult result = run_library("log/commit-before-process-at-most-once", consumer_mutant(mutants));
  const Verdict& twice = verdict(result, "delivery_guarantee");
  CHECK_FALSE(twice.passed());
  CHECK(mentions(twice.violations, "processed 2 times"));
}

TEST_CASE("mutant: a consumer that processes each batch backwards is caught out of order", "[log][group][mutant]") {
  ConsumerMutants mutants;
  mutants.reverse_batch = true;
  RunResult result = run_library("log/process-before-commit", consumer_mutant(mutants));
  const Verdict& order = verdict(result, "processing_order");
  CHECK_FALSE(order.passed());
  CHECK(mentions(order.violations, "out of order"));
}

TEST_CASE("sweep: the cures hold and the failures fire across 40 seeds each", "[log][group][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  int lost_runs = 0;
  int duplicate_runs = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    REQUIRE(run_library("log/process-before-commit", registry, seed).passed());
    REQUIRE(run_library("log/idempotent-consumer-dedup", registry, seed).passed());
    REQUIRE(run_library("log/commit-before-process-at-most-once", registry, seed).passed());
    REQUIRE(run_library("log/consumer-group-rebalance", registry, seed).passed());
    if (!run_library("log/commit-before-process", registry, seed).passed()) ++lost_runs;
    if (!run_library("log/process-before-commit-duplicates", registry, seed).passed()) ++duplicate_runs;
  }
  // Each failure needs a crash to land inside a batch (after its commit, or before it): likely with
  // a backlog of 50ms records and two crashes, not certain.
  CHECK(lost_runs >= 30);
  CHECK(duplicate_runs >= 30);
}
