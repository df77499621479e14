// Builds the DSG (ww, wr, rw edges, predicate reads included) and names its cycles.
//
// Sections: version bookkeeping; edges; G1a/G1b; cycle search in the product graph; levels.
#include "sim/check/dsg/anomalies.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

#include <boost/graph/directed_graph.hpp>
#include <boost/graph/tiernan_all_cycles.hpp>

namespace dsim::dsg {

std::string describe(const ObjectId& object) { return object.table + "/" + object.key; }

const char* edge_kind_name(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::ww: return "ww";
    case EdgeKind::wr: return "wr";
    case EdgeKind::rw_item: return "rw";
    case EdgeKind::rw_predicate: return "rw(predicate)";
  }
  return "?";
}

namespace {

// ---- version bookkeeping ----

struct Index {
  std::map<TxnId, const Transaction*> by_id;
  std::map<VersionId, std::optional<Row>> rows;               // every version's contents
  std::map<std::pair<TxnId, ObjectId>, VersionId> final_write; // each transaction's last write of an object
  std::map<ObjectId, std::vector<VersionId>> order;            // version order, completed
  std::map<std::string, std::set<std::string>> keys_by_table;
};

Index build_index(const History& history) {
  Index index;
  for (const auto& [object, row] : history.initial) {
    index.rows[VersionId{object, kInitialTxn, 0}] = row;
    index.keys_by_table[object.table].insert(object.key);
  }
  for (const Transaction& txn : history.transactions) {
    index.by_id[txn.id] = &txn;
    for (const Write& write : txn.writes) {
      index.rows[write.version] = write.row;
      index.final_write[{txn.id, write.version.object}] = write.version;
      index.keys_by_table[write.version.object.table].insert(write.version.object.key);
    }
  }
  index.order = history.version_order;
  std::set<ObjectId> objects;
  for (const auto& [object, row] : history.initial) objects.insert(object);
  for (const auto& [txn_object, version] : index.final_write) objects.insert(txn_object.second);
  for (const ObjectId& object : objects) {
    if (index.order.count(object)) continue;
    auto& order = index.order[object];
    if (history.initial.count(object)) order.push_back(VersionId{object, kInitialTxn, 0});
    for (const Transaction& txn : history.transactions) {
      if (txn.outcome != Outcome::committed) continue;
      auto found = index.final_write.find({txn.id, object});
      if (found != index.final_write.end()) order.push_back(found->second);
    }
  }
  return index;
}

std::string label_of(const Index& index, TxnId txn) {
  if (txn == kInitialTxn) return "T0";
  auto found = index.by_id.find(txn);
  if (found != index.by_id.end() && !found->second->label.empty()) return found->second->label;
  return "T" + std::to_string(txn);
}

bool committed(const Index& index, TxnId txn) {
  if (txn == kInitialTxn) return true;
  auto found = index.by_id.find(txn);
  return found != index.by_id.end() && found->second->outcome == Outcome::committed;
}

bool aborted(const Index& index, TxnId txn) {
  auto found = index.by_id.find(txn);
  return found != index.by_id.end() && found->second->outcome == Outcome::aborted;
}

// Position of `version` in its object's order; -1 for unborn; nullopt if not in the order
// (an intermediate or aborted version).
std::optional<long> position(const Index& index, const ObjectId& object, const std::optional<VersionId>& version) {
  if (!version) return -1;
  auto found = index.order.find(object);
  if (found == index.order.end()) return std::nullopt;
  auto it = std::find(found->second.begin(), found->second.end(), *version);
  if (it == found->second.end()) return std::nullopt;
  return static_cast<long>(it - found->second.begin());
}

// ---- edges ----

struct EdgeSet {
  std::map<std::tuple<TxnId, TxnId, EdgeKind>, std::string> edges;
  void add(TxnId from, TxnId to, EdgeKind kind, std::string object) {
    if (from == to || from == kInitialTxn || to == kInitialTxn) return;
    edges.emplace(std::make_tuple(from, to, kind), std::move(object));
  }
};

void add_item_read_edges(const Index& index, const Transaction& reader, const ObjectId& object,
                         const std::optional<VersionId>& version, EdgeSet& out) {
  if (version && committed(index, version->writer)) out.add(version->writer, reader.id, EdgeKind::wr, describe(object));
  auto at = position(index, object, version);
  if (!at) return;
  const auto& order = index.order.at(object);
  std::size_t next = static_cast<std::size_t>(*at + 1);
  if (next < order.size()) out.add(reader.id, order[next].writer, EdgeKind::rw_item, describe(object));
}

bool version_matches(const Index& index, const PredicateRead& read, const std::optional<VersionId>& version) {
  if (!version) return false;
  auto found = index.rows.find(*version);
  if (found == index.rows.end() || !found->second) return false;
  return read.matches(*found->second);
}

void add_predicate_read_edges(const Index& index, const Transaction& reader, const PredicateRead& read, EdgeSet& out) {
  std::string what = read.description + " on " + read.table;
  auto keys = index.keys_by_table.count(read.table) ? index.keys_by_table.at(read.table) : std::set<std::string>{};
  for (const auto& [key, version] : read.observed) keys.insert(key);
  for (const std::string& key : keys) {
    ObjectId object{read.table, key};
    auto observed_it = read.observed.find(key);
    std::optional<VersionId> observed = observed_it == read.observed.end() ? std::nullopt : observed_it->second;
    if (observed && committed(index, observed->writer)) out.add(observed->writer, reader.id, EdgeKind::wr, what);
    auto at = position(index, object, observed);
    if (!at || !index.order.count(object)) continue;
    bool matched = version_matches(index, read, observed);
    const auto& order = index.order.at(object);
    // Adya: Tj overwrites the predicate read if it installs a later version that changes the matches.
    for (std::size_t i = static_cast<std::size_t>(*at + 1); i < order.size(); ++i) {
      if (version_matches(index, read, order[i]) != matched) {
        out.add(reader.id, order[i].writer, EdgeKind::rw_predicate, what);
        break;
      }
    }
  }
}

// ---- cycle search ----
//
// A state walked along a cycle remembers how many rw edges it used (0, 1, 2 or more), whether it
// used a wr edge and whether it used a predicate rw edge. A class of cycle is a set of allowed edge
// kinds plus a test on the final state.

struct PathState {
  int rw = 0;          // 0, 1, 2 = two or more
  bool wr = false;
  bool predicate = false;
  int code() const { return rw * 4 + (wr ? 2 : 0) + (predicate ? 1 : 0); }
};
constexpr int kStates = 12;

PathState step(PathState state, EdgeKind kind) {
  if (kind == EdgeKind::wr) state.wr = true;
  if (kind == EdgeKind::rw_item || kind == EdgeKind::rw_predicate) state.rw = std::min(state.rw + 1, 2);
  if (kind == EdgeKind::rw_predicate) state.predicate = true;
  return state;
}

struct CycleClass {
  const char* name;
  std::set<EdgeKind> allowed;
  bool (*accept)(PathState);
  const char* explanation;
};

const std::vector<CycleClass>& cycle_classes() {
  static const std::vector<CycleClass> classes = {
      {"G0", {EdgeKind::ww}, [](PathState) { return true; },
       "a cycle of write-write dependencies: each transaction overwrote a version another had not yet committed "
       "(dirty writes), so no serial order explains the final versions"},
      {"G1c", {EdgeKind::ww, EdgeKind::wr}, [](PathState s) { return s.wr; },
       "a cycle of write and read dependencies: each transaction saw (or overwrote) the other's effects, so each "
       "must come before the other"},
      {"G-single", {EdgeKind::ww, EdgeKind::wr, EdgeKind::rw_item, EdgeKind::rw_predicate},
       [](PathState s) { return s.rw == 1; },
       "a cycle with exactly one anti-dependency: a transaction read a version that another then replaced, yet also "
       "depends on that other transaction (read skew, or a lost update)"},
      {"G2-item", {EdgeKind::ww, EdgeKind::wr, EdgeKind::rw_item}, [](PathState s) { return s.rw == 2; },
       "a cycle with two or more item anti-dependencies: each transaction read what the other then changed, and both "
       "committed (write skew)"},
      {"G2", {EdgeKind::ww, EdgeKind::wr, EdgeKind::rw_item, EdgeKind::rw_predicate},
       [](PathState s) { return s.rw == 2 && s.predicate; },
       "a cycle with two or more anti-dependencies, one of them on a predicate read: each transaction's query would "
       "have returned different rows had it run after the other (phantom write skew)"},
  };
  return classes;
}

using DsgGraph = boost::directed_graph<>;

// Keeps the shortest simple cycle whose edges can be chosen so that the class accepts it.
// Walking each simple cycle (Tiernan's enumeration) rather than searching paths guarantees that a
// cycle never passes a transaction twice: going twice around a one-rw cycle is not a G2-item.
struct CycleCollector {
  const std::vector<TxnId>* txns;
  const std::map<std::pair<TxnId, TxnId>, std::vector<const Edge*>>* by_pair;
  const CycleClass* kind;
  std::vector<const Edge*>* best;
  std::size_t* examined;

