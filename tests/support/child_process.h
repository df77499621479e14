// Runs a piece of code in a child process, for tests of what must stop the run: a DSIM_ASSERT
// aborts the process (STYLE.md §9), so the test forks, lets the child hit it, and reads back how
// the child ended and what it wrote to stderr.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace dsim::testing {

struct ChildOutcome {
  bool aborted = false;      // ended by SIGABRT (a failed DSIM_ASSERT)
  int exit_code = -1;        // when it exited normally instead
  std::string stderr_text;   // everything it wrote to stderr
};

inline ChildOutcome run_in_child(const std::function<void()>& body) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) return {};
  std::fflush(nullptr);
  pid_t child = fork();
  if (child == 0) {
    close(pipe_ends[0]);
    dup2(pipe_ends[1], STDERR_FILENO);
    std::signal(SIGABRT, SIG_DFL);  // the test framework's handler would report the abort as its own failure
    body();
    std::_Exit(0);
  }
  close(pipe_ends[1]);
  ChildOutcome outcome;
  char buffer[4096];
  ssize_t got;
  while ((got = read(pipe_ends[0], buffer, sizeof buffer)) > 0) outcome.stderr_text.append(buffer, static_cast<std::size_t>(got));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  outcome.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  return outcome;
}

}  // namespace dsim::testing
