// A producer: invents messages at random times (a Poisson process), sends them round-robin over
// the partitions, each to the partition's leader as the controller last told it, with the
// workload's acks; keeps at most max_in_flight unacknowledged per partition, and retries a message
// on timeout or error after a backoff. Without idempotence a retry of a message the leader did
// append is appended again (a duplicate), and with several in flight a retried message lands after
// a later one (out of order): Apache Kafka documentation, max.in.flight.requests.per.connection
// and enable.idempotence; KIP-98.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/log/messages.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/timers.h"

namespace dsim::log {

class Producer final : public ProtocolNode<Producer> {
 public:
  static constexpr std::string_view kNodeType = "log producer";

  // `index` is the producer id and names its messages ("c<index>-p<partition>-<sequence>").
  Producer(LogWorkload workload, std::uint32_t index, std::uint32_t partitions, NodeId controller);

  void start(Context& ctx);
  bool is_current(const NextMessage&) const { return true; }
  bool is_current(const ProduceTimeout& timeout) const;
  bool is_current(const RetryBackoff& backoff) const;
  void publish_view(Context& ctx);
  // "produce": one new message now, through the workload's path.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  struct InFlight {
    std::uint64_t attempt = 0;
    bool waiting_to_retry = false;  // a backoff timer owns it
  };
  struct PartitionQueue {
    std::int64_t next_sequence = 0;          // the next new message's sequence
    std::deque<std::int64_t> unsent;         // sequences not yet sent (in order)
    std::map<std::int64_t, InFlight> in_flight;  // sent, not yet acknowledged
  };

  void on_next_message(Context& ctx, const NextMessage& timer);
  void on_produce_response(Context& ctx, NodeId from, const ProduceResponse& response);
  void on_metadata_response(Context& ctx, NodeId from, const MetadataResponse& response);
  void on_produce_timeout(Context& ctx, const ProduceTimeout& timeout);
  void on_retry_backoff(Context& ctx, const RetryBackoff& backoff);

  void schedule_next_message(Context& ctx);
  void originate(Context& ctx);
  void send_more(Context& ctx, std::uint32_t partition);
  void send_attempt(Context& ctx, std::uint32_t partition, std::int64_t sequence, InFlight& message);
  void fail_attempt(Context& ctx, std::uint32_t partition, std::int64_t sequence, bool refresh_metadata);
  void acknowledge(Context& ctx, std::uint32_t partition, std::int64_t sequence);
  void request_metadata(Context& ctx);

  LogWorkload workload_;
  std::uint32_t index_;
  std::uint32_t partitions_;
  NodeId controller_;
  std::vector<std::int64_t> leaders_;         // by partition, as last learnt (-1: unknown)
  std::vector<PartitionQueue> queues_;        // by partition
  std::uint64_t next_partition_ = 0;          // round-robin cursor
  std::int64_t acknowledged_ = 0;

 public:
  using Messages = MessageHandlers<&Producer::on_produce_response, &Producer::on_metadata_response>;
  using Timers = TimerHandlers<&Producer::on_next_message, &Producer::on_produce_timeout, &Producer::on_retry_backoff>;
};

}  // namespace dsim::log
