// Each checker fed hand-written published state and histories (STYLE.md §8): clean input passes,
// a planted violation is reported with its time, nodes and evidence.
#include <catch2/catch.hpp>

#include "sim/check/election_safety.h"
#include "sim/check/linearizable.h"
#include "sim/check/log_invariants.h"
#include "sim/check/standard_checkers.h"
#include "sim/check/state_machine_safety.h"

using namespace dsim;

namespace {

void publish(Checker& checker, TimeUs time, NodeId node, std::vector<std::pair<std::string, std::string>> keys) {
  for (auto& [key, value] : keys) checker.on_state(time, node, key, value);
}

}  // namespace

TEST_CASE("election_safety reports two leaders in one term, not leaders of different terms") {
  ElectionSafetyChecker checker;
  publish(checker, 10, 0, {{"role", "\"leader\""}, {"term", "1"}});
  publish(checker, 20, 1, {{"role", "\"follower\""}, {"term", "2"}});
  publish(checker, 30, 1, {{"role", "\"leader\""}});
  CHECK(checker.passed());
  publish(checker, 40, 2, {{"term", "2"}, {"role", "\"leader\""}});
  REQUIRE(checker.violations().size() == 1);
  CHECK(checker.violations()[0].time_us == 40);
  CHECK(checker.violations()[0].nodes == std::vector<NodeId>{1, 2});
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("node 1 and node 2 were both leader in term 2"));
}

TEST_CASE("election_safety forgets a crashed leader's role but not its term's leader") {
  ElectionSafetyChecker checker;
  publish(checker, 10, 0, {{"role", "\"leader\""}, {"term", "3"}});
  publish(checker, 20, 0, {{"role", ""}, {"term", ""}});  // crash
  publish(checker, 30, 0, {{"role", "\"follower\""}, {"term", "3"}});
  CHECK(checker.passed());
  publish(checker, 40, 1, {{"term", "3"}, {"role", "\"leader\""}});
  CHECK_FALSE(checker.passed());
}

TEST_CASE("log_matching reports logs that agree at an index but differ before it") {
  LogMatchingChecker checker;
  publish(checker, 1, 0, {{"log_start", "1"}, {"log", "[1,1,2,3]"}});
  publish(checker, 2, 1, {{"log_start", "1"}, {"log", "[1,1,2]"}});
  publish(checker, 3, 2, {{"log_start", "1"}, {"log", "[1,2,3,4]"}});  // diverges after index 1: allowed
  CHECK(checker.passed());
  publish(checker, 4, 3, {{"log_start", "3"}, {"log", "[2,3]"}});  // a compacted log agrees where shown
  CHECK(checker.passed());
  publish(checker, 5, 4, {{"log_start", "1"}, {"log", "[2,1,2]"}});  // agrees with node 0 at 3, not at 1
  REQUIRE_FALSE(checker.passed());
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("differ before it: at index 1"));
}

TEST_CASE("leader_completeness reports a new leader missing a committed entry") {
  LeaderCompletenessChecker checker;
  publish(checker, 1, 0, {{"log_start", "1"}, {"log", "[1,1]"}, {"commit_index", "2"}, {"role", "\"leader\""}, {"term", "1"}});
  publish(checker, 2, 1, {{"log_start", "1"}, {"log", "[1,1,2]"}, {"term", "2"}, {"role", "\"leader\""}});
  CHECK(checker.passed());
  publish(checker, 3, 2, {{"log_start", "1"}, {"log", "[1,3]"}, {"term", "3"}, {"role", "\"leader\""}});
  REQUIRE(checker.violations().size() == 1);
  CHECK_THAT(checker.violations()[0].message,
             Catch::Contains("node 2 became leader for term 3 without entry 2 (term 1)"));
  publish(checker, 4, 2, {{"commit_index", "2"}});
  REQUIRE(checker.violations().size() == 2);
  CHECK_THAT(checker.violations()[1].message, Catch::Contains("a committed entry was overwritten"));
}

TEST_CASE("state_machine_safety reports two commands applied at one index") {
  StateMachineSafetyChecker checker;
  publish(checker, 1, 0, {{"applied", "[1,1,\"put x=1\"]"}});
  publish(checker, 2, 1, {{"applied", "[1,1,\"put x=1\"]"}});
  publish(checker, 3, 0, {{"applied", "[2,1,\"put x=2\"]"}});
  CHECK(checker.passed());
  publish(checker, 4, 2, {{"applied", "[2,2,\"noop\"]"}});
  REQUIRE(checker.violations().size() == 1);
  CHECK(checker.violations()[0].nodes == std::vector<NodeId>{0, 2});
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("at index 2 node 0 applied \"put x=2\""));
}

