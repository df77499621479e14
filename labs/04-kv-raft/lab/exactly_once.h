// exactly_once (lab 4): no server applies a client's request twice. A client's appends add values
// that name the client and its request number ("+c1.7"), unique in the run, so a value holding one
// twice is a request applied twice: a retry (after a lost reply, a timeout or a change of leader)
// that the service ran again instead of answering from its session (Raft §8; Ongaro's thesis
// §6.3). Reads only each server's published key-value map (`kv`, view.h). A put or cas run twice
// leaves no such trace in the map; the linearizable checker judges those.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lab04 {

inline constexpr std::string_view kCheckExactlyOnce = "exactly_once";

std::unique_ptr<Checker> make_exactly_once_checker();

}  // namespace dsim::lab04
