// What the cross-database nodes publish (Context::publish): each global transaction's or saga
// step's state on the node that holds it, the stores' balances and the reader's last read.
// Declared once here (STYLE.md §16).
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/view.h"

namespace dsim::txn::distributed::view {

// Keyed by the transaction's or step's id ("T1", "S1.2"): "running", "prepared", "committed",
// "aborted" on a store; "commit" or "abort" on the coordinator; the step's outcome on a saga.
inline constexpr ViewKeyFamily<std::string> kTransaction{""};
inline constexpr ViewKeyFamily<std::int64_t> kBalance{"balance."};  // "balance.alice" on its store
inline constexpr ViewKey<std::string> kLastRead{"last_read"};       // the reader: what it saw

}  // namespace dsim::txn::distributed::view
