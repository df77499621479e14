// What one directed link does to a message: how long it takes, whether it is lost or duplicated,
// whether it may overtake earlier messages. Scenario files write these under "network"; the
// nemesis swaps them at run time ("degrade").
#pragma once

#include <string>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim {

struct LatencyDistribution {
  enum class Kind { constant, uniform, normal, exponential, lognormal };
  Kind kind = Kind::constant;
  DurationUs a_us = 1000;  // constant: value; uniform: low; normal: mean; exponential: mean; lognormal: median
  DurationUs b_us = 0;     // uniform: high; normal: standard deviation
  double sigma = 0.0;      // lognormal: sigma of the underlying normal
  DurationUs min_us = 0;   // every draw is clamped to at least this (a normal draw can be negative)

  DurationUs sample(Rng& rng) const;
  // The mean, for routing on shortest expected latency.
  DurationUs mean() const;
  // "uniform 5ms..15ms", for summaries and fault details.
  std::string describe() const;
};

struct LinkModel {
  LatencyDistribution latency;
  double loss = 0.0;       // probability that a message is lost, 0..1
  double duplicate = 0.0;  // probability that a message is delivered twice, 0..1
  // When true, a message never overtakes an earlier one on the same link (TCP-like); when false,
  // latency draws reorder messages freely (UDP-like).
  bool fifo = false;
  // Probability that a message is held back by an extra `reorder_delay_us`, so that later
  // messages overtake it even on a low-jitter link. Ignored on FIFO links.
  double reorder = 0.0;
  DurationUs reorder_delay_us = 0;
};

// "latency uniform 5ms..15ms, loss 0.3", for fault details and summaries: the latency, then only
// the properties that differ from a perfect link.
std::string describe_link(const LinkModel& link);

}  // namespace dsim
