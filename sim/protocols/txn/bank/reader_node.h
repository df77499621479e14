// A client that reads balances across the stores at set times: one local read per store, sent
// together, each answered from that store's committed data (or after a lock wait, with FOR SHARE).
// When a read covers every account it adds them up: a total other than the money in the system is
// an inconsistent observation (a transfer seen half done), counted as <prefix>.reader_inconsistent_reads
// and marked <prefix>.reader_saw_inconsistency. Also observes <prefix>.read_latency_us.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/bank/messages.h"
#include "sim/protocols/txn/bank/setup.h"
#include "sim/protocols/txn/bank/timers.h"

namespace dsim::txn::bank {

class ReaderNode final : public ProtocolNode<ReaderNode> {
 public:
  static constexpr std::string_view kNodeType = "bank reader";

  ReaderNode(std::shared_ptr<const BankSetup> setup, std::string metric_prefix);
  void start(Context& ctx);
  // One timer per planned read, each set once: never stale.
  bool is_current(const ReadTime&) const { return true; }

 private:
  void on_read_time(Context& ctx, const ReadTime& time);
  void on_read_reply(Context& ctx, NodeId from, const ReadReply& reply);
  struct Pending {
    std::set<NodeId> waiting_for;                  // stores yet to answer
    std::map<std::string, std::int64_t> balances;  // what came back so far
    DurationUs waited_us = 0;                      // the longest lock wait among the stores
    TimeUs started_at = 0;
  };
  void conclude(Context& ctx, std::uint32_t read, const Pending& pending);

  std::shared_ptr<const BankSetup> setup_;
  std::string prefix_;
  std::map<std::uint32_t, Pending> pending_;  // by read number, from 1

 public:
  using Messages = MessageHandlers<&ReaderNode::on_read_reply>;
  using Timers = TimerHandlers<&ReaderNode::on_read_time>;
};

}  // namespace dsim::txn::bank
