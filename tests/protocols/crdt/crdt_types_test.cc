// The four CRDTs as tables: values after operations, the merge laws (commutative, associative,
// idempotent) on sample states, each broken merge breaking one of them, and the encodings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/crdt/g_counter.h"
#include "sim/protocols/crdt/lww_register.h"
#include "sim/protocols/crdt/or_set.h"
#include "sim/protocols/crdt/pn_counter.h"
#include "sim/protocols/crdt/replica_state.h"

using namespace dsim::crdt;

namespace {

// The laws a state-based CRDT's merge must obey (Shapiro et al. 2011: a join
// semilattice), checked on three sample states.
template <typename T, typename Merge>
void check_merge_laws(const T& a, const T& b, const T& c, Merge merge) {
  auto merged = [&](T x, const T& y) {
    merge(x, y);
    return x;
  };
  CHECK(merged(a, b) == merged(b, a));                              // commutative
  CHECK(merged(merged(a, b), c) == merged(a, merged(b, c)));        // associative
  CHECK(merged(a, a) == a);                                         // idempotent
  CHECK(merged(merged(a, b), b) == merged(a, b));
}

}  // namespace

TEST_CASE("G-counter: one entry per replica, merged by maximum; summing double-counts", "[crdt]") {
  GCounter a, b, c;
  a.increment(0, 3);
  b.increment(1, 2);
  b.increment(0, 1);
  c.increment(2, 5);
  CHECK(a.value() == 3);
  GCounter ab = a;
  ab.merge(b);
  CHECK(ab.value() == 5);  // max(3,1) + 2
  check_merge_laws(a, b, c, [](GCounter& x, const GCounter& y) { x.merge(y); });
  GCounter twice = a;
  twice.merge_summing(a);
  CHECK(twice.value() == 6);  // the broken merge is not idempotent
  CHECK(ab.encode() == "0:3,1:2");
  CHECK(GCounter::decode("0:3,1:2") == ab);
  CHECK(GCounter::decode("") == GCounter{});
  for (const char* bad : {"0", "0:", ":3", "x:1", "0:3,", "0:-1"}) {
    INFO(bad);
    CHECK_FALSE(GCounter::decode(bad));
  }
}

TEST_CASE("PN-counter: increments minus decrements; forgetting the other's decrements breaks it", "[crdt]") {
  PNCounter a, b, c;
  a.increment(0);
  a.increment(0);
  b.decrement(1);
  c.increment(2);
  c.decrement(2);
  c.decrement(2);
  PNCounter all = a;
  all.merge(b);
  all.merge(c);
  CHECK(all.value() == 3 - 3);
  check_merge_laws(a, b, c, [](PNCounter& x, const PNCounter& y) { x.merge(y); });
  PNCounter broken = a;
  broken.merge_forgetting_decrements(b);
  CHECK(broken.value() == 2);  // b's decrement never arrives
  CHECK(all.encode() == "0:2,2:1|1:1,2:2");
  CHECK(PNCounter::decode(all.encode()) == all);
  CHECK_FALSE(PNCounter::decode("0:2"));
}

TEST_CASE("OR-set: a remove takes the observed tags, an unseen concurrent add survives, tombstones keep removes", "[crdt]") {
  ORSet a, b;
  TaggedElement first = a.add("apple", 0);
  CHECK(first.to_string() == "apple@0.1");
  b.merge(a);
  TaggedElement concurrent = b.add("apple", 1);  // b adds again, unseen by a
  CHECK(concurrent.to_string() == "apple@1.1");
  std::vector<TaggedElement> removed = a.remove("apple");
  REQUIRE(removed.size() == 1);
  CHECK(removed.front() == first);
  CHECK_FALSE(a.contains("apple"));
  ORSet merged = a;
  merged.merge(b);
  CHECK(merged.contains("apple"));  // add wins over the concurrent remove
  ORSet c;
  c.add("bread", 2);
  check_merge_laws(a, b, c, [](ORSet& x, const ORSet& y) { x.merge(y); });

  // A remove after both adds were seen removes the element everywhere, tombstones and all.
  ORSet d = merged;
  d.remove("apple");
  ORSet stale = b;  // still holds both tags, never saw the removes
  stale.merge(d);
  CHECK_FALSE(stale.contains("apple"));
  // Forgetting tombstones brings it back on the replica that had not removed it itself.
  ORSet forgetful = b;
  forgetful.merge_forgetting_tombstones(d);
  CHECK(forgetful.contains("apple"));

  CHECK(ORSet::decode(merged.encode()) == merged);
  CHECK(ORSet::decode(";") == ORSet{});
  CHECK_FALSE(ORSet::decode("apple@0.1"));
  CHECK_FALSE(ORSet::decode("apple@0;"));
  CHECK_FALSE(parse_tagged("@0.1"));
}

TEST_CASE("LWW-register: the greatest (stamp, replica) wins; keeping the local value diverges", "[crdt]") {
  LWWRegister a, b, c;
  a.set("x", 100, 0);
  b.set("y", 200, 1);
  c.set("z", 200, 0);  // same stamp as y: replica 1 beats replica 0
  LWWRegister ab = a;
  ab.merge(b);
  REQUIRE(ab.current());
  CHECK(ab.current()->value == "y");
  LWWRegister bc = b;
  bc.merge(c);
  CHECK(bc.current()->value == "y");
  check_merge_laws(a, b, c, [](LWWRegister& x, const LWWRegister& y) { x.merge(y); });
  LWWRegister stubborn = a;
  stubborn.merge_keeping_local(b);
  CHECK(stubborn.current()->value == "x");
  LWWRegister older = b;
  older.set("old", 50, 3);  // an older stamp loses at once
  CHECK(older.current()->value == "y");
  CHECK(ab.encode() == "y@200.1");
  CHECK(LWWRegister::decode("y@200.1") == ab);
  CHECK(LWWRegister::decode("") == LWWRegister{});
  CHECK_FALSE(LWWRegister::decode("y@200"));
}

TEST_CASE("the four types by name, and a replica state read back from its encoding", "[crdt]") {
  for (CrdtType type : {CrdtType::g_counter, CrdtType::pn_counter, CrdtType::or_set, CrdtType::lww_register}) {
    REQUIRE(parse_crdt_type(crdt_type_name(type)) == type);
    ReplicaState state;
    state.type = type;
    state.g_counter.increment(1);
    state.pn_counter.decrement(1);
    state.or_set.add("e0", 1);
    state.lww_register.set("v", 7, 1);
    std::optional<ReplicaState> back = ReplicaState::decode(type, state.encode());
    REQUIRE(back);
    CHECK(back->encode() == state.encode());
    CHECK(back->value_text() == state.value_text());
  }
  CHECK_FALSE(parse_crdt_type("counter"));
}
