// What gossip nodes publish (the contract with the visualizer and the checkers; STYLE.md §15,
// §16): sites publish the shared role "server" and their knowledge of each update, the rumor
// source the role "client" and how many updates it injected. Marks and metric names too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::gossip::view {

// A site: one letter per update r0, r1, ... in order: 'S' susceptible, 'I' infective (spreading
// it), 'R' removed (knows it, no longer spreads it). Updates a site never heard of are 'S' or
// missing from the end.
inline constexpr ViewKey<std::string> kUpdates{"updates"};
inline constexpr ViewKey<std::int64_t> kKnown{"known"};  // a site: how many updates it knows
// The rumor source: updates injected so far, and acknowledged by their origin site.
inline constexpr ViewKey<std::int64_t> kInjected{"injected"};
inline constexpr ViewKey<std::int64_t> kAcknowledged{"acknowledged"};

// Durable storage of a site: "update/r3" -> "<origin_us> <arrival_us>" per known update.
inline constexpr std::string_view kDurableUpdatePrefix = "update/";
// Durable storage of the rumor source: the next update number, so a restart never reuses one.
inline constexpr std::string_view kDurableNextUpdate = "next_update";

// The history operation of an injection ("invoke" when sent, "ok" when its origin acknowledged).
inline constexpr std::string_view kOpInject = "inject";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkLostInterest = "gossip.lost_interest";          // a site removed a rumor
inline constexpr std::string_view kMarkAntiEntropyRepair = "gossip.anti_entropy_repair";  // the backup found a site the rumor missed
inline constexpr std::string_view kMarkConnectionRefused = "gossip.connection_refused";
inline constexpr std::string_view kMarkHunt = "gossip.hunt";                            // a refused initiator tried another site

// Metrics: the paper's measures, per run (docs/concepts/gossip.md says how to read them).
inline constexpr std::string_view kMetricUpdateMessages = "gossip.update_messages";  // traffic m = this / n
inline constexpr std::string_view kMetricInformed = "gossip.informed";               // sites that learnt an update; residue s = 1 - this / n
inline constexpr std::string_view kMetricRemoved = "gossip.removed";                 // rumors a site lost interest in
inline constexpr std::string_view kMetricArrivalRounds = "gossip.arrival_rounds";    // rounds from injection to arrival: t_ave, t_last
inline constexpr std::string_view kMetricArrivalDelay = "gossip.arrival_delay_us";
inline constexpr std::string_view kMetricInjected = "gossip.injected";

}  // namespace dsim::gossip::view
