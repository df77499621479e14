// The database's reactions. Sections: start; arrivals; service; reads and writes; the meter.
#include "sim/protocols/cache/database_node.h"

#include <charconv>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/view.h"

namespace dsim::cache {

// ---------------------------------------------------------------- start

DatabaseServer::DatabaseServer(DatabaseParams params, std::int64_t keys)
    : params_(params), keys_(keys), queue_(params.workers, params.queue_limit) {
  DSIM_ASSERT(keys_ >= 1, "a database holds at least one key");
}

void DatabaseServer::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == kDatabaseNode, "the database is node 0");
  ctx.publish(dsim::view::kRole, view::kRoleDatabase);
  const DurableEntries& stored = ctx.storage().entries();
  for (auto it = stored.lower_bound(view::kDurableVersionPrefix); it != stored.end(); ++it) {
    std::string_view name = it->first;
    if (name.substr(0, view::kDurableVersionPrefix.size()) != view::kDurableVersionPrefix) break;
    std::optional<KeyId> key = parse_key_name(name.substr(view::kDurableVersionPrefix.size()));
    Version version = 0;
    auto parsed = std::from_chars(it->second.data(), it->second.data() + it->second.size(), version);
    if (key && parsed.ec == std::errc()) versions_[*key] = version;
  }
  publish_load(ctx);
  ctx.set_timer(Meter::kTickUs, MeterTick{});
}

Version DatabaseServer::version_of(KeyId key) const {
  if (key >= static_cast<KeyId>(keys_)) return 0;
  auto it = versions_.find(key);
  return it == versions_.end() ? 1 : it->second;
}

// ---------------------------------------------------------------- arrivals

void DatabaseServer::on_read(Context& ctx, NodeId from, const DbRead& read) {
  Job job;
  job.from = from;
  job.request_id = read.request_id;
  job.key = read.key;
  job.arrived_us = ctx.now();
  ++reads_since_tick_;
  admit(ctx, std::move(job));
}

void DatabaseServer::on_write(Context& ctx, NodeId from, const DbWrite& write) {
  Job job;
  job.from = from;
  job.write = true;
  job.request_id = write.request_id;
  job.key = write.key;
  job.version = write.version;
  job.origin = write.origin;
  job.arrived_us = ctx.now();
  ++writes_since_tick_;
  admit(ctx, std::move(job));
}

void DatabaseServer::admit(Context& ctx, Job job) {
  meter_.count_request();
  std::uint64_t number = next_job_++;
  switch (queue_.admit(number)) {
    case ServiceQueue::Admission::refused: return refuse(ctx, job);
    case ServiceQueue::Admission::queued: jobs_.emplace(number, std::move(job)); return;
    case ServiceQueue::Admission::start:
      jobs_.emplace(number, std::move(job));
      return start_job(ctx, number);
  }
}

void DatabaseServer::refuse(Context& ctx, const Job& job) {
  ctx.mark(view::kMarkDatabaseRefused);
  ++refused_since_tick_;
  if (job.write) {
    DbWriteReply reply;
    reply.request_id = job.request_id;
    reply.key = job.key;
    reply.refused = true;
    ctx.send(job.from, std::move(reply));
  } else {
    DbReadReply reply;
    reply.request_id = job.request_id;
    reply.key = job.key;
    reply.refused = true;
    ctx.send(job.from, std::move(reply));
  }
}

// ---------------------------------------------------------------- service

void DatabaseServer::start_job(Context& ctx, std::uint64_t job) {
  Job& started = jobs_.at(job);
  // A read sees what was committed when its worker starts it: a statement snapshot, as PostgreSQL
  // takes one at the start of each statement under READ COMMITTED. A write that commits while the
  // read runs is not in its answer, which is what opens the window for a stale set.
  if (!started.write) started.version = version_of(started.key);
  DurationUs service = (started.write ? params_.write_time : params_.read_time).draw(ctx.rng());
  ctx.set_timer(service, ServiceDone{job});
}

void DatabaseServer::on_service_done(Context& ctx, const ServiceDone& done) {
  auto it = jobs_.find(done.job);
  Job job = std::move(it->second);
  jobs_.erase(it);
  DurationUs latency = ctx.now() - job.arrived_us;
  meter_.add_latency(latency);
  ctx.observe(view::kMetricDbLatency, latency);
  if (job.write) finish_write(ctx, job);
  else finish_read(ctx, job);
  if (std::optional<std::uint64_t> next = queue_.finish()) start_job(ctx, *next);
}

// ---------------------------------------------------------------- reads and writes

void DatabaseServer::finish_read(Context& ctx, const Job& job) {
  DbReadReply reply;
  reply.request_id = job.request_id;
  reply.key = job.key;
  reply.version = job.version;
  ctx.send(job.from, std::move(reply));
}

void DatabaseServer::finish_write(Context& ctx, const Job& job) {
  Version current = version_of(job.key);
  DSIM_ASSERT(current > 0, "writes go to keys that exist");
  // The next version, or the one a write-behind cache chose; an older one than committed is a
  // duplicate of a write already applied, and changes nothing.
  Version next = job.version == 0 ? current + 1 : job.version;
  if (next > current) {
    versions_[job.key] = next;
    ctx.persist(std::string(view::kDurableVersionPrefix) + key_name(job.key), std::to_string(next));
    HistoryEvent commit;
    commit.kind = HistoryEvent::Kind::ok;
    commit.op = std::string(view::kOpCommit);
    commit.key = key_name(job.key);
    commit.value = commit_value(next, job.origin);
    ctx.record(std::move(commit));
  }
  DbWriteReply reply;
  reply.request_id = job.request_id;
  reply.key = job.key;
  reply.version = std::max(next, current);
  ctx.send(job.from, std::move(reply));
}

// ---------------------------------------------------------------- the meter

void DatabaseServer::on_meter_tick(Context& ctx, const MeterTick&) {
  meter_.tick();
  ctx.set_timer(Meter::kTickUs, MeterTick{});
  publish_load(ctx);
  if (reads_since_tick_) ctx.count(view::kMetricDbReads, reads_since_tick_);
  if (writes_since_tick_) ctx.count(view::kMetricDbWrites, writes_since_tick_);
  if (refused_since_tick_) ctx.count(view::kMetricDbRefused, refused_since_tick_);
  reads_since_tick_ = writes_since_tick_ = refused_since_tick_ = 0;
  ctx.observe(view::kMetricDbRequestsPerSecond, meter_.requests_per_second());
  ctx.gauge(view::kGaugeRequestsPerSecond, meter_.requests_per_second());
  ctx.gauge(view::kGaugeDbQueue, queue_.waiting());
  ctx.gauge(view::kGaugeDbLatencyP99, meter_.latency_p99_us());
}

void DatabaseServer::publish_load(Context& ctx) {
  ctx.publish(view::kRequestsPerSecond, meter_.requests_per_second());
  ctx.publish(view::kQueue, queue_.waiting());
  ctx.publish(view::kInService, queue_.busy());
  ctx.publish(view::kLatencyP99Us, meter_.latency_p99_us());
}

}  // namespace dsim::cache
