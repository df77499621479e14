// Table tests of the queueing formulas `dsim experiment load-balancing` judges against
// (sim/experiments/load_balancing_theory.h): values worked out by hand, and cross-checks between
// the formulas where one model is a special case of another.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/experiments/load_balancing_theory.h"

using namespace dsim::experiments;

TEST_CASE("M/M/1: mean sojourn 1/(1 - load) and exponential quantiles (Kleinrock Vol. 1, Ch. 3)") {
  CHECK(mm1_mean_sojourn(0.5) == Approx(2.0));
  CHECK(mm1_mean_sojourn(0.95) == Approx(20.0));
  CHECK(mm1_sojourn_quantile(0.5, 0.99) == Approx(2 * std::log(100.0)));
  CHECK(mm1_relaxation_time(0.25) == Approx(4.0));  // 1 / (1 - 0.5)^2
}

TEST_CASE("the supermarket model's fixed point is s_i = load^((d^i - 1)/(d - 1)) (Mitzenmacher 1996, Ch. 3)") {
  std::vector<double> tails = supermarket_tails(0.5, 2);
  REQUIRE(tails.size() >= 4);
  CHECK(tails[0] == 1.0);
  CHECK(tails[1] == Approx(0.5));
  CHECK(tails[2] == Approx(std::pow(0.5, 3)));
  CHECK(tails[3] == Approx(std::pow(0.5, 7)));
  // d = 3: exponents 1, 4, 13
  std::vector<double> three = supermarket_tails(0.9, 3);
  CHECK(three[2] == Approx(std::pow(0.9, 4)));
  CHECK(three[3] == Approx(std::pow(0.9, 13)));
}

TEST_CASE("the supermarket model's mean sojourn is sum over i >= 1 of load^((d^i - d)/(d - 1))") {
  // d = 2, load 0.5: 1 + 0.5^2 + 0.5^6 + 0.5^14 + ...
  CHECK(supermarket_mean_sojourn(0.5, 2) == Approx(1 + 0.25 + 0.015625 + std::pow(0.5, 14) + std::pow(0.5, 30)).epsilon(1e-12));
  CHECK(supermarket_mean_sojourn(0.9, 2) == Approx(1 + 0.81 + std::pow(0.9, 6) + std::pow(0.9, 14) + std::pow(0.9, 30) +
                                                  std::pow(0.9, 62) + std::pow(0.9, 126)).epsilon(1e-9));
  // One choice is random assignment: the formula and its quantiles fall back to M/M/1's.
  for (double load : {0.3, 0.7, 0.95}) {
    CHECK(supermarket_mean_sojourn(load, 1) == Approx(mm1_mean_sojourn(load)).epsilon(1e-9));
    CHECK(supermarket_sojourn_quantile(load, 1, 0.99) == Approx(mm1_sojourn_quantile(load, 0.99)).epsilon(1e-6));
    CHECK(supermarket_sojourn_quantile(load, 1, 0.5) == Approx(mm1_sojourn_quantile(load, 0.5)).epsilon(1e-6));
  }
  // More choices, shorter waits; and never below one service time.
  CHECK(supermarket_mean_sojourn(0.9, 3) < supermarket_mean_sojourn(0.9, 2));
  CHECK(supermarket_mean_sojourn(0.9, 3) > 1.0);
  CHECK(supermarket_sojourn_quantile(0.9, 2, 0.99) < mm1_sojourn_quantile(0.9, 0.99));
}

TEST_CASE("round robin: an E_n/M/1 queue whose sigma solves sigma = (n load / (n load + 1 - sigma))^n") {
  // n = 1: exponential gaps, an M/M/1 queue, sigma = load.
  CHECK(erlang_gm1_sigma(1, 0.7) == Approx(0.7).epsilon(1e-9));
  CHECK(round_robin_mean_sojourn(1, 0.7) == Approx(mm1_mean_sojourn(0.7)).epsilon(1e-9));
  // The root satisfies its equation.
  for (std::uint32_t n : {2u, 10u, 100u, 1000u}) {
    double sigma = erlang_gm1_sigma(n, 0.9);
    double rate = n * 0.9;
    CHECK(std::pow(rate / (rate + 1 - sigma), static_cast<double>(n)) == Approx(sigma).epsilon(1e-9));
  }
  // Large n: nearly even gaps, the D/M/1 queue, sigma = exp(-(1 - sigma) / load); solved here by
  // plain iteration, independently of the bisection above.
  double sigma = 0.5;
  for (int i = 0; i < 100000; ++i) sigma = std::exp(-(1 - sigma) / 0.9);
  CHECK(erlang_gm1_sigma(1000000, 0.9) == Approx(sigma).epsilon(1e-4));
  // Evener arrivals wait less: round robin beats random at every load.
  CHECK(round_robin_mean_sojourn(100, 0.95) < mm1_mean_sojourn(0.95) / 1.9);
  CHECK(round_robin_sojourn_quantile(100, 0.95, 0.99) == Approx(std::log(100.0) * round_robin_mean_sojourn(100, 0.95)));
}
