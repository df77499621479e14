// What a causal-broadcast scenario can tune ("params"; "workload" says what the members post).
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::causal {

struct CausalParams {
  // The bug switch: deliver every message the moment it arrives, with no hold-back, as a plain
  // (unordered) broadcast does. The causal_delivery check catches it wherever links reorder.
  bool bug_deliver_at_once = false;
};

// Every member is both a sender and a receiver (the paper's process group): there are no
// separate client nodes. Each member posts at random times, and replies to some posts it delivers,
// so that a reply causally depends on the post it answers (on another member's post).
struct CausalWorkload {
  double posts_per_second = 2.0;  // per member, Poisson
  std::uint32_t reply_percent = 30;  // chance of replying to a delivered post of another member
  TimeUs stop_us = kTimeNever;    // no post or reply at or after this time
};

// Reads "params": {"bug_deliver_at_once"}.
CausalParams parse_causal_params(const JsonReader& params);
// Reads "workload": {"rate", "reply_percent", "stop"}.
CausalWorkload parse_causal_workload(const JsonReader& workload);

}  // namespace dsim::causal
