// The Wing-Gong-Lowe search (see linearizability.h). The history is a doubly linked list of call
// and return entries in time order; linearizing a call lifts it and its return out of the list,
// backtracking puts them back (Knuth's dancing links), so each step is O(1) besides the model.
#include "sim/check/linearizability.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "sim/core/fields.h"

namespace dsim {

std::vector<Operation> operations_from_history(const std::vector<HistoryEvent>& history) {
  std::vector<Operation> operations;
  std::map<std::pair<NodeId, std::uint64_t>, std::size_t> open;  // (process, request) -> operation
  std::vector<bool> failed;
  for (const HistoryEvent& event : history) {
    if (event.op != "get" && event.op != "put" && event.op != "append" && event.op != "cas") continue;
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      Operation operation;
      operation.process = event.process;
      operation.request_id = event.request_id;
      operation.op = event.op;
      operation.key = event.key;
      operation.input = event.value;
      operation.call_us = event.time;
      operation.pending = true;
      open[id] = operations.size();
      operations.push_back(std::move(operation));
      failed.push_back(false);
      continue;
    }
    auto found = open.find(id);
    if (found == open.end()) continue;  // a completion without an invocation: nothing to pair
    Operation& operation = operations[found->second];
    if (event.kind == HistoryEvent::Kind::ok) {
      operation.pending = false;
      operation.return_us = event.time;
      operation.output = event.value;
    } else if (event.kind == HistoryEvent::Kind::fail) {
      failed[found->second] = true;
    }
    // info: stays pending, with no return.
    open.erase(found);
  }
  std::vector<Operation> kept;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    if (!failed[i]) kept.push_back(std::move(operations[i]));
  }
  return kept;
}

namespace {

struct Entry {
  int operation = -1;
  bool is_call = false;
  int return_entry = -1;  // for a call: its return's entry, -1 when pending
  int prev = -1;
  int next = -1;
};

class Search {
 public:
  explicit Search(const std::vector<Operation>& operations) : operations_(operations) {
    // Entry 0 is the head, entry 1 the tail.
    entries_.resize(2);
    struct Event {
      TimeUs time;
      int order;  // calls before returns at equal times: simultaneous means concurrent
      int operation;
    };
    std::vector<Event> events;
    for (int i = 0; i < static_cast<int>(operations.size()); ++i) {
      events.push_back({operations[i].call_us, 0, i});
      if (!operations[i].pending) events.push_back({operations[i].return_us, 1, i});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.time, a.order, a.operation) < std::tie(b.time, b.order, b.operation);
    });
    std::vector<int> call_entry(operations.size(), -1);
    int previous = 0;
    for (const Event& event : events) {
      Entry entry;
      entry.operation = event.operation;
      entry.is_call = event.order == 0;
      entry.prev = previous;
      int index = static_cast<int>(entries_.size());
      entries_.push_back(entry);
      entries_[previous].next = index;
      previous = index;
      if (entry.is_call) {
        call_entry[event.operation] = index;
      } else {
        entries_[call_entry[event.operation]].return_entry = index;
        ++returns_left_;
      }
    }
    entries_[previous].next = 1;
    entries_[1].prev = previous;
  }

  LinearizabilityOutcome run(std::uint64_t max_steps) {
    std::vector<std::uint64_t> linearized((operations_.size() + 63) / 64, 0);
    std::set<std::pair<std::vector<std::uint64_t>, KvModel::State>> visited;
    std::vector<std::pair<int, KvModel::State>> stack;  // (lifted call entry, state before it)
    KvModel::State state = KvModel::initial();
    int cursor = entries_[0].next;
    std::uint64_t steps = 0;
    while (true) {
      if (returns_left_ == 0) return LinearizabilityOutcome::linearizable;
      if (++steps > max_steps) return LinearizabilityOutcome::gave_up;
      const Entry& entry = entries_[cursor];
      if (cursor != 1 && entry.is_call) {
        const Operation& operation = operations_[entry.operation];
        if (auto next_state = KvModel::step(state, operation)) {
          std::vector<std::uint64_t> with = linearized;
          with[entry.operation / 64] |= std::uint64_t{1} << (entry.operation % 64);
          if (visited.emplace(with, *next_state).second) {
            stack.emplace_back(cursor, state);
            state = std::move(*next_state);
            linearized = std::move(with);
            lift(cursor);
            cursor = entries_[0].next;
            continue;
          }
        }
        cursor = entry.next;
        continue;
      }
      // A return (or the end) whose operation is not linearized yet: undo the last choice.
      if (stack.empty()) return LinearizabilityOutcome::not_linearizable;
      auto [call, previous_state] = std::move(stack.back());
      stack.pop_back();
      state = std::move(previous_state);
      int operation = entries_[call].operation;
      linearized[operation / 64] &= ~(std::uint64_t{1} << (operation % 64));
      unlift(call);
      cursor = entries_[call].next;
    }
  }

 private:
  void unlink(int index) {
    entries_[entries_[index].prev].next = entries_[index].next;
    entries_[entries_[index].next].prev = entries_[index].prev;
  }
  void relink(int index) {
    entries_[entries_[index].prev].next = index;
    entries_[entries_[index].next].prev = index;
  }
  void lift(int call) {
    unlink(call);
    if (int ret = entries_[call].return_entry; ret >= 0) {
      unlink(ret);
      --returns_left_;
    }
  }
  void unlift(int call) {
    if (int ret = entries_[call].return_entry; ret >= 0) {
      relink(ret);
      ++returns_left_;
    }
    relink(call);
  }

  const std::vector<Operation>& operations_;
  std::vector<Entry> entries_;
  int returns_left_ = 0;
};

}  // namespace

