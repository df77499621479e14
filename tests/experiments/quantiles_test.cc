// The quantiles behind the experiments' bands, against published table values (any statistics
// textbook's normal and t tables, two-sided).
#include <catch2/catch.hpp>

#include "sim/experiments/quantiles.h"

using namespace dsim::experiments;

TEST_CASE("the two-sided normal quantiles match the normal table") {
  CHECK(normal_two_sided_quantile(0.95) == Approx(1.95996).margin(1e-4));
  CHECK(normal_two_sided_quantile(0.99) == Approx(2.57583).margin(1e-4));
  CHECK(normal_two_sided_quantile(0.999) == Approx(3.29053).margin(1e-4));
}

TEST_CASE("the two-sided Student t quantiles match the t table") {
  CHECK(student_t_two_sided_quantile(0.95, 1) == Approx(12.706).margin(1e-3));
  CHECK(student_t_two_sided_quantile(0.999, 2) == Approx(31.599).margin(1e-3));
  CHECK(student_t_two_sided_quantile(0.95, 10) == Approx(2.228).margin(1e-3));
  CHECK(student_t_two_sided_quantile(0.999, 19) == Approx(3.883).margin(1e-3));
  CHECK(student_t_two_sided_quantile(0.999, 99) == Approx(3.392).margin(2e-3));
  // Many degrees of freedom: t approaches the normal.
  CHECK(student_t_two_sided_quantile(0.999, 100000) == Approx(3.2906).margin(1e-3));
}

TEST_CASE("the regularized incomplete beta function has its closed forms") {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1-x)^b; I_{1/2}(a, a) = 1/2.
  CHECK(regularized_incomplete_beta(0.3, 1, 1) == Approx(0.3));
  CHECK(regularized_incomplete_beta(0.5, 3, 1) == Approx(0.125));
  CHECK(regularized_incomplete_beta(0.2, 1, 4) == Approx(1 - 0.4096));
  CHECK(regularized_incomplete_beta(0.5, 7.5, 7.5) == Approx(0.5));
  CHECK(regularized_incomplete_beta(0.0, 2, 3) == 0.0);
  CHECK(regularized_incomplete_beta(1.0, 2, 3) == 1.0);
}
