// What a jobs scenario can tune: the queue's, the sink's and the cron schedulers' "params" and the
// workers' "workload". The parsers read through JsonReader, so a bad value is reported with its
// file and JSON path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::jobs {

// The node layout: the queue, the side-effect sink, then `cron_schedulers` cron schedulers (0 or
// 2: a primary and a standby), then the workers.
inline constexpr NodeId kQueue = 0;
inline constexpr NodeId kSink = 1;
inline constexpr NodeId kFirstScheduler = 2;

// The delivery guarantee a scenario states; the job_delivery checker judges the run against it.
enum class Guarantee : std::uint8_t {
  at_least_once,     // no job lost; a job may run more than once
  effectively_once,  // no job lost, and no job's side effect applied twice at the sink
};

// How a failed attempt's retry is delayed (AWS Architecture Blog, "Exponential Backoff and
// Jitter", Brooker 2015). With base b, cap c and the failed attempt's number n (1, 2, ...),
// t = min(c, b * 2^(n-1)):  none waits `retry_delay` every time; full waits uniform[0, t];
// equal waits t/2 + uniform[0, t/2].
enum class Backoff : std::uint8_t { none, full, equal };

// How a standby cron scheduler takes over (Google SRE book, ch. 24 "Distributed Periodic
// Scheduling with Cron"). naive: the standby starts at the next tick after it takes over and the
// old primary, back up, goes on firing as primary; replicated: every tick is fired with an epoch
// and the tick's number as its key, the queue (durable) refuses older epochs and fires each tick
// once, and a new active scheduler catches up from the last tick the queue has.
enum class CronFailover : std::uint8_t { naive, replicated };

struct JobsParams {
  Guarantee guarantee = Guarantee::at_least_once;
  // job_delivery does not call a job lost if it was submitted in the run's last `drain`: it may
  // still be on its way.
  DurationUs drain_us = 3 * kSecond;
  // The queue's producer: job k (1, 2, ...) arrives at k * submit_every, until `jobs` have come.
  std::uint32_t jobs = 20;
  DurationUs submit_every = 200 * kMillisecond;
  std::vector<std::uint64_t> poison;  // job ids whose payload crashes the worker that runs it
  // SQS's model: a leased job is invisible for `visibility` from its lease or last heartbeat.
  DurationUs visibility_us = 1 * kSecond;
  // A failed attempt (or a lease that timed out) beyond this many sends the job to the dead-letter
  // queue (SQS's maxReceiveCount); 0: no dead-letter queue, a job is retried for ever.
  std::uint32_t max_attempts = 0;
  Backoff backoff = Backoff::none;
  DurationUs retry_delay_us = 0;                 // Backoff::none: the wait before each retry
  DurationUs backoff_base_us = 100 * kMillisecond;
  DurationUs backoff_cap_us = 5 * kSecond;
  // The sink applies a job's side effect once per idempotency key (the job's key) when true;
  // otherwise every execution it is sent.
  bool idempotency = false;
  // Cron ("cron": true): 2 schedulers (primary n2, standby n3) firing one tick every `cron_period`.
  std::uint32_t cron_schedulers = 0;
  DurationUs cron_period_us = 1 * kSecond;
  CronFailover cron_failover = CronFailover::replicated;
  DurationUs cron_heartbeat_us = 200 * kMillisecond;        // active -> standby
  DurationUs cron_failover_timeout_us = 1 * kSecond;        // standby takes over after this silence

  // Test-only mutants that prove the checkers can fail; no scenario key sets them.
  bool mutant_key_per_attempt = false;  // the sink keys its table by key and attempt: each retry is "new"
  bool mutant_cron_unfenced = false;    // replicated cron, but the queue ignores epochs and enqueues every Fire
  bool mutant_lose_dead_letters = false;    // the queue drops a dead-lettered job without recording it

  NodeId first_worker() const { return kFirstScheduler + cron_schedulers; }
};

struct JobsWorkload {
  DurationUs work_time_us = 100 * kMillisecond;  // a job's work before its side effect is sent
  DurationUs poll_every_us = 50 * kMillisecond;  // wait before asking again when the queue is empty
  // Worker `slow_worker` (0-based; -1: none) takes `slow_work_time` on every job: the slow worker.
  std::int64_t slow_worker = -1;
  DurationUs slow_work_time_us = 3 * kSecond;
  // While working, send a heartbeat that extends the lease every `heartbeat` (0: never).
  DurationUs heartbeat_us = 0;
  DurationUs request_timeout_us = 300 * kMillisecond;  // give up waiting for the queue or the sink
  DurationUs crash_restart_us = 1 * kSecond;           // a worker crashed by a poison job is back after this
};

// Reads "params": {"guarantee", "drain", "jobs", "submit_every", "poison", "visibility", "max_attempts",
// "backoff", "retry_delay", "backoff_base", "backoff_cap", "idempotency", "cron", "cron_period", "cron_failover", "cron_heartbeat", "cron_failover_timeout"}.
JobsParams parse_jobs_params(const JsonReader& params);
// Reads "workload": {"work_time", "poll_every", "slow_worker", "slow_work_time", "heartbeat",
// "request_timeout", "crash_restart"}.
JobsWorkload parse_jobs_workload(const JsonReader& workload);

}  // namespace dsim::jobs
