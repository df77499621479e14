// The cache node's reactions. Sections: options and start; arrivals and service; gets; sets and
// deletes; read-through loads; write-through; write-behind and its journal; the meter.
#include "sim/protocols/cache/cache_node.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/view.h"

namespace dsim::cache {
namespace {

// "journal/000000000017": zero-padded, so the journal reads back in the order it was written.
std::string journal_key(std::uint64_t sequence) {
  std::string digits = std::to_string(sequence);
  if (digits.size() < 12) digits.insert(0, 12 - digits.size(), '0');
  return std::string(view::kDurableJournalPrefix) + digits;
}

}  // namespace

// ---------------------------------------------------------------- options and start

StoreOptions store_options(const CacheParams& params) {
  StoreOptions options;
  options.capacity = params.cache.capacity;
  options.lfu = params.cache.eviction == Eviction::lfu;
  options.leases = params.cache.leases;
  options.lease_timeout_us = params.cache.lease_timeout_us;
  options.stale_grace_us = params.cache.stale_while_revalidate_us;
  options.versioned_sets = params.cache.versioned_sets;
  options.tombstone_us = params.cache.tombstone_us;
  options.mutant_lease_ignores_delete = params.mutant_lease_ignores_delete;
  return options;
}

CacheServer::CacheServer(CacheParams params, Placement placement)
    : params_(std::move(params)),
      placement_(std::move(placement)),
      store_(store_options(params_)),
      queue_(params_.cache.workers, params_.cache.queue_limit) {}

void CacheServer::start(Context& ctx) {
  begin(ctx);
  if (params_.cache.preload != Preload::none) preload(ctx);
  publish_load(ctx);
}

void CacheServer::restart(Context& ctx) {
  begin(ctx);
  // Everything cached is gone with the process. A cold node says so while it warms up, and
  // clients fill its misses from the warm cluster rather than the database (Nishtala et al. §4.3).
  if (params_.cache.cold_warmup) {
    warming_until_us_ = ctx.now() + params_.cache.warmup_for_us;
    ctx.annotate("restarted cold: filling from the warm cluster for " + format_duration(params_.cache.warmup_for_us));
  } else {
    ctx.annotate("restarted cold: every key misses until it is read again");
  }
  replay_journal(ctx);
  publish_load(ctx);
}

void CacheServer::begin(Context& ctx) {
  DSIM_ASSERT(ctx.self() >= 1 && ctx.self() <= placement_.cache_nodes(), "cache nodes are nodes 1..n");
  ctx.publish(dsim::view::kRole, view::kRoleCache);
  if (params_.cache.bloom_filter) {
    // Built from the database's list of keys; writes only change existing keys, so it stays exact.
    bloom_.emplace(static_cast<std::uint64_t>(params_.keys), static_cast<std::uint64_t>(params_.cache.bloom_bits_per_key));
    for (std::int64_t key = 0; key < params_.keys; ++key) bloom_->add(static_cast<KeyId>(key));
  }
  ctx.set_timer(Meter::kTickUs, MeterTick{});
  if (params_.write_path == WritePath::write_behind) ctx.set_timer(params_.cache.flush_interval_us, FlushTick{});
}

void CacheServer::preload(Context& ctx) {
  // The `capacity` most popular keys this node holds, each at the database's first version,
  // inserted least popular first so that LRU keeps the hottest longest. "steady": as if the cache
  // had been running for a while, so each entry has a remaining lifetime anywhere in (0, ttl];
  // "together": loaded in one go just before the run, so all expire at about the same time.
  std::vector<KeyId> mine;
  std::uint32_t cluster = placement_.cluster_of_node(ctx.self());
  for (std::int64_t key = 0; key < params_.keys && static_cast<std::int64_t>(mine.size()) < params_.cache.capacity; ++key) {
    std::vector<NodeId> holders = placement_.holders(static_cast<KeyId>(key), cluster);
    if (std::find(holders.begin(), holders.end(), ctx.self()) != holders.end()) mine.push_back(static_cast<KeyId>(key));
  }
  DurationUs delta = params_.database.read_time.typical_us();
  for (auto it = mine.rbegin(); it != mine.rend(); ++it) {
    CacheEntry entry = fresh_entry(ctx, 1, delta);
    if (params_.cache.preload == Preload::steady) entry.expires_us = ctx.now() + ctx.rng().uniform(1, params_.cache.ttl_us);
    store_.install(*it, entry);
  }
}

CacheEntry CacheServer::fresh_entry(Context& ctx, Version version, DurationUs delta_us) {
  CacheEntry entry;
  entry.version = version;
  entry.expires_us = ctx.now() + ttl(ctx);
  entry.delta_us = delta_us;
  return entry;
}

DurationUs CacheServer::ttl(Context& ctx) {
  DurationUs base = params_.cache.ttl_us;
  if (params_.cache.ttl_jitter <= 0) return base;
  // Jitter shortens each TTL by a random share, so keys set together do not expire together.
  return base - ctx.rng().uniform(0, static_cast<std::int64_t>(static_cast<double>(base) * params_.cache.ttl_jitter));
}

bool CacheServer::is_warming(const Context& ctx) const { return ctx.now() < warming_until_us_; }

// ---------------------------------------------------------------- arrivals and service

void CacheServer::on_get(Context& ctx, NodeId from, const CacheGet& get) { admit(ctx, from, get); }
void CacheServer::on_set(Context& ctx, NodeId from, const CacheSet& set) { admit(ctx, from, set); }
void CacheServer::on_delete(Context& ctx, NodeId from, const CacheDelete& erase) { admit(ctx, from, erase); }
void CacheServer::on_write(Context& ctx, NodeId from, const CacheWrite& write) { admit(ctx, from, write); }

void CacheServer::admit(Context& ctx, NodeId from, const Message& request) {
  meter_.count_request();
  const ServiceTime& service = params_.cache.service_time;
  if (service.kind == ServiceTime::Kind::constant && service.a_us == 0) {
    // An infinitely fast node (the xfetch experiment's): no queue, no worker, served at once.
    if (auto* get = request.as<CacheGet>()) return serve_get(ctx, from, *get);
    if (auto* set = request.as<CacheSet>()) return serve_set(ctx, from, *set);
    if (auto* erase = request.as<CacheDelete>()) return serve_delete(ctx, *erase);
    if (auto* write = request.as<CacheWrite>()) return serve_write(ctx, from, *write);
  }
  std::uint64_t number = next_job_++;
  ServiceQueue::Admission admission = queue_.admit(number);
  if (admission == ServiceQueue::Admission::refused) return refuse(ctx, from, request);
  jobs_.emplace(number, Job{from, request.clone(), ctx.now()});
  if (admission == ServiceQueue::Admission::start) start_job(ctx, number);
}

void CacheServer::start_job(Context& ctx, std::uint64_t job) {
  ctx.set_timer(params_.cache.service_time.draw(ctx.rng()), ServiceDone{job});
}

void CacheServer::refuse(Context& ctx, NodeId from, const Message& request) {
  // An overloaded node turns requests away at once; a refused set or delete is simply lost.
  if (auto* get = request.as<CacheGet>()) return reply_get(ctx, from, get->request_id, get->key, GetOutcome::refused);
  if (auto* write = request.as<CacheWrite>()) {
    CacheWriteReply reply;
    reply.request_id = write->request_id;
    reply.key = write->key;
    ctx.send(from, std::move(reply));
  }
}

void CacheServer::on_service_done(Context& ctx, const ServiceDone& done) {
  auto it = jobs_.find(done.job);
  Job job = std::move(it->second);
  jobs_.erase(it);
  const Message& request = *job.request;
  if (auto* get = request.as<CacheGet>()) serve_get(ctx, job.from, *get);
  else if (auto* set = request.as<CacheSet>()) serve_set(ctx, job.from, *set);
  else if (auto* erase = request.as<CacheDelete>()) serve_delete(ctx, *erase);
  else if (auto* write = request.as<CacheWrite>()) serve_write(ctx, job.from, *write);
  if (std::optional<std::uint64_t> next = queue_.finish()) start_job(ctx, *next);
}

// ---------------------------------------------------------------- gets

void CacheServer::reply_get(Context& ctx, NodeId to, std::uint64_t request_id, KeyId key, GetOutcome outcome,
                            const CacheEntry* entry) {
  CacheGetReply reply;
  reply.request_id = request_id;
  reply.key = key;
  reply.outcome = outcome;
  if (entry != nullptr) {
    reply.version = entry->version;
    reply.expires_us = entry->expires_us;
    reply.delta_us = entry->delta_us;
  }
  reply.warming = is_warming(ctx);
  ctx.send(to, std::move(reply));
}

void CacheServer::serve_get(Context& ctx, NodeId from, const CacheGet& get) {
  if (bloom_ && !bloom_->may_contain(get.key)) {
    // Cache penetration stopped at the door: this key certainly does not exist.
    ctx.mark(view::kMarkBloomRejected);
    meter_.count_hit();
    ++hits_since_tick_;
    return reply_get(ctx, from, get.request_id, get.key, GetOutcome::not_found);
  }
  bool cache_aside = params_.read_path == ReadPath::cache_aside;
  GetResult result = store_.get(get.key, ctx.now(), !get.warm_up_read);
  switch (result.status) {
    case GetStatus::hit:
      meter_.count_hit();
      ++hits_since_tick_;
      return reply_get(ctx, from, get.request_id, get.key, GetOutcome::hit, &result.entry);
    case GetStatus::negative_hit:
      ctx.mark(view::kMarkNegativeHit);
      meter_.count_hit();
      ++hits_since_tick_;
      return reply_get(ctx, from, get.request_id, get.key, GetOutcome::not_found);
    case GetStatus::stale: {
      ctx.mark(view::kMarkStaleServed);
      meter_.count_hit();
      ++hits_since_tick_;
      CacheGetReply reply;
      reply.request_id = get.request_id;
      reply.key = get.key;
      reply.outcome = GetOutcome::stale;
      reply.version = result.entry.version;
      reply.expires_us = result.entry.expires_us;
      reply.delta_us = result.entry.delta_us;
      reply.warming = is_warming(ctx);
      if (cache_aside) {
        reply.lease = result.lease;
        reply.refresh = result.refresh;
      } else if (result.refresh) {
        start_load(ctx, get.key, /*background=*/true);  // one refresh; everyone else gets the old value
      }
      ctx.send(from, std::move(reply));
      return;
    }
    case GetStatus::miss: break;
  }
  meter_.count_miss();
  ++misses_since_tick_;
  if (!cache_aside) return read_through_miss(ctx, from, get);
  if (get.warm_up_read) return reply_get(ctx, from, get.request_id, get.key, GetOutcome::miss);
  CacheGetReply reply;
  reply.request_id = get.request_id;
  reply.key = get.key;
  reply.warming = is_warming(ctx);
  if (result.wait) {
    ctx.mark(view::kMarkLeaseWait);
    reply.outcome = GetOutcome::wait;
  } else {
    reply.outcome = GetOutcome::miss;
    reply.lease = result.lease;
  }
  ctx.send(from, std::move(reply));
}

// ---------------------------------------------------------------- sets and deletes

void CacheServer::serve_set(Context& ctx, NodeId from, const CacheSet& set) {
  SetRequest request;
  request.lease = set.lease;
  if (set.negative) {
    if (params_.cache.negative_ttl_us <= 0) return;
    request.entry.negative = true;
    request.entry.expires_us = ctx.now() + params_.cache.negative_ttl_us;
  } else {
    request.entry = fresh_entry(ctx, set.version, set.delta_us);
  }
  SetOutcome outcome = store_.set(set.key, request, ctx.now());
  record_set(ctx, set.key, set.version, outcome == SetOutcome::stored, from);
}

void CacheServer::record_set(Context& ctx, KeyId key, Version version, bool stored, NodeId setter) {
  // A set of a version older than one a delete has already announced is a stale set: the race of
  // Nishtala et al. §3.2.1. Marked whether it got in or was refused.
  if (version > 0 && version < store_.deleted_version(key, ctx.now())) {
    ctx.mark(stored ? view::kMarkStaleSet : view::kMarkStaleSetRefused);
  }
  HistoryEvent record;
  record.kind = stored ? HistoryEvent::Kind::ok : HistoryEvent::Kind::fail;
  record.op = std::string(view::kOpCacheSet);
  record.key = key_name(key);
  record.value = read_value(version, setter);
  ctx.record(std::move(record));
}

void CacheServer::serve_delete(Context& ctx, const CacheDelete& erase) {
  store_.erase(erase.key, erase.version, ctx.now());
  // A load already under way may have read the old version: later misses must not join it.
  load_of_key_.erase(erase.key);
  HistoryEvent record;
  record.kind = HistoryEvent::Kind::ok;
  record.op = std::string(view::kOpCacheDelete);
  record.key = key_name(erase.key);
  record.value = version_value(erase.version);
  ctx.record(std::move(record));
}

// ---------------------------------------------------------------- read-through loads

void CacheServer::read_through_miss(Context& ctx, NodeId from, const CacheGet& get) {
  Waiter waiter{from, get.request_id, false, {}};
  if (params_.write_path == WritePath::write_behind) {
    // The write buffer is the newest truth for a key it holds.
    if (std::optional<Version> buffered = write_buffer_.newest(get.key)) {
      CacheEntry entry = fresh_entry(ctx, *buffered, 0);
      store_.install(get.key, entry);
      return reply_get(ctx, from, get.request_id, get.key, GetOutcome::hit, &entry);
    }
  }
  auto joined = load_of_key_.find(get.key);
  if (params_.cache.single_flight && !params_.mutant_single_flight_never_joins && joined != load_of_key_.end()) {
    // Single-flight: the read already under way will answer this one too.
    ctx.mark(view::kMarkCoalesced);
    loads_.at(joined->second).waiters.push_back(std::move(waiter));
    return;
  }
  std::uint64_t load = start_load(ctx, get.key, /*background=*/false);
  loads_.at(load).waiters.push_back(std::move(waiter));
}

std::uint64_t CacheServer::start_load(Context& ctx, KeyId key, bool background) {
  std::uint64_t id = next_load_++;
  Load load;
  load.key = key;
  load.background = background;
  load.started_us = ctx.now();
  loads_.emplace(id, std::move(load));
  load_of_key_[key] = id;
  DbRead read;
  read.request_id = id;
  read.key = key;
  ctx.send(kDatabaseNode, std::move(read));
  ++recomputations_since_tick_;
  ctx.set_timer(params_.client.timeout_us, LoadTimeout{id});
  return id;
}

void CacheServer::on_db_read_reply(Context& ctx, NodeId, const DbReadReply& reply) {
  auto it = loads_.find(reply.request_id);
  if (it == loads_.end()) return;  // timed out already
  Load load = std::move(it->second);
  loads_.erase(it);
  auto indexed = load_of_key_.find(load.key);
  if (indexed != load_of_key_.end() && indexed->second == reply.request_id) load_of_key_.erase(indexed);
  if (reply.refused) return fail_waiters(ctx, load);
  finish_load(ctx, reply.request_id, std::move(load), reply);
}

void CacheServer::finish_load(Context& ctx, std::uint64_t, Load load, const DbReadReply& reply) {
  Version version = reply.version;
  if (version == 0) {
    if (params_.cache.negative_ttl_us > 0) {
      SetRequest negative;
      negative.entry.negative = true;
      negative.entry.expires_us = ctx.now() + params_.cache.negative_ttl_us;
      store_.set(load.key, negative, ctx.now());
    }
    for (const Waiter& waiter : load.waiters) {
      if (waiter.write) {
        CacheWriteReply failed;
        failed.request_id = waiter.request_id;
        failed.key = load.key;
        ctx.send(waiter.client, std::move(failed));
      } else {
        reply_get(ctx, waiter.client, waiter.request_id, load.key, GetOutcome::not_found);
      }
    }
    return;
  }
  // The node reads versions itself, so it never replaces a newer value it holds (a write-through
  // install, a write-behind write) with the older one it just read.
  std::optional<Version> known = newest_known_version(load.key);
  CacheEntry entry = fresh_entry(ctx, version, ctx.now() - load.started_us);
  if (known && *known > version) {
    entry.version = *known;
  } else {
    SetRequest request;
    request.entry = entry;
    SetOutcome outcome = store_.set(load.key, request, ctx.now());
    record_set(ctx, load.key, version, outcome == SetOutcome::stored, ctx.self());
  }
  for (Waiter& waiter : load.waiters) {
    if (waiter.write) write_behind(ctx, waiter.client, waiter.request_id, load.key, std::move(waiter.origin));
    else reply_get(ctx, waiter.client, waiter.request_id, load.key, GetOutcome::hit, &entry);
  }
}

void CacheServer::fail_waiters(Context& ctx, const Load& load) {
  for (const Waiter& waiter : load.waiters) {
    if (waiter.write) {
      CacheWriteReply failed;
      failed.request_id = waiter.request_id;
      failed.key = load.key;
      ctx.send(waiter.client, std::move(failed));
    } else {
      reply_get(ctx, waiter.client, waiter.request_id, load.key, GetOutcome::failed);
    }
  }
}

void CacheServer::on_load_timeout(Context& ctx, const LoadTimeout& timeout) {
  auto it = loads_.find(timeout.load);
  Load load = std::move(it->second);
  loads_.erase(it);
  auto indexed = load_of_key_.find(load.key);
  if (indexed != load_of_key_.end() && indexed->second == timeout.load) load_of_key_.erase(indexed);
  fail_waiters(ctx, load);
}

// ---------------------------------------------------------------- write-through

void CacheServer::serve_write(Context& ctx, NodeId from, const CacheWrite& write) {
  if (params_.write_path == WritePath::write_behind) return write_behind(ctx, from, write.request_id, write.key, write.origin);
  write_through(ctx, from, write);
}

void CacheServer::write_through(Context& ctx, NodeId from, const CacheWrite& write) {
  std::uint64_t id = next_load_++;
  Load load;
  load.key = write.key;
  load.write = true;
  load.started_us = ctx.now();
  load.waiters.push_back(Waiter{from, write.request_id, true, write.origin});
  loads_.emplace(id, std::move(load));
  DbWrite request;
  request.request_id = id;
  request.key = write.key;
  request.origin = write.origin;
  ctx.send(kDatabaseNode, std::move(request));
  ctx.set_timer(params_.client.timeout_us, LoadTimeout{id});
}

void CacheServer::on_db_write_reply(Context& ctx, NodeId, const DbWriteReply& reply) {
  auto it = loads_.find(reply.request_id);
  if (it != loads_.end()) {
    // Write-through: the database has it; now the cache holds the new version, and any other copy
    // of the key is deleted.
    Load load = std::move(it->second);
    loads_.erase(it);
    const Waiter& writer = load.waiters.front();
    CacheWriteReply answer;
    answer.request_id = writer.request_id;
    answer.key = load.key;
    if (!reply.refused) {
      // Two writes of a key can be answered out of order: never replace a newer version with an
      // older one (the older answer still acknowledges its own write).
      std::optional<Version> known = newest_known_version(load.key);
      if (!known || *known <= reply.version) {
        store_.install(load.key, fresh_entry(ctx, reply.version, ctx.now() - load.started_us));
      }
      for (NodeId holder : placement_.all_holders(load.key)) {
        if (holder == ctx.self()) continue;
        CacheDelete erase;
        erase.key = load.key;
        erase.version = reply.version;
        ctx.send(holder, std::move(erase));
      }
      answer.ok = true;
      answer.version = reply.version;
    }
    ctx.send(writer.client, std::move(answer));
    return;
  }
  // Write-behind: a flushed batch came back.
  if (reply.refused) return write_buffer_.refused(reply.key, reply.version);
  if (std::optional<WriteBatch> done = write_buffer_.acknowledged(reply.key, reply.version)) {
    for (std::uint64_t sequence : done->journal) ctx.erase_durable(journal_key(sequence));
  }
}

// ---------------------------------------------------------------- write-behind and its journal

std::optional<Version> CacheServer::newest_known_version(KeyId key) const {
  if (std::optional<Version> buffered = write_buffer_.newest(key)) return buffered;
  const CacheEntry* held = store_.peek(key);
  if (held != nullptr && !held->negative) return held->version;
  return std::nullopt;
}

void CacheServer::write_behind(Context& ctx, NodeId from, std::uint64_t request_id, KeyId key, std::string origin) {
  std::optional<Version> known = newest_known_version(key);
  if (!known) {
    // The next version needs the current one: read it first (writes to one key queue behind one read).
    Waiter waiter{from, request_id, true, std::move(origin)};
    auto joined = load_of_key_.find(key);
    std::uint64_t load = joined != load_of_key_.end() ? joined->second : start_load(ctx, key, /*background=*/false);
    loads_.at(load).waiters.push_back(std::move(waiter));
    return;
  }
  Version version = *known + 1;
  if (!params_.mutant_flush_forgets) {
    std::uint64_t sequence = 0;
    if (params_.cache.journal) {
      // Durable before the acknowledgement: a crash can no longer lose it.
      sequence = next_journal_++;
      ctx.persist(journal_key(sequence), key_name(key) + " " + std::to_string(version) + " " + origin);
    }
    write_buffer_.add(key, version, std::move(origin), sequence);
  }
  store_.install(key, fresh_entry(ctx, version, 0));
  CacheWriteReply answer;
  answer.request_id = request_id;
  answer.key = key;
  answer.ok = true;
  answer.version = version;
  ctx.send(from, std::move(answer));
}

void CacheServer::on_flush_tick(Context& ctx, const FlushTick&) {
  ctx.set_timer(params_.cache.flush_interval_us, FlushTick{});
  // Each key's waiting writes go out as one write of the newest version; a batch sent long ago and
  // never answered goes out again (the database ignores a version it already has).
  std::vector<WriteBuffer::Send> sends = write_buffer_.take(ctx.now(), params_.client.timeout_us,
                                                             static_cast<std::size_t>(params_.cache.flush_batch));
  for (const WriteBuffer::Send& send : sends) {
    DbWrite write;
    write.request_id = next_load_++;
    write.key = send.key;
    write.version = send.batch.version;
    write.origin = send.batch.origin_list();
    ctx.send(kDatabaseNode, std::move(write));
  }
  if (!sends.empty()) ctx.mark(view::kMarkWriteBehindFlush);
}

void CacheServer::replay_journal(Context& ctx) {
  const DurableEntries& stored = ctx.storage().entries();
  std::size_t replayed = 0;
  for (auto it = stored.lower_bound(view::kDurableJournalPrefix); it != stored.end(); ++it) {
    std::string_view name = it->first;
    if (name.substr(0, view::kDurableJournalPrefix.size()) != view::kDurableJournalPrefix) break;
    std::uint64_t sequence = 0;
    std::string_view digits = name.substr(view::kDurableJournalPrefix.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
    // "<key> <version> <origin>"
    std::string_view text = it->second;
    std::size_t first = text.find(' ');
    std::size_t second = first == std::string_view::npos ? first : text.find(' ', first + 1);
    if (second == std::string_view::npos) continue;
    std::optional<KeyId> key = parse_key_name(text.substr(0, first));
    Version version = 0;
    auto parsed = std::from_chars(text.data() + first + 1, text.data() + second, version);
    if (!key || parsed.ec != std::errc()) continue;
    store_.install(*key, fresh_entry(ctx, version, 0));
    write_buffer_.add(*key, version, std::string(text.substr(second + 1)), sequence);
    next_journal_ = std::max(next_journal_, sequence + 1);
    ++replayed;
  }
  if (replayed > 0) {
    ctx.mark(view::kMarkJournalReplay);
    ctx.annotate("replayed " + std::to_string(replayed) + " unflushed writes from the journal");
  }
}

// ---------------------------------------------------------------- the meter

void CacheServer::on_meter_tick(Context& ctx, const MeterTick&) {
  meter_.tick();
  ctx.set_timer(Meter::kTickUs, MeterTick{});
  if (hits_since_tick_) ctx.count(view::kMetricHits, hits_since_tick_);
  if (misses_since_tick_) ctx.count(view::kMetricMisses, misses_since_tick_);
  if (recomputations_since_tick_) ctx.count(view::kMetricRecomputations, recomputations_since_tick_);
  hits_since_tick_ = 0;
  misses_since_tick_ = 0;
  recomputations_since_tick_ = 0;
  if (store_.evictions() > evictions_marked_) ctx.mark(view::kMarkEviction);
  evictions_marked_ = store_.evictions();
  publish_load(ctx);
  ctx.gauge(view::kGaugeRequestsPerSecond, meter_.requests_per_second());
  ctx.gauge(view::kGaugeHitRatio, meter_.hit_ratio_permille());
}

void CacheServer::publish_load(Context& ctx) {
  ctx.publish(view::kRequestsPerSecond, meter_.requests_per_second());
  ctx.publish(view::kHitRatioPermille, meter_.hit_ratio_permille());
  ctx.publish(view::kQueue, queue_.waiting());
  ctx.publish(view::kInService, queue_.busy());
  ctx.publish(view::kEntries, static_cast<std::int64_t>(store_.size()));
  ctx.publish(view::kWarming, is_warming(ctx) ? 1 : 0);
  if (params_.write_path == WritePath::write_behind) {
    ctx.publish(view::kWriteBuffer, static_cast<std::int64_t>(write_buffer_.writes()));
  }
}

}  // namespace dsim::cache
