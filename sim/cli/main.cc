// dsim: the scenario command line. This file only declares the commands and their flags with
// CLI11 and hands plain option structs to the commands (commands.h). docs/cli.md is the manual.
//
// What a newcomer types wrong is answered in one line with the `dsim:` prefix and exit code 2:
// CLI11's own errors are flattened to one line; `dsim`, `dsim help` and an unknown command list
// the commands; numbers are read as text and range-checked (option_numbers.h), never wrapped.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <thread>

#include "sim/cli/commands.h"
#include "sim/cli/option_numbers.h"
#include "sim/cli/program.h"
#include "sim/scenario/json_reader.h"

using namespace dsim::cli;

namespace {

void add_scenario_options(CLI::App& command, CommonScenarioOptions& options) {
  command.add_option("scenario", options.file, "Scenario file, or a library name such as broadcast/happy-path")
      ->required();
  command.add_option("--set", options.sets, "Override a scenario value: --set params.heartbeat=60ms (repeatable)")
      ->take_all();
  // Shorthand for --set clocks=MODE, so a replay line shows it as a --set.
  command.add_option_function<std::string>(
      "--clocks", [&options](const std::string& mode) { options.sets.push_back("clocks=" + mode); },
      "Stamp every send, delivery and timer firing with Lamport or vector clocks and check them: lamport, vector");
  command.add_option("--until", options.until, "End the run at this virtual time instead (e.g. 5s)");
  command.add_option("--scenarios", options.scenarios_dir, "Where library names are looked up (default: ./scenarios)");
}

// "  run           Run one scenario ..." for every command, as `dsim`, `dsim help` and an unknown
// command print them.
std::string command_list(const CLI::App& app) {
  std::string text = "dsim: a deterministic distributed-systems teaching simulator\n\nCommands:\n";
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string name = command->get_name();
    if (name.size() < 12) name.append(12 - name.size(), ' ');
    text += "  " + name + " " + command->get_description() + "\n";
  }
  text += "\n" + program_command() + " COMMAND --help shows a command's options (docs/cli.md is the manual).\n"
          "Exit codes: 0 every check held, 1 a check failed, 2 bad input or usage, 3 a check could not decide.\n";
  return text;
}

// CLI11's messages, on one line with the command that was being read: "dsim run: ...".
int usage_error(const CLI::App& app, const CLI::ParseError& error) {
  std::string where = "dsim";
  for (const CLI::App* command : app.get_subcommands()) where += " " + command->get_name();
  std::string message = error.what();
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && message.rfind("scenario", 0) == 0) {
    std::cerr << where << ": a scenario is required, such as raft/leader-crash or a file; " << program_command()
              << " list shows the library\n";
    return kExitBadInput;
  }
  std::cerr << where << ": " << message << "; see " << program_command() << where.substr(4) << " --help\n";
  return kExitBadInput;
}

