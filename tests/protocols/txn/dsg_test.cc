// The anomaly checker on hand-written histories (Adya 1999, ch. 3-4; Adya, Liskov and O'Neil 2000):
// one history per anomaly class, a serial control, the classes' definitions (G-single is a special
// case of G2-item and G2; a predicate-only cycle is G2, not G2-item) and the level ladder (PL-2+ and
// PL-SI forbid G-single, PL-2.99 forbids G2-item and allows phantoms, PL-3 forbids G2).
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/check/dsg/anomalies.h"

using namespace dsim::dsg;

namespace {

const ObjectId kX{"t", "x"};
const ObjectId kY{"t", "y"};

VersionId version(const ObjectId& object, TxnId writer, std::uint32_t sequence = 1) {
  return VersionId{object, writer, sequence};
}
Write write(const ObjectId& object, TxnId writer, std::int64_t value, std::uint32_t sequence = 1) {
  return Write{version(object, writer, sequence), Row{{"value", value}}};
}
ItemRead read(const ObjectId& object, TxnId writer, std::uint32_t sequence = 1) {
  return ItemRead{object, version(object, writer, writer == kInitialTxn ? 0 : sequence)};
}
Transaction txn(TxnId id, std::vector<ItemRead> reads, std::vector<Write> writes, Outcome outcome = Outcome::committed) {
  Transaction t;
  t.id = id;
  t.outcome = outcome;
  t.reads = std::move(reads);
  t.writes = std::move(writes);
  return t;
}
History with_initial_xy() {
  History h;
  h.initial[kX] = Row{{"value", 10}};
  h.initial[kY] = Row{{"value", 20}};
  return h;
}
const Anomaly* named(const std::vector<Anomaly>& anomalies, const std::string& name) {
  auto found = std::find_if(anomalies.begin(), anomalies.end(), [&](const Anomaly& a) { return a.name == name; });
  return found == anomalies.end() ? nullptr : &*found;
}
std::vector<std::string> names(const std::vector<Anomaly>& anomalies) {
  std::vector<std::string> out;
  for (const Anomaly& a : anomalies) out.push_back(a.name);
  return out;
}
// The proscribed class each violation was found under.
std::vector<std::string> proscribed(const std::vector<Violation>& found) {
  std::vector<std::string> out;
  for (const Violation& v : found) out.push_back(v.proscribed);
  return out;
}

// G0: T1 and T2 both write x and y, and the version orders disagree.
History g0_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {}, {write(kX, 1, 11), write(kY, 1, 21)}), txn(2, {}, {write(kX, 2, 12), write(kY, 2, 22)})};
  h.version_order[kX] = {version(kX, 0, 0), version(kX, 1), version(kX, 2)};
  h.version_order[kY] = {version(kY, 0, 0), version(kY, 2), version(kY, 1)};
  return h;
}
// G1a: T2 reads x from T1, which aborts.
History g1a_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {}, {write(kX, 1, 101)}, Outcome::aborted), txn(2, {read(kX, 1)}, {})};
  return h;
}
// G1b: T2 reads T1's first write of x; T1 writes x again before committing.
History g1b_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {}, {write(kX, 1, 101, 1), write(kX, 1, 11, 2)}), txn(2, {read(kX, 1, 1)}, {})};
  return h;
}
// G1c: each reads the other's write.
History g1c_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {read(kY, 2)}, {write(kX, 1, 11)}), txn(2, {read(kX, 1)}, {write(kY, 2, 22)})};
  return h;
}
// G-single (read skew): T1 reads the old x and T2's new y.
History g_single_history() {
  History h = with_initial_xy();
  h.transactions = {txn(2, {read(kX, 0), read(kY, 0)}, {write(kX, 2, 12), write(kY, 2, 18)}),
                    txn(1, {read(kX, 0), read(kY, 2)}, {})};
  return h;
}
// G2-item (write skew): both read x and y, each writes one.
History g2_item_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {read(kX, 0), read(kY, 0)}, {write(kX, 1, 11)}),
                    txn(2, {read(kX, 0), read(kY, 0)}, {write(kY, 2, 21)})};
  return h;
}
// G2: both find no multiple of 3, each inserts one.
History g2_history() {
  History h = with_initial_xy();
  auto multiple_of_3 = [](const Row& row) { return row.count("value") && row.at("value") % 3 == 0; };
  PredicateRead scan;
  scan.table = "t";
  scan.description = "value % 3 = 0";
  scan.matches = multiple_of_3;
  scan.observed = {{"x", version(kX, 0, 0)}, {"y", version(kY, 0, 0)}, {"z", std::nullopt}, {"w", std::nullopt}};
  Transaction t1 = txn(1, {}, {write(ObjectId{"t", "z"}, 1, 30)});
  t1.predicate_reads.push_back(scan);
  Transaction t2 = txn(2, {}, {write(ObjectId{"t", "w"}, 2, 42)});
  t2.predicate_reads.push_back(scan);
  h.transactions = {t1, t2};
  return h;
}
// A phantom (Adya's H_phantom): T1 queries the rows with value < 100 (x and y, z unborn); T2 inserts
// z = 30, which matches, and updates a total s; T1 reads T2's s. T1 -rw(predicate)-> T2 -wr-> T1:
// the cycle's only anti-dependency is a predicate edge.
History phantom_history() {
  History h = with_initial_xy();
  const ObjectId z{"t", "z"}, sum{"sums", "s"};
  h.initial[sum] = Row{{"value", 30}};
  PredicateRead query;
  query.table = "t";
  query.description = "value < 100";
  query.matches = [](const Row& row) { return row.count("value") && row.at("value") < 100; };
  query.observed = {{"x", version(kX, 0, 0)}, {"y", version(kY, 0, 0)}, {"z", std::nullopt}};
  Transaction t1 = txn(1, {read(sum, 2)}, {});
  t1.predicate_reads.push_back(query);
  Transaction t2 = txn(2, {read(sum, 0)}, {write(z, 2, 30), write(sum, 2, 60)});
  h.transactions = {t2, t1};
  return h;
}
// A lost update: both read x0 and write x. T1 -ww-> T2 -rw-> T1, one item anti-dependency.
History lost_update_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {read(kX, 0)}, {write(kX, 1, 11)}), txn(2, {read(kX, 0)}, {write(kX, 2, 11)})};
  return h;
}
// Two anti-dependencies, one on a predicate and one on an item: T1 finds no multiple of 3 and
// writes x; T2 read x0 and inserts a multiple of 3. T1 -rw(predicate)-> T2 -rw-> T1.
History mixed_skew_history() {
  History h = with_initial_xy();
  PredicateRead scan;
  scan.table = "t";
  scan.description = "value % 3 = 0";
  scan.matches = [](const Row& row) { return row.count("value") && row.at("value") % 3 == 0; };
  scan.observed = {{"x", version(kX, 0, 0)}, {"y", version(kY, 0, 0)}, {"z", std::nullopt}};
  Transaction t1 = txn(1, {}, {write(kX, 1, 11)});
  t1.predicate_reads.push_back(scan);
  Transaction t2 = txn(2, {read(kX, 0)}, {write(ObjectId{"t", "z"}, 2, 30)});
  h.transactions = {t1, t2};
  return h;
}
// Serial: T1 then T2, T2 sees all of T1.
History serial_history() {
  History h = with_initial_xy();
  h.transactions = {txn(1, {read(kX, 0)}, {write(kX, 1, 11)}), txn(2, {read(kX, 1), read(kY, 0)}, {write(kY, 2, 21)})};
  return h;
}

}  // namespace

