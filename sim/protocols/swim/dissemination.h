// SWIM's infection-style dissemination (§4.1): membership news is piggybacked on the pings and
// acks the failure detector sends anyway, each piece at most `limit` times (λ·log n, after which
// it has reached every member with high probability), the least-sent first so that new news
// overtakes old. One piece per member: newer news about a member replaces the older.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/protocols/swim/membership.h"

namespace dsim::swim {

class DisseminationBuffer {
 public:
  // Queues `update`, replacing any news about the same member, with no transmission yet.
  void enqueue(const MemberUpdate& update);
  // Up to `count` pieces for one outgoing message, least-sent first (then by member); each taken
  // piece counts one transmission and is dropped after `limit` of them.
  std::vector<MemberUpdate> take(std::size_t count, std::uint32_t limit);
  std::size_t size() const { return pending_.size(); }
  bool empty() const { return pending_.empty(); }

 private:
  struct Pending {
    MemberUpdate update;
    std::uint32_t transmissions = 0;
  };
  std::map<NodeId, Pending> pending_;  // by member
};

// λ·log(n) rounded up, at least 1: how many times each piece of news is piggybacked (§4.1). The
// paper writes "λ log n" without a base; natural logarithms here.
std::uint32_t retransmit_limit(double lambda, std::size_t group_size);

}  // namespace dsim::swim
