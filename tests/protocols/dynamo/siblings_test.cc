// Vector clocks and sibling sets as tables (sim/protocols/dynamo/vector_clock.h, siblings.h), and
// the cart's item text (sim/protocols/cart/cart_items.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/protocols/cart/cart_items.h"
#include "sim/protocols/dynamo/siblings.h"
#include "sim/protocols/dynamo/vector_clock.h"

using namespace dsim;
using namespace dsim::dynamo;

TEST_CASE("vector clocks: descends, dominates, concurrent, merge", "[dynamo][siblings]") {
  struct Row {
    VectorClock a, b;
    bool a_descends_b, a_dominates_b, concurrent;
  };
  const std::vector<Row> rows = {
      {{}, {}, true, false, false},
      {{{0, 1}}, {}, true, true, false},
      {{}, {{0, 1}}, false, false, false},
      {{{0, 2}, {1, 1}}, {{0, 1}, {1, 1}}, true, true, false},   // §4.4: D3 after D2
      {{{0, 1}, {1, 1}}, {{0, 1}, {1, 1}}, true, false, false},  // equal: descends, not dominates
      {{{0, 2}, {1, 1}}, {{0, 2}, {2, 1}}, false, false, true},  // §4.4: D3 and D4 conflict
      {{{0, 1}}, {{1, 1}}, false, false, true},
      {{{0, 3}}, {{0, 2}, {1, 1}}, false, false, true},
  };
  for (const Row& row : rows) {
    INFO(row.a.to_string() << " vs " << row.b.to_string());
    CHECK(row.a.descends(row.b) == row.a_descends_b);
    CHECK(row.a.dominates(row.b) == row.a_dominates_b);
    CHECK(row.a.concurrent_with(row.b) == row.concurrent);
    CHECK(row.b.concurrent_with(row.a) == row.concurrent);
    VectorClock merged = VectorClock::merge(row.a, row.b);
    CHECK(merged.descends(row.a));
    CHECK(merged.descends(row.b));
    CHECK(merged == VectorClock::merge(row.b, row.a));
  }
  CHECK(VectorClock::merge({{0, 2}, {1, 1}}, {{0, 1}, {2, 4}}) == VectorClock{{0, 2}, {1, 1}, {2, 4}});
}

TEST_CASE("vector clocks print as id:counter and read back; malformed text is refused", "[dynamo][siblings]") {
  VectorClock clock{{2, 1}, {0, 3}};
  CHECK(clock.to_string() == "0:3,2:1");
  REQUIRE(VectorClock::parse("0:3,2:1"));
  CHECK(*VectorClock::parse("0:3,2:1") == clock);
  CHECK(VectorClock::parse("")->empty());
  CHECK(VectorClock{{1, 0}}.empty());  // a zero entry is no entry
  for (const char* bad : {"0", "0:", ":1", "0:0", "0:1,", "0:1,0:2", "x:1", "0:1;1:1", "0:-1"}) {
    INFO(bad);
    CHECK_FALSE(VectorClock::parse(bad));
  }
}

namespace {

Sibling version(std::string value, VectorClock context, NodeId node, std::uint64_t counter) {
  return Sibling{std::move(value), std::move(context), Dot{node, counter}};
}

std::vector<std::string> values(const SiblingSet& set) {
  std::vector<std::string> result;
  for (const Sibling& sibling : set.versions()) result.push_back(sibling.value);
  return result;
}

}  // namespace

