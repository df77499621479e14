// A consumer in group "g" (Apache Kafka documentation, "Consumer group protocol", "Message Delivery
// Semantics"; KIP-848). It joins at the coordinator, heartbeats with the partitions it owns, and
// runs a poll loop over them, one batch at a time, in the order the scenario chose:
//   commit before process (at most once): fetch, commit the batch's end, then process each record;
//     a crash after the commit loses the records not yet processed;
//   process before commit (at least once): fetch, process each record, then commit; a crash before
//     the commit makes the next owner process them again;
//   parallel: the batch's records are processed concurrently and finish in any order, so the sink
//     sees a partition's records out of order.
// Processing a record is a write to the sink node, which may keep a dedup table (effectively once).
// A newly owned partition starts at the group's committed offset (OffsetFetch); a revoked one is
// released only once its batch is finished, so its next owner starts where this one committed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/log/group_messages.h"
#include "sim/protocols/log/messages.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/timers.h"

namespace dsim::log {

// Test-only mutants that prove the delivery checkers can fail; no scenario key sets them.
struct ConsumerMutants {
  bool skip_second_record = false;  // each batch's second record counts as processed but is never written
  bool write_twice = false;         // each write is sent to the sink twice
  bool reverse_batch = false;       // a batch's records are processed last to first
};

class Consumer final : public ProtocolNode<Consumer> {
 public:
  static constexpr std::string_view kNodeType = "log consumer";

  // `joined`: it joins at start; otherwise it waits for a "join" request.
  Consumer(ConsumerGroupConfig config, std::uint32_t partitions, NodeId controller, NodeId sink, bool joined,
           ConsumerMutants mutants = {});

  void start(Context& ctx);
  bool is_current(const ConsumerHeartbeat&) const { return true; }
  bool is_current(const PollAgain& poll) const { return poll.round == poll_round_; }
  bool is_current(const ProcessRecord& process) const;
  bool is_current(const ConsumerRequestTimeout& timeout) const { return outstanding_.count(timeout.request) > 0; }
  void publish_view(Context& ctx);
  // "join" (a consumer outside the group joins) or "leave" (it finishes its batch and leaves).
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  enum class State { outside, joining, member, leaving };
  enum class RequestKind { offset_fetch, fetch, commit, write };
  struct Request {
    RequestKind kind = RequestKind::fetch;
    std::uint32_t partition = 0;
    std::int64_t offset = 0;   // fetch / commit: the offset; write: the record's offset
    std::size_t index = 0;     // write: the record's index in the batch
  };
  struct Batch {
    std::uint64_t id = 0;
    std::uint32_t partition = 0;
    std::int64_t start = 0;
    std::vector<LogRecord> records;
    std::set<std::size_t> started;  // records whose processing began
    std::size_t done = 0;           // records whose write the sink acknowledged
    bool committed = false;
    std::int64_t end() const { return start + static_cast<std::int64_t>(records.size()); }
  };

  void on_heartbeat_timer(Context& ctx, const ConsumerHeartbeat& timer);
  void on_poll_again(Context& ctx, const PollAgain& timer);
  void on_process_record(Context& ctx, const ProcessRecord& timer);
  void on_request_timeout(Context& ctx, const ConsumerRequestTimeout& timeout);
  void on_heartbeat_response(Context& ctx, NodeId from, const GroupHeartbeatResponse& response);
  void on_metadata_response(Context& ctx, NodeId from, const MetadataResponse& response);
  void on_offset_fetch_response(Context& ctx, NodeId from, const OffsetFetchResponse& response);
  void on_fetch_response(Context& ctx, NodeId from, const ConsumerFetchResponse& response);
  void on_commit_response(Context& ctx, NodeId from, const OffsetCommitResponse& response);
  void on_write_ack(Context& ctx, NodeId from, const SinkWriteAck& ack);

  void join(Context& ctx);
  void leave(Context& ctx);
  void drop_everything();
  void poll(Context& ctx);
  void poll_later(Context& ctx);
  bool busy() const;
  void send_request(Context& ctx, const Request& request);
  // Takes request `id` off the outstanding list; false when it was not outstanding (late or stale).
  bool settle(std::uint64_t id);
  void start_processing(Context& ctx);
  void process(Context& ctx, std::size_t index, DurationUs after);
  // One more record of the batch is processed: the next one, or the commit, or the batch's end.
  void record_done(Context& ctx);
  void commit(Context& ctx);
  void finish_batch(Context& ctx);
  std::vector<std::uint32_t> owned_report() const;
  bool owns(std::uint32_t partition) const;

  ConsumerGroupConfig config_;
  std::uint32_t partitions_;
  NodeId controller_;
  NodeId sink_;
  bool joined_at_start_;
  ConsumerMutants mutants_;

  State state_ = State::outside;
  std::int64_t generation_ = 0;
  std::int64_t join_ = 0;  // this join's number (durable: a restart never reuses one)
  std::int64_t applied_epoch_ = 0;
  std::vector<std::uint32_t> owned_;           // ascending
  std::map<std::uint32_t, std::int64_t> positions_;  // owned partition -> next offset to read (absent: unknown)
  std::vector<std::int64_t> leaders_;          // by partition (-1: unknown)
  std::optional<Batch> batch_;
  std::map<std::uint64_t, Request> outstanding_;  // request id -> request
  std::uint64_t next_request_ = 1;
  std::uint64_t next_batch_ = 1;
  std::uint64_t poll_round_ = 0;
  std::size_t cursor_ = 0;                     // round-robin over owned_

 public:
  using Messages = MessageHandlers<&Consumer::on_heartbeat_response, &Consumer::on_metadata_response, &Consumer::on_offset_fetch_response,
                                   &Consumer::on_fetch_response, &Consumer::on_commit_response, &Consumer::on_write_ack>;
  using Timers = TimerHandlers<&Consumer::on_heartbeat_timer, &Consumer::on_poll_again, &Consumer::on_process_record,
                               &Consumer::on_request_timeout>;
};

}  // namespace dsim::log
