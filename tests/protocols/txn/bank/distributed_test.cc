// Transactions across databases: two-phase commit (Bernstein, Hadzilacos & Goodman, ch. 7) and the
// saga (Garcia-Molina & Salem 1987), run through the library scenarios as `dsim run` runs them.
// Expected times come from each scenario's own faults and workload, never from the run's output;
// every checker is shown failing on a protocol broken on purpose (a bug switch).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/protocols/txn/bank/bank.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::txn::bank;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

Scenario load(const std::string& name, const std::vector<std::string>& sets = {}) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) overrides.push_back(parse_override(set));
  return load_scenario_file(testing::library_scenario(name), registry(), overrides);
}

TimeUs duration_at(const nlohmann::json& json, const std::string& pointer) {
  return *parse_duration(json.at(nlohmann::json::json_pointer(pointer)).get<std::string>());
}

// The time of the scenario's `action` fault on `node` (the first one).
TimeUs fault_time(const Scenario& scenario, FaultSpec::Action action, NodeId node) {
  for (const FaultSpec& fault : scenario.faults)
    if (fault.action == action && fault.target.ids == std::vector<NodeId>{node}) return fault.at_us;
  FAIL("no such fault in " << scenario.name);
  return 0;
}

const Verdict* check(const RunResult& result, const std::string& name) {
  for (const Verdict& outcome : result.checks)
    if (outcome.name == name) return &outcome;
  return nullptr;
}

std::string first_violation(const RunResult& result, const std::string& name) {
  const Verdict* outcome = check(result, name);
  return outcome && !outcome->violations.empty() ? outcome->violations.front().message : "";
}

// Every invariant checker passed (a variant made with --set may miss the original's expected marks).
bool invariants_hold(const RunResult& result) {
  for (const Verdict& outcome : result.checks)
    if (!outcome.passed()) return false;
  return !result.checks.empty();
}

bool has_note(const RunResult& result, const std::string& text) {
  for (const RunEvent& event : result.events)
    if (event.text.find(text) != std::string::npos) return true;
  return false;
}

std::uint64_t marks(const RunResult& result, const std::string& mark) {
  auto found = result.marks.find(mark);
  return found == result.marks.end() ? 0 : found->second;
}

std::string trace_of(const Scenario& scenario) {
  std::ostringstream out;
  RunOptions options;
  options.trace = &out;
  run_scenario(scenario, registry(), options);
  return out.str();
}

}  // namespace

// ---- pure pieces ----

TEST_CASE("a debit is guarded against overdraft and a credit against the account's cap") {
  Account alice{"alice", 1, 100, 0, std::nullopt};
  Account bob{"bob", 2, 100, 0, 120};
  CHECK(change_balance(alice, -30).sql() == "UPDATE accounts SET balance = balance - 30 WHERE id = alice AND balance >= 30");
  CHECK(change_balance(bob, 30).sql() == "UPDATE accounts SET balance = balance + 30 WHERE id = bob AND balance <= 90");
  CHECK(change_balance(alice, 30).sql() == "UPDATE accounts SET balance = balance + 30 WHERE id = alice");  // no cap
  CHECK(change_balance(bob, 30, false).sql() == "UPDATE accounts SET balance = balance + 30 WHERE id = bob");  // compensation
}

TEST_CASE("rows and branches survive their durable encoding") {
  txn::Row row{{"balance", -5}, {"max", 120}};
  CHECK(encode_row(row) == "balance=-5;max=120");
  CHECK(decode_row(encode_row(row)) == row);
  std::vector<Step> steps{{"alice", -30}, {"bob", 30}};
  CHECK(encode_steps(steps) == "alice:-30;bob:30");
  std::vector<Step> back = decode_steps(encode_steps(steps));
  REQUIRE(back.size() == 2);
  CHECK(back[0].account == "alice");
  CHECK(back[0].add == -30);
  CHECK(back[1].add == 30);
}

TEST_CASE("a transfer naming an account on a server that does not exist is refused with its path") {
  const char* text = R"({"name": "txn/x", "title": "x", "summary": "x", "protocol": "txn-2pc", "duration": "1s", "nodes": 3,
    "workload": {"accounts": {"alice": {"store": 5, "balance": 100}}}, "story": [{"at": "0s", "text": "x"}]})";
  CHECK_THROWS_WITH(load_scenario_text(text, "x.json", registry()), Catch::Contains("workload.accounts.alice.store"));
  const char* unknown = R"({"name": "txn/x", "title": "x", "summary": "x", "protocol": "txn-2pc", "duration": "1s", "nodes": 3,
    "workload": {"accounts": {"alice": {"store": 1, "balance": 100}},
                 "transfers": [{"at": "1ms", "from": "alice", "to": "bobb", "amount": 1}]}, "story": [{"at": "0s", "text": "x"}]})";
  CHECK_THROWS_WITH(load_scenario_text(unknown, "x.json", registry()), Catch::Contains("workload.transfers[0].to"));
}

