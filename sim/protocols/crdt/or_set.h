// An observed-remove set, state-based (Shapiro et al. 2011, the OR-Set): every add
// gives the element a unique tag; a remove takes away the tags its replica has observed for the
// element, and remembers them as tombstones so that a merge with a replica that still has those
// tags does not bring them back. An element is in the set while it has a tag that is not a
// tombstone, so an add concurrent with a remove survives it ("add wins"). The merge is the union
// of both tag sets and of both tombstone sets.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::crdt {

// A unique tag: the replica that added and its own sequence number.
struct Tag {
  std::uint32_t replica = 0;
  std::uint64_t sequence = 0;
  auto operator<=>(const Tag&) const = default;
};

// An element with one of its tags: "apple@1.3" (element@replica.sequence).
struct TaggedElement {
  std::string element;
  Tag tag;
  auto operator<=>(const TaggedElement&) const = default;
  std::string to_string() const;
};
std::optional<TaggedElement> parse_tagged(std::string_view text);

class ORSet {
 public:
  // Adds `element` with a new tag of `replica` (one more than its highest tag here) and returns it.
  TaggedElement add(std::string_view element, std::uint32_t replica);
  // Removes the element's observed tags, keeping them as tombstones; returns them (none: it was absent).
  std::vector<TaggedElement> remove(std::string_view element);
  bool contains(std::string_view element) const;
  std::set<std::string> elements() const;
  void merge(const ORSet& other);
  // A broken merge for the bug switch: takes the other's tags but not its tombstones, so an
  // element removed elsewhere comes back on any replica that had not removed it itself.
  void merge_forgetting_tombstones(const ORSet& other);

  // "adds;tombstones", each a comma-separated list of tagged elements.
  std::string encode() const;
  static std::optional<ORSet> decode(std::string_view text);
  bool operator==(const ORSet&) const = default;

 private:
  std::set<TaggedElement> adds_;
  std::set<TaggedElement> tombstones_;
};

}  // namespace dsim::crdt
