// See bounded_load_ring.h. The walk visits ring positions clockwise and skips a server it has
// already judged; since the capacity is at least the average load rounded up, some server is
// always below it and the walk ends within one lap.
#include "sim/protocols/loadbalance/bounded_load_ring.h"

#include <algorithm>

#include "sim/core/assert.h"

namespace dsim::loadbalance {

std::int64_t bounded_capacity(std::int64_t requests, std::uint32_t servers, std::int64_t epsilon_milli) {
  __int128_t numerator = static_cast<__int128_t>(1000 + epsilon_milli) * requests;
  __int128_t denominator = static_cast<__int128_t>(1000) * servers;
  return static_cast<std::int64_t>((numerator + denominator - 1) / denominator);
}

std::uint64_t ring_hash(std::uint64_t key) {
  std::uint64_t z = key + UINT64_C(0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

BoundedLoadRing::BoundedLoadRing(std::uint32_t servers, std::uint32_t points, std::uint64_t seed) : servers_(servers) {
  DSIM_ASSERT(servers >= 1 && points >= 1, "a ring of at least one server and one point each");
  ring_.reserve(static_cast<std::size_t>(servers) * points);
  // The seed and the (server, point) label are hashed apart before they are mixed, so that seeds
  // differing in a few bits do not merely permute the same labels.
  const std::uint64_t salt = ring_hash(seed);
  for (std::uint32_t server = 0; server < servers; ++server) {
    for (std::uint32_t point = 0; point < points; ++point) {
      std::uint64_t label = ring_hash(static_cast<std::uint64_t>(server) << 32 | point);
      ring_.emplace_back(ring_hash(salt ^ label), server);
    }
  }
  std::sort(ring_.begin(), ring_.end());
}

std::size_t BoundedLoadRing::first_at_or_after(std::uint64_t position) const {
  auto it = std::lower_bound(ring_.begin(), ring_.end(), std::make_pair(position, std::uint32_t{0}));
  return it == ring_.end() ? 0 : static_cast<std::size_t>(it - ring_.begin());
}

std::uint32_t BoundedLoadRing::home(std::uint64_t key) const { return ring_[first_at_or_after(ring_hash(key))].second; }

RingPick BoundedLoadRing::pick(std::uint64_t key, const LoadTable& loads, std::int64_t epsilon_milli) const {
  RingPick result;
  result.capacity = bounded_capacity(loads.total() + 1, servers_, epsilon_milli);
  std::size_t at = first_at_or_after(ring_hash(key));
  std::uint32_t home_server = ring_[at].second;
  if (loads.load(home_server) < result.capacity) {  // the common case: no walk, no allocation
    result.server = home_server;
    return result;
  }
  std::vector<bool> judged(servers_, false);
  for (std::size_t step = 0; step < ring_.size(); ++step) {
    std::uint32_t server = ring_[(at + step) % ring_.size()].second;
    if (judged[server]) continue;
    if (loads.load(server) < result.capacity) {
      result.server = server;
      return result;
    }
    judged[server] = true;
    ++result.passed_over;
  }
  DSIM_ASSERT(false, "some server is below the bounded-load capacity");
  return result;
}

}  // namespace dsim::loadbalance
