// The published state of the lock protocol's nodes: the contract with the visualizer and the
// checkers, which read these keys and never the node classes (STYLE.md §15, §16). Node 0 is the
// lock service, node 1 the shared resource, nodes 2.. the clients that take the lock.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::lock::view {

// Roles (the shared `role` key).
inline constexpr std::string_view kRoleLockService = "lock-service";
inline constexpr std::string_view kRoleResource = "resource";
// Clients publish the shared role "client".

// Lock service.
inline constexpr ViewKey<std::int64_t> kHolder{"holder"};            // node holding a live lease, or -1
inline constexpr ViewKey<std::int64_t> kToken{"token"};              // token of that lease (0: none)
inline constexpr ViewKey<std::int64_t> kLeaseExpiresUs{"lease_expires_us"};  // on the service's clock; -1: none
// Resource.
inline constexpr ViewKey<std::int64_t> kHighestToken{"highest_token"};   // newest token it accepted a write under
inline constexpr ViewKey<std::int64_t> kLastWriter{"last_writer"};       // node of the last accepted write, or -1
inline constexpr ViewKey<std::int64_t> kWritesAccepted{"writes_accepted"};
inline constexpr ViewKey<std::int64_t> kWritesRefused{"writes_refused"};
// Client.
inline constexpr ViewKey<std::string> kClientState{"lock_state"};    // one of the words below
inline constexpr ViewKey<std::int64_t> kLeaseToken{"lease_token"};   // the token it believes it holds, or -1
inline constexpr ViewKey<std::int64_t> kLeaseDeadlineUs{"lease_deadline_us"};  // on its own clock; -1: none

namespace client_state {
inline constexpr std::string_view kIdle = "idle";            // between leases
inline constexpr std::string_view kAcquiring = "acquiring";  // waiting for LeaseGranted
inline constexpr std::string_view kWorking = "working";      // holds the lease, preparing a write
inline constexpr std::string_view kWriting = "writing";      // a write is on its way to the resource
inline constexpr std::string_view kRenewing = "renewing";    // waiting for its lease to be extended
}  // namespace client_state

// Client history, recorded by the service and the resource for the checker (HistoryEvent.op).
// "grant": key = holder node id, value = token. "write": key = writer node id, value = token; an
// ok event is an accepted write, a fail event a refused one.
inline constexpr std::string_view kHistoryGrant = "grant";
inline constexpr std::string_view kHistoryWrite = "write";

// Durable storage.
inline constexpr std::string_view kDurableNextToken = "next_token";        // service: the next token to grant
inline constexpr std::string_view kDurableHighestToken = "highest_token";  // resource
inline constexpr std::string_view kDurableIncarnation = "incarnation";     // client: starts, so request ids never repeat

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkLeaseExpired = "lock.lease_expired";              // service: a lease ran out
inline constexpr std::string_view kMarkLeaseRenewed = "lock.lease_renewed";
inline constexpr std::string_view kMarkRecoveryWait = "lock.recovery_wait";              // service after restart
inline constexpr std::string_view kMarkStaleWriteAccepted = "lock.stale_write_accepted"; // resource, no fencing
inline constexpr std::string_view kMarkFencedWriteRefused = "lock.fenced_write_refused"; // resource, fencing
inline constexpr std::string_view kMarkLeaseGivenUp = "lock.lease_given_up";             // client: too little time left

// Metrics.
inline constexpr std::string_view kMetricGrants = "lock.grants";
inline constexpr std::string_view kMetricDenials = "lock.denials";
inline constexpr std::string_view kMetricRenewals = "lock.renewals";
inline constexpr std::string_view kMetricExpiries = "lock.expiries";
inline constexpr std::string_view kMetricWritesAccepted = "lock.writes_accepted";
inline constexpr std::string_view kMetricWritesRefused = "lock.writes_refused";
inline constexpr std::string_view kMetricStaleWrites = "lock.stale_writes_accepted";
inline constexpr std::string_view kMetricAcquireWait = "lock.acquire_wait_us";   // histogram: first ask to grant
inline constexpr std::string_view kMetricToken = "lock.token";                   // gauge: the service's latest token

}  // namespace dsim::lock::view
