// The published state of broadcast nodes: the contract with the visualizer and the checkers,
// which read these keys and never the node classes (STYLE.md §15, §16). Servers publish the shared
// role "server" and clients "client" (sim/core/view.h); the rest is broadcast's own.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::broadcast::view {

inline constexpr ViewKey<std::int64_t> kHeld{"held"};                  // server: how many values it holds
inline constexpr ViewKey<std::int64_t> kAcknowledged{"acknowledged"};  // client: values acknowledged
inline constexpr ViewKey<std::int64_t> kPending{"pending"};            // client: requests awaiting BroadcastOk

// Durable storage: one key per held value, "value/c0-17" -> "<origin_us> <first_seen_us>".
inline constexpr std::string_view kDurableValuePrefix = "value/";
// Durable storage of a client: the next sequence number, so a restarted client never reuses one.
inline constexpr std::string_view kDurableNextSequence = "next_sequence";

// Marks (STYLE.md §10) and metrics.
inline constexpr std::string_view kMarkDuplicateIgnored = "broadcast.duplicate_ignored";
inline constexpr std::string_view kMarkAntiEntropyRepair = "broadcast.anti_entropy_repair";
inline constexpr std::string_view kMarkClientRetry = "broadcast.client_retry";
inline constexpr std::string_view kMetricValuesInjected = "broadcast.values_injected";
inline constexpr std::string_view kMetricDeliveryLatency = "broadcast.delivery_latency_us";
inline constexpr std::string_view kMetricHeld = "broadcast.held";

}  // namespace dsim::broadcast::view
