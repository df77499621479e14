// The engine driven statement by statement: blocking, resuming, re-checking, failing, deadlocks
// and timeouts, as each flavour's manual describes them.
#include <catch2/catch.hpp>

#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/engine/engine.h"

using namespace dsim;
using namespace dsim::txn;

namespace {

Statement select_key(const std::string& key) {
  Statement s;
  s.kind = StatementKind::select;
  s.keys = {key};
  return s;
}
Statement update_key(const std::string& key, std::int64_t value) {
  Statement s;
  s.kind = StatementKind::update;
  s.keys = {key};
  s.set = {Assignment{"value", false, value}};
  return s;
}
Statement add_to_key(const std::string& key, std::int64_t amount) {
  Statement s = update_key(key, amount);
  s.set.front().relative = true;
  return s;
}
Statement insert_key(const std::string& key, std::int64_t value) {
  Statement s;
  s.kind = StatementKind::insert;
  s.keys = {key};
  s.row = Row{{"value", value}};
  return s;
}
Statement scan(std::optional<Predicate> where = std::nullopt, LockingClause locking = LockingClause::none) {
  Statement s;
  s.kind = StatementKind::select;
  s.where = where;
  s.locking = locking;
  return s;
}
Statement ends(StatementKind kind) {
  Statement s;
  s.kind = kind;
  return s;
}
TxnEngine loaded(Flavour flavour, EngineOptions options = {}) {
  TxnEngine engine(flavour, options);
  engine.load(RowKey{"test", "1"}, Row{{"value", 10}});
  engine.load(RowKey{"test", "2"}, Row{{"value", 20}});
  return engine;
}
using Status = StatementResult::Status;

}  // namespace

TEST_CASE("postgres read committed: a waiting UPDATE re-checks the row its blocker committed (EvalPlanQual)") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::read_committed, "T1", 0);
  TxnId t2 = engine.begin(Level::read_committed, "T2", 0);
  REQUIRE(engine.execute(t1, add_to_key("1", 5), 1).status == Status::done);
  StatementResult waiting = engine.execute(t2, add_to_key("1", 100), 2);
  REQUIRE(waiting.status == Status::blocked);
  CHECK(waiting.blocked_on == std::vector<TxnId>{t1});
  CHECK(engine.take_completions().empty());
  engine.execute(t1, ends(StatementKind::commit), 3);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].txn == t2);
  CHECK(completions[0].at == 3);
  CHECK(completions[0].result.waited);
  CHECK(completions[0].result.affected == 1);
  engine.execute(t2, ends(StatementKind::commit), 4);
  CHECK(engine.store().committed_state().at(RowKey{"test", "1"}).at("value") == 115);  // 10 + 5 + 100: nothing lost
}

TEST_CASE("postgres repeatable read: the second updater fails after its blocker commits (first updater wins)") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  engine.execute(t1, select_key("1"), 1);
  engine.execute(t2, select_key("1"), 1);
  engine.execute(t1, update_key("1", 11), 2);
  REQUIRE(engine.execute(t2, update_key("1", 11), 3).status == Status::blocked);
  engine.execute(t1, ends(StatementKind::commit), 4);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].result.status == Status::failed);
  CHECK(completions[0].result.error == ErrorKind::serialization_failure);
  CHECK(engine.state(t2) == TxnState::aborted);
}

TEST_CASE("postgres repeatable read: if the blocker rolls back, the waiting update goes ahead") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  engine.execute(t1, update_key("1", 11), 1);
  REQUIRE(engine.execute(t2, update_key("1", 12), 2).status == Status::blocked);
  engine.execute(t1, ends(StatementKind::rollback), 3);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].result.status == Status::done);
  CHECK(completions[0].result.affected == 1);
}

TEST_CASE("mysql repeatable read: a plain read sees the snapshot but an UPDATE acts on the newest row") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  CHECK(engine.execute(t1, select_key("1"), 1).rows.at("1").at("value") == 10);
  engine.execute(t2, add_to_key("1", 5), 2);
  engine.execute(t2, ends(StatementKind::commit), 3);
  CHECK(engine.execute(t1, select_key("1"), 4).rows.at("1").at("value") == 10);  // consistent read
  engine.execute(t1, add_to_key("1", 1), 5);                                        // current read: 15 + 1
  CHECK(engine.execute(t1, select_key("1"), 6).rows.at("1").at("value") == 16);  // its own write shows
}

TEST_CASE("mysql read uncommitted reads a dirty value, read committed does not") {
  for (Level level : {Level::read_uncommitted, Level::read_committed}) {
    TxnEngine engine = loaded(Flavour::mysql);
    TxnId t1 = engine.begin(level, "T1", 0);
    TxnId t2 = engine.begin(level, "T2", 0);
    engine.execute(t1, update_key("1", 101), 1);
    std::int64_t seen = engine.execute(t2, select_key("1"), 2).rows.at("1").at("value");
    CHECK(seen == (level == Level::read_uncommitted ? 101 : 10));
  }
}

