// Shared by the tests that run library scenarios: the built-in protocols and the path of a
// scenario under the source tree's scenarios/ (DSIM_SOURCE_DIR is set by ctest).
#pragma once

#include <cstdlib>
#include <string>

#include "sim/runner/builtin_registry.h"
#include "sim/scenario/registry.h"

namespace dsim::testing {

inline const ProtocolRegistry& builtin_registry() { return dsim::builtin_registry(); }

inline std::string library_scenario(const std::string& name) {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return std::string(root ? root : ".") + "/scenarios/" + name + ".json";
}

}  // namespace dsim::testing