// ---- two-phase commit ----

TEST_CASE("the coordinator crashes inside the window between logging COMMIT and sending it") {
  Scenario scenario = load("txn/2pc-coordinator-crash");
  const nlohmann::json& source = *scenario.source;
  TimeUs begin = duration_at(source, "/workload/transfers/0/at");
  DurationUs latency = *parse_duration(source.at("network").at("latency").get<std::string>());
  TimeUs votes_in = begin + 2 * latency;  // PREPARE out, vote back: the decision is logged then
  TimeUs send_at = votes_in + duration_at(source, "/params/send_delay");
  TimeUs crash = fault_time(scenario, FaultSpec::Action::crash, 0);
  CHECK(crash > votes_in);
  CHECK(crash < send_at);
  RunResult result = run_scenario(scenario, registry());
  CHECK(result.passed());
  CHECK(marks(result, "2pc.decision_logged") == 1);
  CHECK(marks(result, "2pc.resent_decision") == 1);
}

TEST_CASE("participants hold their locks from prepare until the coordinator recovers, and the blocked reader waits out its downtime") {
  Scenario scenario = load("txn/2pc-coordinator-crash");
  const nlohmann::json& source = *scenario.source;
  TimeUs begin = duration_at(source, "/workload/transfers/0/at");
  TimeUs read_at = duration_at(source, "/workload/reader/reads/0/at");
  DurationUs latency = *parse_duration(source.at("network").at("latency").get<std::string>());
  TimeUs restart = fault_time(scenario, FaultSpec::Action::restart, 0);
  RunResult result = run_scenario(scenario, registry());
  REQUIRE(result.passed());

  const Histogram* wait = result.metrics.histogram("2pc.blocked_on_in_doubt_us");
  REQUIRE(wait);
  REQUIRE(wait->count() == 1);
  // The read reaches store-b one hop after it is sent and is granted one hop after the restarted
  // coordinator re-sends COMMIT: its wait is the coordinator's remaining downtime.
  CHECK(wait->max() == (restart + latency) - (read_at + latency));
  const Histogram* hold = result.metrics.histogram("2pc.lock_hold_us");
  REQUIRE(hold);
  CHECK(hold->min() >= restart - begin);  // from the branch's UPDATE to the COMMIT after recovery
  CHECK(hold->max() <= restart - begin + 2 * latency);
  CHECK(has_note(result, "T1 is PREPARED and in doubt"));
  CHECK(has_note(result, "only its coordinator n0 can"));
  CHECK(has_note(result, "read 1 returns bob 130"));
}

TEST_CASE("a coordinator that crashes before logging a decision presumes abort after its restart") {
  RunResult result = run_scenario(load("txn/2pc-presumed-abort"), registry());
  CHECK(result.passed());
  CHECK(marks(result, "2pc.decision_logged") == 0);
  CHECK(marks(result, "2pc.presumed_abort") >= 1);
  CHECK(marks(result, "2pc.aborted") == 2);
  CHECK(marks(result, "2pc.committed") == 0);
  CHECK(has_note(result, "no decision is in the log: PRESUMED ABORT"));
  CHECK(has_note(result, "read 1 returns bob 100"));
  // The same faults with the decision logged before the crash commit instead.
  RunResult logged = run_scenario(load("txn/2pc-presumed-abort", {"params.decision_delay=0ms", "params.send_delay=500ms"}), registry());
  CHECK(invariants_hold(logged));
  CHECK(marks(logged, "2pc.committed") == 2);
}

TEST_CASE("a participant that crashes after voting yes keeps its prepared state and commits after its restart") {
  Scenario scenario = load("txn/2pc-participant-crash");
  TimeUs restart = fault_time(scenario, FaultSpec::Action::restart, 2);
  RunResult result = run_scenario(scenario, registry());
  CHECK(result.passed());
  CHECK(marks(result, "2pc.recovered_prepared") == 1);
  CHECK(marks(result, "2pc.committed") == 2);
  CHECK(has_note(result, "its durable log holds T1 PREPARED"));
  CHECK(has_note(result, "alice 70, bob 130"));
  const Histogram* in_doubt = result.metrics.histogram("2pc.in_doubt_us");
  REQUIRE(in_doubt);
  CHECK(in_doubt->max() > restart - duration_at(*scenario.source, "/workload/transfers/0/at") - kMillisecond * 10);
}

TEST_CASE("one no vote aborts the transaction everywhere") {
  RunResult result = run_scenario(load("txn/2pc-vote-no"), registry());
  CHECK(result.passed());
  CHECK(marks(result, "2pc.voted_no") == 1);
  CHECK(marks(result, "2pc.committed") == 0);
  CHECK(has_note(result, "alice has 100 and cannot pay 150"));
  CHECK(has_note(result, "alice 100, bob 100"));
}