TEST_CASE("a ww cycle is named G0 with the cycle as evidence (Adya 4.1.1)") {
  auto found = find_anomalies(g0_history());
  const Anomaly* g0 = named(found, "G0");
  REQUIRE(g0);
  CHECK(g0->evidence == "T1 -ww-> T2 -ww-> T1");
  CHECK_FALSE(named(found, "G1c"));
}

TEST_CASE("the G0 history with agreeing version orders has no cycle") {
  History h = g0_history();
  h.version_order[kY] = {version(kY, 0, 0), version(kY, 1), version(kY, 2)};
  CHECK(find_anomalies(h).empty());
}

TEST_CASE("a committed read of an aborted write is G1a (Adya 4.1.2)") {
  auto found = find_anomalies(g1a_history());
  REQUIRE(named(found, "G1a"));
  CHECK(named(found, "G1a")->evidence == "T2 read t/x as written by T1, which aborted");
}

TEST_CASE("a read of a version its writer overwrote is G1b") {
  auto found = find_anomalies(g1b_history());
  REQUIRE(named(found, "G1b"));
  CHECK(names(found) == std::vector<std::string>{"G1b"});
}

TEST_CASE("a cycle of wr edges is G1c") {
  auto found = find_anomalies(g1c_history());
  const Anomaly* g1c = named(found, "G1c");
  REQUIRE(g1c);
  CHECK(g1c->evidence == "T1 -wr-> T2 -wr-> T1");
  CHECK_FALSE(named(found, "G0"));
}

