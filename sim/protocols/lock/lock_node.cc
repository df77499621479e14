// The lock service's reactions. Sections: start and restart; acquire; renew and release; expiry.
#include "sim/protocols/lock/lock_node.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/lock/view.h"

namespace dsim::lock {
namespace {

LeaseGranted granted(std::uint64_t request_id, std::uint64_t token, DurationUs ttl_us) {
  LeaseGranted message;
  message.request_id = request_id;
  message.token = token;
  message.ttl_us = ttl_us;
  return message;
}

LeaseDenied denied(std::uint64_t request_id) {
  LeaseDenied message;
  message.request_id = request_id;
  return message;
}

}  // namespace

// ---------------------------------------------------------------- start and restart

LockService::LockService(LockParams params) : params_(params) {
  DSIM_ASSERT(params_.ttl_us > 0, "a lease lasts a positive time");
}

void LockService::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == kLockService, "the lock service is node 0");
  ctx.publish(dsim::view::kRole, view::kRoleLockService);
  if (auto stored = ctx.storage().get_int(view::kDurableNextToken)) next_token_ = static_cast<std::uint64_t>(*stored);
}

void LockService::restart(Context& ctx) {
  start(ctx);
  if (!params_.recovery_wait) return;
  // The lease table died with the process, but a lease granted just before the crash may still be
  // running at its holder. Wait out the longest one before granting again (Gray & Cheriton §2).
  grants_resume_us_ = ctx.now() + params_.ttl_us;
  ctx.mark(view::kMarkRecoveryWait);
  ctx.annotate("restarted: no lease granted until " + format_time_seconds(grants_resume_us_) +
               " on my clock, so any lease granted before the crash runs out first");
}

void LockService::publish_view(Context& ctx) {
  ctx.publish(view::kHolder, holder_ == kNoNode ? -1 : static_cast<std::int64_t>(holder_));
  ctx.publish(view::kToken, static_cast<std::int64_t>(token_));
  ctx.publish(view::kLeaseExpiresUs, holder_ == kNoNode ? -1 : expires_us_);
}

// ---------------------------------------------------------------- acquire

void LockService::on_acquire(Context& ctx, NodeId from, const Acquire& request) {
  if (lease_live(ctx) && holder_ == from) {
    // The holder asks again (its grant was lost, or it restarted): same lease, same token, renewed.
    extend(ctx);
    ctx.send(from, granted(request.request_id, token_, params_.ttl_us));
    return;
  }
  if (lease_live(ctx) || ctx.now() < grants_resume_us_) {
    ctx.count(view::kMetricDenials);
    ctx.send(from, denied(request.request_id));
    return;
  }
  if (holder_ != kNoNode) {
    // Expired, though its timer has not fired yet at this instant.
    ctx.mark(view::kMarkLeaseExpired);
    ctx.count(view::kMetricExpiries);
  }
  grant(ctx, from, request.request_id);
}

void LockService::grant(Context& ctx, NodeId to, std::uint64_t request_id) {
  token_ = next_token_++;
  // Durable before the token leaves: a restarted service must never grant the same number again.
  if (!params_.mutant_forget_next_token) ctx.persist_int(view::kDurableNextToken, static_cast<std::int64_t>(next_token_));
  holder_ = to;
  expires_us_ = ctx.now() + params_.ttl_us;
  renewals_ = 0;
  ctx.set_timer(params_.ttl_us, LeaseExpiry{token_, renewals_});
  ctx.count(view::kMetricGrants);
  ctx.gauge(view::kMetricToken, static_cast<std::int64_t>(token_));
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::ok;
  event.op = std::string(view::kHistoryGrant);
  event.key = std::to_string(to);
  event.value = std::to_string(token_);
  event.request_id = request_id;
  ctx.record(std::move(event));
  ctx.send(to, granted(request_id, token_, params_.ttl_us));
}

void LockService::extend(Context& ctx) {
  expires_us_ = ctx.now() + params_.ttl_us;
  ++renewals_;
  ctx.set_timer(params_.ttl_us, LeaseExpiry{token_, renewals_});
}

// ---------------------------------------------------------------- renew and release

void LockService::on_renew(Context& ctx, NodeId from, const Renew& request) {
  // Only a live lease can be renewed: once it has expired, another client may already hold the next.
  if (!lease_live(ctx) || holder_ != from || token_ != request.token) {
    ctx.count(view::kMetricDenials);
    ctx.send(from, denied(request.request_id));
    return;
  }
  extend(ctx);
  ctx.mark(view::kMarkLeaseRenewed);
  ctx.count(view::kMetricRenewals);
  ctx.send(from, granted(request.request_id, token_, params_.ttl_us));
}

void LockService::on_release(Context&, NodeId from, const Release& release) {
  if (holder_ == from && token_ == release.token) forget_lease();
}

// ---------------------------------------------------------------- expiry

bool LockService::is_current(const LeaseExpiry& expiry) const {
  return holder_ != kNoNode && token_ == expiry.token && renewals_ == expiry.renewals;
}

void LockService::on_lease_expiry(Context& ctx, const LeaseExpiry&) {
  ctx.mark(view::kMarkLeaseExpired);
  ctx.count(view::kMetricExpiries);
  ctx.annotate("the lease of token " + std::to_string(token_) + " held by " + ctx.node_name(holder_) +
               " expired; the lock is free");
  forget_lease();
}

}  // namespace dsim::lock