// A number option read as text: `value` is left alone and false returned (after the one-line
// error) when `text` is out of range.
template <typename Integer>
bool read_number(const std::string& option, const std::string& text, std::uint64_t min, std::uint64_t max, Integer& value) {
  std::string error;
  std::optional<std::uint64_t> number = parse_whole_number(text, min, max, error);
  if (!number) {
    std::cerr << "dsim: " << option << ": " << error << "\n";
    return false;
  }
  value = static_cast<Integer>(*number);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_invocation(argc > 0 ? argv[0] : "dsim");
  CLI::App app{"dsim: a deterministic distributed-systems teaching simulator.\n"
               "Exit codes: 0 all checks held, 1 a check failed, 2 bad input or usage, 3 a check could not decide."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dsim 0.1.0");

  ListCommand list;
  CLI::App* list_app = app.add_subcommand("list", "List the scenario library with titles and summaries");
  list_app->add_option("subject", list.subject, "Only this subject (e.g. broadcast)");
  list_app->add_option("--scenarios", list.scenarios_dir, "The scenario library folder (default: ./scenarios)");
  list_app->add_flag("--protocols", list.protocols, "List the protocols instead, with their checks and marks");

  RunCommand run;
  std::string run_seed;
  CLI::App* run_app = app.add_subcommand("run", "Run one scenario and print what happened and each check's verdict");
  add_scenario_options(*run_app, run.scenario);
  run_app->add_option("--seed", run_seed, "Seed for this run, 0 to 9223372036854775807 (default: the scenario's)")
      ->type_name("N");
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
  std::string sweep_jobs;
  sweep_app->add_option("--jobs,-j", sweep_jobs, "Runs at once, 1 to 1024 (default: one per core)")->type_name("N");
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

  ExportCommand export_options;
  CLI::App* export_app = app.add_subcommand("export", "Write a saved trace in another tool's format: shiviz");
  export_app->add_option("format", export_options.format, "The format: shiviz (a ShiViz log with vector clocks)")->required();
  export_app->add_option("trace", export_options.trace_path, "A trace written by dsim run --trace")->required();
  export_app->add_option("--out", export_options.out_path, "The file to write")->required();

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
                    "(SWIM 2002: first detection, false failures, load), hot-keys (per-shard load before and after "
                    "each hot-key remedy)");
  experiment_app->add_option("name", experiment.name,
                             "The experiment: raft-fig16, raft-availsim, raft-split-vote, hashring, load-balancing, "
                             "xfetch, cache-pairs, demers, swim or hot-keys")
      ->required();
  experiment_app->add_option("--out", experiment.out_dir, "Folder for the CSV (and SVG) files; required unless --trial");
  std::string experiment_trials, experiment_trial, experiment_jobs;
  experiment_app->add_option("--trials", experiment_trials,
                             "Trials per series (default: raft-fig16 1000, raft-availsim and raft-split-vote 10000; "
                             "hashring 20 per placement and 100 per Dynamo point, at least 5; load-balancing 20 per "
                             "policy, size and load, at least 3; xfetch 200 expiries per case; demers 1000 per row, swim 300 per group size, at least 20)");
  experiment_app->add_option("--trial", experiment_trial,
                             "Replay trial K of each series and print what happened in it (raft-availsim, "
                             "raft-split-vote); writes no files");
  experiment_app->add_option("--jobs,-j", experiment_jobs, "Trials at once, 1 to 1024 (default: one per core)")->type_name("N");

  LabCommand lab;
  CLI::App* lab_app = app.add_subcommand("lab", "Classroom labs: list them, or grade a student's code under faults");
  lab_app->require_subcommand(1);
  CLI::App* lab_list_app = lab_app->add_subcommand("list", "List the labs with their titles and points");
  lab_list_app->add_option("--labs", lab.labs_dir, "The labs folder (default: ./labs, else the source tree's)");
  CLI::App* lab_grade_app = lab_app->add_subcommand("grade", "Build a lab's code and run its tests under their faults and seeds");
  lab_grade_app->add_option("lab", lab.lab, "The lab: 01, 01-broadcast or broadcast")->required();
  lab_grade_app->add_option("--student", lab.student, "Derive seeds and small parameter changes from this ID (docs/labs.md)");
  std::string lab_seeds, lab_jobs, lab_time_limit;
  lab_grade_app->add_option("--seeds", lab_seeds, "Seeds per test, 1 to 10000 (default: the lab's manifest)")->type_name("N");
  lab_grade_app->add_option("--json", lab.json_path, "Write the gradebook record here");
  bool lab_solution = false;
  auto* solution_flag = lab_grade_app->add_flag("--solution", lab_solution, "Grade the reference solution (built with -DDSIM_LAB_SOLUTIONS=ON)");
  lab_grade_app->add_option("--variant", lab.variant, "Grade this variant: student, solution or a broken one's name")
      ->excludes(solution_flag);
  lab_grade_app->add_option("--build", lab.build_dir, "The CMake build folder (default: the one this dsim was built in)");
  lab_grade_app->add_option("--labs", lab.labs_dir, "The labs folder (default: ./labs, else the source tree's)");
  lab_grade_app->add_option("--out", lab.out_dir, "Where results and failure traces go (default: lab-results/LAB...)");
  lab_grade_app->add_option("--time-limit", lab_time_limit, "Every test's wall-time limit per run instead of the manifest's (e.g. 5s)");
  lab_grade_app->add_option("--jobs,-j", lab_jobs, "Runs at once, 1 to 1024 (default: one per core)")->type_name("N");
  lab_grade_app->add_flag("--no-build", lab.no_build, "Do not build first: grade the program as it is");

  // `dsim`, `dsim help [COMMAND]` and `dsim nosuch`: the commands, not CLI11's "A subcommand is required".
  std::vector<std::string> commands;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(command->get_name());
  }
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty()) {
    std::cerr << command_list(app);
    return kExitBadInput;
  }
  if (arguments[0] == "help") {
    if (arguments.size() == 1) {
      std::cout << command_list(app);
      return kExitPassed;
    }
    arguments = {arguments[1], "--help"};  // `dsim help run` is `dsim run --help`
  }
  if (arguments[0].empty() || arguments[0][0] != '-') {
    if (std::find(commands.begin(), commands.end(), arguments[0]) == commands.end()) {
      std::string message = "dsim: unknown command \"" + arguments[0] + "\"";
      if (std::optional<std::string> close = dsim::did_you_mean(arguments[0], commands)) message += " (did you mean \"" + *close + "\"?)";
      std::cerr << message << "\n\n" << command_list(app);
      return kExitBadInput;
    }
  }

  try {
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // CLI11 takes them in reverse
    app.parse(reversed);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    return usage_error(app, error);
  }

  constexpr std::uint64_t kMaxJobs = 1024;
  if (!run_seed.empty()) {
    std::uint64_t seed = 0;
    if (!read_number("--seed", run_seed, 0, kMaxSeed, seed)) return kExitBadInput;
    run.seed = seed;
  }
  if (!sweep_jobs.empty() && !read_number("--jobs", sweep_jobs, 1, kMaxJobs, sweep.jobs)) return kExitBadInput;
  if (!experiment_jobs.empty() && !read_number("--jobs", experiment_jobs, 1, kMaxJobs, experiment.jobs)) return kExitBadInput;
  if (!experiment_trials.empty()) {
    std::int64_t trials = 0;
    if (!read_number("--trials", experiment_trials, 1, 100000000, trials)) return kExitBadInput;
    experiment.trials = trials;
  }
  if (!experiment_trial.empty()) {
    std::int64_t trial = 0;
    if (!read_number("--trial", experiment_trial, 0, 100000000, trial)) return kExitBadInput;
    experiment.trial = trial;
  }
  if (sweep.jobs == 0) sweep.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (compare.jobs == 0) compare.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (experiment.jobs == 0) experiment.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (*lab_app) {
    if (*lab_list_app) return lab_list_command(lab);
    if (!lab_seeds.empty()) {
      std::int64_t seeds = 0;
      if (!read_number("--seeds", lab_seeds, 1, 10000, seeds)) return kExitBadInput;
      lab.seeds = seeds;
    }
    if (!lab_jobs.empty() && !read_number("--jobs", lab_jobs, 1, kMaxJobs, lab.jobs)) return kExitBadInput;
    if (lab.jobs == 0) lab.jobs = std::max(1u, std::thread::hardware_concurrency());
    if (!lab_time_limit.empty()) {
      std::string reason;
      std::optional<dsim::DurationUs> limit = dsim::parse_duration(lab_time_limit, &reason);
      if (!limit || *limit <= 0) {
        std::cerr << "dsim: --time-limit: " << (reason.empty() ? "expected a duration above zero" : reason) << "\n";
        return kExitBadInput;
      }
      lab.time_limit_us = *limit;
    }
    if (lab_solution) lab.variant = "solution";
    return lab_grade_command(lab);
  }
  if (*list_app) return list_command(list);
  if (*run_app) return run_command(run);
  if (*sweep_app) return sweep_command(sweep);
  if (*merge_app) return sweep_merge_command(merge);
  if (*validate_app) return validate_command(validate);
  if (*check_app) return check_command(check);
  if (*export_app) return export_command(export_options);
  if (*compare_app) return compare_command(compare);
  if (*matrix_app) return txn_matrix_command(matrix);
  if (*experiment_app) return experiment_command(experiment);
  return kExitBadInput;
}
