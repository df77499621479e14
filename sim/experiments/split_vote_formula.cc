// The thesis's split-vote formula (see split_vote_formula.h), evaluated term by term.
#include "sim/experiments/split_vote_formula.h"

#include <algorithm>
#include <cmath>

#include "sim/core/assert.h"

namespace dsim::experiments {

namespace {

double binomial_coefficient(int n, int k) {
  double value = 1.0;
  for (int i = 1; i <= k; ++i) value = value * static_cast<double>(n - k + i) / static_cast<double>(i);
  return value;
}

}  // namespace

int split_vote_threshold(int servers, int available) { return available - servers / 2 + 1; }

double split_vote_probability(int servers, int available, double latency_fraction) {
  DSIM_ASSERT(servers >= 1 && available >= 1 && available <= servers, "1 <= available <= servers");
  DSIM_ASSERT(latency_fraction >= 0, "a latency is not negative");
  double l = std::min(latency_fraction, 1.0);
  int c = split_vote_threshold(servers, available);
  double probability = 0.0;
  for (int k = std::max(c - 1, 0); k <= available; ++k) {
    probability += binomial_coefficient(available, k) * std::pow(l, k) * std::pow(1.0 - l, available - k);
  }
  return std::clamp(probability, 0.0, 1.0);
}

CountBand three_sigma_band(long long trials, double probability) {
  double n = static_cast<double>(trials);
  double mean = n * probability;
  double sigma = std::sqrt(n * probability * (1.0 - probability));
  return {std::max(0.0, mean - 3.0 * sigma), std::min(n, mean + 3.0 * sigma)};
}

}  // namespace dsim::experiments
