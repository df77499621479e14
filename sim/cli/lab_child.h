// Running one program as a child process with a wall-time limit, for `dsim lab grade`: a
// student's code runs in its own process, so its crash or endless loop ends that run, never the
// grader. POSIX only (posix_spawn, a process group killed as a whole on timeout).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace dsim::cli {

struct ChildOutcome {
  bool started = false;    // false: the program could not be started at all (error says why)
  bool timed_out = false;  // killed at the time limit
  int exit_code = -1;      // when it exited normally
  int signal = 0;          // when a signal ended it (an abort from DSIM_ASSERT is SIGABRT)
  std::string error;
};

// Runs `argv` (argv[0] is the program's path) with stdout and stderr going to the given files
// ("" leaves them on the grader's own). A zero limit waits for ever.
ChildOutcome run_child(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                       const std::string& stdout_path, const std::string& stderr_path);

}  // namespace dsim::cli
