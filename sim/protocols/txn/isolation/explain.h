// Words for the story of a run that a student reads in `dsim run --explain`: why a transaction
// aborted and which rule made it, what the dependency graph of the committed transactions shows,
// and what the same script does at the other levels (with the command that shows it).
#pragma once

#include <string>
#include <vector>

#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/isolation/interleaving.h"
#include "sim/protocols/txn/engine/statement.h"
#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn::isolation {

// "could not serialize access due to concurrent update (first updater wins: ...)".
std::string abort_reason(ErrorKind kind, const std::string& message, bool at_commit);

// "G-single: T1 -rw-> T2 -wr-> T1 (read skew ...)", or that the graph has no cycle.
std::string describe_dependency_graph(const std::vector<dsg::Anomaly>& anomalies);

// The closing lines of a step-by-step scenario: the outcome here, the outcome of the same script at
// every level of both flavours, and a `dsim run <scenario> --set ...` to try that changes it.
std::vector<std::string> closing_lines(const InterleavingTest& test, const InterleavingOutcome& here,
                                       const std::string& scenario_name, const InterleavingOptions& options);

}  // namespace dsim::txn::isolation
