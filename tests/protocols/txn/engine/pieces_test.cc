// Table tests of the engine's pure pieces: predicates, key order, MVCC visibility, lock
// compatibility and queues, deadlock cycles, SSI's dangerous structures, and the flavour policies.
#include <catch2/catch.hpp>

#include "sim/protocols/txn/engine/concurrency_policy.h"
#include "sim/protocols/txn/engine/lock_manager.h"
#include "sim/protocols/txn/engine/ssi_tracker.h"
#include "sim/protocols/txn/engine/version_store.h"
#include "sim/protocols/txn/engine/wait_for_graph.h"

using namespace dsim::txn;

TEST_CASE("predicates evaluate modulo and bounds, and a missing column never matches") {
  Predicate multiple_of_3;
  multiple_of_3.mod = 3;
  multiple_of_3.eq = 0;
  CHECK(multiple_of_3.matches(Row{{"value", 30}}));
  CHECK_FALSE(multiple_of_3.matches(Row{{"value", 20}}));
  CHECK_FALSE(multiple_of_3.matches(Row{{"n", 30}}));
  CHECK(multiple_of_3.describe() == "value % 3 = 0");
  Predicate at_least_one;
  at_least_one.column = std::string(1, 'n');  // not = "n": GCC 12 warns falsely (-Wrestrict) on that
  at_least_one.ge = 1;
  CHECK(at_least_one.matches(Row{{"n", 1}}));
  CHECK_FALSE(at_least_one.matches(Row{{"n", 0}}));
  CHECK(at_least_one.describe() == "n >= 1");
  CHECK(Predicate{}.matches(Row{{"value", 1}}));
}

TEST_CASE("numeric keys order by number, other keys by text") {
  CHECK(key_less("2", "10"));
  CHECK_FALSE(key_less("10", "2"));
  CHECK(key_less("a", "b"));
  CHECK(key_less("e1", "e2"));
}

TEST_CASE("a snapshot sees what was committed before it, plus its own writes") {
  VersionStore store;
  RowKey x{"test", "1"};
  store.load(x, Row{{"value", 10}});
  store.begin(1);
  store.begin(2);
  Snapshot before = store.take_snapshot();
  store.install(1, x, Row{{"value", 11}});
  CHECK(store.visible(x, 2, before)->row->at("value") == 10);      // uncommitted: invisible
  CHECK(store.visible(x, 1, before)->row->at("value") == 11);      // own write: visible
  CHECK(store.latest_uncommitted(x, 2)->row->at("value") == 11);   // a dirty read sees it
  CHECK(store.latest_committed(x, 2)->row->at("value") == 10);
  store.commit(1);
  CHECK(store.visible(x, 2, before)->row->at("value") == 10);      // committed after the snapshot
  CHECK(store.latest_committed(x, 2)->row->at("value") == 11);     // a current read sees it
  CHECK(store.visible(x, 2, store.take_snapshot())->row->at("value") == 11);
}

TEST_CASE("an aborted version is invisible to every kind of read") {
  VersionStore store;
  RowKey x{"test", "1"};
  store.load(x, Row{{"value", 10}});
  store.begin(1);
  store.begin(2);
  store.install(1, x, Row{{"value", 101}});
  store.abort(1);
  CHECK(store.latest_uncommitted(x, 2)->row->at("value") == 10);
  CHECK(store.committed_state().at(x).at("value") == 10);
}

TEST_CASE("lock compatibility: shared with shared, gap locks only stop inserts") {
  CHECK_FALSE(lock_conflicts(LockMode::shared, LockMode::shared));
  CHECK(lock_conflicts(LockMode::shared, LockMode::exclusive));
  CHECK(lock_conflicts(LockMode::exclusive, LockMode::shared));
  CHECK(lock_conflicts(LockMode::exclusive, LockMode::exclusive));
  CHECK_FALSE(lock_conflicts(LockMode::gap, LockMode::gap));
  CHECK_FALSE(lock_conflicts(LockMode::gap, LockMode::insert_intention));
  CHECK(lock_conflicts(LockMode::insert_intention, LockMode::gap));
  CHECK_FALSE(lock_conflicts(LockMode::insert_intention, LockMode::insert_intention));
}

TEST_CASE("a waiter is granted its lock when the holder releases") {
  LockManager locks;
  auto row = LockResource::record(RowKey{"test", "1"});
  std::vector<TxnId> blockers;
  REQUIRE(locks.acquire(1, row, LockMode::exclusive, &blockers));
  REQUIRE_FALSE(locks.acquire(2, row, LockMode::exclusive, &blockers));
  CHECK(blockers == std::vector<TxnId>{1});
  CHECK(locks.wait_for_edges() == std::vector<std::pair<TxnId, TxnId>>{{2, 1}});
  CHECK(locks.release_all(1) == std::vector<TxnId>{2});
  CHECK(locks.holds(2, row, LockMode::exclusive));
  CHECK(locks.wait_for_edges().empty());
}

