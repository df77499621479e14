// Paxos's checkers judged on recorded events, as they judge a run or a saved trace: each is fed
// what acceptors, proposers and learners would publish, and must report exactly the broken rule
// with its evidence (and stay quiet on the histories the rules allow). A test-only mutant then
// breaks validity in a real run. The bug switches are caught in real runs in
// tests/scenarios/paxos_scenarios_test.cc and in the sweep test.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "sim/core/network_model.h"
#include "sim/core/simulator.h"
#include "sim/protocols/paxos/invariants.h"
#include "sim/protocols/paxos/paxos_node.h"

using namespace dsim;
using namespace dsim::paxos;

namespace {

// Proposer 0, acceptors 1-3 (a majority is two), learner 4.
PaxosParams params(Mode mode = Mode::single_decree) {
  PaxosParams result;
  result.mode = mode;
  result.proposers = {0};
  result.acceptors = {1, 2, 3};
  result.learners = {4};
  return result;
}

struct Feed {
  explicit Feed(std::string_view check, PaxosParams with = params())
      : checker(make_paxos_checker(check, with, kvservice::KvWorkload{})) {
    RunInfo info;
    info.node_names = {"P", "A1", "A2", "A3", "L", "c0"};
    info.servers = 5;
    checker->begin(info);
  }
  Feed& accepted(TimeUs ms, NodeId acceptor, Slot slot, const std::string& ballot, const std::string& value) {
    checker->on_state(ms * kMillisecond, acceptor, "accepted." + std::to_string(slot),
                      "[\"" + ballot + "\",\"" + value + "\"]");
    return *this;
  }
  Feed& promised(TimeUs ms, NodeId acceptor, const std::string& ballot) {
    checker->on_state(ms * kMillisecond, acceptor, "promised", "\"" + ballot + "\"");
    return *this;
  }
  Feed& learned(TimeUs ms, NodeId learner, Slot slot, const std::string& value) {
    checker->on_state(ms * kMillisecond, learner, "learned." + std::to_string(slot), "\"" + value + "\"");
    return *this;
  }
  Feed& published(TimeUs ms, NodeId node, const std::string& key, const std::string& json) {
    checker->on_state(ms * kMillisecond, node, key, json);
    return *this;
  }
  Feed& crashed(TimeUs ms, NodeId node, const std::string& key) {
    checker->on_state(ms * kMillisecond, node, key, "");
    return *this;
  }
  // Ends the run at `ms`; `down` are the nodes crashed at the end.
  std::vector<Violation> finish(TimeUs ms, std::vector<NodeId> down = {}) {
    std::vector<bool> alive(5, true);
    for (NodeId node : down) alive[node] = false;
    checker->finish(FinalState(ms * kMillisecond, std::vector<DurableEntries>(5), alive));
    return checker->violations();
  }
  std::unique_ptr<Checker> checker;
};

}  // namespace

TEST_CASE("agreement reports a second value chosen in a slot, naming both ballots and majorities (§2.1)") {
  Feed feed(kCheckAgreement);
  feed.accepted(10, 1, 1, "1.0", "a").accepted(11, 2, 1, "1.0", "a");          // "a" chosen at 11 ms
  feed.accepted(20, 2, 1, "2.0", "a").accepted(21, 3, 1, "2.0", "a");          // chosen again: the same value
  feed.accepted(30, 3, 1, "3.0", "b").accepted(31, 1, 1, "3.0", "b");          // "b" chosen: broken
  std::vector<Violation> violations = feed.finish(40);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].time_us == 31 * kMillisecond);
  CHECK(violations[0].nodes == std::vector<NodeId>{1, 2, 3});
  CHECK_THAT(violations[0].message, Catch::Contains("slot 1: two values chosen") &&
                                        Catch::Contains("\"a\" in ballot 1.0 (accepted by A1 and A2") &&
                                        Catch::Contains("\"b\" in ballot 3.0 (accepted by A3 and A1") &&
                                        Catch::Contains("only a single value is chosen"));
}

