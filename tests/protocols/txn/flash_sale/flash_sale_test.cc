// The flash sale: each strategy's buyer logic step by step (pure), then whole runs with many buyers
// through run_scenario: the naive strategy oversells under load and no_oversell catches it; every
// other strategy sells exactly the seats there are, for several seeds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/txn/flash_sale/buyer_session.h"
#include "tests/protocols/txn/library_runs.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::txn::flash_sale;
using namespace dsim::testing;

namespace {

StatementResult done_with_rows(std::int64_t n, std::int64_t version) {
  StatementResult result;
  result.rows["e1"] = Row{{"n", n}, {"version", version}};
  return result;
}

StatementResult done_affecting(std::size_t rows) {
  StatementResult result;
  result.affected = rows;
  return result;
}

StatementResult failed(ErrorKind kind) {
  StatementResult result;
  result.status = StatementResult::Status::failed;
  result.error = kind;
  return result;
}

RunResult run_sale(const std::string& strategy, std::uint64_t seed, const std::vector<std::string>& sets = {}) {
  return run_library("txn/flash-sale-" + strategy, seed, sets);
}

}  // namespace

TEST_CASE("a read-then-write buyer writes back the count it read minus one") {
  BuyerSession buyer(SaleStrategy::read_then_write, 7);
  Statement read = buyer.begin_attempt();
  CHECK(read.kind == StatementKind::select);
  CHECK(read.locking == LockingClause::none);
  BuyerAction update = buyer.on_result(done_with_rows(5, 1));
  REQUIRE(update.kind == BuyerAction::Kind::send);
  CHECK(update.statement.sql() == "UPDATE event SET n = 4 WHERE id = e1");
  BuyerAction insert = buyer.on_result(done_affecting(1));
  CHECK(insert.statement.kind == StatementKind::insert);
  CHECK(insert.statement.keys.front() == "b7");
  CHECK(buyer.on_result(done_affecting(1)).statement.kind == StatementKind::commit);
  CHECK(buyer.on_result(StatementResult{}).kind == BuyerAction::Kind::bought);
}

TEST_CASE("an atomic-update buyer decrements in the database and leaves when no row changed") {
  BuyerSession buyer(SaleStrategy::atomic_update, 1);
  Statement update = buyer.begin_attempt();
  CHECK(update.sql() == "UPDATE event SET n = n - 1 WHERE id = e1 AND n >= 1");
  BuyerAction rollback = buyer.on_result(done_affecting(0));
  CHECK(rollback.statement.kind == StatementKind::rollback);
  CHECK(buyer.on_result(StatementResult{}).kind == BuyerAction::Kind::sold_out);
}

TEST_CASE("an optimistic buyer retries when the version it read has changed, but not when the seats are gone") {
  BuyerSession buyer(SaleStrategy::optimistic, 1);
  buyer.begin_attempt();
  BuyerAction update = buyer.on_result(done_with_rows(3, 9));
  CHECK(update.statement.sql() == "UPDATE event SET n = 2, version = 10 WHERE id = e1 AND version = 9");
  CHECK(buyer.on_result(done_affecting(0)).statement.kind == StatementKind::rollback);
  BuyerAction retry = buyer.on_result(StatementResult{});
  CHECK(retry.kind == BuyerAction::Kind::retry);
  CHECK(retry.conflict);
  buyer.begin_attempt();
  buyer.on_result(done_with_rows(0, 12));
  CHECK(buyer.on_result(StatementResult{}).kind == BuyerAction::Kind::sold_out);
}

TEST_CASE("a buyer whose statement fails with a serialization error retries, and a looker only looks") {
  BuyerSession buyer(SaleStrategy::serializable_retry, 1);
  buyer.begin_attempt();
  buyer.on_result(done_with_rows(1, 1));
  BuyerAction retry = buyer.on_result(failed(ErrorKind::serialization_failure));
  CHECK(retry.kind == BuyerAction::Kind::retry);
  CHECK_FALSE(retry.conflict);

  BuyerSession looker(SaleStrategy::for_update, 2, /*looker=*/true);
  CHECK(looker.begin_attempt().locking == LockingClause::for_update);
  CHECK(looker.on_result(done_with_rows(4, 1)).statement.kind == StatementKind::rollback);
  CHECK(looker.on_result(StatementResult{}).kind == BuyerAction::Kind::looked);
}

TEST_CASE("read-then-write at read committed oversells a busy flash sale and no_oversell catches it") {
  RunResult result = run_sale("read-then-write", 1);
  CHECK_FALSE(result.passed());
  CHECK(counter(result, "txn.committed") > 20);
}

TEST_CASE("every other flash-sale strategy sells exactly the seats there are, seed after seed") {
  for (const char* strategy : {"atomic-update", "for-update", "optimistic", "serializable-retry"})
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      INFO(strategy << " seed " << seed);
      RunResult result = run_sale(strategy, seed);
      CHECK(result.passed());
      CHECK(counter(result, "txn.committed") + counter(result, "txn.gave_up") >= 20);
      CHECK(counter(result, "txn.committed") <= 20);
      CHECK(counter(result, "txn.throughput_per_s") > 0);  // every buyer finished within the duration
    }
}

TEST_CASE("optimistic buyers retry under contention while pessimistic ones wait instead") {
  RunResult optimistic = run_sale("optimistic", 1);
  RunResult pessimistic = run_sale("for-update", 1);
  CHECK(counter(optimistic, "txn.retries") > 0);
  CHECK(counter(pessimistic, "txn.retries") == 0);
  CHECK(counter(pessimistic, "txn.lock_waits") > 0);
}

TEST_CASE("a flash sale gives the same metrics for the same seed and different ones for another") {
  RunResult first = run_sale("optimistic", 3), second = run_sale("optimistic", 3), other = run_sale("optimistic", 4);
  CHECK(first.metrics.counters() == second.metrics.counters());
  CHECK(first.metrics.counters() != other.metrics.counters());
}
