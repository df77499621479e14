// The SWIM member's reactions (swim_node.h). Sections: start, restart and joining; protocol
// periods and probing; indirect probes; suspicion; news and refutation; leaving; the heartbeat
// detector; the view.
#include "sim/protocols/swim/swim_node.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/swim/view.h"

namespace dsim::swim {

SwimNode::SwimNode(SwimParams params, SwimWorkload workload, std::uint32_t member_count)
    : params_(params), workload_(std::move(workload)), member_count_(member_count), view_(member_count),
      order_(params.selection) {
  DSIM_ASSERT(member_count_ >= 1, "a group has at least one member");
  DSIM_ASSERT(params_.period_us > 0 && params_.ping_timeout_us > 0 && params_.ping_timeout_us < params_.period_us,
              "the ping timeout falls within the protocol period");
}

// ---------------------------------------------------------------- start, restart and joining

void SwimNode::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < member_count_, "members are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  if (auto stored = ctx.storage().get_int(view::kDurableIncarnation)) incarnation_ = static_cast<Incarnation>(*stored);
  if (auto leave_at = workload_.leave_time(ctx.self()); leave_at && *leave_at >= ctx.now()) {
    ctx.set_timer(*leave_at - ctx.now(), LeaveTime{});
  }
  if (!workload_.staggered_joins()) {
    // Everyone starts in the group, knowing everyone alive at incarnation 0.
    for (NodeId member = 0; member < member_count_; ++member) {
      if (member == ctx.self()) continue;
      view_[member].last_heard_us = ctx.now();
      set_status(view_[member], MemberStatus::alive);
      order_.add(member, ctx.rng());
    }
    become_member(ctx);
    return;
  }
  if (ctx.self() == kIntroducer) {
    become_member(ctx);  // alone, until others ask to join
    return;
  }
  ctx.set_timer(std::max<DurationUs>(0, workload_.join_time(ctx.self()) - ctx.now()), JoinAttempt{join_attempts_});
}

void SwimNode::restart(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  if (auto stored = ctx.storage().get_int(view::kDurableIncarnation)) incarnation_ = static_cast<Incarnation>(*stored);
  // A higher incarnation than anything said about the old life, so the rejoin supersedes it.
  ++incarnation_;
  ctx.persist_int(view::kDurableIncarnation, static_cast<std::int64_t>(incarnation_));
  phase_ = Phase::joining;
  ctx.set_timer(0, JoinAttempt{join_attempts_});
}

void SwimNode::on_join_attempt(Context& ctx, const JoinAttempt&) {
  // Through the introducer; the introducer itself, restarted, asks the next member.
  NodeId via = ctx.self() == kIntroducer ? (member_count_ > 1 ? 1 : kIntroducer) : kIntroducer;
  if (via == ctx.self()) {
    become_member(ctx);
    return;
  }
  Join join;
  join.incarnation = incarnation_;
  send(ctx, via, std::move(join));
  ++join_attempts_;
  ctx.set_timer(params_.period_us, JoinAttempt{join_attempts_});
}

void SwimNode::on_join(Context& ctx, NodeId from, const Join& join) {
  if (phase_ != Phase::member || from >= member_count_) return;
  if (apply(ctx, MemberUpdate{from, MemberStatus::alive, join.incarnation})) {
    ctx.mark(view::kMarkJoined);
    ctx.annotate("let n" + std::to_string(from) + " join (incarnation " + std::to_string(join.incarnation) + ")");
  }
  // Answered even when the news is old: the first JoinAck may have been lost.
  JoinAck ack;
  ack.members = membership_list(ctx.self());
  send(ctx, from, std::move(ack));
}