TEST_CASE("a 2PC run and a saga run give the same trace for the same seed") {
  for (const char* name : {"txn/2pc-coordinator-crash", "txn/2pc-send-before-log", "txn/saga-compensate"}) {
    INFO(name);
    Scenario scenario = load(name);
    std::string first = trace_of(scenario);
    CHECK(first.size() > 2000);
    CHECK(first == trace_of(scenario));
  }
}

// ---- each checker catches its bug ----

TEST_CASE("atomic_commit and money_conserved catch a coordinator that sends COMMIT before logging it") {
  RunResult bug = run_scenario(load("txn/2pc-send-before-log"), registry());
  CHECK_FALSE(check(bug, "atomic_commit")->passed());
  CHECK_FALSE(check(bug, "money_conserved")->passed());
  CHECK(check(bug, "all_resolved")->passed());
  CHECK_THAT(first_violation(bug, "atomic_commit"), Catch::Contains("T1 is not atomic: store-a committed it and store-b aborted it"));
  CHECK_THAT(first_violation(bug, "money_conserved"), Catch::Contains("sum to 170 instead of 200: money was lost"));
  RunResult fixed = run_scenario(load("txn/2pc-send-before-log", {"params.bugs=[]"}), registry());
  CHECK(invariants_hold(fixed));
  CHECK(marks(fixed, "2pc.committed") == 2);
  CHECK(marks(fixed, "2pc.presumed_abort") == 0);
}

TEST_CASE("atomic_commit catches a participant that keeps its prepared state in memory only") {
  RunResult bug = run_scenario(load("txn/2pc-forgotten-prepare"), registry());
  CHECK_THAT(first_violation(bug, "atomic_commit"),
             Catch::Contains("logged COMMIT for T1 but store-b has no record of T1"));
  CHECK_FALSE(check(bug, "money_conserved")->passed());
  CHECK(marks(bug, "2pc.unknown_transaction") == 1);
}

TEST_CASE("all_resolved catches participants left in doubt when the coordinator never comes back") {
  RunResult stuck = run_scenario(load("txn/2pc-coordinator-crash", {R"(faults=[{"at": "300ms", "crash": 0}])"}), registry());
  const Verdict* resolved = check(stuck, "all_resolved");
  REQUIRE(resolved);
  CHECK(resolved->violations.size() == 2);  // store-a and store-b
  CHECK_THAT(first_violation(stuck, "all_resolved"), Catch::Contains("store-a is still in doubt about T1"));
  // Both stores prepared at 101 ms (one hop after the coordinator's PREPARE at 100 ms).
  CHECK_THAT(first_violation(stuck, "all_resolved"), Catch::Contains("(prepared at 0.101s, "));
  CHECK(check(stuck, "atomic_commit")->passed());  // blocked is not inconsistent
  CHECK_FALSE(has_note(stuck, "read 1 returns"));  // the auditor never got its row
}

TEST_CASE("saga_consistent_at_end and money_conserved catch a saga that skips its compensation") {
  RunResult bug = run_scenario(load("txn/saga-skip-compensation"), registry());
  CHECK_THAT(first_violation(bug, "saga_consistent_at_end"),
             Catch::Contains("saga S1 ended half done: step 1 (debit alice 30 at store-a) committed and was never compensated"));
  CHECK_FALSE(check(bug, "money_conserved")->passed());
  RunResult fixed = run_scenario(load("txn/saga-skip-compensation", {"params.bugs=[]"}), registry());
  CHECK(invariants_hold(fixed));
  CHECK(marks(fixed, "saga.compensated") == 1);
}

// ---- the saga ----

TEST_CASE("a reader between a saga's steps sees the transfer half done, and the books balance at the end") {
  for (const char* name : {"txn/saga-compensate", "txn/saga-success"}) {
    INFO(name);
    Scenario scenario = load(name);
    RunResult result = run_scenario(scenario, registry());
    CHECK(result.passed());
    // The first read falls between step 1 and step 2 (the scenario's step_delay apart): 30 missing.
    TimeUs begin = duration_at(*scenario.source, "/workload/transfers/0/at");
    TimeUs read_at = duration_at(*scenario.source, "/workload/reader/reads/0/at");
    CHECK(read_at > begin);
    CHECK(read_at < begin + duration_at(*scenario.source, "/params/step_delay"));
    CHECK(result.metrics.counter("saga.reader_inconsistent_reads") == 1);
    CHECK(has_note(result, "the total is 170, not 200"));
    CHECK(has_note(result, "read 2 returns"));
    CHECK(has_note(result, "the total is 200, as it should be"));
  }
  RunResult compensated = run_scenario(load("txn/saga-compensate"), registry());
  CHECK(compensated.metrics.counter("saga.compensations") == 1);
  CHECK(has_note(compensated, "read 2 returns alice 100, bob 100"));
  RunResult completed = run_scenario(load("txn/saga-success"), registry());
  CHECK(completed.metrics.counter("saga.compensations") == 0);
  CHECK(has_note(completed, "read 2 returns alice 70, bob 130"));
}
