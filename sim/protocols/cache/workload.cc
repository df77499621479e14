// The application server's reactions. Sections: start and arrivals; starting operations; cache
// replies (read-through, cache-aside); database replies; finishing operations; timers.
#include "sim/protocols/cache/workload.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/cache/early_expiration.h"
#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/meter.h"
#include "sim/protocols/cache/view.h"

namespace dsim::cache {
namespace {

constexpr std::uint64_t kMainStream = 0;
constexpr std::uint64_t kFlashStream = 1;
constexpr std::uint64_t kMissingStream = 2;

}  // namespace

// ---------------------------------------------------------------- start and arrivals

CacheClient::CacheClient(CacheParams params, CacheWorkload workload, Placement placement, std::uint32_t client_index)
    : params_(std::move(params)),
      workload_(workload),
      placement_(std::move(placement)),
      client_index_(client_index),
      popularity_(static_cast<std::size_t>(params_.keys), workload_.zipf_exponent) {
  DSIM_ASSERT(workload_.clients >= 1, "a workload has at least one client");
}

void CacheClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  ctx.set_timer(Meter::kTickUs, ClientTick{});
  for (std::uint64_t stream : {kMainStream, kFlashStream, kMissingStream}) schedule_arrival(ctx, stream);
}

double CacheClient::stream_rate(std::uint64_t stream) const {
  double total = stream == kMainStream    ? workload_.rate_per_second
                 : stream == kFlashStream ? workload_.flash_crowd.rate_per_second
                                          : workload_.missing_rate_per_second;
  return total / static_cast<double>(workload_.clients);
}

void CacheClient::schedule_arrival(Context& ctx, std::uint64_t stream) {
  double rate = stream_rate(stream);
  if (!(rate > 0)) return;
  // Poisson arrivals: exponential gaps with this client's share of the stream's rate.
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(static_cast<double>(kSecond) / rate));
  TimeUs next = ctx.now() + gap;
  if (stream == kFlashStream) {
    const FlashCrowd& crowd = workload_.flash_crowd;
    if (next < crowd.at_us) next = crowd.at_us + gap;  // the crowd arrives all at once at `at`
    if (next >= crowd.at_us + crowd.for_us) return;
  }
  if (stream == kMissingStream && next < workload_.missing_from_us) next = workload_.missing_from_us + gap;
  if (next >= workload_.stop_us) return;
  ctx.set_timer(next - ctx.now(), NextArrival{stream});
}

void CacheClient::on_next_arrival(Context& ctx, const NextArrival& arrival) {
  if (arrival.stream == kMainStream) {
    KeyId key = static_cast<KeyId>(popularity_.draw(ctx.rng()));
    if (ctx.rng().bernoulli(workload_.write_fraction)) begin_write(ctx, key);
    else begin_read(ctx, key);
  } else if (arrival.stream == kFlashStream) {
    begin_read(ctx, workload_.flash_crowd.key);
  } else {
    // Keys past the database's last one: they do not exist.
    begin_read(ctx, static_cast<KeyId>(params_.keys) + static_cast<KeyId>(ctx.rng().index(static_cast<std::size_t>(workload_.missing_keys))));
  }
  schedule_arrival(ctx, arrival.stream);
}

std::string CacheClient::on_operator_request(Context& ctx, std::string_view request) {
  std::string_view verb = request.substr(0, request.find(' '));
  std::optional<KeyId> key;
  if (request.size() > verb.size()) key = parse_key_name(request.substr(verb.size() + 1));
  if ((verb != "read" && verb != "write") || !key) {
    return "expected \"read KEY\" or \"write KEY\" (a key such as k3), found \"" + std::string(request) + "\"";
  }
  if (verb == "write" && *key >= static_cast<KeyId>(params_.keys)) {
    return "writes go to keys that exist: k0 to k" + std::to_string(params_.keys - 1);
  }
  if (verb == "read") begin_read(ctx, *key);
  else begin_write(ctx, *key);
  return "";
}

// ---------------------------------------------------------------- starting operations

void CacheClient::begin_read(Context& ctx, KeyId key) {
  std::uint64_t id = next_request_++;
  Task& task = tasks_[id];
  task.key = key;
  task.started_us = ctx.now();
  record(ctx, HistoryEvent::Kind::invoke, id, task, "");
  ctx.set_timer(params_.client.timeout_us, OperationTimeout{id});
  std::vector<NodeId> holders = placement_.holders(key, placement_.cluster_of_client(client_index_));
  task.cache_node = holders.size() == 1 ? holders.front() : ctx.rng().pick(holders);  // a replica at random
  send_get(ctx, id, task);
}