LinearizabilityOutcome check_linearizable(const std::vector<Operation>& operations, std::uint64_t max_steps) {
  Search search(operations);
  return search.run(max_steps);
}

namespace {

// Whether `read` returned a value `write` produced. Dropping such a write would make the read
// fail for a trivial reason (a value from nowhere) and hide the real story, so the shrinker keeps it.
bool observes(const Operation& read, const Operation& write) {
  if (read.op != "get" || read.pending || read.output.empty()) return false;
  if (write.op == "put") return read.output == write.input;
  if (write.op == "cas") {
    std::size_t bar = write.input.find('|');
    return bar != std::string::npos && read.output == write.input.substr(bar + 1);
  }
  if (write.op == "append") return !write.input.empty() && read.output.find(write.input) != std::string::npos;
  return false;
}

}  // namespace

std::vector<Operation> shrink_non_linearizable(std::vector<Operation> operations, std::uint64_t max_steps) {
  for (std::size_t chunk = std::max<std::size_t>(1, operations.size() / 2);; chunk /= 2) {
    std::size_t start = 0;
    while (start < operations.size() && operations.size() > 1) {
      std::vector<Operation> candidate;
      candidate.reserve(operations.size());
      for (std::size_t i = 0; i < operations.size(); ++i) {
        if (i < start || i >= start + chunk) candidate.push_back(operations[i]);
      }
      bool drops_an_observed_write = false;
      for (std::size_t i = start; i < std::min(start + chunk, operations.size()) && !drops_an_observed_write; ++i) {
        for (const Operation& kept : candidate) {
          if (observes(kept, operations[i])) {
            drops_an_observed_write = true;
            break;
          }
        }
      }
      if (!drops_an_observed_write &&
          check_linearizable(candidate, max_steps) == LinearizabilityOutcome::not_linearizable) {
        operations = std::move(candidate);  // keep the cut, try the same place again
      } else {
        start += chunk;
      }
    }
    if (chunk <= 1) break;
  }
  return operations;
}

std::vector<KeyVerdict> check_key_value_history(const std::vector<Operation>& operations, std::uint64_t max_steps) {
  std::map<std::string, std::vector<Operation>> by_key;
  for (const Operation& operation : operations) {
    // A get with no answer constrains nothing: leave it out of the search.
    if (operation.op == "get" && operation.pending) continue;
    by_key[operation.key].push_back(operation);
  }
  std::vector<KeyVerdict> verdicts;
  for (auto& [key, key_operations] : by_key) {
    LinearizabilityOutcome outcome = check_linearizable(key_operations, max_steps);
    if (outcome == LinearizabilityOutcome::linearizable) continue;
    KeyVerdict verdict;
    verdict.key = key;
    verdict.outcome = outcome;
    verdict.operations = key_operations.size();
    if (outcome == LinearizabilityOutcome::not_linearizable) {
      verdict.smallest = shrink_non_linearizable(key_operations, max_steps);
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

std::string describe_operation(const Operation& operation, const std::string& process_name) {
  std::string text = process_name.empty() ? "node " + std::to_string(operation.process) : process_name;
  text += " " + operation.op + " " + operation.key;
  if (operation.op == "put" || operation.op == "append") text += " " + json_string(operation.input);
  if (operation.op == "cas") {
    std::size_t bar = operation.input.find('|');
    text += " " + json_string(operation.input.substr(0, bar)) + "->" +
            json_string(bar == std::string::npos ? "" : operation.input.substr(bar + 1));
  }
  if (operation.op == "get") text += " -> " + (operation.pending ? std::string("?") : json_string(operation.output));
  text += " [" + format_time_seconds(operation.call_us) + ", " +
          (operation.pending ? std::string("never answered") : format_time_seconds(operation.return_us)) + "]";
  return text;
}

}  // namespace dsim
