// The published state of rate limiting's nodes: the contract with the visualizer and the checkers
// (STYLE.md §15, §16). Limiters publish role "limiter", the shared store "store", clients
// "client" (the shared kRole of sim/core/view.h); the rest is rate limiting's own.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::ratelimit::view {

namespace role {
inline constexpr std::string_view kLimiter = "limiter";
inline constexpr std::string_view kStore = "store";
}  // namespace role

inline constexpr ViewKey<std::string> kAlgorithm{"algorithm"};  // limiter, store: "token-bucket", ...
// Limiter, store: how full the limiter is, in thousandths of a request: tokens held (token
// bucket), requests waiting (leaky bucket), the window's count (fixed window, sliding log) or the
// estimate (sliding counter); and the most it can be. The viewer draws the one against the other.
inline constexpr ViewKey<std::int64_t> kLevel{"level_milli"};
inline constexpr ViewKey<std::int64_t> kCapacity{"capacity_milli"};
inline constexpr ViewKey<std::int64_t> kLimit{"limit"};            // requests per window it enforces
inline constexpr ViewKey<std::int64_t> kWindow{"window_us"};
inline constexpr ViewKey<std::int64_t> kInWindow{"in_window"};     // admitted by this node in the last window
inline constexpr ViewKey<std::int64_t> kAdmitted{"admitted"};      // limiter, client: requests let through
inline constexpr ViewKey<std::int64_t> kRejected{"rejected"};      // limiter, client: requests turned away
inline constexpr ViewKey<std::int64_t> kWaiting{"waiting"};        // limiter: awaiting the store, or queued
inline constexpr ViewKey<std::int64_t> kSent{"sent"};              // client: requests sent

// The history a limiter records for every request it decides (or relays the store's decision
// on): kind ok (admitted) or fail (rejected), op kHistoryOp, process the limiter, key the client's
// name, and for an admission the value "<decider> <decided_us> <released_us>", where the decider
// is one of the words below and the times are on the decider's clock. within_limit reads these.
inline constexpr std::string_view kHistoryOp = "request";
inline constexpr std::string_view kDecidedLocally = "local";
inline constexpr std::string_view kDecidedByStore = "store";
inline constexpr std::string_view kDecidedFailOpen = "fail-open";

// Durable storage of the store: its limiter's state (limiter.h, encode) and, in sync mode, each
// limiter's count per window, "count/<window>/<limiter>".
inline constexpr std::string_view kDurableLimiter = "limiter";
inline constexpr std::string_view kDurableCountPrefix = "count/";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkRejected = "ratelimit.rejected";
inline constexpr std::string_view kMarkQueued = "ratelimit.queued";
inline constexpr std::string_view kMarkStoreTimeout = "ratelimit.store_timeout";
inline constexpr std::string_view kMarkFailOpen = "ratelimit.fail_open";
inline constexpr std::string_view kMarkFailClosed = "ratelimit.fail_closed";
inline constexpr std::string_view kMarkLateStoreReply = "ratelimit.late_store_reply";
// A node let more than its limit through within one window's length (a fixed window's edge burst,
// or limiters that drifted apart, seen from the store).
inline constexpr std::string_view kMarkOverLimitInWindow = "ratelimit.over_limit_in_window";
inline constexpr std::string_view kMarkStoreRecovered = "ratelimit.store_recovered";
inline constexpr std::string_view kMarkStoreForgot = "ratelimit.store_forgot";

// Metrics.
inline constexpr std::string_view kMetricAdmitted = "ratelimit.admitted";
inline constexpr std::string_view kMetricRejected = "ratelimit.rejected";
inline constexpr std::string_view kMetricRejectedStoreDown = "ratelimit.rejected_store_down";
inline constexpr std::string_view kMetricFailOpen = "ratelimit.fail_open";
inline constexpr std::string_view kMetricDecisionLatency = "ratelimit.decision_latency_us";
inline constexpr std::string_view kMetricInWindow = "ratelimit.admitted_in_window";
inline constexpr std::string_view kMetricLevel = "ratelimit.level_milli";

}  // namespace dsim::ratelimit::view
