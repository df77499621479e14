// The flash sale's strategy names (see params.h).
#include "sim/protocols/txn/flash_sale/params.h"

namespace dsim::txn::flash_sale {

const char* sale_strategy_name(SaleStrategy strategy) {
  switch (strategy) {
    case SaleStrategy::read_then_write: return "read-then-write";
    case SaleStrategy::atomic_update: return "atomic-update";
    case SaleStrategy::for_update: return "for-update";
    case SaleStrategy::optimistic: return "optimistic";
    case SaleStrategy::serializable_retry: return "serializable-retry";
  }
  return "?";
}

std::optional<SaleStrategy> parse_sale_strategy(std::string_view text) {
  for (SaleStrategy strategy : {SaleStrategy::read_then_write, SaleStrategy::atomic_update, SaleStrategy::for_update,
                                SaleStrategy::optimistic, SaleStrategy::serializable_retry})
    if (text == sale_strategy_name(strategy)) return strategy;
  return std::nullopt;
}

}  // namespace dsim::txn::flash_sale
