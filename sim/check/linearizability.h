// Linearizability checking of a key-value history (Herlihy and Wing, 1990), by the Wing-Gong
// search with Lowe's memoisation ("Testing for linearizability", 2017): try to linearize, in
// real-time order, some call whose operation the model accepts; backtrack at a return whose call
// is not yet linearized; never revisit a (set of linearized operations, state) pair.
//
// Keys are independent: a history is linearizable iff each key's sub-history is (Herlihy and
// Wing's locality; Horn and Kroening's P-compositionality, 2015, partitions a map by key), so each
// key is searched on its own. Before a key's search, timed-out writes are dropped or bounded
// (timed_out_writes.h), and during it a state that a read still to come could not see is
// abandoned at once: together what makes histories full of timeouts decidable. A failing key's
// history is then shrunk greedily to the smallest failing sub-history found.
//
// A search has a budget of configurations; one that runs out says "undecided", which is neither
// a pass nor a violation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/kv_model.h"
#include "sim/check/timed_out_writes.h"
#include "sim/core/node.h"

namespace dsim {

enum class LinearizabilityOutcome : std::uint8_t { linearizable, not_linearizable, undecided };

// Pairs invocations with completions: ok completes an operation, fail removes it (it definitely
// did not happen), info or no completion leaves it pending. Non key-value ops are ignored.
std::vector<Operation> operations_from_history(const std::vector<HistoryEvent>& history);

struct SearchResult {
  LinearizabilityOutcome outcome = LinearizabilityOutcome::linearizable;
  std::uint64_t states = 0;       // distinct (linearized set, state) configurations explored
  std::size_t operations = 0;     // operations searched, after the timed-out writes were resolved
  std::size_t most_linearized = 0;  // the longest linearization of a prefix that the search built
  TimedOutWrites timed_out;       // what became of the timed-out writes
};

// Searches one key's operations. `max_states` bounds the configurations explored (and so the
// memory and time); past it the outcome is undecided. `resolve_timed_out` is false only to
// measure what resolving timed-out writes saves (bench/linearizability_bench.cc).
SearchResult search_linearization(const std::vector<Operation>& operations, std::uint64_t max_states,
                                  bool resolve_timed_out = true);
inline LinearizabilityOutcome check_linearizable(const std::vector<Operation>& operations, std::uint64_t max_states) {
  return search_linearization(operations, max_states).outcome;
}

// Drops operations while the rest stays not linearizable: chunks first, then one at a time. A
// write whose value a remaining read returned is kept, so the result explains itself ("put a,
// put b, get -> a") rather than shrinking to a read of a value from nowhere.
std::vector<Operation> shrink_non_linearizable(std::vector<Operation> operations, std::uint64_t max_states);

struct KeyVerdict {
  std::string key;
  LinearizabilityOutcome outcome = LinearizabilityOutcome::linearizable;
  std::size_t operations = 0;          // how many operations the key's history held
  SearchResult search;                 // the search of the whole key
  std::vector<Operation> smallest;     // not_linearizable: the shrunk failing sub-history
};

// Checks every key; returns only the keys that are not linearizable or could not be decided.
std::vector<KeyVerdict> check_key_value_history(const std::vector<Operation>& operations, std::uint64_t max_states);

// "c5 put k1 \"c5.3\" [1.200s, 1.350s]", "c6 get k1 -> \"c5.3\" [...]",
// "c7 cas k1 \"c5.3\"->\"c7.1\" [...]"; a pending one shows "never answered" for its return.
std::string describe_operation(const Operation& operation, const std::string& process_name = "");

}  // namespace dsim
