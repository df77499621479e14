// The "txn-flash-sale" plugin: one store server (flash_sale_node.h) and one client node per buyer
// (workload.h). "params" choose the store's flavour and level; "workload" the strategy and the
// crowd. Its checks are the store checks; no_oversell and seats_accounted_for need no
// params.invariants, as the sale knows its tickets table and its number of seats.
#include <memory>

#include "sim/protocols/txn/engine/view.h"
#include "sim/protocols/txn/flash_sale/flash_sale_node.h"
#include "sim/protocols/txn/flash_sale/params.h"
#include "sim/protocols/txn/flash_sale/register.h"
#include "sim/protocols/txn/flash_sale/workload.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::txn::flash_sale {
namespace {

StoreSettings parse_settings(const JsonReader& params) {
  params.expect_keys({"flavour", "level", "lock_wait_timeout", "invariants"});
  return parse_store_settings(params);
}

// Tickets holds at most `seats` rows; tickets + event/e1.n = seats, and no seat number is on two tickets.
StoreCheckDefaults sale_defaults(const Scenario& scenario) {
  SaleWorkload workload = parse_sale_workload(scenario_workload(scenario));
  StoreCheckDefaults defaults;
  defaults.no_oversell = std::make_pair(std::string(kTicketsTable), workload.seats);
  SeatAccounting seats;
  seats.counter = RowKey{kEventTable, kEventKey};
  seats.tickets = kTicketsTable;
  seats.total = workload.seats;
  seats.seat_column = "seat";
  defaults.seats_accounted_for = seats;
  return defaults;
}

class FlashSaleProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "txn-flash-sale"; }
  std::string_view summary() const override {
    return "a flash sale: many buyers race for a few seats with one of five strategies, under lock waits, retries and "
           "oversells";
  }
  std::vector<std::string> checks() const override { return store_check_names(); }
  std::vector<std::string> marks() const override {
    return {std::string(txn::view::kMarkBlocked), std::string(txn::view::kMarkDeadlock),
            std::string(txn::view::kMarkSerializationFailure), std::string(txn::view::kMarkAbortAtCommit),
            std::string(txn::view::kMarkLockWaitTimeout)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    parse_settings(params);
    validate_invariants(params);
    if (scenario.nodes != 1) throw ScenarioError(scenario.file, "nodes", "the txn-flash-sale protocol has exactly one store server");
    parse_sale_workload(scenario_workload(scenario));
    require_invariant_settings(scenario, sale_defaults(scenario));
  }

  // One store, one node per buyer.
  void build(World& world) const override {
    StoreSettings store = parse_settings(world.params());
    SaleWorkload sale = parse_sale_workload(world.workload());
    NodeId store_node = world.add_server([store, sale](NodeId) { return std::make_unique<SaleStoreNode>(store, sale); });
    for (std::uint32_t buyer = 1; buyer <= sale.clients; ++buyer)
      world.add_client("buyer" + std::to_string(buyer), [sale, buyer, store_node](NodeId) {
        return std::make_unique<BuyerNode>(sale, buyer, store_node);
      });
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return make_store_checker(name, scenario, sale_defaults(scenario));
  }
};

}  // namespace
}  // namespace dsim::txn::flash_sale

namespace dsim {

void register_txn_flash_sale(ProtocolRegistry& registry) {
  registry.add(std::make_unique<txn::flash_sale::FlashSaleProtocol>());
}

}  // namespace dsim
