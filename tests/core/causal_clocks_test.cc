// Table tests of the core's causal clocks (sim/core/causal_clocks.h): Lamport 1978 IR1/IR2 ("Logical Clocks") and
// the vector clocks of Fidge 1988 / Mattern 1988, one event at a time.
#include <catch2/catch.hpp>

#include "sim/core/causal_clocks.h"

using namespace dsim;

TEST_CASE("a Lamport clock ticks on each event and a receive jumps past the send (Lamport 1978, IR1 and IR2)") {
  CausalClocks clocks(ClockMode::lamport, 3);
  clocks.on_local(0);
  clocks.on_local(0);
  clocks.on_send(0, 7, 1);  // node 0's third event: 3
  CHECK(clocks.lamport(0) == 3);
  clocks.on_deliver(2, 7);  // node 2 had no event: max(0, 3) + 1
  CHECK(clocks.lamport(2) == 4);
  CHECK(clocks.lamport(1) == 0);
  CHECK(clocks.vector(0).empty());  // lamport mode keeps no vector
  CHECK(clocks.messages_in_flight() == 0);
}

TEST_CASE("a vector clock counts each node's events in the causal past, merged on receive (Mattern 1988)") {
  CausalClocks clocks(ClockMode::vector, 3);
  clocks.on_send(0, 1, 1);                                       // a: {0:1}
  clocks.on_local(1);                                            // b: {1:1}
  clocks.on_deliver(1, 1);                                       // c: {0:1, 1:2}
  clocks.on_send(1, 2, 1);                                       // d: {0:1, 1:3}
  clocks.on_deliver(2, 2);                                       // e: {0:1, 1:3, 2:1}
  CHECK(clocks.vector(2) == SparseVectorClock{{0, 1}, {1, 3}, {2, 1}});
  CHECK(clocks.vector(0) == SparseVectorClock{{0, 1}});          // nothing flows back to node 0
  CHECK(clocks.lamport(2) == 4);
}

TEST_CASE("a duplicated message keeps its clock until both copies are delivered or dropped") {
  CausalClocks clocks(ClockMode::vector, 2);
  clocks.on_send(0, 5, 2);
  clocks.on_deliver(1, 5);
  CHECK(clocks.messages_in_flight() == 1);
  clocks.on_local(0);  // node 0 moves on; the second copy still carries the clock of the send
  clocks.on_deliver(1, 5);
  CHECK(clocks.vector(1) == SparseVectorClock{{0, 1}, {1, 2}});
  CHECK(clocks.messages_in_flight() == 0);
  clocks.on_send(0, 6, 1);
  clocks.on_drop(6);
  CHECK(clocks.messages_in_flight() == 0);
  clocks.on_send(0, 7, 0);  // dropped at once: nothing kept
  CHECK(clocks.messages_in_flight() == 0);
}

TEST_CASE("the forget-merge mutant only ticks on receive") {
  CausalClocks clocks(ClockMode::vector, 2);
  clocks.set_mutant_forget_merge_on_receive(true);
  clocks.on_send(0, 1, 1);
  clocks.on_deliver(1, 1);
  CHECK(clocks.vector(1) == SparseVectorClock{{1, 1}});
  CHECK(clocks.lamport(1) == 1);
}

TEST_CASE("clock modes are named as a scenario writes them") {
  ClockMode mode = ClockMode::off;
  CHECK(parse_clock_mode("vector", mode));
  CHECK(mode == ClockMode::vector);
  CHECK(parse_clock_mode("lamport", mode));
  CHECK(mode == ClockMode::lamport);
  CHECK_FALSE(parse_clock_mode("vectors", mode));
  CHECK(clock_mode_name(ClockMode::off) == "off");
}
