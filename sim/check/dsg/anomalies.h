// The direct serialization graph (DSG) of a history and the anomalies Adya names on it:
//   G0        a cycle of write-write (ww) edges only: dirty writes;
//   G1a       a committed transaction read a version written by an aborted one;
//   G1b       a committed transaction read a version its writer later overwrote (intermediate);
//   G1c       a cycle of ww and write-read (wr) edges, with at least one wr: circular information flow;
//   G-single  a cycle with exactly one read-write anti-dependency (rw) edge: read skew, lost update;
//   G2-item   a cycle with two or more rw edges, all on items: write skew;
//   G2        a cycle with two or more rw edges, one of them from a predicate read.
// Cycles are found with Boost.Graph (Tiernan's enumeration of simple cycles, each walked with a small
// state that counts rw edges), and each anomaly carries its cycle as evidence: "T1 -rw-> T2 -ww-> T1".
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
  std::string name;                  // "G0", "G1a", "G1b", "G1c", "G-single", "G2-item", "G2"
  std::vector<TxnId> transactions;   // the cycle (first not repeated), or the reader and writer
  std::vector<Edge> cycle;           // empty for G1a and G1b
  std::string evidence;              // "T1 -rw-> T2 -ww-> T1"
  std::string explanation;           // plain words
};

// The DSG over committed transactions (the initial state excluded), one edge per (from, to, kind).
std::vector<Edge> build_dsg(const History& history);
// Every anomaly class present, at most one witness per cycle class and one per G1a/G1b read.
std::vector<Anomaly> find_anomalies(const History& history);

// Adya's portable levels: PL-1 (read uncommitted), PL-2 (read committed), PL-2.99 (repeatable
// read), PL-SI (snapshot isolation), PL-3 (serializable).
enum class AdyaLevel : std::uint8_t { pl1, pl2, pl2_99, pl_si, pl3 };
const char* adya_level_name(AdyaLevel level);
// Whether the anomaly named `name` is forbidden at `level`.
bool forbids(AdyaLevel level, const std::string& name);
// The anomalies of `history` that `level` forbids.
std::vector<Anomaly> violations(const History& history, AdyaLevel level);

}  // namespace dsim::dsg
