// What the store node of a step-by-step isolation scenario publishes beyond the shared keys of
// engine/view.h (flavour, level, and outcome: the script's outcome class, "allowed", "block", ...):
// each transaction's fate once the script has ended. Declared once here (STYLE.md §16).
#pragma once

#include <string>
#include <string_view>

#include "sim/protocols/txn/engine/view.h"

namespace dsim::txn::isolation::view {

inline constexpr ViewKeyFamily<std::string> kFate{"fate."};  // "fate.T1": "committed", "was rolled back (deadlock)", ...

// The script's anomaly happened (its outcome is "allowed").
inline constexpr std::string_view kMarkAnomaly = "txn.anomaly";

}  // namespace dsim::txn::isolation::view
