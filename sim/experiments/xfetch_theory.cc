// The expected recomputations per expiry (xfetch_theory.h).
#include "sim/experiments/xfetch_theory.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dsim::experiments {

double expected_recomputations(const std::function<double(double)>& gap_survival, double rate_per_s,
                               DurationUs recompute_us, DurationUs ttl_us) {
  // Work in seconds: r per second, times in seconds.
  const double r = rate_per_s;
  const double delta = static_cast<double>(recompute_us) / 1e6;
  const double ttl = static_cast<double>(ttl_us) / 1e6;
  auto survival = [&](double seconds) { return gap_survival(seconds * 1e6); };
  // Λ on a fine grid from τ = T down to 0, by the trapezoid rule, so that Λ(τ) and Λ(τ - Δ) are
  // table lookups with linear interpolation.
  constexpr int kSteps = 40000;
  const double h = ttl / kSteps;
  std::vector<double> lambda(kSteps + 1, 0.0);  // lambda[i] = Λ(i * h)
  for (int i = kSteps - 1; i >= 0; --i) {
    lambda[i] = lambda[i + 1] + r * 0.5 * h * (survival(i * h) + survival((i + 1) * h));
  }
  auto big_lambda = [&](double tau) {
    if (tau <= 0) return lambda[0];
    if (tau >= ttl) return 0.0;
    double position = tau / h;
    int below = std::min(kSteps - 1, static_cast<int>(position));
    double fraction = position - below;
    return lambda[below] * (1 - fraction) + lambda[below + 1] * fraction;
  };
  auto more = [&](double tau) {
    if (tau >= delta) return big_lambda(tau - delta) - big_lambda(tau);
    return (big_lambda(0) - big_lambda(tau)) + r * (delta - tau);
  };
  auto integrand = [&](double tau) { return r * survival(tau) * std::exp(-big_lambda(tau)) * (1 + more(tau)); };
  // Simpson's rule over [0, T] on the same grid (kSteps is even).
  double sum = integrand(0) + integrand(ttl);
  for (int i = 1; i < kSteps; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * integrand(i * h);
  double early = sum * h / 3.0;
  return early + std::exp(-big_lambda(0)) * (1 + r * delta);
}

double expected_recomputations_xfetch(double rate_per_s, DurationUs recompute_us, DurationUs ttl_us, double beta) {
  double mean_gap_us = beta * static_cast<double>(recompute_us);
  return expected_recomputations([mean_gap_us](double gap_us) { return std::exp(-gap_us / mean_gap_us); }, rate_per_s,
                                 recompute_us, ttl_us);
}

double expected_recomputations_uniform(double rate_per_s, DurationUs recompute_us, DurationUs ttl_us, double beta) {
  double window_us = 2 * beta * static_cast<double>(recompute_us);
  return expected_recomputations([window_us](double gap_us) { return std::max(0.0, 1.0 - gap_us / window_us); },
                                 rate_per_s, recompute_us, ttl_us);
}

double expected_recomputations_none(double rate_per_s, DurationUs recompute_us) {
  return 1 + rate_per_s * static_cast<double>(recompute_us) / 1e6;
}

double xfetch_limit(double beta) { return std::exp(1.0 / beta); }

}  // namespace dsim::experiments
