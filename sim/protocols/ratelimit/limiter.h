// One limiter of any of the five algorithms behind one interface, for the nodes: the local
// limiter of a gateway and the shared store both hold one. Pure: the decision is a function of
// the limit, the state and the time it is asked at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/fixed_window.h"
#include "sim/protocols/ratelimit/leaky_bucket.h"
#include "sim/protocols/ratelimit/limit.h"
#include "sim/protocols/ratelimit/sliding_counter.h"
#include "sim/protocols/ratelimit/sliding_log.h"
#include "sim/protocols/ratelimit/token_bucket.h"

namespace dsim::ratelimit {

struct Decision {
  bool admitted = false;
  TimeUs release_us = 0;  // when the request may go on: `now`, or later for a leaky bucket's queue
};

class Limiter {
 public:
  explicit Limiter(Limit limit);

  const Limit& limit() const { return limit_; }
  // Decides one request arriving at `now`. `elsewhere` is what other limiters admitted as far as
  // this one knows (sync mode); only the window counters use it.
  Decision offer(TimeUs now, CountsElsewhere elsewhere = {});

  // For the viewer, in thousandths of a request: how full the limiter is at `now` (tokens held,
  // requests waiting, the window's count or estimate) and the most it can be.
  std::int64_t level_milli(TimeUs now) const;
  std::int64_t capacity_milli() const;

  // The state as one line of numbers, for a store that persists it before it answers (a crash
  // then loses nothing); restore() reads it back and says whether it could.
  std::string encode() const;
  bool restore(std::string_view text);

 private:
  Limit limit_;
  std::variant<TokenBucket, LeakyBucket, FixedWindow, SlidingLog, SlidingCounter> state_;
};

}  // namespace dsim::ratelimit
