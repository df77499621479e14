// Re-judging a saved trace (`dsim check`): the scenario is rebuilt from the trace's header, its
// protocol makes each check afresh, and the records the run left (published state, client
// operations, faults, marks, timers, and each node's durable storage at the end) are replayed into
// them in the order the run produced them. Checkers read nothing else (sim/check/checker.h), so
// the verdicts must be the run's own, which the trace also recorded.
#pragma once

#include <string>
#include <vector>

#include "sim/check/verdict.h"
#include "sim/scenario/registry.h"
#include "sim/trace/trace_reader.h"

namespace dsim {

struct RecheckResult {
  std::string scenario;                 // the trace's scenario name
  std::uint64_t seed = 0;
  std::vector<Verdict> verdicts;        // judged now, one per check asked for, in that order
  std::vector<Verdict> recorded;        // the run's own verdicts, as the trace recorded them
  std::vector<std::string> recorded_words;  // each recorded verdict's word ("pass", "fail")
};

// `checks`: the checks to run; empty means the ones the scenario lists. Throws ScenarioError when
// the trace has no scenario source, names an unknown protocol, or a check the protocol lacks.
RecheckResult recheck_trace(const Trace& trace, const ProtocolRegistry& registry,
                            const std::vector<std::string>& checks = {});

}  // namespace dsim
