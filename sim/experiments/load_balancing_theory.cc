// See load_balancing_theory.h. Everything here is a closed form, a sum that converges doubly
// exponentially, or a bisection on a monotone function; nothing in a simulation depends on it.
#include "sim/experiments/load_balancing_theory.h"

#include <cmath>

#include "sim/core/assert.h"

namespace dsim::experiments {

double mm1_mean_sojourn(double load) { return 1.0 / (1.0 - load); }

double mm1_sojourn_quantile(double load, double q) { return -std::log(1.0 - q) / (1.0 - load); }

double mm1_relaxation_time(double load) {
  double gap = 1.0 - std::sqrt(load);
  return 1.0 / (gap * gap);
}

std::vector<double> supermarket_tails(double load, std::uint32_t choices) {
  DSIM_ASSERT(load > 0 && load < 1 && choices >= 1, "a load in (0, 1) and at least one choice");
  std::vector<double> tails{1.0};
  // s_i = load * s_{i-1}^d: the same fixed point, computed without huge exponents.
  for (int i = 1; i < 100000; ++i) {
    double next = load * std::pow(tails.back(), static_cast<double>(choices));
    if (next < 1e-16) break;
    tails.push_back(next);
  }
  return tails;
}

double supermarket_mean_sojourn(double load, std::uint32_t choices) {
  std::vector<double> tails = supermarket_tails(load, choices);
  double queued = 0;  // mean jobs per server, sum of s_i for i >= 1
  for (std::size_t i = 1; i < tails.size(); ++i) queued += tails[i];
  return queued / load;  // Little's law: each server's arrival rate is `load`
}

namespace {

// P(Erlang(k + 1, rate 1) > x) = e^-x sum_{j=0..k} x^j / j!, for k = 0..terms-1 at once.
std::vector<double> erlang_tails(double x, std::size_t terms) {
  std::vector<double> tails(terms);
  double term = std::exp(-x);
  double sum = 0;
  for (std::size_t k = 0; k < terms; ++k) {
    if (k > 0) term *= x / static_cast<double>(k);
    sum += term;
    tails[k] = sum;
  }
  return tails;
}

template <typename Survival>
double quantile_by_bisection(Survival survival, double q) {
  double low = 0;
  double high = 1;
  while (survival(high) > 1 - q) high *= 2;
  for (int step = 0; step < 200; ++step) {
    double middle = (low + high) / 2;
    if (survival(middle) > 1 - q) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

}  // namespace

double supermarket_sojourn_quantile(double load, std::uint32_t choices, double q) {
  std::vector<double> tails = supermarket_tails(load, choices);
  tails.push_back(0.0);
  double d = static_cast<double>(choices);
  auto survival = [&](double x) {
    std::vector<double> erlang = erlang_tails(x, tails.size() - 1);
    double total = 0;
    for (std::size_t k = 0; k + 1 < tails.size(); ++k) {
      double joins_k = std::pow(tails[k], d) - std::pow(tails[k + 1], d);  // the least of d queues holds k
      total += joins_k * erlang[k];
    }
    return total;
  };
  return quantile_by_bisection(survival, q);
}

double erlang_gm1_sigma(std::uint32_t n, double load) {
  DSIM_ASSERT(load > 0 && load < 1 && n >= 1, "a load in (0, 1) and at least one server");
  // f(sigma) = A*(1 - sigma) - sigma is positive below the root in (0, 1) and negative above it.
  double rate = static_cast<double>(n) * load;
  auto f = [&](double sigma) { return std::pow(rate / (rate + 1.0 - sigma), static_cast<double>(n)) - sigma; };
  double low = 0;
  double high = 1.0 - 1e-15;
  for (int step = 0; step < 200; ++step) {
    double middle = (low + high) / 2;
    if (f(middle) > 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

double round_robin_mean_sojourn(std::uint32_t n, double load) { return 1.0 / (1.0 - erlang_gm1_sigma(n, load)); }

double round_robin_sojourn_quantile(std::uint32_t n, double load, double q) {
  return -std::log(1.0 - q) / (1.0 - erlang_gm1_sigma(n, load));
}

}  // namespace dsim::experiments
