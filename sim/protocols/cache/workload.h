// An application server (a client node): it receives user requests as Poisson arrivals (the main
// mix of reads and writes over zipf-popular keys, a flash crowd on one key, reads of keys that do
// not exist) and serves each through the cache. In cache-aside it does the work itself: get; on a
// miss read the database and set the value (with the lease, if one came); on a write, update the
// database then delete the key everywhere (Nishtala et al. §2, Figure 1). It also holds the
// application-side remedies: XFetch or uniform early recomputation on a hit, the refresh a
// stale-while-revalidate read asks for, retrying after "wait" (leases), and filling a cold node from
// the warm cluster. In read-through and write-through/behind it just asks the cache node.
//
// Every operation is recorded (invoke, then ok, fail or info) for the checkers; an operation that
// has not finished after the timeout fails (a write whose fate is unknown is "info").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/core/random.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/timers.h"

namespace dsim::cache {

class CacheClient final : public ProtocolNode<CacheClient> {
 public:
  static constexpr std::string_view kNodeType = "cache client";

  CacheClient(CacheParams params, CacheWorkload workload, Placement placement, std::uint32_t client_index);

  void start(Context& ctx);
  bool is_current(const NextArrival&) const { return true; }
  bool is_current(const OperationTimeout& timeout) const { return tasks_.count(timeout.request_id) != 0; }
  bool is_current(const LeaseRetry& retry) const;
  bool is_current(const ClientTick&) const { return true; }
  // "read k3" or "write k3": one operation now, through the normal path.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  // What an operation (or a background refresh) is waiting for.
  enum class Stage : std::uint8_t { cache, warm_peer, database, write };
  struct Task {
    bool write = false;
    bool refresh = false;       // a background recomputation (XFetch, stale-while-revalidate): no history
    KeyId key = 0;
    TimeUs started_us = 0;
    Stage stage = Stage::cache;
    NodeId cache_node = kNoNode;  // the node this read asked, where its value is set
    std::uint64_t lease = 0;
    std::uint64_t attempt = 0;    // lease retries so far
    TimeUs database_started_us = 0;
  };

  void on_next_arrival(Context& ctx, const NextArrival& arrival);
  void on_operation_timeout(Context& ctx, const OperationTimeout& timeout);
  void on_lease_retry(Context& ctx, const LeaseRetry& retry);
  void on_client_tick(Context& ctx, const ClientTick& tick);
  void on_cache_get_reply(Context& ctx, NodeId from, const CacheGetReply& reply);
  void on_cache_write_reply(Context& ctx, NodeId from, const CacheWriteReply& reply);
  void on_db_read_reply(Context& ctx, NodeId from, const DbReadReply& reply);
  void on_db_write_reply(Context& ctx, NodeId from, const DbWriteReply& reply);

  void schedule_arrival(Context& ctx, std::uint64_t stream);
  double stream_rate(std::uint64_t stream) const;
  void begin_read(Context& ctx, KeyId key);
  void begin_write(Context& ctx, KeyId key);
  void begin_refresh(Context& ctx, KeyId key, NodeId cache_node, std::uint64_t lease);
  void send_get(Context& ctx, std::uint64_t request_id, Task& task);
  void read_database(Context& ctx, std::uint64_t request_id, Task& task);
  void cache_aside_reply(Context& ctx, NodeId from, std::uint64_t request_id, Task& task, const CacheGetReply& reply);
  void complete(Context& ctx, std::uint64_t request_id, const std::string& value);
  void fail(Context& ctx, std::uint64_t request_id);
  void count_failure(Context& ctx);
  void record(Context& ctx, HistoryEvent::Kind kind, std::uint64_t request_id, const Task& task, std::string value);

  CacheParams params_;
  CacheWorkload workload_;
  Placement placement_;
  std::uint32_t client_index_;
  ZipfDistribution popularity_;
  std::map<std::uint64_t, Task> tasks_;  // operations and refreshes under way, by request id
  std::uint64_t next_request_ = 1;
  std::int64_t ok_ = 0;                  // operations that succeeded
  std::int64_t failed_ = 0;              // operations that failed or timed out
  std::int64_t recomputations_ = 0;      // database reads made to fill the cache
  std::int64_t counted_ops_ = 0;         // already added to the metrics
  std::int64_t counted_failed_ = 0;
  std::int64_t counted_recomputations_ = 0;

 public:
  using Messages = MessageHandlers<&CacheClient::on_cache_get_reply, &CacheClient::on_cache_write_reply,
                                   &CacheClient::on_db_read_reply, &CacheClient::on_db_write_reply>;
  using Timers = TimerHandlers<&CacheClient::on_next_arrival, &CacheClient::on_operation_timeout,
                               &CacheClient::on_lease_retry, &CacheClient::on_client_tick>;
};

}  // namespace dsim::cache