TEST_CASE("read skew is a cycle with exactly one rw edge: G-single") {
  auto found = find_anomalies(g_single_history());
  const Anomaly* single = named(found, "G-single");
  REQUIRE(single);
  CHECK(single->evidence == "T1 -rw-> T2 -wr-> T1");
  CHECK_FALSE(named(found, "G2-item"));
}

TEST_CASE("write skew is a cycle of two item rw edges: G2-item, not G-single") {
  auto found = find_anomalies(g2_item_history());
  const Anomaly* skew = named(found, "G2-item");
  REQUIRE(skew);
  CHECK(skew->evidence == "T1 -rw-> T2 -rw-> T1");
  CHECK_FALSE(named(found, "G-single"));
  CHECK_FALSE(named(found, "G2"));
}

TEST_CASE("phantom write skew through predicate reads is G2, not G2-item") {
  auto found = find_anomalies(g2_history());
  const Anomaly* g2 = named(found, "G2");
  REQUIRE(g2);
  CHECK(g2->evidence == "T1 -rw(predicate)-> T2 -rw(predicate)-> T1");
  CHECK_FALSE(named(found, "G2-item"));
}

TEST_CASE("the predicate read is what makes G2: without it the inserts are independent") {
  History h = g2_history();
  for (Transaction& t : h.transactions) t.predicate_reads.clear();
  CHECK(find_anomalies(h).empty());
}

TEST_CASE("a serial history has no anomaly") {
  CHECK(find_anomalies(serial_history()).empty());
  // T1 -wr-> T2 (T2 read T1's x): the only edge, and it points forward.
  auto edges = build_dsg(serial_history());
  REQUIRE(edges.size() == 1);
  CHECK((edges[0].from == 1 && edges[0].to == 2 && edges[0].kind == EdgeKind::wr));
}

TEST_CASE("going twice around a one-rw cycle is not reported as G2-item") {
  // Lost update: T1 and T2 both read x0 and write x; one rw edge each way plus ww.
  History h = with_initial_xy();
  h.transactions = {txn(1, {read(kX, 0)}, {write(kX, 1, 11)}), txn(2, {read(kX, 0)}, {write(kX, 2, 11)})};
  auto found = find_anomalies(h);
  CHECK(named(found, "G-single"));
  CHECK(named(found, "G-single")->evidence == "T1 -ww-> T2 -rw-> T1");
  CHECK_FALSE(named(found, "G2-item"));
}

TEST_CASE("G-single is also G2-item and G2 when its anti-dependency is on an item (Adya: one or more rw edges)") {
  auto found = find_anomalies(lost_update_history());
  REQUIRE(names(found) == std::vector<std::string>{"G-single"});  // the most specific class only
  CHECK(found[0].classes == std::vector<std::string>{"G-single", "G2-item", "G2"});
  CHECK(found[0].explanation.find("also G2-item and G2") != std::string::npos);
}

TEST_CASE("a cycle whose only anti-dependency is a predicate edge is G-single and G2, not G2-item") {
  auto found = find_anomalies(phantom_history());
  REQUIRE(names(found) == std::vector<std::string>{"G-single"});
  CHECK(found[0].evidence == "T1 -rw(predicate)-> T2 -wr-> T1");
  CHECK(found[0].classes == std::vector<std::string>{"G-single", "G2"});
  CHECK(found[0].explanation.find("not G2-item") != std::string::npos);
}

