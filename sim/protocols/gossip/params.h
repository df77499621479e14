// What a gossip scenario can tune: the sites' "params" and the rumor source's "workload". Parsed
// through JsonReader, so a bad value names its file and JSON path.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/gossip/epidemic_rules.h"

namespace dsim {
class JsonReader;
}

namespace dsim::gossip {

// How updates spread (Demers et al. 1987).
enum class Spread : std::uint8_t {
  anti_entropy,            // §1.3: every round, exchange everything with one random site
  rumor,                   // §1.4: rumor mongering alone (leaves a residue, by design)
  rumor_and_anti_entropy,  // rumor mongering, with anti-entropy every few rounds as the backup (§1.4)
};
std::string_view spread_name(Spread spread);  // "anti-entropy", "rumor", "rumor+anti-entropy"

// When sites start their rounds.
enum class RoundTiming : std::uint8_t {
  synchronous,   // every site at the same instants, k * round: the paper's cycles (with a latency
                 // shorter than a round, contacts use the state at the start of the cycle)
  asynchronous,  // each site at its own phase, drawn once at random within the first round
};
std::string_view round_timing_name(RoundTiming timing);  // "synchronous", "asynchronous"

struct GossipParams {
  Spread spread = Spread::anti_entropy;
  Direction anti_entropy = Direction::push_pull;  // anti-entropy's direction
  RumorRules rumor;                               // rumor mongering's variant (direction push or pull)
  DurationUs round_us = kSecond;                  // the time between a site's rounds
  RoundTiming timing = RoundTiming::synchronous;
  std::uint32_t anti_entropy_every = 10;          // rumor+anti-entropy: rounds between backup exchanges
  std::uint32_t connection_limit = 0;             // connections a site accepts per round; 0: no limit
  std::uint32_t hunt_limit = 0;                   // further sites a refused initiator tries per round

  // Test-only mutant that proves all_informed can fail; no scenario key sets it.
  bool mutant_never_pass_on = false;  // a site stores updates but never sends one on
};

struct GossipWorkload {
  std::uint32_t updates = 1;               // updates the rumor source injects: r0, r1, ...
  TimeUs start_us = 0;                     // when it injects r0
  DurationUs every_us = 5 * kSecond;       // the time between injections
  std::optional<NodeId> origin;            // the site each update starts at; none: a random site each
  DurationUs timeout_us = kSecond;         // wait this long for InjectOk before trying another site
};

// Reads "params": {"spread", "anti_entropy", "rumor": {"direction", "interest", "removal", "k"},
// "round", "rounds", "anti_entropy_every", "connection_limit", "hunt_limit"}.
GossipParams parse_gossip_params(const JsonReader& params);
// Reads "workload": {"updates", "start", "every", "origin", "timeout"}; `sites` bounds "origin".
GossipWorkload parse_gossip_workload(const JsonReader& workload, std::uint32_t sites);

}  // namespace dsim::gossip
