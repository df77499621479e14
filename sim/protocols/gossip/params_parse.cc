// Parsing a gossip scenario's "params" and "workload" (params.h). Kept apart from the nodes so
// that tests and the cycle model, which build params in code, never need the JSON layer.
#include "sim/protocols/gossip/params.h"

#include <string>

#include "sim/scenario/json_reader.h"

namespace dsim::gossip {

std::string_view spread_name(Spread spread) {
  switch (spread) {
    case Spread::anti_entropy: return "anti-entropy";
    case Spread::rumor: return "rumor";
    case Spread::rumor_and_anti_entropy: return "rumor+anti-entropy";
  }
  return "anti-entropy";
}

std::string_view round_timing_name(RoundTiming timing) {
  return timing == RoundTiming::synchronous ? "synchronous" : "asynchronous";
}

namespace {

Direction parse_direction(const JsonReader& reader, bool allow_push_pull) {
  std::string name = allow_push_pull ? reader.choice({"push", "pull", "push-pull"}) : reader.choice({"push", "pull"});
  if (name == "push") return Direction::push;
  if (name == "pull") return Direction::pull;
  return Direction::push_pull;
}

RumorRules parse_rumor(const JsonReader& rumor) {
  rumor.expect_keys({"direction", "interest", "removal", "k"});
  RumorRules rules;
  if (auto direction = rumor.find("direction")) rules.direction = parse_direction(*direction, false);
  if (auto interest = rumor.find("interest")) {
    rules.interest = interest->choice({"feedback", "blind"}) == "feedback" ? Interest::feedback : Interest::blind;
  }
  if (auto removal = rumor.find("removal")) {
    rules.removal = removal->choice({"counter", "coin"}) == "counter" ? Removal::counter : Removal::coin;
  }
  rules.k = static_cast<std::uint32_t>(rumor.integer_or("k", rules.k, 1, 100));
  return rules;
}

}  // namespace

GossipParams parse_gossip_params(const JsonReader& params) {
  params.expect_keys({"spread", "anti_entropy", "rumor", "round", "rounds", "anti_entropy_every", "connection_limit",
                      "hunt_limit"});
  GossipParams result;
  if (auto spread = params.find("spread")) {
    std::string name = spread->choice({"anti-entropy", "rumor", "rumor+anti-entropy"});
    result.spread = name == "anti-entropy" ? Spread::anti_entropy
                    : name == "rumor"      ? Spread::rumor
                                           : Spread::rumor_and_anti_entropy;
  }
  if (auto direction = params.find("anti_entropy")) result.anti_entropy = parse_direction(*direction, true);
  if (auto rumor = params.find("rumor")) {
    if (!rumor->is_object()) rumor->fail_expected("an object such as {\"direction\": \"push\", \"k\": 2}");
    result.rumor = parse_rumor(*rumor);
  }
  result.round_us = params.duration_or("round", result.round_us, kMillisecond);
  if (auto timing = params.find("rounds")) {
    result.timing = timing->choice({"synchronous", "asynchronous"}) == "synchronous" ? RoundTiming::synchronous
                                                                                     : RoundTiming::asynchronous;
  }
  result.anti_entropy_every =
      static_cast<std::uint32_t>(params.integer_or("anti_entropy_every", result.anti_entropy_every, 1, 1000000));
  result.connection_limit = static_cast<std::uint32_t>(params.integer_or("connection_limit", 0, 0, 1000000));
  result.hunt_limit = static_cast<std::uint32_t>(params.integer_or("hunt_limit", 0, 0, 1000));
  return result;
}

GossipWorkload parse_gossip_workload(const JsonReader& workload, std::uint32_t sites) {
  workload.expect_keys({"updates", "start", "every", "origin", "timeout"});
  GossipWorkload result;
  result.updates = static_cast<std::uint32_t>(workload.integer_or("updates", result.updates, 1, 10000));
  if (auto start = workload.find("start")) result.start_us = start->duration();
  result.every_us = workload.duration_or("every", result.every_us, kMillisecond);
  if (auto origin = workload.find("origin")) {
    if (origin->is_string()) {
      origin->choice({"random"});
    } else {
      result.origin = static_cast<NodeId>(origin->integer(0, static_cast<std::int64_t>(sites) - 1));
    }
  }
  result.timeout_us = workload.duration_or("timeout", result.timeout_us, kMillisecond);
  return result;
}

}  // namespace dsim::gossip
