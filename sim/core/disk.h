// A node's disk: durable writes that take time. Without a storage model (the default) a persist is
// durable at once, as it always was. With one, each handler's persists form one write (the records
// a process writes before it calls fsync once) that becomes durable only after a latency drawn for
// that node; until then it lives in the node's page cache: the node reads its own write at once, a
// crash loses it. Writes complete in the order they were started, one at a time (a disk queue: a
// write starts when the one before it is done). The simulator holds a message a handler sends after
// persisting until the write is durable, so "persist before you reply" holds in virtual time (Raft,
// Figure 2: "updated on stable storage before responding to RPCs"; Ongaro's thesis §9.3 counts that
// disk write in every election).
#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/node.h"
#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim {

// How long one write takes on a node's disk: its data and its sync. sim/runner answers from the
// scenario's "storage" section; experiments plug in their own.
class StorageModel {
 public:
  virtual ~StorageModel() = default;
  // `rng` is the node's own disk stream, so a disk's draws never shift any other draw.
  virtual DurationUs write_latency(NodeId node, Rng& rng) = 0;
};

// One write as observers see it when it becomes durable or is lost to a crash.
struct StorageWrite {
  std::uint64_t number = 0;           // per node, from 1, in the order the writes started
  TimeUs started_at = 0;              // the handler that opened it ran then
  TimeUs done_at = 0;                 // when it is (or would have been) durable
  std::set<std::string> keys;         // the keys it puts or erases, sorted
};

// The pending writes of one node and the storage they reach when they complete. The simulator
// makes one at a node's first write under a storage model; until then its storage is durable at once.
class Disk {
 public:
  // `contents`: the node's storage so far, all of it durable; `rng`: the node's disk stream.
  Disk(const DurableStorage& contents, Rng rng) : durable_(contents), rng_(rng) {}

  // Where the node's write latencies are drawn from.
  Rng& rng() { return rng_; }

  // Whether handler run `handler` opened the newest pending write (its later persists join it).
  bool open_for(std::uint64_t handler) const { return !pending_.empty() && pending_.back().handler == handler; }
  // Opens a write for handler run `handler`: it starts when the disk is done with every earlier
  // write and takes `latency` from then.
  const StorageWrite& start(std::uint64_t handler, TimeUs now, DurationUs latency);
  // Records one change of the open write (the node's view already holds it).
  void record_put(std::string_view key, std::string value);
  void record_erase(std::string_view key);

  bool has_pending() const { return !pending_.empty(); }
  // When every write started so far is durable (now, if none is pending).
  TimeUs all_durable_at(TimeUs now) const { return pending_.empty() ? now : pending_.back().write.done_at; }
  // Makes write `number` durable; it must be the oldest pending one. Returns it for observers.
  StorageWrite complete(std::uint64_t number);
  // A crash: every pending write is lost. Returns them, oldest first.
  std::vector<StorageWrite> lose_pending();
  std::size_t pending_count() const { return pending_.size(); }

  // What would survive a crash now.
  const DurableStorage& durable() const { return durable_; }

 private:
  struct Change {
    bool erase = false;
    std::string key;
    std::string value;
  };
  struct Pending {
    StorageWrite write;
    std::uint64_t handler = 0;    // the handler run that opened it
    std::vector<Change> changes;  // in the order the node made them
  };

  DurableStorage durable_;
  Rng rng_;
  std::deque<Pending> pending_;
  std::uint64_t next_number_ = 1;
  TimeUs free_at_ = 0;  // when the last write started so far completes
};

}  // namespace dsim
