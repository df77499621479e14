// The rate-limiting plugin: "protocol": "ratelimit" in a scenario. Servers are the limiters and,
// in store and sync modes, the counter store as the last server; then one client node per
// workload client. The checks judge every admission against the scenario's one limit.
#include <memory>
#include <string>

#include "sim/protocols/ratelimit/invariants.h"
#include "sim/protocols/ratelimit/params.h"
#include "sim/protocols/ratelimit/ratelimit_node.h"
#include "sim/protocols/ratelimit/register.h"
#include "sim/protocols/ratelimit/store_node.h"
#include "sim/protocols/ratelimit/view.h"
#include "sim/protocols/ratelimit/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::ratelimit {
namespace {

// Limiters are the first servers; the store, when there is one, is the last.
std::uint32_t limiter_count(const RateLimitParams& params, std::uint32_t servers) {
  return params.mode == Mode::local ? servers : servers - 1;
}

class RateLimitProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "ratelimit"; }
  std::string_view summary() const override {
    return "rate limiting: token and leaky buckets, fixed and sliding windows; local, shared-store and synced limiters";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckWithinLimit), std::string(kCheckWithinLimitAnyWindow)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkRejected),          std::string(view::kMarkQueued),
            std::string(view::kMarkStoreTimeout),      std::string(view::kMarkFailOpen),
            std::string(view::kMarkFailClosed),        std::string(view::kMarkLateStoreReply),
            std::string(view::kMarkOverLimitInWindow), std::string(view::kMarkStoreRecovered),
            std::string(view::kMarkStoreForgot)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    RateLimitParams parsed = parse_ratelimit_params(params);
    if (parsed.mode != Mode::local && scenario.nodes < 2) {
      params.at("mode").fail("mode \"" + std::string(mode_name(parsed.mode)) +
                             "\" needs at least 2 nodes: the limiters, then the store as the last node");
    }
    std::uint32_t limiters = limiter_count(parsed, scenario.nodes);
    if (parsed.split && parsed.limit.limit < limiters) {
      params.at("split").fail("a limit of " + std::to_string(parsed.limit.limit) + " cannot be split among " +
                              std::to_string(limiters) + " limiters");
    }
    Limit share = limiter_limit(parsed, limiters);
    if (parsed.split && share.algorithm == Algorithm::leaky_bucket && share.window_us % share.limit != 0) {
      params.at("split").fail("each limiter's share, " + std::to_string(share.limit) + " per " +
                              format_duration(share.window_us) + ", is not a whole number of microseconds apart");
    }
    parse_ratelimit_workload(scenario_workload(scenario));
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    RateLimitParams params = parse_ratelimit_params(world.params());
    RateLimitWorkload workload = parse_ratelimit_workload(world.workload());
    std::uint32_t limiters = limiter_count(params, scenario.nodes);
    NodeId store = params.mode == Mode::local ? kNoNode : static_cast<NodeId>(limiters);
    for (std::uint32_t i = 0; i < limiters; ++i) {
      world.add_server([params, limiters, store](NodeId) { return std::make_unique<RateLimiterNode>(params, limiters, store); });
    }
    if (store != kNoNode) world.add_server([params](NodeId) { return std::make_unique<CounterStore>(params); });
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      NodeId limiter = static_cast<NodeId>(c % limiters);
      world.add_client("c" + std::to_string(c), [workload, c, limiter](NodeId) {
        return std::make_unique<RateLimitClient>(workload, c, limiter);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    Limit limit = parse_ratelimit_params(scenario_params(scenario)).limit;
    if (name == kCheckWithinLimit) return make_within_limit_checker(limit);
    if (name == kCheckWithinLimitAnyWindow) return make_within_limit_any_window_checker(limit);
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::ratelimit

namespace dsim {

void register_ratelimit(ProtocolRegistry& registry) { registry.add(std::make_unique<ratelimit::RateLimitProtocol>()); }

}  // namespace dsim
