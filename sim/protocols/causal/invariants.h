// The checks a causal scenario can list under "checks":
//   causal_delivery — every member delivers a message only after every message that causally
//                     precedes it (causal order, as Birman, Schiper and Stephenson 1991 define it);
//   all_delivered   — by the end, every member has delivered every message posted (the hold-back
//                     queue never holds a message for ever).
// Both read only the members' history records ("post" and "deliver", view.h). The causal order is
// worked out from those records alone, never from the timestamps the protocol computed: a post's
// causal past is everything its member had posted or delivered before it, and their pasts.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::causal {

inline constexpr std::string_view kCheckCausalDelivery = "causal_delivery";
inline constexpr std::string_view kCheckAllDelivered = "all_delivered";

std::unique_ptr<Checker> make_causal_delivery_checker(std::uint32_t members);
std::unique_ptr<Checker> make_all_delivered_checker(std::uint32_t members);

}  // namespace dsim::causal