TEST_CASE("two readers upgrading to exclusive wait for each other") {
  LockManager locks;
  auto row = LockResource::record(RowKey{"test", "1"});
  std::vector<TxnId> blockers;
  REQUIRE(locks.acquire(1, row, LockMode::shared, &blockers));
  REQUIRE(locks.acquire(2, row, LockMode::shared, &blockers));
  REQUIRE_FALSE(locks.acquire(1, row, LockMode::exclusive, &blockers));
  REQUIRE_FALSE(locks.acquire(2, row, LockMode::exclusive, &blockers));
  auto cycle = find_deadlock_cycle(locks.wait_for_edges(), 2);
  REQUIRE(cycle);
  CHECK(*cycle == std::vector<TxnId>{2, 1});
}

TEST_CASE("a gap lock inherited by a split gap still stops inserts") {
  LockManager locks;
  auto end_gap = LockResource::gap_at_end("test");
  std::vector<TxnId> blockers;
  REQUIRE(locks.acquire(1, end_gap, LockMode::gap, &blockers));
  locks.inherit_gap(end_gap, LockResource::gap_before(RowKey{"test", "3"}));
  CHECK_FALSE(locks.acquire(2, LockResource::gap_before(RowKey{"test", "3"}), LockMode::insert_intention, &blockers));
  CHECK(blockers == std::vector<TxnId>{1});
}

TEST_CASE("the wait-for graph finds the shortest cycle through the requester and nothing else") {
  std::vector<std::pair<TxnId, TxnId>> chain = {{1, 2}, {2, 3}};
  CHECK_FALSE(find_deadlock_cycle(chain, 1));
  std::vector<std::pair<TxnId, TxnId>> cycle = {{1, 2}, {2, 3}, {3, 1}, {4, 1}};
  REQUIRE(find_deadlock_cycle(cycle, 3));
  CHECK(*find_deadlock_cycle(cycle, 3) == std::vector<TxnId>{3, 1, 2});
  CHECK_FALSE(find_deadlock_cycle(cycle, 4));  // waits on a deadlock, but is not in it
  CHECK(describe_deadlock({2, 1}, {"", "T1", "T2"}) == "T2 waits for T1, which waits for T2");
}

TEST_CASE("SSI dooms the pivot once the other end of a write skew commits (Ports and Grittner 2012)") {
  SsiTracker ssi;
  ssi.track(1, "T1");
  ssi.track(2, "T2");
  ssi.set_snapshot(1, 0);
  ssi.set_snapshot(2, 0);
  RowKey x{"test", "1"}, y{"test", "2"};
  for (TxnId t : {1u, 2u}) { ssi.record_tuple_read(t, x); ssi.record_tuple_read(t, y); }
  ssi.record_write(1, x);  // T2 read x: T2 -rw-> T1
  ssi.record_write(2, y);  // T1 read y: T1 -rw-> T2
  CHECK(ssi.edges() == std::set<std::pair<TxnId, TxnId>>{{1, 2}, {2, 1}});
  CHECK_FALSE(ssi.resolve(2));  // nobody has committed: no structure is dangerous yet
  ssi.committed(1, 1);
  CHECK_FALSE(ssi.resolve(std::nullopt));
  REQUIRE(ssi.doomed(2));
  CHECK_FALSE(ssi.doomed(1));
}

TEST_CASE("SSI ignores a reader that committed before the writer began") {
  SsiTracker ssi;
  ssi.track(1, "T1");
  ssi.track(2, "T2");
  ssi.set_snapshot(1, 0);
  ssi.record_tuple_read(1, RowKey{"test", "1"});
  ssi.committed(1, 1);
  ssi.set_snapshot(2, 1);
  ssi.record_write(2, RowKey{"test", "1"});
  CHECK(ssi.edges().empty());
}

TEST_CASE("the flavour policies differ where the manuals say they do") {
  // PostgreSQL has no dirty reads; InnoDB read uncommitted does.
  CHECK(postgres_policy(Level::read_uncommitted).plain_read == PlainRead::snapshot);
  CHECK(mysql_policy(Level::read_uncommitted).plain_read == PlainRead::dirty);
  // Repeatable read: first updater wins in PostgreSQL, current reads in InnoDB.
  CHECK(postgres_policy(Level::repeatable_read).write_conflict == WriteConflict::fail_if_changed);
  CHECK(mysql_policy(Level::repeatable_read).write_conflict == WriteConflict::current_read);
  CHECK(postgres_policy(Level::read_committed).write_conflict == WriteConflict::recheck_latest);
  // Serializable: SSI in PostgreSQL, locking reads in InnoDB.
  CHECK(postgres_policy(Level::serializable).serializable_snapshot_isolation);
  CHECK_FALSE(postgres_policy(Level::repeatable_read).serializable_snapshot_isolation);
  CHECK(mysql_policy(Level::serializable).plain_read == PlainRead::locking_share);
  CHECK(mysql_policy(Level::repeatable_read).gap_locks);
  CHECK_FALSE(mysql_policy(Level::read_committed).gap_locks);
  CHECK(mysql_policy(Level::read_committed).snapshot_scope == SnapshotScope::statement);
  CHECK(mysql_policy(Level::repeatable_read).lock_wait_timeout_us == 50 * dsim::kSecond);
  CHECK(postgres_policy(Level::serializable).lock_wait_timeout_us == dsim::kTimeNever);
}
