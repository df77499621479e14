// A bound on how fast one node sends (STYLE.md §9: bound every queue and loop). A node that sends
// more than the bound within one second of virtual time is in a runaway loop, such as a
// retransmission storm (issue 22: one Raft run with a bug switched on sent 7.5 million messages
// and took 2.6 GB); the simulator stops the run there and the runner fails it with a report,
// rather than eating the machine. Seconds are fixed windows [k s, (k+1) s) of virtual time, so the
// count costs one comparison and one increment per send.
//
// A bare Simulator has no bound (benchmarks and experiments drive it hard on purpose); every
// scenario run has one: kDefaultMaxSendsPerSecond unless the scenario's "max_send_rate" says
// otherwise. The default is about 30 times the busiest node of any library scenario over 20 seeds
// (674 per second, txn/flash-sale-serializable-retry; docs/scenario-format.md has the figures).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

class SendRateGuard {
 public:
  static constexpr std::uint64_t kDefaultMaxSendsPerSecond = 20000;  // for scenario runs
  static constexpr std::uint64_t kUnbounded = UINT64_MAX;

  std::uint64_t max_sends_per_second() const { return max_sends_per_second_; }
  void set_max_sends_per_second(std::uint64_t bound) { max_sends_per_second_ = bound; }

  // Counts one message sent by `node` at `now`; returns how many that node has sent in the
  // current second, this one included.
  std::uint64_t count(NodeId node, TimeUs now) {
    if (node >= windows_.size()) windows_.resize(static_cast<std::size_t>(node) + 1);
    Window& window = windows_[node];
    std::int64_t second = now / kSecond;
    if (window.second != second) {
      window.second = second;
      window.sends = 0;
    }
    return ++window.sends;
  }
  // Whether `sends` in one second goes over the bound.
  bool exceeded(std::uint64_t sends) const { return sends > max_sends_per_second_; }

 private:
  struct Window {
    std::int64_t second = -1;  // which second of virtual time `sends` counts
    std::uint64_t sends = 0;
  };
  std::uint64_t max_sends_per_second_ = kUnbounded;
  std::vector<Window> windows_;  // by node id
};

// Where a run went over its send-rate bound: the simulator stops there.
struct SendRateExceeded {
  NodeId node = kNoNode;
  std::uint64_t sends = 0;         // in the second that began at window_start_us, up to at_us
  std::uint64_t bound = 0;         // the most sends allowed in one second
  TimeUs window_start_us = 0;
  TimeUs at_us = 0;                // when the send that went over the bound happened
};

}  // namespace dsim
