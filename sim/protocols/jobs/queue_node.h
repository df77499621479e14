// The job queue: one node with durable state, in SQS's model (Amazon SQS Developer Guide,
// "Amazon SQS visibility timeout"). A worker's lease makes a job invisible for `visibility`; a
// heartbeat extends it; an ack deletes the job; a job neither acked nor extended in time becomes
// visible again and is delivered once more, so delivery is at least once. A nack (or a timeout)
// makes the job wait out a backoff (backoff.h) before it is offered again; past `max_attempts`
// deliveries it goes to the dead-letter queue. Its own producer submits job k at k * submit_every.
// With cron schedulers it also enqueues their ticks as jobs: naively (every Fire enqueues) or
// fenced by epoch and deduplicated by tick (params.h, CronFailover).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/jobs/messages.h"
#include "sim/protocols/jobs/params.h"
#include "sim/protocols/jobs/timers.h"

namespace dsim::jobs {

class JobQueue final : public ProtocolNode<JobQueue> {
 public:
  static constexpr std::string_view kNodeType = "job queue";

  explicit JobQueue(JobsParams params);

  void start(Context& ctx);
  void restart(Context& ctx);
  bool is_current(const SubmitNext& next) const { return next.job == submitted_ + 1; }
  bool is_current(const VisibilityExpiry& expiry) const;
  void publish_view(Context& ctx);

  enum class State : std::uint8_t { pending, in_flight, done, dead };
  struct Job {
    std::string key;
    bool poison = false;
    State state = State::pending;
    std::uint32_t attempts = 0;     // deliveries so far
    TimeUs visible_at_us = 0;       // pending: not offered before this (a retry's backoff)
    std::uint64_t lease = 0;        // in flight: the current delivery's receipt handle
    NodeId worker = kNoNode;        // in flight: who holds it
    TimeUs deadline_us = 0;         // in flight: when it becomes visible again
    std::uint64_t extensions = 0;   // in flight: heartbeats so far; stales older expiry timers
  };
  // For white-box tests.
  const std::map<std::uint64_t, Job>& jobs() const { return jobs_; }

 private:
  void on_lease_request(Context& ctx, NodeId from, const LeaseRequest& request);
  void on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat);
  void on_ack(Context& ctx, NodeId from, const Ack& ack);
  void on_nack(Context& ctx, NodeId from, const Nack& nack);
  void on_fire(Context& ctx, NodeId from, const Fire& fire);
  void on_claim(Context& ctx, NodeId from, const Claim& claim);
  void on_submit_next(Context& ctx, const SubmitNext& next);
  void on_visibility_expiry(Context& ctx, const VisibilityExpiry& expiry);

  // The in-flight job whose lease is `lease`, or nullptr.
  Job* leased(std::uint64_t job, std::uint64_t lease);
  std::uint64_t add_job(Context& ctx, std::string key, bool poison);
  // A delivery failed (`why`): dead-letter the job, or offer it again after `wait`.
  void fail_attempt(Context& ctx, std::uint64_t id, Job& job, DurationUs wait, std::string_view why);
  void store(Context& ctx, std::uint64_t id, const Job& job);
  void load(Context& ctx);
  void count_attempt(Context& ctx);
  void gauges(Context& ctx);

  JobsParams params_;
  std::map<std::uint64_t, Job> jobs_;              // by id
  std::map<std::uint64_t, std::uint64_t> leases_;  // lease -> job, for the expiry timers
  std::uint64_t next_job_ = 1;     // the next job id (durable)
  std::uint64_t next_lease_ = 1;   // the next receipt handle (durable)
  std::uint64_t submitted_ = 0;    // producer jobs submitted so far (durable)
  std::uint64_t last_tick_ = 0;    // cron: highest tick enqueued (durable)
  std::uint64_t epoch_ = 0;        // cron: newest scheduler epoch accepted (durable)
  NodeId epoch_holder_ = kNoNode;  // cron: the scheduler that claimed it (durable)
  TimeUs second_start_us_ = 0;     // attempts-per-second window
  std::int64_t attempts_this_second_ = 0;

 public:
  using Messages = MessageHandlers<&JobQueue::on_lease_request, &JobQueue::on_heartbeat, &JobQueue::on_ack,
                                   &JobQueue::on_nack, &JobQueue::on_fire, &JobQueue::on_claim>;
  using Timers = TimerHandlers<&JobQueue::on_submit_next, &JobQueue::on_visibility_expiry>;
};

}  // namespace dsim::jobs
