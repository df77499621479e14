// The flash sale's store node (see flash_sale_node.h).
#include "sim/protocols/txn/flash_sale/flash_sale_node.h"

#include <algorithm>

#include "sim/protocols/txn/flash_sale/view.h"

namespace dsim::txn::flash_sale {

SaleStoreNode::SaleStoreNode(StoreSettings store, SaleWorkload workload)
    : store_(store), workload_(workload), server_(store, /*mark_aborts_at_commit=*/true) {
  server_.load(RowKey{kEventTable, kEventKey}, Row{{"n", workload.seats}, {"version", 1}});
}

void SaleStoreNode::start(Context& ctx) {
  ctx.publish(txn::view::kFlavour, flavour_name(store_.flavour));
  ctx.publish(txn::view::kLevel, level_name(store_.level));
  ctx.publish(view::kSeatsLeft, workload_.seats);
  ctx.annotate(std::to_string(workload_.clients) + " buyers race for " + std::to_string(workload_.seats) +
               " seats with the " + sale_strategy_name(workload_.strategy) + " strategy at " + flavour_name(store_.flavour) +
               " " + level_name(store_.level));
  server_.persist(ctx);
}

void SaleStoreNode::on_buyer_done(Context& ctx, NodeId, const PurchaseDone& done) {
  if (done.outcome == "bought") ++bought_;
  if (++buyers_done_ == workload_.clients) {
    TimeUs duration = std::max<TimeUs>(ctx.now(), 1);
    ctx.count("txn.sale_duration_us", duration);
    ctx.count("txn.throughput_per_s", bought_ * kSecond / duration);
    ctx.annotate("every buyer is done: " + std::to_string(bought_) + " bought in " + format_duration(duration));
  }
}

void SaleStoreNode::on_statement(Context& ctx, NodeId from, const StatementRequest& request) {
  server_.serve(ctx, from, request, *this);
}

std::string SaleStoreNode::label(NodeId, const StatementRequest& request) const {
  return "B" + std::to_string(request.txn) + (request.attempt > 1 ? "." + std::to_string(request.attempt) : "");
}

void SaleStoreNode::after_completions(Context& ctx) {
  const Version* event = server_.engine().store().latest_committed(RowKey{kEventTable, kEventKey}, 0);
  if (event && event->row && event->row->count("n")) ctx.publish(view::kSeatsLeft, event->row->at("n"));
}

void SaleStoreNode::on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout) { server_.on_lock_timeout(ctx, timeout, *this); }

}  // namespace dsim::txn::flash_sale