TEST_CASE("state_machine_safety compares commands alone when entries have no term (a Multi-Paxos slot)") {
  StateMachineSafetyChecker checker;
  publish(checker, 1, 0, {{"applied", "[1,\"put x=1\"]"}});
  publish(checker, 2, 1, {{"applied", "[1,\"put x=1\"]"}});
  CHECK(checker.passed());
  publish(checker, 3, 2, {{"applied", "[1,\"noop\"]"}});
  REQUIRE(checker.violations().size() == 1);
  CHECK(checker.violations()[0].nodes == std::vector<NodeId>{0, 2});
  CHECK(checker.violations()[0].message == "at index 1 node 0 applied \"put x=1\" (at 0.000s) but node 2 applied \"noop\"");
  publish(checker, 4, 1, {{"applied", "[2]"}});
  REQUIRE(checker.violations().size() == 2);
  CHECK_THAT(checker.violations()[1].message, Catch::Contains("expected [index, term, \"command\"] or [index, \"command\"]"));
}

TEST_CASE("linearizable reports the smallest failing history of a key") {
  LinearizableChecker checker;
  auto event = [&](TimeUs t, NodeId p, HistoryEvent::Kind k, const char* op, const char* v, std::uint64_t id) {
    checker.on_history(HistoryEvent{t, p, k, op, "x", v, id});
  };
  event(0, 0, HistoryEvent::Kind::invoke, "put", "a", 1);
  event(1, 0, HistoryEvent::Kind::ok, "put", "", 1);
  event(2, 0, HistoryEvent::Kind::invoke, "put", "b", 2);
  event(3, 0, HistoryEvent::Kind::ok, "put", "", 2);
  event(4, 1, HistoryEvent::Kind::invoke, "get", "", 1);
  event(5, 1, HistoryEvent::Kind::ok, "get", "a", 1);
  checker.finish(FinalState(10, {}, {}));
  REQUIRE(checker.violations().size() == 1);
  CHECK(checker.violations()[0].time_us == 5);
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("key x is not linearizable") &&
                                                  Catch::Contains("(3 of 3 operations)"));
}

TEST_CASE("linearizable says undecided, not violated, when its search runs out of budget") {
  FinalState end(20, {}, {});
  LinearizableChecker checker(/*max_states=*/50);
  // Eight concurrent puts of "a" and a read of "ab" that no order gives: 2^8 sets of puts to try.
  for (std::uint64_t i = 0; i < 8; ++i) {
    checker.on_history(HistoryEvent{0, static_cast<NodeId>(i), HistoryEvent::Kind::invoke, "put", "x", "a", 1});
    checker.on_history(HistoryEvent{10, static_cast<NodeId>(i), HistoryEvent::Kind::ok, "put", "x", "", 1});
  }
  checker.on_history(HistoryEvent{11, 9, HistoryEvent::Kind::invoke, "get", "x", "", 1});
  checker.on_history(HistoryEvent{12, 9, HistoryEvent::Kind::ok, "get", "x", "ab", 1});
  checker.finish(end);
  CHECK(checker.violations().empty());
  CHECK(checker.outcome() == CheckVerdict::undecided);
  CHECK_FALSE(checker.passed());
  REQUIRE(checker.undecided().size() == 1);
  CHECK_THAT(checker.undecided()[0].message,
             Catch::Equals("key x: the search ran out of its budget of 50 states after linearizing at most 8 of its 9 "
                           "operations"));
  // With room to finish, the same history is a violation.
  LinearizableChecker roomy;
  for (const HistoryEvent& event : checker.history()) roomy.on_history(event);
  roomy.finish(end);
  CHECK(roomy.outcome() == CheckVerdict::fail);
}

TEST_CASE("linearizable reads a cas's expected and new values apart, and shows both in the evidence") {
  FinalState end(20, {}, {});
  LinearizableChecker checker;
  checker.on_history(HistoryEvent{0, 0, HistoryEvent::Kind::invoke, "put", "x", "a|b", 1});
  checker.on_history(HistoryEvent{1, 0, HistoryEvent::Kind::ok, "put", "x", "", 1});
  checker.on_history(HistoryEvent{2, 0, HistoryEvent::Kind::invoke, "cas", "x", "c", 2, "a|b"});
  checker.on_history(HistoryEvent{3, 0, HistoryEvent::Kind::ok, "cas", "x", "", 2});
  checker.on_history(HistoryEvent{4, 1, HistoryEvent::Kind::invoke, "get", "x", "", 1});
  checker.on_history(HistoryEvent{5, 1, HistoryEvent::Kind::ok, "get", "x", "a|b", 1});  // stale: the cas is done
  checker.finish(end);
  REQUIRE(checker.violations().size() == 1);
  CHECK_THAT(checker.violations()[0].message,
             Catch::Contains("(3 of 3 operations)") && Catch::Contains("cas x \"a|b\"->\"c\" [0.000s, 0.000s]"));
}

