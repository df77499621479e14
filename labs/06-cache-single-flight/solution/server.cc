// Lab 6's reference cache node (server.h): read-through with single-flight, expiry and
// invalidation (docs/concepts/caching.md). Sections: start and view; reads; database replies;
// deletes.
#include "server.h"

#include <algorithm>
#include <utility>

#include "sim/protocols/cache/view.h"

namespace dsim::lab06 {

CacheNode::CacheNode(cache::CacheParams params) : params_(std::move(params)) {}

void CacheNode::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, cache::view::kRoleCache);
  entries_ = preloaded_entries(ctx, params_);
}

void CacheNode::restart(Context& ctx) {
  ctx.publish(dsim::view::kRole, cache::view::kRoleCache);
  ctx.annotate("restarted cold: every key misses until it is read again");
}

void CacheNode::publish_view(Context& ctx) {
  ctx.publish(cache::view::kEntries, static_cast<std::int64_t>(entries_.size()));
}

// ---------------------------------------------------------------- reads

void CacheNode::on_get(Context& ctx, NodeId from, const cache::CacheGet& get) {
  auto found = entries_.find(get.key);
  // Expiry: a copy past its TTL is a miss, and goes (it would only be served stale).
  if (found != entries_.end() && found->second.expires_us <= ctx.now()) {
    entries_.erase(found);
    found = entries_.end();
  }
  if (found != entries_.end()) {
    ctx.count(cache::view::kMetricHits);
    return reply_get(ctx, from, get.request_id, get.key, cache::GetOutcome::hit, &found->second);
  }
  ctx.count(cache::view::kMetricMisses);
  Waiter waiter{from, get.request_id};
  auto joined = load_of_key_.find(get.key);
  if (joined != load_of_key_.end()) {
    // Single-flight: a read of this key is already on its way; its answer serves this one too.
    ctx.mark(cache::view::kMarkCoalesced);
    loads_.at(joined->second).waiters.push_back(waiter);
    return;
  }
  std::uint64_t load = start_load(ctx, get.key);
  loads_.at(load).waiters.push_back(waiter);
}

std::uint64_t CacheNode::start_load(Context& ctx, cache::KeyId key) {
  std::uint64_t id = next_load_++;
  loads_[id].key = key;
  load_of_key_[key] = id;
  cache::DbRead read;
  read.request_id = id;
  read.key = key;
  ctx.send(cache::kDatabaseNode, std::move(read));
  ctx.count(cache::view::kMetricRecomputations);
  // The reply may never come (a lost message, a database that drops it): give up when the
  // clients would, or every later miss of the key would wait on a read that never ends.
  ctx.set_timer(params_.client.timeout_us, cache::LoadTimeout{id});
  return id;
}

// ---------------------------------------------------------------- database replies

void CacheNode::on_db_read_reply(Context& ctx, NodeId, const cache::DbReadReply& reply) {
  auto it = loads_.find(reply.request_id);
  if (it == loads_.end()) return;  // timed out already
  Load load = std::move(it->second);
  loads_.erase(it);
  auto indexed = load_of_key_.find(load.key);
  if (indexed != load_of_key_.end() && indexed->second == reply.request_id) load_of_key_.erase(indexed);
  // A failed read (the database's queue was full) still answers everyone who waited for it.
  if (reply.refused) return fail_waiters(ctx, load);
  if (reply.version == 0) {
    for (const Waiter& waiter : load.waiters) {
      reply_get(ctx, waiter.client, waiter.request_id, load.key, cache::GetOutcome::not_found);
    }
    return;
  }
  Entry entry{reply.version, ctx.now() + params_.cache.ttl_us};
  // Invalidation race: a write committed a newer version (and its delete arrived) while this read
  // was on its way. The old version answers the readers who were already waiting, but is not kept,
  // or every later read would get it until it expires (Nishtala et al. 2013, §3.2.1).
  auto deleted = deleted_.find(load.key);
  if (deleted == deleted_.end() || reply.version >= deleted->second) {
    entries_[load.key] = entry;
    record_set(ctx, load.key, reply.version);
  }
  for (const Waiter& waiter : load.waiters) {
    reply_get(ctx, waiter.client, waiter.request_id, load.key, cache::GetOutcome::hit, &entry);
  }
}

void CacheNode::on_load_timeout(Context& ctx, const cache::LoadTimeout& timeout) {
  auto it = loads_.find(timeout.load);
  Load load = std::move(it->second);
  loads_.erase(it);
  auto indexed = load_of_key_.find(load.key);
  if (indexed != load_of_key_.end() && indexed->second == timeout.load) load_of_key_.erase(indexed);
  fail_waiters(ctx, load);
}

void CacheNode::fail_waiters(Context& ctx, const Load& load) {
  for (const Waiter& waiter : load.waiters) {
    reply_get(ctx, waiter.client, waiter.request_id, load.key, cache::GetOutcome::failed);
  }
}

// ---------------------------------------------------------------- deletes

void CacheNode::on_delete(Context& ctx, NodeId, const cache::CacheDelete& erase) {
  entries_.erase(erase.key);
  deleted_[erase.key] = std::max(deleted_[erase.key], erase.version);
  // A read already on its way may return the old version: later misses must not join it.
  load_of_key_.erase(erase.key);
  record_delete(ctx, erase.key, erase.version);
}

}  // namespace dsim::lab06
