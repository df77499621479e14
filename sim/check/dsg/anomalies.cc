// Builds the DSG (ww, wr, rw edges, predicate reads included) and names its cycles (see anomalies.h).
//
// Sections: version bookkeeping; edges; cycle search (each simple cycle walked with a small state);
// G1a/G1b reads; the levels.
#include "sim/check/dsg/anomalies.h"

#include <algorithm>
#include <map>
#include <optional>
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
// A state walked along a cycle remembers how many rw edges it used (0, 1, 2 or more), whether one
// of them was an item edge, whether it used a wr edge and whether it used a predicate rw edge.
// Adya's classes are tests on the final state; the same simple cycle can often be read with
// different edges between the same transactions (a ww and an rw edge, say), so each cycle keeps
// every reachable final state and the edges that reach it.

struct PathState {
  int rw = 0;          // 0, 1, 2 = two or more
  bool item = false;   // an item rw edge was used
  bool wr = false;
  bool predicate = false;
  int code() const { return rw * 8 + (item ? 4 : 0) + (wr ? 2 : 0) + (predicate ? 1 : 0); }
  static PathState from(int code) { return PathState{code / 8, (code & 4) != 0, (code & 2) != 0, (code & 1) != 0}; }
};

PathState step(PathState state, EdgeKind kind) {
  if (kind == EdgeKind::wr) state.wr = true;
  if (kind == EdgeKind::rw_item || kind == EdgeKind::rw_predicate) state.rw = std::min(state.rw + 1, 2);
  if (kind == EdgeKind::rw_item) state.item = true;
  if (kind == EdgeKind::rw_predicate) state.predicate = true;
  return state;
}

// The cycle classes, most specific first: a cycle is named by the first one it belongs to.
struct CycleClass {
  const char* name;
  bool (*member)(PathState);
  const char* explanation;
};

const std::vector<CycleClass>& cycle_classes() {
  static const std::vector<CycleClass> classes = {
      {"G0", [](PathState s) { return s.rw == 0 && !s.wr; },
       "a cycle of write dependencies only: each transaction overwrote a version another had written, in an order "
       "no serial execution produces (dirty writes)"},
      {"G1c", [](PathState s) { return s.rw == 0; },
       "a cycle of write and read dependencies with no anti-dependency: each transaction saw (or overwrote) the "
       "other's effects, so each must come before the other (circular information flow)"},
      {"G-single", [](PathState s) { return s.rw == 1; },
       "a cycle with exactly one anti-dependency: a transaction missed a version that another installed, yet "
       "depends on that other transaction (read skew, or a lost update)"},
      {"G2-item", [](PathState s) { return s.item; },
       "a cycle with one or more item anti-dependencies, here more than one anti-dependency in all (so not "
       "G-single): each transaction read what another then changed, and all committed (write skew)"},
      {"G2", [](PathState s) { return s.rw >= 1; },
       "a cycle with one or more anti-dependencies, here more than one and all on predicate reads (so neither "
       "G-single nor G2-item): each transaction's query would have returned different rows had it run after the "
       "other (phantom write skew)"},
  };
  return classes;
}

std::size_t class_index(const std::string& name) {
  const auto& classes = cycle_classes();
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (name == classes[i].name) return i;
  return classes.size();
}

// The index of the most specific class a final state belongs to (every cycle belongs to one).
std::size_t most_specific(PathState state) {
  const auto& classes = cycle_classes();
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].member(state)) return i;
  return classes.size();
}

struct Witness {
  std::vector<const Edge*> edges;
  PathState state;
};

// What one pass over the simple cycles keeps: per class, the shortest cycle whose most specific
// class it is, and the shortest cycle that belongs to it at all (read with its most specific edges).
struct CycleSearch {
  std::vector<std::optional<Witness>> named_as;   // by class index
  std::vector<std::optional<Witness>> member_of;  // by class index
};

using DsgGraph = boost::directed_graph<>;

// Walking each simple cycle (Tiernan's enumeration) rather than searching paths guarantees that a
// cycle never passes a transaction twice: going twice around a one-rw cycle is not a G2-item.
struct CycleCollector {
  const std::vector<TxnId>* txns;
  const std::map<std::pair<TxnId, TxnId>, std::vector<const Edge*>>* by_pair;
  CycleSearch* search;
  std::size_t* examined;

  static bool shorter(const std::optional<Witness>& best, std::size_t length) { return !best || length < best->edges.size(); }

