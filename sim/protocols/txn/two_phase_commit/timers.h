// The two-phase commit coordinator's timers, as typed values (STYLE.md §2). Each carries the index
// of its transfer in the workload; the coordinator's `is_current` overloads say when each is stale
// (coordinator_node.h), from the transaction's phase.
#pragma once

#include <cstddef>

#include "sim/core/timer.h"

namespace dsim::txn::two_phase {

// The transfer's planned start: send PREPARE to its participants.
struct BeginTransfer {
  static constexpr TimerKind kKind{1, "begin"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static BeginTransfer unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Not every participant voted within vote_timeout: decide abort.
struct VoteTimeout {
  static constexpr TimerKind kKind{2, "vote-timeout"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static VoteTimeout unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// params.decision_delay after the last vote: decide.
struct DecideTimeout {
  static constexpr TimerKind kKind{3, "decide"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static DecideTimeout unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// params.send_delay after logging COMMIT: send it.
struct SendDecision {
  static constexpr TimerKind kKind{4, "send-decision"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static SendDecision unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// The send_before_log bug: write the COMMIT already sent to the log, send_delay late.
struct LateLog {
  static constexpr TimerKind kKind{5, "late-log"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static LateLog unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Re-send the decision to the participants that have not acknowledged it.
struct ResendDecision {
  static constexpr TimerKind kKind{6, "resend"};
  std::size_t transfer = 0;
  TimerWords pack() const { return {to_word(transfer)}; }
  static ResendDecision unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

}  // namespace dsim::txn::two_phase
