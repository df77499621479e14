// retry_wait (backoff.h): the formulas of Brooker, "Exponential Backoff and Jitter" (AWS
// Architecture Blog, 2015).
#include "sim/protocols/jobs/backoff.h"

#include <algorithm>

namespace dsim::jobs {

DurationUs backoff_ceiling(const JobsParams& params, std::uint32_t failed_attempt) {
  DurationUs ceiling = params.backoff_base_us;
  for (std::uint32_t n = 1; n < failed_attempt && ceiling < params.backoff_cap_us; ++n) ceiling *= 2;
  return std::min(ceiling, params.backoff_cap_us);
}

DurationUs retry_wait(const JobsParams& params, std::uint32_t failed_attempt, Rng& rng) {
  switch (params.backoff) {
    case Backoff::none:
      return params.retry_delay_us;
    case Backoff::full:
      return rng.uniform(0, backoff_ceiling(params, failed_attempt));
    case Backoff::equal: {
      DurationUs ceiling = backoff_ceiling(params, failed_attempt);
      return ceiling / 2 + rng.uniform(0, ceiling / 2);
    }
  }
  return params.retry_delay_us;
}

}  // namespace dsim::jobs
