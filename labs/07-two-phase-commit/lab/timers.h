// Lab 7's timers (given). Each carries the index of its transfer in the workload (0 for T1); your
// nodes' is_current overloads say when one is stale.
#pragma once

#include <cstddef>

#include "sim/core/timer.h"

namespace dsim::lab07 {

// Coordinator: a transfer's planned start: send PREPARE to its participants.
struct BeginTransfer {
  static constexpr TimerKind kKind{1, "begin"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static BeginTransfer unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Coordinator: not every participant voted within params.vote_timeout: decide ABORT.
struct VoteTimeout {
  static constexpr TimerKind kKind{2, "vote-timeout"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static VoteTimeout unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Coordinator: params.send_delay after the decision: send it. The delay is the window in which the
// tests crash the coordinator (a handler runs to completion, so a crash never falls inside one).
struct SendDecision {
  static constexpr TimerKind kKind{3, "send-decision"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static SendDecision unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Coordinator: send the decision again to the participants that have not acknowledged it.
struct ResendDecision {
  static constexpr TimerKind kKind{4, "resend"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static ResendDecision unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Participant: every params.inquiry_timeout, ask the coordinator about each branch still in doubt.
struct InquiryTick {
  static constexpr TimerKind kKind{5, "inquiry"};
  TimerWords pack() const { return {}; }
  static InquiryTick unpack(TimerWords) { return {}; }
};

}  // namespace dsim::lab07
