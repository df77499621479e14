// The worker's reactions. Sections: start; polling; working (and crashing on poison); the side
// effect and the ack.
#include "sim/protocols/jobs/workload.h"

#include <string>
#include <utility>

#include "sim/protocols/jobs/view.h"

namespace dsim::jobs {

// ---------------------------------------------------------------- start

void Worker::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, view::kRoleWorker);
  // Request ids carry the incarnation, so an answer to a request sent before a crash is never
  // taken for the answer to a new one.
  incarnation_ = static_cast<std::uint64_t>(ctx.storage().get_int(view::kDurableIncarnation).value_or(0)) + 1;
  ctx.persist_int(view::kDurableIncarnation, static_cast<std::int64_t>(incarnation_));
  plan_poll(ctx, static_cast<DurationUs>(index_) * 10 * kMillisecond);
}

void Worker::publish_view(Context& ctx) {
  static constexpr std::string_view kWords[] = {view::worker_state::kIdle, view::worker_state::kPolling,
                                                view::worker_state::kWorking, view::worker_state::kExecuting,
                                                view::worker_state::kCrashed};
  ctx.publish(view::kWorkerState, kWords[static_cast<int>(phase_)]);
  ctx.publish(view::kWorkerJob, job_ == 0 ? -1 : static_cast<std::int64_t>(job_));
}

std::uint64_t Worker::new_request_id() { return (incarnation_ << 32) | ++requests_; }

// ---------------------------------------------------------------- polling

void Worker::plan_poll(Context& ctx, DurationUs delay) {
  phase_ = Phase::idle;
  job_ = 0;
  ctx.set_timer(delay, PollNext{++polls_});
}

void Worker::on_poll_next(Context& ctx, const PollNext&) {
  phase_ = Phase::polling;
  pending_request_ = new_request_id();
  LeaseRequest request;
  request.request_id = pending_request_;
  ctx.send(kQueue, std::move(request));
  ctx.set_timer(workload_.request_timeout_us, RequestTimeout{pending_request_});
}

void Worker::on_no_job(Context& ctx, NodeId, const NoJob& none) {
  if (none.request_id != pending_request_) return;
  pending_request_ = 0;
  plan_poll(ctx, workload_.poll_every_us);
}

// ---------------------------------------------------------------- working

void Worker::on_job_leased(Context& ctx, NodeId, const JobLeased& leased) {
  if (leased.request_id != pending_request_) return;  // an answer to a poll given up on
  pending_request_ = 0;
  job_ = leased.job;
  key_ = leased.key;
  attempt_ = leased.attempt;
  lease_ = leased.lease;
  if (leased.poison) {
    // The payload brings the process down before it acks: the job stays leased until its
    // visibility timeout, then the next worker takes it, and crashes too.
    phase_ = Phase::crashed;
    ctx.mark(view::kMarkWorkerCrashed);
    ctx.count(view::kMetricWorkerCrashes);
    HistoryEvent event;
    event.time = ctx.now();
    event.kind = HistoryEvent::Kind::fail;
    event.op = std::string(view::kHistoryCrash);
    event.key = std::to_string(job_);
    event.value = std::to_string(attempt_);
    ctx.record(std::move(event));
    ctx.annotate("job " + std::to_string(job_) + " (attempt " + std::to_string(attempt_) +
                 ") crashed my process; back in " + format_time_seconds(workload_.crash_restart_us));
    ctx.set_timer(workload_.crash_restart_us, BackUp{++crashes_});
    return;
  }
  phase_ = Phase::working;
  bool slow = workload_.slow_worker == static_cast<std::int64_t>(index_);
  ctx.set_timer(slow ? workload_.slow_work_time_us : workload_.work_time_us, WorkDone{lease_});
  if (workload_.heartbeat_us > 0) ctx.set_timer(workload_.heartbeat_us, HeartbeatDue{lease_});
}

void Worker::on_heartbeat_due(Context& ctx, const HeartbeatDue&) {
  Heartbeat heartbeat;
  heartbeat.job = job_;
  heartbeat.lease = lease_;
  ctx.send(kQueue, std::move(heartbeat));
  ctx.set_timer(workload_.heartbeat_us, HeartbeatDue{lease_});
}

void Worker::on_back_up(Context& ctx, const BackUp&) {
  ctx.annotate("back up after the crash");
  plan_poll(ctx, 0);
}

// ---------------------------------------------------------------- the side effect and the ack

void Worker::on_work_done(Context& ctx, const WorkDone&) {
  phase_ = Phase::executing;
  pending_request_ = new_request_id();
  Execute execute;
  execute.request_id = pending_request_;
  execute.job = job_;
  execute.key = key_;
  execute.attempt = attempt_;
  ctx.send(kSink, std::move(execute));
  ctx.set_timer(workload_.request_timeout_us, RequestTimeout{pending_request_});
}

void Worker::on_executed(Context& ctx, NodeId, const Executed& executed) {
  if (executed.request_id != pending_request_) return;
  pending_request_ = 0;
  Ack ack;
  ack.job = job_;
  ack.lease = lease_;
  ctx.send(kQueue, std::move(ack));
  plan_poll(ctx, 0);
}

void Worker::on_request_timeout(Context& ctx, const RequestTimeout&) {
  pending_request_ = 0;
  if (phase_ == Phase::executing) {
    // The sink did not answer: the side effect may or may not have happened. Give the job back for
    // a retry (at least once: if it did happen, the retry runs it again).
    ctx.annotate("no answer from the sink for job " + std::to_string(job_) + ": nack, so the queue retries it");
    Nack nack;
    nack.job = job_;
    nack.lease = lease_;
    ctx.send(kQueue, std::move(nack));
  }
  plan_poll(ctx, workload_.poll_every_us);
}

}  // namespace dsim::jobs
