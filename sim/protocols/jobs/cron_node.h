// A cron scheduler: fires tick k (due at k * cron_period) into the queue, which enqueues a job for
// it. Two run, a primary (n2, active at start) and a standby (n3); the active one tells its peer
// it is alive every cron_heartbeat, and a standby that hears nothing for cron_failover_timeout
// takes over. Google SRE book, ch. 24 ("Distributed Periodic Scheduling with Cron"): a failover
// must neither skip a launch nor launch twice, so the new leader needs the old one's state.
//   naive: the standby starts at the first tick after it takes over (the ticks missed while it
//     waited are skipped), and the primary, back from a crash or a pause, goes on firing as
//     primary (ticks fire twice).
//   replicated: the schedulers keep their state in the queue (durable): a takeover claims a new
//     epoch there and learns the last tick enqueued; the active one fires every tick from the last
//     acknowledged up to now, with its epoch; the queue refuses older epochs and enqueues each
//     tick once, in order.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/jobs/messages.h"
#include "sim/protocols/jobs/params.h"
#include "sim/protocols/jobs/timers.h"

namespace dsim::jobs {

class CronScheduler final : public ProtocolNode<CronScheduler> {
 public:
  static constexpr std::string_view kNodeType = "cron scheduler";

  // `index` 0 is the primary (n2), 1 the standby (n3).
  CronScheduler(JobsParams params, std::uint32_t index) : params_(std::move(params)), index_(index) {}

  void start(Context& ctx);
  void restart(Context& ctx);
  bool is_current(const CronCheck& check) const { return check.round == rounds_; }
  void publish_view(Context& ctx);

  bool active() const { return active_; }

 private:
  void on_fire_ack(Context& ctx, NodeId from, const FireAck& ack);
  void on_claim_granted(Context& ctx, NodeId from, const ClaimGranted& granted);
  void on_fenced(Context& ctx, NodeId from, const Fenced& fenced);
  void on_scheduler_heartbeat(Context& ctx, NodeId from, const SchedulerHeartbeat& heartbeat);
  void on_cron_check(Context& ctx, const CronCheck& check);

  void begin(Context& ctx, bool as_primary);
  void claim(Context& ctx);
  void fire_due(Context& ctx);
  void step_down(Context& ctx, std::uint64_t epoch);
  std::uint64_t due_tick(Context& ctx) const;
  NodeId peer() const { return kFirstScheduler + (1 - index_); }
  bool replicated() const { return params_.cron_failover == CronFailover::replicated; }

  JobsParams params_;
  std::uint32_t index_;
  bool active_ = false;
  bool claiming_ = false;         // replicated: a Claim is out
  std::uint64_t epoch_ = 0;       // replicated: this scheduler's epoch while active, else the newest it knows
  std::uint64_t fired_ = 0;       // naive: the last tick this scheduler fired; replicated: last acked
  TimeUs last_heard_us_ = 0;      // standby: when the active peer last said it was alive
  std::uint64_t rounds_ = 0;

 public:
  using Messages = MessageHandlers<&CronScheduler::on_fire_ack, &CronScheduler::on_claim_granted,
                                   &CronScheduler::on_fenced, &CronScheduler::on_scheduler_heartbeat>;
  using Timers = TimerHandlers<&CronScheduler::on_cron_check>;
};

}  // namespace dsim::jobs