TEST_CASE("a sibling set keeps concurrent versions and drops superseded ones", "[dynamo][siblings]") {
  struct Row {
    const char* what;
    std::vector<Sibling> inserts;
    std::vector<std::string> kept;
    std::vector<bool> changed;
  };
  const std::vector<Row> rows = {
      {"a write that read the held one replaces it",
       {version("a", {}, 0, 1), version("ab", {{0, 1}}, 1, 1)}, {"ab"}, {true, true}},
      {"an older write arriving late is dropped",
       {version("ab", {{0, 1}}, 1, 1), version("a", {}, 0, 1)}, {"ab"}, {true, false}},
      {"two writes from the same read are siblings",
       {version("a", {}, 0, 1), version("ab", {{0, 1}}, 0, 2), version("ac", {{0, 1}}, 1, 1)}, {"ab", "ac"}, {true, true, true}},
      {"the same write twice changes nothing",
       {version("a", {}, 0, 1), version("a", {}, 0, 1)}, {"a"}, {true, false}},
      // One coordinator, two writes that never saw each other: whole clocks {0:1} < {0:2} would
      // drop the first; the dots keep both.
      {"one coordinator's two blind writes stay siblings",
       {version("x", {}, 0, 1), version("y", {}, 0, 2)}, {"x", "y"}, {true, true}},
      {"a write that read both siblings replaces both",
       {version("x", {}, 0, 1), version("y", {}, 1, 1), version("xy", {{0, 1}, {1, 1}}, 2, 1)}, {"xy"}, {true, true, true}},
      {"a write that read one sibling replaces that one only",
       {version("x", {}, 0, 1), version("y", {}, 1, 1), version("xz", {{0, 1}}, 2, 1)}, {"y", "xz"}, {true, true, true}},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    SiblingSet set;
    for (std::size_t i = 0; i < row.inserts.size(); ++i) CHECK(set.insert(row.inserts[i]) == row.changed[i]);
    std::vector<std::string> kept = values(set);
    std::sort(kept.begin(), kept.end());
    std::vector<std::string> expected = row.kept;
    std::sort(expected.begin(), expected.end());
    CHECK(kept == expected);
  }
}

TEST_CASE("whole-clock comparison (the mutant's rule) drops a blind write of the same coordinator", "[dynamo][siblings]") {
  SiblingSet set;
  set.insert(version("x", {}, 0, 1), SupersedeRule::whole_clocks);
  set.insert(version("y", {}, 0, 2), SupersedeRule::whole_clocks);
  CHECK(values(set) == std::vector<std::string>{"y"});
}

TEST_CASE("a sibling set's context covers every sibling, and the set reads back from its text", "[dynamo][siblings]") {
  SiblingSet set;
  set.insert(version("c0-1,c1-2", {{0, 1}}, 0, 2));
  set.insert(version("c0-1", {{0, 1}}, 1, 3));
  CHECK(set.context() == VectorClock{{0, 2}, {1, 3}});
  CHECK(set.encode() == "c0-1,c1-2@0:1+0:2;c0-1@0:1+1:3");
  REQUIRE(SiblingSet::decode(set.encode()));
  CHECK(*SiblingSet::decode(set.encode()) == set);
  CHECK(SiblingSet::decode("")->empty());
  CHECK(Sibling::parse("@+0:1")->value.empty());  // an empty cart is a value too
  for (const char* bad : {"a", "a@0:1", "a@0:1+", "a@+0:1,1:1", "a@x+0:1", "a@+0:1;b"}) {
    INFO(bad);
    CHECK_FALSE(SiblingSet::decode(bad));
  }
  // A write with the set's context supersedes every sibling in it.
  Sibling merged = version("c0-1,c1-2", set.context(), 2, 1);
  set.insert(merged);
  CHECK(values(set) == std::vector<std::string>{"c0-1,c1-2"});
}

TEST_CASE("cart items: parse, join, describe in reading order", "[dynamo][cart]") {
  cart::Items items = cart::parse_items("c0-10,c0-4,c1-2");
  CHECK(items.size() == 3);
  CHECK(cart::join_items(items) == "c0-10,c0-4,c1-2");
  CHECK(cart::describe_items(items) == "{c0-4, c0-10, c1-2}");
  CHECK(cart::parse_items("").empty());
  CHECK(cart::describe_items({}) == "{}");
  CHECK(cart::item_id(1, 7) == "c1-7");
}
