// Judging whether a test's anomaly happened, from the script's records (see judgement.h).
#include "sim/protocols/txn/isolation/judgement.h"

#include <algorithm>
#include <optional>
#include <set>

#include "sim/core/assert.h"

namespace dsim::txn::isolation {
namespace {

// "row 2" in Hermitage's table, "accounts/bob" elsewhere.
std::string shown_row(const RowKey& row) { return row.table == "test" ? "row " + row.key : row.table + "/" + row.key; }

// The transactions whose COMMIT must have succeeded for the anomaly to count: those the test
// names, or by default every transaction with a COMMIT step.
std::vector<std::uint32_t> needed_commits(const InterleavingTest& test) {
  if (test.anomaly_needs_commit) return *test.anomaly_needs_commit;
  std::vector<std::uint32_t> needs;
  for (const Step& step : test.steps)
    if (step.statement.kind == StatementKind::commit && !step.begin_only &&
        std::find(needs.begin(), needs.end(), step.txn) == needs.end())
      needs.push_back(step.txn);
  return needs;
}

// Whether transaction `number` committed: one of its COMMIT steps (in any attempt) succeeded. A
// committed attempt is the last one, as only a failed attempt is retried.
bool committed(const InterleavingTest& test, const std::vector<StepRecord>& steps, std::uint32_t number) {
  return std::any_of(steps.begin(), steps.end(), [&](const StepRecord& record) {
    const Step& step = test.steps.at(record.step);
    return step.txn == number && !step.begin_only && step.statement.kind == StatementKind::commit &&
           record.status == StepRecord::Status::done;
  });
}

// Hermitage's OTV criterion (VanishCondition in interleaving.h): the reader's first read (a step's
// first attempt) that returns a version of some row older than what a committed transaction it has
// already seen, in that read or an earlier one, wrote there; in words, or nullopt when none does.
std::optional<std::string> vanishing_read(const InterleavingTest& test, const std::vector<StepRecord>& steps) {
  const VanishCondition& condition = *test.anomaly_vanishes;
  struct Seen {
    RowKey row;
    std::int64_t value;
  };
  std::map<std::uint32_t, Seen> seen;  // writer -> the version that showed it first
  std::set<std::size_t> judged;
  for (const StepRecord& record : steps) {
    const Step& step = test.steps.at(record.step);
    if (step.txn != condition.reader || step.begin_only || step.statement.kind != StatementKind::select) continue;
    if (!judged.insert(record.step).second || record.status != StepRecord::Status::done) continue;
    // What the read returned, row by row, with each value's place in its row's versions.
    struct Observed {
      RowKey row;
      std::int64_t value;
      std::size_t at;
    };
    std::vector<Observed> observed;
    auto observe = [&](const std::string& key, const nlohmann::json& value) {
      RowKey row{step.statement.table, key};
      auto versions = condition.versions.find(row);
      if (!value.is_number_integer() || versions == condition.versions.end()) return;
      for (std::size_t i = 0; i < versions->second.size(); ++i)
        if (versions->second[i].second == value.get<std::int64_t>()) observed.push_back(Observed{row, versions->second[i].second, i});
    };
    if (record.result.is_object()) {
      for (const auto& [key, value] : record.result.items()) observe(key, value);
    } else if (step.statement.keys.size() == 1) {
      observe(step.statement.keys.front(), record.result);
    }
    for (const Observed& o : observed) {
      std::uint32_t writer = condition.versions.at(o.row)[o.at].first;
      if (writer != 0 && writer != condition.reader && committed(test, steps, writer)) seen.emplace(writer, Seen{o.row, o.value});
    }
    for (const Observed& o : observed) {
      const auto& versions = condition.versions.at(o.row);
      for (const auto& [writer, shown] : seen) {
        for (std::size_t later = versions.size(); later-- > o.at + 1;) {
          if (versions[later].first != writer) continue;
          return record.txn + " read " + shown_row(o.row) + " as " + std::to_string(o.value) + " (" + spoken_sql(step, record.sql) +
                 ") after seeing T" + std::to_string(writer) + "'s write of " + shown_row(shown.row) + " (" +
                 std::to_string(shown.value) + "), but T" + std::to_string(writer) + " wrote " + shown_row(o.row) + " as " +
                 std::to_string(versions[later].second) + ": the version it read is older, so T" + std::to_string(writer) +
                 "'s effects are only half in view";
        }
      }
    }
  }
  return std::nullopt;
}

// "T2 read 10 (SELECT value FROM test WHERE id = 1); T1 and T2 both committed; finally test/1: value = 11".
std::string evidence(const InterleavingTest& test, const std::vector<StepRecord>& steps, const std::vector<std::uint32_t>& committed,
                     const std::optional<std::string>& vanished) {
  std::vector<std::string> parts;
  if (vanished) parts.push_back(*vanished);
  std::set<std::size_t> told;
  for (const StepRecord& record : steps) {
    const Step& step = test.steps.at(record.step);
    if (!step.anomaly_if || !told.insert(record.step).second) continue;
    parts.push_back(record.txn + " read " + shown(record.result) + " (" + spoken_sql(step, record.sql) + ")");
  }
  std::vector<std::string> labels;
  for (std::uint32_t number : committed) labels.push_back("T" + std::to_string(number));
  if (!labels.empty())
    parts.push_back(join_names(labels) + (labels.size() == 1 ? " committed" : labels.size() == 2 ? " both committed" : " all committed"));
  for (const FinalCondition& condition : test.anomaly_final) parts.push_back("finally " + condition.describe());
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace

AnomalyJudgement judge_anomaly(const InterleavingTest& test, const std::vector<StepRecord>& steps,
                               const std::map<RowKey, Row>& committed_rows) {
  bool anomaly = true;
  bool any_condition = false;
  std::set<std::size_t> judged;
  for (const StepRecord& record : steps) {
    const Step& step = test.steps.at(record.step);
    if (!step.anomaly_if || !judged.insert(record.step).second) continue;  // the first attempt counts
    any_condition = true;
    if (record.status != StepRecord::Status::done || record.result != *step.anomaly_if) anomaly = false;
  }
  for (std::size_t i = 0; i < test.steps.size(); ++i)
    if (test.steps[i].anomaly_if && !judged.count(i)) anomaly = false;  // never ran
  std::vector<std::uint32_t> needs = needed_commits(test);
  for (std::uint32_t number : needs)
    if (!committed(test, steps, number)) anomaly = false;
  std::optional<std::string> vanished;
  if (test.anomaly_vanishes) {
    any_condition = true;
    vanished = vanishing_read(test, steps);
    if (!vanished) anomaly = false;
  }
  for (const FinalCondition& condition : test.anomaly_final) {
    any_condition = true;
    if (condition.rows_gt) {
      std::int64_t rows = 0;
      for (const auto& [row_key, row] : committed_rows) rows += row_key.table == condition.table;
      if (!(rows > *condition.rows_gt)) anomaly = false;
    } else {
      auto found = committed_rows.find(RowKey{condition.table, condition.key.value_or("")});
      if (found == committed_rows.end() || !condition.predicate.matches(found->second)) anomaly = false;
    }
  }
  DSIM_ASSERT(any_condition, "an interleaving test must say what its anomaly looks like");
  AnomalyJudgement out;
  out.happened = anomaly;
  if (anomaly) out.evidence = evidence(test, steps, needs, vanished);
  return out;
}

std::string shown(const nlohmann::json& value) {
  if (value.is_null()) return "no row";
  if (!value.is_object()) return value.dump();
  if (value.empty()) return "no rows";
  std::string out = "{";
  for (auto it = value.begin(); it != value.end(); ++it) out += (it == value.begin() ? "" : ", ") + it.key() + ": " + it.value().dump();
  return out + "}";
}

std::string spoken_sql(const Step& step, const std::string& sql) {
  const std::string star = "SELECT * FROM";
  if (step.statement.kind != StatementKind::select || step.statement.is_scan() || sql.rfind(star, 0) != 0) return sql;
  return "SELECT " + step.column + sql.substr(std::string("SELECT *").size());
}

std::string join_names(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? (i + 1 == items.size() ? " and " : ", ") : "") + items[i];
  return out;
}

}  // namespace dsim::txn::isolation
