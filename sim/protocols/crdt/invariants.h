// The checker a crdt scenario lists under "checks":
//   converged — at the end of the run (after the clients stop and every fault is undone) every live
//               replica holds the same state, and its value is the one the client history implies
//               where that is defined: a counter within [acknowledged, acknowledged + unknown];
//               an OR-set holding each element that has an acknowledged add tag no acknowledged
//               remove took, and none whose every acknowledged tag was removed; a LWW register
//               holding the acknowledged write with the greatest stamp (or a later unknown one).
// It reads the client history as it happens and the replicas' durable states at the end.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/crdt/replica_state.h"

namespace dsim::crdt {

inline constexpr std::string_view kCheckConverged = "converged";

// Replicas are nodes 0..replicas-1.
std::unique_ptr<Checker> make_converged_checker(CrdtType type, std::uint32_t replicas);

}  // namespace dsim::crdt
