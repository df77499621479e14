// What a balancer knows of each server's load (requests in its queue, or its own requests
// outstanding there), kept so that "a least-loaded server" is O(1): servers are filed in buckets
// by load, and the lowest non-empty bucket is tracked. Join-the-shortest-queue and least
// connections draw from it; a pick among equals is uniform (Rng::index), so no server is
// favoured by its number.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/random.h"

namespace dsim::loadbalance {

class LoadTable {
 public:
  explicit LoadTable(std::uint32_t servers);

  std::uint32_t servers() const { return static_cast<std::uint32_t>(load_.size()); }
  std::int64_t load(std::uint32_t server) const { return load_[server]; }
  std::int64_t total() const { return total_; }
  std::int64_t lowest() const { return lowest_; }

  void add(std::uint32_t server);     // one more request there
  void remove(std::uint32_t server);  // one fewer; a load never goes below zero
  void set(std::uint32_t server, std::int64_t load);  // a server's report
  // A server with the lowest load, drawn uniformly among those that share it.
  std::uint32_t least_loaded(Rng& rng) const;
  // The loads in server order (the balancer's published view).
  const std::vector<std::int64_t>& loads() const { return load_; }

 private:
  void move(std::uint32_t server, std::int64_t to);

  std::vector<std::int64_t> load_;                      // by server
  std::vector<std::vector<std::uint32_t>> by_load_;     // by_load_[l]: the servers with load l
  std::vector<std::uint32_t> slot_;                     // server's index in by_load_[load]
  std::int64_t lowest_ = 0;                             // the lowest l with by_load_[l] non-empty
  std::int64_t total_ = 0;
};

}  // namespace dsim::loadbalance
