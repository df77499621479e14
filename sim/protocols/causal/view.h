// The published state, history records, marks and metrics of causal broadcast: the contract with
// the checkers and the viewer (STYLE.md §16).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::causal::view {

inline constexpr ViewKey<std::int64_t> kDelivered{"delivered"};  // messages delivered, own posts included
inline constexpr ViewKey<std::int64_t> kHeldBack{"held_back"};   // messages waiting in the hold-back queue
inline constexpr ViewKey<std::string> kVectorTimestamp{"vt"};    // the member's VT, "[1,0,2]"

// History records (Context::record, kind info): each post and each delivery, keyed "<origin>#<sequence>".
inline constexpr std::string_view kOpPost = "post";
inline constexpr std::string_view kOpDeliver = "deliver";

inline constexpr std::string_view kMarkHeldBack = "causal.held_back";  // a message arrived too early
inline constexpr std::string_view kMarkDuplicate = "causal.duplicate_dropped";  // a copy already delivered
inline constexpr std::string_view kMetricHeldBack = "causal.held_back";               // counter
inline constexpr std::string_view kMetricHoldBackDelay = "causal.hold_back_delay_us"; // histogram
inline constexpr std::string_view kMetricQueue = "causal.hold_back_queue";            // gauge

}  // namespace dsim::causal::view
