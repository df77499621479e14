// A lock client: asks the lock service for the lease, then makes `writes_per_lease` writes to the
// shared resource, each after a step of work, renewing the lease when too little of it is left for
// the next step, and releases it. Before each step it checks its lease on its own clock, counting
// from when it asked (so time in flight only shortens the lease it assumes) and keeping a safety
// margin; after the step it writes without checking again. That gap is Kleppmann's (2016): a
// process paused inside it wakes up after its lease has gone and writes anyway, and only a fencing
// resource can stop the write.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/lock/messages.h"
#include "sim/protocols/replicated/replica_address.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/timers.h"

namespace dsim::lock {

class LockClient final : public ProtocolNode<LockClient> {
 public:
  static constexpr std::string_view kNodeType = "lock client";

  // `client_index` k is node 2 + k; it first asks for the lock at k * start_stagger.
  // `layout`: where the lock service, the resource and the clients are (params.h).
  LockClient(LockWorkload workload, std::uint32_t client_index, LockLayout layout = {});

  void start(Context& ctx);
  void restart(Context& ctx);
  bool is_current(const NextAttempt& next) const { return phase_ == Phase::idle && next.attempt == attempts_; }
  bool is_current(const WorkDone& done) const {
    return phase_ == Phase::working && done.token == token_ && done.step == steps_;
  }
  bool is_current(const RequestTimeout& timeout) const { return pending_request_ == timeout.request_id; }
  void publish_view(Context& ctx);

  std::uint64_t token() const { return token_; }

 private:
  enum class Phase : std::uint8_t { idle, acquiring, working, writing, renewing };

  void on_lease_granted(Context& ctx, NodeId from, const LeaseGranted& granted);
  void on_lease_denied(Context& ctx, NodeId from, const LeaseDenied& denied);
  void on_write_reply(Context& ctx, NodeId from, const WriteReply& reply);
  void on_next_attempt(Context& ctx, const NextAttempt& next);
  void on_work_done(Context& ctx, const WorkDone& done);
  void on_request_timeout(Context& ctx, const RequestTimeout& timeout);

  void begin(Context& ctx);
  // The next step of work if the lease has time for it, else a renewal, else giving the lease up.
  void begin_step(Context& ctx);
  void release(Context& ctx);
  // Forgets the lease (`why` is narrated) and asks again after a jittered retry wait.
  void drop_lease(Context& ctx, const std::string& why);
  void plan_attempt(Context& ctx, DurationUs delay);
  std::uint64_t new_request_id();

  LockWorkload workload_;
  std::uint32_t client_index_;
  LockLayout layout_;
  replicated::ReplicaAddress service_;  // which of the service's nodes to ask
  Phase phase_ = Phase::idle;
  std::uint64_t incarnation_ = 0;     // starts of this node; high bits of its request ids (durable)
  std::uint64_t requests_ = 0;        // requests sent by this incarnation
  std::uint64_t pending_request_ = 0; // the request awaiting an answer, 0 for none
  std::uint64_t attempts_ = 0;        // planned asks for the lock; stales older NextAttempt timers
  TimeUs asked_at_us_ = 0;            // when the pending Acquire or Renew left, on this node's clock
  TimeUs first_asked_us_ = -1;        // when this client began waiting for the lease, or -1
  std::uint64_t token_ = 0;           // the lease this client believes it holds; 0 for none
  TimeUs deadline_us_ = 0;            // when it believes that lease ends, on its own clock
  std::uint32_t writes_done_ = 0;     // writes applied under the present lease
  std::uint64_t steps_ = 0;           // steps of work begun; stales older WorkDone timers

 public:
  using Messages = MessageHandlers<&LockClient::on_lease_granted, &LockClient::on_lease_denied,
                                   &LockClient::on_write_reply>;
  using Timers = TimerHandlers<&LockClient::on_next_attempt, &LockClient::on_work_done, &LockClient::on_request_timeout>;
};

}  // namespace dsim::lock
