// The ABA problem of optimistic concurrency and its cure: two library scripts, one interleaving,
// differing only in the column the optimistic check compares (docs/concepts/contention.md).
#include <catch2/catch.hpp>

#include <string>

#include "sim/protocols/txn/isolation/interleaving.h"
#include "tests/protocols/txn/library_runs.h"
#include "tests/support/isolation_library.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::txn::isolation;
using namespace dsim::testing;

namespace {

std::int64_t review_count(const InterleavingOutcome& outcome) {
  return outcome.final_state.at(RowKey{"restaurants", "pizza_palace"}).at("review_count");
}

}  // namespace

TEST_CASE("the two ABA tests are one interleaving that differs only in the column the optimistic check compares") {
  const InterleavingTest* value = find_isolation_test("aba-value-check");
  const InterleavingTest* count = find_isolation_test("aba-count-check");
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
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::read_committed, *find_isolation_test("aba-value-check"));
  CHECK(outcome.outcome == Outcome::allowed);
  CHECK(outcome.fates.at("T1") == "committed");
  CHECK(review_count(outcome) == 11);  // 10 + 3 reviews committed
  CHECK(outcome.final_state.at(RowKey{"restaurants", "pizza_palace"}).at("avg_rating") == 41);
  CHECK(any_contains(outcome.narrative, "T1: UPDATE restaurants SET avg_rating = 41, review_count = 11 WHERE id = pizza_palace AND avg_rating = 40 -> 1 row changed"));
  REQUIRE_FALSE(outcome.dsg_anomalies.empty());
  CHECK(outcome.dsg_anomalies.front().name == "G-single");
}

TEST_CASE("checking the count, which every review changes, makes the stale writer retry and count every review") {
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::read_committed, *find_isolation_test("aba-count-check"));
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
    CHECK(run_interleaving(flavour, level, *find_isolation_test("aba-value-check")).outcome == Outcome::allowed);
  // PostgreSQL's snapshot levels refuse T1's update of a row changed since its snapshot (first updater wins).
  CHECK(run_interleaving(Flavour::postgres, Level::repeatable_read, *find_isolation_test("aba-value-check")).outcome == Outcome::abort);
  for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
    for (Level level : {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable}) {
      InterleavingOutcome outcome = run_interleaving(flavour, level, *find_isolation_test("aba-count-check"));
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