TEST_CASE("agreement never adds up acceptances of different ballots, and counts an acceptance taken back") {
  Feed feed(kCheckAgreement);
  // 1.0 "a" by A1, 2.0 "b" by A2: no ballot has a majority, so nothing is chosen.
  feed.accepted(10, 1, 1, "1.0", "a").accepted(11, 2, 1, "2.0", "b");
  // A1 moves on to 2.0 "b": now 2.0 has a majority; A1's earlier acceptance of 1.0 still counts for 1.0.
  feed.accepted(12, 1, 1, "2.0", "b").accepted(13, 3, 1, "1.0", "a");  // 1.0 "a": A1 (earlier) and A3
  std::vector<Violation> violations = feed.finish(20);
  REQUIRE(violations.size() == 1);
  CHECK_THAT(violations[0].message, Catch::Contains("\"b\" in ballot 2.0") && Catch::Contains("\"a\" in ballot 1.0"));
}

TEST_CASE("agreement reports a learner that learns a value nobody chose, with the best support it had (§2.1)") {
  Feed feed(kCheckAgreement);
  feed.accepted(10, 1, 1, "1.0", "a").learned(15, 4, 1, "a");  // one acceptor of three
  feed.accepted(20, 2, 1, "1.1", "b").accepted(21, 3, 1, "1.1", "b").learned(22, 4, 1, "b");  // chosen: fine
  feed.learned(30, 4, 1, "a");  // republished after a restart: reported once
  std::vector<Violation> violations = feed.finish(40);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].time_us == 15 * kMillisecond);
  CHECK(violations[0].nodes == std::vector<NodeId>{1, 4});
  CHECK_THAT(violations[0].message,
             Catch::Contains("L learned \"a\" in slot 1 at 0.015s, but it had not been chosen") &&
                 Catch::Contains("A1 (1 of 3, ballot 1.0; a majority is 2)") &&
                 Catch::Contains("never learns that a value has been chosen unless it actually has been"));
}

TEST_CASE("validity accepts a proposer's input, a client's command and Multi-Paxos's no-op, and nothing else (§2.1)") {
  Feed single(kCheckValidity);
  single.published(1, 0, "input", "\"a\"");
  single.accepted(10, 1, 1, "1.0", "a").accepted(11, 2, 1, "1.0", "a");
  single.accepted(20, 1, 2, "1.0", "zz").accepted(21, 3, 2, "1.0", "zz");
  std::vector<Violation> violations = single.finish(30);
  REQUIRE(violations.size() == 1);
  CHECK_THAT(violations[0].message, Catch::Contains("slot 2: \"zz\" in ballot 1.0") &&
                                        Catch::Contains("no proposer was given it and no client asked for it"));

  Feed multi(kCheckValidity, params(Mode::multi));
  HistoryEvent invoke;
  invoke.process = 5;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = "put";
  invoke.key = "k";
  invoke.value = "v";
  invoke.request_id = 3;
  multi.checker->on_history(invoke);
  multi.accepted(10, 1, 1, "1.0", "put k=v (c0 #3)").accepted(11, 2, 1, "1.0", "put k=v (c0 #3)");
  multi.accepted(12, 1, 2, "1.0", "noop").accepted(13, 2, 2, "1.0", "noop");
  CHECK(multi.finish(20).empty());
}

TEST_CASE("p2c reports a proposal no majority of acceptors allows, listing each acceptor's highest below it (§2.2)") {
  Feed feed(kCheckP2c);
  feed.accepted(10, 1, 1, "1.0", "a").accepted(11, 2, 1, "1.0", "a");
  feed.accepted(20, 3, 1, "2.1", "b");  // every majority holds A1 or A2, whose highest below 2.1 is "a"
  feed.accepted(30, 3, 2, "2.1", "c");  // slot 2: A1 and A2 accepted nothing below 2.1: anything goes
  std::vector<Violation> violations = feed.finish(40);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].time_us == 20 * kMillisecond);
  CHECK_THAT(violations[0].message,
             Catch::Contains("slot 1: ballot 2.1 proposed \"b\"") && Catch::Contains("P2c allows only \"a\"") &&
                 Catch::Contains("A1 1.0 \"a\", A2 1.0 \"a\", A3 nothing"));
}

TEST_CASE("p2c counts what acceptors accept after the proposal too (the paper's \"will be accepted\")") {
  Feed allowed(kCheckP2c);
  // A2 and A3 accepted nothing below 2.1: the majority {A2, A3} allows "b" (P2c(a)).
  allowed.accepted(10, 1, 1, "1.0", "a").accepted(20, 3, 1, "2.1", "b");
  CHECK(allowed.finish(40).empty());
  Feed later(kCheckP2c);
  // The same, but A2 accepts 1.0 "a" afterwards (a promise broken): now no majority allows "b".
  later.accepted(10, 1, 1, "1.0", "a").accepted(20, 3, 1, "2.1", "b").accepted(30, 2, 1, "1.0", "a");
  CHECK(later.finish(40).size() == 1);
}