  template <typename Path, typename Graph>
  void cycle(const Path& vertices, const Graph& graph) {
    if (++*examined > kMaxCycles) return;
    std::vector<std::size_t> path;
    for (const auto& vertex : vertices) path.push_back(static_cast<std::size_t>(boost::get(boost::vertex_index, graph, vertex)));
    std::size_t k = path.size();
    if (!best->empty() && best->size() <= k) return;
    // Reachable states after each edge, with the edge and previous state that reached them.
    std::vector<std::map<int, std::pair<const Edge*, int>>> layers(k + 1);
    layers[0][PathState{}.code()] = {nullptr, -1};
    for (std::size_t i = 0; i < k; ++i) {
      TxnId from = (*txns)[path[i]], to = (*txns)[path[(i + 1) % k]];
      auto found = by_pair->find({from, to});
      if (found == by_pair->end()) return;
      for (const auto& [code, back] : layers[i]) {
        PathState s{code / 4, (code & 2) != 0, (code & 1) != 0};
        for (const Edge* edge : found->second) {
          if (!kind->allowed.count(edge->kind)) continue;
          layers[i + 1].emplace(step(s, edge->kind).code(), std::make_pair(edge, code));
        }
      }
    }
    for (const auto& [code, back] : layers[k]) {
      PathState s{code / 4, (code & 2) != 0, (code & 1) != 0};
      if (!kind->accept(s)) continue;
      std::vector<const Edge*> chosen(k);
      int at = code;
      for (std::size_t i = k; i > 0; --i) {
        const auto& [edge, previous] = layers[i].at(at);
        chosen[i - 1] = edge;
        at = previous;
      }
      *best = chosen;
      return;
    }
  }
  static constexpr std::size_t kMaxCycles = 100000;
};

std::optional<Anomaly> find_cycle(const Index& index, const std::vector<TxnId>& txns, const std::vector<Edge>& edges,
                                  const CycleClass& kind) {
  auto vertex_index = [&](TxnId txn) {
    return static_cast<std::size_t>(std::lower_bound(txns.begin(), txns.end(), txn) - txns.begin());
  };
  std::map<std::pair<TxnId, TxnId>, std::vector<const Edge*>> by_pair;
  for (const Edge& edge : edges)
    if (kind.allowed.count(edge.kind)) by_pair[{edge.from, edge.to}].push_back(&edge);
  DsgGraph graph;
  std::vector<DsgGraph::vertex_descriptor> vertices;
  for (std::size_t i = 0; i < txns.size(); ++i) vertices.push_back(graph.add_vertex());
  for (const auto& [pair, list] : by_pair) graph.add_edge(vertices[vertex_index(pair.first)], vertices[vertex_index(pair.second)]);

  std::vector<const Edge*> best;
  std::size_t examined = 0;
  boost::tiernan_all_cycles(graph, CycleCollector{&txns, &by_pair, &kind, &best, &examined});
  if (best.empty()) return std::nullopt;

  Anomaly anomaly;
  anomaly.name = kind.name;
  anomaly.explanation = kind.explanation;
  anomaly.evidence = label_of(index, best.front()->from);
  std::string detail;
  for (const Edge* edge : best) {
    anomaly.cycle.push_back(*edge);
    anomaly.transactions.push_back(edge->from);
    anomaly.evidence += std::string(" -") + edge_kind_name(edge->kind) + "-> " + label_of(index, edge->to);
    detail += detail.empty() ? " (" : "; ";
    detail += label_of(index, edge->from) + " -" + edge_kind_name(edge->kind) + "-> " + label_of(index, edge->to) +
              " on " + edge->object;
  }
  anomaly.explanation += detail + ")";
  return anomaly;
}

}  // namespace

