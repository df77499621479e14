// What lab 4's servers publish besides Raft's keys (role, term, leader, log, commit_index): the
// key-value map as the server has applied it, and how far it has applied the log.
#pragma once

#include "sim/core/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::lab04::view {

// {"k0": "c1.3+c0.4", ...}: the applied map, what exactly_once reads.
inline constexpr ViewKey<JsonText> kKeyValues{"kv"};
using raft::view::kLastApplied;

}  // namespace dsim::lab04::view
