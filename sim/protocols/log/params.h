// What a log scenario can tune: the brokers' and controller's "params" and the producers'
// "workload". Names follow Kafka's configuration keys where one exists (acks, enable.idempotence,
// max.in.flight.requests.per.connection, replica.lag.time.max.ms, min.insync.replicas,
// unclean.leader.election.enable), with units in the names here.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::log {

inline constexpr std::int64_t kMaxPartitions = 16;
inline constexpr std::int64_t kMaxFetchRecords = 64;  // records one FetchResponse carries at most

struct LogParams {
  std::uint32_t partitions = 3;           // partitions of the one topic
  std::uint32_t replication_factor = 3;   // replicas per partition (at most the number of brokers)
  std::uint32_t min_insync_replicas = 1;  // acks=all is refused while the ISR is smaller than this
  bool unclean_leader_election = false;   // may a replica outside the ISR become leader (and lose data)?
  DurationUs fetch_interval_us = 20 * kMillisecond;          // a follower's time between fetches
  DurationUs replica_lag_time_max_us = 300 * kMillisecond;   // a follower not caught up for this long leaves the ISR
  DurationUs heartbeat_interval_us = 50 * kMillisecond;      // broker -> controller
  DurationUs session_timeout_us = 300 * kMillisecond;        // a broker silent this long is dead to the controller
};

enum class Acks : std::int8_t { none = 0, leader = 1, all = -1 };
std::string_view acks_name(Acks acks);  // "0", "1", "all"

// How a consumer orders committing a batch's offset and processing it (Apache Kafka documentation,
// "Message Delivery Semantics"): commit first and a crash in between loses the batch's rest (at most
// once); process first and a crash in between processes it again (at least once).
enum class CommitOrder : std::uint8_t { before_process, after_process };
// What a scenario promises about processing; the delivery_guarantee checker holds it to that.
enum class Guarantee : std::uint8_t { at_most_once, at_least_once, effectively_once };
std::string_view guarantee_name(Guarantee guarantee);  // "at_most_once", ...
enum class Assignor : std::uint8_t { range, round_robin };

// One consumer group "g" reading every partition of the topic, and the sink its consumers process
// into. Absent from a scenario: no consumers (count 0).
struct ConsumerGroupConfig {
  std::uint32_t count = 0;                 // consumer nodes, named k0, k1, ... (after the producers)
  std::uint32_t late = 0;                  // the last `late` of them wait for a "join" request
  NodeId coordinator = 0;                  // the broker that coordinates the group and keeps its offsets
  Assignor assignor = Assignor::range;
  CommitOrder commit = CommitOrder::after_process;
  bool dedup = false;                      // the sink keeps a dedup table by (partition, offset)
  bool parallel = false;                   // a batch's records are processed concurrently
  Guarantee guarantee = Guarantee::at_least_once;
  std::uint32_t max_poll_records = 5;      // records one fetch returns at most (max.poll.records)
  DurationUs processing_time_us = 20 * kMillisecond;    // per record, before its write to the sink
  DurationUs poll_interval_us = 20 * kMillisecond;      // wait after an empty fetch
  DurationUs heartbeat_interval_us = 50 * kMillisecond;  // consumer -> coordinator (heartbeat.interval.ms)
  DurationUs session_timeout_us = 500 * kMillisecond;    // a consumer silent this long leaves the group (session.timeout.ms)
  DurationUs request_timeout_us = 200 * kMillisecond;    // then a consumer resends a request
};

struct LogWorkload {
  std::uint32_t producers = 1;           // producer nodes, named c0, c1, ...
  double rate_per_second = 20.0;         // messages per second, summed over all producers
  TimeUs stop_us = kTimeNever;           // no new message at or after this time
  Acks acks = Acks::all;
  bool idempotent = false;               // producer id + sequence, deduplicated by the broker (KIP-98)
  std::uint32_t max_in_flight = 1;       // unacknowledged requests per partition at once
  DurationUs request_timeout_us = 300 * kMillisecond;  // then the producer retries
  DurationUs retry_backoff_us = 50 * kMillisecond;     // wait before a retry
  ConsumerGroupConfig group;                           // "consumers"
};

// Reads "params": {"partitions", "replication_factor", "min_insync_replicas",
// "unclean_leader_election", "fetch_interval", "replica_lag_time_max", "heartbeat_interval",
// "session_timeout"}. The plugin checks replication_factor against the number of brokers.
LogParams parse_log_params(const JsonReader& params);
// Reads "workload": {"producers", "rate", "stop", "acks", "idempotent", "max_in_flight",
// "request_timeout", "retry_backoff"}.
LogWorkload parse_log_workload(const JsonReader& workload);
// Reads "workload.consumers": {"count", "late", "coordinator", "assignor", "commit", "dedup",
// "parallel", "guarantee", "max_poll_records", "processing_time", "poll_interval",
// "heartbeat_interval", "session_timeout", "request_timeout"}; absent: count 0.
ConsumerGroupConfig parse_consumer_group(const JsonReader& workload);

}  // namespace dsim::log
