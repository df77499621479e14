// Lab 6: YOUR cache node (server.h). Work through TODO 1 to TODO 5 in order; ../README.md says
// what each step is for, and `build/dsim lab grade 06` tells you how you are doing. It compiles
// and runs as it is: it answers every read with `failed`.
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
  // TODO 1 (hits and expiry): look get.key up in entries_. A copy whose expires_us is still ahead
  // of ctx.now() is a hit: reply_get(ctx, from, get.request_id, get.key, cache::GetOutcome::hit,
  // &entry). A copy past its expiry is a miss: erase it.
  //
  // TODO 2 (misses): on a miss, start a database read (start_load(ctx, get.key) returns its load
  // id) and add Waiter{from, get.request_id} to loads_.at(load).waiters; on_db_read_reply answers.
  //
  // TODO 4 (single-flight): if a read of this key is already in flight (load_of_key_), join its
  // waiters instead of starting another, and ctx.mark(cache::view::kMarkCoalesced).
  reply_get(ctx, from, get.request_id, get.key, cache::GetOutcome::failed);
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
  // The reply may never come (a lost message, a paused database): give up when the clients would.
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
  // TODO 5 (failed reads): reply.refused means the database's queue was full and nothing was
  // read. Answer every waiter with failed (fail_waiters) and stop. (on_load_timeout, below, too.)
  if (reply.version == 0) {  // no such key
    for (const Waiter& waiter : load.waiters) {
      reply_get(ctx, waiter.client, waiter.request_id, load.key, cache::GetOutcome::not_found);
    }
    return;
  }
  Entry entry{reply.version, ctx.now() + params_.cache.ttl_us};
  // TODO 2, continued: keep the entry (entries_[load.key] = entry; record_set(ctx, load.key,
  // reply.version)) and answer every waiter with a hit of it.
  //
  // TODO 3 (invalidation, second half): do not keep a version older than the newest one a delete
  // announced for this key (deleted_): this read may have started before that write committed.
  // Still answer the waiters with it: their reads began before the delete arrived.
  (void)entry;
}

void CacheNode::on_load_timeout(Context& ctx, const cache::LoadTimeout& timeout) {
  // TODO 5, continued: the database never answered this load. Take it out of loads_ and
  // load_of_key_ (if it is still the key's load), and answer its waiters with failed. Until you
  // do, every later miss of the key joins a read that will never end.
  (void)ctx;
  (void)timeout;
}

void CacheNode::fail_waiters(Context& ctx, const Load& load) {
  for (const Waiter& waiter : load.waiters) {
    reply_get(ctx, waiter.client, waiter.request_id, load.key, cache::GetOutcome::failed);
  }
}

// ---------------------------------------------------------------- deletes

void CacheNode::on_delete(Context& ctx, NodeId, const cache::CacheDelete& erase) {
  // TODO 3 (invalidation): a write committed erase.version: drop the key's copy (entries_), note
  // the version in deleted_ (keep the newest), and detach any read in flight for the key
  // (load_of_key_.erase): it may return the old version, so later misses must start a new one.
  record_delete(ctx, erase.key, erase.version);
}

}  // namespace dsim::lab06
