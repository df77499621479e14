// The cron scheduler's reactions. Sections: start and restart; the periodic check (fire, heartbeat,
// watch); the queue's answers.
#include "sim/protocols/jobs/cron_node.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/protocols/jobs/view.h"

namespace dsim::jobs {

// ---------------------------------------------------------------- start and restart

void CronScheduler::start(Context& ctx) { begin(ctx, index_ == 0); }

void CronScheduler::restart(Context& ctx) {
  // Naive: the primary is whoever the configuration says, so n2 comes back firing, from the next
  // tick on (its memory of what it fired died with it). Replicated: a restarted scheduler comes
  // back as standby; the active one's heartbeats tell it who leads.
  begin(ctx, index_ == 0 && !replicated());
}

void CronScheduler::begin(Context& ctx, bool as_primary) {
  last_heard_us_ = ctx.now();
  fired_ = due_tick(ctx);
  active_ = false;
  if (as_primary) {
    if (replicated()) {
      claim(ctx);
    } else {
      active_ = true;
    }
  }
  ctx.set_timer(0, CronCheck{++rounds_});
}

void CronScheduler::publish_view(Context& ctx) {
  ctx.publish(dsim::view::kRole, active_ ? view::kRoleCronActive : view::kRoleCronStandby);
  ctx.publish(view::kSchedulerEpoch, static_cast<std::int64_t>(epoch_));
}

std::uint64_t CronScheduler::due_tick(Context& ctx) const {
  return static_cast<std::uint64_t>(std::max<TimeUs>(0, ctx.now()) / params_.cron_period_us);
}

void CronScheduler::claim(Context& ctx) {
  claiming_ = true;
  Claim message;
  message.epoch = epoch_ + 1;
  ctx.send(kQueue, std::move(message));
}

// ---------------------------------------------------------------- the periodic check

void CronScheduler::on_cron_check(Context& ctx, const CronCheck&) {
  if (active_) {
    SchedulerHeartbeat heartbeat;
    heartbeat.epoch = epoch_;
    ctx.send(peer(), std::move(heartbeat));
    fire_due(ctx);
  } else if (claiming_) {
    claim(ctx);  // the last claim or its answer may have been lost
  } else if (ctx.now() - last_heard_us_ >= params_.cron_failover_timeout_us) {
    ctx.mark(view::kMarkCronTakeover);
    if (replicated()) {
      ctx.annotate("no heartbeat from " + ctx.node_name(peer()) + " for " +
                   format_time_seconds(ctx.now() - last_heard_us_) + ": claiming epoch " +
                   std::to_string(epoch_ + 1) + " at the queue");
      claim(ctx);
    } else {
      // Naive: what the old primary fired is unknown here; start with the next tick.
      active_ = true;
      fired_ = due_tick(ctx);
      ctx.annotate("no heartbeat from " + ctx.node_name(peer()) + " for " +
                   format_time_seconds(ctx.now() - last_heard_us_) + ": taking over, first tick " +
                   std::to_string(fired_ + 1));
    }
  }
  ctx.set_timer(params_.cron_heartbeat_us, CronCheck{++rounds_});
}

void CronScheduler::fire_due(Context& ctx) {
  std::uint64_t due = due_tick(ctx);
  // Naive: fire-and-forget, each tick once from this scheduler's memory. Replicated: resend every
  // tick the queue has not acknowledged yet; the queue enqueues each once.
  for (std::uint64_t tick = fired_ + 1; tick <= due; ++tick) {
    Fire fire;
    fire.tick = tick;
    fire.epoch = replicated() ? epoch_ : 0;
    ctx.send(kQueue, std::move(fire));
  }
  if (!replicated()) fired_ = std::max(fired_, due);
}

// ---------------------------------------------------------------- the queue's answers

void CronScheduler::on_fire_ack(Context&, NodeId, const FireAck& ack) {
  if (replicated() && active_) fired_ = std::max(fired_, ack.last_tick);
}

void CronScheduler::on_claim_granted(Context& ctx, NodeId, const ClaimGranted& granted) {
  if (!claiming_) return;
  claiming_ = false;
  active_ = true;
  epoch_ = granted.epoch;
  fired_ = granted.last_tick;
  ctx.annotate("active as epoch " + std::to_string(epoch_) + "; the queue has every tick up to " +
               std::to_string(fired_) + ", so I fire from tick " + std::to_string(fired_ + 1));
  fire_due(ctx);
}

void CronScheduler::on_fenced(Context& ctx, NodeId, const Fenced& fenced) { step_down(ctx, fenced.epoch); }

void CronScheduler::step_down(Context& ctx, std::uint64_t epoch) {
  epoch_ = std::max(epoch_, epoch);
  claiming_ = false;
  if (active_) ctx.annotate("epoch " + std::to_string(epoch_) + " is active elsewhere: standing by");
  active_ = false;
  last_heard_us_ = ctx.now();
}

void CronScheduler::on_scheduler_heartbeat(Context& ctx, NodeId, const SchedulerHeartbeat& heartbeat) {
  if (!replicated()) {
    // Naive: a standby waits for silence; an active scheduler does not compare notes.
    if (!active_) last_heard_us_ = ctx.now();
    return;
  }
  if (heartbeat.epoch < epoch_ && active_) return;  // an old leader's echo
  if (active_ && heartbeat.epoch > epoch_) step_down(ctx, heartbeat.epoch);
  if (!active_) {
    last_heard_us_ = ctx.now();
    epoch_ = std::max(epoch_, heartbeat.epoch);
  }
}

}  // namespace dsim::jobs
