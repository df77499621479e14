// Parsing a causal scenario's "params" and "workload" (params.h).
#include "sim/protocols/causal/params.h"

#include "sim/scenario/json_reader.h"

namespace dsim::causal {

CausalParams parse_causal_params(const JsonReader& params) {
  params.expect_keys({"bug_deliver_at_once"});
  CausalParams result;
  if (auto bug = params.find("bug_deliver_at_once")) result.bug_deliver_at_once = bug->boolean();
  return result;
}

CausalWorkload parse_causal_workload(const JsonReader& workload) {
  workload.expect_keys({"rate", "reply_percent", "stop"});
  CausalWorkload result;
  if (auto rate = workload.find("rate")) {
    result.posts_per_second = rate->rate_per_second();
    if (!(result.posts_per_second > 0) || result.posts_per_second > 1000) {
      rate->fail_expected("a rate per member from \"0.001/s\" to \"1000/s\"");
    }
  }
  result.reply_percent = static_cast<std::uint32_t>(workload.integer_or("reply_percent", result.reply_percent, 0, 100));
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  return result;
}

}  // namespace dsim::causal
