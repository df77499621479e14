// Clients of the replicated key-value service (Raft §8), shared by every protocol that serves it
// (Raft, Multi-Paxos): they speak only the client protocol of messages.h, so the same client, the
// same operation mix and the same history run against either. Each client has one operation in
// flight: it sends to the server it believes leads, follows redirect hints, retries with doubling
// backoff under the same request number (so the servers' sessions run it once), and gives up after
// a timeout, recording the outcome as unknown ("info"). Every operation is recorded for the
// linearizability checker as invoke followed by ok, fail (a cas that did not match) or info.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/kvservice/kv.h"
#include "sim/protocols/kvservice/messages.h"
#include "sim/protocols/kvservice/timers.h"

namespace dsim {
class JsonReader;
}

namespace dsim::kvservice {

struct KvWorkload {
  std::int64_t clients = 2;
  double rate_per_second = 20;          // all clients together; each waits for its reply first
  std::int64_t keys = 5;                // keys "k0" .. "k<keys-1>"
  // The operation mix as integer odds, in millionths of the scenario's weights (read to six decimals).
  std::uint64_t put_weight_ppm = 400000, get_weight_ppm = 400000, append_weight_ppm = 100000, cas_weight_ppm = 100000;
  DurationUs timeout_us = 1 * kSecond;  // an operation unanswered this long is recorded as "info"
  DurationUs retry_us = 50 * kMillisecond;       // first retry delay; doubles per attempt
  DurationUs max_retry_us = 400 * kMillisecond;  // cap of the backoff
  TimeUs stop_us = kTimeNever;          // no new operation starts at or after this time
  // The linearizable checker's search budget per key, in configurations; past it a key is
  // undecided. Empty: the checker's own default (sim/check/linearizable.h).
  std::optional<std::int64_t> linearizable_budget;
};

// Reads a scenario's "workload":
//   {"clients": 2, "rate": "20/s", "keys": 5, "ops": {"put": 0.4, "get": 0.4, "append": 0.1,
//    "cas": 0.1}, "timeout": "1s", "retry": "50ms", "stop": "8s", "linearizable_budget": 1000000}
KvWorkload parse_kv_workload(const JsonReader& workload);

// A person's request (the visualizer's "inject a client request", a scenario's "request" fault):
// "put KEY VALUE", "get KEY", "append KEY VALUE" or "cas KEY EXPECTED NEW", words separated by
// spaces. Returns the command (client and sequence left for the client to fill in), or nothing and
// why in `error`.
std::optional<Command> parse_operator_command(std::string_view text, std::string& error);

// How many typed requests a client holds while one operation is in flight; more are refused.
inline constexpr std::size_t kMaxQueuedOperatorRequests = 16;

class KvClient final : public ProtocolNode<KvClient> {
 public:
  static constexpr std::string_view kNodeType = "key-value client";

  // `metric_prefix` names the protocol in the client's metrics ("raft" gives "raft.client_ok"), so
  // each protocol's figures keep their names.
  KvClient(KvWorkload workload, std::vector<NodeId> servers, std::string_view metric_prefix);

  void start(Context& ctx);
  // The stale checks (protocol_node.h): each timer belongs to one request (and one attempt).
  bool is_current(const NextOperationTimeout& timeout) const { return !in_flight_ && timeout.sequence == sequence_ + 1; }
  bool is_current(const RetryTimeout& timeout) const {
    return in_flight_ && timeout.sequence == sequence_ && timeout.attempt == attempt_;
  }
  bool is_current(const OperationTimeout& timeout) const { return in_flight_ && timeout.sequence == sequence_; }
  // Runs the typed operation through the normal client path (so the history and the
  // linearizability checker see it), at once or after the operation in flight.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

  std::uint64_t completed() const { return completed_; }

 private:
  void on_client_reply(Context& ctx, NodeId from, const ClientReply& reply);
  void on_next_operation_timeout(Context& ctx, const NextOperationTimeout& timeout);
  void on_retry_timeout(Context& ctx, const RetryTimeout& timeout);
  void on_operation_timeout(Context& ctx, const OperationTimeout& timeout);

  void schedule_next_operation(Context& ctx);
  void start_next_operation(Context& ctx);
  void start_operation(Context& ctx);  // draws the next operation of the workload
  void begin_operation(Context& ctx, Command command);
  void send_current(Context& ctx);
  void finish_operation(Context& ctx, HistoryEvent::Kind kind, const std::string& value);
  void publish_client_view(Context& ctx);

  const KvWorkload workload_;
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
  bool role_published_ = false;       // the role is in this node's published view
  // The metrics' names, built once: "<prefix>.client_ok", ...
  const std::string ok_metric_, fail_metric_, info_metric_, timeouts_metric_, latency_metric_;

 public:
  using Messages = MessageHandlers<&KvClient::on_client_reply>;
  using Timers = TimerHandlers<&KvClient::on_next_operation_timeout, &KvClient::on_retry_timeout,
                               &KvClient::on_operation_timeout>;
};

}  // namespace dsim::kvservice
