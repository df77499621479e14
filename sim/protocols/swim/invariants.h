// The checkers a SWIM scenario can list under "checks":
//   no_false_dead   — no member ever declares dead a member that has not crashed (a paused member
//                     has not crashed: it is slow, not gone) and has not left. SWIM without
//                     suspicion breaks it under loss and pauses; with suspicion it must hold below
//                     its design point (docs/concepts/failure-detection.md).
//   crash_detected  — at the end, every member still in the group holds every member that crashed
//                     (and stayed down) as dead: the detector's completeness (§2).
// Both read the published views ("members", "status", "incarnation") and the crash, restart and
// pause faults as they happen.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"

namespace dsim::swim {

inline constexpr std::string_view kCheckNoFalseDead = "no_false_dead";
inline constexpr std::string_view kCheckCrashDetected = "crash_detected";

std::unique_ptr<Checker> make_no_false_dead_checker(std::size_t members);
std::unique_ptr<Checker> make_crash_detected_checker(std::size_t members);

}  // namespace dsim::swim
