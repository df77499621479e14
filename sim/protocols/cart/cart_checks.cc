// The cart's checkers (cart_checks.h). Both follow the history as it happens and judge the final
// cart at the end.
#include "sim/protocols/cart/cart_checks.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace dsim::cart {
namespace {

std::string at(TimeUs time) { return format_time_seconds(time); }

// One add or remove as the history tells it.
struct ItemOp {
  NodeId client = kNoNode;
  TimeUs invoked_us = 0;
  std::optional<TimeUs> acknowledged_us;
};

// The reads invoked after an item's remove was acknowledged that returned the item: how many, and
// the last of them (after a partition heals, the one that shows the item back for good).
struct Sighting {
  std::uint64_t reads = 0;
  NodeId reader = kNoNode;
  TimeUs invoked_us = 0;
  TimeUs returned_us = 0;
  std::string cart;
};

// The cart history both checkers share: adds, removes and reads, by item.
class CartLedger {
 public:
  void take(const HistoryEvent& event) {
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      open_[id] = event;
      if (event.op == kOpAdd) adds_[event.value] = ItemOp{event.process, event.time, std::nullopt};
      if (event.op == kOpRemove) removes_.emplace(event.value, ItemOp{event.process, event.time, std::nullopt});
      return;
    }
    auto it = open_.find(id);
    if (it == open_.end()) return;
    HistoryEvent invoke = std::move(it->second);
    open_.erase(it);
    if (event.kind != HistoryEvent::Kind::ok) return;
    if (invoke.op == kOpAdd) adds_[invoke.value].acknowledged_us = event.time;
    if (invoke.op == kOpRemove) {
      ItemOp& remove = removes_[invoke.value];
      if (!remove.acknowledged_us) remove.acknowledged_us = event.time;
    }
    if (invoke.op == kOpRead) {
      for (const std::string& item : parse_items(event.value)) {
        auto remove = removes_.find(item);
        if (remove == removes_.end() || !remove->second.acknowledged_us) continue;
        if (*remove->second.acknowledged_us >= invoke.time) continue;
        Sighting& seen = sightings_[item];
        seen = Sighting{seen.reads + 1, event.process, invoke.time, event.time, event.value};
      }
      for (const std::string& item : parse_items(event.value)) last_seen_[item] = event.time;
    }
  }

  const std::map<std::string, ItemOp>& adds() const { return adds_; }
  const std::map<std::string, ItemOp>& removes() const { return removes_; }
  const Sighting* sighting(const std::string& item) const {
    auto it = sightings_.find(item);
    return it == sightings_.end() ? nullptr : &it->second;
  }
  std::optional<TimeUs> last_seen(const std::string& item) const {
    auto it = last_seen_.find(item);
    return it == last_seen_.end() ? std::nullopt : std::optional<TimeUs>(it->second);
  }

 private:
  std::map<std::pair<NodeId, std::uint64_t>, HistoryEvent> open_;
  std::map<std::string, ItemOp> adds_;     // by item
  std::map<std::string, ItemOp> removes_;  // by item: the first remove that tried it
  std::map<std::string, Sighting> sightings_;
  std::map<std::string, TimeUs> last_seen_;  // by item: the last read that returned it
};

class LostAddChecker final : public Checker {
 public:
  explicit LostAddChecker(FinalCart final_cart) : Checker(std::string(kCheckLostAdd)), final_cart_(std::move(final_cart)) {}

  void on_history(const HistoryEvent& event) override { ledger_.take(event); }

  void finish(const FinalState& final_state) override {
    std::optional<Items> cart = final_cart_(final_state);
    Items final_items = cart.value_or(Items{});
    for (const auto& [item, add] : ledger_.adds()) {
      if (!add.acknowledged_us || ledger_.removes().count(item) || final_items.count(item)) continue;
      std::optional<TimeUs> seen = ledger_.last_seen(item);
      report(*add.acknowledged_us, {add.client},
             "the add of " + item + " by " + node_name(add.client) + ", acknowledged at " + at(*add.acknowledged_us) +
                 ", was lost: no remove ever tried to take it, yet the cart at the end of the run is " +
                 describe_items(final_items) + "; " +
                 (seen ? "a read last returned it at " + at(*seen) : std::string("no read ever returned it")));
    }
  }

 private:
  FinalCart final_cart_;
  CartLedger ledger_;
};

class ResurfacedChecker final : public Checker {
 public:
  explicit ResurfacedChecker(FinalCart final_cart)
      : Checker(std::string(kCheckRemovedItemResurfaced)), final_cart_(std::move(final_cart)) {}

  void on_history(const HistoryEvent& event) override { ledger_.take(event); }

  void finish(const FinalState& final_state) override {
    std::optional<Items> cart = final_cart_(final_state);
    if (!cart) return;
    for (const auto& [item, remove] : ledger_.removes()) {
      if (!remove.acknowledged_us || !cart->count(item)) continue;
      std::string message = item + " resurfaced: " + node_name(remove.client) + "'s remove of it was acknowledged at " +
                            at(*remove.acknowledged_us) + ", yet ";
      std::vector<NodeId> nodes{remove.client};
      if (const Sighting* seen = ledger_.sighting(item)) {
        message += std::to_string(seen->reads) + (seen->reads == 1 ? " read" : " reads") +
                   " invoked after it returned the item, the last " + node_name(seen->reader) + "'s at " +
                   at(seen->invoked_us) + " (" + describe_items(parse_items(seen->cart)) + " at " +
                   at(seen->returned_us) + "), and ";
        if (seen->reader != remove.client) nodes.push_back(seen->reader);
      }
      message += "the cart at the end of the run holds it: " + describe_items(*cart);
      report(*remove.acknowledged_us, std::move(nodes), std::move(message));
    }
  }

 private:
  FinalCart final_cart_;
  CartLedger ledger_;
};

}  // namespace

std::unique_ptr<Checker> make_lost_add_checker(FinalCart final_cart) {
  return std::make_unique<LostAddChecker>(std::move(final_cart));
}

std::unique_ptr<Checker> make_removed_item_resurfaced_checker(FinalCart final_cart) {
  return std::make_unique<ResurfacedChecker>(std::move(final_cart));
}

}  // namespace dsim::cart
