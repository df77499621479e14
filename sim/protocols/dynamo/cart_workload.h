// The shopping cart on dynamo (DeCandia et al. 2007, §4.4): every client works on the one key
// "cart" and each operation reads it first. An add reads the cart, merges what it got, puts a new
// item in and writes the cart back; a remove reads it, picks one of its items and writes the cart
// back without it; a read only reads. With "conflict": "siblings" the client merges the siblings
// by union (the paper's cart reconciles divergent carts by merging them, so an add is never lost,
// but "deleted items can resurface", §4.4) and writes back with their merged clock as the context; with
// last-writer-wins it gets one version and the later-stamped write replaces the other.
//
// History (cart_items.h): "add" (invoke value: the item) ends when its put does; a remove is a
// "read" (ok value: the items) followed, if the cart was not empty, by a "remove" (invoke value:
// the item) that ends when its put does. A put that missed its quorum ends "info" (it may be on
// some replicas); a get that missed its quorum ends the operation "fail" (nothing was written).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/cart/cart_items.h"
#include "sim/protocols/dynamo/messages.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/timers.h"

namespace dsim::dynamo {

class CartClient final : public ProtocolNode<CartClient> {
 public:
  static constexpr std::string_view kNodeType = "dynamo cart client";

  CartClient(DynamoWorkload workload, std::uint32_t client_index, std::uint32_t server_count);

  void start(Context& ctx);
  bool is_current(const NextOperation&) const { return true; }
  bool is_current(const ReplyTimeout& timeout) const { return step_ != Step::idle && timeout.request_id == request_id_; }

 private:
  enum class Step : std::uint8_t { idle, reading, writing };

  void on_next_operation(Context& ctx, const NextOperation& timer);
  void on_reply(Context& ctx, NodeId from, const ClientReply& reply);
  void on_reply_timeout(Context& ctx, const ReplyTimeout& timeout);
  void on_read(Context& ctx, const ClientReply& reply);
  void begin(Context& ctx, std::string_view op, std::string item);
  void send_get(Context& ctx);
  void send_put(Context& ctx, const cart::Items& items, std::string context);
  void finish(Context& ctx, HistoryEvent::Kind kind, std::string value);
  void schedule_next(Context& ctx);
  std::uint64_t next_request(Context& ctx);
  NodeId pick_coordinator(Context& ctx);

  DynamoWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t server_count_;
  std::uint64_t next_sequence_ = 1;  // request ids and new items' sequences; durable
  Step step_ = Step::idle;
  std::string op_;      // the history operation in progress: add, remove or read
  std::string item_;    // an add's new item, a remove's chosen item
  bool remove_after_read_ = false;  // this read is a remove's first step
  std::uint64_t invoke_id_ = 0;     // the history request id of the operation in progress
  std::uint64_t request_id_ = 0;    // the message in flight
  NodeId coordinator_ = 0;          // one coordinator per operation: its get and its put
  std::uint64_t completed_ = 0;

 public:
  using Messages = MessageHandlers<&CartClient::on_reply>;
  using Timers = TimerHandlers<&CartClient::on_next_operation, &CartClient::on_reply_timeout>;
};

}  // namespace dsim::dynamo
