// See server_picker.h; also the policies' names.
#include "sim/protocols/loadbalance/server_picker.h"

#include "sim/core/assert.h"

namespace dsim::loadbalance {

std::string_view policy_name(Policy policy) {
  switch (policy) {
    case Policy::random: return "random";
    case Policy::round_robin: return "round-robin";
    case Policy::least_connections: return "least-connections";
    case Policy::jsq: return "jsq";
    case Policy::two_choices: return "two-choices";
    case Policy::consistent_hash_bounded: return "consistent-hash-bounded";
  }
  return "?";
}

std::optional<Policy> policy_from_name(std::string_view name) {
  for (Policy policy : kAllPolicies) {
    if (policy_name(policy) == name) return policy;
  }
  return std::nullopt;
}

bool policy_reads_loads(Policy policy) { return policy != Policy::random && policy != Policy::round_robin; }

ServerPicker::ServerPicker(PickerOptions options, std::uint32_t servers) : options_(options), servers_(servers) {
  DSIM_ASSERT(servers_ >= 1, "a balancer needs a server");
  DSIM_ASSERT(options_.choices >= 1, "two-choices draws at least one server");
  if (options_.policy == Policy::consistent_hash_bounded) ring_.emplace(servers_, options_.ring_points, options_.ring_seed);
}

Pick ServerPicker::pick(const LoadTable& loads, Rng& rng, std::uint64_t key) {
  Pick pick;
  switch (options_.policy) {
    case Policy::random: pick.server = static_cast<std::uint32_t>(rng.index(servers_)); break;
    case Policy::round_robin:
      pick.server = next_in_turn_;
      next_in_turn_ = next_in_turn_ + 1 == servers_ ? 0 : next_in_turn_ + 1;
      break;
    case Policy::least_connections:
    case Policy::jsq: pick.server = loads.least_loaded(rng); break;
    case Policy::two_choices: {
      // The first draw wins ties: it is as random as the others, so no server is favoured.
      pick.server = static_cast<std::uint32_t>(rng.index(servers_));
      for (std::uint32_t draw = 1; draw < options_.choices; ++draw) {
        auto other = static_cast<std::uint32_t>(rng.index(servers_));
        if (loads.load(other) < loads.load(pick.server)) pick.server = other;
      }
      break;
    }
    case Policy::consistent_hash_bounded: {
      RingPick ring_pick = ring_->pick(key, loads, options_.epsilon_milli);
      pick.server = ring_pick.server;
      pick.passed_over = ring_pick.passed_over;
      pick.capacity = ring_pick.capacity;
      break;
    }
  }
  pick.load = loads.load(pick.server);
  return pick;
}

}  // namespace dsim::loadbalance
