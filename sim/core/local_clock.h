// A node's own clock as a piecewise-linear function of true (virtual) time: an offset `skew` plus
// a rate `drift_ppm` that applies from the moment it was set. Setting a drift changes how fast the
// clock runs from now on and never moves its reading; the error a drift has built up stays in the
// clock (as a real quartz clock's does) until the clock is put back as a whole (restore, heal_at).
// A skew is a step: changing it moves the reading by the difference at once.
//
// read(t) = t + skew + error + (t - anchor) * drift_ppm / 10^6, where `anchor` is the true time of
// the last set() and `error` what the earlier drifts added up to by then. Within a piece the
// reading never decreases (drift_ppm > -10^6), and at a set() that keeps the skew it is continuous.
// Pure value type, table-tested in tests/core/local_clock_test.cc.
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace dsim {

class LocalClock {
 public:
  // The clock's reading at true time `true_us` (>= the time of the last set).
  TimeUs read(TimeUs true_us) const { return true_us + skew_us_ + error_us_ + drift_since(true_us); }

  // From `true_us` on, the clock is offset by `skew_us` and runs `drift_ppm` millionths fast
  // (negative: slow; above -1,000,000). The drift accumulated so far is kept.
  void set(TimeUs true_us, DurationUs skew_us, std::int64_t drift_ppm) {
    error_us_ += drift_since(true_us);
    anchor_us_ = true_us;
    skew_us_ = skew_us;
    drift_ppm_ = drift_ppm;
  }

  // How much true time passes while this clock advances `local_delay_us` at its present rate,
  // rounded up (a timer never fires before its time on the node's own clock).
  DurationUs true_delay(DurationUs local_delay_us) const {
    if (drift_ppm_ == 0) return local_delay_us;
    __int128_t scaled = static_cast<__int128_t>(local_delay_us) * 1000000;
    __int128_t rate = 1000000 + drift_ppm_;
    return static_cast<DurationUs>((scaled + rate - 1) / rate);
  }

  DurationUs skew_us() const { return skew_us_; }
  std::int64_t drift_ppm() const { return drift_ppm_; }
  // True when the clock reads true time: no skew, no drift, nothing accumulated.
  bool is_true() const { return skew_us_ == 0 && drift_ppm_ == 0 && error_us_ == 0; }
  bool operator==(const LocalClock&) const = default;

 private:
  // What the present drift has added since the last set, truncated toward zero.
  DurationUs drift_since(TimeUs true_us) const {
    if (drift_ppm_ == 0) return 0;
    __int128_t drift = static_cast<__int128_t>(true_us - anchor_us_) * drift_ppm_ / 1000000;
    return static_cast<DurationUs>(drift);
  }

  TimeUs anchor_us_ = 0;       // true time of the last set()
  DurationUs error_us_ = 0;    // what earlier drifts had added by anchor_us_
  DurationUs skew_us_ = 0;     // the step offset in force
  std::int64_t drift_ppm_ = 0; // the rate in force since anchor_us_
};

}  // namespace dsim
