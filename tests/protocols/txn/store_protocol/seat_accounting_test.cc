// "Seats accounted for" and "counter matches rows", the application invariants the store checks
// judge (store_protocol/seat_accounting.h): each broken on purpose by hand, then by a strategy that
// loses decrements, and shown holding where the strategy is correct.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "sim/protocols/txn/store_protocol/seat_accounting.h"
#include "tests/protocols/txn/library_runs.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::testing;

namespace {

// A sale of `total` seats whose committed state is `left` on the count and one ticket per entry of
// `seats` (0: a ticket with no seat number).
std::map<RowKey, Row> sale_state(std::int64_t left, const std::vector<std::int64_t>& seats) {
  std::map<RowKey, Row> state;
  state[RowKey{"event", "e1"}] = Row{{"n", left}};
  for (std::size_t i = 0; i < seats.size(); ++i) {
    Row ticket{{"buyer", static_cast<std::int64_t>(i + 1)}};
    if (seats[i] != 0) ticket["seat"] = seats[i];
    state[RowKey{"tickets", "b" + std::to_string(i + 1)}] = ticket;
  }
  return state;
}

SeatAccounting seats_rule(std::int64_t total) {
  SeatAccounting rule;
  rule.total = total;
  rule.seat_column = "seat";
  return rule;
}

}  // namespace

TEST_CASE("a sale whose tickets and remaining count add up to its seats is accounted for") {
  CHECK(seat_accounting_problems(sale_state(7, {10, 9, 8}), seats_rule(10)).empty());
  CHECK(seat_accounting_problems(sale_state(0, {1}), seats_rule(1)).empty());
}

TEST_CASE("a lost decrement shows as a seat sold twice and a sum that overshoots the seats") {
  // Two buyers read n = 10, both wrote back 9 and both took seat 10.
  std::vector<std::string> problems = seat_accounting_problems(sale_state(9, {10, 10}), seats_rule(10));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "seat 10 was sold twice: tickets b1 and b2 both hold it");
  CHECK(problems[1] == "2 tickets sold + 9 seats left (event/e1.n) = 11, but there were 10 seats: 1 ticket was sold without "
                       "taking a seat off the count (a lost decrement: buyers wrote back the same count)");
}

TEST_CASE("a decrement without its ticket is a lost seat") {
  std::vector<std::string> problems = seat_accounting_problems(sale_state(8, {10}), seats_rule(10));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("1 ticket sold + 8 seats left (event/e1.n) = 9, but there were 10 seats: 1 seat is lost") == 0);
}

TEST_CASE("a negative count, a seat number out of range and a missing counter are each reported") {
  CHECK(any_contains(seat_accounting_problems(sale_state(-1, {1, 2}), seats_rule(1)), "event/e1.n is -1"));
  CHECK(any_contains(seat_accounting_problems(sale_state(0, {11}), seats_rule(1)), "ticket b1 holds seat 11, which is not one of seats 1..1"));
  std::map<RowKey, Row> no_counter = sale_state(0, {1});
  no_counter.erase(RowKey{"event", "e1"});
  CHECK(any_contains(seat_accounting_problems(no_counter, seats_rule(1)), "event/e1.n has no committed value"));
}

TEST_CASE("tickets without a seat number are counted but cannot collide") {
  CHECK(seat_accounting_problems(sale_state(8, {0, 0}), seats_rule(10)).empty());
  CHECK_FALSE(seat_accounting_problems(sale_state(9, {0, 0}), seats_rule(10)).empty());
}

TEST_CASE("read-then-write loses decrements that no_oversell cannot see while seats remain, and seats_accounted_for names them") {
  // 10 buyers for 20 seats: never more tickets than seats, but the count is wrong.
  RunResult result = run_library("txn/flash-sale-read-then-write", 1, {"workload.clients=10"});
  const Verdict* oversell = find_check(result, "no_oversell");
  const Verdict* seats = find_check(result, "seats_accounted_for");
  REQUIRE(oversell);
  REQUIRE(seats);
  CHECK(oversell->passed());
  REQUIRE_FALSE(seats->passed());
  std::vector<std::string> messages;
  for (const Violation& violation : seats->violations) messages.push_back(violation.message);
  CHECK(any_contains(messages, "seat 20 was sold"));
  CHECK(any_contains(messages, "10 tickets sold + "));
  CHECK(any_contains(messages, "but there were 20 seats"));
}

TEST_CASE("the correct flash-sale strategies account for every seat under load, seed after seed") {
  for (const char* strategy : {"atomic-update", "for-update", "optimistic", "serializable-retry"})
    for (std::uint64_t seed = 1; seed <= 3; ++seed)
      for (const char* clients : {"workload.clients=10", "workload.clients=40"}) {
        INFO(strategy << " seed " << seed << " " << clients);
        RunResult result = run_library(std::string("txn/flash-sale-") + strategy, seed, {clients});
        const Verdict* seats = find_check(result, "seats_accounted_for");
        REQUIRE(seats);
        CHECK(seats->passed());
      }
}

TEST_CASE("the last-seat scenarios check that the seat is accounted for, and read-then-write breaks it") {
  RunResult broken = run_library("txn/seat-read-then-write", 1);
  const Verdict* seats = find_check(broken, "seats_accounted_for");
  REQUIRE(seats);
  REQUIRE_FALSE(seats->passed());
  CHECK(seats->violations.front().message.find("2 tickets sold + 0 seats left (event/e1.n) = 2, but there was 1 seat") == 0);
  for (const char* name : {"txn/seat-atomic-update", "txn/seat-for-update", "txn/seat-optimistic", "txn/seat-serializable-retry"}) {
    INFO(name);
    const Verdict* check = nullptr;
    RunResult result = run_library(name, 1);
    check = find_check(result, "seats_accounted_for");
    REQUIRE(check);
    CHECK(check->passed());
  }
}

TEST_CASE("counter_matches_rows also reports increments with no row behind them") {
  CounterOfRows rule{RowKey{"posts", "p1"}, "likes", "likes", 0};
  std::map<RowKey, Row> state{{RowKey{"posts", "p1"}, Row{{"likes", 2}}}, {RowKey{"likes", "a"}, Row{{"user", 1}}}};
  std::vector<std::string> problems = counter_of_rows_problems(state, rule);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("1 increment has no row behind it") != std::string::npos);
  state[RowKey{"likes", "b"}] = Row{{"user", 2}};
  CHECK(counter_of_rows_problems(state, rule).empty());
}