TEST_CASE("the phantom is allowed at PL-2.99 and reported as G2 at PL-3, as G-single at PL-2+ and PL-SI") {
  History h = phantom_history();
  CHECK(violations(h, AdyaLevel::pl2_99).empty());
  auto at_pl3 = violations(h, AdyaLevel::pl3);
  REQUIRE(proscribed(at_pl3) == std::vector<std::string>{"G2"});
  CHECK(at_pl3[0].anomaly.name == "G-single");
  CHECK(proscribed(violations(h, AdyaLevel::pl2_plus)) == std::vector<std::string>{"G-single"});
  CHECK(proscribed(violations(h, AdyaLevel::pl_si)) == std::vector<std::string>{"G-single"});
  CHECK(violations(h, AdyaLevel::pl2).empty());
  CHECK_FALSE(forbids(AdyaLevel::pl2_99, at_pl3[0].anomaly));
  CHECK(forbids(AdyaLevel::pl3, at_pl3[0].anomaly));
}

TEST_CASE("one item and one predicate anti-dependency make G2-item (one item rw edge is enough), forbidden at PL-2.99") {
  auto found = find_anomalies(mixed_skew_history());
  REQUIRE(names(found) == std::vector<std::string>{"G2-item"});
  CHECK(found[0].classes == std::vector<std::string>{"G2-item", "G2"});
  CHECK(proscribed(violations(mixed_skew_history(), AdyaLevel::pl2_99)) == std::vector<std::string>{"G2-item"});
  CHECK(violations(mixed_skew_history(), AdyaLevel::pl_si).empty());
}

TEST_CASE("PL-1 rejects G0 and lets an aborted read through") {
  CHECK(proscribed(violations(g0_history(), AdyaLevel::pl1)) == std::vector<std::string>{"G0"});
  CHECK(violations(g1a_history(), AdyaLevel::pl1).empty());
}

TEST_CASE("PL-2 rejects G1a, G1b and G1c and lets read skew through") {
  CHECK(proscribed(violations(g1a_history(), AdyaLevel::pl2)) == std::vector<std::string>{"G1a"});
  CHECK(proscribed(violations(g1b_history(), AdyaLevel::pl2)) == std::vector<std::string>{"G1b"});
  CHECK(proscribed(violations(g1c_history(), AdyaLevel::pl2)) == std::vector<std::string>{"G1c"});
  CHECK(proscribed(violations(g0_history(), AdyaLevel::pl2)) == std::vector<std::string>{"G0"});  // once, though G1c includes G0
  CHECK(violations(g_single_history(), AdyaLevel::pl2).empty());
}

TEST_CASE("PL-2+ and PL-SI reject G-single and let write skew through") {
  for (AdyaLevel level : {AdyaLevel::pl2_plus, AdyaLevel::pl_si}) {
    CHECK(proscribed(violations(g_single_history(), level)) == std::vector<std::string>{"G-single"});
    CHECK(proscribed(violations(lost_update_history(), level)) == std::vector<std::string>{"G-single"});
    CHECK(violations(g2_item_history(), level).empty());
    CHECK(violations(g2_history(), level).empty());
  }
}

TEST_CASE("PL-2.99 rejects every cycle with an item anti-dependency, G-single included, and lets phantoms through") {
  CHECK(proscribed(violations(g2_item_history(), AdyaLevel::pl2_99)) == std::vector<std::string>{"G2-item"});
  auto lost = violations(lost_update_history(), AdyaLevel::pl2_99);
  REQUIRE(proscribed(lost) == std::vector<std::string>{"G2-item"});
  CHECK(lost[0].anomaly.name == "G-single");
  CHECK(violations(g2_history(), AdyaLevel::pl2_99).empty());
}

TEST_CASE("PL-SI and PL-2.99 are incomparable: each lets through a history the other rejects") {
  CHECK(violations(g2_item_history(), AdyaLevel::pl_si).empty());
  CHECK_FALSE(violations(g2_item_history(), AdyaLevel::pl2_99).empty());
  CHECK(violations(phantom_history(), AdyaLevel::pl2_99).empty());
  CHECK_FALSE(violations(phantom_history(), AdyaLevel::pl_si).empty());
}

TEST_CASE("PL-3 rejects every anti-dependency cycle as G2 and accepts a serial history") {
  CHECK(proscribed(violations(g2_history(), AdyaLevel::pl3)) == std::vector<std::string>{"G2"});
  CHECK(proscribed(violations(g2_item_history(), AdyaLevel::pl3)) == std::vector<std::string>{"G2"});
  CHECK(proscribed(violations(lost_update_history(), AdyaLevel::pl3)) == std::vector<std::string>{"G2"});
  CHECK(violations(serial_history(), AdyaLevel::pl3).empty());
}
