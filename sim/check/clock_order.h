// The clock_order check: the happens-before order that a run's causal clocks give is exactly the
// run's true causal order. True order (Lamport 1978, "The Partial Ordering"): a node's events in
// the order it ran them, each send before every delivery of its message, and transitively. The
// simulator knows it, and so does the trace (its send/deliver pairs and record order).
//
// How: the check computes, from the events alone, each event's true causal past as the number of
// each node's events in it (the canonical vector clock of Fidge 1988 / Mattern 1988, whose order
// is happens-before exactly), and compares it with the stamped vector clock; a stamped Lamport
// clock must grow along every program-order and message edge (Lamport's clock condition; it need
// not say anything about unrelated events). Each mismatch names the two events concerned.
// It reads events, not a node or the simulator, so a live run and `dsim check` judge alike.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/check/verdict.h"
#include "sim/core/causal_clocks.h"
#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

inline constexpr const char* kClockOrderCheck = "clock_order";

// One event as the clocks see it: a send, a delivery or a local event (a timer firing).
struct ClockedEvent {
  enum class Kind : std::uint8_t { send, deliver, local };
  Kind kind = Kind::local;
  TimeUs time_us = 0;
  NodeId node = kNoNode;       // the node the event happened on (a send's sender, a delivery's receiver)
  MessageId message = 0;       // send, deliver
  std::string what;            // the message type or the timer's name, for messages
  bool has_lamport = false;
  std::uint64_t lamport = 0;
  bool has_vector = false;
  SparseVectorClock vector;
};

class ClockOrderCheck {
 public:
  explicit ClockOrderCheck(std::vector<std::string> node_names);
  // Events in the order the run produced them.
  void add(const ClockedEvent& event);
  Verdict verdict() const { return verdict_; }
  std::uint64_t events_checked() const { return events_.size(); }

 private:
  struct Seen {  // what the check keeps of an event, to name it later
    ClockedEvent::Kind kind;
    TimeUs time_us;
    NodeId node;
    MessageId message;
    std::string what;
  };
  struct Sent {  // a message's send: its true causal past and its Lamport clock
    std::uint32_t event = 0;
    std::uint64_t lamport = 0;
    bool has_lamport = false;
    SparseVectorClock past;
  };
  std::string describe(std::uint32_t event) const;
  std::string describe_clock(const SparseVectorClock& clock) const;
  std::string why_before(std::uint32_t earlier, std::uint32_t later) const;
  void fail(TimeUs time, std::vector<NodeId> nodes, std::string message);
  void check_vector(std::uint32_t index, const ClockedEvent& event, const std::vector<std::uint64_t>& truth);
  void check_lamport(std::uint32_t index, const ClockedEvent& event, const Sent* sent);

  std::vector<std::string> names_;
  std::vector<Seen> events_;
  std::vector<std::vector<std::uint32_t>> node_events_;  // node -> its events' indices, in order
  std::vector<std::vector<std::uint64_t>> truth_;        // node -> its true vector clock now (dense)
  std::vector<std::uint64_t> last_lamport_;              // node -> Lamport clock of its last event
  std::vector<std::int64_t> last_event_;                 // node -> its last event's index, or -1
  // Only looked up, never iterated: its order cannot reach the verdict.
  std::unordered_map<MessageId, Sent> sent_;
  Verdict verdict_;
};

}  // namespace dsim
