// The lock service on Raft: the table as Raft commands, leases on the leader's clock, the new
// leader's wait (lock_replica.h).
#include "sim/protocols/lock/lock_replica.h"

#include <charconv>
#include <utility>

#include "sim/protocols/lock/view.h"

namespace dsim::lock {

namespace {
// More waiting requests than this are denied at once (each client has at most one outstanding).
constexpr std::size_t kMaxQueued = 64;

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::string LockRow::encode() const {
  return (holder == kNoNode ? std::string("-") : std::to_string(holder)) + ":" + std::to_string(token);
}

LockRow LockRow::decode(std::string_view text) {
  LockRow row;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return row;
  std::string_view holder = text.substr(0, colon);
  if (holder != "-") {
    if (auto node = parse_number(holder)) row.holder = static_cast<NodeId>(*node);
  }
  row.token = parse_number(text.substr(colon + 1)).value_or(0);
  return row;
}

LockTableService::LockTableService(replicated::RaftReplica& replica, LockParams params)
    : replica_(replica), params_(params) {}

void LockTableService::start(Context&) {}

LockRow LockTableService::row() const {
  const auto& data = replica_.store().data();
  auto it = data.find(std::string(kLockStoreKey));
  return it == data.end() ? LockRow{} : LockRow::decode(it->second);
}

bool LockTableService::lease_live(Context& ctx, const LockRow& row) const {
  if (row.holder == kNoNode) return false;
  if (row == lease_row_) return ctx.now() < lease_expires_us_;
  // A lease this leader inherited: its end is unknown here. The cure waits one ttl from the
  // takeover (Chubby §2.9, "Fail-overs"); without it the lease counts as over.
  return params_.recovery_wait && ctx.now() < took_over_us_ + params_.ttl_us;
}

// ---------------------------------------------------------------- requests

void LockTableService::on_acquire(Context& ctx, NodeId from, const Acquire& request) {
  take(ctx, Request{Request::Kind::acquire, from, request.request_id, 0});
}

void LockTableService::on_renew(Context& ctx, NodeId from, const Renew& request) {
  take(ctx, Request{Request::Kind::renew, from, request.request_id, request.token});
}

void LockTableService::on_release(Context& ctx, NodeId from, const Release& release) {
  take(ctx, Request{Request::Kind::release, from, 0, release.token});
}

void LockTableService::take(Context& ctx, Request request) {
  if (!replica_.leads()) {
    if (request.kind == Request::Kind::release) return;  // the holder's lease runs out anyway
    LeaseDenied denied;
    denied.request_id = request.request_id;
    denied.not_leader = true;
    denied.leader_hint = replica_.leader_hint();
    ctx.send(request.from, std::move(denied));
    return;
  }
  if (queue_.size() >= kMaxQueued) {
    if (request.kind != Request::Kind::release) deny(ctx, request.from, request.request_id);
    return;
  }
  queue_.push_back(request);  // after_event handles it once this leader is ready and free
}

void LockTableService::deny(Context& ctx, NodeId to, std::uint64_t request_id) {
  ctx.count(view::kMetricDenials);
  LeaseDenied denied;
  denied.request_id = request_id;
  ctx.send(to, std::move(denied));
}

// ---------------------------------------------------------------- the leader's loop

void LockTableService::after_event(Context& ctx) {
  if (!replica_.leads()) {
    // Deposed (or never led): what waited here is forgotten; the clients time out and ask again.
    queue_.clear();
    in_flight_.reset();
    return;
  }
  if (!replica_.ready()) return;
  raft::Term term = replica_.raft().current_term();
  if (led_term_ != term) {
    led_term_ = term;
    took_over_us_ = ctx.now();
    lease_row_ = LockRow{};  // even a lease this replica granted in an earlier term may have been renewed since
    grants_this_term_ = 0;
    in_flight_.reset();
    LockRow current = row();
    if (current.holder != kNoNode) {
      if (params_.recovery_wait) {
        ctx.mark(view::kMarkRecoveryWait);
        ctx.annotate("leader of term " + std::to_string(term) + ": the table says " + ctx.node_name(current.holder) +
                     " holds token " + std::to_string(current.token) + "; its lease may run until " +
                     format_time_seconds(took_over_us_ + params_.ttl_us) + " on my clock, so no one else gets the lock before then");
      } else {
        ctx.annotate("leader of term " + std::to_string(term) + ": the table says " + ctx.node_name(current.holder) +
                     " holds token " + std::to_string(current.token) + "; I do not know when its lease ends and count it as over");
      }
    }
  }
  if (in_flight_) {
    if (!replica_.applied(in_flight_->sequence)) return;  // still in the log
    finish(ctx);
  }
  while (!queue_.empty()) {
    Request request = queue_.front();
    queue_.pop_front();
    if (handle(ctx, request)) break;
  }
}

bool LockTableService::handle(Context& ctx, const Request& request) {
  LockRow current = row();
  bool live = lease_live(ctx, current);
  switch (request.kind) {
    case Request::Kind::acquire:
      if (live && current.holder == request.from) {
        propose(ctx, request, current, current);  // asked again (a lost grant): the same lease, renewed
        return true;
      }
      if (live) {
        deny(ctx, request.from, request.request_id);
        return false;
      }
      if (current.holder != kNoNode) {
        ctx.mark(view::kMarkLeaseExpired);
        ctx.count(view::kMetricExpiries);
      }
      // The next token is one more than the table's, whoever leads: tokens only grow. (The test
      // mutant counts from this leader's own grants instead, as a service that kept its counter
      // outside the replicated state would.)
      propose(ctx, request, current,
              LockRow{request.from, params_.mutant_forget_next_token ? ++grants_this_term_ : current.token + 1});
      return true;
    case Request::Kind::renew:
      if (live && current.holder == request.from && current.token == request.token) {
        propose(ctx, request, current, current);
        return true;
      }
      deny(ctx, request.from, request.request_id);
      return false;
    case Request::Kind::release:
      if (current.holder == request.from && current.token == request.token) {
        propose(ctx, request, current, LockRow{kNoNode, current.token});
        return true;
      }
      return false;
  }
  return false;
}

void LockTableService::propose(Context& ctx, const Request& request, LockRow before, LockRow after) {
  kvservice::Command command;
  command.op = "cas";
  command.key = std::string(kLockStoreKey);
  command.expected = before.holder == kNoNode && before.token == 0 ? "" : before.encode();
  command.value = after.encode();
  std::uint64_t sequence = replica_.propose(ctx, std::move(command));
  in_flight_ = InFlight{request, sequence, replica_.raft().current_term(), before, after};
}

void LockTableService::finish(Context& ctx) {
  InFlight done = std::move(*in_flight_);
  in_flight_.reset();
  const Request& request = done.request;
  if (row() != done.after) {
    // Another command took this request number first (a deposed leader's): decide again later.
    if (request.kind != Request::Kind::release) deny(ctx, request.from, request.request_id);
    return;
  }
  if (request.kind == Request::Kind::release) {
    lease_row_ = LockRow{};
    return;
  }
  bool new_grant = request.kind == Request::Kind::acquire && done.after.token != done.before.token;
  // The lease runs ttl from now on this leader's clock; the holder counts it from when it asked,
  // which is earlier (Gray & Cheriton §2).
  lease_row_ = done.after;
  lease_expires_us_ = ctx.now() + params_.ttl_us;
  LeaseGranted granted;
  granted.request_id = request.request_id;
  granted.token = done.after.token;
  granted.ttl_us = params_.ttl_us;
  if (request.kind == Request::Kind::renew) {
    ctx.mark(view::kMarkLeaseRenewed);
    ctx.count(view::kMetricRenewals);
  } else if (new_grant) {
    ctx.count(view::kMetricGrants);
    ctx.gauge(view::kMetricToken, static_cast<std::int64_t>(done.after.token));
    HistoryEvent event;
    event.kind = HistoryEvent::Kind::ok;
    event.op = std::string(view::kHistoryGrant);
    event.key = std::to_string(request.from);
    event.value = std::to_string(done.after.token);
    event.request_id = request.request_id;
    ctx.record(std::move(event));
  }
  ctx.send(request.from, std::move(granted));
}

void LockTableService::publish_view(Context& ctx) {
  LockRow current = row();
  ctx.publish(view::kHolder, current.holder == kNoNode ? -1 : static_cast<std::int64_t>(current.holder));
  ctx.publish(view::kToken, static_cast<std::int64_t>(current.token));
  TimeUs expires = -1;
  if (replica_.leads() && current.holder != kNoNode) {
    if (current == lease_row_) {
      expires = lease_expires_us_;
    } else if (params_.recovery_wait) {
      expires = took_over_us_ + params_.ttl_us;
    }
  }
  ctx.publish(view::kLeaseExpiresUs, expires);
}

}  // namespace dsim::lock
