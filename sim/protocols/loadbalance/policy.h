// The six ways a balancer picks a server, by the names the scenarios, the experiment's CSV and
// the docs use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dsim::loadbalance {

enum class Policy : std::uint8_t {
  random,                   // a server drawn uniformly: n independent M/M/1 queues under Poisson load
  round_robin,              // servers in turn
  least_connections,        // the server with the fewest requests this balancer has outstanding there
  jsq,                      // join the shortest queue: the server with the fewest requests in its queue
  two_choices,              // power of d choices: the shorter queue of d servers drawn at random
  consistent_hash_bounded,  // the key's server on a hash ring, passing over servers at capacity
};

inline constexpr Policy kAllPolicies[] = {Policy::random, Policy::round_robin, Policy::least_connections,
                                          Policy::jsq, Policy::two_choices, Policy::consistent_hash_bounded};

// "random", "round-robin", "least-connections", "jsq", "two-choices", "consistent-hash-bounded".
std::string_view policy_name(Policy policy);
std::optional<Policy> policy_from_name(std::string_view name);
// Whether the policy reads server loads at all (random and round robin do not).
bool policy_reads_loads(Policy policy);

}  // namespace dsim::loadbalance
