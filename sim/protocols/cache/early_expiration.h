// Probabilistic early recomputation: a reader that finds a value still fresh may recompute it
// anyway, with a probability that grows as the expiry nears, so that one reader refreshes the value
// before it expires instead of every reader at once after (Vattani, Chierichetti and Lowenstein,
// "Optimal Probabilistic Cache Stampede Prevention", PVLDB 8(8), 2015, §5 and Figure 3):
//
//   recompute if  now - delta * beta * ln(rand()) >= expiry,  rand() uniform on (0, 1]
//
// -ln(rand()) is an exponential draw with mean 1, so the reader looks ahead by a gap drawn from an
// exponential distribution with mean beta * delta, delta being how long the last recomputation
// took. The uniform rule draws the gap uniformly on [0, 2 * beta * delta] instead (the same mean):
// the weaker "uniform early expiration" the paper compares against.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim::cache {

enum class EarlyExpiration : std::uint8_t {
  none,
  xfetch,   // exponential gap, mean beta * delta
  uniform,  // uniform gap on [0, 2 * beta * delta]
};

std::string_view early_expiration_name(EarlyExpiration rule);  // "none", "xfetch", "uniform"

// The look-ahead gap a reader draws, in microseconds (0 for none).
DurationUs early_expiration_gap(EarlyExpiration rule, DurationUs delta_us, double beta, Rng& rng);

// Whether a reader at `now` that found a fresh value expiring at `expires_us` recomputes it now.
inline bool recompute_early(EarlyExpiration rule, TimeUs now, TimeUs expires_us, DurationUs delta_us, double beta,
                            Rng& rng) {
  if (rule == EarlyExpiration::none) return false;
  return now + early_expiration_gap(rule, delta_us, beta, rng) >= expires_us;
}

}  // namespace dsim::cache
