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

#include "sim/core/node.h"
#include "sim/protocols/txn/distributed/messages.h"
#include "sim/protocols/txn/distributed/setup.h"

namespace dsim::txn::distributed {

class ReaderNode final : public Node {
 public:
  ReaderNode(std::shared_ptr<const BankSetup> setup, std::string metric_prefix);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "read"; }

 private:
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
};

}  // namespace dsim::txn::distributed
