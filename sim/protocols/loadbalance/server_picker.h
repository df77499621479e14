// A balancer's policy as one pure object: given what the balancer knows of the servers' loads
// (load_table.h), a random stream and the request's key, the server for the next request. The
// protocol's balancer and the load-balancing experiment both pick through it, so the experiment
// measures exactly the policies the scenarios show.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/core/random.h"
#include "sim/protocols/loadbalance/bounded_load_ring.h"
#include "sim/protocols/loadbalance/load_table.h"
#include "sim/protocols/loadbalance/policy.h"

namespace dsim::loadbalance {

struct PickerOptions {
  Policy policy = Policy::random;
  std::uint32_t choices = 2;            // two-choices: how many servers are drawn (d)
  std::int64_t epsilon_milli = 250;     // consistent-hash-bounded: capacity (1 + epsilon) x average
  std::uint32_t ring_points = 100;      // consistent-hash-bounded: ring positions per server
  std::uint64_t ring_seed = 0;          // where those positions are
};

struct Pick {
  std::uint32_t server = 0;
  std::uint32_t passed_over = 0;  // consistent-hash-bounded: full servers skipped
  std::int64_t capacity = 0;      // consistent-hash-bounded: the capacity it was judged against
  std::int64_t load = 0;          // the chosen server's load as `loads` said, before this request
};

class ServerPicker {
 public:
  ServerPicker(PickerOptions options, std::uint32_t servers);

  const PickerOptions& options() const { return options_; }
  // The server for a request with `key`. Random draws come from `rng` (the d draws of two-choices
  // are independent, so they may repeat a server, as in Mitzenmacher's model).
  Pick pick(const LoadTable& loads, Rng& rng, std::uint64_t key);

 private:
  PickerOptions options_;
  std::uint32_t servers_;
  std::uint32_t next_in_turn_ = 0;        // round robin
  std::optional<BoundedLoadRing> ring_;   // consistent-hash-bounded
};

}  // namespace dsim::loadbalance
