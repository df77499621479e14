// Table tests of Paxos's pure pieces: ballots, the acceptor's two rules, phase 2a's choice of
// value (P2c), majorities and a learner's count (Lamport, "Paxos Made Simple", 2001, §2.2-§2.3).
#include <catch2/catch.hpp>

#include "sim/protocols/paxos/acceptor.h"
#include "sim/protocols/paxos/ballot.h"
#include "sim/protocols/paxos/quorum.h"
#include "sim/protocols/paxos/value.h"

using namespace dsim;
using namespace dsim::paxos;

namespace {
Value v(const char* decree) { return Value::of_decree(decree); }
}  // namespace

TEST_CASE("ballots order by round, then by proposer, and the zero ballot is below all (§2.2)") {
  CHECK(Ballot{1, 4} < Ballot{2, 0});
  CHECK(Ballot{2, 0} < Ballot{2, 1});
  CHECK(Ballot{} < Ballot{1, 0});
  CHECK(Ballot{3, 1} == Ballot{3, 1});
  CHECK(next_ballot(7, 2) == Ballot{8, 2});
  CHECK(next_ballot(0, 0) > Ballot{});
}

TEST_CASE("a ballot is written round.proposer and read back; anything else is refused") {
  struct Row {
    const char* text;
    std::optional<Ballot> ballot;
  };
  const Row rows[] = {{"3.1", Ballot{3, 1}}, {"none", Ballot{}},      {"12.40", Ballot{12, 40}},
                      {"0.1", std::nullopt},  {"3.", std::nullopt},     {".1", std::nullopt},
                      {"3", std::nullopt},    {"3.1x", std::nullopt},   {"-1.2", std::nullopt}};
  for (const Row& row : rows) {
    INFO(row.text);
    CHECK(parse_ballot(row.text) == row.ballot);
    if (row.ballot) CHECK(row.ballot->text() == row.text);
  }
}

TEST_CASE("an acceptor promises a ballot at least as high as every promise, and refuses a lower one (phase 1b)") {
  Acceptor acceptor;
  CHECK(acceptor.prepare(Ballot{2, 0}));
  CHECK(acceptor.promised() == Ballot{2, 0});
  CHECK(acceptor.prepare(Ballot{2, 0}));    // a duplicated Prepare is answered again
  CHECK_FALSE(acceptor.prepare(Ballot{1, 4}));
  CHECK_FALSE(acceptor.prepare(Ballot{1, 9}));
  CHECK(acceptor.promised() == Ballot{2, 0});  // a refusal changes nothing
  CHECK(acceptor.prepare(Ballot{2, 1}));
  CHECK(acceptor.promised() == Ballot{2, 1});
}

TEST_CASE("an acceptor accepts unless it promised a higher ballot (P1a), and accepting promises too") {
  Acceptor acceptor;
  acceptor.prepare(Ballot{3, 0});
  CHECK_FALSE(acceptor.accept(Ballot{2, 9}, 1, v("old")));
  CHECK(acceptor.accepted_in(1) == nullptr);
  CHECK(acceptor.accept(Ballot{3, 0}, 1, v("a")));
  CHECK(acceptor.accept(Ballot{4, 2}, 2, v("b")));  // never promised 4.2: accepting it promises it
  CHECK(acceptor.promised() == Ballot{4, 2});
  CHECK_FALSE(acceptor.prepare(Ballot{4, 1}));
  CHECK_FALSE(acceptor.accept(Ballot{3, 0}, 1, v("late")));
  CHECK(acceptor.accepted_in(1)->value == v("a"));
  // The bug switch accept_below_promise skips the rule.
  CHECK(acceptor.accept(Ballot{3, 0}, 1, v("late"), /*ignore_promise=*/true));
  CHECK(acceptor.accepted_in(1)->value == v("late"));
  CHECK(acceptor.promised() == Ballot{4, 2});
}

TEST_CASE("a promise reports every proposal accepted from its first slot on") {
  Acceptor acceptor;
  acceptor.accept(Ballot{1, 0}, 1, v("a"));
  acceptor.accept(Ballot{1, 0}, 3, v("c"));
  acceptor.accept(Ballot{2, 1}, 4, v("d"));
  std::vector<SlotProposal> reported = acceptor.accepted_from(3);
  REQUIRE(reported.size() == 2);
  CHECK(reported[0] == SlotProposal{3, Ballot{1, 0}, v("c")});
  CHECK(reported[1] == SlotProposal{4, Ballot{2, 1}, v("d")});
  CHECK(acceptor.accepted_from(5).empty());
}

TEST_CASE("phase 2a takes, per slot, the value of the highest-numbered proposal the promises report (P2c)") {
  std::vector<std::vector<SlotProposal>> promises = {
      {{1, Ballot{1, 0}, v("a")}, {2, Ballot{3, 2}, v("x")}},
      {},  // this acceptor accepted nothing
      {{1, Ballot{2, 1}, v("b")}, {4, Ballot{1, 1}, v("y")}},
  };
  std::map<Slot, AcceptedProposal> highest = highest_accepted(promises);
  REQUIRE(highest.size() == 3);
  CHECK(highest.at(1) == AcceptedProposal{Ballot{2, 1}, v("b")});  // 2.1 beats 1.0
  CHECK(highest.at(2) == AcceptedProposal{Ballot{3, 2}, v("x")});
  CHECK(highest.at(4) == AcceptedProposal{Ballot{1, 1}, v("y")});
  CHECK_FALSE(highest.count(3));  // a hole: free for the proposer's own value (or a no-op)
  CHECK(highest_accepted({{}, {}}).empty());
}

TEST_CASE("a majority, and the learner's count with and without the learn_without_majority slip") {
  struct Row {
    std::size_t acceptors, majority, slip;
  };
  const Row rows[] = {{1, 1, 1}, {2, 2, 1}, {3, 2, 1}, {4, 3, 2}, {5, 3, 2}, {7, 4, 3}};
  for (const Row& row : rows) {
    INFO(row.acceptors << " acceptors");
    CHECK(majority(row.acceptors) == row.majority);
    CHECK(learner_quorum(row.acceptors, false) == row.majority);
    CHECK(learner_quorum(row.acceptors, true) == row.slip);
  }
}

TEST_CASE("a learner counts each acceptor once per slot and ballot, and ballots never add up (§2.3)") {
  AcceptanceTally tally;
  CHECK(tally.record(1, Ballot{1, 0}, 2) == 1);
  CHECK(tally.record(1, Ballot{1, 0}, 2) == 1);  // a duplicate
  CHECK(tally.record(1, Ballot{2, 1}, 3) == 1);  // another ballot counts apart
  CHECK(tally.record(1, Ballot{1, 0}, 4) == 2);
  CHECK(tally.record(2, Ballot{1, 0}, 3) == 1);
  tally.forget_slot(1);
  CHECK(tally.record(1, Ballot{1, 0}, 2) == 1);
}

TEST_CASE("a value survives its byte encoding, a decree, a command and a no-op alike") {
  kvservice::Command command{"cas", "k", "new", "old", 7, 3};
  for (const Value& value : {v("a"), Value::of_command(command, "c2"), Value::noop()}) {
    kvservice::ByteWriter out;
    write_value(out, value);
    kvservice::ByteReader in(out.bytes());
    std::optional<Value> back = read_value(in);
    REQUIRE(back.has_value());
    CHECK(*back == value);
    CHECK(in.done());
  }
  CHECK(Value::noop().is_noop());
  CHECK(Value::noop().describe() == "noop");
  CHECK(Value::of_command(command, "c2").describe() == "cas k old->new (c2 #3)");
}
