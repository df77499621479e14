// Hermitage-style interleavings: the format, the narration, the outcome classes, and agreement
// between the observed anomaly and the DSG checker, on the library's txn-isolation scripts.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "sim/protocols/txn/isolation/interleaving.h"
#include "sim/protocols/txn/isolation/interleaving_parse.h"
#include "sim/protocols/txn/isolation/judgement.h"
#include "tests/support/isolation_library.h"

using namespace dsim::txn;
using namespace dsim::txn::isolation;

namespace {

const InterleavingTest& classic(const char* name) {
  const InterleavingTest* test = dsim::testing::find_isolation_test(name);
  REQUIRE(test);
  return *test;
}

bool contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

bool dsg_names(const InterleavingOutcome& outcome, const std::string& name) {
  for (const auto& anomaly : outcome.dsg_anomalies)
    if (anomaly.name == name) return true;
  return false;
}

constexpr Level kLevels[] = {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable};

}  // namespace

TEST_CASE("bare steps, as Hermitage writes them, run on the Hermitage table") {
  nlohmann::json steps = nlohmann::json::parse(R"([
    {"t": 1, "do": "update", "key": 1, "set": {"value": 101}},
    {"t": 2, "do": "read", "key": 1, "expect": 10, "anomaly_if": 101},
    {"t": 1, "do": "rollback"},
    {"t": 2, "do": "commit"}])");
  InterleavingTest test = parse_interleaving(nlohmann::json{{"steps", steps}});
  InterleavingOutcome dirty = run_interleaving(Flavour::mysql, Level::read_uncommitted, test.steps);
  CHECK(dirty.outcome == Outcome::allowed);
  CHECK(dirty.expectation_mismatches.size() == 1);
  InterleavingOutcome clean = run_interleaving(Flavour::postgres, Level::read_uncommitted, test.steps);
  CHECK(clean.outcome == Outcome::nowait);
  CHECK(clean.expectation_mismatches.empty());
}

TEST_CASE("a bad step is reported with its JSON path") {
  nlohmann::json bad = nlohmann::json::parse(R"({"steps": [{"t": 1, "do": "read", "key": 1, "anomaly_if": 1},
                                                            {"t": 2, "do": "updte", "key": 1}]})");
  CHECK_THROWS_WITH(parse_interleaving(bad), Catch::Contains("workload.steps[1].do: unknown statement \"updte\""));
  nlohmann::json no_anomaly = nlohmann::json::parse(R"({"steps": [{"t": 1, "do": "read", "key": 1}]})");
  CHECK_THROWS_WITH(parse_interleaving(no_anomaly), Catch::Contains("say what the anomaly looks like"));
}

TEST_CASE("the narration says who blocked on whom, and why a transaction aborted") {
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::repeatable_read, classic("p4"));
  CHECK(outcome.outcome == Outcome::wait_abort);
  CHECK(contains(outcome.narrative, "T2: UPDATE test SET value = 11 WHERE id = 1 -> blocked"));
  CHECK(contains(outcome.narrative, "T2 waits for T1: an exclusive lock on row test/1"));
  CHECK(contains(outcome.narrative, "T2 stops waiting: T1 committed"));
  CHECK(contains(outcome.narrative, "T2 aborted: could not serialize access due to concurrent update (first updater wins"));
  CHECK(contains(outcome.narrative, "T1: SELECT value FROM test WHERE id = 1 -> 10"));
  CHECK(outcome.fates.at("T1") == "committed");
  CHECK(outcome.fates.at("T2") == "was rolled back (serialization failure)");
}

TEST_CASE("steps of a blocked transaction queue behind its wait and run when it resumes") {
  InterleavingOutcome outcome = run_interleaving(Flavour::mysql, Level::read_committed, classic("g0"));
  CHECK(outcome.outcome == Outcome::block);
  CHECK(contains(outcome.narrative, "waits its turn"));
  REQUIRE(outcome.final_state.count(RowKey{"test", "2"}));
  CHECK(outcome.final_state.at(RowKey{"test", "1"}).at("value") == 12);
  CHECK(outcome.final_state.at(RowKey{"test", "2"}).at("value") == 22);
}