void SwimNode::on_join_ack(Context& ctx, NodeId, const JoinAck& ack) {
  if (phase_ != Phase::joining) return;
  for (const MemberUpdate& update : ack.members) {
    // The list is the introducer's; it is nobody's news to spread again.
    if (update.member != ctx.self()) apply(ctx, update, /*disseminate=*/false);
  }
  become_member(ctx);
  // The group may already suspect this member (its first JoinAcks were lost while it was being
  // probed): refute it now, as a member.
  for (const MemberUpdate& update : ack.members) {
    if (update.member == ctx.self()) apply(ctx, update);
  }
}

void SwimNode::become_member(Context& ctx) {
  phase_ = Phase::member;
  view_dirty_ = true;
  for (NodeId member = 0; member < member_count_; ++member) {
    if (member != ctx.self() && view_[member].status != MemberStatus::unknown) {
      order_.add(member, ctx.rng());
      view_[member].last_heard_us = ctx.now();
    }
  }
  schedule_first_period(ctx);
}

void SwimNode::schedule_first_period(Context& ctx) {
  DurationUs delay = params_.timing == PeriodTiming::synchronous ? params_.period_us - ctx.now() % params_.period_us
                                                                 : ctx.rng().uniform(1, params_.period_us);
  ctx.set_timer(delay, ProtocolPeriod{periods_begun_});
}

// ---------------------------------------------------------------- protocol periods and probing

void SwimNode::on_period(Context& ctx, const ProtocolPeriod&) {
  ctx.gauge(view::kMetricMessagesPerPeriod, messages_this_period_);
  messages_this_period_ = 0;
  ++periods_begun_;
  ctx.set_timer(params_.period_us, ProtocolPeriod{periods_begun_});
  // Relays older than a period can no longer help their prober, whose period has ended.
  for (auto it = relays_.begin(); it != relays_.end();) {
    it = it->second.period + 1 < periods_begun_ ? relays_.erase(it) : std::next(it);
  }
  if (params_.detector == Detector::heartbeat) {
    heartbeat_period(ctx);
    ctx.gauge(view::kMetricAliveMembers, static_cast<std::int64_t>(group_size()));
    return;
  }
  // The probe of the period that just ended: no ack, direct or relayed, means it failed (§3).
  if (probe_ && !probe_->acked) {
    ctx.count(view::kMetricProbeFailures);
    NodeId target = probe_->target;
    if (!params_.mutant_never_declare) {
      if (params_.suspicion) suspect(ctx, target);
      else declare_dead(ctx, target, view_[target].incarnation);
    }
  }
  probe_.reset();
  ctx.gauge(view::kMetricAliveMembers, static_cast<std::int64_t>(group_size()));
  std::optional<NodeId> target = order_.next(ctx.rng(), [this](NodeId member) { return probeable(member); });
  if (!target) return;
  probe_ = Probe{next_seq_++, *target, false};
  ctx.count(view::kMetricProbes);
  Ping ping;
  ping.seq = probe_->seq;
  ping.incarnation = incarnation_;
  ping.updates = piggyback(*target);
  send(ctx, *target, std::move(ping));
  ctx.set_timer(params_.ping_timeout_us, ProbeTimeout{probe_->seq});
}

bool SwimNode::probeable(NodeId member) const {
  MemberStatus status = view_[member].status;
  return status == MemberStatus::alive || status == MemberStatus::suspect;
}

void SwimNode::on_ping(Context& ctx, NodeId from, const Ping& ping) {
  // A joiner answers as soon as it has asked to join: the introducer counts it in from the Join,
  // and a lost JoinAck must not make it look dead. A member that left is silent.
  if (phase_ == Phase::left || (phase_ == Phase::joining && join_attempts_ == 0)) return;
  heard_from(ctx, from, ping.incarnation);
  for (const MemberUpdate& update : ping.updates) apply(ctx, update);
  Ack ack;
  ack.seq = ping.seq;
  ack.member = ctx.self();
  ack.incarnation = incarnation_;
  ack.updates = piggyback(from);
  send(ctx, from, std::move(ack));
}

