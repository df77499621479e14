// Table tests of the latency distributions: each draw stays in range and the draws centre where
// the distribution says. Expected centres are worked out by hand from the distributions' formulas.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/net/link_model.h"

using namespace dsim;

namespace {

constexpr int kDraws = 40000;

std::vector<DurationUs> draw(const LatencyDistribution& latency, std::uint64_t seed = 11) {
  Rng rng(seed);
  std::vector<DurationUs> draws;
  for (int i = 0; i < kDraws; ++i) draws.push_back(latency.sample(rng));
  return draws;
}

double mean_of(const std::vector<DurationUs>& draws) {
  double sum = 0;
  for (DurationUs d : draws) sum += static_cast<double>(d);
  return sum / static_cast<double>(draws.size());
}

DurationUs median_of(std::vector<DurationUs> draws) {
  std::sort(draws.begin(), draws.end());
  return draws[draws.size() / 2];
}

LatencyDistribution make(LatencyDistribution::Kind kind, DurationUs a, DurationUs b = 0, double sigma = 0,
                         DurationUs min = 0) {
  LatencyDistribution latency;
  latency.kind = kind;
  latency.a_us = a;
  latency.b_us = b;
  latency.sigma = sigma;
  latency.min_us = min;
  return latency;
}

}  // namespace

TEST_CASE("a constant latency is always its value") {
  auto draws = draw(make(LatencyDistribution::Kind::constant, 7000));
  CHECK(std::all_of(draws.begin(), draws.end(), [](DurationUs d) { return d == 7000; }));
  CHECK(make(LatencyDistribution::Kind::constant, 7000).mean() == 7000);
  CHECK(make(LatencyDistribution::Kind::constant, 7000).describe() == "constant 7ms");
}

TEST_CASE("a uniform latency covers its whole range and centres in the middle") {
  auto latency = make(LatencyDistribution::Kind::uniform, 5000, 15000);
  auto draws = draw(latency);
  auto [low, high] = std::minmax_element(draws.begin(), draws.end());
  CHECK(*low >= 5000);
  CHECK(*high <= 15000);
  CHECK(*low < 5100);   // both ends are reached, not just the middle
  CHECK(*high > 14900);
  CHECK(mean_of(draws) == Approx(10000).margin(100));
  CHECK(latency.mean() == 10000);
  CHECK(latency.describe() == "uniform 5ms..15ms");
}

TEST_CASE("a normal latency centres on its mean with its standard deviation") {
  auto draws = draw(make(LatencyDistribution::Kind::normal, 10000, 2000));
  double mean = mean_of(draws);
  double variance = 0;
  for (DurationUs d : draws) variance += (static_cast<double>(d) - mean) * (static_cast<double>(d) - mean);
  CHECK(mean == Approx(10000).margin(60));
  CHECK(std::sqrt(variance / kDraws) == Approx(2000).margin(60));
}

TEST_CASE("a normal latency never goes below its floor, nor below zero") {
  auto clamped = draw(make(LatencyDistribution::Kind::normal, 1000, 5000, 0, 500));
  CHECK(*std::min_element(clamped.begin(), clamped.end()) == 500);  // many draws hit the floor exactly
  auto unfloored = draw(make(LatencyDistribution::Kind::normal, 1000, 5000));
  CHECK(*std::min_element(unfloored.begin(), unfloored.end()) == 0);
}

TEST_CASE("an exponential latency has its mean and a median of mean times ln 2") {
  auto latency = make(LatencyDistribution::Kind::exponential, 10000);
  auto draws = draw(latency);
  CHECK(*std::min_element(draws.begin(), draws.end()) >= 0);
  CHECK(mean_of(draws) == Approx(10000).margin(250));
  CHECK(static_cast<double>(median_of(draws)) == Approx(6931).margin(200));
  CHECK(latency.describe() == "exponential mean 10ms");
}

TEST_CASE("a lognormal latency has its median and a mean of median times exp of sigma squared over 2") {
  auto latency = make(LatencyDistribution::Kind::lognormal, 10000, 0, 0.5);
  auto draws = draw(latency);
  CHECK(*std::min_element(draws.begin(), draws.end()) > 0);
  CHECK(static_cast<double>(median_of(draws)) == Approx(10000).margin(200));
  CHECK(mean_of(draws) == Approx(11331).margin(200));
  CHECK(latency.mean() == 11331);  // 10000 * exp(0.125) = 11331.48
}

TEST_CASE("the same seed draws the same latencies") {
  auto latency = make(LatencyDistribution::Kind::exponential, 10000);
  CHECK(draw(latency, 5) == draw(latency, 5));
  CHECK(draw(latency, 5) != draw(latency, 6));
}

TEST_CASE("a link description names only what differs from a perfect link") {
  LinkModel link;
  link.latency = make(LatencyDistribution::Kind::uniform, 100000, 200000);
  link.loss = 0.3;
  CHECK(describe_link(link) == "latency uniform 100ms..200ms, loss 0.3");
  link.fifo = true;
  link.reorder = 0.5;  // ignored on a FIFO link, so not described
  CHECK(describe_link(link) == "latency uniform 100ms..200ms, loss 0.3, fifo");
}
