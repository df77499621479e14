// dsim: the scenario command line. This file only declares the commands and their flags with
// CLI11 and hands plain option structs to the commands (commands.h). docs/cli.md is the manual.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <thread>

#include "sim/cli/commands.h"

using namespace dsim::cli;

namespace {

void add_scenario_options(CLI::App& command, CommonScenarioOptions& options) {
  command.add_option("file", options.file, "Scenario file, or a library name such as broadcast/happy-path")
      ->required();
  command.add_option("--set", options.sets, "Override a scenario value: --set params.heartbeat=60ms (repeatable)")
      ->take_all();
  command.add_option("--until", options.until, "End the run at this virtual time instead (e.g. 5s)");
  command.add_option("--scenarios", options.scenarios_dir, "Where library names are looked up (default: ./scenarios)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dsim: a deterministic distributed-systems teaching simulator.\n"
               "Exit codes: 0 all checks held, 1 a check failed, 2 bad input or usage."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dsim 0.1.0");

  ListCommand list;
  CLI::App* list_app = app.add_subcommand("list", "List the scenario library with titles and summaries");
  list_app->add_option("subject", list.subject, "Only this subject (e.g. broadcast)");
  list_app->add_option("--scenarios", list.scenarios_dir, "The scenario library folder (default: ./scenarios)");

  RunCommand run;
  CLI::App* run_app = app.add_subcommand("run", "Run one scenario and print what happened and each check's verdict");
  add_scenario_options(*run_app, run.scenario);
  run_app->add_option("--seed", run.seed, "Seed for this run (default: the scenario's)");
  run_app->add_option("--trace", run.trace_path, "Write the JSON Lines trace here (open it with dsim-viz)");
  run_app->add_option("--metrics", run.metrics_path, "Write metrics as CSV here");
  run_app->add_option("--json", run.json_path, "Write the summary as JSON here ('-' for stdout)");
  run_app->add_flag("--explain", run.explain, "Print the story, faults and node notes as the run reaches them");
  run_app->add_flag("--check-determinism", run.check_determinism,
                    "Run twice and compare the traces byte for byte; name the first difference");
  run_app->add_flag("-q,--quiet", run.quiet, "Print only the verdict line");

  SweepCommand sweep;
  CLI::App* sweep_app = app.add_subcommand("sweep", "Run many seeds, aggregate metrics, list failing seeds");
  add_scenario_options(*sweep_app, sweep.scenario);
  sweep_app->add_option("--seeds", sweep.seeds, "Seed range A..B, inclusive (default 1..100)");
  sweep_app->add_option("--jobs,-j", sweep.jobs, "Runs at once (default: one per core)");
  sweep_app->add_option("--shard", sweep.shard, "Run only shard K of N (K/N, 1-based) of the seeds");
  sweep_app->add_option("--json", sweep.json_path, "Write the results as JSON here (for sweep-merge)");
  sweep_app->add_option("--failure-traces", sweep.failure_traces_dir,
                        "Re-run each failing seed with a trace written into this folder");
  sweep_app->add_flag("--progress,!--no-progress", sweep.progress, "Show progress on a terminal (default on)");

  SweepMergeCommand merge;
  CLI::App* merge_app = app.add_subcommand("sweep-merge", "Combine the JSON of sweep shards into one result");
  merge_app->add_option("--out,-o", merge.out_path, "Where to write the merged JSON")->required();
  merge_app->add_option("inputs", merge.inputs, "The shards' JSON files")->required();

  CompareCommand compare;
  CLI::App* compare_app = app.add_subcommand(
      "compare", "Run two scenarios on the same seeds (the same faults) and print their costs side by side");
  compare_app->add_option("first", compare.first, "The first scenario (file or library name)")->required();
  compare_app->add_option("second", compare.second, "The second scenario (file or library name)")->required();
  compare_app->add_option("--seeds", compare.seeds, "Seed range A..B, inclusive (default 1..100)");
  compare_app->add_option("--jobs,-j", compare.jobs, "Runs at once (default: one per core)");
  compare_app->add_option("--json", compare.json_path, "Also write the figures as JSON here ('-' for stdout)");
  compare_app->add_option("--scenarios", compare.scenarios_dir, "Where library names are looked up");

  ValidateCommand validate;
  CheckCommand check;
  CLI::App* check_app =
      app.add_subcommand("check", "Re-judge a saved trace offline and compare with the verdicts the run recorded");
  check_app->add_option("trace", check.trace_path, "A trace written by dsim run --trace")->required();
  check_app->add_option("--check", check.checks, "Only this check (repeatable; default: the scenario's checks)");
  check_app->add_option("--json", check.json_path, "Write the verdicts as JSON here ('-' for stdout)");

  CLI::App* validate_app = app.add_subcommand("validate", "Check scenario files without running them");
  validate_app->add_option("files", validate.files, "Scenario files or library names")->required();
  validate_app->add_option("--scenarios", validate.scenarios_dir, "Where library names are looked up");

  TxnMatrixCommand matrix;
  CLI::App* matrix_app = app.add_subcommand(
      "txn-matrix", "Run every step-by-step isolation scenario at every isolation level of both databases");
  matrix_app->add_option("--json", matrix.json_path, "Also write the cells as a JSON array here ('-' for stdout)");
  matrix_app->add_flag("--why", matrix.verdicts, "After the table, explain every cell in one line");
  matrix_app->add_option("--scenarios", matrix.scenarios_dir, "The scenario library whose txn-isolation scenarios it runs");

  ExperimentCommand experiment;
  CLI::App* experiment_app = app.add_subcommand(
      "experiment", "Reproduce a paper's result: raft-fig16 (Raft paper §9.3, time without a leader), "
                    "raft-availsim (Ongaro's thesis §9.4, elections on a WAN), raft-split-vote (thesis §9.2), "
                    "hashring (consistent hashing against its theory, Chord §6.2 and Dynamo's Figure 8), "
                    "load-balancing (six policies against queueing theory: M/M/1, Mitzenmacher's supermarket model), "
                    "xfetch (recomputations per expiry, Vattani et al. 2015), cache-pairs (each caching failure "
                    "beside its remedies), demers (Demers et al. 1987, Tables 1-3 and the anti-entropy laws), swim "
                    "(SWIM 2002: first detection, false failures, load)");
  experiment_app->add_option("name", experiment.name,
                             "The experiment: raft-fig16, raft-availsim, raft-split-vote, hashring, load-balancing, "
                             "xfetch, cache-pairs, demers or swim")
      ->required();
  experiment_app->add_option("--out", experiment.out_dir, "Folder for the CSV (and SVG) files; required unless --trial");
  experiment_app->add_option("--trials", experiment.trials,
                             "Trials per series (default: raft-fig16 1000, raft-availsim and raft-split-vote 10000; "
                             "hashring 20 per placement and 100 per Dynamo point, at least 5; load-balancing 20 per "
                             "policy, size and load, at least 3; xfetch 200 expiries per case; demers 1000 per row, swim 300 per group size, at least 20)");
  experiment_app->add_option("--trial", experiment.trial,
                             "Replay trial K of each series and print what happened in it (raft-availsim, "
                             "raft-split-vote); writes no files");
  experiment_app->add_option("--jobs,-j", experiment.jobs, "Trials at once (default: one per core)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitBadInput;
  }

  if (sweep.jobs == 0) sweep.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (compare.jobs == 0) compare.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (experiment.jobs == 0) experiment.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (*list_app) return list_command(list);
  if (*run_app) return run_command(run);
  if (*sweep_app) return sweep_command(sweep);
  if (*merge_app) return sweep_merge_command(merge);
  if (*validate_app) return validate_command(validate);
  if (*check_app) return check_command(check);
  if (*compare_app) return compare_command(compare);
  if (*matrix_app) return txn_matrix_command(matrix);
  if (*experiment_app) return experiment_command(experiment);
  return kExitBadInput;
}
