// The shopping cart's two checkers, for any protocol whose clients record the cart history of
// cart_items.h (dynamo's cart with siblings or last-writer-wins, crdt's OR-set cart):
//   lost_add                — every acknowledged add whose item no remove ever tried to take
//                             (acknowledged or not) is in the final cart;
//   removed_item_resurfaced — no item whose remove was acknowledged is in the final cart
//                             (DeCandia et al. 2007, §4.4: with the union merge, "deleted items
//                             can resurface"); the message names the remove and the first read
//                             invoked after it that saw the item again.
// "The cart at the end" is computed by each protocol from the servers' durable storage
// (FinalCart): for dynamo what a get of every replica returns, for crdt every item some replica holds. Items are never reused, so an item in
// the cart after its acknowledged remove can only be that remove undone.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/cart/cart_items.h"

namespace dsim::cart {

inline constexpr std::string_view kCheckLostAdd = "lost_add";
inline constexpr std::string_view kCheckRemovedItemResurfaced = "removed_item_resurfaced";

// The cart a read of every replica returns at the end of the run; nullopt: nothing was stored.
using FinalCart = std::function<std::optional<Items>(const FinalState&)>;

std::unique_ptr<Checker> make_lost_add_checker(FinalCart final_cart);
std::unique_ptr<Checker> make_removed_item_resurfaced_checker(FinalCart final_cart);

}  // namespace dsim::cart
