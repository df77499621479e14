// The published state of crdt nodes (STYLE.md §15, §16): replicas publish role "server", their
// value in words and their encoded state; clients role "client" and how many operations ended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::crdt::view {

inline constexpr ViewKey<std::string> kValue{"crdt_value"};   // replica: "17", "{e0, e2}", "c0-4"
inline constexpr ViewKey<std::string> kState{"crdt_state"};   // replica: the encoded state
inline constexpr ViewKey<std::int64_t> kCompleted{"completed"};  // client: operations answered

// Durable storage of a replica: "state" -> the encoded state.
inline constexpr std::string_view kDurableState = "state";
inline constexpr std::string_view kDurableNextSequence = "next_sequence";  // client

inline constexpr std::string_view kMarkMergeChanged = "crdt.merge_changed_state";
inline constexpr std::string_view kMarkClientTimeout = "crdt.client_timeout";
inline constexpr std::string_view kMetricOperations = "crdt.operations";
inline constexpr std::string_view kMetricGossipBytes = "crdt.gossip_state_bytes";

}  // namespace dsim::crdt::view