TEST_CASE("a deadlock victim that retries finishes its transfer and no money is lost") {
  InterleavingOutcome outcome = run_interleaving(Flavour::mysql, Level::repeatable_read, classic("transfer-deadlock"));
  CHECK(outcome.outcome == Outcome::abort);
  CHECK(outcome.fates.at("T2") == "committed on retry 1");
  CHECK(outcome.final_state.at(RowKey{"accounts", "a"}).at("balance") == 110);
  CHECK(outcome.final_state.at(RowKey{"accounts", "b"}).at("balance") == 90);
}

TEST_CASE("the optimistic buyer who loses the race retries and finds the seat gone") {
  InterleavingOutcome outcome = run_interleaving(Flavour::postgres, Level::read_committed, classic("seat-optimistic"));
  CHECK(outcome.outcome == Outcome::nowait);
  CHECK(outcome.fates.at("T2") == "gave up");
  std::int64_t tickets = 0;
  for (const auto& [row_key, row] : outcome.final_state) tickets += row_key.table == "tickets";
  CHECK(tickets == 1);
}

TEST_CASE("where a dirty-read anomaly is observed, the checker names the same class, and only there") {
  for (const char* name : {"g1a", "g1b", "g1c"}) {
    std::string expected = name == std::string("g1a") ? "G1a" : name == std::string("g1b") ? "G1b" : "G1c";
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
      for (Level level : kLevels) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, classic(name));
        INFO(name << " " << flavour_name(flavour) << " " << level_name(level));
        CHECK((outcome.outcome == Outcome::allowed) == dsg_names(outcome, expected));
      }
  }
}

TEST_CASE("an observed lost update, read skew or write skew is a DSG cycle of the matching class") {
  const std::pair<const char*, const char*> classes[] = {
      {"p4", "G-single"}, {"g-single", "G-single"}, {"g2-item", "G2-item"}, {"g2", "G2"}, {"g0", "G0"}};
  for (const auto& [name, expected] : classes)
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
      for (Level level : kLevels) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, classic(name));
        INFO(name << " " << flavour_name(flavour) << " " << level_name(level));
        if (outcome.outcome == Outcome::allowed) CHECK(dsg_names(outcome, expected));
      }
}

TEST_CASE("at serializable, no library script leaves a history the checker rejects at PL-3") {
  for (const InterleavingTest& test : dsim::testing::isolation_tests())
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql}) {
      InterleavingOutcome outcome = run_interleaving(flavour, Level::serializable, test);
      INFO(test.name << " " << flavour_name(flavour));
      CHECK(outcome.outcome != Outcome::allowed);
      CHECK(outcome.dsg_anomalies.empty());
    }
}

TEST_CASE("the matrix's scripts are exactly the library's txn-isolation scenarios, each named after its file") {
  std::set<std::string> files;  // read apart from the loader: each file's own "protocol"
  for (const auto& entry : std::filesystem::directory_iterator(dsim::testing::library_dir() + "/txn")) {
    std::ifstream in(entry.path());
    nlohmann::json scenario = nlohmann::json::parse(in);
    if (scenario.value("protocol", "") == "txn-isolation") files.insert(entry.path().stem().string());
  }
  std::set<std::string> scripts;
  for (const InterleavingTest& test : dsim::testing::isolation_tests()) scripts.insert(test.name);
  CHECK(scripts == files);
  CHECK(files.size() >= 23);  // Hermitage's anomalies and their variants, the last seat, transfers, ABA
}

// ---- OTV as Hermitage counts it (mysql.md's script; the criterion is VanishCondition) ----

namespace {

// The records of txn/otv's script with T3's three reads returning `reads`, every step done.
std::vector<StepRecord> otv_records(const InterleavingTest& test, const std::vector<nlohmann::json>& reads, bool t2_commits = true) {
  std::vector<StepRecord> records;
  std::size_t read = 0;
  for (std::size_t i = 0; i < test.steps.size(); ++i) {
    StepRecord record;
    record.step = i;
    record.txn = "T" + std::to_string(test.steps[i].txn);
    if (test.steps[i].statement.kind == StatementKind::select) record.result = reads.at(read++);
    if (test.steps[i].txn == 2 && test.steps[i].statement.kind == StatementKind::commit && !t2_commits) {
      record.status = StepRecord::Status::failed;
      record.error = ErrorKind::deadlock;
    }
    records.push_back(record);
  }
  return records;
}

nlohmann::json rows(std::int64_t one, std::int64_t two) { return nlohmann::json{{"1", one}, {"2", two}}; }

}  // namespace