std::vector<Edge> build_dsg(const History& history) {
  Index index = build_index(history);
  EdgeSet edges;
  for (const auto& [object, order] : index.order)
    for (std::size_t i = 1; i < order.size(); ++i)
      edges.add(order[i - 1].writer, order[i].writer, EdgeKind::ww, describe(object));
  for (const Transaction& txn : history.transactions) {
    if (txn.outcome != Outcome::committed) continue;
    for (const ItemRead& read : txn.reads) add_item_read_edges(index, txn, read.object, read.version, edges);
    for (const PredicateRead& read : txn.predicate_reads) add_predicate_read_edges(index, txn, read, edges);
  }
  std::vector<Edge> out;
  for (const auto& [key, object] : edges.edges) {
    const auto& [from, to, kind] = key;
    if (!committed(index, from) || !committed(index, to)) continue;
    out.push_back(Edge{from, to, kind, object});
  }
  return out;
}

std::vector<Anomaly> find_anomalies(const History& history) {
  Index index = build_index(history);
  std::vector<Anomaly> found;

  // G1a and G1b: what committed transactions read.
  for (const Transaction& txn : history.transactions) {
    if (txn.outcome != Outcome::committed) continue;
    std::vector<std::pair<ObjectId, VersionId>> seen;
    for (const ItemRead& read : txn.reads)
      if (read.version) seen.emplace_back(read.object, *read.version);
    for (const PredicateRead& read : txn.predicate_reads)
      for (const auto& [key, version] : read.observed)
        if (version) seen.emplace_back(ObjectId{read.table, key}, *version);
    // A scan reads its rows both as a predicate read and as item reads: one witness per version.
    std::sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    seen.erase(std::unique(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second == b.second; }), seen.end());
    for (const auto& [object, version] : seen) {
      if (version.writer == txn.id || version.writer == kInitialTxn) continue;
      std::string reader = label_of(index, txn.id), writer = label_of(index, version.writer);
      if (aborted(index, version.writer)) {
        found.push_back(Anomaly{"G1a", {txn.id, version.writer}, {}, reader + " read " + describe(object) + " as written by " + writer + ", which aborted",
                                "an aborted read: " + reader + " committed having seen a value that never existed, because " + writer + " rolled it back"});
      } else if (committed(index, version.writer)) {
        auto last = index.final_write.find({version.writer, object});
        if (last != index.final_write.end() && !(last->second == version)) {
          found.push_back(Anomaly{"G1b", {txn.id, version.writer}, {},
                                  reader + " read " + describe(object) + " as " + writer + "'s write #" + std::to_string(version.sequence) +
                                      ", which " + writer + " overwrote before committing",
                                  "an intermediate read: " + reader + " saw a value " + writer + " never meant to commit"});
        }
      }
    }
  }

  std::vector<Edge> edges = build_dsg(history);
  std::vector<TxnId> txns;
  for (const Transaction& txn : history.transactions)
    if (txn.outcome == Outcome::committed) txns.push_back(txn.id);
  std::sort(txns.begin(), txns.end());
  for (const CycleClass& kind : cycle_classes()) {
    if (auto anomaly = find_cycle(index, txns, edges, kind)) found.push_back(*anomaly);
  }
  // G1c and G0 share their cycle when every edge is ww: report the cycle once, as G0.
  bool has_g0 = std::any_of(found.begin(), found.end(), [](const Anomaly& a) { return a.name == "G0"; });
  if (has_g0) {
    found.erase(std::remove_if(found.begin(), found.end(),
                               [](const Anomaly& a) {
                                 return a.name == "G1c" && std::none_of(a.cycle.begin(), a.cycle.end(), [](const Edge& e) {
                                          return e.kind == EdgeKind::wr;
                                        });
                               }),
                found.end());
  }
  return found;
}

