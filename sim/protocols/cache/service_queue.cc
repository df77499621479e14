// The finite-concurrency server (service_queue.h).
#include "sim/protocols/cache/service_queue.h"

#include <algorithm>

#include "sim/core/assert.h"

namespace dsim::cache {

DurationUs ServiceTime::draw(Rng& rng) const {
  switch (kind) {
    case Kind::constant: return a_us;
    case Kind::uniform: return rng.uniform(a_us, b_us);
    case Kind::exponential: return std::max<std::int64_t>(0, rng.exponential(static_cast<double>(a_us)));
    case Kind::lognormal: return std::max<std::int64_t>(0, rng.lognormal(static_cast<double>(a_us), sigma));
  }
  return a_us;
}

DurationUs ServiceTime::typical_us() const { return kind == Kind::uniform ? (a_us + b_us) / 2 : a_us; }

std::string ServiceTime::describe() const {
  switch (kind) {
    case Kind::constant: return format_duration(a_us);
    case Kind::uniform: return "uniform " + format_duration(a_us) + "-" + format_duration(b_us);
    case Kind::exponential: return "exponential mean " + format_duration(a_us);
    case Kind::lognormal: {
      std::string spread = std::to_string(sigma);
      spread.erase(spread.find_last_not_of('0') + 1);
      if (!spread.empty() && spread.back() == '.') spread.pop_back();
      return "lognormal median " + format_duration(a_us) + " sigma " + spread;
    }
  }
  return "?";
}

ServiceQueue::ServiceQueue(std::int64_t workers, std::int64_t queue_limit)
    : workers_(workers), queue_limit_(queue_limit) {
  DSIM_ASSERT(workers_ >= 1, "a server needs at least one worker");
  DSIM_ASSERT(queue_limit_ >= 0, "a waiting room cannot be negative");
}

ServiceQueue::Admission ServiceQueue::admit(std::uint64_t job) {
  if (busy_ < workers_) {
    ++busy_;
    return Admission::start;
  }
  if (waiting() >= queue_limit_) return Admission::refused;
  waiting_.push_back(job);
  return Admission::queued;
}

std::optional<std::uint64_t> ServiceQueue::finish() {
  DSIM_ASSERT(busy_ > 0, "a job finished on a server with no job in service");
  if (waiting_.empty()) {
    --busy_;
    return std::nullopt;
  }
  std::uint64_t next = waiting_.front();
  waiting_.pop_front();
  return next;  // the freed worker takes it at once
}

}  // namespace dsim::cache
