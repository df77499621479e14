// Names, the default Hermitage table, filling in a step's values from earlier reads, and the batch
// form of the interleaving runner (interleaving_runner.h does the work).
#include "sim/protocols/txn/isolation/interleaving.h"

#include "sim/protocols/txn/isolation/interleaving_runner.h"


namespace dsim::txn::isolation {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::allowed: return "allowed";
    case Outcome::block: return "block";
    case Outcome::abort: return "abort";
    case Outcome::wait_abort: return "wait-abort";
    case Outcome::abort_at_commit: return "abort-at-commit";
    case Outcome::nowait: return "nowait";
  }
  return "?";
}

std::string FinalCondition::describe() const {
  if (rows_gt) return table + " has more than " + std::to_string(*rows_gt) + " rows";
  return table + "/" + key.value_or("?") + ": " + predicate.describe();
}

std::map<RowKey, Row> hermitage_table() {
  return {{RowKey{"test", "1"}, Row{{"value", 10}}}, {RowKey{"test", "2"}, Row{{"value", 20}}}};
}

Statement resolve_step(const Step& step, const std::map<RowKey, Row>& last_reads, std::string* problem) {
  Statement statement = step.statement;
  auto last_read = [&](const std::string& column) -> std::optional<std::int64_t> {
    if (statement.keys.empty()) return std::nullopt;
    auto found = last_reads.find(RowKey{statement.table, statement.keys.front()});
    if (found == last_reads.end()) return std::nullopt;
    auto value = found->second.find(column);
    if (value == found->second.end()) return std::nullopt;
    return value->second;
  };
  for (const auto& [column, value] : step.set_from_read) {
    auto base = value.read_column ? last_read(*value.read_column) : std::optional<std::int64_t>(0);
    if (!base) {
      if (problem) *problem = "no earlier read of " + *value.read_column + " to compute from";
      continue;
    }
    statement.set.push_back(Assignment{column, false, *base + value.amount});
  }
  if (step.where_eq_from_read) {
    auto base = last_read(*step.where_eq_from_read->read_column);
    if (!base) {
      if (problem) *problem = "no earlier read of " + *step.where_eq_from_read->read_column + " to compare with";
    } else if (statement.where) {
      statement.where->eq = *base + step.where_eq_from_read->amount;
    }
  }
  return statement;
}

InterleavingOutcome run_interleaving(Flavour flavour, Level level, const InterleavingTest& test,
                                     const InterleavingOptions& options) {
  InterleavingRunner runner(flavour, level, test, options);
  while (!runner.finished()) runner.advance(runner.next_event());
  return runner.outcome();
}

InterleavingOutcome run_interleaving(Flavour flavour, Level level, const std::vector<Step>& steps) {
  InterleavingTest test;
  test.name = "steps";
  test.initial = hermitage_table();
  test.steps = steps;
  return run_interleaving(flavour, level, test);
}

}  // namespace dsim::txn::isolation
