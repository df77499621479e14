// Lab 6's given helpers: answering a read, and the records the checkers and the viewer read. They
// are the steps dsim's own cache node takes (sim/protocols/cache/cache_node.cc), so your runs are
// judged and drawn exactly like the library's cache/ scenarios.
#pragma once

#include <cstdint>
#include <map>

#include "sim/core/node.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/params.h"

namespace dsim::lab06 {

// What the cache holds for a key: the database version it read, and when that copy expires.
struct Entry {
  cache::Version version = 0;
  TimeUs expires_us = 0;
};

// What this node holds at its first start: nothing, or with "cache": {"preload": "steady"} every
// key it serves at the database's first version, as if the cache had been running a while (each
// expiring anywhere within one TTL), or "together" (all expiring one TTL from now). A restarted
// node starts cold: do not call this from restart().
std::map<cache::KeyId, Entry> preloaded_entries(Context& ctx, const cache::CacheParams& params);

// Answers the client's read `request_id` of `key`: hit (with `entry`), not_found, or failed.
void reply_get(Context& ctx, NodeId client, std::uint64_t request_id, cache::KeyId key, cache::GetOutcome outcome,
               const Entry* entry = nullptr);

// Records, for the checkers' evidence and the viewer, that this node stored `version` of `key`
// (call it each time you store a value), or deleted `key` because the database committed `version`.
void record_set(Context& ctx, cache::KeyId key, cache::Version version);
void record_delete(Context& ctx, cache::KeyId key, cache::Version version);

}  // namespace dsim::lab06
