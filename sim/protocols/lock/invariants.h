// The checker a lock scenario can list under "checks":
//   mutual_exclusion — judged at the resource, not at the lock service: the writes the resource
//   applied must come from one lease at a time, so their fencing tokens never go backwards, and no
//   token is quoted by two different clients. A violation names both writers, their tokens, when
//   each write was applied and when each token was granted.
// It reads only the history the lock service (grants) and the resource (writes) record.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lock {

inline constexpr std::string_view kCheckMutualExclusion = "mutual_exclusion";

std::unique_ptr<Checker> make_mutual_exclusion_checker();

}  // namespace dsim::lock
