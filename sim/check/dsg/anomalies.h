// The direct serialization graph (DSG) of a history and the phenomena Adya defines on it (Adya,
// "Weak Consistency", MIT PhD thesis 1999, ch. 3-4; Adya, Liskov and O'Neil, ICDE 2000):
//   G0        a cycle of write-dependency (ww) edges only: dirty writes;
//   G1a       a committed transaction read a version written by an aborted one;
//   G1b       a committed transaction read a version its writer later overwrote (intermediate);
//   G1c       a cycle of ww and read-dependency (wr) edges only: circular information flow
//             (G1c includes G0);
//   G-single  a cycle with exactly one anti-dependency (rw) edge, item or predicate: read skew,
//             lost update (the thesis's PL-2+ proscribes it);
//   G2-item   a cycle with one or more item anti-dependency edges: write skew, and every G-single
//             whose rw edge is on an item;
//   G2        a cycle with one or more anti-dependency edges of any kind, predicate ones included.
// So G-single is a special case of G2, and of G2-item when its one rw edge is an item edge; a
// cycle whose only anti-dependencies are predicate edges (a phantom) is G2 but not G2-item.
//
// find_anomalies() names each cycle by its MOST SPECIFIC class (G0, G1c, G-single, G2-item, G2, in
// that order: a cycle that can be read with exactly one rw edge is G-single, not G2-item) and lists
// the broader classes it also belongs to. violations() judges a level by the classes Adya's
// definition of that level proscribes, so a phantom is allowed at PL-2.99 and reported as G2 at
// PL-3. Cycles are found with Boost.Graph (Tiernan's enumeration of simple cycles, each walked
// with a small state that counts rw edges), and each anomaly carries its cycle as evidence:
// "T1 -rw-> T2 -ww-> T1".
#pragma once

#include <string>
#include <vector>

#include "sim/check/dsg/history.h"

namespace dsim::dsg {

enum class EdgeKind : std::uint8_t { ww, wr, rw_item, rw_predicate };
const char* edge_kind_name(EdgeKind kind);  // "ww", "wr", "rw", "rw(predicate)"

struct Edge {
  TxnId from = 0;
  TxnId to = 0;
  EdgeKind kind = EdgeKind::ww;
  std::string object;  // what made the edge: "test/1", or "value % 3 = 0 on test"
};

struct Anomaly {
  std::string name;                  // the most specific class: "G0", "G1a", "G1b", "G1c", "G-single", "G2-item", "G2"
  std::vector<std::string> classes;  // every class of Adya's it belongs to, `name` first: {"G-single", "G2-item", "G2"}
  std::vector<TxnId> transactions;   // the cycle (first not repeated), or the reader and writer
  std::vector<Edge> cycle;           // empty for G1a and G1b
  std::string evidence;              // "T1 -rw-> T2 -ww-> T1"
  std::string explanation;           // plain words
};

// The DSG over committed transactions (the initial state excluded), one edge per (from, to, kind).
std::vector<Edge> build_dsg(const History& history);
// Every anomaly class present: G1a/G1b reads (one per version read), and for each cycle class the
// shortest cycle whose most specific class it is.
std::vector<Anomaly> find_anomalies(const History& history);

// Adya's portable levels, as his thesis defines them by what they proscribe:
//   PL-1     G0                                  (read uncommitted)
//   PL-2     G1: G1a, G1b, G1c                   (read committed)
//   PL-2+    G1 and G-single                     (consistent view)
//   PL-2.99  G1 and G2-item                      (repeatable read: predicate cycles, phantoms, allowed)
//   PL-SI    G1, G-SIa and G-SIb                 (snapshot isolation)
//   PL-3     G1 and G2                           (serializable)
// PL-SI is stronger than PL-2+ and incomparable with PL-2.99 (it allows write skew, G2-item, and
// forbids phantoms that are G-single). G-SIa and G-SIb are defined on the start-ordered graph,
// which needs each transaction's start point; a history here has none, so PL-SI is judged by what
// the DSG shows of them: every G-single of the DSG is a G-SIb (a DSG cycle is a cycle of the
// start-ordered graph too), and G-SIa is not checked.
enum class AdyaLevel : std::uint8_t { pl1, pl2, pl2_plus, pl2_99, pl_si, pl3 };
const char* adya_level_name(AdyaLevel level);
// The classes `level` proscribes, in the order violations() tries them.
const std::vector<std::string>& proscribed_classes(AdyaLevel level);
// Whether `level` forbids `anomaly`: it proscribes one of the classes the anomaly belongs to.
bool forbids(AdyaLevel level, const Anomaly& anomaly);

// An anomaly a level forbids, and the proscribed class it falls under ("G2" for a phantom at PL-3,
// while the anomaly itself is named by its most specific class, "G-single").
struct Violation {
  std::string proscribed;
  Anomaly anomaly;
};
// For each class `level` proscribes, the shortest cycle (or G1 read) in it; a cycle found under
// two classes is reported once, under the first.
std::vector<Violation> violations(const History& history, AdyaLevel level);

}  // namespace dsim::dsg
