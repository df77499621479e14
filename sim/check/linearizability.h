// Linearizability checking of a key-value history (Herlihy and Wing, 1990), by the Wing-Gong
// search with Lowe's memoisation (2017): try to linearize, in real-time order, some call whose
// operation the model accepts; backtrack at a return whose call is not yet linearized; never
// revisit a (set of linearized operations, state) pair. Keys are independent (a history is
// linearizable iff each key's sub-history is), so each key is searched on its own; a failing
// key's history is then shrunk greedily to the smallest failing sub-history found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/kv_model.h"
#include "sim/core/node.h"

namespace dsim {

enum class LinearizabilityOutcome : std::uint8_t { linearizable, not_linearizable, gave_up };

// Pairs invocations with completions: ok completes an operation, fail removes it (it definitely
// did not happen), info or no completion leaves it pending. Non key-value ops are ignored.
std::vector<Operation> operations_from_history(const std::vector<HistoryEvent>& history);

// Searches one key's operations. `max_steps` bounds the work; past it the answer is gave_up.
LinearizabilityOutcome check_linearizable(const std::vector<Operation>& operations, std::uint64_t max_steps);

// Drops operations while the rest stays not linearizable: chunks first, then one at a time. A
// write whose value a remaining read returned is kept, so the result explains itself ("put a,
// put b, get -> a") rather than shrinking to a read of a value from nowhere.
std::vector<Operation> shrink_non_linearizable(std::vector<Operation> operations, std::uint64_t max_steps);

struct KeyVerdict {
  std::string key;
  LinearizabilityOutcome outcome = LinearizabilityOutcome::linearizable;
  std::size_t operations = 0;          // how many operations the key's history held
  std::vector<Operation> smallest;     // not_linearizable: the shrunk failing sub-history
};

// Checks every key; returns only the keys that are not linearizable or could not be decided.
std::vector<KeyVerdict> check_key_value_history(const std::vector<Operation>& operations, std::uint64_t max_steps);

// "c5 put k1 \"c5.3\" [1.200s, 1.350s]", "c6 get k1 -> \"c5.3\" [...]", pending shown as "?".
std::string describe_operation(const Operation& operation, const std::string& process_name = "");

}  // namespace dsim
