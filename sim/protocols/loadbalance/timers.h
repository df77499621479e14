// Load balancing's timers as typed values (STYLE.md §2). The nodes' `is_current` overloads say
// when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::loadbalance {

// Server: the job numbered `job` finishes its service now.
struct ServiceDone {
  static constexpr TimerKind kKind{1, "service"};
  std::uint64_t job = 0;
  TimerWords pack() const { return {job}; }
  static ServiceDone unpack(TimerWords words) { return {words.a}; }
};

// Server: send the periodic load report.
struct ReportTick {
  static constexpr TimerKind kKind{2, "report"};
  std::uint64_t round = 0;
  TimerWords pack() const { return {round}; }
  static ReportTick unpack(TimerWords words) { return {words.a}; }
};

// Balancer: the server has not answered this attempt in forget_after; stop counting it as
// outstanding there (a crashed server's requests would otherwise count against it forever).
struct ForgetDispatch {
  static constexpr TimerKind kKind{1, "forget"};
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {request_id, attempt}; }
  static ForgetDispatch unpack(TimerWords words) { return {words.a, words.b}; }
};

// Client: the next request of its Poisson stream.
struct NextRequest {
  static constexpr TimerKind kKind{1, "next-request"};
  TimerWords pack() const { return {}; }
  static NextRequest unpack(TimerWords) { return {}; }
};

// Client: attempt `attempt` of request `request_id` has waited `timeout`.
struct RequestTimeout {
  static constexpr TimerKind kKind{2, "request-timeout"};
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {request_id, attempt}; }
  static RequestTimeout unpack(TimerWords words) { return {words.a, words.b}; }
};

}  // namespace dsim::loadbalance
