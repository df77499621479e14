// What SWIM members publish (the contract with the visualizer and the checkers; STYLE.md §15,
// §16): the shared role "server", whether the member is in the group, its incarnation, and its
// view of every member, both as one string and as a key per member (for story claims and checks
// that name one member: "every member holds n5 dead"). Marks and metric names too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::swim::view {

// One letter per member n0, n1, ...: this member's view of it ('A' alive, 'S' suspect, 'D' dead,
// 'L' left, '-' unknown). A member shows itself 'A' while in the group, 'L' after leaving.
inline constexpr ViewKey<std::string> kMembers{"members"};
// The same view, one key per other member: "member.n5" is "unknown", "alive", "suspect", "dead" or
// "left" (status_name), so that a story line or a check can claim what this member believes of n5
// ({"state": {"key": "member.n5", "value": "dead"}}). A member publishes no key for itself.
inline constexpr ViewKeyFamily<std::string> kMemberStatus{"member."};
// "joining" (not yet in the group), "member", or "left".
inline constexpr ViewKey<std::string> kStatus{"status"};
inline constexpr ViewKey<std::int64_t> kIncarnation{"incarnation"};

namespace status {
inline constexpr std::string_view kJoining = "joining";
inline constexpr std::string_view kMember = "member";
inline constexpr std::string_view kLeft = "left";
}  // namespace status

// Durable storage: the member's incarnation, so that a restarted member rejoins with a higher one.
inline constexpr std::string_view kDurableIncarnation = "incarnation";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkIndirectProbe = "swim.indirect_probe";   // a direct ping went unanswered
inline constexpr std::string_view kMarkSuspect = "swim.suspect";                 // this member suspected another
inline constexpr std::string_view kMarkDeclaredDead = "swim.declared_dead";      // this member declared another dead
inline constexpr std::string_view kMarkRefuted = "swim.refuted";                 // a suspected member refuted
inline constexpr std::string_view kMarkJoined = "swim.joined";                   // the introducer let a member in
inline constexpr std::string_view kMarkLeft = "swim.left";                       // a member left on purpose

// Metrics.
inline constexpr std::string_view kMetricMessages = "swim.messages_sent";          // every message a member sent
inline constexpr std::string_view kMetricMessagesPerPeriod = "swim.messages_per_period";  // gauge, per member
inline constexpr std::string_view kMetricProbes = "swim.probes";
inline constexpr std::string_view kMetricProbeFailures = "swim.probe_failures";    // probes ending with no ack
inline constexpr std::string_view kMetricSuspicions = "swim.suspicions";
inline constexpr std::string_view kMetricDeclaredDead = "swim.declared_dead";
inline constexpr std::string_view kMetricRefutations = "swim.refutations";
inline constexpr std::string_view kMetricAliveMembers = "swim.alive_members";      // gauge, per member

}  // namespace dsim::swim::view
