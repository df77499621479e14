// `dsim experiment xfetch`: how many times one cached value is recomputed each time it expires,
// measured with the real cache nodes, client and database (sim/protocols/cache) beside the
// expectation of xfetch_theory.h. The set-up is the model of Vattani, Chierichetti and Lowenstein
// (PVLDB 2015): one key, reads arriving as a Poisson process at rate r, a recomputation that
// takes exactly Δ (a database with a worker for every read and a constant service time, and a
// network with no latency), and a TTL T. The cache starts holding the value, fresh for T.
//
// Policies: none (every reader that misses recomputes: about r·Δ per expiry, the paper's example
// being 10 reads/s × 3 s = 30), xfetch (the paper's rule, β as given), uniform (a uniform gap
// with the same mean, the weaker baseline) and single-flight (a read-through node that reads the
// database once per key at a time: exactly one).
//
// One expiry's recomputations are those that start before the first of them has ended and set
// the new value: the size of the stampede that expiry causes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"

namespace dsim::experiments {

enum class XfetchPolicy : std::uint8_t { none, xfetch, uniform_early, single_flight };
std::string_view xfetch_policy_name(XfetchPolicy policy);  // "none", "xfetch", "uniform-early", "single-flight"

struct XfetchCase {
  XfetchPolicy policy = XfetchPolicy::xfetch;
  double rate_per_s = 10;
  DurationUs recompute_us = 3 * kSecond;
  DurationUs ttl_us = 60 * kSecond;
  double beta = 1.0;  // xfetch and uniform-early only

  // The expectation of xfetch_theory.h for this case.
  double theory() const;
};

// The sweep the command runs: r = 1, 10, 100, 1000 per second with Δ = 3 s and T = 60 s, for
// none, single-flight, and xfetch and uniform-early at β = 0.5, 1 and 2.
std::vector<XfetchCase> xfetch_sweep_cases();

// What one trial saw: the recomputations of each of its expiries, and how long before the expiry
// each group's first recomputation began (negative: after it).
struct XfetchTrial {
  std::vector<std::int64_t> recomputations;
  std::vector<DurationUs> lead_us;
};

// Trial `trial` of a case: a fresh simulation run until `expiries` expiries have ended.
XfetchTrial run_xfetch_trial(const XfetchCase& xfetch_case, std::int64_t trial, std::int64_t expiries);

struct XfetchOptions {
  std::int64_t expiries = 200;  // per case; cases with more than 10,000 reads per expiry get a tenth (at least 20)
  std::int64_t expiries_per_trial = 10;
  unsigned jobs = 1;
};

struct XfetchResult {
  XfetchCase xfetch_case;
  std::int64_t expiries = 0;
  std::int64_t recomputations = 0;
  double mean = 0;          // recomputations per expiry
  double standard_error = 0;
  double mean_lead_us = 0;  // how early the first recomputation of an expiry began, on average
  double theory = 0;
};

// Every case; the result does not depend on `jobs`.
std::vector<XfetchResult> run_xfetch(const std::vector<XfetchCase>& cases, const XfetchOptions& options);

// The expiries a case gets under `options` (the costly cases get fewer).
std::int64_t xfetch_expiries_for(const XfetchCase& xfetch_case, const XfetchOptions& options);

}  // namespace dsim::experiments