TEST_CASE("OTV: a read that mixes T2's row 1 with T1's older row 2 is the anomaly (Hermitage, MySQL read uncommitted)") {
  const InterleavingTest& otv = classic("otv");
  REQUIRE(otv.anomaly_vanishes);
  AnomalyJudgement mixed = judge_anomaly(otv, otv_records(otv, {rows(12, 19), rows(12, 18), rows(12, 18)}), {});
  CHECK(mixed.happened);
  CHECK(mixed.evidence.find("row 2 as 19") != std::string::npos);
  // The mutant of the old, narrow rule: only "row 1 from T1, then row 2 from T2" counted. Reading
  // T1's row 1 and then going back to row 2's initial version also counts.
  CHECK(judge_anomaly(otv, otv_records(otv, {rows(11, 20), rows(11, 19), rows(12, 18)}), {}).happened);
  // A newer version after an older one is fine: MySQL and PostgreSQL at read committed.
  CHECK_FALSE(judge_anomaly(otv, otv_records(otv, {rows(11, 19), rows(11, 19), rows(12, 18)}), {}).happened);
  // Nothing of T2 is committed, so nothing of it can vanish: seeing its row 1 alone is G1, not OTV.
  CHECK_FALSE(judge_anomaly(otv, otv_records(otv, {rows(12, 19), rows(12, 18), rows(12, 18)}, false), {}).happened);
}

TEST_CASE("OTV cells agree with Hermitage: allowed only at MySQL read uncommitted") {
  for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
    for (Level level : kLevels) {
      InterleavingOutcome outcome = run_interleaving(flavour, level, classic("otv"));
      INFO(flavour_name(flavour) << " " << level_name(level) << ": " << outcome_name(outcome.outcome));
      CHECK((outcome.outcome == Outcome::allowed) == (flavour == Flavour::mysql && level == Level::read_uncommitted));
    }
}

TEST_CASE("the OTV criterion needs constant, distinct writes, and says so") {
  nlohmann::json relative = nlohmann::json::parse(R"({"steps": [{"t": 1, "do": "update", "key": 1, "set": {"value": {"add": 1}}},
      {"t": 1, "do": "commit"}, {"t": 2, "do": "read", "key": 1}], "anomaly_observed_vanishes": {"reader": 2}})");
  CHECK_THROWS_WITH(parse_interleaving(relative), Catch::Contains("workload.steps[0]: anomaly_observed_vanishes needs each UPDATE"));
  nlohmann::json repeated = nlohmann::json::parse(R"({"steps": [{"t": 1, "do": "update", "key": 1, "set": {"value": 10}},
      {"t": 1, "do": "commit"}, {"t": 2, "do": "read", "key": 1}], "anomaly_observed_vanishes": {"reader": 2}})");
  CHECK_THROWS_WITH(parse_interleaving(repeated), Catch::Contains("already has a version 10"));
}

TEST_CASE("PMP on a write, MySQL's script: InnoDB's DELETE removes the row T1 turned into 20 at RC and RR, not at SR") {
  const InterleavingTest& test = classic("pmp-write-mysql");
  for (Level level : kLevels) {
    InterleavingOutcome outcome = run_interleaving(Flavour::mysql, level, test);
    INFO(level_name(level) << ": " << outcome_name(outcome.outcome));
    CHECK((outcome.outcome == Outcome::allowed) == (level == Level::read_committed || level == Level::repeatable_read));
  }
  // PostgreSQL's DELETE re-checks only the rows its snapshot matched: no anomaly at any level.
  for (Level level : kLevels) CHECK(run_interleaving(Flavour::postgres, level, test).outcome != Outcome::allowed);
}
