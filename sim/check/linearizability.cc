// The Wing-Gong-Lowe search (see linearizability.h). Sections: pairing the history; the search;
// shrinking; per-key checking and the evidence text.
//
// The history is a doubly linked list of call and return entries in time order; linearizing a
// call lifts it and its return out of the list, backtracking puts them back (Knuth's dancing
// links), so each step is O(1) besides the model. States are interned to small integers, so the
// model's get and cas compare integers and a configuration is a few words: the state, the
// operations below which everything is linearized, the linearized bits above that point, and the
// bits of the writes still pending (numbered last, so they do not pin the window).
#include "sim/check/linearizability.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "sim/check/visited_set.h"
#include "sim/core/fields.h"

namespace dsim {

// ---------------------------------------------------------------- pairing the history

std::vector<Operation> operations_from_history(const std::vector<HistoryEvent>& history) {
  std::vector<Operation> operations;
  std::map<std::pair<NodeId, std::uint64_t>, std::size_t> open;  // (process, request) -> operation
  std::vector<bool> failed;
  for (const HistoryEvent& event : history) {
    std::optional<KvOp> kind = kv_op_from_name(event.op);
    if (!kind) continue;
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      Operation operation;
      operation.process = event.process;
      operation.request_id = event.request_id;
      operation.op = *kind;
      operation.key = event.key;
      if (*kind != KvOp::get) operation.value = event.value;
      if (*kind == KvOp::cas) operation.expected = event.expected;
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
      if (operation.op == KvOp::get) operation.output = event.value;
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

// ---------------------------------------------------------------- the search

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
  explicit Search(std::vector<Operation> operations) {
    // Completed operations first, in call order; pending ones after them.
    std::stable_sort(operations.begin(), operations.end(), [](const Operation& a, const Operation& b) {
      return std::make_tuple(a.pending, a.call_us) < std::make_tuple(b.pending, b.call_us);
    });
    operations_ = std::move(operations);
    completed_ = static_cast<int>(std::count_if(operations_.begin(), operations_.end(),
                                                [](const Operation& operation) { return !operation.pending; }));
    intern_operations();
    build_entries();
    completed_words_ = (static_cast<std::size_t>(completed_) + 63) / 64;
    pending_words_ = (operations_.size() - static_cast<std::size_t>(completed_) + 63) / 64;
    linearized_.assign(completed_words_ + pending_words_, 0);
  }

  SearchResult run(std::uint64_t max_states) {
    SearchResult result;
    result.operations = operations_.size();
    std::vector<std::pair<int, std::uint32_t>> stack;  // (lifted call entry, state before it)
    std::uint32_t state = initial_state_;
    int cursor = entries_[0].next;
    while (true) {
      if (returns_left_ == 0) {
        result.outcome = LinearizabilityOutcome::linearizable;
        break;
      }
      const Entry& entry = entries_[cursor];
      if (cursor != 1 && entry.is_call) {
        std::optional<std::uint32_t> next_state = step(state, entry.operation);
        if (next_state && later_readers_can_see(*next_state, entry.operation)) {
          if (visited_.size() >= max_states) {
            result.outcome = LinearizabilityOutcome::undecided;
            break;
          }
          set_linearized(entry.operation, true);
          if (remember(*next_state)) {
            stack.emplace_back(cursor, state);
            result.most_linearized = std::max(result.most_linearized, stack.size());
            state = *next_state;
            lift(cursor);
            cursor = entries_[0].next;
            continue;
          }
          set_linearized(entry.operation, false);
        }
        cursor = entry.next;
        continue;
      }
      // A return (or the end) whose operation is not linearized yet: undo the last choice.
      if (stack.empty()) {
        result.outcome = LinearizabilityOutcome::not_linearizable;
        break;
      }
      auto [call, previous_state] = stack.back();
      stack.pop_back();
      state = previous_state;
      set_linearized(entries_[call].operation, false);
      unlift(call);
      cursor = entries_[call].next;
    }
    result.states = visited_.size();
    return result;
  }

 private:
  // ---- states: every string the key can hold is numbered once.
  std::uint32_t intern(std::string text) {
    auto [it, added] = state_ids_.emplace(std::move(text), static_cast<std::uint32_t>(states_.size()));
    if (added) states_.push_back(&it->first);
    return it->second;
  }

  void intern_operations() {
    initial_state_ = intern(KvModel::initial());
    value_id_.resize(operations_.size());
    expected_id_.resize(operations_.size());
    for (std::size_t i = 0; i < operations_.size(); ++i) {
      const Operation& operation = operations_[i];
      if (operation.op == KvOp::get) value_id_[i] = intern(operation.output);
      if (operation.op == KvOp::put || operation.op == KvOp::cas) value_id_[i] = intern(operation.value);
      if (operation.op == KvOp::cas) expected_id_[i] = intern(operation.expected);
    }
  }

  // KvModel::step on interned states (the same rules: see kv_model.h).
  std::optional<std::uint32_t> step(std::uint32_t state, int index) {
    const Operation& operation = operations_[index];
    switch (operation.op) {
      case KvOp::get:
        if (operation.pending || value_id_[index] == state) return state;
        return std::nullopt;
      case KvOp::put: return value_id_[index];
      case KvOp::cas:
        if (expected_id_[index] != state) return std::nullopt;
        return value_id_[index];
      case KvOp::append: {
        std::uint64_t key = (std::uint64_t{state} << 32) | static_cast<std::uint32_t>(index);
        auto found = appended_.find(key);
        if (found != appended_.end()) return found->second;
        std::uint32_t next = intern(*states_[state] + operation.value);
        appended_.emplace(key, next);
        return next;
      }
    }
    return state;
  }

  // ---- looking ahead: a state no coming read can see is a dead end.
  //
  // Only operations called before a read returned can be linearized before it. A read's result is
  // the last overwrite (put or cas) before it followed by appends, so unless one of those
  // operations is an overwrite whose value starts the read's result, no overwrite comes between
  // here and that read, and the current state must be a prefix of what it returned. The entry
  // list holds exactly the operations still to place, in time order, so a walk from its head
  // checks the reads ahead. Without this, a run of concurrent appends that no read sees until
  // later is tried in every order (each order a different state) before that read rules them out.
  // The walk stops after kLookAhead entries: looking less far only prunes less.
  static constexpr int kLookAhead = 64;
  bool later_readers_can_see(std::uint32_t state, int placed) {
    const std::string& text = *states_[state];
    overwrites_ahead_.clear();
    int walked = 0;
    for (int index = entries_[0].next; index != 1 && walked < kLookAhead; index = entries_[index].next, ++walked) {
      const Entry& entry = entries_[index];
      if (entry.operation == placed) continue;
      const Operation& operation = operations_[entry.operation];
      if (entry.is_call) {
        if (operation.op == KvOp::put || operation.op == KvOp::cas) overwrites_ahead_.push_back(states_[value_id_[entry.operation]]);
        continue;
      }
      if (operation.op != KvOp::get) continue;
      const std::string& seen = *states_[value_id_[entry.operation]];
      bool maybe_overwritten = std::any_of(overwrites_ahead_.begin(), overwrites_ahead_.end(), [&](const std::string* value) {
        return seen.compare(0, value->size(), *value) == 0;
      });
      if (!maybe_overwritten && seen.compare(0, text.size(), text) != 0) return false;
    }
    return true;
  }

  // ---- the entry list.
  void build_entries() {
    // Entry 0 is the head, entry 1 the tail.
    entries_.resize(2);
    struct Event {
      TimeUs time;
      int order;  // calls before returns at equal times: simultaneous means concurrent
      int operation;
    };
    std::vector<Event> events;
    for (int i = 0; i < static_cast<int>(operations_.size()); ++i) {
      events.push_back({operations_[i].call_us, 0, i});
      if (!operations_[i].pending) events.push_back({operations_[i].return_us, 1, i});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.time, a.order, a.operation) < std::tie(b.time, b.order, b.operation);
    });
    std::vector<int> call_entry(operations_.size(), -1);
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

  // ---- the linearized set and the memo.
  void set_linearized(int operation, bool on) {
    std::size_t bit = static_cast<std::size_t>(operation);
    if (operation >= completed_) bit = completed_words_ * 64 + static_cast<std::size_t>(operation - completed_);
    std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    if (on) {
      linearized_[bit / 64] |= mask;
    } else {
      linearized_[bit / 64] &= ~mask;
    }
    if (operation >= completed_) return;
    if (on) {
      while (all_below_ < completed_ && (linearized_[static_cast<std::size_t>(all_below_) / 64] >> (all_below_ % 64)) & 1) {
        ++all_below_;
      }
    } else {
      all_below_ = std::min(all_below_, operation);
    }
  }

  // Adds the configuration (current linearized set, `state`); false when it was seen before.
  // The key: [state, the word below which every completed operation is linearized], the words
  // from there to the last non-zero one, then the pending operations' words (a fixed number, so
  // the key's length tells where the window ends).
  bool remember(std::uint32_t state) {
    std::size_t first = static_cast<std::size_t>(all_below_) / 64;
    std::size_t last = completed_words_;
    while (last > first && linearized_[last - 1] == 0) --last;
    key_.clear();
    key_.push_back((std::uint64_t{state} << 32) | first);
    key_.insert(key_.end(), linearized_.begin() + static_cast<std::ptrdiff_t>(first),
                linearized_.begin() + static_cast<std::ptrdiff_t>(last));
    key_.insert(key_.end(), linearized_.begin() + static_cast<std::ptrdiff_t>(completed_words_), linearized_.end());
    return visited_.insert(key_.data(), key_.size());
  }

  std::vector<Operation> operations_;
  int completed_ = 0;  // operations [0, completed_) have a return; the rest are pending
  std::vector<Entry> entries_;
  int returns_left_ = 0;

  std::unordered_map<std::string, std::uint32_t> state_ids_;
  std::vector<const std::string*> states_;  // id -> text (keys of state_ids_, which never move)
  std::uint32_t initial_state_ = 0;
  std::vector<std::uint32_t> value_id_;     // get: the value read; put, cas: the value written
  std::vector<std::uint32_t> expected_id_;  // cas: the value expected
  std::unordered_map<std::uint64_t, std::uint32_t> appended_;  // (state, append) -> state

  std::size_t completed_words_ = 0;
  std::size_t pending_words_ = 0;
  std::vector<std::uint64_t> linearized_;  // completed operations' bits, then pending ones'
  int all_below_ = 0;                      // every completed operation below this is linearized
  std::vector<std::uint64_t> key_;
  VisitedSet visited_;
  std::vector<const std::string*> overwrites_ahead_;  // later_readers_can_see's scratch
};

}  // namespace

