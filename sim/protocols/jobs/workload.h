// A worker: asks the queue for a job, works on it for `work_time` (the slow worker for
// `slow_work_time`), sending a heartbeat every `heartbeat` if set, then sends the job's side
// effect to the sink and acks the job; if the sink does not answer, it nacks the job so the queue
// retries it. A poison job crashes the worker's process (it comes back after `crash_restart`,
// the job unacked). The worker never checks its lease before the side effect: a worker slower than
// the visibility timeout runs a job another worker has been given too, which is the at-least-once
// delivery SQS documents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/jobs/messages.h"
#include "sim/protocols/jobs/params.h"
#include "sim/protocols/jobs/timers.h"

namespace dsim::jobs {

class Worker final : public ProtocolNode<Worker> {
 public:
  static constexpr std::string_view kNodeType = "worker";

  // `index` k is node first_worker + k.
  Worker(JobsWorkload workload, std::uint32_t index) : workload_(workload), index_(index) {}

  void start(Context& ctx);
  void restart(Context& ctx) { start(ctx); }
  bool is_current(const PollNext& next) const { return phase_ == Phase::idle && next.poll == polls_; }
  bool is_current(const WorkDone& done) const { return phase_ == Phase::working && done.lease == lease_; }
  bool is_current(const HeartbeatDue& due) const { return phase_ == Phase::working && due.lease == lease_; }
  bool is_current(const RequestTimeout& timeout) const { return pending_request_ == timeout.request_id; }
  bool is_current(const BackUp& back) const { return phase_ == Phase::crashed && back.crash == crashes_; }
  void publish_view(Context& ctx);

 private:
  enum class Phase : std::uint8_t { idle, polling, working, executing, crashed };

  void on_job_leased(Context& ctx, NodeId from, const JobLeased& leased);
  void on_no_job(Context& ctx, NodeId from, const NoJob& none);
  void on_executed(Context& ctx, NodeId from, const Executed& executed);
  void on_poll_next(Context& ctx, const PollNext& next);
  void on_work_done(Context& ctx, const WorkDone& done);
  void on_heartbeat_due(Context& ctx, const HeartbeatDue& due);
  void on_request_timeout(Context& ctx, const RequestTimeout& timeout);
  void on_back_up(Context& ctx, const BackUp& back);

  void plan_poll(Context& ctx, DurationUs delay);
  std::uint64_t new_request_id();

  JobsWorkload workload_;
  std::uint32_t index_;
  Phase phase_ = Phase::idle;
  std::uint64_t incarnation_ = 0;      // starts of this node (durable): high bits of its request ids
  std::uint64_t requests_ = 0;
  std::uint64_t pending_request_ = 0;  // the request awaiting an answer, 0 for none
  std::uint64_t polls_ = 0;            // stales older PollNext timers
  std::uint64_t crashes_ = 0;          // poison crashes; stales older BackUp timers
  std::uint64_t job_ = 0;              // the job it holds (working or executing), 0 for none
  std::string key_;
  std::uint64_t attempt_ = 0;
  std::uint64_t lease_ = 0;

 public:
  using Messages = MessageHandlers<&Worker::on_job_leased, &Worker::on_no_job, &Worker::on_executed>;
  using Timers = TimerHandlers<&Worker::on_poll_next, &Worker::on_work_done, &Worker::on_heartbeat_due,
                               &Worker::on_request_timeout, &Worker::on_back_up>;
};

}  // namespace dsim::jobs
