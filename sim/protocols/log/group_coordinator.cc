// The group coordinator's reactions (group_coordinator.h). Sections: storage; membership;
// heartbeats and assignment; offsets; view.
#include "sim/protocols/log/group_coordinator.h"

#include <algorithm>
#include <charconv>

#include "sim/protocols/log/group_assignor.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

constexpr std::string_view kDurableGeneration = "group/g/generation";

bool contains(const std::vector<std::uint32_t>& partitions, std::uint32_t partition) {
  return std::find(partitions.begin(), partitions.end(), partition) != partitions.end();
}

std::string json_partitions(const std::vector<std::uint32_t>& partitions) {
  std::string text = "[";
  for (std::size_t i = 0; i < partitions.size(); ++i) text += (i ? "," : "") + std::to_string(partitions[i]);
  return text + "]";
}

std::string offsets_key(std::uint32_t partition) { return std::string(view::kDurableOffsetsPrefix) + view::partition_member(partition); }

}  // namespace

// ---------------------------------------------------------------- storage

std::vector<std::int64_t> stored_offsets(const DurableEntries& storage, std::uint32_t partitions) {
  std::vector<std::int64_t> offsets(partitions, -1);
  for (std::uint32_t partition = 0; partition < partitions; ++partition) {
    auto found = storage.find(offsets_key(partition));
    if (found == storage.end()) continue;
    std::int64_t value = -1;
    const std::string& text = found->second;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc()) offsets[partition] = value;
  }
  return offsets;
}

GroupCoordinator::GroupCoordinator(ConsumerGroupConfig config, std::uint32_t partitions)
    : config_(config), partitions_(partitions), committed_(partitions, -1) {}

void GroupCoordinator::start(Context& ctx) {
  members_.clear();
  committed_ = stored_offsets(ctx.storage().entries(), partitions_);
  generation_ = ctx.storage().get_int(kDurableGeneration).value_or(0);
}

// ---------------------------------------------------------------- membership

void GroupCoordinator::on_join(Context& ctx, NodeId from, const JoinGroup& join) {
  auto found = members_.find(from);
  if (found != members_.end() && found->second.join == join.join) {
    // A resent JoinGroup (the first answer was lost or slow): answer again, nothing changes.
    found->second.last_heard_us = ctx.now();
    answer(ctx, from);
    return;
  }
  // A member that joins anew restarted or was expired: it owns nothing now, whatever it reported.
  bool rejoin = found != members_.end();
  Member& member = members_[from];
  member = Member{};
  member.join = join.join;
  member.last_heard_us = ctx.now();
  rebalance(ctx, ctx.node_name(from) + (rejoin ? " joined again after a restart" : " joined"));
  answer(ctx, from);
}

void GroupCoordinator::on_leave(Context& ctx, NodeId from) {
  if (members_.erase(from) == 0) return;
  rebalance(ctx, ctx.node_name(from) + " left");
}

void GroupCoordinator::on_tick(Context& ctx) {
  std::vector<NodeId> expired;
  for (const auto& [node, member] : members_) {
    if (ctx.now() - member.last_heard_us > config_.session_timeout_us) expired.push_back(node);
  }
  if (expired.empty()) return;
  std::string names;
  for (NodeId node : expired) {
    names += (names.empty() ? "" : ", ") + ctx.node_name(node);
    members_.erase(node);
  }
  ctx.mark(view::kMarkMemberExpired);
  rebalance(ctx, names + (expired.size() == 1 ? "'s session" : "'s sessions") + " expired (no heartbeat for " +
                     format_duration(config_.session_timeout_us) + ")");
}

void GroupCoordinator::rebalance(Context& ctx, const std::string& why) {
  ++generation_;
  ctx.persist_int(kDurableGeneration, generation_);
  std::vector<NodeId> nodes;
  for (const auto& [node, member] : members_) nodes.push_back(node);
  std::map<NodeId, std::vector<std::uint32_t>> target = assign_partitions(config_.assignor, nodes, partitions_);
  std::string plan;
  for (auto& [node, member] : members_) {
    member.target = target[node];
    plan += (plan.empty() ? "" : ", ") + ctx.node_name(node) + " " + json_partitions(member.target);
  }
  ctx.mark(view::kMarkRebalance);
  ctx.count(view::kMetricRebalances);
  ctx.annotate("group generation " + std::to_string(generation_) + ": " + why + "; target " + (plan.empty() ? "none" : plan));
}

