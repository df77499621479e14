// The xfetch trials (xfetch.h): a database, one cache node and one client on a network without
// latency, the real protocol nodes, and an observer that groups the database reads into expiries.
#include "sim/experiments/xfetch.h"

#include <cmath>
#include <deque>
#include <memory>

#include "sim/core/assert.h"
#include "sim/core/simulator.h"
#include "sim/experiments/trial_pool.h"
#include "sim/experiments/xfetch_theory.h"
#include "sim/net/network.h"
#include "sim/protocols/cache/cache_node.h"
#include "sim/protocols/cache/database_node.h"
#include "sim/protocols/cache/messages.h"
#include "sim/protocols/cache/workload.h"

namespace dsim::experiments {

std::string_view xfetch_policy_name(XfetchPolicy policy) {
  switch (policy) {
    case XfetchPolicy::none: return "none";
    case XfetchPolicy::xfetch: return "xfetch";
    case XfetchPolicy::uniform_early: return "uniform-early";
    case XfetchPolicy::single_flight: return "single-flight";
  }
  return "none";
}

double XfetchCase::theory() const {
  switch (policy) {
    case XfetchPolicy::none: return expected_recomputations_none(rate_per_s, recompute_us);
    case XfetchPolicy::xfetch: return expected_recomputations_xfetch(rate_per_s, recompute_us, ttl_us, beta);
    case XfetchPolicy::uniform_early: return expected_recomputations_uniform(rate_per_s, recompute_us, ttl_us, beta);
    case XfetchPolicy::single_flight: return 1;
  }
  return 0;
}

std::vector<XfetchCase> xfetch_sweep_cases() {
  std::vector<XfetchCase> cases;
  for (double rate : {1.0, 10.0, 100.0, 1000.0}) {
    auto add = [&](XfetchPolicy policy, double beta) {
      XfetchCase c;
      c.policy = policy;
      c.rate_per_s = rate;
      c.beta = beta;
      cases.push_back(c);
    };
    add(XfetchPolicy::none, 0);
    add(XfetchPolicy::single_flight, 0);
    for (double beta : {0.5, 1.0, 2.0}) add(XfetchPolicy::xfetch, beta);
    for (double beta : {0.5, 1.0, 2.0}) add(XfetchPolicy::uniform_early, beta);
  }
  return cases;
}

namespace {

// Groups the database reads into expiries and stops the run when `wanted` expiries have ended.
// Every recomputation is one database read, sent the instant it starts (the network has no
// latency) and answered exactly Δ later, when its value is set. An expiry's recomputations are
// those that start before the first of them has ended: until then the old value is all there is,
// and every reader decides alone (the count xfetch_theory.h derives).
class RecomputationWatch final : public Observer {
 public:
  RecomputationWatch(Simulator& simulator, DurationUs recompute_us, DurationUs ttl_us, std::int64_t wanted)
      : simulator_(simulator), recompute_us_(recompute_us), ttl_us_(ttl_us), wanted_(wanted), expires_us_(ttl_us) {}

  void on_send(TimeUs time, NodeId, NodeId, const Message& message, TimeUs) override {
    if (!message.is<cache::DbRead>()) return;
    if (open_ && time >= first_ends_us_) close();
    if (!open_) {
      open_ = true;
      first_ends_us_ = time + recompute_us_;
      count_ = 0;
      // The value this expiry's first reader saw was set by the latest recomputation to end.
      while (!pending_ends_.empty() && pending_ends_.front() <= time) {
        expires_us_ = pending_ends_.front() + ttl_us_;
        pending_ends_.pop_front();
      }
      result.lead_us.push_back(expires_us_ - time);
    }
    ++count_;
    pending_ends_.push_back(time + recompute_us_);
  }

  XfetchTrial result;

 private:
  void close() {
    result.recomputations.push_back(count_);
    open_ = false;
    if (static_cast<std::int64_t>(result.recomputations.size()) >= wanted_) {
      result.lead_us.resize(result.recomputations.size());
      simulator_.stop();
    }
  }

