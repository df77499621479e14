// Parsing a SWIM scenario's "params" and "workload" (params.h, workload.h). Kept apart from the
// node so that tests and the experiment, which build params in code, never need the JSON layer.
#include <algorithm>
#include <string>

#include "sim/protocols/swim/params.h"
#include "sim/protocols/swim/workload.h"
#include "sim/scenario/json_reader.h"

namespace dsim::swim {

std::string_view detector_name(Detector detector) { return detector == Detector::swim ? "swim" : "heartbeat"; }

SwimParams parse_swim_params(const JsonReader& params) {
  params.expect_keys({"detector", "period", "periods", "ping_timeout", "indirect_probes", "probe_selection", "suspicion",
                      "suspicion_timeout", "lambda", "max_piggyback", "heartbeat_timeout"});
  SwimParams result;
  if (auto detector = params.find("detector")) {
    result.detector = detector->choice({"swim", "heartbeat"}) == "swim" ? Detector::swim : Detector::heartbeat;
  }
  result.period_us = params.duration_or("period", result.period_us, kMillisecond);
  if (auto timing = params.find("periods")) {
    result.timing = timing->choice({"synchronous", "asynchronous"}) == "synchronous" ? PeriodTiming::synchronous
                                                                                      : PeriodTiming::asynchronous;
  }
  result.ping_timeout_us = params.duration_or("ping_timeout", std::min(result.ping_timeout_us, result.period_us / 5), 1);
  if (result.ping_timeout_us >= result.period_us) {
    params.at("ping_timeout").fail("the ping timeout must be shorter than the protocol period (" +
                                   format_time_seconds(result.period_us) + "), so the indirect probes have time");
  }
  result.indirect_probes = static_cast<std::uint32_t>(params.integer_or("indirect_probes", result.indirect_probes, 0, 64));
  if (auto selection = params.find("probe_selection")) {
    result.selection = selection->choice({"random", "round-robin"}) == "random" ? ProbeSelection::random
                                                                               : ProbeSelection::round_robin;
  }
  result.suspicion = params.boolean_or("suspicion", result.suspicion);
  result.suspicion_timeout_us = params.duration_or("suspicion_timeout", 8 * result.period_us, kMillisecond);
  result.lambda = params.number_or("lambda", result.lambda, 0.1, 100);
  result.max_piggyback = static_cast<std::uint32_t>(params.integer_or("max_piggyback", result.max_piggyback, 0, 1000));
  result.heartbeat_timeout_us = params.duration_or("heartbeat_timeout", 3 * result.period_us, kMillisecond);
  return result;
}

SwimWorkload parse_swim_workload(const JsonReader& workload, std::uint32_t members) {
  workload.expect_keys({"join_every", "leave"});
  SwimWorkload result;
  result.join_every_us = workload.duration_or("join_every", 0);
  if (auto leaves = workload.find("leave")) {
    for (const JsonReader& item : leaves->items()) {
      item.expect_keys({"member", "at"});
      ScheduledLeave leave;
      leave.member = static_cast<NodeId>(item.at("member").integer(0, static_cast<std::int64_t>(members) - 1));
      leave.at_us = item.at("at").duration();
      result.leaves.push_back(leave);
    }
    std::stable_sort(result.leaves.begin(), result.leaves.end(),
                     [](const ScheduledLeave& a, const ScheduledLeave& b) { return a.at_us < b.at_us; });
  }
  return result;
}

}  // namespace dsim::swim
