// The concurrency patterns of the design notes beyond the last seat: the ABA problem of optimistic
// concurrency and its cure, the "seats accounted for" and "counter matches rows" invariants (each
// broken on purpose, by hand and by a strategy that loses decrements), and a hot row under many
// clients with and without a queue in front of it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/txn/classic_tests.h"
#include "sim/protocols/txn/hot_row.h"
#include "sim/protocols/txn/seat_accounting.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::txn;

namespace {

RunResult run_library(const std::string& name, std::uint64_t seed, const std::vector<std::string>& sets = {}) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) overrides.push_back(parse_override(set));
  Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry(), overrides);
  RunOptions options;
  options.seed = seed;
  return run_scenario(scenario, testing::builtin_registry(), options);
}

const Verdict* find_check(const RunResult& result, const std::string& name) {
  for (const Verdict& check : result.checks)
    if (check.name == name) return &check;
  return nullptr;
}

std::int64_t counter(const RunResult& result, const std::string& name) {
  auto found = result.metrics.counters().find(name);
  return found == result.metrics.counters().end() ? 0 : found->second;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

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

std::int64_t review_count(const InterleavingOutcome& outcome) {
  return outcome.final_state.at(RowKey{"restaurants", "pizza_palace"}).at("review_count");
}

double p99(const RunResult& result, const std::string& histogram) {
  auto found = result.metrics.histograms().find(histogram);
  return found == result.metrics.histograms().end() ? 0 : static_cast<double>(found->second.percentile(99));
}

}  // namespace

// ---- seats accounted for ----

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

// ---- ABA ----

TEST_CASE("the two ABA tests are one interleaving that differs only in the column the optimistic check compares") {
  const InterleavingTest* value = find_classic_test("aba-value-check");
  const InterleavingTest* count = find_classic_test("aba-count-check");
  REQUIRE(value);
  REQUIRE(count);
  REQUIRE(value->steps.size() == count->steps.size());
  CHECK(value->initial == count->initial);
  for (std::size_t i = 0; i < value->steps.size(); ++i) {
    const Step& a = value->steps[i];
    const Step& b = count->steps[i];
    INFO("step " << i);
    CHECK(a.txn == b.txn);
    CHECK(a.statement.kind == b.statement.kind);
    CHECK(a.set_from_read.size() == b.set_from_read.size());
    if (a.statement.where) {
      CHECK(a.statement.where->column == "avg_rating");
      CHECK(b.statement.where->column == "review_count");
    }
  }
}

TEST_CASE("a compare-and-set on a value that went A to B to A succeeds and two reviews vanish from the count") {
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::read_committed, *find_classic_test("aba-value-check"));
  CHECK(outcome.outcome == Outcome::allowed);
  CHECK(outcome.fates.at("T1") == "committed");
  CHECK(review_count(outcome) == 11);  // 10 + 3 reviews committed
  CHECK(outcome.final_state.at(RowKey{"restaurants", "pizza_palace"}).at("avg_rating") == 41);
  CHECK(any_contains(outcome.narrative, "T1: UPDATE restaurants SET avg_rating = 41, review_count = 11 WHERE id = pizza_palace AND avg_rating = 40 -> 1 row changed"));
  REQUIRE_FALSE(outcome.dsg_anomalies.empty());
  CHECK(outcome.dsg_anomalies.front().name == "G-single");
}

TEST_CASE("checking the count, which every review changes, makes the stale writer retry and count every review") {
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::read_committed, *find_classic_test("aba-count-check"));
  CHECK(outcome.outcome == Outcome::nowait);
  CHECK(outcome.fates.at("T1") == "committed on retry 1");
  CHECK(review_count(outcome) == 13);
  CHECK(any_contains(outcome.narrative, "WHERE id = pizza_palace AND review_count = 10 -> 0 rows changed"));
  CHECK(any_contains(outcome.narrative, "T1 (retry 1): UPDATE restaurants SET avg_rating = 41, review_count = 13 WHERE id = pizza_palace AND review_count = 12 -> 1 row changed"));
  CHECK(outcome.dsg_anomalies.empty());
}

TEST_CASE("ABA happens wherever a write acts on the newest row, and the count check holds at every level") {
  const std::pair<Flavour, Level> lets_aba_through[] = {
      {Flavour::postgres, Level::read_committed}, {Flavour::mysql, Level::read_committed}, {Flavour::mysql, Level::repeatable_read}};
  for (const auto& [flavour, level] : lets_aba_through)
    CHECK(run_interleaving(flavour, level, *find_classic_test("aba-value-check")).outcome == Outcome::allowed);
  // PostgreSQL's snapshot levels refuse T1's update of a row changed since its snapshot (first updater wins).
  CHECK(run_interleaving(Flavour::postgres, Level::repeatable_read, *find_classic_test("aba-value-check")).outcome == Outcome::abort);
  for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
    for (Level level : {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable}) {
      InterleavingOutcome outcome = run_interleaving(flavour, level, *find_classic_test("aba-count-check"));
      INFO(flavour_name(flavour) << " " << level_name(level));
      CHECK(outcome.outcome != Outcome::allowed);
      CHECK(review_count(outcome) == 13);
    }
}