TEST_CASE("mysql repeatable read: a locking scan's next-key locks stop a phantom insert") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  Predicate over_15;
  over_15.gt = 15;
  engine.execute(t1, scan(over_15, LockingClause::for_update), 1);
  StatementResult insert = engine.execute(t2, insert_key("3", 30), 2);
  REQUIRE(insert.status == Status::blocked);
  CHECK(insert.waiting_for.find("insert-intention") != std::string::npos);
  engine.execute(t1, ends(StatementKind::commit), 3);
  REQUIRE(engine.take_completions().size() == 1);
}

TEST_CASE("mysql read committed takes no gap locks, so the same insert goes through") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::read_committed, "T1", 0);
  TxnId t2 = engine.begin(Level::read_committed, "T2", 0);
  Predicate over_15;
  over_15.gt = 15;
  engine.execute(t1, scan(over_15, LockingClause::for_update), 1);
  CHECK(engine.execute(t2, insert_key("3", 30), 2).status == Status::done);
}

TEST_CASE("innodb: a deadlock between equal transactions rolls back the one whose request closes the cycle") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::read_committed, "T1", 0);
  TxnId t2 = engine.begin(Level::read_committed, "T2", 0);
  engine.execute(t1, update_key("1", 11), 1);
  engine.execute(t2, update_key("2", 22), 2);
  REQUIRE(engine.execute(t1, update_key("2", 21), 3).status == Status::blocked);
  StatementResult closing = engine.execute(t2, update_key("1", 12), 4);
  REQUIRE(closing.status == Status::failed);
  CHECK(closing.error == ErrorKind::deadlock);
  CHECK_FALSE(closing.waited);
  CHECK(closing.message.find("T2 waits for T1, which waits for T2") != std::string::npos);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].txn == t1);
  CHECK(completions[0].result.status == Status::done);
}

// Measured on MariaDB 10.11 with tools/hermitage (g2-two-edges at serializable): InnoDB rolls back
// the lightest transaction of the cycle, here a waiter that holds no lock, not the requester.
TEST_CASE("innodb: a deadlock rolls back the transaction with the fewest rows changed and locks held") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::serializable, "T1", 0);
  TxnId t2 = engine.begin(Level::serializable, "T2", 0);
  TxnId t3 = engine.begin(Level::serializable, "T3", 0);
  REQUIRE(engine.execute(t1, scan(), 1).status == Status::done);  // share locks on every row
  REQUIRE(engine.execute(t2, update_key("2", 25), 2).status == Status::blocked);  // waits for T1
  REQUIRE(engine.execute(t3, scan(), 3).status == Status::blocked);  // row 1 locked, queued behind T2 on row 2
  StatementResult closing = engine.execute(t1, update_key("1", 0), 4);  // waits for T3: a cycle
  CHECK(closing.status == Status::blocked);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 2);
  CHECK(completions[0].txn == t2);
  CHECK(completions[0].result.error == ErrorKind::deadlock);
  CHECK(completions[0].result.waited);
  CHECK(completions[0].result.message.find("T2, the transaction of the cycle with the fewest") != std::string::npos);
  CHECK(completions[1].txn == t3);  // T2's queued request is gone: T3's scan goes on
  CHECK(completions[1].result.status == Status::done);
  CHECK(engine.state(t2) == TxnState::aborted);
  engine.execute(t3, ends(StatementKind::commit), 5);
  completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].txn == t1);
  CHECK(completions[0].result.status == Status::done);
}

// Measured on PostgreSQL 15 with tools/hermitage (transfer-deadlock): the deadlock is found only
// when a waiter's deadlock_timeout (1 s) expires, and that waiter, which has waited, is rolled back.
TEST_CASE("postgres: a deadlock is found when the first waiter's deadlock_timeout expires and rolls it back") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::read_committed, "T1", 0);
  TxnId t2 = engine.begin(Level::read_committed, "T2", 0);
  engine.execute(t1, update_key("1", 11), 0);
  engine.execute(t2, update_key("2", 22), 0);
  REQUIRE(engine.execute(t1, update_key("2", 21), 100 * kMillisecond).status == Status::blocked);
  REQUIRE(engine.execute(t2, update_key("1", 12), 200 * kMillisecond).status == Status::blocked);
  CHECK(engine.take_completions().empty());
  CHECK(engine.next_timeout() == 1100 * kMillisecond);
  engine.expire_waits(1100 * kMillisecond);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 2);
  CHECK(completions[0].txn == t1);
  CHECK(completions[0].result.error == ErrorKind::deadlock);
  CHECK(completions[0].result.waited);
  CHECK(completions[0].result.message.find("T1 waits for T2, which waits for T1") != std::string::npos);
  CHECK(completions[1].txn == t2);
  CHECK(completions[1].result.status == Status::done);
  CHECK(engine.next_timeout() == kTimeNever);
}

