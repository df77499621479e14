// The timers of the nodes every cross-database world shares, as typed values (STYLE.md §2): a
// store's in-doubt inquiry and its lock-wait deadline, and the reader's reads.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"
#include "sim/protocols/txn/engine/lock_timeout_timer.h"

namespace dsim::txn::bank {

// A store has been in doubt about a prepared branch for inquiry_timeout: it asks the coordinator.
// The branch's serial number guards it; a resolved branch makes it stale.
struct InquiryTimeout {
  static constexpr TimerKind kKind{1, "inquiry"};
  std::uint64_t serial = 0;
  TimerWords pack() const { return {serial}; }
  static InquiryTimeout unpack(TimerWords words) { return {words.a}; }
};

// A store's engine's next lock-wait deadline (engine/lock_timeout_timer.h).
using StoreLockTimeout = LockTimeout<2>;

// The reader's read number `read` (from 1) is due.
struct ReadTime {
  static constexpr TimerKind kKind{1, "read"};
  std::uint32_t read = 0;
  TimerWords pack() const { return {to_word(read)}; }
  static ReadTime unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

}  // namespace dsim::txn::bank