void SwimNode::on_ack(Context& ctx, NodeId, const Ack& ack) {
  if (phase_ != Phase::member) return;
  heard_from(ctx, ack.member, ack.incarnation);
  for (const MemberUpdate& update : ack.updates) apply(ctx, update);
  if (probe_ && ack.seq == probe_->seq && ack.member == probe_->target) {
    probe_->acked = true;
    return;
  }
  // The target's answer to a ping this member relayed: pass it on to the prober.
  auto relay = relays_.find(ack.seq);
  if (relay == relays_.end() || relay->second.target != ack.member) return;
  Ack forwarded;
  forwarded.seq = relay->second.requester_seq;
  forwarded.member = ack.member;
  forwarded.incarnation = ack.incarnation;
  forwarded.updates = piggyback(relay->second.requester);
  NodeId requester = relay->second.requester;
  relays_.erase(relay);
  send(ctx, requester, std::move(forwarded));
}

// ---------------------------------------------------------------- indirect probes

bool SwimNode::is_current(const ProbeTimeout& timeout) const {
  return phase_ == Phase::member && probe_ && probe_->seq == timeout.seq && !probe_->acked;
}

void SwimNode::on_probe_timeout(Context& ctx, const ProbeTimeout&) {
  // k members other than the target, chosen at random among those this member thinks alive.
  std::vector<NodeId> helpers;
  for (NodeId member = 0; member < member_count_; ++member) {
    if (member != ctx.self() && member != probe_->target && view_[member].status == MemberStatus::alive) {
      helpers.push_back(member);
    }
  }
  ctx.rng().shuffle(helpers);
  helpers.resize(std::min<std::size_t>(helpers.size(), params_.indirect_probes));
  if (!helpers.empty()) ctx.mark(view::kMarkIndirectProbe);
  for (NodeId helper : helpers) {
    PingReq request;
    request.seq = probe_->seq;
    request.target = probe_->target;
    request.incarnation = incarnation_;
    request.updates = piggyback(helper);
    send(ctx, helper, std::move(request));
  }
}

void SwimNode::on_ping_req(Context& ctx, NodeId from, const PingReq& request) {
  if (phase_ != Phase::member) return;
  heard_from(ctx, from, request.incarnation);
  for (const MemberUpdate& update : request.updates) apply(ctx, update);
  if (request.target >= member_count_ || request.target == ctx.self()) return;
  std::uint64_t seq = next_seq_++;
  relays_[seq] = Relay{from, request.seq, request.target, periods_begun_};
  Ping ping;
  ping.seq = seq;
  ping.incarnation = incarnation_;
  ping.updates = piggyback(request.target);
  send(ctx, request.target, std::move(ping));
}

// ---------------------------------------------------------------- suspicion

void SwimNode::suspect(Context& ctx, NodeId member) {
  if (apply(ctx, MemberUpdate{member, MemberStatus::suspect, view_[member].incarnation})) {
    ctx.mark(view::kMarkSuspect);
    ctx.count(view::kMetricSuspicions);
  }
}

bool SwimNode::is_current(const SuspicionTimeout& timeout) const {
  return phase_ == Phase::member && timeout.member < member_count_ &&
         view_[timeout.member].status == MemberStatus::suspect && view_[timeout.member].incarnation == timeout.incarnation;
}

void SwimNode::on_suspicion_timeout(Context& ctx, const SuspicionTimeout& timeout) {
  declare_dead(ctx, timeout.member, timeout.incarnation);
}

void SwimNode::declare_dead(Context& ctx, NodeId member, Incarnation incarnation) {
  if (apply(ctx, MemberUpdate{member, MemberStatus::dead, incarnation})) {
    ctx.mark(view::kMarkDeclaredDead);
    ctx.count(view::kMetricDeclaredDead);
    ctx.annotate("declared n" + std::to_string(member) + " dead");
  }
}

// ---------------------------------------------------------------- news and refutation

