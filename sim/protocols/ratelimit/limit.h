// What a rate limit says, for all five algorithms: at most `limit` requests per `window`, plus the
// one knob each algorithm adds (the token bucket's burst, the leaky bucket's queue). The algorithms
// (token_bucket.h ... sliding_counter.h) are pure functions of this and their own state; the
// checker (limit_bounds.h) reads the same struct to know which promise each one makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/core/time.h"

namespace dsim::ratelimit {

enum class Algorithm : std::uint8_t {
  token_bucket,     // a bucket of `burst` tokens refilled at limit/window; a request takes one
  leaky_bucket,     // a queue of `queue` requests drained at one every window/limit
  fixed_window,     // at most `limit` per aligned window [kW, (k+1)W)
  sliding_log,      // at most `limit` in any window (t-W, t]: a log of admission times
  sliding_counter,  // the previous window's count weighted by how much of it still overlaps
};

inline constexpr Algorithm kAllAlgorithms[] = {Algorithm::token_bucket, Algorithm::leaky_bucket, Algorithm::fixed_window,
                                               Algorithm::sliding_log, Algorithm::sliding_counter};

// "token-bucket", "leaky-bucket", "fixed-window", "sliding-log", "sliding-counter".
std::string_view algorithm_name(Algorithm algorithm);
std::optional<Algorithm> algorithm_from_name(std::string_view name);

// The largest values a scenario may ask for: they keep every product the algorithms form
// (tokens are counted in 1/window_us parts of a request) far inside 64 bits.
inline constexpr std::int64_t kMaxLimit = 1000000;
inline constexpr DurationUs kMaxWindow = 3600 * kSecond;

struct Limit {
  Algorithm algorithm = Algorithm::token_bucket;
  std::int64_t limit = 10;          // requests per window: the rate every algorithm enforces
  DurationUs window_us = kSecond;   // the window the rate is counted over
  std::int64_t burst = 10;          // token bucket: the bucket's size in requests (it starts full)
  std::int64_t queue = 10;          // leaky bucket: requests that may wait to be released

  // Leaky bucket: the time between two releases, window/limit (a whole number of microseconds:
  // the plugin refuses a limit that does not divide the window).
  DurationUs leak_interval_us() const { return window_us / limit; }
};

}  // namespace dsim::ratelimit
