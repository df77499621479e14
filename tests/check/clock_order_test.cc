// The clock_order check (sim/check/clock_order.h) on hand-made events: right clocks pass, each kind of
// wrong clock is named with the two events concerned.
#include <catch2/catch.hpp>

#include "sim/check/clock_order.h"

using namespace dsim;

namespace {

ClockedEvent event(ClockedEvent::Kind kind, TimeUs time, NodeId node, MessageId message, std::uint64_t lamport,
                   SparseVectorClock vector) {
  ClockedEvent e;
  e.kind = kind;
  e.time_us = time;
  e.node = node;
  e.message = message;
  e.what = kind == ClockedEvent::Kind::local ? "tick" : "Ping";
  e.has_lamport = true;
  e.lamport = lamport;
  e.has_vector = true;
  e.vector = std::move(vector);
  return e;
}

using K = ClockedEvent::Kind;

}  // namespace

TEST_CASE("clock_order passes clocks that follow program order and messages") {
  ClockOrderCheck check({"a", "b"});
  check.add(event(K::send, 10000, 0, 1, 1, {{0, 1}}));
  check.add(event(K::local, 20000, 1, 0, 1, {{1, 1}}));
  check.add(event(K::deliver, 30000, 1, 1, 2, {{0, 1}, {1, 2}}));
  CHECK(check.verdict().passed());
  CHECK(check.events_checked() == 3);
}

TEST_CASE("clock_order names a delivery whose clock forgot the send (no merge on receive)") {
  ClockOrderCheck check({"a", "b"});
  check.add(event(K::send, 10000, 0, 1, 1, {{0, 1}}));
  check.add(event(K::deliver, 30000, 1, 1, 2, {{1, 1}}));
  Verdict verdict = check.verdict();
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].message ==
        "a's send of message 1 (Ping) at 0.010s happens before b's delivery of message 1 (Ping) at 0.030s "
        "(the send of a message comes before its delivery), but the later event's vector clock {b: 1} counts only "
        "0 of a's events, so the clocks do not order them");
  CHECK(verdict.violations[0].nodes == std::vector<NodeId>{0, 1});
}

TEST_CASE("clock_order names a clock that orders two concurrent events") {
  ClockOrderCheck check({"a", "b"});
  check.add(event(K::local, 10000, 0, 0, 1, {{0, 1}}));
  check.add(event(K::local, 20000, 1, 0, 2, {{0, 1}, {1, 1}}));  // b never heard from a
  Verdict verdict = check.verdict();
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].message.find("which puts a's timer tick at 0.010s before it, but no chain of "
                                           "messages leads from that event to this one") != std::string::npos);
}

TEST_CASE("clock_order names a Lamport clock that does not grow along a message (Lamport 1978, C2)") {
  ClockOrderCheck check({"a", "b"});
  ClockedEvent send = event(K::send, 10000, 0, 1, 5, {});
  send.has_vector = false;
  ClockedEvent deliver = event(K::deliver, 30000, 1, 1, 3, {});
  deliver.has_vector = false;
  check.add(send);
  check.add(deliver);
  Verdict verdict = check.verdict();
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].message.find("but their Lamport clocks are 5 and 3") != std::string::npos);
}

TEST_CASE("clock_order names a Lamport clock that does not grow along program order (Lamport 1978, C1)") {
  ClockOrderCheck check({"a"});
  ClockedEvent first = event(K::local, 10000, 0, 0, 2, {});
  first.has_vector = false;
  ClockedEvent second = event(K::local, 20000, 0, 0, 2, {});
  second.has_vector = false;
  check.add(first);
  check.add(second);
  Verdict verdict = check.verdict();
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].message.find("(both on a, in that order), but their Lamport clocks are 2 and 2") !=
        std::string::npos);
}
