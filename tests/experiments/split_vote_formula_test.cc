// The thesis's split-vote formula (Ongaro 2014, §9.2) against the numbers the thesis prints, against
// closed forms worked by hand, and against the integral its derivation starts from.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/experiments/split_vote_formula.h"

using namespace dsim::experiments;

namespace {

double percent(double probability) { return 100.0 * probability; }

// The thesis's first line of the derivation, integrated numerically (Simpson's rule): the first of
// s timeouts falls at t with density s(1-t)^(s-1); given t < 1-l, each other server times out
// within l of it with probability l/(1-t); beyond 1-l everyone does.
double thesis_integral(int servers, int available, double l) {
  int s = available;
  int c = split_vote_threshold(servers, available);
  auto integrand = [&](double t) {
    double sum = 0;
    for (int k = c; k <= s; ++k) {
      double choose = 1;
      for (int i = 1; i <= k - 1; ++i) choose = choose * (s - 1 - (k - 1) + i) / i;
      sum += choose * std::pow(l / (1 - t), k - 1) * std::pow((1 - t - l) / (1 - t), s - k);
    }
    return sum * s * std::pow(1 - t, s - 1);
  };
  const int steps = 2000;
  double h = (1 - l) / steps;
  double area = integrand(0) + integrand(1 - l);
  for (int i = 1; i < steps; ++i) area += (i % 2 ? 4 : 2) * integrand(i * h);
  return area * h / 3 + std::pow(l, s);  // the last term: the first times out after 1-l
}

}  // namespace

TEST_CASE("a split vote needs c = s - floor(n/2) + 1 servers timing out together (thesis §9.2)") {
  struct Row { int n, s, c; };
  for (Row row : {Row{5, 5, 4}, Row{5, 4, 3}, Row{5, 3, 2}, Row{7, 6, 4}, Row{9, 7, 4}, Row{9, 6, 3}, Row{9, 5, 2}}) {
    CAPTURE(row.n, row.s);
    CHECK(split_vote_threshold(row.n, row.s) == row.c);
    // The prose's reason: the first then gets 1 + (s - c) votes, one short of a majority.
    CHECK(1 + (row.s - row.c) == row.n / 2);
  }
}

TEST_CASE("the formula gives the thesis's three worked examples: n=5, s=4, range 100 ms (§9.2)") {
  // "In about 0.06% of elections ... 1 ms", "about 5.2% ... 10 ms", "about 18.1% ... 20 ms".
  CHECK(std::round(percent(split_vote_probability(5, 4, 0.01)) * 100) / 100 == Approx(0.06));
  CHECK(std::round(percent(split_vote_probability(5, 4, 0.10)) * 10) / 10 == Approx(5.2));
  CHECK(std::round(percent(split_vote_probability(5, 4, 0.20)) * 10) / 10 == Approx(18.1));
}

TEST_CASE("the formula gives the rates the thesis reads off its Figure 9.5 (§9.2)") {
  struct Row { int n, s; double l, printed_percent; };
  // "a five-server cluster with two failures and l=0.2 will see about half"; nine servers, l=0.2:
  // "about 15%" after two failures, "nearly 70%" after four, "about 35%" with six available;
  // seven servers with six available "about 10%"; nine servers with four failures at l=0.1 "40%".
  for (Row row : {Row{5, 3, 0.2, 50}, Row{9, 7, 0.2, 15}, Row{9, 5, 0.2, 70}, Row{9, 6, 0.2, 35}, Row{7, 6, 0.2, 10},
                  Row{9, 5, 0.1, 40}}) {
    CAPTURE(row.n, row.s, row.l);
    CHECK(std::abs(percent(split_vote_probability(row.n, row.s, row.l)) - row.printed_percent) < 3.0);
  }
}

TEST_CASE("the formula is the binomial tail P(Bin(s, l) >= c - 1), worked by hand") {
  CHECK(split_vote_probability(5, 3, 0.2) == Approx(1 - std::pow(0.8, 3)));  // c = 2: anyone else within l
  CHECK(split_vote_probability(9, 5, 0.2) == Approx(1 - std::pow(0.8, 5)));
  CHECK(split_vote_probability(9, 5, 0.1) == Approx(1 - std::pow(0.9, 5)));
  CHECK(split_vote_probability(5, 4, 0.1) == Approx(6 * 0.01 * 0.81 + 4 * 0.001 * 0.9 + 0.0001));
  CHECK(split_vote_probability(9, 7, 0.2) ==
        Approx(1 - (std::pow(0.8, 7) + 7 * 0.2 * std::pow(0.8, 6) + 21 * 0.04 * std::pow(0.8, 5))));
  CHECK(split_vote_probability(7, 6, 0.2) ==
        Approx(1 - (std::pow(0.8, 6) + 6 * 0.2 * std::pow(0.8, 5) + 15 * 0.04 * std::pow(0.8, 4))));
}

TEST_CASE("the closed form equals the integral the thesis's derivation starts from") {
  for (int n : {3, 5, 7, 9}) {
    for (int s = n / 2 + 1; s <= n; ++s) {
      if (split_vote_threshold(n, s) < 2) continue;  // c = 1: every election splits, no integral
      for (double l : {0.01, 0.1, 0.2, 0.5}) {
        CAPTURE(n, s, l);
        CHECK(split_vote_probability(n, s, l) == Approx(thesis_integral(n, s, l)).margin(1e-9));
      }
    }
  }
}

TEST_CASE("instant messages never split a vote; messages slower than the range always do") {
  CHECK(split_vote_probability(5, 4, 0.0) == 0.0);
  CHECK(split_vote_probability(5, 4, 1.0) == Approx(1.0));
  CHECK(split_vote_probability(5, 4, 3.0) == Approx(1.0));
  CHECK(split_vote_probability(5, 3, 0.0) == 0.0);
}

TEST_CASE("the three-sigma band is n*p -/+ 3*sqrt(n*p*(1-p)), clamped to [0, n]") {
  CountBand half = three_sigma_band(10000, 0.5);
  CHECK(half.low == Approx(4850));
  CHECK(half.high == Approx(5150));
  CHECK(half.contains(4850));
  CHECK(half.contains(5150));
  CHECK_FALSE(half.contains(4849));
  CHECK_FALSE(half.contains(5151));
  CountBand rare = three_sigma_band(10000, 0.0006);
  CHECK(rare.low == 0.0);
  CHECK(rare.high == Approx(6 + 3 * std::sqrt(6 * 0.9994)));
  CountBand never = three_sigma_band(100, 0.0);
  CHECK(never.contains(0));
  CHECK_FALSE(never.contains(1));
  CountBand always = three_sigma_band(100, 1.0);
  CHECK(always.contains(100));
  CHECK_FALSE(always.contains(99));
}
