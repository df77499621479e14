// hold_back_drained (lab 5): at the end of the run, after posting stopped and every fault healed,
// every member's hold-back queue is empty. causal_delivery says nothing was delivered too early and
// all_delivered that everything was delivered; this catches what they cannot: a message held for
// ever, typically a duplicate copy of one already delivered (the network duplicates messages in
// random-faults), which can never become deliverable. Reads only the published held_back
// (sim/protocols/causal/view.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lab05 {

inline constexpr std::string_view kCheckHoldBackDrained = "hold_back_drained";

std::unique_ptr<Checker> make_hold_back_drained_checker();

}  // namespace dsim::lab05