TEST_CASE("counter_matches_rows fails on the ABA run with the counts and passes on the cure") {
  RunResult aba = run_library("txn/aba-value-check", 1);
  const Verdict* counted = find_check(aba, "counter_matches_rows");
  REQUIRE(counted);
  REQUIRE_FALSE(counted->passed());
  CHECK(counted->violations.front().message ==
        "restaurants/pizza_palace.review_count is 11, but reviews holds 3 committed rows on top of the 10 counted at the "
        "start (13): 2 rows were never counted (an increment was overwritten)");
  CHECK(run_library("txn/aba-count-check", 1).passed());
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

// ---- the hot row ----

TEST_CASE("a for-update like locks the row, writes the value it read plus one, then commits") {
  LikeSession like(HotRowMode::for_update);
  Statement lock = like.begin();
  CHECK(lock.sql() == "SELECT * FROM posts WHERE id = p1 FOR UPDATE");
  StatementResult read;
  read.rows["p1"] = Row{{"likes", 41}};
  Statement next;
  REQUIRE(like.on_result(read, next) == LikeSession::Next::send);
  CHECK(next.sql() == "UPDATE posts SET likes = 42 WHERE id = p1");
  REQUIRE(like.on_result(StatementResult{}, next) == LikeSession::Next::send);
  CHECK(next.kind == StatementKind::commit);
  CHECK(like.on_result(StatementResult{}, next) == LikeSession::Next::liked);

  LikeSession atomic(HotRowMode::atomic_update);
  CHECK(atomic.begin().sql() == "UPDATE posts SET likes = likes + 1 WHERE id = p1");
  StatementResult timed_out;
  timed_out.status = StatementResult::Status::failed;
  timed_out.error = ErrorKind::lock_wait_timeout;
  CHECK(atomic.on_result(timed_out, next) == LikeSession::Next::failed);
}

TEST_CASE("clients locking a hot row wait longer as they multiply, until the lock-wait timeout fails their likes") {
  RunResult few = run_library("txn/hot-row-locking", 1, {"workload.clients=5"});
  RunResult many = run_library("txn/hot-row-locking", 1, {"workload.clients=80"});
  CHECK(counter(few, "txn.committed") == 25);
  CHECK(counter(few, "txn.lock_timeouts") == 0);
  CHECK(counter(many, "txn.lock_timeouts") > 100);
  CHECK(counter(many, "txn.committed") + counter(many, "txn.aborted") == 400);
  CHECK(p99(many, "txn.lock_wait_us") > 3 * p99(few, "txn.lock_wait_us"));
  CHECK(p99(many, "txn.latency_us") > 3 * p99(few, "txn.latency_us"));
}

TEST_CASE("a queue in front of the hot row applies every like with no lock wait, bounded by the worker") {
  RunResult queue = run_library("txn/hot-row-queue", 1, {"workload.clients=80", "workload.batch=1"});
  RunResult locking = run_library("txn/hot-row-locking", 1, {"workload.clients=80"});
  CHECK(counter(queue, "txn.committed") == 400);
  CHECK(counter(queue, "txn.aborted") == 0);
  CHECK(counter(queue, "txn.lock_waits") == 0);
  CHECK(counter(queue, "txn.batches") == 400);
  // One like per transaction, two round trips each: fewer likes per second than the locking clients
  // manage, but every like is applied; its latency is time spent in the queue.
  CHECK(counter(queue, "txn.throughput_per_s") < counter(locking, "txn.throughput_per_s"));
  CHECK(p99(queue, "txn.queue_wait_us") > 0.8 * p99(queue, "txn.latency_us"));
}

TEST_CASE("coalescing a batch of likes into one transaction multiplies the queue's throughput") {
  RunResult single = run_library("txn/hot-row-queue", 1, {"workload.clients=40", "workload.batch=1"});
  RunResult batched = run_library("txn/hot-row-queue", 1, {"workload.clients=40", "workload.batch=20"});
  CHECK(counter(batched, "txn.committed") == 200);
  CHECK(counter(batched, "txn.batches") < 50);
  CHECK(counter(batched, "txn.throughput_per_s") > 5 * counter(single, "txn.throughput_per_s"));
  CHECK(p99(batched, "txn.latency_us") < p99(single, "txn.latency_us") / 5);
}

TEST_CASE("the hot-row scenarios pass their checks and give the same metrics for the same seed") {
  for (const char* name : {"txn/hot-row-locking", "txn/hot-row-queue"}) {
    INFO(name);
    RunResult first = run_library(name, 2), second = run_library(name, 2);
    CHECK(first.passed());
    CHECK(counter(first, "txn.throughput_per_s") > 0);  // every client finished within the duration
    CHECK(first.metrics.counters() == second.metrics.counters());
  }
}
