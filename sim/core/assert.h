// DSIM_ASSERT stays on in every build (STYLE.md §9). A failure is a bug in dsim or in a protocol,
// never the user's input, so it stops the process with everything needed to replay it: the
// condition, file and line, the virtual time, the node being run and the run's seed.
#pragma once

#include <cstdint>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

// Where the running simulation is, for assertion reports. The simulator keeps it up to date.
struct AssertionScope {
  const TimeUs* time = nullptr;
  const NodeId* node = nullptr;
  std::uint64_t seed = 0;
};

// Installs `scope` for this thread until the guard is destroyed (sweeps run one run per thread).
class AssertionScopeGuard {
 public:
  explicit AssertionScopeGuard(const AssertionScope& scope);
  ~AssertionScopeGuard();
  AssertionScopeGuard(const AssertionScopeGuard&) = delete;
  AssertionScopeGuard& operator=(const AssertionScopeGuard&) = delete;

 private:
  AssertionScope previous_;
};

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line, const char* message);

}  // namespace dsim

#define DSIM_ASSERT(condition, message)                                          \
  do {                                                                           \
    if (!(condition)) ::dsim::assertion_failed(#condition, __FILE__, __LINE__, message); \
  } while (0)
