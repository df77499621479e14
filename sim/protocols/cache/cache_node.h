// A cache node: a memcached-like server with a capacity, an eviction order and TTLs (cache_store.h),
// serving requests through a few workers and a queue (service_queue.h), so that a hot key can
// overload it. In cache-aside it only answers gets, sets and deletes; in read-through it reads the
// database itself on a miss (one read per miss, or one per key with single-flight); in
// write-through it writes the database before it answers; in write-behind it answers at once and
// writes the database later, from a buffer that is lost in a crash unless journaled.
//
// The cache is volatile: a crash loses every entry (only a write-behind journal is durable), and a
// restarted node starts cold; with cold_warmup it tells clients so, and they fill it from the other
// cluster instead of the database (Nishtala et al. §4.3).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/cache/bloom_filter.h"
#include "sim/protocols/cache/cache_store.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/meter.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/service_queue.h"
#include "sim/protocols/cache/timers.h"
#include "sim/protocols/cache/write_buffer.h"

namespace dsim::cache {

// The StoreOptions a node's parameters give.
StoreOptions store_options(const CacheParams& params);

class CacheServer final : public ProtocolNode<CacheServer> {
 public:
  static constexpr std::string_view kNodeType = "cache node";

  CacheServer(CacheParams params, Placement placement);

  void start(Context& ctx);    // first start: empty, or preloaded
  void restart(Context& ctx);  // after a crash: empty (cold), the journal replayed
  bool is_current(const ServiceDone& done) const { return jobs_.count(done.job) != 0; }
  bool is_current(const MeterTick&) const { return true; }
  bool is_current(const LoadTimeout& timeout) const { return loads_.count(timeout.load) != 0; }
  bool is_current(const FlushTick&) const { return true; }

  // For tests and the inspector.
  const CacheStore& store() const { return store_; }
  std::size_t write_buffer_size() const { return write_buffer_.writes(); }

 private:
  // A request waiting for, or in, a worker.
  struct Job {
    NodeId from = kNoNode;
    std::unique_ptr<Message> request;
    TimeUs arrived_us = 0;
  };
  // Someone waiting for a read-through load: a client's get, or a write-behind write that needs
  // the key's current version first.
  struct Waiter {
    NodeId client = kNoNode;
    std::uint64_t request_id = 0;
    bool write = false;
    std::string origin;  // a write's
  };
  // One database request the node made: a read-through load, or a write-through write.
  struct Load {
    KeyId key = 0;
    bool write = false;          // a write-through write
    bool background = false;     // a stale-while-revalidate refresh nobody waits for
    TimeUs started_us = 0;
    std::vector<Waiter> waiters;
  };

  // Arrivals: every client request costs a worker's service time.
  void on_get(Context& ctx, NodeId from, const CacheGet& get);
  void on_set(Context& ctx, NodeId from, const CacheSet& set);
  void on_delete(Context& ctx, NodeId from, const CacheDelete& erase);
  void on_write(Context& ctx, NodeId from, const CacheWrite& write);
  // The node's own database replies: no worker needed.
  void on_db_read_reply(Context& ctx, NodeId from, const DbReadReply& reply);
  void on_db_write_reply(Context& ctx, NodeId from, const DbWriteReply& reply);
  void on_service_done(Context& ctx, const ServiceDone& done);
  void on_meter_tick(Context& ctx, const MeterTick& tick);
  void on_load_timeout(Context& ctx, const LoadTimeout& timeout);
  void on_flush_tick(Context& ctx, const FlushTick& tick);

  void begin(Context& ctx);
  void admit(Context& ctx, NodeId from, const Message& request);
  void start_job(Context& ctx, std::uint64_t job);
  void refuse(Context& ctx, NodeId from, const Message& request);

  void serve_get(Context& ctx, NodeId from, const CacheGet& get);
  void serve_set(Context& ctx, NodeId from, const CacheSet& set);
  void serve_delete(Context& ctx, const CacheDelete& erase);
  void serve_write(Context& ctx, NodeId from, const CacheWrite& write);
  void reply_get(Context& ctx, NodeId to, std::uint64_t request_id, KeyId key, GetOutcome outcome,
                 const CacheEntry* entry = nullptr);

  // Read-through and write-behind loads.
  void read_through_miss(Context& ctx, NodeId from, const CacheGet& get);
  std::uint64_t start_load(Context& ctx, KeyId key, bool background);
  void finish_load(Context& ctx, std::uint64_t load_id, Load load, const DbReadReply& reply);
  void fail_waiters(Context& ctx, const Load& load);

  // Write paths.
  void write_through(Context& ctx, NodeId from, const CacheWrite& write);
  void write_behind(Context& ctx, NodeId from, std::uint64_t request_id, KeyId key, std::string origin);
  std::optional<Version> newest_known_version(KeyId key) const;
  void replay_journal(Context& ctx);

  CacheEntry fresh_entry(Context& ctx, Version version, DurationUs delta_us);
  DurationUs ttl(Context& ctx);
  // Records a set for the checkers: its version, who sent it, whether it was stored.
  void record_set(Context& ctx, KeyId key, Version version, bool stored, NodeId setter);
  void preload(Context& ctx);
  bool is_warming(const Context& ctx) const;
  void publish_load(Context& ctx);

  CacheParams params_;
  Placement placement_;
  CacheStore store_;
  std::optional<BloomFilter> bloom_;       // the keys that exist (bloom_filter on)
  ServiceQueue queue_;
  std::map<std::uint64_t, Job> jobs_;      // admitted and not yet served, by job number
  std::uint64_t next_job_ = 1;
  std::map<std::uint64_t, Load> loads_;    // the node's own database requests, by request id
  std::map<KeyId, std::uint64_t> load_of_key_;  // single-flight: the load a miss of this key joins
  std::uint64_t next_load_ = 1;
  WriteBuffer write_buffer_;               // write-behind: acknowledged, not yet in the database
  std::uint64_t next_journal_ = 1;
  TimeUs warming_until_us_ = 0;            // cold warm-up mode lasts until then
  Meter meter_;
  std::int64_t hits_since_tick_ = 0;       // counted into the metrics once per tick
  std::int64_t misses_since_tick_ = 0;
  std::int64_t recomputations_since_tick_ = 0;
  std::uint64_t evictions_marked_ = 0;     // evictions already marked

 public:
  using Messages = MessageHandlers<&CacheServer::on_get, &CacheServer::on_set, &CacheServer::on_delete,
                                   &CacheServer::on_write, &CacheServer::on_db_read_reply,
                                   &CacheServer::on_db_write_reply>;
  using Timers = TimerHandlers<&CacheServer::on_service_done, &CacheServer::on_meter_tick,
                               &CacheServer::on_load_timeout, &CacheServer::on_flush_tick>;
};

}  // namespace dsim::cache
