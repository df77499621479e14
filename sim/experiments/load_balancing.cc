// See load_balancing.h. The loop: draw the next arrival; retire every departure up to it (only
// for policies that read loads: random and round robin need no load table at all); pick a server;
// the job leaves at max(arrival, that server's last departure) + its service time.
#include "sim/experiments/load_balancing.h"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <queue>
#include <utility>

#include "sim/core/assert.h"
#include "sim/core/random.h"
#include "sim/experiments/load_balancing_theory.h"
#include "sim/experiments/trial_pool.h"
#include "sim/metrics/merged_histogram.h"
#include "sim/protocols/loadbalance/load_table.h"
#include "sim/protocols/loadbalance/server_picker.h"

namespace dsim::experiments {

using loadbalance::Policy;

namespace {

// One mean service time, in the simulator's microseconds: fine enough that rounding each draw to
// a whole microsecond moves no figure (1 part in a million).
constexpr double kServiceUs = 1e6;

struct Departure {
  TimeUs time_us;
  std::uint32_t server;
  bool operator>(const Departure& other) const {
    return time_us != other.time_us ? time_us > other.time_us : server > other.server;
  }
};

// CPU time of the calling thread: what a trial cost, whatever else shares the machine.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

RunLength run_length(Policy policy, std::uint32_t servers, double load, const LoadBalancingOptions& options) {
  // Above 0.95 the lengths stay those of 0.95: a minute cannot buy convergence there, and the
  // figures at 0.99 are printed, not judged.
  const double capped = std::min(load, 0.95);
  const bool reads_loads = loadbalance::policy_reads_loads(policy);
  // Warm-up. Random and round robin leave each queue on its own, and an M/M/1 queue forgets an
  // empty start only over several relaxation times (load_balancing_theory.h): 3 of them here. The
  // policies that read loads keep every queue short and forget it within a few dozen service times.
  double warm_up = reads_loads ? 200.0 : 3.0 * mm1_relaxation_time(capped);
  // Measured span. A mean sojourn's relative variance falls as 1 / (server time observed); for an
  // M/M/1 queue it is about 2 (1 + load) / (load (1 - load)^2) over the server time (the variance
  // of a time-average queue length, over the mean squared). Each trial observes enough server time
  // for a relative standard error of 4.2% by that formula, so that 20 trials give about 1% (the
  // policies that read loads vary less, a tenth to a quarter as much: 5.7% by the formula for
  // two-choices, whose band is judged, and 8.5% for the others); the span shrinks as 1 / n
  // because n servers are observed at once. (Measured, the errors come out at about half these.)
  double variance = 2.0 * (1.0 + capped) / (capped * (1.0 - capped) * (1.0 - capped));
  double error = !reads_loads ? 0.042 : policy == Policy::two_choices ? 0.057 : 0.085;
  double measured = std::max(50.0, variance / (error * error) / static_cast<double>(servers));
  return {warm_up * options.length_scale, measured * options.length_scale};
}

LoadBalancingRow run_load_balancing_trial(Policy policy, std::uint32_t servers, double load, std::int64_t trial,
                                          const LoadBalancingOptions& options) {
  const double started = thread_cpu_seconds();
  DSIM_ASSERT(load > 0 && load < 1 && servers >= 1, "a load in (0, 1) and at least one server");
  Rng rng(trial_seed("load-balancing", {static_cast<std::int64_t>(policy), servers,
                                        static_cast<std::int64_t>(std::llround(load * 1e6)), trial}));
  loadbalance::PickerOptions picker_options;
  picker_options.policy = policy;
  picker_options.choices = options.choices;
  picker_options.epsilon_milli = options.epsilon_milli;
  picker_options.ring_points = options.ring_points;
  picker_options.ring_seed = rng.next_u64();
  loadbalance::ServerPicker picker(picker_options, servers);
  loadbalance::LoadTable loads(servers);
  const bool reads_loads = loadbalance::policy_reads_loads(policy);
  std::priority_queue<Departure, std::vector<Departure>, std::greater<>> departures;
  std::vector<TimeUs> last_departure(servers, 0);

  RunLength length = run_length(policy, servers, load, options);
  const auto warm_up_end = static_cast<TimeUs>(std::llround(length.warm_up * kServiceUs));
  const auto end = warm_up_end + static_cast<TimeUs>(std::llround(length.measured * kServiceUs));
  const double mean_gap_us = kServiceUs / (load * static_cast<double>(servers));

  MergedHistogram sojourns;
  double total_us = 0;
  TimeUs now = 0;
  while (true) {
    now += rng.exponential(mean_gap_us);
    if (now >= end) break;
    if (reads_loads) {
      while (!departures.empty() && departures.top().time_us <= now) {
        loads.remove(departures.top().server);
        departures.pop();
      }
    }
    std::uint64_t key = policy == Policy::consistent_hash_bounded ? rng.next_u64() : 0;
    std::uint32_t server = picker.pick(loads, rng, key).server;
    TimeUs leaves = std::max(now, last_departure[server]) + rng.exponential(kServiceUs);
    last_departure[server] = leaves;
    if (reads_loads) {
      loads.add(server);
      departures.push({leaves, server});
    }
    if (now >= warm_up_end) {
      sojourns.add(leaves - now);
      total_us += static_cast<double>(leaves - now);
    }
  }

  LoadBalancingRow row;
  row.policy = policy;
  row.servers = servers;
  row.load = load;
  row.trial = trial;
  row.requests = sojourns.count();
  row.mean_sojourn = row.requests > 0 ? total_us / static_cast<double>(row.requests) / kServiceUs : 0;
  row.p99_sojourn = static_cast<double>(sojourns.percentile(99)) / kServiceUs;
  row.cpu_seconds = thread_cpu_seconds() - started;
  return row;
}

bool LoadBalancingResult::passed() const {
  return std::all_of(checks.begin(), checks.end(), [](const TheoryCheck& check) { return check.passed(); });
}

LoadBalancingResult run_load_balancing(const LoadBalancingOptions& options) {
  struct Work {
    Policy policy;
    std::uint32_t servers;
    double load;
    std::int64_t trial;
  };
  std::vector<Work> work;
  for (Policy policy : loadbalance::kAllPolicies) {
    for (std::uint32_t servers : options.servers) {
      for (double load : options.loads) {
        for (std::int64_t trial = 0; trial < options.trials; ++trial) work.push_back({policy, servers, load, trial});
      }
    }
  }
  // The longest trials first, so that the threads finish together; each result still lands in
  // its own slot, in the order above.
  std::vector<std::size_t> order(work.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto cost = [&](const Work& w) {
    RunLength length = run_length(w.policy, w.servers, w.load, options);
    return (length.warm_up + length.measured) * w.load * w.servers * (loadbalance::policy_reads_loads(w.policy) ? 3 : 1);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost(work[a]) > cost(work[b]); });
  std::vector<LoadBalancingRow> by_cost = run_trials<LoadBalancingRow>(order.size(), options.jobs, [&](std::size_t i) {
    const Work& w = work[order[i]];
    return run_load_balancing_trial(w.policy, w.servers, w.load, w.trial, options);
  });
  LoadBalancingResult result;
  result.rows.resize(work.size());
  for (std::size_t i = 0; i < order.size(); ++i) result.rows[order[i]] = std::move(by_cost[i]);
  result.checks = judge_load_balancing(result.rows, options);
  return result;
}

}  // namespace dsim::experiments
