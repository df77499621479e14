// Gossip's timers, as typed values (STYLE.md §2): a site's round, and the rumor source's two.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::gossip {

// A site's next round (a cycle of the paper): begin the round, then make this round's contacts.
struct GossipRound {
  static constexpr TimerKind kKind{1, "round"};
  std::uint64_t round = 0;  // rounds this incarnation has begun before this one
  TimerWords pack() const { return {round}; }
  static GossipRound unpack(TimerWords words) { return {words.a}; }
};

// The rumor source's wait before it injects its next update.
struct NextUpdate {
  static constexpr TimerKind kKind{1, "next-update"};
  TimerWords pack() const { return {}; }
  static NextUpdate unpack(TimerWords) { return {}; }
};

// The rumor source's wait for InjectOk of attempt `attempt` of update `update`; then it tries
// another site.
struct InjectTimeout {
  static constexpr TimerKind kKind{2, "inject-timeout"};
  std::uint64_t update = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {update, attempt}; }
  static InjectTimeout unpack(TimerWords words) { return {words.a, words.b}; }
};

}  // namespace dsim::gossip
