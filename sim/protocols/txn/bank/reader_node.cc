// The reader client (see reader_node.h).
#include "sim/protocols/txn/bank/reader_node.h"
#include "sim/protocols/txn/bank/view.h"

#include <algorithm>

namespace dsim::txn::bank {

ReaderNode::ReaderNode(std::shared_ptr<const BankSetup> setup, std::string metric_prefix)
    : setup_(std::move(setup)), prefix_(std::move(metric_prefix)) {}

void ReaderNode::start(Context& ctx) {
  for (std::size_t i = 0; i < setup_->workload.reads.size(); ++i)
    ctx.set_timer(std::max<DurationUs>(0, setup_->workload.reads[i].at_us - ctx.now()), ReadTime{static_cast<std::uint32_t>(i + 1)});
}

void ReaderNode::on_read_time(Context& ctx, const ReadTime& time) {
  std::uint32_t number = time.read;
  const ReadPlan& plan = setup_->workload.reads.at(number - 1);
  std::map<NodeId, std::vector<std::string>> by_store;
  for (const std::string& account : plan.accounts) by_store[setup_->workload.store_of(account)].push_back(account);
  Pending pending;
  pending.started_at = ctx.now();
  std::string text;
  for (const auto& [store, accounts] : by_store) {
    ReadRequest request;
    request.read = number;
    request.accounts = accounts;
    request.for_share = plan.for_share;
    pending.waiting_for.insert(store);
    text += (text.empty() ? "" : ", ") + read_balances(accounts, plan.for_share).sql() + " at " + setup_->names.at(store);
    ctx.send(store, std::move(request));
  }
  pending_[number] = pending;
  ctx.annotate("reads " + text);
}

void ReaderNode::on_read_reply(Context& ctx, NodeId from, const ReadReply& reply) {
  auto found = pending_.find(reply.read);
  if (found == pending_.end() || !found->second.waiting_for.erase(from)) return;
  Pending& pending = found->second;
  for (const auto& [account, balance] : reply.balances) pending.balances[account] = balance;
  pending.waited_us = std::max(pending.waited_us, reply.waited_us);
  if (!pending.waiting_for.empty()) return;
  Pending done = std::move(pending);
  pending_.erase(found);
  conclude(ctx, reply.read, done);
}

void ReaderNode::conclude(Context& ctx, std::uint32_t read, const Pending& pending) {
  DurationUs latency = ctx.now() - pending.started_at;
  ctx.observe(prefix_ + ".read_latency_us", latency);
  std::string seen;
  std::int64_t total = 0;
  for (const auto& [account, balance] : pending.balances) {
    seen += (seen.empty() ? "" : ", ") + account + " " + std::to_string(balance);
    total += balance;
  }
  std::string line = "read " + std::to_string(read) + " returns " + seen + " after " + format_duration(latency) +
                     (pending.waited_us > 0 ? " (" + format_duration(pending.waited_us) + " of it waiting for a lock)" : "");
  bool every_account = pending.balances.size() == setup_->workload.accounts.size();
  if (every_account) {
    std::int64_t expected = setup_->workload.total();
    if (total != expected) {
      ctx.count(prefix_ + ".reader_inconsistent_reads");
      ctx.mark(prefix_ + std::string(view::kMarkReaderSawInconsistency));
      line += ": the total is " + std::to_string(total) + ", not " + std::to_string(expected) + ". " +
              std::to_string(expected > total ? expected - total : total - expected) +
              " is in flight: a transfer is half done, and each store answered with its own committed data. "
              "Nothing makes the stores' commits visible together";
    } else {
      line += ": the total is " + std::to_string(total) + ", as it should be";
    }
  }
  ctx.publish(view::kLastRead, seen);
  ctx.annotate(line);
}

}  // namespace dsim::txn::bank