  template <typename Path, typename Graph>
  void cycle(const Path& vertices, const Graph& graph) {
    if (++*examined > kMaxCycles) return;
    std::vector<std::size_t> path;
    for (const auto& vertex : vertices) path.push_back(static_cast<std::size_t>(boost::get(boost::vertex_index, graph, vertex)));
    std::size_t k = path.size();
    bool useful = false;
    for (std::size_t c = 0; c < cycle_classes().size(); ++c)
      useful = useful || shorter(search->named_as[c], k) || shorter(search->member_of[c], k);
    if (!useful) return;
    // Reachable states after each edge, with the edge and previous state that reached them.
    std::vector<std::map<int, std::pair<const Edge*, int>>> layers(k + 1);
    layers[0][PathState{}.code()] = {nullptr, -1};
    for (std::size_t i = 0; i < k; ++i) {
      TxnId from = (*txns)[path[i]], to = (*txns)[path[(i + 1) % k]];
      auto found = by_pair->find({from, to});
      if (found == by_pair->end()) return;
      for (const auto& [code, back] : layers[i])
        for (const Edge* edge : found->second) layers[i + 1].emplace(step(PathState::from(code), edge->kind).code(), std::make_pair(edge, code));
    }
    auto witness = [&](int code) {
      Witness out{std::vector<const Edge*>(k), PathState::from(code)};
      int at = code;
      for (std::size_t i = k; i > 0; --i) {
        const auto& [edge, previous] = layers[i].at(at);
        out.edges[i - 1] = edge;
        at = previous;
      }
      return out;
    };
    // The final states in order of preference: most specific class first, then by code.
    std::vector<int> codes;
    for (const auto& [code, back] : layers[k]) codes.push_back(code);
    std::stable_sort(codes.begin(), codes.end(), [](int a, int b) {
      return most_specific(PathState::from(a)) < most_specific(PathState::from(b));
    });
    if (codes.empty()) return;
    std::size_t named = most_specific(PathState::from(codes.front()));
    if (shorter(search->named_as[named], k)) search->named_as[named] = witness(codes.front());
    for (std::size_t c = 0; c < cycle_classes().size(); ++c) {
      if (!shorter(search->member_of[c], k)) continue;
      for (int code : codes) {
        if (!cycle_classes()[c].member(PathState::from(code))) continue;
        search->member_of[c] = witness(code);
        break;
      }
    }
  }
  static constexpr std::size_t kMaxCycles = 100000;
};

CycleSearch search_cycles(const std::vector<TxnId>& txns, const std::vector<Edge>& edges) {
  CycleSearch search;
  search.named_as.resize(cycle_classes().size());
  search.member_of.resize(cycle_classes().size());
  auto vertex_index = [&](TxnId txn) {
    return static_cast<std::size_t>(std::lower_bound(txns.begin(), txns.end(), txn) - txns.begin());
  };
  std::map<std::pair<TxnId, TxnId>, std::vector<const Edge*>> by_pair;
  for (const Edge& edge : edges) by_pair[{edge.from, edge.to}].push_back(&edge);
  DsgGraph graph;
  std::vector<DsgGraph::vertex_descriptor> vertices;
  for (std::size_t i = 0; i < txns.size(); ++i) vertices.push_back(graph.add_vertex());
  for (const auto& [pair, list] : by_pair) graph.add_edge(vertices[vertex_index(pair.first)], vertices[vertex_index(pair.second)]);
  std::size_t examined = 0;
  boost::tiernan_all_cycles(graph, CycleCollector{&txns, &by_pair, &search, &examined});
  return search;
}

// "G2-item and G2" for a lost update; what a predicate-only G-single is not, for a phantom.
std::string also_belongs(const std::vector<std::string>& classes, PathState state) {
  std::string out;
  for (std::size_t i = 1; i < classes.size(); ++i) out += (i == 1 ? "" : i + 1 == classes.size() ? " and " : ", ") + classes[i];
  if (out.empty()) return "";
  std::string text = "; in Adya's terms it is also " + out;
  if (state.rw == 1 && !state.item)
    text += ", but not G2-item: its one anti-dependency is on a predicate read (a phantom), which PL-2.99 allows";
  return text;
}

Anomaly cycle_anomaly(const Index& index, const Witness& witness) {
  const CycleClass& kind = cycle_classes()[most_specific(witness.state)];
  Anomaly anomaly;
  anomaly.name = kind.name;
  for (const CycleClass& other : cycle_classes())
    if (other.member(witness.state)) anomaly.classes.push_back(other.name);
  anomaly.explanation = kind.explanation;
  anomaly.evidence = label_of(index, witness.edges.front()->from);
  std::string detail;
  for (const Edge* edge : witness.edges) {
    anomaly.cycle.push_back(*edge);
    anomaly.transactions.push_back(edge->from);
    anomaly.evidence += std::string(" -") + edge_kind_name(edge->kind) + "-> " + label_of(index, edge->to);
    detail += detail.empty() ? " (" : "; ";
    detail += label_of(index, edge->from) + " -" + edge_kind_name(edge->kind) + "-> " + label_of(index, edge->to) +
              " on " + edge->object;
  }
  anomaly.explanation += detail + ")" + also_belongs(anomaly.classes, witness.state);
  return anomaly;
}

