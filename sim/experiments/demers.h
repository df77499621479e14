// `dsim experiment demers`: Demers et al., "Epidemic algorithms for replicated database
// maintenance", PODC 1987, reproduced in the paper's own model, synchronous cycles over n = 1000
// sites (sim/protocols/gossip/cycle_model.h, which drives the same EpidemicSite as the simulator's
// gossip nodes):
//   table 1  rumor mongering, push, feedback, counter, k = 1..5
//   table 2  rumor mongering, push, blind, coin, k = 1..5
//   table 3  rumor mongering, pull, feedback, counter, k = 1..3
// each row measured as the paper does (residue s, traffic m, t_ave, t_last) and judged against the
// printed values; and the anti-entropy laws across n = 100, 1000, 10000: push reaches everyone in
// about log2(n) + ln(n) cycles (Pittel 1987), pull's susceptible fraction squares each cycle
// (p_{i+1} = p_i^2, §1.3), push-pull finishes in about log3(n) + O(ln ln n) (Karp et al. 2000).
// Every trial is seeded from its coordinates and lands in its own slot: the output does not
// depend on `jobs`.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/experiments/figure_check.h"
#include "sim/protocols/gossip/epidemic_rules.h"

namespace dsim::experiments {

// One of the paper's printed rows.
struct DemersPublished {
  int table = 1;
  std::uint32_t k = 1;
  double residue = 0;
  double traffic = 0;
  double t_ave = 0;
  double t_last = 0;
  // The size of the last printed digit of each (0.001 for "0.176"), for the rounding allowance.
  double residue_unit = 0;
  double traffic_unit = 0;
  double t_ave_unit = 0;
  double t_last_unit = 0;
};
// Tables 1, 2 and 3 as printed (docs/concepts/gossip.md quotes them).
const std::vector<DemersPublished>& demers_published();
// The variant each table measures.
gossip::RumorRules demers_table_rules(int table, std::uint32_t k);

// One trial of one row: a line of demers.csv.
struct DemersRow {
  int table = 1;
  std::uint32_t k = 1;
  std::int64_t trial = 0;
  double residue = 0;
  double traffic = 0;
  double t_ave = 0;
  std::uint32_t t_last = 0;
};

// One anti-entropy epidemic: cycles to full infection and the susceptible count before each.
struct LawRow {
  gossip::Direction direction = gossip::Direction::push;
  std::uint32_t sites = 0;
  std::int64_t trial = 0;
  std::uint32_t cycles = 0;
  std::vector<std::uint32_t> susceptible;  // susceptible[c]: before cycle c+1
};

struct DemersOptions {
  std::int64_t trials = 1000;                            // per table row
  std::int64_t law_trials = 100;                         // per direction and n
  std::uint32_t sites = 1000;                            // the tables' n
  std::vector<std::uint32_t> law_sites = {100, 1000, 10000};
  unsigned jobs = 1;
  double z = 3.29;                                       // two-sided 99.9% normal quantile of every band
};

struct DemersResult {
  std::vector<DemersRow> rows;  // table, k, trial order
  std::vector<LawRow> laws;     // direction, n, trial order
  std::vector<FigureCheck> figures;
  bool passed() const;
};

// The fewest trials whose bands hold (the standard error of a mean needs a few samples).
inline constexpr std::int64_t kDemersMinTrials = 20;

DemersResult run_demers(const DemersOptions& options);

// The figures, judged (demers.cc); public for tests.
std::vector<FigureCheck> judge_demers(const std::vector<DemersRow>& rows, const std::vector<LawRow>& laws,
                                      const DemersOptions& options);

// The expected susceptible count after one anti-entropy cycle that starts with `susceptible` of
// `sites` (each site contacts one uniformly chosen other site): exact for this model.
//   pull:      s (s-1)/(n-1)                  a susceptible stays so when it pulls from one
//   push:      s (1 - 1/(n-1))^(n-s)          ... when no informed site pushes to it
//   push-pull: s (s-1)/(n-1) (1 - 1/(n-1))^(n-s)
double expected_susceptible_after(gossip::Direction direction, std::uint32_t sites, std::uint32_t susceptible);
// The variance of that count given the start (each susceptible's fate is independent given it).
double variance_susceptible_after(gossip::Direction direction, std::uint32_t sites, std::uint32_t susceptible);

}  // namespace dsim::experiments
