// See quantiles.h. The continued fraction for I_x(a, b) converges fast for x < (a+1)/(a+b+2); above
// that point the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used instead (the usual arrangement,
// e.g. Abramowitz and Stegun 26.5.8).
#include "sim/experiments/quantiles.h"

#include <cmath>

#include "sim/core/assert.h"

namespace dsim::experiments {

namespace {

constexpr double kTiny = 1e-300;  // keeps the continued fraction's divisions finite
constexpr int kMaxTerms = 500;

// The continued fraction of I_x(a, b) (without its prefactor), by the modified Lentz method.
double beta_continued_fraction(double x, double a, double b) {
  auto guard = [](double v) { return std::fabs(v) < kTiny ? kTiny : v; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double h = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    double even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 / guard(1.0 + even * d);
    c = guard(1.0 + even / c);
    h *= d * c;
    double odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    d = 1.0 / guard(1.0 + odd * d);
    c = guard(1.0 + odd / c);
    double step = d * c;
    h *= step;
    if (std::fabs(step - 1.0) < 1e-15) break;
  }
  return h;
}

// The smallest q in [low, high] with tail(q) <= target, where tail falls as q grows.
template <typename Tail>
double bisect(Tail tail, double target, double low, double high) {
  for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
    double mid = 0.5 * (low + high);
    (tail(mid) > target ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  DSIM_ASSERT(a > 0 && b > 0 && x >= 0 && x <= 1, "the incomplete beta needs a, b > 0 and 0 <= x <= 1");
  if (x == 0.0 || x == 1.0) return x;
  double log_prefactor = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  double prefactor = std::exp(log_prefactor);
  if (x < (a + 1.0) / (a + b + 2.0)) return prefactor * beta_continued_fraction(x, a, b) / a;
  return 1.0 - prefactor * beta_continued_fraction(1.0 - x, b, a) / b;
}

double normal_two_sided_quantile(double confidence) {
  DSIM_ASSERT(confidence > 0 && confidence < 1, "a confidence level lies strictly between 0 and 1");
  return bisect([](double z) { return std::erfc(z / std::sqrt(2.0)); }, 1.0 - confidence, 0.0, 40.0);
}

double student_t_two_sided_quantile(double confidence, double degrees_of_freedom) {
  DSIM_ASSERT(confidence > 0 && confidence < 1, "a confidence level lies strictly between 0 and 1");
  DSIM_ASSERT(degrees_of_freedom >= 1, "Student's t needs at least one degree of freedom");
  double v = degrees_of_freedom;
  auto tail = [v](double t) { return regularized_incomplete_beta(v / (v + t * t), v / 2.0, 0.5); };
  return bisect(tail, 1.0 - confidence, 0.0, 1e7);
}

}  // namespace dsim::experiments
