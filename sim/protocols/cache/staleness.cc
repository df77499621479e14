// The bounded-staleness judge (staleness.h).
#include "sim/protocols/cache/staleness.h"

namespace dsim::cache {

void StalenessJudge::learn(const std::string& key, Version version, TimeUs time_us, NodeId writer) {
  auto [it, inserted] = known_[key].try_emplace(version, Known{time_us, writer});
  if (!inserted && time_us < it->second.time_us) it->second = Known{time_us, writer};
}

void StalenessJudge::committed(const std::string& key, Version version, TimeUs time_us) {
  learn(key, version, time_us, kNoNode);
}

void StalenessJudge::acknowledged(const std::string& key, Version version, TimeUs time_us, NodeId writer) {
  learn(key, version, time_us, writer);
}

void StalenessJudge::cache_set(const std::string& key, NodeId node, Version version, TimeUs time_us, bool stored,
                               NodeId setter) {
  if (stored) sets_[key].push_back(Write{node, time_us, version, setter});
}

void StalenessJudge::cache_delete(const std::string& key, NodeId node, Version version, TimeUs time_us) {
  deletes_[key].push_back(Write{node, time_us, version, kNoNode});
}

bool StalenessJudge::read(const std::string& key, Version returned, TimeUs invoked_us, TimeUs returned_us,
                          NodeId reader, NodeId served_by) {
  auto versions = known_.find(key);
  if (versions == known_.end()) return false;
  // The newest version known committed more than the bound before the read began.
  const Known* newer = nullptr;
  Version newer_version = 0;
  for (auto it = versions->second.rbegin(); it != versions->second.rend() && it->first > returned; ++it) {
    if (it->second.time_us + bound_us_ < invoked_us) {
      newer = &it->second;
      newer_version = it->first;
      break;
    }
  }
  if (newer == nullptr) return false;
  ++stale_reads_;
  auto open = open_episode_.find(key);
  if (open != open_episode_.end()) {
    StaleEpisode& episode = episodes_[open->second];
    if (episode.returned == returned) {
      ++episode.reads;
      episode.last_returned_us = std::max(episode.last_returned_us, returned_us);
      return true;
    }
  }
  StaleEpisode episode;
  episode.key = key;
  episode.returned = returned;
  episode.newer = newer_version;
  episode.newer_known_us = newer->time_us;
  episode.newer_writer = newer->writer;
  episode.reads = 1;
  episode.first_invoked_us = invoked_us;
  episode.first_returned_us = returned_us;
  episode.last_returned_us = returned_us;
  episode.first_reader = reader;
  episode.served_by = served_by;
  explain(episode);
  open_episode_[key] = episodes_.size();
  episodes_.push_back(std::move(episode));
  return true;
}

void StalenessJudge::explain(StaleEpisode& episode) const {
  if (episode.served_by == kNoNode) return;
  auto sets = sets_.find(episode.key);
  if (sets == sets_.end()) return;
  // The latest set of the stale version into that node before the read.
  const Write* stale_set = nullptr;
  for (const Write& set : sets->second) {
    if (set.node == episode.served_by && set.version == episode.returned && set.time_us <= episode.first_invoked_us) {
      stale_set = &set;
    }
  }
  if (stale_set == nullptr) return;
  episode.stale_set_us = stale_set->time_us;
  episode.stale_setter = stale_set->setter;
  auto deletes = deletes_.find(episode.key);
  if (deletes == deletes_.end()) return;
  for (const Write& erase : deletes->second) {
    if (erase.node == episode.served_by && erase.time_us <= stale_set->time_us && erase.version > episode.returned) {
      episode.delete_before_set_us = erase.time_us;
      episode.delete_version = erase.version;
    }
  }
}

}  // namespace dsim::cache
