// Judging whether a test's anomaly happened, from the script's records (see judgement.h).
#include "sim/protocols/txn/isolation/judgement.h"

#include <algorithm>
#include <set>

#include "sim/core/assert.h"

namespace dsim::txn::isolation {
namespace {

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

// "T2 read 10 (SELECT value FROM test WHERE id = 1); T1 and T2 both committed; finally test/1: value = 11".
std::string evidence(const InterleavingTest& test, const std::vector<StepRecord>& steps, const std::vector<std::uint32_t>& committed) {
  std::vector<std::string> parts;
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
  if (anomaly) out.evidence = evidence(test, steps, needs);
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
