// The versions a replica keeps of one key when conflicts are left to the client (DeCandia et al.,
// "Dynamo", SOSP 2007, §4.4): every version not superseded by another is kept, side by side (the
// siblings); a version a newer one supersedes is dropped. A get returns them all with their merged
// clock as the context; the client merges them (the shopping cart: their union) and writes back
// with that context, which supersedes every sibling it read.
//
// Each version records the context its client wrote with (the clock of what it had read) and the
// one entry the coordinator added for this write, its "dot" (server, counter). Version b supersedes
// version a when b's context already counts a's dot: the client that wrote b had read a. Comparing
// whole clocks instead (§4.4's rule) goes wrong when one server coordinates two writes that never
// saw each other: {n0:2} would look like a descendant of {n0:1} and silently drop it. Keeping the
// dot apart is the fix of Preguiça, Baquero, Almeida, Fonte and Gonçalves, "Dotted Version
// Vectors: Logical Clocks for Optimistic Replication" (2010). The clock shown for a version is its
// context with its dot added, the paper's vector clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/protocols/dynamo/vector_clock.h"

namespace dsim::dynamo {

// The entry a coordinator adds for one write: its id and a counter it never reuses.
struct Dot {
  NodeId node = 0;
  std::uint64_t counter = 0;
  auto operator<=>(const Dot&) const = default;
};

struct Sibling {
  std::string value;     // the client's value: for the cart, its items "c0-1,c1-4"
  VectorClock context;   // what the writing client had read
  Dot dot;               // this write's own entry

  // The version's vector clock: its context with its dot.
  VectorClock clock() const;
  // This version's writer had read `other` (its context counts other's dot).
  bool supersedes(const Sibling& other) const { return context.get(other.dot.node) >= other.dot.counter; }
  // "c0-1,c1-4@0:1,1:2+1:3": value, '@', context, '+', dot as node:counter.
  std::string to_string() const;
  static std::optional<Sibling> parse(std::string_view text);
  bool operator==(const Sibling&) const = default;
};

// Which versions a set drops. `dots` is the rule above; `whole_clocks` is §4.4's comparison of
// whole clocks (b supersedes a when b's clock descends from a's), kept only for a test mutant that
// shows it losing a write when one coordinator takes two concurrent puts.
enum class SupersedeRule : std::uint8_t { dots, whole_clocks };

class SiblingSet {
 public:
  // Adds `version` unless a held one supersedes it or is the same write; drops every held version
  // it supersedes. Returns whether the set changed.
  bool insert(const Sibling& version, SupersedeRule rule = SupersedeRule::dots);
  // Inserts each of `other`'s versions; returns whether the set changed.
  bool merge(const SiblingSet& other, SupersedeRule rule = SupersedeRule::dots);
  // The merged clock of every sibling: the context a client writes back with.
  VectorClock context() const;
  const std::vector<Sibling>& versions() const { return versions_; }
  bool empty() const { return versions_.empty(); }
  std::size_t size() const { return versions_.size(); }

  // The siblings' texts joined by ';' (ordered by dot); "" when empty.
  std::string encode() const;
  static std::optional<SiblingSet> decode(std::string_view text);
  bool operator==(const SiblingSet&) const = default;

 private:
  std::vector<Sibling> versions_;  // ordered by dot, so equal sets encode equally
};

}  // namespace dsim::dynamo
