// How hard the linearizability search works on histories full of timeouts (issue 22): eight
// clients on one key of `raft/random-faults`, a 200 ms client timeout and 200 requests/s, seeds
// 1..100. The histories are recorded once, at start-up, through the runner and the trace reader;
// each iteration searches all of them. `resolve:1` is the checker as it runs (timed-out writes
// dropped or bounded first, timed_out_writes.h); `resolve:0` searches the raw histories, the
// baseline measured in the same run. Counters: `undecided` histories at the budget, `states`
// (configurations explored, all histories), `max_states` (the largest single history).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "sim/check/linearizability.h"
#include "sim/check/linearizable.h"
#include "sim/protocols/builtin.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_reader.h"

using namespace dsim;

namespace {

constexpr std::uint64_t kSeeds = 100;

// One key's operations per seed, as the checker would search them.
const std::vector<std::vector<Operation>>& histories() {
  static const std::vector<std::vector<Operation>> recorded = [] {
    ProtocolRegistry registry;
    register_builtin_protocols(registry);
    const char* root = std::getenv("DSIM_SOURCE_DIR");
    std::string path = std::string(root != nullptr ? root : ".") + "/scenarios/raft/random-faults.json";
    Scenario scenario = load_scenario_file(path, registry,
                                           {{"workload.keys", "1"},
                                            {"workload.clients", "8"},
                                            {"workload.timeout", "\"200ms\""},
                                            {"workload.rate", "\"200/s\""}});
    std::vector<std::vector<Operation>> out;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
      std::ostringstream trace;
      RunOptions options;
      options.seed = seed;
      options.trace = &trace;
      run_scenario(scenario, registry, options);
      std::vector<HistoryEvent> history;
      for (const TraceEvent& event : read_trace_text(trace.str(), "run").events) {
        if (event.kind == TraceEventKind::op) history.push_back(event.to_history_event());
      }
      std::vector<Operation> operations;
      for (Operation& operation : operations_from_history(history)) {
        if (operation.op == KvOp::get && operation.pending) continue;  // as check_key_value_history does
        operations.push_back(std::move(operation));
      }
      out.push_back(std::move(operations));
    }
    return out;
  }();
  return recorded;
}

void BM_SearchHistoriesWithTimeouts(benchmark::State& state) {
  bool resolve = state.range(0) != 0;
  const auto& all = histories();
  std::uint64_t operations = 0, undecided = 0, states = 0, max_states = 0;
  for (auto _ : state) {
    operations = undecided = states = max_states = 0;
    for (const std::vector<Operation>& history : all) {
      SearchResult result = search_linearization(history, LinearizableChecker::kDefaultMaxStates, resolve);
      benchmark::DoNotOptimize(result);
      operations += history.size();
      undecided += result.outcome == LinearizabilityOutcome::undecided;
      states += result.states;
      max_states = std::max(max_states, result.states);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(operations) * state.iterations());
  state.counters["histories"] = static_cast<double>(all.size());
  state.counters["undecided"] = static_cast<double>(undecided);
  state.counters["states"] = static_cast<double>(states);
  state.counters["max_states"] = static_cast<double>(max_states);
}
BENCHMARK(BM_SearchHistoriesWithTimeouts)->ArgName("resolve")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
