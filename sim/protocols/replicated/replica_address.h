// The client side of a service on a Raft group (raft_replica.h): which replica to ask. A client
// asks its guess; a replica that does not lead answers with who it believes leads, and the client
// follows that hint; a replica that does not answer at all (crashed, cut off) is passed over at
// the next ask. The same rule as kvservice's client (Raft §8, "if the client's first choice is not
// the leader, that server will reject the client's request and supply information about the most
// recent leader it has heard from"), for services whose requests are not key-value commands.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/assert.h"
#include "sim/core/ids.h"

namespace dsim::replicated {

class ReplicaAddress {
 public:
  explicit ReplicaAddress(std::vector<NodeId> replicas) : replicas_(std::move(replicas)) {
    DSIM_ASSERT(!replicas_.empty(), "a service needs at least one replica");
  }

  // Where the next ask goes: the guess, or the next replica when the last ask went unanswered.
  NodeId next_ask() {
    if (asked_ && !answered_) guess_ = (guess_ + 1) % replicas_.size();
    asked_ = true;
    answered_ = false;
    return replicas_[guess_];
  }
  NodeId guess() const { return replicas_[guess_]; }

  // `from` answered (as leader): keep asking it.
  void answered(NodeId from) {
    answered_ = true;
    set_guess(from);
  }
  // `from` does not lead and believes `hint` does (kNoNode: it does not know). Returns whether the
  // hint names another replica worth asking at once; otherwise the guess moves on by one.
  bool redirected(NodeId from, NodeId hint) {
    answered_ = true;
    if (hint != kNoNode && hint != from && set_guess(hint)) return true;
    if (replicas_[guess_] == from) guess_ = (guess_ + 1) % replicas_.size();
    return false;
  }

  const std::vector<NodeId>& replicas() const { return replicas_; }

 private:
  bool set_guess(NodeId node) {
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
      if (replicas_[i] == node) {
        guess_ = i;
        return true;
      }
    }
    return false;
  }

  std::vector<NodeId> replicas_;
  std::size_t guess_ = 0;
  bool asked_ = false;     // an ask has gone out
  bool answered_ = false;  // ... and been answered
};

}  // namespace dsim::replicated
