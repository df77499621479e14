// The jobs protocol's published state, history, durable keys, marks and metrics: the contract with
// the visualizer and the checkers, which read these keys and never the node classes (STYLE.md §15,
// §16). Node 0 is the queue, node 1 the side-effect sink, then (with cron) the two cron schedulers,
// then the workers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::jobs::view {

// Roles (the shared `role` key).
inline constexpr std::string_view kRoleQueue = "queue";
inline constexpr std::string_view kRoleSink = "sink";
inline constexpr std::string_view kRoleWorker = "worker";
inline constexpr std::string_view kRoleCronActive = "cron-active";
inline constexpr std::string_view kRoleCronStandby = "cron-standby";

// Queue. kQueueJobs is a JSON object the queue panel draws:
//   {"pending": [[job, attempts, visible_at_us], ...],
//    "in_flight": [[job, attempts, worker, deadline_us], ...],
//    "dead": [[job, attempts], ...], "done": N, "total": jobs created so far (ids 1..total)}
inline constexpr ViewKey<JsonText> kQueueJobs{"queue_jobs"};
inline constexpr ViewKey<std::int64_t> kPending{"pending"};
inline constexpr ViewKey<std::int64_t> kInFlight{"in_flight"};
inline constexpr ViewKey<std::int64_t> kDeadLetters{"dead_letters"};
inline constexpr ViewKey<std::int64_t> kDone{"done"};
inline constexpr ViewKey<std::int64_t> kLastTick{"last_tick"};     // cron: highest tick enqueued
inline constexpr ViewKey<std::int64_t> kCronEpoch{"cron_epoch"};   // cron: the newest epoch accepted
// Sink.
inline constexpr ViewKey<std::int64_t> kApplied{"applied"};
inline constexpr ViewKey<std::int64_t> kDeduplicated{"deduplicated"};
// Worker.
inline constexpr ViewKey<std::string> kWorkerState{"worker_state"};  // one of the words below
inline constexpr ViewKey<std::int64_t> kWorkerJob{"worker_job"};     // the job it works on, or -1
// Cron scheduler (role says active or standby).
inline constexpr ViewKey<std::int64_t> kSchedulerEpoch{"scheduler_epoch"};

namespace worker_state {
inline constexpr std::string_view kIdle = "idle";          // between jobs, or waiting to poll
inline constexpr std::string_view kPolling = "polling";    // waiting for the queue's answer
inline constexpr std::string_view kWorking = "working";
inline constexpr std::string_view kExecuting = "executing";  // its side effect is on its way to the sink
inline constexpr std::string_view kCrashed = "crashed";      // a poison job crashed its process
}  // namespace worker_state

// History (HistoryEvent.op), all recorded as ok unless said:
//   "submit"  by the queue: key = job id, value = idempotency key
//   "lease"   by the queue: key = job id, value = "<worker> <attempt>" (a delivery)
//   "execute" by the sink:  key = job id, value = "<worker> <attempt>"; ok: applied, fail: deduplicated
//   "crash"   by a worker:  key = job id, value = attempt (fail: the job's payload crashed it)
//   "dead"    by the queue: key = job id, value = attempts (moved to the dead-letter queue)
//   "cron"    by the queue: key = tick, value = the scheduler that fired it (a cron job enqueued)
inline constexpr std::string_view kHistorySubmit = "submit";
inline constexpr std::string_view kHistoryLease = "lease";
inline constexpr std::string_view kHistoryExecute = "execute";
inline constexpr std::string_view kHistoryCrash = "crash";
inline constexpr std::string_view kHistoryDead = "dead";
inline constexpr std::string_view kHistoryCron = "cron";

// Durable storage.
inline constexpr std::string_view kDurableNextJob = "next_job";      // queue: the next job id
inline constexpr std::string_view kDurableSubmitted = "submitted";   // queue: producer jobs so far
inline constexpr std::string_view kDurableNextLease = "next_lease";  // queue: the next receipt handle
inline constexpr std::string_view kDurableJobPrefix = "job/";        // queue: job/<id> = its state
inline constexpr std::string_view kDurableLastTick = "last_tick";    // queue: cron
inline constexpr std::string_view kDurableEpoch = "cron_epoch";      // queue: cron
inline constexpr std::string_view kDurableEpochHolder = "cron_epoch_holder";  // queue: who claimed it
inline constexpr std::string_view kDurableKeyPrefix = "key/";        // sink: applied idempotency keys
inline constexpr std::string_view kDurableIncarnation = "incarnation";  // worker: request ids never repeat

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkVisibilityExpired = "jobs.visibility_expired";  // a lease timed out
inline constexpr std::string_view kMarkLeaseExtended = "jobs.lease_extended";          // a heartbeat extended one
inline constexpr std::string_view kMarkDuplicateApplied = "jobs.duplicate_applied";    // sink ran a key twice
inline constexpr std::string_view kMarkDuplicateRefused = "jobs.duplicate_refused";    // sink's dedup table
inline constexpr std::string_view kMarkWorkerCrashed = "jobs.worker_crashed";          // a poison job
inline constexpr std::string_view kMarkDeadLettered = "jobs.dead_lettered";
inline constexpr std::string_view kMarkRetryBackoff = "jobs.retry_backoff";            // a retry waits
inline constexpr std::string_view kMarkCronTakeover = "jobs.cron_takeover";            // standby takes over
inline constexpr std::string_view kMarkCronFenced = "jobs.cron_fenced";                // an old epoch refused
inline constexpr std::string_view kMarkCronDuplicateFire = "jobs.cron_duplicate_fire";  // tick enqueued twice

// Metrics.
inline constexpr std::string_view kMetricQueueDepth = "jobs.queue_depth";   // gauge: visible and waiting
inline constexpr std::string_view kMetricInFlight = "jobs.in_flight";       // gauge
inline constexpr std::string_view kMetricDlqSize = "jobs.dlq_size";         // gauge
inline constexpr std::string_view kMetricAttempts = "jobs.attempts";        // counter: deliveries
inline constexpr std::string_view kMetricAttemptsPerSecond = "jobs.attempts_per_s";  // gauge, once a second
inline constexpr std::string_view kMetricRetries = "jobs.retries";          // counter: nacks
inline constexpr std::string_view kMetricTimeouts = "jobs.visibility_timeouts";
inline constexpr std::string_view kMetricDeadLettered = "jobs.dead_lettered";
inline constexpr std::string_view kMetricCompleted = "jobs.completed";      // acks
inline constexpr std::string_view kMetricRetryWait = "jobs.retry_wait_us";  // histogram
inline constexpr std::string_view kMetricExecutions = "jobs.executions";    // sink: side effects applied
inline constexpr std::string_view kMetricDuplicatesApplied = "jobs.duplicates_applied";
inline constexpr std::string_view kMetricDuplicatesRefused = "jobs.duplicates_refused";
inline constexpr std::string_view kMetricWorkerCrashes = "jobs.worker_crashes";
inline constexpr std::string_view kMetricCronFires = "jobs.cron_fires";     // queue: ticks enqueued

}  // namespace dsim::jobs::view