// G1a and G1b: what committed transactions read.
std::vector<Anomaly> read_anomalies(const Index& index, const History& history) {
  std::vector<Anomaly> found;
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
        found.push_back(Anomaly{"G1a", {"G1a"}, {txn.id, version.writer}, {},
                                reader + " read " + describe(object) + " as written by " + writer + ", which aborted",
                                "an aborted read: " + reader + " committed having seen a value that never existed, because " + writer + " rolled it back"});
      } else if (committed(index, version.writer)) {
        auto last = index.final_write.find({version.writer, object});
        if (last != index.final_write.end() && !(last->second == version)) {
          found.push_back(Anomaly{"G1b", {"G1b"}, {txn.id, version.writer}, {},
                                  reader + " read " + describe(object) + " as " + writer + "'s write #" + std::to_string(version.sequence) +
                                      ", which " + writer + " overwrote before committing",
                                  "an intermediate read: " + reader + " saw a value " + writer + " never meant to commit"});
        }
      }
    }
  }
  return found;
}

std::vector<TxnId> committed_ids(const History& history) {
  std::vector<TxnId> txns;
  for (const Transaction& txn : history.transactions)
    if (txn.outcome == Outcome::committed) txns.push_back(txn.id);
  std::sort(txns.begin(), txns.end());
  return txns;
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
  std::vector<Anomaly> found = read_anomalies(index, history);
  std::vector<Edge> edges = build_dsg(history);
  CycleSearch search = search_cycles(committed_ids(history), edges);
  for (const std::optional<Witness>& witness : search.named_as)
    if (witness) found.push_back(cycle_anomaly(index, *witness));
  return found;
}

const char* adya_level_name(AdyaLevel level) {
  switch (level) {
    case AdyaLevel::pl1: return "PL-1 (read uncommitted)";
    case AdyaLevel::pl2: return "PL-2 (read committed)";
    case AdyaLevel::pl2_plus: return "PL-2+ (consistent view)";
    case AdyaLevel::pl2_99: return "PL-2.99 (repeatable read)";
    case AdyaLevel::pl_si: return "PL-SI (snapshot isolation)";
    case AdyaLevel::pl3: return "PL-3 (serializable)";
  }
  return "?";
}

const std::vector<std::string>& proscribed_classes(AdyaLevel level) {
  // G0 is listed on its own although G1c includes it, so that a dirty write is named as such.
  static const std::vector<std::string> pl1 = {"G0"};
  static const std::vector<std::string> pl2 = {"G0", "G1a", "G1b", "G1c"};
  static const std::vector<std::string> pl2_plus = {"G0", "G1a", "G1b", "G1c", "G-single"};
  static const std::vector<std::string> pl2_99 = {"G0", "G1a", "G1b", "G1c", "G2-item"};
  static const std::vector<std::string> pl3 = {"G0", "G1a", "G1b", "G1c", "G2"};
  switch (level) {
    case AdyaLevel::pl1: return pl1;
    case AdyaLevel::pl2: return pl2;
    case AdyaLevel::pl2_plus: return pl2_plus;
    case AdyaLevel::pl2_99: return pl2_99;
    case AdyaLevel::pl_si: return pl2_plus;  // what the DSG shows of G-SIb; G-SIa needs start points
    case AdyaLevel::pl3: return pl3;
  }
  return pl3;
}

bool forbids(AdyaLevel level, const Anomaly& anomaly) {
  const std::vector<std::string>& proscribed = proscribed_classes(level);
  return std::any_of(anomaly.classes.begin(), anomaly.classes.end(), [&](const std::string& name) {
    return std::find(proscribed.begin(), proscribed.end(), name) != proscribed.end();
  });
}

std::vector<Violation> violations(const History& history, AdyaLevel level) {
  Index index = build_index(history);
  std::vector<Violation> out;
  const std::vector<std::string>& proscribed = proscribed_classes(level);
  auto listed = [&](const char* name) { return std::find(proscribed.begin(), proscribed.end(), name) != proscribed.end(); };
  for (Anomaly& anomaly : read_anomalies(index, history))
    if (listed(anomaly.name.c_str())) out.push_back(Violation{anomaly.name, std::move(anomaly)});
  std::vector<Edge> edges = build_dsg(history);
  CycleSearch search = search_cycles(committed_ids(history), edges);
  for (const std::string& name : proscribed) {
    std::size_t c = class_index(name);
    if (c >= search.member_of.size() || !search.member_of[c]) continue;
    Anomaly anomaly = cycle_anomaly(index, *search.member_of[c]);
    bool reported = std::any_of(out.begin(), out.end(), [&](const Violation& v) { return v.anomaly.evidence == anomaly.evidence; });
    if (!reported) out.push_back(Violation{name, std::move(anomaly)});
  }
  return out;
}

}  // namespace dsim::dsg