void SwimNode::set_status(Entry& entry, MemberStatus status) {
  auto counted = [](MemberStatus s) { return s == MemberStatus::alive || s == MemberStatus::suspect; };
  others_in_group_ -= counted(entry.status) ? 1 : 0;
  others_in_group_ += counted(status) ? 1 : 0;
  entry.status = status;
}

bool SwimNode::apply(Context& ctx, const MemberUpdate& update, bool disseminate) {
  if (update.member >= member_count_) return false;
  if (update.member == ctx.self()) {
    // News that this member is suspected or dead: refute it with a higher incarnation (§4.2).
    bool accused = update.status == MemberStatus::suspect || update.status == MemberStatus::dead;
    bool in_group = phase_ == Phase::member || (phase_ == Phase::joining && join_attempts_ > 0);
    if (!in_group || !accused || update.incarnation < incarnation_ || params_.mutant_no_refute) return false;
    incarnation_ = update.incarnation + 1;
    ctx.persist_int(view::kDurableIncarnation, static_cast<std::int64_t>(incarnation_));
    buffer_.enqueue(MemberUpdate{ctx.self(), MemberStatus::alive, incarnation_});
    ctx.mark(view::kMarkRefuted);
    ctx.count(view::kMetricRefutations);
    view_dirty_ = true;
    return true;
  }
  Entry& entry = view_[update.member];
  if (!supersedes(update, entry.status, entry.incarnation)) return false;
  MemberStatus before = entry.status;
  set_status(entry, update.status);
  entry.incarnation = update.incarnation;
  view_dirty_ = true;
  if (update.status == MemberStatus::alive) {
    entry.last_heard_us = ctx.now();
    if (before == MemberStatus::unknown && phase_ == Phase::member) order_.add(update.member, ctx.rng());
  }
  if (update.status == MemberStatus::suspect && params_.suspicion && phase_ == Phase::member) {
    ctx.set_timer(params_.suspicion_timeout_us, SuspicionTimeout{update.member, update.incarnation});
  }
  if (disseminate && params_.detector == Detector::swim) buffer_.enqueue(update);
  return true;
}

void SwimNode::heard_from(Context& ctx, NodeId member, Incarnation incarnation) {
  // A member that answers (or asks) is alive at the incarnation it states. This un-marks a
  // suspicion only when that incarnation refutes it (§4.2's precedence), and spreads the news.
  if (member < member_count_ && member != ctx.self()) apply(ctx, MemberUpdate{member, MemberStatus::alive, incarnation});
}

std::vector<MemberUpdate> SwimNode::piggyback(NodeId to) {
  std::vector<MemberUpdate> updates = buffer_.take(params_.max_piggyback, retransmit_limit(params_.lambda, group_size()));
  // A message to a member this one accuses always carries the accusation, however often it was
  // gossiped already: the accused is the one member that must hear it, to refute (our addition to
  // §4.2; docs/concepts/failure-detection.md, "Our choices").
  const Entry& entry = view_[to];
  if (entry.status == MemberStatus::suspect || entry.status == MemberStatus::dead) {
    MemberUpdate accusation{to, entry.status, entry.incarnation};
    if (std::find(updates.begin(), updates.end(), accusation) == updates.end()) updates.push_back(accusation);
  }
  return updates;
}

std::vector<MemberUpdate> SwimNode::membership_list(NodeId self) const {
  std::vector<MemberUpdate> list;
  for (NodeId member = 0; member < member_count_; ++member) {
    // This member's own entry is not kept in view_: it is alive at its own incarnation.
    if (member == self) list.push_back(MemberUpdate{self, MemberStatus::alive, incarnation_});
    else if (view_[member].status != MemberStatus::unknown) {
      list.push_back(MemberUpdate{member, view_[member].status, view_[member].incarnation});
    }
  }
  return list;
}

std::size_t SwimNode::group_size() const { return others_in_group_ + (phase_ == Phase::member ? 1 : 0); }

