// Lab 6: a read-through cache node in front of a slow database, with single-flight (request
// coalescing), expiry and invalidation. Read ../README.md first; the TODOs are in server.cc. You
// may add fields and helpers; keep the constructor, start, restart, is_current and the handler
// lists, which the lab's plugin and the kit call.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "labs/06-cache-single-flight/lab/support.h"
#include "sim/core/protocol_node.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/timers.h"

namespace dsim::lab06 {

class CacheNode final : public ProtocolNode<CacheNode> {
 public:
  static constexpr std::string_view kNodeType = "lab 6 cache node";

  explicit CacheNode(cache::CacheParams params);

  void start(Context& ctx);    // first start: empty, or preloaded
  void restart(Context& ctx);  // after a crash: empty (a cache is volatile)
  bool is_current(const cache::LoadTimeout& timeout) const { return loads_.count(timeout.load) != 0; }
  void publish_view(Context& ctx);

 private:
  // A client waiting for a database read: whom to answer.
  struct Waiter {
    NodeId client = kNoNode;
    std::uint64_t request_id = 0;
  };
  // One database read this node made (a "load"), and everyone waiting for it.
  struct Load {
    cache::KeyId key = 0;
    std::vector<Waiter> waiters;
  };

  void on_get(Context& ctx, NodeId from, const cache::CacheGet& get);
  void on_delete(Context& ctx, NodeId from, const cache::CacheDelete& erase);
  void on_db_read_reply(Context& ctx, NodeId from, const cache::DbReadReply& reply);
  void on_load_timeout(Context& ctx, const cache::LoadTimeout& timeout);

  // Sends a DbRead for `key` and returns its load id (the DbRead's request_id).
  std::uint64_t start_load(Context& ctx, cache::KeyId key);
  // Answers every waiter of `load` with `failed`.
  void fail_waiters(Context& ctx, const Load& load);

  cache::CacheParams params_;
  std::map<cache::KeyId, Entry> entries_;           // what the cache holds
  std::map<std::uint64_t, Load> loads_;             // database reads in flight, by load id
  std::map<cache::KeyId, std::uint64_t> load_of_key_;  // single-flight: the load a miss of this key joins
  std::map<cache::KeyId, cache::Version> deleted_;  // the newest version a delete announced, per key
  std::uint64_t next_load_ = 1;

 public:
  using Messages = MessageHandlers<&CacheNode::on_get, &CacheNode::on_delete, &CacheNode::on_db_read_reply>;
  using Timers = TimerHandlers<&CacheNode::on_load_timeout>;
};

}  // namespace dsim::lab06
