// SWIM's timers, as typed values (STYLE.md §2). The node's is_current overloads say when each is
// stale: a probe timeout once its probe is answered or a later one began, a suspicion timeout once
// the member refuted it or was declared dead, a join attempt once the node is in.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"
#include "sim/core/ids.h"
#include "sim/protocols/swim/membership.h"

namespace dsim::swim {

// The start of a protocol period: judge the last probe, start the next (§3).
struct ProtocolPeriod {
  static constexpr TimerKind kKind{1, "period"};
  std::uint64_t period = 0;  // periods this incarnation began before this one
  TimerWords pack() const { return {period}; }
  static ProtocolPeriod unpack(TimerWords words) { return {words.a}; }
};

// The direct ping's wait: no ack by then, and k members are asked to ping the target (§3).
struct ProbeTimeout {
  static constexpr TimerKind kKind{2, "probe-timeout"};
  std::uint64_t seq = 0;  // the probe it guards
  TimerWords pack() const { return {seq}; }
  static ProbeTimeout unpack(TimerWords words) { return {words.a}; }
};

// How long a suspect has to refute before it is confirmed dead (§4.2).
struct SuspicionTimeout {
  static constexpr TimerKind kKind{3, "suspicion"};
  NodeId member = kNoNode;
  Incarnation incarnation = 0;  // the suspicion it guards
  TimerWords pack() const { return {to_word(member), incarnation}; }
  static SuspicionTimeout unpack(TimerWords words) { return {from_word<NodeId>(words.a), words.b}; }
};

// A joining member's next attempt (the first at its join time, then again until a JoinAck).
struct JoinAttempt {
  static constexpr TimerKind kKind{4, "join"};
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {attempt}; }
  static JoinAttempt unpack(TimerWords words) { return {words.a}; }
};

// A member's scheduled departure (the workload's "leave").
struct LeaveTime {
  static constexpr TimerKind kKind{5, "leave"};
  TimerWords pack() const { return {}; }
  static LeaveTime unpack(TimerWords) { return {}; }
};

}  // namespace dsim::swim