  Simulator& simulator_;
  DurationUs recompute_us_;
  DurationUs ttl_us_;
  std::int64_t wanted_;
  bool open_ = false;
  TimeUs first_ends_us_ = 0;         // when the open expiry's first recomputation ends
  std::int64_t count_ = 0;
  TimeUs expires_us_;                // the value's expiry as readers see it (the preload: T)
  std::deque<TimeUs> pending_ends_;  // when each recomputation started so far ends, in order
};

}  // namespace

XfetchTrial run_xfetch_trial(const XfetchCase& xfetch_case, std::int64_t trial, std::int64_t expiries) {
  DSIM_ASSERT(xfetch_case.rate_per_s > 0 && xfetch_case.recompute_us > 0 && xfetch_case.ttl_us > xfetch_case.recompute_us,
              "an xfetch case needs a rate, a recomputation time and a longer TTL");
  std::uint64_t seed = trial_seed("xfetch", {static_cast<std::int64_t>(xfetch_case.policy),
                                             std::llround(xfetch_case.rate_per_s * 1000), xfetch_case.recompute_us,
                                             xfetch_case.ttl_us, std::llround(xfetch_case.beta * 1000), trial});
  cache::CacheParams params;
  params.keys = 1;
  params.cache_nodes = 1;
  params.read_path = xfetch_case.policy == XfetchPolicy::single_flight ? cache::ReadPath::read_through
                                                                       : cache::ReadPath::cache_aside;
  params.cache.single_flight = xfetch_case.policy == XfetchPolicy::single_flight;
  params.cache.ttl_us = xfetch_case.ttl_us;
  params.cache.preload = cache::Preload::together;  // fresh for T from time 0, its Δ already measured
  params.cache.service_time = cache::ServiceTime{cache::ServiceTime::Kind::constant, 0, 0};  // an instant cache
  params.database.workers = 1'000'000;  // every recomputation runs at once, for exactly Δ
  params.database.queue_limit = 0;
  params.database.read_time = cache::ServiceTime{cache::ServiceTime::Kind::constant, xfetch_case.recompute_us, 0};
  params.client.timeout_us = 10 * xfetch_case.recompute_us;
  params.client.beta = xfetch_case.beta;
  params.client.early_expiration = xfetch_case.policy == XfetchPolicy::xfetch ? cache::EarlyExpiration::xfetch
                                   : xfetch_case.policy == XfetchPolicy::uniform_early ? cache::EarlyExpiration::uniform
                                                                                       : cache::EarlyExpiration::none;
  cache::CacheWorkload workload;
  workload.clients = 1;
  workload.rate_per_second = xfetch_case.rate_per_s;
  workload.write_fraction = 0;
  cache::Placement placement(1, 1, {}, 1);

  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::constant;
  link.latency.a_us = 0;
  Network network(3, link);
  Simulator sim(seed, network);
  sim.add_node("db", [params](NodeId) { return std::make_unique<cache::DatabaseServer>(params.database, params.keys); });
  sim.add_node("cache", [params, placement](NodeId) { return std::make_unique<cache::CacheServer>(params, placement); });
  sim.add_node("c0", [params, workload, placement](NodeId) {
    return std::make_unique<cache::CacheClient>(params, workload, placement, 0);
  });
  RecomputationWatch watch(sim, xfetch_case.recompute_us, xfetch_case.ttl_us, expiries);
  sim.add_observer(watch);
  sim.start();
  // Bounded: every expiry ends within T plus a few recomputations (and a gap between reads).
  DurationUs cycle = xfetch_case.ttl_us + 3 * xfetch_case.recompute_us +
                     static_cast<DurationUs>(100.0 * kSecond / xfetch_case.rate_per_s);
  sim.run_until((expiries + 2) * cycle);
  DSIM_ASSERT(static_cast<std::int64_t>(watch.result.recomputations.size()) == expiries,
              "an xfetch trial ends its expiries within the bound");
  return watch.result;
}

std::int64_t xfetch_expiries_for(const XfetchCase& xfetch_case, const XfetchOptions& options) {
  double reads_per_expiry = xfetch_case.rate_per_s * static_cast<double>(xfetch_case.ttl_us) / 1e6;
  if (reads_per_expiry > 10'000) return std::max<std::int64_t>(20, options.expiries / 10);
  return options.expiries;
}

std::vector<XfetchResult> run_xfetch(const std::vector<XfetchCase>& cases, const XfetchOptions& options) {
  struct Job {
    std::size_t xfetch_case;
    std::int64_t trial;
    std::int64_t expiries;
  };
  std::vector<Job> jobs;
  for (std::size_t c = 0; c < cases.size(); ++c) {
    std::int64_t total = xfetch_expiries_for(cases[c], options);
    for (std::int64_t t = 0; t * options.expiries_per_trial < total; ++t) {
      jobs.push_back({c, t, std::min(options.expiries_per_trial, total - t * options.expiries_per_trial)});
    }
  }
  std::vector<XfetchTrial> trials = run_trials<XfetchTrial>(jobs.size(), options.jobs, [&](std::size_t i) {
    return run_xfetch_trial(cases[jobs[i].xfetch_case], jobs[i].trial, jobs[i].expiries);
  });
  std::vector<XfetchResult> results(cases.size());
  std::vector<double> sum_squares(cases.size(), 0);
  std::vector<double> lead_sums(cases.size(), 0);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    results[c].xfetch_case = cases[c];
    results[c].theory = cases[c].theory();
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    XfetchResult& result = results[jobs[i].xfetch_case];
    for (std::size_t e = 0; e < trials[i].recomputations.size(); ++e) {
      std::int64_t count = trials[i].recomputations[e];
      ++result.expiries;
      result.recomputations += count;
      sum_squares[jobs[i].xfetch_case] += static_cast<double>(count) * static_cast<double>(count);
      lead_sums[jobs[i].xfetch_case] += static_cast<double>(trials[i].lead_us[e]);
    }
  }
  for (std::size_t c = 0; c < cases.size(); ++c) {
    XfetchResult& result = results[c];
    double n = static_cast<double>(result.expiries);
    result.mean = static_cast<double>(result.recomputations) / n;
    double variance = n > 1 ? (sum_squares[c] - n * result.mean * result.mean) / (n - 1) : 0;
    result.standard_error = std::sqrt(std::max(0.0, variance) / n);
    result.mean_lead_us = lead_sums[c] / n;
  }
  return results;
}

}  // namespace dsim::experiments
