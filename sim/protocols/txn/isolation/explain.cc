// Explanations for the step-by-step scenarios (see explain.h).
#include "sim/protocols/txn/isolation/explain.h"

#include <cstdlib>
#include <optional>

#include "sim/protocols/txn/isolation/matrix.h"

namespace dsim::txn::isolation {

namespace {

std::string before_colon(const std::string& text) {
  auto colon = text.find(':');
  return colon == std::string::npos ? text : text.substr(0, colon);
}

}  // namespace

std::string abort_reason(ErrorKind kind, const std::string& message, bool at_commit) {
  std::string head = before_colon(message);
  switch (kind) {
    case ErrorKind::serialization_failure:
      if (message.find("concurrent update") != std::string::npos)
        return head + " (first updater wins: under snapshot isolation a transaction may not overwrite a row that "
                      "another transaction changed after its snapshot was taken; the application must retry)";
      return head + (at_commit ? " (SSI at COMMIT: committing would complete a cycle of rw-antidependencies, so the "
                                 "last transaction to commit is failed; the application must retry)"
                               : " (SSI: this transaction would be the pivot of two rw-antidependencies, a "
                                 "dangerous structure that can make the history non-serializable; retry)");
    case ErrorKind::deadlock:
      return head + " (each transaction waits for a lock the next one holds, in a cycle; one of them is rolled "
                    "back so that the others can go on: InnoDB picks the one with the fewest rows changed and "
                    "locks held, PostgreSQL the waiter whose deadlock_timeout expires first)";
    case ErrorKind::lock_wait_timeout:
      return head + " (it waited longer than the lock-wait timeout and its transaction was rolled back)";
    case ErrorKind::duplicate_key:
      return head + " (the primary key already has a row)";
    case ErrorKind::transaction_ended:
    case ErrorKind::none:
      break;
  }
  return message;
}

std::string describe_dependency_graph(const std::vector<dsg::Anomaly>& anomalies) {
  if (anomalies.empty())
    return "The dependency graph of the committed transactions has no cycle and no G1 read: they are equivalent "
           "to some serial order.";
  std::string out = "The dependency graph of the committed transactions has ";
  for (std::size_t i = 0; i < anomalies.size(); ++i) {
    const dsg::Anomaly& anomaly = anomalies[i];
    out += (i ? " And " : "") + anomaly.name + ": " + anomaly.evidence + " — " + anomaly.explanation + ".";
  }
  return out;
}

std::vector<std::string> closing_lines(const InterleavingTest& test, const InterleavingOutcome& here,
                                       const std::string& scenario_name, const InterleavingOptions& options) {
  std::vector<std::string> lines;
  lines.push_back(std::string("Outcome at ") + flavour_name(here.flavour) + " " + level_name(here.level) + ": " +
                  outcome_name(here.outcome) + " — " + here.verdict);
  std::string fates;
  for (const auto& [txn, fate] : here.fates) fates += (fates.empty() ? "" : ", ") + txn + " " + fate;
  lines.push_back("Fates: " + fates);
  lines.push_back(describe_dependency_graph(here.dsg_anomalies));

  lines.push_back("The same script at every level (dsim txn-matrix shows every test):");
  struct Other {
    Flavour flavour;
    Level level;
    Outcome outcome;
  };
  std::optional<Other> same_flavour_change, other_flavour_change;
  InterleavingOptions batch = options;
  batch.engine.durable_log = false;  // a run only to compare with: nothing of it is kept
  for (Flavour flavour : kMatrixFlavours) {
    std::string line = std::string("  ") + flavour_name(flavour) + ":";
    for (Level level : kMatrixLevels) {
      Outcome outcome = flavour == here.flavour && level == here.level ? here.outcome
                                                                       : run_interleaving(flavour, level, test, batch).outcome;
      bool is_here = flavour == here.flavour && level == here.level;
      line += std::string(" ") + level_name(level) + " " + outcome_name(outcome) + (is_here ? " (this run)" : "") + ";";
      bool changes = (outcome == Outcome::allowed) != (here.outcome == Outcome::allowed);
      if (!changes) continue;
      // Suggest the nearest level that changes the outcome: the smallest step a student can take.
      auto distance = [&](Level other) { return std::abs(static_cast<int>(other) - static_cast<int>(here.level)); };
      if (flavour == here.flavour && (!same_flavour_change || distance(level) < distance(same_flavour_change->level)))
        same_flavour_change = Other{flavour, level, outcome};
      if (flavour != here.flavour && level == here.level && !other_flavour_change) other_flavour_change = Other{flavour, level, outcome};
    }
    line.pop_back();
    lines.push_back(line);
  }
  auto suggestion = [&](const Other& other) {
    std::string command = "dsim run " + scenario_name + " --explain";
    if (other.flavour != here.flavour) command += std::string(" --set params.flavour=") + flavour_name(other.flavour);
    if (other.level != here.level) command += std::string(" --set params.level=") + level_name(other.level);
    return "  " + command + "   (" + outcome_name(other.outcome) + ")";
  };
  if (same_flavour_change || other_flavour_change) {
    lines.push_back(here.outcome == Outcome::allowed ? "Try a setting that prevents it:" : "Try a setting that lets it happen:");
    if (same_flavour_change) lines.push_back(suggestion(*same_flavour_change));
    if (other_flavour_change) lines.push_back(suggestion(*other_flavour_change));
  } else {
    lines.push_back(here.outcome == Outcome::allowed ? "No level of either flavour prevents it with this script."
                                                     : "No level of either flavour lets it happen with this script.");
  }
  return lines;
}

}  // namespace dsim::txn::isolation