TEST_CASE("promises_kept reports a promise that goes back and an acceptance below a promise (P1a, §2.2)") {
  Feed feed(kCheckPromisesKept);
  feed.promised(10, 1, "2.1").accepted(11, 1, 1, "2.1", "b");  // fine: at the promise
  feed.crashed(12, 1, "promised").promised(13, 1, "none");      // restarted without it
  feed.accepted(14, 1, 1, "1.0", "a");                          // below 2.1
  feed.promised(15, 2, "3.0").accepted(16, 2, 1, "4.0", "c");   // above: accepting it promises it
  feed.accepted(17, 2, 2, "3.0", "d");                          // now below the 4.0 it accepted
  std::vector<Violation> violations = feed.finish(20);
  REQUIRE(violations.size() == 3);
  CHECK_THAT(violations[0].message, Catch::Contains("A1's promise went back from ballot 2.1 (promised at 0.010s) to none at 0.013s"));
  CHECK_THAT(violations[1].message, Catch::Contains("A1 accepted ballot 1.0 (\"a\") in slot 1 at 0.014s after promising ballot 2.1 at 0.010s") &&
                                        Catch::Contains("P1a"));
  CHECK_THAT(violations[2].message, Catch::Contains("A2 accepted ballot 3.0 (\"d\") in slot 2") && Catch::Contains("promising ballot 4.0"));
}

TEST_CASE("progress reports no value chosen, with the ballots tried, and a live learner that never learned (§2.4)") {
  Feed stuck(kCheckProgress);
  stuck.published(1, 0, "ballot", "\"1.0\"").published(2, 0, "ballot", "\"2.0\"");
  stuck.accepted(5, 1, 1, "1.0", "a");
  std::vector<Violation> none = stuck.finish(100);
  REQUIRE(none.size() == 1);
  CHECK_THAT(none[0].message, Catch::Contains("no value was chosen by 0.100s: 2 ballot(s) were tried (1.0, 2.0)"));

  Feed unlearned(kCheckProgress);
  unlearned.accepted(5, 1, 1, "1.0", "a").accepted(6, 2, 1, "1.0", "a");
  CHECK(unlearned.finish(100).size() == 1);         // L is up and never learned
  Feed down(kCheckProgress);
  down.accepted(5, 1, 1, "1.0", "a").accepted(6, 2, 1, "1.0", "a");
  CHECK(down.finish(100, /*down=*/{4}).empty());     // a learner that is down is forgiven
  Feed learned(kCheckProgress);
  learned.accepted(5, 1, 1, "1.0", "a").accepted(6, 2, 1, "1.0", "a").learned(7, 4, 1, "a");
  CHECK(learned.finish(100).empty());
}

TEST_CASE("validity catches a proposer that invents a value (a test mutant), in a real run") {
  PaxosParams mutant = params();
  mutant.proposals = {{0, "a", 1 * kMillisecond}};
  mutant.mutant_invent_value = true;
  FixedLatencyNetwork network(1 * kMillisecond);
  Simulator sim(1, network);
  std::vector<NodeId> servers = {0, 1, 2, 3, 4};
  for (NodeId id : servers) sim.add_node("n" + std::to_string(id), [&](NodeId) { return std::make_unique<PaxosNode>(mutant, servers); });
  std::unique_ptr<Checker> validity = make_paxos_checker(kCheckValidity, mutant, kvservice::KvWorkload{});
  std::unique_ptr<Checker> agreement = make_paxos_checker(kCheckAgreement, mutant, kvservice::KvWorkload{});
  sim.add_observer(*validity);
  sim.add_observer(*agreement);
  sim.run_until(20 * kMillisecond);
  FinalState final_state = final_state_of(sim);
  validity->finish(final_state);
  agreement->finish(final_state);
  REQUIRE(validity->violations().size() == 1);
  CHECK_THAT(validity->violations()[0].message, Catch::Contains("\"invented-by-n0\""));
  CHECK(agreement->passed());  // one value, chosen once: only validity is broken
}
