// See load_table.h. A move takes a server out of its bucket by swapping the bucket's last entry
// into its slot, then appends it to the new bucket: O(1), and the lowest bucket moves only by one
// step per change.
#include "sim/protocols/loadbalance/load_table.h"

#include "sim/core/assert.h"

namespace dsim::loadbalance {

LoadTable::LoadTable(std::uint32_t servers) : load_(servers, 0), by_load_(1), slot_(servers, 0) {
  DSIM_ASSERT(servers >= 1, "a load table of at least one server");
  for (std::uint32_t server = 0; server < servers; ++server) {
    slot_[server] = server;
    by_load_[0].push_back(server);
  }
}

void LoadTable::move(std::uint32_t server, std::int64_t to) {
  std::int64_t from = load_[server];
  if (from == to) return;
  std::vector<std::uint32_t>& old_bucket = by_load_[static_cast<std::size_t>(from)];
  std::uint32_t last = old_bucket.back();
  old_bucket[slot_[server]] = last;
  slot_[last] = slot_[server];
  old_bucket.pop_back();
  if (static_cast<std::size_t>(to) >= by_load_.size()) by_load_.resize(static_cast<std::size_t>(to) + 1);
  std::vector<std::uint32_t>& new_bucket = by_load_[static_cast<std::size_t>(to)];
  slot_[server] = static_cast<std::uint32_t>(new_bucket.size());
  new_bucket.push_back(server);
  load_[server] = to;
  total_ += to - from;
  if (to < lowest_) {
    lowest_ = to;
  } else {
    while (by_load_[static_cast<std::size_t>(lowest_)].empty()) ++lowest_;
  }
}

void LoadTable::add(std::uint32_t server) { move(server, load_[server] + 1); }

void LoadTable::remove(std::uint32_t server) {
  if (load_[server] > 0) move(server, load_[server] - 1);
}

void LoadTable::set(std::uint32_t server, std::int64_t load) { move(server, load < 0 ? 0 : load); }

std::uint32_t LoadTable::least_loaded(Rng& rng) const {
  const std::vector<std::uint32_t>& bucket = by_load_[static_cast<std::size_t>(lowest_)];
  return bucket.size() == 1 ? bucket[0] : bucket[rng.index(bucket.size())];
}

}  // namespace dsim::loadbalance
