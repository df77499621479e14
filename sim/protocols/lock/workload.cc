// The lock client's reactions. Sections: start; asking for the lease; working under it; renewing,
// releasing and losing it.
#include "sim/protocols/lock/workload.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/lock/view.h"

namespace dsim::lock {

// ---------------------------------------------------------------- start

LockClient::LockClient(LockWorkload workload, std::uint32_t client_index, LockLayout layout)
    : workload_(workload), client_index_(client_index), layout_(std::move(layout)), service_(layout_.service) {
  DSIM_ASSERT(workload_.work_time_us > 0 && workload_.retry_us >= 2, "work and retry take time");
}

void LockClient::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == layout_.first_client + client_index_, "client k is the k-th node after the resource");
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // Request ids carry the incarnation, so an answer to a request sent before a crash can never be
  // taken for the answer to a new one.
  incarnation_ = static_cast<std::uint64_t>(ctx.storage().get_int(view::kDurableIncarnation).value_or(0)) + 1;
  ctx.persist_int(view::kDurableIncarnation, static_cast<std::int64_t>(incarnation_));
  plan_attempt(ctx, static_cast<DurationUs>(client_index_) * workload_.start_stagger_us);
}

void LockClient::restart(Context& ctx) {
  // The lease, if any, died with the process; the client asks afresh like a new one.
  start(ctx);
}

void LockClient::publish_view(Context& ctx) {
  static constexpr std::string_view kWords[] = {view::client_state::kIdle, view::client_state::kAcquiring,
                                                view::client_state::kWorking, view::client_state::kWriting,
                                                view::client_state::kRenewing};
  ctx.publish(view::kClientState, kWords[static_cast<int>(phase_)]);
  ctx.publish(view::kLeaseToken, token_ == 0 ? -1 : static_cast<std::int64_t>(token_));
  ctx.publish(view::kLeaseDeadlineUs, token_ == 0 ? -1 : deadline_us_);
}

std::uint64_t LockClient::new_request_id() { return (incarnation_ << 32) | ++requests_; }

// ---------------------------------------------------------------- asking for the lease

void LockClient::plan_attempt(Context& ctx, DurationUs delay) {
  phase_ = Phase::idle;
  ctx.set_timer(delay, NextAttempt{++attempts_});
}

void LockClient::on_next_attempt(Context& ctx, const NextAttempt&) {
  if (first_asked_us_ < 0) first_asked_us_ = ctx.now();
  pending_request_ = new_request_id();
  asked_at_us_ = ctx.now();
  phase_ = Phase::acquiring;
  Acquire acquire;
  acquire.request_id = pending_request_;
  ctx.send(service_.next_ask(), std::move(acquire));
  ctx.set_timer(workload_.request_timeout_us, RequestTimeout{pending_request_});
}

void LockClient::on_lease_granted(Context& ctx, NodeId from, const LeaseGranted& granted) {
  service_.answered(from);
  if (granted.request_id != pending_request_) return;  // an answer to a request given up on
  if (phase_ == Phase::renewing && granted.token != token_) return;
  pending_request_ = 0;
  if (phase_ == Phase::acquiring) {
    token_ = granted.token;
    writes_done_ = 0;
    ctx.observe(view::kMetricAcquireWait, ctx.now() - first_asked_us_);
    first_asked_us_ = -1;
  }
  // The service counts the ttl from when it granted; this client counts it from when it asked,
  // which is earlier, so the time the messages spent in flight only makes its lease shorter
  // (Gray & Cheriton §2). Its own clock's drift is what this cannot see.
  deadline_us_ = asked_at_us_ + granted.ttl_us;
  begin_step(ctx);
}

void LockClient::on_lease_denied(Context& ctx, NodeId from, const LeaseDenied& denied) {
  // A replica that does not lead: the next request goes to its hint (a renewal refused this way is
  // still a renewal refused: the client cannot tell whether its lease is still live).
  if (denied.not_leader) {
    service_.redirected(from, denied.leader_hint);
  } else {
    service_.answered(from);
  }
  if (denied.request_id != pending_request_) return;
  pending_request_ = 0;
  if (phase_ == Phase::renewing) {
    drop_lease(ctx, "the lock service refused to renew token " + std::to_string(token_));
    return;
  }
  plan_attempt(ctx, ctx.rng().uniform(workload_.retry_us / 2, workload_.retry_us * 3 / 2));
}

// ---------------------------------------------------------------- working under the lease

void LockClient::begin_step(Context& ctx) {
  if (writes_done_ >= workload_.writes_per_lease) {
    release(ctx);
    return;
  }
  DurationUs left = deadline_us_ - ctx.now();
  if (left >= workload_.work_time_us + workload_.safety_margin_us) {
    phase_ = Phase::working;
    ctx.set_timer(workload_.work_time_us, WorkDone{token_, ++steps_});
    return;
  }
  if (left > 0) {
    pending_request_ = new_request_id();
    asked_at_us_ = ctx.now();
    phase_ = Phase::renewing;
    Renew renew;
    renew.request_id = pending_request_;
    renew.token = token_;
    ctx.send(service_.next_ask(), std::move(renew));
    ctx.set_timer(workload_.request_timeout_us, RequestTimeout{pending_request_});
    return;
  }
  ctx.mark(view::kMarkLeaseGivenUp);
  drop_lease(ctx, "my lease for token " + std::to_string(token_) + " has run out by my clock");
}

void LockClient::on_work_done(Context& ctx, const WorkDone&) {
  // No second look at the lease here: it was checked when the step began (see the file comment).
  pending_request_ = new_request_id();
  phase_ = Phase::writing;
  Write write;
  write.request_id = pending_request_;
  write.token = token_;
  ctx.send(layout_.resource, std::move(write));
  ctx.set_timer(workload_.request_timeout_us, RequestTimeout{pending_request_});
}

void LockClient::on_write_reply(Context& ctx, NodeId, const WriteReply& reply) {
  if (reply.request_id != pending_request_) return;
  pending_request_ = 0;
  if (!reply.accepted) {
    drop_lease(ctx, "the resource refused token " + std::to_string(token_) + ": it has accepted token " +
                        std::to_string(reply.highest_token) + ", so my lease is gone");
    return;
  }
  ++writes_done_;
  begin_step(ctx);
}

// ---------------------------------------------------------------- renewing, releasing, losing

void LockClient::on_request_timeout(Context& ctx, const RequestTimeout&) {
  Phase was = phase_;
  pending_request_ = 0;
  if (was == Phase::acquiring) {
    plan_attempt(ctx, ctx.rng().uniform(workload_.retry_us / 2, workload_.retry_us * 3 / 2));
    return;
  }
  drop_lease(ctx, std::string(was == Phase::renewing ? "no answer to my renewal" : "no answer to my write") +
                      " of token " + std::to_string(token_));
}

void LockClient::release(Context& ctx) {
  Release message;
  message.token = token_;
  ctx.send(service_.guess(), std::move(message));
  token_ = 0;
  plan_attempt(ctx, workload_.think_time_us);
}

void LockClient::drop_lease(Context& ctx, const std::string& why) {
  ctx.annotate(why + "; I stop writing and ask for the lock again");
  token_ = 0;
  plan_attempt(ctx, ctx.rng().uniform(workload_.retry_us / 2, workload_.retry_us * 3 / 2));
}

}  // namespace dsim::lock
