// What a SWIM scenario can tune: the members' "params" and the membership churn of its "workload"
// (workload.h). Parsed through JsonReader, so a bad value names its file and JSON path.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/time.h"
#include "sim/protocols/swim/probe_order.h"

namespace dsim {
class JsonReader;
}

namespace dsim::swim {

enum class Detector : std::uint8_t {
  swim,       // randomized probing with indirect probes and piggybacked dissemination (§3, §4)
  heartbeat,  // every member sends every other a heartbeat each period (the traditional scheme, §1)
};
std::string_view detector_name(Detector detector);  // "swim", "heartbeat"

// When members begin their protocol periods.
enum class PeriodTiming : std::uint8_t {
  synchronous,   // every member at the multiples of the period (as §3.1's analysis counts them)
  asynchronous,  // each member at a phase of its own, drawn once within the first period
};

struct SwimParams {
  Detector detector = Detector::swim;
  DurationUs period_us = kSecond;                // T', the protocol period
  PeriodTiming timing = PeriodTiming::asynchronous;
  DurationUs ping_timeout_us = 200 * kMillisecond;  // the direct ping's wait before ping-reqs
  std::uint32_t indirect_probes = 3;             // k, the members asked to ping-req
  ProbeSelection selection = ProbeSelection::random;
  bool suspicion = true;                         // §4.2; off: one failed probe declares the member dead
  DurationUs suspicion_timeout_us = 8 * kSecond; // how long a suspect has to refute (default: 8 periods)
  double lambda = 5.0;                           // each piece of news is piggybacked ceil(λ ln n) times
  std::uint32_t max_piggyback = 6;               // pieces of news per message
  DurationUs heartbeat_timeout_us = 3 * kSecond;  // heartbeat: silent this long -> dead

  // Test-only mutants that prove the checkers can fail; no scenario key sets them.
  bool mutant_no_refute = false;       // a suspected member never refutes (suspicion cannot help)
  bool mutant_never_declare = false;   // failed probes are ignored (crashes are never detected)
};

// Reads "params": {"detector", "period", "periods", "ping_timeout", "indirect_probes",
// "probe_selection", "suspicion", "suspicion_timeout", "lambda", "max_piggyback",
// "heartbeat_timeout"}.
SwimParams parse_swim_params(const JsonReader& params);

}  // namespace dsim::swim
