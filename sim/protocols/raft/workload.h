// Clients of the replicated key-value service (Raft §8). Each client has one operation in flight:
// it sends to the server it believes leads, follows redirect hints, retries with doubling backoff
// under the same request number (so the servers' sessions run it once), and gives up after a
// timeout, recording the outcome as unknown ("info"). Every operation is recorded for the
// linearizability checker as invoke followed by ok, fail (a cas that did not match) or info.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/linearizable.h"
#include "sim/core/node.h"
#include "sim/protocols/raft/kv.h"
#include "sim/protocols/raft/messages.h"

namespace dsim {
class JsonReader;
}

namespace dsim::raft {

struct RaftWorkload {
  std::int64_t clients = 2;
  double rate_per_second = 20;          // all clients together; each waits for its reply first
  std::int64_t keys = 5;                // keys "k0" .. "k<keys-1>"
  double put_weight = 0.4, get_weight = 0.4, append_weight = 0.1, cas_weight = 0.1;
  DurationUs timeout_us = 1 * kSecond;  // an operation unanswered this long is recorded as "info"
  DurationUs retry_us = 50 * kMillisecond;       // first retry delay; doubles per attempt
  DurationUs max_retry_us = 400 * kMillisecond;  // cap of the backoff
  TimeUs stop_us = kTimeNever;          // no new operation starts at or after this time
  // The linearizable checker's search budget per key, in configurations; past it a key is
  // undecided (sim/check/linearizable.h).
  std::int64_t linearizable_budget = static_cast<std::int64_t>(LinearizableChecker::kDefaultMaxStates);
};

// Reads a scenario's "workload":
//   {"clients": 2, "rate": "20/s", "keys": 5, "ops": {"put": 0.4, "get": 0.4, "append": 0.1,
//    "cas": 0.1}, "timeout": "1s", "retry": "50ms", "stop": "8s", "linearizable_budget": 1000000}
RaftWorkload parse_raft_workload(const JsonReader& workload);

// A person's request (the visualizer's "inject a client request", a scenario's "request" fault):
// "put KEY VALUE", "get KEY", "append KEY VALUE" or "cas KEY EXPECTED NEW", words separated by
// spaces. Returns the command (client and sequence left for the client to fill in), or nothing and
// why in `error`.
std::optional<Command> parse_operator_command(std::string_view text, std::string& error);

// How many typed requests a client holds while one operation is in flight; more are refused.
inline constexpr std::size_t kMaxQueuedOperatorRequests = 16;

enum ClientTimerKind : std::uint16_t {
  kNextOperationTimer = 10,  // a = the request number the next operation will use
  kRetryTimer = 11,          // a = request number, b = attempt
  kOperationTimeoutTimer = 12,  // a = request number
};

class RaftClient final : public Node {
 public:
  RaftClient(RaftWorkload workload, std::vector<NodeId> servers);

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override;
  // Runs the typed operation through the normal client path (so the history and the
  // linearizability checker see it), at once or after the operation in flight.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

  std::uint64_t completed() const { return completed_; }

 private:
  void schedule_next_operation(Context& ctx);
  void start_next_operation(Context& ctx);
  void start_operation(Context& ctx);  // draws the next operation of the workload
  void begin_operation(Context& ctx, Command command);
  void send_current(Context& ctx);
  void finish_operation(Context& ctx, HistoryEvent::Kind kind, const std::string& value);
  void publish_view(Context& ctx);

  const RaftWorkload workload_;
  const std::vector<NodeId> servers_;
  std::uint64_t sequence_ = 0;        // the request number of the current (or last) operation
  bool in_flight_ = false;            // an operation awaits its reply
  Command current_;                   // the operation in flight
  TimeUs started_us_ = 0;             // when it was invoked
  std::uint64_t attempt_ = 0;         // sends of the current operation so far
  std::size_t leader_guess_ = 0;      // index into servers_ of where we send next
  std::map<std::string, std::string> last_seen_;  // last value read or written per key, for cas
  std::uint64_t completed_ = 0;       // operations answered ok or fail
  std::deque<Command> operator_requests_;  // typed requests waiting for the one in flight
};

}  // namespace dsim::raft
