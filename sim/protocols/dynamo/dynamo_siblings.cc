// The dynamo server with "conflict": "siblings" (DeCandia et al. 2007, §4.4): the coordinator of a
// put makes a version from the client's context and a fresh dot of its own (siblings.h); a replica
// keeps every version no other supersedes; a get returns the union of what R replicas hold, and
// read repair sends that union to each replica that held less. The rest of the server
// (quorums, deadlines, answering the client) is dynamo_node.cc's, shared with last-writer-wins.
#include <string>
#include <utility>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/view.h"

namespace dsim::dynamo {
namespace {

std::string siblings_storage_key(std::string_view key) {
  return std::string(view::kDurableSiblingsPrefix) + std::string(key);
}

std::string quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::map<std::string, SiblingSet> stored_siblings(const DurableEntries& entries) {
  std::map<std::string, SiblingSet> result;
  for (auto it = entries.lower_bound(view::kDurableSiblingsPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableSiblingsPrefix.size()) != view::kDurableSiblingsPrefix) break;
    if (std::optional<SiblingSet> set = SiblingSet::decode(it->second)) {
      result.emplace(std::string(key.substr(view::kDurableSiblingsPrefix.size())), std::move(*set));
    }
  }
  return result;
}

void DynamoServer::load_siblings(Context& ctx) {
  siblings_ = stored_siblings(ctx.storage().entries());
  dot_counter_ = static_cast<std::uint64_t>(ctx.storage().get_int(view::kDurableDotCounter).value_or(0));
}

std::string DynamoServer::new_version(Context& ctx, const ClientPut& put) {
  Sibling version;
  version.value = put.value;
  if (std::optional<VectorClock> context = VectorClock::parse(put.context)) version.context = *context;
  // A dot is never reused, across keys and restarts: it is durable before any replica sees it.
  // Every dot of this server so far is at most dot_counter_, so the new one exceeds the context's
  // entry for this server and the version's clock descends from its context.
  version.dot = Dot{ctx.self(), ++dot_counter_};
  ctx.persist_int(view::kDurableDotCounter, static_cast<std::int64_t>(dot_counter_));
  // The coordinator writes the version locally first (§4.4) and sends the replicas everything it
  // holds for the key, not the new version alone. A client whose context has this server's entry
  // n claims to have read every version of the key this server made before; that is true only if
  // whoever holds dot n also got those earlier dots (or versions that supersede them). Sending the
  // new version alone lets a replica that missed the earlier one serve n without it, and the next
  // write would drop the earlier one unseen (Preguiça et al. 2010 make the same condition: the
  // server that makes a dot holds the key's earlier versions). A coordinator outside the
  // preference list keeps its own copy for the same reason.
  SiblingSet& held = siblings_[put.key];
  held.insert(version, supersede_rule());
  ctx.persist(siblings_storage_key(put.key), held.encode());
  return held.encode();
}

void DynamoServer::take_sibling_reply(Operation& operation, NodeId from, const ReplicaReadReply& reply) {
  operation.held[from] = reply.siblings;
  if (std::optional<SiblingSet> held = SiblingSet::decode(reply.siblings)) operation.siblings.merge(*held, supersede_rule());
  operation.found = !operation.siblings.empty();
}

void DynamoServer::count_siblings_returned(Context& ctx, const Operation& operation) {
  ctx.observe(view::kMetricSiblingsPerGet, static_cast<std::int64_t>(operation.siblings.size()));
  if (operation.siblings.size() >= 2) {
    ctx.mark(view::kMarkSiblingsReturned);
    ctx.annotate(std::to_string(operation.siblings.size()) + " concurrent versions of " + operation.key +
                 " returned to the client: " + operation.siblings.encode());
  }
}

void DynamoServer::repair_siblings(Context& ctx, const Operation& operation) {
  if (operation.siblings.empty()) return;
  std::string merged = operation.siblings.encode();
  for (const auto& [replica, held] : operation.held) {
    if (held == merged) continue;
    ReplicaWrite repair;
    repair.key = operation.key;
    repair.siblings = merged;
    repair.repair = true;
    ctx.mark(view::kMarkReadRepair);
    ctx.count(view::kMetricReadRepairs);
    send_to_replica(ctx, replica, std::move(repair));
  }
}

void DynamoServer::store_siblings(Context& ctx, const ReplicaWrite& write) {
  std::optional<SiblingSet> incoming = SiblingSet::decode(write.siblings);
  if (!incoming) return;  // nothing but a coordinator sends this, and it encodes what decode reads
  SiblingSet& held = siblings_[write.key];
  // Durable before the acknowledgement, as with last-writer-wins.
  if (held.merge(*incoming, supersede_rule())) ctx.persist(siblings_storage_key(write.key), held.encode());
}

std::string DynamoServer::held_siblings(const std::string& key) const {
  auto it = siblings_.find(key);
  return it == siblings_.end() ? std::string() : it->second.encode();
}

void DynamoServer::publish_siblings(Context& ctx) {
  std::string json = "{";
  for (const auto& [key, set] : siblings_) {
    if (json.size() > 1) json += ",";
    json += quote(key) + ":[";
    for (std::size_t i = 0; i < set.versions().size(); ++i) json += (i ? "," : "") + quote(set.versions()[i].to_string());
    json += "]";
  }
  json += "}";
  ctx.publish(view::kSiblings, std::move(json));
  ctx.publish(view::kCoordinating, static_cast<std::int64_t>(operations_.size()));
}

}  // namespace dsim::dynamo
