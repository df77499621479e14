// Dense integer identities. Nodes are numbered 0..n-1 in the order the world builder adds them, so
// that every container keyed by node iterates in the same order on every run.
#pragma once

#include <cstdint>

namespace dsim {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

// Names one pending timer so that it can be cancelled: the event slot and a generation count.
using TimerId = std::uint64_t;
inline constexpr TimerId kNoTimer = 0;

// Numbers messages in the order they were sent; a duplicated copy keeps its original's id.
using MessageId = std::uint64_t;

}  // namespace dsim
