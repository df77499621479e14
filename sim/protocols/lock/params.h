// What a lock scenario can tune: the lock service's and the resource's "params" and the clients'
// "workload". The parsers read through JsonReader, so a bad value is reported with its file and
// JSON path.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/replicated/group_params.h"

namespace dsim {
class JsonReader;
}

namespace dsim::lock {

// The node layout: the lock service, the shared resource, then the clients (with "lock_service":
// "raft", the service is nodes 0..replicas-1 and the others follow it: LockLayout below).
inline constexpr NodeId kLockService = 0;
inline constexpr NodeId kResource = 1;
inline constexpr NodeId kFirstClient = 2;
inline constexpr std::uint32_t kMinNodes = 4;  // the service, the resource and two clients who compete

struct LockParams {
  DurationUs ttl_us = 1 * kSecond;  // a lease's length on the service's clock, from its grant or renewal
  // The resource refuses a write whose token is older than the newest it has accepted (Kleppmann
  // 2016). Off: it applies every write it is sent, as a plain file or database would.
  bool fencing = true;
  // After a restart the service grants nothing for one ttl, so a lease it granted before the crash
  // (and has forgotten) runs out first (Gray & Cheriton 1989, §2: a recovering server waits out the
  // longest lease it may have granted).
  bool recovery_wait = true;

  // Test-only mutants that prove the checker can fail; no scenario key sets them.
  bool mutant_fence_one_behind = false;  // the resource also accepts a token one older than its newest
  bool mutant_forget_next_token = false; // the service keeps its token counter in memory only (on Raft:
                                         // each new leader counts from 1 again, not from the table)
  // "lock_service": nothing for the one node n0; a Raft group holding the lock table otherwise
  // (lock_replica.h). There `recovery_wait` is the new leader's wait: it grants nothing to a
  // client other than the table's holder for one ttl after it takes over.
  std::optional<replicated::GroupParams> group;
};

// Who is which node: the service's nodes, the resource, the first client.
struct LockLayout {
  std::vector<NodeId> service{kLockService};
  NodeId resource = kResource;
  NodeId first_client = kFirstClient;
};
LockLayout layout_of(const LockParams& params);

struct LockWorkload {
  std::uint32_t writes_per_lease = 8;        // writes a client makes under one lease before releasing it
  DurationUs work_time_us = 150 * kMillisecond;   // a client's work before each write (its lease checked first)
  DurationUs think_time_us = 500 * kMillisecond;  // a client's pause between releasing and asking again
  DurationUs retry_us = 100 * kMillisecond;       // mean wait before asking again after a denial (jittered ±50%)
  DurationUs request_timeout_us = 300 * kMillisecond;  // give up waiting for any answer after this long
  // A client starts a step of work only if its lease (on its own clock, from when it asked) has at
  // least work_time + safety_margin left: the margin is what covers clock drift (Chubby §2.8).
  DurationUs safety_margin_us = 0;
  DurationUs start_stagger_us = 50 * kMillisecond;  // client k first asks at k * this
};

// Reads "params": {"ttl", "fencing", "recovery_wait", "lock_service"}.
LockParams parse_lock_params(const JsonReader& params);
// Reads "workload": {"writes_per_lease", "work_time", "think_time", "retry", "request_timeout",
// "safety_margin", "start_stagger"}.
LockWorkload parse_lock_workload(const JsonReader& workload);

}  // namespace dsim::lock