SearchResult search_linearization(const std::vector<Operation>& operations, std::uint64_t max_states,
                                  bool resolve_timed_out) {
  std::vector<Operation> resolved = operations;
  TimedOutWrites timed_out;
  if (resolve_timed_out) timed_out = resolve_timed_out_writes(resolved);
  SearchResult result = Search(std::move(resolved)).run(max_states);
  result.timed_out = timed_out;
  return result;
}

// ---------------------------------------------------------------- shrinking

namespace {

// Whether `read` returned a value `write` produced. Dropping such a write would make the read
// fail for a trivial reason (a value from nowhere) and hide the real story, so the shrinker keeps it.
bool observes(const Operation& read, const Operation& write) {
  if (read.op != KvOp::get || read.pending || read.output.empty()) return false;
  switch (write.op) {
    case KvOp::put:
    case KvOp::cas: return read.output == write.value;
    case KvOp::append: return !write.value.empty() && read.output.find(write.value) != std::string::npos;
    case KvOp::get: return false;
  }
  return false;
}

}  // namespace

std::vector<Operation> shrink_non_linearizable(std::vector<Operation> operations, std::uint64_t max_states) {
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
          check_linearizable(candidate, max_states) == LinearizabilityOutcome::not_linearizable) {
        operations = std::move(candidate);  // keep the cut, try the same place again
      } else {
        start += chunk;
      }
    }
    if (chunk <= 1) break;
  }
  return operations;
}

