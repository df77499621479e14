// A server with finite concurrency: a FIFO queue in front of a fixed number of workers, each
// serving one request at a time for a drawn service time. This is why an overloaded database
// shows growing latency and then timeouts rather than a mere counter: when requests arrive faster
// than workers/service_time, the queue grows, every later request waits behind it, and once the
// queue is full new requests are refused at once (an M/G/c queue with a bounded waiting room).
// The queue only tracks job numbers; the node keeps what each job is.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim::cache {

// How long one request takes a worker.
struct ServiceTime {
  enum class Kind : std::uint8_t { constant, uniform, exponential, lognormal };
  Kind kind = Kind::constant;
  DurationUs a_us = 0;  // constant: the time; uniform: low; exponential: mean; lognormal: median
  DurationUs b_us = 0;  // uniform: high
  double sigma = 0;     // lognormal: the spread of log(time)

  // A draw, at least 0 (whole microseconds, from the node's own stream).
  DurationUs draw(Rng& rng) const;
  // The typical time (the constant, the uniform's middle, the mean, the median): what a cache
  // assumes a recomputation takes before it has measured one.
  DurationUs typical_us() const;
  std::string describe() const;  // "20ms", "uniform 5ms-15ms", "exponential mean 20ms", "lognormal median 20ms sigma 0.5"
};

class ServiceQueue {
 public:
  ServiceQueue(std::int64_t workers, std::int64_t queue_limit);

  enum class Admission : std::uint8_t {
    start,    // a worker was free: the job starts now
    queued,   // every worker is busy: the job waits its turn
    refused,  // the waiting room is full: the job is turned away
  };
  Admission admit(std::uint64_t job);
  // The job in service finished: its worker takes the next waiting job, which is returned.
  std::optional<std::uint64_t> finish();

  std::int64_t busy() const { return busy_; }
  std::int64_t waiting() const { return static_cast<std::int64_t>(waiting_.size()); }
  std::int64_t workers() const { return workers_; }

 private:
  std::int64_t workers_;
  std::int64_t queue_limit_;
  std::int64_t busy_ = 0;                // workers serving a job now
  std::deque<std::uint64_t> waiting_;    // jobs in arrival order
};

}  // namespace dsim::cache