void CacheClient::begin_write(Context& ctx, KeyId key) {
  std::uint64_t id = next_request_++;
  Task& task = tasks_[id];
  task.write = true;
  task.key = key;
  task.started_us = ctx.now();
  task.stage = Stage::write;
  record(ctx, HistoryEvent::Kind::invoke, id, task, "");
  ctx.set_timer(params_.client.timeout_us, OperationTimeout{id});
  std::string origin = write_origin(client_index_, id);
  if (params_.write_path == WritePath::invalidate) {
    DbWrite write;
    write.request_id = id;
    write.key = key;
    write.origin = std::move(origin);
    ctx.send(kDatabaseNode, std::move(write));
    return;
  }
  // Write-through and write-behind: the key's first node in this client's cluster owns its writes.
  task.cache_node = placement_.holders(key, placement_.cluster_of_client(client_index_)).front();
  CacheWrite write;
  write.request_id = id;
  write.key = key;
  write.origin = std::move(origin);
  ctx.send(task.cache_node, std::move(write));
}

void CacheClient::begin_refresh(Context& ctx, KeyId key, NodeId cache_node, std::uint64_t lease) {
  std::uint64_t id = next_request_++;
  Task& task = tasks_[id];
  task.refresh = true;
  task.key = key;
  task.started_us = ctx.now();
  task.cache_node = cache_node;
  task.lease = lease;
  ctx.set_timer(params_.client.timeout_us, OperationTimeout{id});
  read_database(ctx, id, task);
}

void CacheClient::send_get(Context& ctx, std::uint64_t request_id, Task& task) {
  task.stage = Stage::cache;
  CacheGet get;
  get.request_id = request_id;
  get.key = task.key;
  ctx.send(task.cache_node, std::move(get));
}

void CacheClient::read_database(Context& ctx, std::uint64_t request_id, Task& task) {
  task.stage = Stage::database;
  task.database_started_us = ctx.now();
  ++recomputations_;
  DbRead read;
  read.request_id = request_id;
  read.key = task.key;
  ctx.send(kDatabaseNode, std::move(read));
}

// ---------------------------------------------------------------- cache replies

void CacheClient::on_cache_get_reply(Context& ctx, NodeId from, const CacheGetReply& reply) {
  auto it = tasks_.find(reply.request_id);
  if (it == tasks_.end()) return;  // the operation already timed out
  Task& task = it->second;
  if (task.stage != Stage::cache && task.stage != Stage::warm_peer) return;  // a late duplicate
  if (params_.read_path == ReadPath::cache_aside) return cache_aside_reply(ctx, from, reply.request_id, task, reply);
  switch (reply.outcome) {
    case GetOutcome::hit:
    case GetOutcome::stale: return complete(ctx, reply.request_id, read_value(reply.version, from));
    case GetOutcome::not_found: return complete(ctx, reply.request_id, std::string(view::kAbsent));
    default: return fail(ctx, reply.request_id);
  }
}

void CacheClient::cache_aside_reply(Context& ctx, NodeId from, std::uint64_t request_id, Task& task,
                                    const CacheGetReply& reply) {
  if (task.stage == Stage::warm_peer) {
    if (reply.outcome == GetOutcome::hit) {
      // Cold cluster warm-up: the warm cluster had it; fill the cold node with it, no database.
      ctx.mark(view::kMarkWarmFill);
      CacheSet set;
      set.key = task.key;
      set.version = reply.version;
      set.delta_us = reply.delta_us;
      set.lease = task.lease;
      ctx.send(task.cache_node, std::move(set));
      return complete(ctx, request_id, read_value(reply.version, from));
    }
    return read_database(ctx, request_id, task);
  }
  switch (reply.outcome) {
    case GetOutcome::hit: {
      std::string value = read_value(reply.version, from);
      if (recompute_early(params_.client.early_expiration, ctx.now(), reply.expires_us, reply.delta_us,
                          params_.client.beta, ctx.rng())) {
        ctx.mark(view::kMarkEarlyRefresh);
        begin_refresh(ctx, task.key, from, 0);
      }
      return complete(ctx, request_id, value);
    }
    case GetOutcome::stale: {
      std::string value = read_value(reply.version, from);
      if (reply.refresh) begin_refresh(ctx, task.key, from, reply.lease);
      return complete(ctx, request_id, value);
    }
    case GetOutcome::not_found: return complete(ctx, request_id, std::string(view::kAbsent));
    case GetOutcome::miss: {
      task.lease = reply.lease;
      NodeId peer = reply.warming ? placement_.warm_peer(task.key, from) : kNoNode;
      if (peer != kNoNode) {
        task.stage = Stage::warm_peer;
        CacheGet get;
        get.request_id = request_id;
        get.key = task.key;
        get.warm_up_read = true;
        ctx.send(peer, std::move(get));
        return;
      }
      return read_database(ctx, request_id, task);
    }
    case GetOutcome::wait:
      // Someone else holds the lease and is filling the key: ask again shortly (§3.2.1).
      ++task.attempt;
      ctx.set_timer(params_.client.lease_retry_us, LeaseRetry{request_id, task.attempt});
      return;
    case GetOutcome::refused:
    case GetOutcome::failed: return fail(ctx, request_id);
  }
}

void CacheClient::on_cache_write_reply(Context& ctx, NodeId, const CacheWriteReply& reply) {
  if (!tasks_.count(reply.request_id)) return;
  if (!reply.ok) return fail(ctx, reply.request_id);
  complete(ctx, reply.request_id, version_value(reply.version));
}