TEST_CASE("postgres: a waiter whose deadlock check found no cycle leaves the deadlock to the later waiter") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::read_committed, "T1", 0);
  TxnId t2 = engine.begin(Level::read_committed, "T2", 0);
  engine.execute(t1, update_key("1", 11), 1 * kSecond);
  engine.execute(t2, update_key("2", 22), 2 * kSecond);
  REQUIRE(engine.execute(t1, update_key("2", 21), 3 * kSecond).status == Status::blocked);
  engine.expire_waits(4 * kSecond);  // T1's check: T2 is not waiting yet
  CHECK(engine.take_completions().empty());
  REQUIRE(engine.execute(t2, update_key("1", 12), 4 * kSecond).status == Status::blocked);
  CHECK(engine.next_timeout() == 5 * kSecond);
  engine.expire_waits(5 * kSecond);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 2);
  CHECK(completions[0].txn == t2);
  CHECK(completions[0].result.error == ErrorKind::deadlock);
  CHECK(completions[1].txn == t1);
  CHECK(completions[1].result.status == Status::done);
}

TEST_CASE("a lock wait longer than the timeout fails the waiting statement in virtual time") {
  EngineOptions options;
  options.lock_wait_timeout_us = 5 * kSecond;
  TxnEngine engine = loaded(Flavour::mysql, options);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  engine.execute(t1, update_key("1", 11), 0);
  REQUIRE(engine.execute(t2, update_key("1", 12), 1 * kSecond).status == Status::blocked);
  CHECK(engine.next_timeout() == 6 * kSecond);
  engine.expire_waits(5 * kSecond);
  CHECK(engine.take_completions().empty());
  engine.expire_waits(6 * kSecond);
  auto completions = engine.take_completions();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].result.error == ErrorKind::lock_wait_timeout);
  CHECK(completions[0].at == 6 * kSecond);
  CHECK(engine.state(t1) == TxnState::active);
}

TEST_CASE("postgres serializable: write skew fails the second COMMIT") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::serializable, "T1", 0);
  TxnId t2 = engine.begin(Level::serializable, "T2", 0);
  Statement both = select_key("1");
  both.keys = {"1", "2"};
  engine.execute(t1, both, 1);
  engine.execute(t2, both, 2);
  CHECK(engine.execute(t1, update_key("1", 11), 3).status == Status::done);
  CHECK(engine.execute(t2, update_key("2", 21), 4).status == Status::done);
  CHECK(engine.execute(t1, ends(StatementKind::commit), 5).status == Status::done);
  StatementResult second = engine.execute(t2, ends(StatementKind::commit), 6);
  CHECK(second.status == Status::failed);
  CHECK(second.at_commit);
  CHECK(second.error == ErrorKind::serialization_failure);
}

TEST_CASE("postgres repeatable read lets the same write skew commit") {
  TxnEngine engine = loaded(Flavour::postgres);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  Statement both = select_key("1");
  both.keys = {"1", "2"};
  engine.execute(t1, both, 1);
  engine.execute(t2, both, 2);
  engine.execute(t1, update_key("1", 11), 3);
  engine.execute(t2, update_key("2", 21), 4);
  CHECK(engine.execute(t1, ends(StatementKind::commit), 5).status == Status::done);
  CHECK(engine.execute(t2, ends(StatementKind::commit), 6).status == Status::done);
}

TEST_CASE("the engine's history shows a lost update to the checker as G-single") {
  TxnEngine engine = loaded(Flavour::mysql);
  TxnId t1 = engine.begin(Level::repeatable_read, "T1", 0);
  TxnId t2 = engine.begin(Level::repeatable_read, "T2", 0);
  engine.execute(t1, select_key("1"), 1);
  engine.execute(t2, select_key("1"), 2);
  engine.execute(t1, update_key("1", 11), 3);
  engine.execute(t1, ends(StatementKind::commit), 4);
  engine.execute(t2, update_key("1", 11), 5);
  engine.execute(t2, ends(StatementKind::commit), 6);
  auto anomalies = dsg::find_anomalies(engine.history());
  REQUIRE(anomalies.size() == 1);
  CHECK(anomalies[0].name == "G-single");
  CHECK(anomalies[0].evidence == "T1 -ww-> T2 -rw-> T1");
}
