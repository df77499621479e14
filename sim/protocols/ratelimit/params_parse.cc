// Parsing a rate-limiting scenario's "params" and "workload" (params.h). The checks that need the
// number of servers (a store needs one; a split needs the limit to cover every limiter) are the
// plugin's, which knows it.
#include "sim/protocols/ratelimit/params.h"

#include <string>

#include "sim/scenario/json_reader.h"

namespace dsim::ratelimit {

std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::local: return "local";
    case Mode::store: return "store";
    case Mode::sync: return "sync";
  }
  return "?";
}

Limit limiter_limit(const RateLimitParams& params, std::uint32_t limiters) {
  Limit limit = params.limit;
  if (params.mode != Mode::local || !params.split || limiters <= 1) return limit;
  limit.limit /= limiters;
  limit.burst = std::max<std::int64_t>(1, limit.burst / limiters);
  limit.queue /= limiters;
  return limit;
}

RateLimitParams parse_ratelimit_params(const JsonReader& params) {
  params.expect_keys({"algorithm", "limit", "window", "burst", "queue", "mode", "split", "store_timeout",
                      "on_store_failure", "store_persists", "sync_interval"});
  RateLimitParams result;
  Limit& limit = result.limit;
  if (auto algorithm = params.find("algorithm")) {
    limit.algorithm = *algorithm_from_name(algorithm->choice(
        {"token-bucket", "leaky-bucket", "fixed-window", "sliding-log", "sliding-counter"}));
  }
  limit.limit = params.integer_or("limit", limit.limit, 1, kMaxLimit);
  limit.window_us = params.duration_or("window", limit.window_us, 1);
  if (limit.window_us > kMaxWindow) params.at("window").fail("expected a window of at most 1 hour");
  // The bucket holds one window's worth unless told otherwise.
  limit.burst = params.integer_or("burst", limit.limit, 1, kMaxLimit);
  limit.queue = params.integer_or("queue", limit.limit, 0, kMaxLimit);
  if (limit.algorithm == Algorithm::leaky_bucket && limit.window_us % limit.limit != 0) {
    params.at("limit").fail("a leaky bucket releases one request every window/limit, which must be a whole number "
                            "of microseconds: " + format_duration(limit.window_us) + " / " +
                            std::to_string(limit.limit) + " is not");
  }
  if (auto mode = params.find("mode")) {
    std::string name = mode->choice({"local", "store", "sync"});
    result.mode = name == "local" ? Mode::local : name == "store" ? Mode::store : Mode::sync;
  }
  if (result.mode == Mode::sync && limit.algorithm != Algorithm::fixed_window &&
      limit.algorithm != Algorithm::sliding_counter) {
    params.at("mode").fail("sync mode shares window counters, so it needs algorithm \"fixed-window\" or "
                           "\"sliding-counter\", not \"" + std::string(algorithm_name(limit.algorithm)) + "\"");
  }
  result.split = params.boolean_or("split", result.split);
  if (result.split && result.mode != Mode::local) params.at("split").fail("split applies to mode \"local\" only");
  result.store_timeout_us = params.duration_or("store_timeout", result.store_timeout_us, 1);
  if (auto failure = params.find("on_store_failure")) {
    result.on_store_failure = failure->choice({"open", "closed"}) == "open" ? StoreFailure::open : StoreFailure::closed;
  }
  result.store_persists = params.boolean_or("store_persists", result.store_persists);
  result.sync_interval_us = params.duration_or("sync_interval", result.sync_interval_us, 1);
  return result;
}

RateLimitWorkload parse_ratelimit_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "rate", "stop", "bursts", "random_bursts"});
  RateLimitWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 100));
  if (auto rate = workload.find("rate")) {
    result.rate_per_second = rate->rate_per_second();
    if (!(result.rate_per_second >= 0)) rate->fail_expected("a rate such as \"10/s\"");
  }
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  if (auto bursts = workload.find("bursts")) {
    for (const JsonReader& burst : bursts->items()) {
      burst.expect_keys({"at", "count", "client", "over"});
      ScheduledBurst parsed;
      parsed.at_us = burst.at("at").duration();
      parsed.count = static_cast<std::uint32_t>(burst.at("count").integer(1, 100000));
      parsed.client = static_cast<std::uint32_t>(burst.integer_or("client", 0, 0, result.clients - 1));
      parsed.over_us = burst.duration_or("over", 0);
      result.bursts.push_back(parsed);
    }
  }
  if (auto random = workload.find("random_bursts")) {
    random->expect_keys({"every", "max"});
    result.random_burst_every_us = random->at("every").duration(1);
    result.random_burst_max = static_cast<std::uint32_t>(random->at("max").integer(1, 100000));
  }
  if (result.rate_per_second == 0 && result.bursts.empty() && result.random_burst_every_us == 0) {
    workload.fail("expected some traffic: a \"rate\", \"bursts\" or \"random_bursts\"");
  }
  return result;
}

}  // namespace dsim::ratelimit
