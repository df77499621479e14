// A shopping cart's contents as text, shared by the cart workloads of dynamo (siblings or
// last-writer-wins) and crdt (an OR-set): a set of item ids ("c0-4": client 0's fourth
// operation added it) written as "c0-4,c1-2", ascending, "" for an empty cart. Every add puts a
// new, never-reused item in, so an item that comes back after its remove can only be the same add
// resurfacing (DeCandia et al. 2007, §4.4: "deleted items can resurface").
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace dsim::cart {

// The history's operation names, the same on both protocols.
inline constexpr std::string_view kOpAdd = "add";        // invoke value: the new item
inline constexpr std::string_view kOpRemove = "remove";  // invoke value: the item to remove
inline constexpr std::string_view kOpRead = "read";      // ok value: the cart's items
// The one key a dynamo cart lives under.
inline constexpr std::string_view kCartKey = "cart";

using Items = std::set<std::string>;

Items parse_items(std::string_view text);
std::string join_items(const Items& items);
// "{c0-4, c1-2}" for messages.
std::string describe_items(const Items& items);
// A new item's id: "c<client>-<sequence>".
std::string item_id(std::uint32_t client, std::uint64_t sequence);

}  // namespace dsim::cart