const char* adya_level_name(AdyaLevel level) {
  switch (level) {
    case AdyaLevel::pl1: return "PL-1 (read uncommitted)";
    case AdyaLevel::pl2: return "PL-2 (read committed)";
    case AdyaLevel::pl2_99: return "PL-2.99 (repeatable read)";
    case AdyaLevel::pl_si: return "PL-SI (snapshot isolation)";
    case AdyaLevel::pl3: return "PL-3 (serializable)";
  }
  return "?";
}

bool forbids(AdyaLevel level, const std::string& name) {
  static const std::map<std::string, int> strength = {{"G0", 0},       {"G1a", 1},     {"G1b", 1}, {"G1c", 1},
                                                      {"G-single", 2}, {"G2-item", 3}, {"G2", 4}};
  auto found = strength.find(name);
  if (found == strength.end()) return false;
  switch (level) {
    case AdyaLevel::pl1: return found->second <= 0;
    case AdyaLevel::pl2: return found->second <= 1;
    case AdyaLevel::pl_si: return found->second <= 2;
    case AdyaLevel::pl2_99: return found->second <= 3;
    case AdyaLevel::pl3: return true;
  }
  return true;
}

std::vector<Anomaly> violations(const History& history, AdyaLevel level) {
  std::vector<Anomaly> out;
  for (Anomaly& anomaly : find_anomalies(history))
    if (forbids(level, anomaly.name)) out.push_back(std::move(anomaly));
  return out;
}

}  // namespace dsim::dsg