// ---------------------------------------------------------------- heartbeats and assignment

bool GroupCoordinator::claims(const Member& member, std::uint32_t partition) const {
  if (contains(member.owned, partition)) return true;
  for (const auto& [epoch, granted] : member.unapplied) {
    if (contains(granted, partition)) return true;
  }
  return false;
}

void GroupCoordinator::on_heartbeat(Context& ctx, NodeId from, const GroupHeartbeat& heartbeat) {
  auto found = members_.find(from);
  if (found == members_.end()) {
    GroupHeartbeatResponse response;
    response.unknown_member = true;
    ctx.send(from, response);
    return;
  }
  Member& member = found->second;
  member.last_heard_us = ctx.now();
  member.owned = heartbeat.owned;
  member.applied_epoch = std::max(member.applied_epoch, heartbeat.applied_epoch);
  auto& unapplied = member.unapplied;
  unapplied.erase(std::remove_if(unapplied.begin(), unapplied.end(),
                                 [&](const auto& grant) { return grant.first <= member.applied_epoch; }),
                  unapplied.end());
  answer(ctx, from);
}

void GroupCoordinator::answer(Context& ctx, NodeId to) {
  Member& member = members_.at(to);
  GroupHeartbeatResponse response;
  response.generation = generation_;
  for (std::uint32_t partition : member.target) {
    bool held_elsewhere = false;
    for (const auto& [node, other] : members_) {
      if (node != to && claims(other, partition)) held_elsewhere = true;
    }
    if (!held_elsewhere) response.assigned.push_back(partition);
  }
  response.assignment_epoch = ++member.sent_epoch;
  member.unapplied.emplace_back(response.assignment_epoch, response.assigned);
  ctx.send(to, response);
}

// ---------------------------------------------------------------- offsets

void GroupCoordinator::on_offset_commit(Context& ctx, NodeId from, const OffsetCommit& commit) {
  OffsetCommitResponse response;
  response.partition = commit.partition;
  response.request = commit.request;
  auto found = members_.find(from);
  if (commit.partition >= partitions_ || found == members_.end() || !claims(found->second, commit.partition)) {
    // Kafka fences a commit from an old generation (ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID).
    response.fenced = true;
    ctx.mark(view::kMarkCommitFenced);
    ctx.send(from, response);
    return;
  }
  committed_[commit.partition] = commit.offset;
  ctx.persist_int(offsets_key(commit.partition), commit.offset);
  ctx.gauge(std::string(view::kMetricCommittedPrefix) + view::partition_member(commit.partition), commit.offset);
  ctx.send(from, response);  // leaves once the commit is durable
}

void GroupCoordinator::on_offset_fetch(Context& ctx, NodeId from, const OffsetFetch& request) {
  OffsetFetchResponse response;
  response.partition = request.partition;
  response.request = request.request;
  response.offset = request.partition < partitions_ ? std::max<std::int64_t>(0, committed_[request.partition]) : 0;
  ctx.send(from, response);
}

// ---------------------------------------------------------------- view

void GroupCoordinator::publish_view(Context& ctx) const {
  std::string members = "[";
  bool first = true;
  for (const auto& [node, member] : members_) {
    members += std::string(first ? "" : ",") + "{\"node\":" + std::to_string(node) + ",\"owned\":" + json_partitions(member.owned) +
               ",\"target\":" + json_partitions(member.target) + "}";
    first = false;
  }
  members += "]";
  std::string committed = "[";
  for (std::size_t i = 0; i < committed_.size(); ++i) committed += (i ? "," : "") + std::to_string(committed_[i]);
  committed += "]";
  ctx.publish(view::kGroup, "{\"generation\":" + std::to_string(generation_) + ",\"members\":" + members + ",\"committed\":" + committed + "}");
}

}  // namespace dsim::log
