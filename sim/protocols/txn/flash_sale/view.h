// What the flash sale's nodes publish beyond the shared keys of engine/view.h (the store's flavour
// and level; a buyer's outcome: "bought", "sold out", "looked", "gave up"). Declared once here
// (STYLE.md §16).
#pragma once

#include <cstdint>

#include "sim/protocols/txn/engine/view.h"

namespace dsim::txn::flash_sale::view {

inline constexpr ViewKey<std::int64_t> kSeatsLeft{"seats_left"};  // the store: the event row's committed count

}  // namespace dsim::txn::flash_sale::view