template <typename M>
void SwimNode::send(Context& ctx, NodeId to, M message) {
  ctx.count(view::kMetricMessages);
  ++messages_this_period_;
  ctx.send(to, std::move(message));
}

// ---------------------------------------------------------------- leaving

std::string SwimNode::on_operator_request(Context& ctx, std::string_view request) {
  if (request != "leave") return "expected \"leave\" (leave the group), found \"" + std::string(request) + "\"";
  if (phase_ != Phase::member) return "this member is not in the group";
  leave(ctx);
  return "";
}

void SwimNode::on_leave_time(Context& ctx, const LeaveTime&) { leave(ctx); }

void SwimNode::leave(Context& ctx) {
  phase_ = Phase::left;
  view_dirty_ = true;
  ctx.mark(view::kMarkLeft);
  // A few members hear it directly and spread it; the rest learn it from them.
  std::vector<NodeId> told;
  for (NodeId member = 0; member < member_count_; ++member) {
    if (member != ctx.self() && view_[member].status == MemberStatus::alive) told.push_back(member);
  }
  ctx.rng().shuffle(told);
  told.resize(std::min<std::size_t>(told.size(), params_.indirect_probes + 1));
  for (NodeId member : told) {
    Leave notice;
    notice.incarnation = incarnation_;
    send(ctx, member, std::move(notice));
  }
}

void SwimNode::on_leave(Context& ctx, NodeId from, const Leave& notice) {
  if (phase_ != Phase::member) return;
  apply(ctx, MemberUpdate{from, MemberStatus::left, notice.incarnation});
}

// ---------------------------------------------------------------- the heartbeat detector

void SwimNode::heartbeat_period(Context& ctx) {
  DurationUs silence_limit = params_.heartbeat_timeout_us;
  for (NodeId member = 0; member < member_count_; ++member) {
    Entry& entry = view_[member];
    if (member == ctx.self() || entry.status != MemberStatus::alive) continue;
    if (ctx.now() - entry.last_heard_us > silence_limit && !params_.mutant_never_declare) {
      declare_dead(ctx, member, entry.incarnation);
    }
  }
  for (NodeId member = 0; member < member_count_; ++member) {
    MemberStatus status = view_[member].status;
    if (member == ctx.self() || status == MemberStatus::unknown || status == MemberStatus::left) continue;
    send(ctx, member, Heartbeat{});
  }
}

void SwimNode::on_heartbeat(Context& ctx, NodeId from, const Heartbeat&) {
  if (phase_ != Phase::member || from >= member_count_) return;
  Entry& entry = view_[from];
  entry.last_heard_us = ctx.now();
  // The naive detector takes any heartbeat as proof of life, even from a member it declared dead.
  if (entry.status != MemberStatus::alive && entry.status != MemberStatus::left) {
    if (entry.status == MemberStatus::unknown) order_.add(from, ctx.rng());
    set_status(entry, MemberStatus::alive);
    view_dirty_ = true;
  }
}

// ---------------------------------------------------------------- the view

void SwimNode::publish_view(Context& ctx) {
  if (!view_dirty_) return;
  view_dirty_ = false;
  std::string letters(member_count_, '-');
  for (NodeId member = 0; member < member_count_; ++member) letters[member] = status_letter(view_[member].status);
  letters[ctx.self()] = phase_ == Phase::member ? 'A' : phase_ == Phase::left ? 'L' : '-';
  ctx.publish(view::kMembers, letters);
  ctx.publish(view::kStatus, phase_ == Phase::member ? view::status::kMember
                             : phase_ == Phase::left ? view::status::kLeft
                                                     : view::status::kJoining);
  ctx.publish(view::kIncarnation, static_cast<std::int64_t>(incarnation_));
  for (NodeId member = 0; member < member_count_; ++member) {
    if (member != ctx.self()) ctx.publish(view::kMemberStatus, ctx.node_name(member), status_name(view_[member].status));
  }
}

}  // namespace dsim::swim
