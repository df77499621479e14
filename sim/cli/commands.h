// The dsim commands as plain functions of plain option structs. main.cc is the only file that
// includes CLI11 (a heavy header); every command returns the process exit code:
// 0 all checks held, 1 a check failed, 2 bad input or usage, 3 no check failed but one could not
// decide (a linearizability search out of budget: neither a proven violation nor a pass).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitUndecided = 3;

struct CommonScenarioOptions {
  std::string file;                 // a path, or a library name such as "broadcast/happy-path"
  std::vector<std::string> sets;    // --set path=value, in order
  std::string until;                // --until, a duration; empty: the scenario's duration
  std::string scenarios_dir;        // --scenarios DIR; empty: the default search
};

struct RunCommand {
  CommonScenarioOptions scenario;
  std::optional<std::uint64_t> seed;
  std::string trace_path;
  std::string metrics_path;
  std::string json_path;
  bool explain = false;
  bool check_determinism = false;
  bool quiet = false;
};

struct SweepCommand {
  CommonScenarioOptions scenario;
  std::string seeds = "1..100";  // "A..B"
  unsigned jobs = 0;             // 0: one per core
  std::string shard;             // "K/N"
  std::string json_path;
  std::string failure_traces_dir;
  bool progress = true;
};

struct SweepMergeCommand {
  std::string out_path;
  std::vector<std::string> inputs;
};

struct ValidateCommand {
  std::vector<std::string> files;
  std::string scenarios_dir;
};

struct ListCommand {
  std::string scenarios_dir;
  std::string subject;     // only this subject's scenarios
  bool protocols = false;  // --protocols: the protocols, their checks and marks, instead
};

struct TxnMatrixCommand {
  std::string json_path;      // --json OUT ('-' for stdout)
  bool verdicts = false;      // --why: print each cell's one-line explanation too
  std::string scenarios_dir;  // --scenarios: the library whose txn-isolation scenarios make the rows
};

struct ExperimentCommand {
  std::string name;  // "raft-fig16", "raft-availsim", "raft-split-vote", "hashring", "load-balancing", "xfetch", "cache-pairs", "demers", "swim", "hot-keys"
  std::string out_dir;                 // --out DIR: where the files go (required unless --trial)
  std::optional<std::int64_t> trials;  // --trials N per series; none: the experiment's default
  std::optional<std::int64_t> trial;   // --trial K: replay trial K of each series and print it
  unsigned jobs = 0;                   // --jobs N; 0: one per core
};

struct CompareCommand {
  std::string first, second;       // two scenario files or library names
  std::string seeds = "1..100";    // "A..B"
  unsigned jobs = 0;               // 0: one per core
  std::string json_path;           // --json OUT ('-' for stdout)
  std::string scenarios_dir;       // --scenarios DIR
};

struct CheckCommand {
  std::string trace_path;           // the trace to re-judge
  std::vector<std::string> checks;  // --check NAME, in order; empty: the scenario's own checks
  std::string json_path;            // --json OUT ('-' for stdout)
};

struct ExportCommand {
  std::string format;      // "shiviz"
  std::string trace_path;  // the trace to export
  std::string out_path;    // --out FILE
};

// `dsim lab list` and `dsim lab grade LAB` (cmd_lab.cc, docs/labs.md).
struct LabCommand {
  std::string lab;                     // "01", "01-broadcast" or "broadcast"
  std::string student;                 // --student ID: derives seeds and variations (lab_seeds.h)
  std::optional<std::int64_t> seeds;   // --seeds N per test; none: the manifest's
  std::string json_path;               // --json OUT: the gradebook record
  std::string variant;                 // "" (the student's code), "solution", or a broken one's name
  std::string build_dir;               // --build DIR; empty: the folder this dsim was built in
  std::string labs_dir;                // --labs DIR; empty: ./labs, else the source tree's
  std::string out_dir;                 // --out DIR; empty: lab-results/<lab>[-<student>][-<variant>]
  DurationUs time_limit_us = 0;        // --time-limit: every test's limit instead of the manifest's
  unsigned jobs = 0;                   // runs at once; 0: one per core
  bool no_build = false;               // --no-build: grade the program as it is
};

int lab_list_command(const LabCommand& command);   // cmd_lab.cc
int lab_grade_command(const LabCommand& command);  // cmd_lab.cc
int run_command(const RunCommand& command);
int export_command(const ExportCommand& command);  // cmd_export.cc
int check_command(const CheckCommand& command);  // cmd_check.cc
int compare_command(const CompareCommand& command);  // cmd_compare.cc
int experiment_command(const ExperimentCommand& command);
int raft_availsim_command(const ExperimentCommand& command);    // cmd_experiment_availsim.cc
int raft_split_vote_command(const ExperimentCommand& command);  // cmd_experiment_split_vote.cc
int hashring_experiment(const ExperimentCommand& command);  // cmd_experiment_hashring.cc
int load_balancing_experiment(const ExperimentCommand& command);  // cmd_experiment_load_balancing.cc
int xfetch_experiment(const ExperimentCommand& command);       // cmd_experiment_xfetch.cc
int cache_pairs_experiment(const ExperimentCommand& command);  // cmd_experiment_cache_pairs.cc
int hot_keys_experiment(const ExperimentCommand& command);     // cmd_experiment_hot_keys.cc
int demers_experiment(const ExperimentCommand& command);    // cmd_experiment_demers.cc
int swim_experiment(const ExperimentCommand& command);      // cmd_experiment_swim.cc
int txn_matrix_command(const TxnMatrixCommand& command);
int sweep_command(const SweepCommand& command);
int sweep_merge_command(const SweepMergeCommand& command);
int validate_command(const ValidateCommand& command);
int list_command(const ListCommand& command);

}  // namespace dsim::cli
