// The early recomputation rules (early_expiration.h).
#include "sim/protocols/cache/early_expiration.h"

#include <cmath>

namespace dsim::cache {

std::string_view early_expiration_name(EarlyExpiration rule) {
  switch (rule) {
    case EarlyExpiration::none: return "none";
    case EarlyExpiration::xfetch: return "xfetch";
    case EarlyExpiration::uniform: return "uniform";
  }
  return "none";
}

DurationUs early_expiration_gap(EarlyExpiration rule, DurationUs delta_us, double beta, Rng& rng) {
  double mean = beta * static_cast<double>(delta_us);
  switch (rule) {
    case EarlyExpiration::none: return 0;
    // Rng::exponential is -ln(1 - unit()) * mean with 1 - unit() on (0, 1]: the paper's
    // -delta * beta * ln(rand()), rounded to whole microseconds.
    case EarlyExpiration::xfetch: return rng.exponential(mean);
    case EarlyExpiration::uniform: return rng.uniform(0, std::llround(2 * mean));
  }
  return 0;
}

}  // namespace dsim::cache
