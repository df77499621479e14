// The job queue's reactions. Sections: start, restart and durable state; the producer; leases,
// heartbeats, acks and nacks; visibility timeouts and the dead-letter queue; cron ticks; the view.
#include "sim/protocols/jobs/queue_node.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/assert.h"
#include "sim/protocols/jobs/backoff.h"
#include "sim/protocols/jobs/view.h"

namespace dsim::jobs {
namespace {

HistoryEvent history(TimeUs now, std::string_view op, std::uint64_t key, std::string value) {
  HistoryEvent event;
  event.time = now;
  event.kind = HistoryEvent::Kind::ok;
  event.op = std::string(op);
  event.key = std::to_string(key);
  event.value = std::move(value);
  return event;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t space = text.find(' ', start);
    if (space == std::string::npos) space = text.size();
    words.push_back(text.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

std::int64_t number(const std::string& text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

// ---------------------------------------------------------------- start, restart, durable state

JobQueue::JobQueue(JobsParams params) : params_(std::move(params)) {
  DSIM_ASSERT(params_.visibility_us > 0, "a lease lasts a positive time");
}

void JobQueue::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == kQueue, "the queue is node 0");
  ctx.publish(dsim::view::kRole, view::kRoleQueue);
  load(ctx);
  if (submitted_ < params_.jobs) {
    TimeUs due = static_cast<TimeUs>(submitted_ + 1) * params_.submit_every;
    ctx.set_timer(std::max<DurationUs>(0, due - ctx.now()), SubmitNext{submitted_ + 1});
  }
  gauges(ctx);
}

void JobQueue::restart(Context& ctx) {
  // The jobs are durable; a lease granted before the crash runs to its stored deadline and, if not
  // acked by then, the job is offered again.
  start(ctx);
  for (auto& [id, job] : jobs_) {
    if (job.state != State::in_flight) continue;
    leases_[job.lease] = id;
    ctx.set_timer(std::max<DurationUs>(0, job.deadline_us - ctx.now()), VisibilityExpiry{job.lease, job.extensions});
  }
}

// One line per job: "state attempts visible_at lease worker deadline poison key".
void JobQueue::store(Context& ctx, std::uint64_t id, const Job& job) {
  std::string text = std::to_string(static_cast<int>(job.state)) + " " + std::to_string(job.attempts) + " " +
                     std::to_string(job.visible_at_us) + " " + std::to_string(job.lease) + " " +
                     std::to_string(job.worker == kNoNode ? -1 : static_cast<std::int64_t>(job.worker)) + " " +
                     std::to_string(job.deadline_us) + " " + (job.poison ? "1" : "0") + " " + job.key;
  ctx.persist(std::string(view::kDurableJobPrefix) + std::to_string(id), std::move(text));
}

void JobQueue::load(Context& ctx) {
  const DurableStorage& storage = ctx.storage();
  next_job_ = static_cast<std::uint64_t>(storage.get_int(view::kDurableNextJob).value_or(1));
  next_lease_ = static_cast<std::uint64_t>(storage.get_int(view::kDurableNextLease).value_or(1));
  submitted_ = static_cast<std::uint64_t>(storage.get_int(view::kDurableSubmitted).value_or(0));
  last_tick_ = static_cast<std::uint64_t>(storage.get_int(view::kDurableLastTick).value_or(0));
  epoch_ = static_cast<std::uint64_t>(storage.get_int(view::kDurableEpoch).value_or(0));
  epoch_holder_ = static_cast<NodeId>(storage.get_int(view::kDurableEpochHolder).value_or(0));
  for (const auto& [key, value] : storage.entries()) {
    if (key.rfind(view::kDurableJobPrefix, 0) != 0) continue;
    std::vector<std::string> words = split(value);
    if (words.size() < 8) continue;
    Job job;
    job.state = static_cast<State>(number(words[0]));
    job.attempts = static_cast<std::uint32_t>(number(words[1]));
    job.visible_at_us = number(words[2]);
    job.lease = static_cast<std::uint64_t>(number(words[3]));
    std::int64_t worker = number(words[4]);
    job.worker = worker < 0 ? kNoNode : static_cast<NodeId>(worker);
    job.deadline_us = number(words[5]);
    job.poison = words[6] == "1";
    job.key = words[7];
    jobs_[static_cast<std::uint64_t>(number(key.substr(view::kDurableJobPrefix.size())))] = std::move(job);
  }
}

std::uint64_t JobQueue::add_job(Context& ctx, std::string key, bool poison) {
  std::uint64_t id = next_job_++;
  ctx.persist_int(view::kDurableNextJob, static_cast<std::int64_t>(next_job_));
  Job job;
  job.key = std::move(key);
  job.poison = poison;
  job.visible_at_us = ctx.now();
  store(ctx, id, job);
  ctx.record(history(ctx.now(), view::kHistorySubmit, id, job.key));
  jobs_[id] = std::move(job);
  gauges(ctx);
  return id;
}

// ---------------------------------------------------------------- the producer

void JobQueue::on_submit_next(Context& ctx, const SubmitNext& next) {
  submitted_ = next.job;
  ctx.persist_int(view::kDurableSubmitted, static_cast<std::int64_t>(submitted_));
  bool poison = std::find(params_.poison.begin(), params_.poison.end(), next.job) != params_.poison.end();
  add_job(ctx, "job-" + std::to_string(next.job), poison);
  if (submitted_ < params_.jobs) ctx.set_timer(params_.submit_every, SubmitNext{submitted_ + 1});
}

// ---------------------------------------------------------------- leases, heartbeats, acks, nacks

void JobQueue::on_lease_request(Context& ctx, NodeId from, const LeaseRequest& request) {
  // The oldest job that is visible now (a standard SQS queue promises no order; oldest first makes
  // runs easy to follow).
  auto found = std::find_if(jobs_.begin(), jobs_.end(), [&](const auto& entry) {
    return entry.second.state == State::pending && entry.second.visible_at_us <= ctx.now();
  });
  if (found == jobs_.end()) {
    NoJob none;
    none.request_id = request.request_id;
    ctx.send(from, std::move(none));
    return;
  }
  auto& [id, job] = *found;
  job.state = State::in_flight;
  ++job.attempts;
  job.lease = next_lease_++;
  ctx.persist_int(view::kDurableNextLease, static_cast<std::int64_t>(next_lease_));
  job.worker = from;
  job.deadline_us = ctx.now() + params_.visibility_us;
  job.extensions = 0;
  store(ctx, id, job);
  leases_[job.lease] = id;
  ctx.set_timer(params_.visibility_us, VisibilityExpiry{job.lease, 0});
  count_attempt(ctx);
  ctx.record(history(ctx.now(), view::kHistoryLease, id, std::to_string(from) + " " + std::to_string(job.attempts)));
  JobLeased leased;
  leased.request_id = request.request_id;
  leased.job = id;
  leased.key = job.key;
  leased.attempt = job.attempts;
  leased.lease = job.lease;
  leased.visibility_us = params_.visibility_us;
  leased.poison = job.poison;
  ctx.send(from, std::move(leased));
  gauges(ctx);
}

JobQueue::Job* JobQueue::leased(std::uint64_t id, std::uint64_t lease) {
  auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second.state != State::in_flight || found->second.lease != lease) return nullptr;
  return &found->second;
}

void JobQueue::on_heartbeat(Context& ctx, NodeId, const Heartbeat& heartbeat) {
  Job* job = leased(heartbeat.job, heartbeat.lease);
  if (job == nullptr) return;  // too late: the lease has run out and the job may be someone else's
  job->deadline_us = ctx.now() + params_.visibility_us;
  ++job->extensions;
  store(ctx, heartbeat.job, *job);
  ctx.set_timer(params_.visibility_us, VisibilityExpiry{job->lease, job->extensions});
  ctx.mark(view::kMarkLeaseExtended);
}

void JobQueue::on_ack(Context& ctx, NodeId from, const Ack& ack) {
  Job* job = leased(ack.job, ack.lease);
  if (job == nullptr) {
    // A stale receipt handle: the lease ran out and the job was offered again. The work was done
    // anyway; this is how one job runs twice.
    ctx.annotate(ctx.node_name(from) + " acked job " + std::to_string(ack.job) + " under lease " +
                 std::to_string(ack.lease) + ", which is no longer current: ignored");
    return;
  }
  leases_.erase(job->lease);
  job->state = State::done;
  job->worker = kNoNode;
  store(ctx, ack.job, *job);
  ctx.count(view::kMetricCompleted);
  gauges(ctx);
}

void JobQueue::on_nack(Context& ctx, NodeId, const Nack& nack) {
  Job* job = leased(nack.job, nack.lease);
  if (job == nullptr) return;
  ctx.count(view::kMetricRetries);
  DurationUs wait = retry_wait(params_, job->attempts, ctx.rng());
  ctx.observe(view::kMetricRetryWait, wait);
  if (wait > 0) ctx.mark(view::kMarkRetryBackoff);
  fail_attempt(ctx, nack.job, *job, wait, "its worker reported a failure");
}

// ---------------------------------------------------------------- visibility and the dead-letter queue

bool JobQueue::is_current(const VisibilityExpiry& expiry) const {
  auto lease = leases_.find(expiry.lease);
  if (lease == leases_.end()) return false;
  const Job& job = jobs_.at(lease->second);
  return job.state == State::in_flight && job.lease == expiry.lease && job.extensions == expiry.extensions;
}

void JobQueue::on_visibility_expiry(Context& ctx, const VisibilityExpiry& expiry) {
  std::uint64_t id = leases_.at(expiry.lease);
  Job& job = jobs_.at(id);
  ctx.mark(view::kMarkVisibilityExpired);
  ctx.count(view::kMetricTimeouts);
  fail_attempt(ctx, id, job, 0,
               ctx.node_name(job.worker) + " did not ack it within the visibility timeout of " +
                   format_time_seconds(params_.visibility_us));
}

void JobQueue::fail_attempt(Context& ctx, std::uint64_t id, Job& job, DurationUs wait, std::string_view why) {
  leases_.erase(job.lease);
  job.worker = kNoNode;
  if (params_.max_attempts > 0 && job.attempts >= params_.max_attempts) {
    job.state = State::dead;
    ctx.mark(view::kMarkDeadLettered);
    ctx.count(view::kMetricDeadLettered);
    ctx.annotate("job " + std::to_string(id) + " failed its attempt " + std::to_string(job.attempts) + " (" +
                 std::string(why) + "): moved to the dead-letter queue after " + std::to_string(job.attempts) +
                 " attempts");
    if (params_.mutant_lose_dead_letters) {
      jobs_.erase(id);
      ctx.erase_durable(std::string(view::kDurableJobPrefix) + std::to_string(id));
      gauges(ctx);
      return;
    }
    store(ctx, id, job);
    ctx.record(history(ctx.now(), view::kHistoryDead, id, std::to_string(job.attempts)));
    gauges(ctx);
    return;
  }
  job.state = State::pending;
  job.visible_at_us = ctx.now() + wait;
  store(ctx, id, job);
  ctx.annotate("job " + std::to_string(id) + " attempt " + std::to_string(job.attempts) + " failed (" +
               std::string(why) + "): visible again " +
               (wait > 0 ? "at " + format_time_seconds(job.visible_at_us) : std::string("now")));
  gauges(ctx);
}

// ---------------------------------------------------------------- cron ticks

void JobQueue::on_fire(Context& ctx, NodeId from, const Fire& fire) {
  bool replicated = params_.cron_failover == CronFailover::replicated && !params_.mutant_cron_unfenced;
  if (replicated && fire.epoch < epoch_) {
    ctx.mark(view::kMarkCronFenced);
    ctx.annotate("refused tick " + std::to_string(fire.tick) + " from " + ctx.node_name(from) + ": its epoch " +
                 std::to_string(fire.epoch) + " is older than epoch " + std::to_string(epoch_));
    Fenced fenced;
    fenced.epoch = epoch_;
    ctx.send(from, std::move(fenced));
    return;
  }
  if (replicated && fire.epoch > epoch_) {
    epoch_ = fire.epoch;
    ctx.persist_int(view::kDurableEpoch, static_cast<std::int64_t>(epoch_));
  }
  bool repeat = fire.tick <= last_tick_;
  // Replicated: ticks are enqueued in order and each once, keyed by number; a tick beyond the next
  // is left for the scheduler to resend after the ones before it.
  bool enqueue = !replicated || (!repeat && fire.tick == last_tick_ + 1);
  if (enqueue) {
    if (repeat) {
      ctx.mark(view::kMarkCronDuplicateFire);
      ctx.annotate("tick " + std::to_string(fire.tick) + " fired again, by " + ctx.node_name(from) +
                   ": enqueued a second time");
    }
    last_tick_ = std::max(last_tick_, fire.tick);
    ctx.persist_int(view::kDurableLastTick, static_cast<std::int64_t>(last_tick_));
    ctx.record(history(ctx.now(), view::kHistoryCron, fire.tick, std::to_string(from)));
    ctx.count(view::kMetricCronFires);
    add_job(ctx, "tick-" + std::to_string(fire.tick), false);
  }
  FireAck ack;
  ack.last_tick = last_tick_;
  ctx.send(from, std::move(ack));
}

void JobQueue::on_claim(Context& ctx, NodeId from, const Claim& claim) {
  // A claim resent by the scheduler that holds the epoch is granted again (its answer was lost).
  if (claim.epoch < epoch_ || (claim.epoch == epoch_ && from != epoch_holder_)) {
    Fenced fenced;
    fenced.epoch = epoch_;
    ctx.send(from, std::move(fenced));
    return;
  }
  epoch_ = claim.epoch;
  epoch_holder_ = from;
  ctx.persist_int(view::kDurableEpoch, static_cast<std::int64_t>(epoch_));
  ctx.persist_int(view::kDurableEpochHolder, static_cast<std::int64_t>(epoch_holder_));
  ClaimGranted granted;
  granted.epoch = epoch_;
  granted.last_tick = last_tick_;
  ctx.send(from, std::move(granted));
}

// ---------------------------------------------------------------- the view and metrics

void JobQueue::count_attempt(Context& ctx) {
  ctx.count(view::kMetricAttempts);
  // One point per second that saw attempts, plotted when the next attempt comes (a second with
  // none leaves no point).
  if (ctx.now() >= second_start_us_ + kSecond) {
    ctx.gauge(view::kMetricAttemptsPerSecond, attempts_this_second_);
    attempts_this_second_ = 0;
    second_start_us_ = ctx.now() - ctx.now() % kSecond;
  }
  ++attempts_this_second_;
}

void JobQueue::gauges(Context& ctx) {
  std::int64_t pending = 0;
  std::int64_t in_flight = 0;
  std::int64_t dead = 0;
  for (const auto& [id, job] : jobs_) {
    pending += job.state == State::pending;
    in_flight += job.state == State::in_flight;
    dead += job.state == State::dead;
  }
  ctx.gauge(view::kMetricQueueDepth, pending);
  ctx.gauge(view::kMetricInFlight, in_flight);
  ctx.gauge(view::kMetricDlqSize, dead);
}

void JobQueue::publish_view(Context& ctx) {
  std::string pending = "[";
  std::string in_flight = "[";
  std::string dead = "[";
  std::int64_t pending_count = 0;
  std::int64_t in_flight_count = 0;
  std::int64_t dead_count = 0;
  std::int64_t done = 0;
  auto append = [](std::string& list, const std::string& item) {
    if (list.size() > 1) list += ",";
    list += item;
  };
  for (const auto& [id, job] : jobs_) {
    std::string head = "[" + std::to_string(id) + "," + std::to_string(job.attempts);
    switch (job.state) {
      case State::pending:
        ++pending_count;
        append(pending, head + "," + std::to_string(job.visible_at_us) + "]");
        break;
      case State::in_flight:
        ++in_flight_count;
        append(in_flight, head + "," + std::to_string(job.worker) + "," + std::to_string(job.deadline_us) + "]");
        break;
      case State::dead:
        ++dead_count;
        append(dead, head + "]");
        break;
      case State::done:
        ++done;
        break;
    }
  }
  ctx.publish(view::kQueueJobs, "{\"pending\":" + pending + "],\"in_flight\":" + in_flight + "],\"dead\":" + dead +
                                    "],\"done\":" + std::to_string(done) +
                                    ",\"total\":" + std::to_string(next_job_ - 1) + "}");
  ctx.publish(view::kPending, pending_count);
  ctx.publish(view::kInFlight, in_flight_count);
  ctx.publish(view::kDeadLetters, dead_count);
  ctx.publish(view::kDone, done);
  if (params_.cron_schedulers > 0) {
    ctx.publish(view::kLastTick, static_cast<std::int64_t>(last_tick_));
    ctx.publish(view::kCronEpoch, static_cast<std::int64_t>(epoch_));
  }
}

}  // namespace dsim::jobs
