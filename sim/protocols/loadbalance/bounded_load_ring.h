// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing
// with Bounded Loads", SODA 2018): servers sit at `points` pseudo-random places each on a ring of
// 64-bit hashes; a request goes to the first server clockwise from its key's hash whose load is
// below the capacity ceil((1 + epsilon) * m / n), m being the requests in the system counting the
// new one. A key keeps its server while that server is not overloaded (cache affinity), and no
// server ever takes more than (1 + epsilon) times the average.
//
// epsilon is kept in thousandths so the capacity is exact integer arithmetic.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/protocols/loadbalance/load_table.h"

namespace dsim::loadbalance {

// ceil((1000 + epsilon_milli) * requests / (1000 * servers)): the most a server may hold.
std::int64_t bounded_capacity(std::int64_t requests, std::uint32_t servers, std::int64_t epsilon_milli);

// A key's position on the ring (splitmix64's finaliser: any bit of the key moves every bit).
std::uint64_t ring_hash(std::uint64_t key);

struct RingPick {
  std::uint32_t server = 0;
  std::uint32_t passed_over = 0;  // servers at capacity skipped on the way (0: the key's own server)
  std::int64_t capacity = 0;
};

class BoundedLoadRing {
 public:
  // `points` positions per server, derived from `seed` and the server's number.
  BoundedLoadRing(std::uint32_t servers, std::uint32_t points, std::uint64_t seed);

  // The key's server among those below capacity, given the loads before this request.
  RingPick pick(std::uint64_t key, const LoadTable& loads, std::int64_t epsilon_milli) const;
  // The key's server with no bound (where the ring alone puts it).
  std::uint32_t home(std::uint64_t key) const;
  std::size_t size() const { return ring_.size(); }

 private:
  std::size_t first_at_or_after(std::uint64_t position) const;

  std::uint32_t servers_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> ring_;  // (position, server), ascending
};

}  // namespace dsim::loadbalance
