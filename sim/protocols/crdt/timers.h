// The CRDT store's timers, as typed values (STYLE.md §2).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::crdt {

// A replica's next gossip round: send its state to one random peer.
struct GossipTick {
  static constexpr TimerKind kKind{1, "gossip"};
  TimerWords pack() const { return {}; }
  static GossipTick unpack(TimerWords) { return {}; }
};

// A client's pause before its next operation.
struct NextOperation {
  static constexpr TimerKind kKind{1, "next-operation"};
  TimerWords pack() const { return {}; }
  static NextOperation unpack(TimerWords) { return {}; }
};

// A client's wait for the reply to request `request_id`.
struct ReplyTimeout {
  static constexpr TimerKind kKind{2, "reply-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static ReplyTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::crdt
