// Disk (see disk.h): pending writes in start order, applied to the durable copy as they complete.
#include "sim/core/disk.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"

namespace dsim {

const StorageWrite& Disk::start(std::uint64_t handler, TimeUs now, DurationUs latency) {
  DSIM_ASSERT(latency >= 0, "a disk write's latency is never negative");
  // One write at a time: this one starts when the disk is done with the ones before it.
  TimeUs start = std::max(now, free_at_);
  Pending pending;
  pending.write.number = next_number_++;
  pending.write.started_at = now;
  pending.write.done_at = start + latency;
  pending.handler = handler;
  free_at_ = pending.write.done_at;
  pending_.push_back(std::move(pending));
  return pending_.back().write;
}

void Disk::record_put(std::string_view key, std::string value) {
  DSIM_ASSERT(!pending_.empty(), "a change is recorded into an open write");
  Pending& open = pending_.back();
  open.write.keys.emplace(key);
  open.changes.push_back(Change{false, std::string(key), std::move(value)});
}

void Disk::record_erase(std::string_view key) {
  DSIM_ASSERT(!pending_.empty(), "a change is recorded into an open write");
  Pending& open = pending_.back();
  open.write.keys.emplace(key);
  open.changes.push_back(Change{true, std::string(key), {}});
}

StorageWrite Disk::complete(std::uint64_t number) {
  DSIM_ASSERT(!pending_.empty() && pending_.front().write.number == number, "disk writes complete in start order");
  Pending done = std::move(pending_.front());
  pending_.pop_front();
  for (Change& change : done.changes) {
    if (change.erase) {
      durable_.erase(change.key);
    } else {
      durable_.put(change.key, std::move(change.value));
    }
  }
  return std::move(done.write);
}

std::vector<StorageWrite> Disk::lose_pending() {
  std::vector<StorageWrite> lost;
  for (Pending& pending : pending_) lost.push_back(std::move(pending.write));
  pending_.clear();
  free_at_ = 0;  // nothing is queued any more: the next write starts when it is made
  return lost;
}

}  // namespace dsim
