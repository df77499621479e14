// The synchronous cycle model of Demers et al. 1987 (§1.3, §1.4), as a deterministic round loop
// over EpidemicSites: n sites, one update injected at site 0 before cycle 1, and in each cycle
// every site that has something to do contacts one site chosen uniformly among the n-1 others:
//   - rumor push: each site with a hot rumor pushes it, and (feedback) hears whether it was news;
//   - rumor pull: every site asks one partner, which sends its hot rumors and hears back;
//   - anti-entropy: every site exchanges with one partner by push, pull or push-pull.
// Contacts use every site's state at the start of the cycle (epidemic_site.h), so the order in
// which the loop visits sites changes nothing, except under a connection limit: then sites
// initiate in a random order each cycle, a site accepts at most `connection_limit` connections
// per cycle, and a refused initiator tries up to `hunt_limit` other partners (§1.4, "Connection
// limit", "Hunting").
//
// It drives the same EpidemicSite the simulator's GossipNode drives, without messages or a clock,
// so that `dsim experiment demers` can run the tens of thousands of trials a table needs in
// seconds. An update message is a contact that carried at least one update (the paper's traffic).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/protocols/gossip/epidemic_rules.h"

namespace dsim::gossip {

struct CycleOptions {
  std::uint32_t sites = 1000;               // n
  bool rumor_mongering = true;              // false: anti-entropy
  RumorRules rules;                         // rumor mongering's variant
  Direction anti_entropy = Direction::push; // anti-entropy's direction
  std::uint32_t connection_limit = 0;       // connections a site accepts per cycle; 0: no limit
  std::uint32_t hunt_limit = 0;             // further partners a refused initiator tries
  std::uint32_t max_cycles = 100000;        // a bound the loop asserts it never reaches
};

// One epidemic, measured as the paper measures it.
struct CycleResult {
  double residue = 0;              // s: the fraction of sites that never heard the update
  double traffic = 0;              // m: update messages per site
  double t_ave = 0;                // mean cycle of arrival over the sites that heard (origin: 0)
  std::uint32_t t_last = 0;        // the cycle the last site to hear it heard it
  std::uint32_t cycles = 0;        // cycles run: until no site is infective (rumor mongering) or
                                   // every site knows (anti-entropy)
  std::uint64_t update_messages = 0;
  std::uint64_t refused_connections = 0;
  // Susceptible sites at the start of cycle c+1, for c = 0..cycles (index 0: n-1 before cycle 1).
  std::vector<std::uint32_t> susceptible_after;
};

// Runs one epidemic to its end. Deterministic in `seed`.
CycleResult run_cycles(const CycleOptions& options, std::uint64_t seed);

}  // namespace dsim::gossip
