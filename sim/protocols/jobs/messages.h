// The messages of the job queue. A worker asks the queue for a job (LeaseRequest) and gets one
// (JobLeased: invisible to other workers for the visibility timeout, SQS's model) or none (NoJob);
// while it works it may extend the lease (Heartbeat, SQS's ChangeMessageVisibility); it sends the
// job's side effect to the sink (Execute, answered by Executed) and then deletes the job (Ack) or
// gives it back as failed (Nack). Cron schedulers fire ticks into the queue (Fire, answered by
// FireAck or Fenced), claim the active role (Claim, answered by ClaimGranted or Fenced) and tell
// their peer they are alive (SchedulerHeartbeat).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/time.h"

namespace dsim::jobs {

// worker -> queue: "give me a visible job".
struct LeaseRequest : MessageOf<LeaseRequest> {
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "LeaseRequest"; }
  void describe(FieldWriter& out) const override { out.field("request_id", request_id); }
};

// queue -> worker: job `job` is yours under lease `lease` until `visibility_us` from now (the
// queue's clock). `key` is the job's idempotency key; `poison` marks a payload that crashes the
// worker that runs it.
struct JobLeased : MessageOf<JobLeased> {
  std::uint64_t request_id = 0;
  std::uint64_t job = 0;
  std::string key;
  std::uint64_t attempt = 0;  // 1 for the first delivery
  std::uint64_t lease = 0;    // the queue's receipt handle for this delivery
  DurationUs visibility_us = 0;
  bool poison = false;

  std::string_view type() const override { return "JobLeased"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("job", job);
    out.field("key", key);
    out.field("attempt", attempt);
    out.field("lease", lease);
    out.field("visibility_us", visibility_us);
    out.field("poison", poison);
  }
};

// queue -> worker: nothing visible now.
struct NoJob : MessageOf<NoJob> {
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "NoJob"; }
  void describe(FieldWriter& out) const override { out.field("request_id", request_id); }
};

// worker -> queue: still working on `job` under `lease`; keep it invisible for another visibility.
struct Heartbeat : MessageOf<Heartbeat> {
  std::uint64_t job = 0;
  std::uint64_t lease = 0;

  std::string_view type() const override { return "Heartbeat"; }
  void describe(FieldWriter& out) const override {
    out.field("job", job);
    out.field("lease", lease);
  }
};

// worker -> queue: `job` is done; delete it.
struct Ack : MessageOf<Ack> {
  std::uint64_t job = 0;
  std::uint64_t lease = 0;

  std::string_view type() const override { return "Ack"; }
  void describe(FieldWriter& out) const override {
    out.field("job", job);
    out.field("lease", lease);
  }
};

// worker -> queue: `job` failed (its side effect did not go through); retry it later.
struct Nack : MessageOf<Nack> {
  std::uint64_t job = 0;
  std::uint64_t lease = 0;

  std::string_view type() const override { return "Nack"; }
  void describe(FieldWriter& out) const override {
    out.field("job", job);
    out.field("lease", lease);
  }
};

// worker -> sink: apply `job`'s side effect (idempotency key `key`, delivery `attempt`).
struct Execute : MessageOf<Execute> {
  std::uint64_t request_id = 0;
  std::uint64_t job = 0;
  std::string key;
  std::uint64_t attempt = 0;

  std::string_view type() const override { return "Execute"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("job", job);
    out.field("key", key);
    out.field("attempt", attempt);
  }
};

// sink -> worker: done; `applied` is false when the key had already been applied (deduplicated).
struct Executed : MessageOf<Executed> {
  std::uint64_t request_id = 0;
  bool applied = false;

  std::string_view type() const override { return "Executed"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("applied", applied);
  }
};

// cron scheduler -> queue: enqueue cron tick `tick` (due at tick * period), as scheduler `epoch`.
struct Fire : MessageOf<Fire> {
  std::uint64_t tick = 0;
  std::uint64_t epoch = 0;  // 0 under naive failover: no epochs at all

  std::string_view type() const override { return "Fire"; }
  void describe(FieldWriter& out) const override {
    out.field("tick", tick);
    out.field("epoch", epoch);
  }
};

// queue -> cron scheduler: every tick up to `last_tick` is enqueued.
struct FireAck : MessageOf<FireAck> {
  std::uint64_t last_tick = 0;

  std::string_view type() const override { return "FireAck"; }
  void describe(FieldWriter& out) const override { out.field("last_tick", last_tick); }
};

// cron scheduler -> queue: "I am the active scheduler from `epoch` on".
struct Claim : MessageOf<Claim> {
  std::uint64_t epoch = 0;

  std::string_view type() const override { return "Claim"; }
  void describe(FieldWriter& out) const override { out.field("epoch", epoch); }
};

// queue -> cron scheduler: the claim holds; ticks up to `last_tick` are already enqueued.
struct ClaimGranted : MessageOf<ClaimGranted> {
  std::uint64_t epoch = 0;
  std::uint64_t last_tick = 0;

  std::string_view type() const override { return "ClaimGranted"; }
  void describe(FieldWriter& out) const override {
    out.field("epoch", epoch);
    out.field("last_tick", last_tick);
  }
};

// queue -> cron scheduler: your epoch is older than `epoch`; another scheduler is active.
struct Fenced : MessageOf<Fenced> {
  std::uint64_t epoch = 0;

  std::string_view type() const override { return "Fenced"; }
  void describe(FieldWriter& out) const override { out.field("epoch", epoch); }
};

// active cron scheduler -> its peer: alive, as `epoch`.
struct SchedulerHeartbeat : MessageOf<SchedulerHeartbeat> {
  std::uint64_t epoch = 0;

  std::string_view type() const override { return "SchedulerHeartbeat"; }
  void describe(FieldWriter& out) const override { out.field("epoch", epoch); }
};

}  // namespace dsim::jobs
