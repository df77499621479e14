// The promises of the five algorithms, checked on a list of admissions (the `within_limit` and
// `within_limit_any_window` checkers, invariants.h, and their table tests). Each function reads
// only admission times and the Limit, never a limiter: it is the definition, written a second time
// in a different way (intervals and counts instead of state), so that a bug in a limiter does not
// hide itself.
//
//   token bucket     any interval [t1, t2]: admitted <= burst + limit * (t2 - t1) / window
//   leaky bucket     releases at least window/limit apart; at most `queue` waiting at once
//   fixed window     any aligned window [kW, (k+1)W): admitted <= limit
//   sliding log      any window (t - W, t]: admitted <= limit
//   sliding counter  at each admission: previous * (W - elapsed) / W + current < limit
//
// A breach is reported once per episode (a run of consecutive admissions that each break the
// promise), with the first interval that broke it and the worst, so a limiter that fails open for
// a second gives one line, not hundreds.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

struct AdmissionTimes {
  TimeUs decided_us = 0;   // when and where the decision was made (the limiter, or the shared store)
  TimeUs released_us = 0;  // when the request went on: decided_us, or later out of a leaky bucket
};

// One interval that held more than a promise allows.
struct Excess {
  TimeUs from_us = 0;         // the interval (the admission itself for a sliding counter's
  TimeUs to_us = 0;           // estimate; a leaky bucket's two releases)
  std::int64_t admitted = 0;  // how many it held (sliding counter: the estimate in thousandths)
  std::int64_t allowed = 0;   // how many the promise allows there (sliding counter: thousandths)
};

// What an Excess counts.
enum class Measure : std::uint8_t {
  requests,        // requests admitted (or released) in the interval
  estimate_milli,  // a sliding counter's estimate at one admission, in thousandths of a request
  waiting,         // requests waiting in a leaky bucket at one moment
};

// One episode: the first interval that broke the promise and, when the episode went on to break
// it by more, the worst one.
struct Breach {
  Measure measure = Measure::requests;
  Excess first;
  Excess worst;       // == first when the episode never got worse
  std::string what;   // the promise broken, in words
};

// Breaches of the algorithm's own promise. `admissions` sorted by decided_us.
std::vector<Breach> breaches_of_definition(const Limit& limit, std::span<const AdmissionTimes> admissions);

// Breaches of "at most `limit` in any window (t - W, t]" over `sorted_times`.
std::vector<Breach> breaches_of_any_window(std::int64_t limit, DurationUs window_us, std::span<const TimeUs> sorted_times);

// The most of `sorted_times` in any window (t - W, t], and where that window ends.
struct WorstWindow {
  std::int64_t admitted = 0;
  TimeUs first_us = 0;  // the first and last admission in it
  TimeUs last_us = 0;
};
WorstWindow most_in_any_window(std::span<const TimeUs> sorted_times, DurationUs window_us);

// The times a promise about "any window" is about: release times for the leaky bucket (what
// leaves it), decision times for the others. Sorted.
std::vector<TimeUs> limited_times(const Limit& limit, std::span<const AdmissionTimes> admissions);

}  // namespace dsim::ratelimit
