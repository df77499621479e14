// The store checks judge the store's durable storage as the run left it (store_protocol/invariants.h):
// each is shown failing on a broken engine or a broken script, and passing where nothing is broken.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "sim/protocols/txn/engine/durable_log.h"
#include "sim/protocols/txn/isolation/interleaving_runner.h"
#include "sim/protocols/txn/store_protocol/invariants.h"
#include "sim/runner/recheck.h"
#include "sim/trace/trace_reader.h"
#include "tests/protocols/txn/library_runs.h"
#include "tests/support/isolation_library.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::txn::isolation;
using namespace dsim::testing;

namespace {

// The g0 script at PostgreSQL read committed, on an engine with or without the dirty-write mutant,
// as the store node's durable storage would hold it at the end.
FinalState g0_final_state(bool dirty_writes) {
  InterleavingOptions options;
  options.engine.durable_log = true;
  options.engine.mutant_dirty_writes = dirty_writes;
  InterleavingRunner runner(Flavour::postgres, Level::read_committed, *find_isolation_test("g0"), options);
  DurableStorage storage;
  auto persist = [&] {
    for (DurableChange& change : runner.take_durable_changes()) {
      if (change.value) storage.put(change.key, *change.value);
      else storage.erase(change.key);
    }
  };
  persist();
  while (!runner.finished()) {
    runner.advance(runner.next_event());
    persist();
  }
  return FinalState(10 * kSecond, {storage.entries()}, {true});
}

Verdict judge(std::unique_ptr<Checker> checker, const FinalState& final_state) {
  checker->begin(RunInfo{1, {"n0"}, 1});
  checker->finish(final_state);
  return checker->verdict();
}

}  // namespace

TEST_CASE("acyclic_history and serializable_history catch the dirty writes of a broken engine in its durable log") {
  FinalState broken = g0_final_state(/*dirty_writes=*/true);
  Verdict acyclic = judge(make_acyclic_history_checker(0), broken);
  REQUIRE_FALSE(acyclic.passed());
  CHECK_THAT(acyclic.violations.front().message, Catch::StartsWith("G0: T1 -ww-> T2 -ww-> T1"));
  Verdict serializable = judge(make_serializable_history_checker(0, Level::read_committed), broken);
  REQUIRE_FALSE(serializable.passed());
  CHECK_THAT(serializable.violations.front().message, Catch::Contains("G0 is forbidden at PL-2 (read committed)"));

  FinalState correct = g0_final_state(/*dirty_writes=*/false);
  CHECK(judge(make_acyclic_history_checker(0), correct).passed());
  CHECK(judge(make_serializable_history_checker(0, Level::read_committed), correct).passed());
}

TEST_CASE("a store check names the unreadable entry of a damaged log rather than passing") {
  FinalState damaged(kSecond, {DurableEntries{{"txn/0000000001", "{"}}}, {true});
  Verdict verdict = judge(make_acyclic_history_checker(0), damaged);
  REQUIRE_FALSE(verdict.passed());
  CHECK_THAT(verdict.violations.front().message, Catch::Contains("txn/0000000001"));
}

TEST_CASE("money_conserved catches a transfer that forgets its credit, and passes the transfers as written") {
  RunResult broken = run_library("txn/transfer-ordered", 1,
                                 {R"(workload.steps[2]={"t": 1, "do": "update", "table": "accounts", "key": "b", "set": {"balance": {"add": 0}}})"});
  const Verdict* money = find_check(broken, "money_conserved");
  REQUIRE(money);
  REQUIRE_FALSE(money->passed());
  CHECK(money->violations.front().message == "the balance column of accounts sums to 190 instead of 200: money was lost");
  for (const char* name : {"txn/transfer-ordered", "txn/transfer-deadlock"}) {
    INFO(name);
    const Verdict* kept = find_check(run_library(name), "money_conserved");
    REQUIRE(kept);
    CHECK(kept->passed());
  }
}

TEST_CASE("no_anomaly reports a script the run cut short, from the transcript it never wrote") {
  RunResult cut = run_library("txn/p4", 1, {"duration=3s", R"(story=[{"at": "1s", "text": "cut short"}])"});
  const Verdict* anomaly = find_check(cut, "no_anomaly");
  REQUIRE(anomaly);
  REQUIRE(anomaly->violations.size() == 1);
  CHECK(anomaly->violations.front().message == "the script had not finished when the run ended: make the scenario's duration longer");
}

TEST_CASE("a store that crashes starts its durable log over with its fresh engine, and a trace of it is re-judged alike") {
  // The hot row's store keeps nothing across a crash: it restarts with likes = 0 and a fresh engine.
  // Its log must then hold that engine's transactions only: every committed like (atomic-update
  // adds one each) is in the counter, none of the first incarnation's is left in the log.
  Scenario scenario = load_library("txn/hot-row-locking", {R"(faults=[{"at": "60ms", "crash": 0}, {"at": "70ms", "restart": 0}])"});
  std::ostringstream text;
  RunOptions options;
  options.trace = &text;
  RunResult result = run_scenario(scenario, dsim::builtin_registry(), options);
  Trace trace = read_trace_text(text.str(), scenario.name);
  const TraceEvent* store = nullptr;
  for (const TraceEvent& event : trace.events)
    if (event.kind == TraceEventKind::durable && event.node == 0) store = &event;
  REQUIRE(store);
  DurableEntries entries(store->entries.begin(), store->entries.end());
  std::int64_t committed = 0;
  for (const TransactionRecord& record : durable_history(entries).transactions) committed += record.outcome == dsg::Outcome::committed;
  CHECK(durable_committed_rows(entries).at(RowKey{"posts", "p1"}).at("likes") == committed);
  CHECK(counter(result, "txn.committed") > committed);  // the clients saw likes the crash took away
  CHECK(recheck_trace(trace, dsim::builtin_registry()).verdicts == result.checks);
}
