// RaftReplica: readiness, and one proposal at a time (raft_replica.h).
#include "sim/protocols/replicated/raft_replica.h"

#include <utility>

#include "sim/protocols/kvservice/messages.h"

namespace dsim::replicated {

RaftReplica::RaftReplica(raft::RaftParams params, std::vector<NodeId> group)
    : raft_(std::move(params), group), group_(std::move(group)) {}

bool RaftReplica::ready() const {
  // The leader's first entry of its term is its blank entry (Raft §8); once applied, every entry
  // of earlier terms that was committed anywhere is applied here too (Leader Completeness, §5.4).
  return leads() && raft_.last_applied() > 0 && raft_.term_at(raft_.last_applied()) == raft_.current_term();
}

bool RaftReplica::busy() const {
  if (!in_flight_) return false;
  if (applied(in_flight_->sequence)) return false;
  // Deposed, or leading again in a later term: the proposal may be gone from the log; what it
  // would have done is decided afresh from the store.
  return leads() && raft_.current_term() == in_flight_->term;
}

std::uint64_t RaftReplica::propose(Context& ctx, kvservice::Command command) {
  DSIM_ASSERT(ready() && !busy(), "a replica proposes only as a ready leader with nothing in flight");
  command.client = kNoNode;
  command.sequence = store().last_sequence(kNoNode) + 1;
  in_flight_ = Proposal{command.sequence, raft_.current_term()};
  kvservice::ClientRequest request;
  request.command = std::move(command);
  raft_.on_message(ctx, ctx.self(), request);
  return in_flight_->sequence;
}

}  // namespace dsim::replicated
