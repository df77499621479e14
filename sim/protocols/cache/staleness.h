// Bounded staleness, judged from what a run records. Definition (docs/concepts/caching.md):
//
//   a read of key k that was invoked at time t and returned version r is STALE BEYOND THE BOUND B
//   when some version w > r of k was already known committed at a time c with c + B < t.
//
// "Known committed" is the earlier of the database's commit record and the writer's
// acknowledgement (write-behind acknowledges before the database has the write). Judging from the
// read's invocation, not its return, allows any read that started within B of a commit to return
// the older version: B covers the delete's trip to the cache and the read's own flight. A read that
// returned "absent" or failed is not judged.
//
// The judge also keeps the cache nodes' sets and deletes, so that it can tell how a stale version
// got back into a cache: the interleaving of a delete and a later set of the older version (the
// invalidation race of Nishtala et al. §3.2.1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

// One run of stale reads of one key returning one version.
struct StaleEpisode {
  std::string key;
  Version returned = 0;         // the stale version the reads returned
  Version newer = 0;            // a newer version known committed more than the bound before
  TimeUs newer_known_us = 0;    // when `newer` was first known committed
  NodeId newer_writer = kNoNode; // the client it was first acknowledged to; kNoNode: the database's commit came first
  std::size_t reads = 0;
  TimeUs first_invoked_us = 0;  // the first stale read's invocation and return
  TimeUs first_returned_us = 0;
  TimeUs last_returned_us = 0;
  NodeId first_reader = kNoNode;
  NodeId served_by = kNoNode;   // the cache node the first stale read came from; kNoNode: the database
  // How the stale version got into that node, when the records show it: the latest set of it
  // there before the first stale read, and the latest delete before that set that announced a newer
  // version.
  std::optional<TimeUs> stale_set_us;
  NodeId stale_setter = kNoNode;  // who sent that set
  std::optional<TimeUs> delete_before_set_us;
  Version delete_version = 0;
};

class StalenessJudge {
 public:
  explicit StalenessJudge(DurationUs bound_us) : bound_us_(bound_us) {}

  void committed(const std::string& key, Version version, TimeUs time_us);
  void acknowledged(const std::string& key, Version version, TimeUs time_us, NodeId writer);
  void cache_set(const std::string& key, NodeId node, Version version, TimeUs time_us, bool stored, NodeId setter);
  void cache_delete(const std::string& key, NodeId node, Version version, TimeUs time_us);
  // A read that returned `returned`, served by `served_by` (a cache node, or kNoNode for the
  // database). Returns true when it is stale beyond the bound.
  bool read(const std::string& key, Version returned, TimeUs invoked_us, TimeUs returned_us, NodeId reader,
            NodeId served_by);

  // Every episode, in the order they began.
  const std::vector<StaleEpisode>& episodes() const { return episodes_; }
  std::size_t stale_reads() const { return stale_reads_; }
  DurationUs bound_us() const { return bound_us_; }

 private:
  struct Known {
    TimeUs time_us = 0;
    NodeId writer = kNoNode;  // kNoNode: known from the database's commit
  };
  struct Write {
    NodeId node = kNoNode;
    TimeUs time_us = 0;
    Version version = 0;
    NodeId setter = kNoNode;
  };
  void learn(const std::string& key, Version version, TimeUs time_us, NodeId writer);
  void explain(StaleEpisode& episode) const;

  DurationUs bound_us_;
  std::map<std::string, std::map<Version, Known>> known_;     // key -> version -> first known committed
  std::map<std::string, std::vector<Write>> sets_;             // key -> stored sets, in time order
  std::map<std::string, std::vector<Write>> deletes_;          // key -> deletes, in time order
  std::vector<StaleEpisode> episodes_;
  std::map<std::string, std::size_t> open_episode_;            // key -> index of its latest episode
  std::size_t stale_reads_ = 0;
};

}  // namespace dsim::cache
