#include "sim/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace dsim {
namespace {
thread_local AssertionScope current_scope;
}

AssertionScopeGuard::AssertionScopeGuard(const AssertionScope& scope) : previous_(current_scope) {
  current_scope = scope;
}

AssertionScopeGuard::~AssertionScopeGuard() { current_scope = previous_; }

void assertion_failed(const char* condition, const char* file, int line, const char* message) {
  std::fprintf(stderr, "dsim: internal assertion failed: %s (%s)\n  at %s:%d\n", condition, message, file, line);
  if (current_scope.time) {
    std::fprintf(stderr, "  sim time %s", format_time_seconds(*current_scope.time).c_str());
    if (current_scope.node && *current_scope.node != kNoNode) std::fprintf(stderr, ", node %u", *current_scope.node);
    std::fprintf(stderr, ", seed %llu\n", static_cast<unsigned long long>(current_scope.seed));
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace dsim
