// The server's side of anti-entropy with Merkle trees (anti_entropy.h; DeCandia et al. 2007, §4.7).
// A comparison is a walk down both trees, one level per message, that carries only the hashes
// under nodes that differed; no state is kept between messages, so a comparison cut short by a
// crash or a lost message simply ends, and the next round starts another.
#include "sim/protocols/dynamo/anti_entropy.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/view.h"

namespace dsim::dynamo {

std::map<std::string, std::string> DynamoServer::shared_with(NodeId peer) const {
  std::map<std::string, std::string> shared;
  for (const auto& [key, record] : records_) {
    std::vector<NodeId> homes = preference_list(ring_, key, params_.replicas);
    if (std::find(homes.begin(), homes.end(), peer) != homes.end()) shared.emplace(key, record.to_string());
  }
  return shared;
}

MerkleTree DynamoServer::tree_shared_with(NodeId peer) const {
  return MerkleTree(shared_with(peer), params_.merkle_depth, params_.mutant_merkle_keys_only);
}

bool DynamoServer::take_if_newer(Context& ctx, const std::string& key, const Record& record) {
  auto held = records_.find(key);
  if (held != records_.end() && held->second.version >= record.version) return false;
  ctx.persist(std::string(view::kDurableKeyPrefix) + key, record.to_string());
  records_[key] = record;
  ++anti_entropy_repairs_;
  ctx.mark(view::kMarkAntiEntropyRepair);
  ctx.count(view::kMetricAntiEntropyRepairs);
  return true;
}

// Each tick compares with the next server in turn, so every pair of servers compares within
// (servers - 1) ticks of either.
void DynamoServer::on_anti_entropy_tick(Context& ctx, const AntiEntropyTick&) {
  ctx.set_timer(params_.anti_entropy_interval_us, AntiEntropyTick{});
  if (server_count_ < 2) return;
  NodeId peer = static_cast<NodeId>((ctx.self() + 1 + anti_entropy_round_++ % (server_count_ - 1)) % server_count_);
  std::map<std::string, std::string> shared = shared_with(peer);
  // What a full comparison would have sent: every key's version this server holds in the range.
  ctx.count(view::kMetricFullComparisonKeys, static_cast<std::int64_t>(shared.size()));
  MerkleTree tree(shared, params_.merkle_depth, params_.mutant_merkle_keys_only);
  MerkleLevel root;
  root.level = 0;
  root.indices = {0};
  root.hashes = {tree.hash(0, 0)};
  root.hashes_so_far = 1;
  root.range_keys = shared.size();
  ctx.count(view::kMetricMerkleHashesSent, 1);
  ctx.send(peer, std::move(root));
}

void DynamoServer::on_merkle_level(Context& ctx, NodeId from, const MerkleLevel& level) {
  MerkleTree tree = tree_shared_with(from);
  if (level.level > tree.depth() || level.indices.size() != level.hashes.size()) return;  // another depth: ignore
  std::vector<std::uint64_t> differing;
  for (std::size_t i = 0; i < level.indices.size(); ++i) {
    std::uint64_t index = level.indices[i];
    if (index < tree.width(level.level) && tree.hash(level.level, index) != level.hashes[i]) differing.push_back(index);
  }
  if (differing.empty()) {
    if (level.level == 0) ctx.count(view::kMetricAntiEntropyInSync);
    return;
  }
  if (level.level == tree.depth()) {
    // The leaves that differ: send every record held in them, and let the peer sort out which
    // side is newer for each key.
    MerkleLeaves leaves;
    leaves.leaves = differing;
    leaves.hashes_so_far = level.hashes_so_far;
    leaves.range_keys = level.range_keys;
    std::set<std::uint64_t> wanted(differing.begin(), differing.end());
    for (const auto& [key, text] : shared_with(from)) {
      if (wanted.count(MerkleTree::leaf_of(key, tree.depth()))) leaves.records.emplace_back(key, records_.at(key));
    }
    ctx.count(view::kMetricMerkleKeysSent, static_cast<std::int64_t>(leaves.records.size()));
    leaves.keys_so_far = leaves.records.size();
    ctx.send(from, std::move(leaves));
    return;
  }
  MerkleLevel next;
  next.level = level.level + 1;
  next.range_keys = level.range_keys;
  for (std::uint64_t index : differing) {
    for (std::uint64_t child : {2 * index, 2 * index + 1}) {
      next.indices.push_back(child);
      next.hashes.push_back(tree.hash(next.level, child));
    }
  }
  ctx.count(view::kMetricMerkleHashesSent, static_cast<std::int64_t>(next.hashes.size()));
  next.hashes_so_far = level.hashes_so_far + next.hashes.size();
  ctx.send(from, std::move(next));
}

void DynamoServer::on_merkle_leaves(Context& ctx, NodeId from, const MerkleLeaves& leaves) {
  std::map<std::string, Version> theirs;
  std::size_t taken = 0;
  for (const auto& [key, record] : leaves.records) {
    theirs.emplace(key, record.version);
    if (take_if_newer(ctx, key, record)) ++taken;
  }
  // The side that sends the last message of a comparison notes what it cost against a full one.
  auto note_cost = [&](std::uint64_t keys_sent) {
    ctx.annotate("compared with " + ctx.node_name(from) + ": " + std::to_string(leaves.hashes_so_far) + " hashes and " +
                 std::to_string(keys_sent) + " keys sent, against " + std::to_string(leaves.range_keys) +
                 " keys for a full comparison; took " + std::to_string(taken) + " newer");
  };
  if (leaves.reply) {
    note_cost(leaves.keys_so_far);
    return;
  }
  // Answer with what the peer lacks or holds older, in the same leaves.
  MerkleLeaves reply;
  reply.leaves = leaves.leaves;
  reply.reply = true;
  std::set<std::uint64_t> listed(leaves.leaves.begin(), leaves.leaves.end());
  for (const auto& [key, text] : shared_with(from)) {
    if (!listed.count(MerkleTree::leaf_of(key, params_.merkle_depth))) continue;
    const Record& mine = records_.at(key);
    auto seen = theirs.find(key);
    if (seen == theirs.end() || seen->second < mine.version) reply.records.emplace_back(key, mine);
  }
  if (reply.records.empty()) {
    note_cost(leaves.keys_so_far);
    return;
  }
  reply.hashes_so_far = leaves.hashes_so_far;
  reply.range_keys = leaves.range_keys;
  reply.keys_so_far = leaves.keys_so_far + reply.records.size();
  ctx.count(view::kMetricMerkleKeysSent, static_cast<std::int64_t>(reply.records.size()));
  ctx.send(from, std::move(reply));
}

}  // namespace dsim::dynamo