// ---------------------------------------------------------------- per key, and the evidence

std::vector<KeyVerdict> check_key_value_history(const std::vector<Operation>& operations, std::uint64_t max_states) {
  std::map<std::string, std::vector<Operation>> by_key;
  for (const Operation& operation : operations) {
    // A get with no answer constrains nothing: leave it out of the search.
    if (operation.op == KvOp::get && operation.pending) continue;
    by_key[operation.key].push_back(operation);
  }
  std::vector<KeyVerdict> verdicts;
  for (auto& [key, key_operations] : by_key) {
    SearchResult search = search_linearization(key_operations, max_states);
    if (search.outcome == LinearizabilityOutcome::linearizable) continue;
    KeyVerdict verdict;
    verdict.key = key;
    verdict.outcome = search.outcome;
    verdict.operations = key_operations.size();
    verdict.search = search;
    if (search.outcome == LinearizabilityOutcome::not_linearizable) {
      verdict.smallest = shrink_non_linearizable(key_operations, max_states);
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

std::string describe_operation(const Operation& operation, const std::string& process_name) {
  std::string text = process_name.empty() ? "node " + std::to_string(operation.process) : process_name;
  text += std::string(" ") + kv_op_name(operation.op) + " " + operation.key;
  switch (operation.op) {
    case KvOp::put:
    case KvOp::append: text += " " + json_string(operation.value); break;
    case KvOp::cas: text += " " + json_string(operation.expected) + "->" + json_string(operation.value); break;
    case KvOp::get: text += " -> " + (operation.pending ? std::string("?") : json_string(operation.output)); break;
  }
  text += " [" + format_time_seconds(operation.call_us) + ", " +
          (operation.pending ? std::string("never answered") : format_time_seconds(operation.return_us)) + "]";
  return text;
}

}  // namespace dsim
