// The figures of `dsim experiment load-balancing` that have a theory, judged: for random, round
// robin and two-choices, the mean and the 99th percentile of the sojourn, the mean over the
// trials beside the theory, with the band t(T - 1) x sd / sqrt(T) at the options' confidence
// (independent trials: each starts from empty with its own seed). A figure is judged when the
// theory is for that very model: random and round robin at every n (their formulas are exact
// per server), two-choices only at the largest n (its formula is the n -> infinity limit, and at
// n = 100 the queues are measurably longer: the table prints how much). Loads above
// highest_judged_load are printed and not judged: a queue at 0.99 needs far longer runs than a
// minute allows to forget its empty start.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "sim/experiments/load_balancing.h"
#include "sim/experiments/load_balancing_theory.h"
#include "sim/experiments/quantiles.h"

namespace dsim::experiments {

using loadbalance::Policy;

std::vector<TheoryCheck> judge_load_balancing(const std::vector<LoadBalancingRow>& rows, const LoadBalancingOptions& options) {
  std::map<std::tuple<int, std::uint32_t, double>, std::vector<const LoadBalancingRow*>> configs;
  for (const LoadBalancingRow& row : rows) configs[{static_cast<int>(row.policy), row.servers, row.load}].push_back(&row);
  const std::uint32_t largest = options.servers.empty() ? 0 : *std::max_element(options.servers.begin(), options.servers.end());

  std::vector<TheoryCheck> checks;
  for (Policy policy : {Policy::random, Policy::round_robin, Policy::two_choices}) {
    for (std::uint32_t servers : options.servers) {
      for (double load : options.loads) {
        auto found = configs.find({static_cast<int>(policy), servers, load});
        if (found == configs.end() || found->second.size() < 2) continue;
        const std::vector<const LoadBalancingRow*>& trials = found->second;
        double t = student_t_two_sided_quantile(options.confidence, static_cast<double>(trials.size() - 1));
        for (const char* figure : {"mean", "p99"}) {
          bool mean = std::string(figure) == "mean";
          TheoryCheck check;
          check.policy = policy;
          check.servers = servers;
          check.load = load;
          check.figure = figure;
          check.trials = static_cast<std::int64_t>(trials.size());
          switch (policy) {
            case Policy::random:
              check.theory_name = "M/M/1";
              check.theory = mean ? mm1_mean_sojourn(load) : mm1_sojourn_quantile(load, 0.99);
              break;
            case Policy::round_robin:
              check.theory_name = "E_n/M/1";
              check.theory = mean ? round_robin_mean_sojourn(servers, load) : round_robin_sojourn_quantile(servers, load, 0.99);
              break;
            default:
              check.theory_name = "supermarket, n -> inf";
              check.theory = mean ? supermarket_mean_sojourn(load, options.choices)
                                  : supermarket_sojourn_quantile(load, options.choices, 0.99);
              break;
          }
          double sum = 0;
          for (const LoadBalancingRow* row : trials) sum += mean ? row->mean_sojourn : row->p99_sojourn;
          check.measured = sum / static_cast<double>(trials.size());
          double squares = 0;
          for (const LoadBalancingRow* row : trials) {
            double value = mean ? row->mean_sojourn : row->p99_sojourn;
            squares += (value - check.measured) * (value - check.measured);
          }
          double half_width = t * std::sqrt(squares / static_cast<double>(trials.size() - 1)) /
                              std::sqrt(static_cast<double>(trials.size()));
          check.low = check.measured - half_width;
          check.high = check.measured + half_width;
          check.judged = true;
          if (load > options.highest_judged_load + 1e-9) {
            check.judged = false;
            check.note = "not converged: printed only";
          } else if (policy == Policy::two_choices && servers != largest) {
            check.judged = false;
            check.note = "finite n: printed only";
          }
          checks.push_back(check);
        }
      }
    }
  }
  return checks;
}

}  // namespace dsim::experiments
