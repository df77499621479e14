// The messages between application servers (clients), cache nodes and the database. A cache-aside
// read is CacheGet, then on a miss DbRead and CacheSet; a write is DbWrite then CacheDelete to every
// node that may hold the key (Nishtala et al. §2, Figure 1). Read-through, write-through and
// write-behind send CacheGet or CacheWrite and let the cache node talk to the database. Sets and
// deletes are not answered, as in memcached's look-aside use: nobody waits for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/time.h"
#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

// ---------------------------------------------------------------- client <-> cache node

// A read of `key`. `warm_up_read`: a client filling a cold node asks the warm cluster's node, which
// answers from what it holds and never hands out a lease for it (Nishtala et al. §4.3).
struct CacheGet : MessageOf<CacheGet> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  bool warm_up_read = false;

  std::string_view type() const override { return "CacheGet"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    if (warm_up_read) out.field("warm_up_read", true);
  }
};

enum class GetOutcome : std::uint8_t {
  hit,          // a fresh value (in read-through, also a value the node just read for this request)
  not_found,    // no such key: a negative entry, the Bloom filter, or (read-through) the database said so
  stale,        // an expired value served during the stale-while-revalidate grace
  miss,         // cache-aside: not here; the reader fills it (with `lease` when leases are on)
  wait,         // cache-aside with leases: another reader holds the lease; retry shortly
  refused,      // the node's queue was full
  failed,       // read-through: the node's database read failed or timed out
};
const char* get_outcome_name(GetOutcome outcome);

struct CacheGetReply : MessageOf<CacheGetReply> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  GetOutcome outcome = GetOutcome::miss;
  Version version = 0;        // hit, stale
  TimeUs expires_us = 0;      // hit, stale: when the value expires (XFetch reads it)
  DurationUs delta_us = 0;    // hit, stale: how long its recomputation took (XFetch's delta)
  std::uint64_t lease = 0;    // miss, stale: the lease token to set with (leases on)
  bool refresh = false;       // stale: this reader should refresh the value
  bool warming = false;       // the node is cold and in warm-up: fill a miss from the warm cluster

  std::string_view type() const override { return "CacheGetReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    out.field("outcome", get_outcome_name(outcome));
    if (version) out.field("version", version);
    if (lease) out.field("lease", lease);
    if (refresh) out.field("refresh", true);
    if (warming) out.field("warming", true);
  }
};

// Store a value read from the database (cache-aside). Not answered.
struct CacheSet : MessageOf<CacheSet> {
  KeyId key = 0;
  Version version = 0;
  bool negative = false;      // "no such key"
  DurationUs delta_us = 0;    // how long the database read took
  std::uint64_t lease = 0;    // the token the miss handed out (leases on)

  std::string_view type() const override { return "CacheSet"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key_name(key));
    out.field("version", version);
    if (negative) out.field("negative", true);
    if (lease) out.field("lease", lease);
  }
};

// Invalidate `key` after the database committed `version`. Not answered.
struct CacheDelete : MessageOf<CacheDelete> {
  KeyId key = 0;
  Version version = 0;

  std::string_view type() const override { return "CacheDelete"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key_name(key));
    out.field("version", version);
  }
};

// Write-through and write-behind: a write handed to the key's cache node.
struct CacheWrite : MessageOf<CacheWrite> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  std::string origin;  // "c1#17": the client and its request, carried to the database's commit

  std::string_view type() const override { return "CacheWrite"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
  }
};

struct CacheWriteReply : MessageOf<CacheWriteReply> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  bool ok = false;
  Version version = 0;

  std::string_view type() const override { return "CacheWriteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    out.field("ok", ok);
    if (ok) out.field("version", version);
  }
};

// ---------------------------------------------------------------- anyone <-> database

struct DbRead : MessageOf<DbRead> {
  std::uint64_t request_id = 0;
  KeyId key = 0;

  std::string_view type() const override { return "DbRead"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
  }
};

struct DbReadReply : MessageOf<DbReadReply> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  bool refused = false;  // the queue was full: nothing was read
  Version version = 0;   // 0: no such key

  std::string_view type() const override { return "DbReadReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    if (refused) out.field("refused", true);
    else out.field("version", version);
  }
};

// A write. `version` 0: the database gives it the next version; otherwise (write-behind) the
// cache node chose it, and an older one than the database holds is ignored.
struct DbWrite : MessageOf<DbWrite> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  Version version = 0;
  std::string origin;  // "c1#17"

  std::string_view type() const override { return "DbWrite"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    if (version) out.field("version", version);
    out.field("origin", origin);
  }
};

struct DbWriteReply : MessageOf<DbWriteReply> {
  std::uint64_t request_id = 0;
  KeyId key = 0;
  bool refused = false;
  Version version = 0;  // the version committed

  std::string_view type() const override { return "DbWriteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("key", key_name(key));
    if (refused) out.field("refused", true);
    else out.field("version", version);
  }
};

}  // namespace dsim::cache
