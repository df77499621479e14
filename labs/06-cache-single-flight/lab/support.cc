// Lab 6's given helpers (support.h).
#include "labs/06-cache-single-flight/lab/support.h"

#include <string>
#include <utility>

#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/view.h"

namespace dsim::lab06 {

std::map<cache::KeyId, Entry> preloaded_entries(Context& ctx, const cache::CacheParams& params) {
  std::map<cache::KeyId, Entry> entries;
  if (params.cache.preload == cache::Preload::none) return entries;
  cache::Placement placement(params.cache_nodes, 1, {}, 1);
  for (std::int64_t key = 0; key < params.keys; ++key) {
    auto id = static_cast<cache::KeyId>(key);
    if (placement.holders(id, 0).front() != ctx.self()) continue;
    Entry entry{1, ctx.now() + params.cache.ttl_us};
    if (params.cache.preload == cache::Preload::steady) entry.expires_us = ctx.now() + ctx.rng().uniform(1, params.cache.ttl_us);
    entries[id] = entry;
  }
  return entries;
}

void reply_get(Context& ctx, NodeId client, std::uint64_t request_id, cache::KeyId key, cache::GetOutcome outcome,
               const Entry* entry) {
  cache::CacheGetReply reply;
  reply.request_id = request_id;
  reply.key = key;
  reply.outcome = outcome;
  if (entry != nullptr) {
    reply.version = entry->version;
    reply.expires_us = entry->expires_us;
  }
  ctx.send(client, std::move(reply));
}

void record_set(Context& ctx, cache::KeyId key, cache::Version version) {
  HistoryEvent record;
  record.kind = HistoryEvent::Kind::ok;
  record.op = std::string(cache::view::kOpCacheSet);
  record.key = cache::key_name(key);
  record.value = cache::read_value(version, ctx.self());
  ctx.record(std::move(record));
}

void record_delete(Context& ctx, cache::KeyId key, cache::Version version) {
  HistoryEvent record;
  record.kind = HistoryEvent::Kind::ok;
  record.op = std::string(cache::view::kOpCacheDelete);
  record.key = cache::key_name(key);
  record.value = cache::version_value(version);
  ctx.record(std::move(record));
}

}  // namespace dsim::lab06