// ---------------------------------------------------------------- database replies

void CacheClient::on_db_read_reply(Context& ctx, NodeId, const DbReadReply& reply) {
  auto it = tasks_.find(reply.request_id);
  if (it == tasks_.end() || it->second.stage != Stage::database) return;
  Task& task = it->second;
  if (reply.refused) {
    if (task.refresh) {
      tasks_.erase(it);
      return;
    }
    return fail(ctx, reply.request_id);
  }
  // Fill the cache: the value, or (negative caching) the fact that there is none.
  CacheSet set;
  set.key = task.key;
  set.version = reply.version;
  set.negative = reply.version == 0;
  set.delta_us = ctx.now() - task.database_started_us;
  set.lease = task.lease;
  ctx.send(task.cache_node, std::move(set));
  if (task.refresh) {
    tasks_.erase(it);
    return;
  }
  complete(ctx, reply.request_id, reply.version == 0 ? std::string(view::kAbsent) : read_value(reply.version, kDatabaseNode));
}

void CacheClient::on_db_write_reply(Context& ctx, NodeId, const DbWriteReply& reply) {
  auto it = tasks_.find(reply.request_id);
  if (it == tasks_.end()) return;
  if (reply.refused) return fail(ctx, reply.request_id);
  // Committed: now invalidate every copy, in every cluster (deletes are idempotent: §2).
  for (NodeId holder : placement_.all_holders(it->second.key)) {
    CacheDelete erase;
    erase.key = it->second.key;
    erase.version = reply.version;
    ctx.send(holder, std::move(erase));
  }
  complete(ctx, reply.request_id, version_value(reply.version));
}

// ---------------------------------------------------------------- finishing operations

void CacheClient::record(Context& ctx, HistoryEvent::Kind kind, std::uint64_t request_id, const Task& task,
                         std::string value) {
  HistoryEvent event;
  event.kind = kind;
  event.op = std::string(task.write ? view::kOpWrite : view::kOpRead);
  event.key = key_name(task.key);
  event.value = std::move(value);
  event.request_id = request_id;
  ctx.record(std::move(event));
}

void CacheClient::complete(Context& ctx, std::uint64_t request_id, const std::string& value) {
  auto it = tasks_.find(request_id);
  record(ctx, HistoryEvent::Kind::ok, request_id, it->second, value);
  ctx.observe(view::kMetricOpLatency, ctx.now() - it->second.started_us);
  ++ok_;
  tasks_.erase(it);
}

void CacheClient::fail(Context& ctx, std::uint64_t request_id) {
  auto it = tasks_.find(request_id);
  record(ctx, HistoryEvent::Kind::fail, request_id, it->second, "");
  count_failure(ctx);
  tasks_.erase(it);
}

void CacheClient::count_failure(Context&) { ++failed_; }

// ---------------------------------------------------------------- timers

void CacheClient::on_operation_timeout(Context& ctx, const OperationTimeout& timeout) {
  auto it = tasks_.find(timeout.request_id);
  if (it->second.refresh) {
    tasks_.erase(it);  // a background refresh simply gives up; the next reader may try again
    return;
  }
  ctx.mark(view::kMarkTimeout);
  // A write that timed out may still commit: its outcome is unknown ("info"). A read changed nothing.
  record(ctx, it->second.write ? HistoryEvent::Kind::info : HistoryEvent::Kind::fail, timeout.request_id, it->second, "");
  count_failure(ctx);
  tasks_.erase(it);
}

bool CacheClient::is_current(const LeaseRetry& retry) const {
  auto it = tasks_.find(retry.request_id);
  return it != tasks_.end() && it->second.attempt == retry.attempt && it->second.stage == Stage::cache;
}

void CacheClient::on_lease_retry(Context& ctx, const LeaseRetry& retry) {
  send_get(ctx, retry.request_id, tasks_.at(retry.request_id));
}

void CacheClient::on_client_tick(Context& ctx, const ClientTick&) {
  ctx.set_timer(Meter::kTickUs, ClientTick{});
  // Counted once a tick rather than once an operation: the same totals, a tenth of the records.
  // Workloads stop before the run ends, so the last tick counts the last operations.
  std::int64_t finished = (ok_ + failed_) - counted_ops_;
  if (finished > 0) ctx.count(view::kMetricOps, finished);
  if (failed_ > counted_failed_) ctx.count(view::kMetricOpsFailed, failed_ - counted_failed_);
  if (recomputations_ > counted_recomputations_) ctx.count(view::kMetricRecomputations, recomputations_ - counted_recomputations_);
  counted_ops_ = ok_ + failed_;
  counted_failed_ = failed_;
  counted_recomputations_ = recomputations_;
  ctx.publish(view::kOperationsOk, ok_);
  ctx.publish(view::kOperationsFailed, failed_);
  ctx.publish(view::kInFlight, static_cast<std::int64_t>(std::count_if(tasks_.begin(), tasks_.end(), [](const auto& entry) {
                return !entry.second.refresh;
              })));
}

}  // namespace dsim::cache
