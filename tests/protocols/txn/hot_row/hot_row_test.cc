// The hot row: a client's like step by step (pure), then many clients through run_scenario, with
// and without a queue in front of the row: lock waits and timeouts grow with the crowd, the queue
// applies every like with none, and coalescing multiplies its throughput.
#include <catch2/catch.hpp>

#include <string>

#include "sim/protocols/txn/hot_row/like_session.h"
#include "tests/protocols/txn/library_runs.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::txn::hot_row;
using namespace dsim::testing;

namespace {

double p99(const RunResult& result, const std::string& histogram) {
  auto found = result.metrics.histograms().find(histogram);
  return found == result.metrics.histograms().end() ? 0 : static_cast<double>(found->second.percentile(99));
}

}  // namespace

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
