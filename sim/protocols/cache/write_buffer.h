// Write-behind's buffer: the writes a cache node has acknowledged but the database does not have
// yet. Per key it keeps the writes not yet sent, coalesced (only the newest version is written,
// the one write standing for all of them: why write-behind takes load off a database under many
// writes to few keys), and the batch sent and not yet acknowledged. One batch per key is in flight
// at a time, so a key's versions reach the database in order. Every write keeps its origin
// ("c1#17"), and a batch carries all of its writes' origins to the database's commit, so the
// no_lost_writes check can account for each acknowledged write.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

struct WriteBatch {
  Version version = 0;                      // the newest version among its writes: the one written
  std::vector<std::string> origins;         // every write it stands for, oldest first
  std::vector<std::uint64_t> journal;       // their durable journal entries (journal on)
  std::uint64_t first_sequence = 0;         // when its oldest write was buffered (a counter)
  TimeUs sent_us = 0;                       // when it was last sent

  // "c1#17,c2#5": the origins as the database records them.
  std::string origin_list() const;
};

class WriteBuffer {
 public:
  void add(KeyId key, Version version, std::string origin, std::uint64_t journal_sequence);
  // The newest version buffered for `key`, sent or not.
  std::optional<Version> newest(KeyId key) const;

  struct Send {
    KeyId key = 0;
    WriteBatch batch;
  };
  // What to send now: for each key with writes waiting and nothing in flight, its waiting writes as
  // one batch; and any batch in flight for longer than `resend_after_us` (lost, or the database
  // never answered) again. At most `limit` batches, the oldest writes first. The batches returned
  // are now in flight.
  std::vector<Send> take(TimeUs now, DurationUs resend_after_us, std::size_t limit);
  // The database committed (or already had) `version` of `key`: the batch in flight with that
  // version is done, and returned (its journal entries can go).
  std::optional<WriteBatch> acknowledged(KeyId key, Version version);
  // The database refused the batch in flight: it waits again, merged with any newer writes.
  void refused(KeyId key, Version version);

  // Acknowledged writes not yet in the database.
  std::size_t writes() const;
  bool empty() const { return keys_.empty(); }

 private:
  struct KeyWrites {
    std::optional<WriteBatch> waiting;    // acknowledged, not yet sent
    std::optional<WriteBatch> in_flight;  // sent, not yet acknowledged
  };
  std::map<KeyId, KeyWrites> keys_;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace dsim::cache
