// The database behind the cache: every key's committed version, durable, served by a few workers
// with a queue in front (service_queue.h). This is the node a stampede melts: when reads arrive
// faster than workers / read_time, the queue grows, each read waits behind it (latency climbs),
// clients give up (timeouts) while the database goes on serving reads nobody waits for, and once
// the queue is full it refuses new ones outright (errors). A read returns the version committed
// when its worker started it (a statement snapshot); a write commits when its worker finishes it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/meter.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/service_queue.h"
#include "sim/protocols/cache/timers.h"

namespace dsim::cache {

class DatabaseServer final : public ProtocolNode<DatabaseServer> {
 public:
  static constexpr std::string_view kNodeType = "database";

  // The database holds keys 0..keys-1, each at version 1 until written.
  DatabaseServer(DatabaseParams params, std::int64_t keys);

  // First start and restart alike: the committed versions come back from durable storage.
  void start(Context& ctx);
  bool is_current(const ServiceDone& done) const { return jobs_.count(done.job) != 0; }
  bool is_current(const MeterTick&) const { return true; }

  // For tests: the committed version of `key` (0: no such key).
  Version version_of(KeyId key) const;

 private:
  struct Job {
    NodeId from = kNoNode;
    bool write = false;
    std::uint64_t request_id = 0;
    KeyId key = 0;
    Version version = 0;  // a write's requested version (0: the next); a read's snapshot, once started
    std::string origin;   // a write's origin, "c1#17"
    TimeUs arrived_us = 0;
  };

  void on_read(Context& ctx, NodeId from, const DbRead& read);
  void on_write(Context& ctx, NodeId from, const DbWrite& write);
  void on_service_done(Context& ctx, const ServiceDone& done);
  void on_meter_tick(Context& ctx, const MeterTick& tick);

  void admit(Context& ctx, Job job);
  void start_job(Context& ctx, std::uint64_t job);
  void refuse(Context& ctx, const Job& job);
  void finish_read(Context& ctx, const Job& job);
  void finish_write(Context& ctx, const Job& job);
  void publish_load(Context& ctx);

  DatabaseParams params_;
  std::int64_t keys_;
  ServiceQueue queue_;
  std::map<std::uint64_t, Job> jobs_;         // admitted and not yet finished, by job number
  std::uint64_t next_job_ = 1;
  std::map<KeyId, Version> versions_;         // written keys; mirrors durable "version/k"
  Meter meter_;
  std::int64_t reads_since_tick_ = 0;         // counted into the metrics once per tick
  std::int64_t writes_since_tick_ = 0;
  std::int64_t refused_since_tick_ = 0;

 public:
  using Messages = MessageHandlers<&DatabaseServer::on_read, &DatabaseServer::on_write>;
  using Timers = TimerHandlers<&DatabaseServer::on_service_done, &DatabaseServer::on_meter_tick>;
};

}  // namespace dsim::cache
