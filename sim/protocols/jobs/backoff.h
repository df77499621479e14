// The wait before a failed job is offered again: exponential backoff with jitter, as in the AWS
// Architecture Blog's "Exponential Backoff and Jitter" (Marc Brooker, 2015). With base b, cap c and
// the number n of the attempt that just failed (1, 2, ...), the exponential ceiling is
//   t = min(c, b * 2^(n-1))
// and the wait is
//   none  : retry_delay, the same every time (no backoff at all)
//   full  : uniform[0, t]            ("Full Jitter")
//   equal : t/2 + uniform[0, t/2]    ("Equal Jitter": never less than half the ceiling)
// Jitter spreads the retries of many failed jobs apart, so they do not hit a recovering dependency
// together. Pure: the random draw comes from the caller's Rng.
#pragma once

#include <cstdint>

#include "sim/core/random.h"
#include "sim/core/time.h"
#include "sim/protocols/jobs/params.h"

namespace dsim::jobs {

// The ceiling t for the `failed_attempt`-th failure (1-based), without overflow.
DurationUs backoff_ceiling(const JobsParams& params, std::uint32_t failed_attempt);

// The wait before the retry that follows the `failed_attempt`-th failure.
DurationUs retry_wait(const JobsParams& params, std::uint32_t failed_attempt, Rng& rng);

}  // namespace dsim::jobs
