// How long a server takes over one request: a distribution of service times, divided by the
// server's speed (2 serves twice as fast, 0.1 is a server ten times slower than the rest). Draws
// are rounded to whole microseconds at once and are never below one.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim::loadbalance {

struct ServiceTime {
  enum class Kind : std::uint8_t { constant, exponential, uniform, lognormal };
  Kind kind = Kind::exponential;
  DurationUs mean_us = 100 * kMillisecond;  // constant: the value; exponential: the mean; lognormal: the median
  DurationUs low_us = 0;                    // uniform: the range
  DurationUs high_us = 0;
  double sigma = 0.5;                       // lognormal

  // One service time at `speed` (requests per unit of work: 1 is the norm).
  DurationUs draw(Rng& rng, double speed) const;
  // The mean at speed 1, in microseconds (the lognormal's exp(sigma^2 / 2) x median).
  double mean() const;
  std::string describe() const;  // "exponential, mean 100ms"
};

}  // namespace dsim::loadbalance