TEST_CASE("every standard checker can be made by name") {
  for (const std::string& name : standard_checker_names()) {
    auto checker = make_standard_checker(name);
    REQUIRE(checker != nullptr);
    CHECK(checker->name() == name);
  }
  CHECK(make_standard_checker("nonsense") == nullptr);
}

TEST_CASE("state_machine_safety reads escaped and plain commands alike") {
  StateMachineSafetyChecker checker;
  // An escaped command takes the full parser's path, a plain one the canonical reader's: both
  // must be recorded and compared as the same text.
  publish(checker, 1, 0, {{"applied", "[1,1,\"put k=\\\"q\\\"\"]"}});
  publish(checker, 2, 1, {{"applied", "[1,1,\"put k=\\\"q\\\"\"]"}});
  publish(checker, 3, 0, {{"applied", "[2,1,\"put k=a, b\"]"}});
  publish(checker, 4, 1, {{"applied", "[2,1,\"put k=a, b\"]"}});
  CHECK(checker.passed());
  CHECK(checker.applied_indices() == 2);
  publish(checker, 5, 2, {{"applied", "[2,1,\"put k=c\"]"}});
  REQUIRE(checker.violations().size() == 1);
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("node 0 applied \"put k=a, b\""));
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("node 2 applied \"put k=c\""));
  publish(checker, 6, 2, {{"applied", "[1,2,\"put k=\\\"q\\\"\"]"}});  // same command, another term
  CHECK(checker.violations().size() == 2);
}

TEST_CASE("state_machine_safety compares a command's value, not its text, when an escape is involved") {
  // Node 0's command is a, backslash, b (JSON "a\\b"); node 1's raw text between the quotes is
  // the same three bytes, a\b, but JSON reads it as a and a backspace. A shortcut that took equal
  // text for an equal command would miss it: equal text counts only against a plain recorded one.
  StateMachineSafetyChecker checker;
  publish(checker, 1, 0, {{"applied", "[1,1,\"a\\\\b\"]"}});
  publish(checker, 2, 1, {{"applied", "[1,1,\"a\\b\"]"}});
  REQUIRE(checker.violations().size() == 1);
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("node 0 applied \"a\\b\""));
  // A plain command repeated in plain text is the same command.
  publish(checker, 3, 0, {{"applied", "[2,1,\"put k=v\"]"}});
  publish(checker, 4, 1, {{"applied", "[2,1,\"put k=v\"]"}});
  CHECK(checker.violations().size() == 1);
  // The same index far from the others (a malformed run's number) is still judged.
  publish(checker, 5, 0, {{"applied", "[900000000000,1,\"put k=v\"]"}});
  publish(checker, 6, 1, {{"applied", "[900000000000,1,\"put k=w\"]"}});
  CHECK(checker.violations().size() == 2);
  CHECK(checker.applied_indices() == 3);
}

TEST_CASE("leader_completeness re-reads a node's committed entries when its own log is rewritten under them") {
  // The checker skips (index, term) pairs a node already showed committed; a pair whose term
  // changed is new and must still be judged, or a server overwriting its own committed entry
  // would go unseen.
  LeaderCompletenessChecker checker;
  publish(checker, 1, 0, {{"log_start", "1"}, {"log", "[1,1,1]"}, {"commit_index", "3"}, {"role", "\"leader\""}, {"term", "1"}});
  publish(checker, 2, 0, {{"log", "[1,1,1,1]"}, {"commit_index", "4"}});
  CHECK(checker.passed());
  publish(checker, 3, 0, {{"log", "[1,2,2,2]"}, {"commit_index", "3"}});  // entries 2 and 3 overwritten
  REQUIRE(checker.violations().size() == 2);
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("index 2 was committed with term 1 (node 0 at"));
  CHECK_THAT(checker.violations()[0].message, Catch::Contains("a committed entry was overwritten"));
  CHECK_THAT(checker.violations()[1].message, Catch::Contains("index 3 was committed with term 1"));
}
