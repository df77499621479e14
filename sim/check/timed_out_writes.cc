// The reductions of timed-out writes (see timed_out_writes.h). Everything here is a conservative
// over-approximation of "could this state contain that write": a false "yes" only keeps an
// operation pending (more search), never changes a verdict.
#include "sim/check/timed_out_writes.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dsim {
namespace {

// The values a key's writes put into its state: overwrites (put and cas values, and "" for the
// initial state) and appended suffixes, counted, so that one operation can be set aside.
class WrittenValues {
 public:
  explicit WrittenValues(const std::vector<Operation>& operations) {
    ++overwrites_[""];  // the initial state
    for (const Operation& operation : operations) {
      if (operation.op == KvOp::put || operation.op == KvOp::cas) ++overwrites_[operation.value];
      if (operation.op == KvOp::append && !operation.value.empty()) {
        if (appends_[operation.value]++ == 0) {
          appends_by_first_[static_cast<unsigned char>(operation.value[0])].push_back(operation.value);
        }
      }
    }
  }

  // prefix[i]: text[0, i) is an overwrite followed by appends, none of them `without`'s own write.
  std::vector<char> spellable_prefixes(std::string_view text, const Operation* without) const {
    std::vector<char> prefix(text.size() + 1, 0);
    for (std::size_t i = 0; i <= text.size(); ++i) {
      auto found = overwrites_.find(text.substr(0, i));
      if (found != overwrites_.end() && available(found->second, KvOp::put, found->first, without)) prefix[i] = 1;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!prefix[i]) continue;
      for_each_append_at(text, i, [&](std::string_view value, std::size_t end) {
        if (available(appends_.find(value)->second, KvOp::append, value, without)) prefix[end] = 1;
      });
    }
    return prefix;
  }

  // suffix[i]: text[i, end) is a run of appended values (any of them).
  std::vector<char> spellable_suffixes(std::string_view text) const {
    std::vector<char> suffix(text.size() + 1, 0);
    suffix[text.size()] = 1;
    for (std::size_t i = text.size(); i-- > 0;) {
      for_each_append_at(text, i, [&](std::string_view, std::size_t end) {
        if (suffix[end]) suffix[i] = 1;
      });
    }
    return suffix;
  }

 private:
  // Whether a value written `count` times is still there once `without`'s write is set aside.
  static bool available(int count, KvOp kind, std::string_view value, const Operation* without) {
    if (without == nullptr) return true;
    bool overwrite = kind != KvOp::append;
    bool same_kind = overwrite ? (without->op == KvOp::put || without->op == KvOp::cas) : without->op == KvOp::append;
    return !(same_kind && without->value == value) || count > 1;
  }

  template <typename Visit>
  void for_each_append_at(std::string_view text, std::size_t at, Visit visit) const {
    for (const std::string& value : appends_by_first_[static_cast<unsigned char>(text[at])]) {
      if (text.compare(at, value.size(), value) == 0) visit(std::string_view(value), at + value.size());
    }
  }

  std::map<std::string, int, std::less<>> overwrites_;
  std::map<std::string, int, std::less<>> appends_;
  std::array<std::vector<std::string>, 256> appends_by_first_;
};

// A string the history says the key held at some moment: a get's result, or a cas's expected
// value (a successful one saw it; a pending one saw it if it took effect).
struct Observation {
  std::size_t operation = 0;
  std::string_view text;
  std::optional<TimeUs> return_us;  // when the observer is known to have happened by
  std::vector<char> prefix;         // spellable_prefixes(text, nullptr)
  std::vector<char> suffix;         // spellable_suffixes(text)
};

std::vector<Observation> observations_of(const std::vector<Operation>& operations, const WrittenValues& values) {
  std::vector<Observation> observations;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const Operation& operation = operations[i];
    Observation observation;
    observation.operation = i;
    if (operation.op == KvOp::get && !operation.pending) {
      observation.text = operation.output;
    } else if (operation.op == KvOp::cas) {
      observation.text = operation.expected;
    } else {
      continue;
    }
    if (!operation.pending) observation.return_us = operation.return_us;
    observation.prefix = values.spellable_prefixes(observation.text, nullptr);
    observation.suffix = values.spellable_suffixes(observation.text);
    observations.push_back(std::move(observation));
  }
  return observations;
}

// Whether the state `observation` saw could hold what `write` wrote: its value as the overwrite
// the state starts with, or as one of the appends after it.
bool could_contain(const Observation& observation, const Operation& write) {
  std::string_view text = observation.text;
  const std::string& value = write.value;
  if (write.op == KvOp::put || write.op == KvOp::cas) {
    return text.substr(0, value.size()) == value && observation.suffix[value.size()];
  }
  for (std::size_t i = 0; i + value.size() <= text.size(); ++i) {
    if (observation.prefix[i] && text.compare(i, value.size(), value) == 0 && observation.suffix[i + value.size()]) {
      return true;
    }
  }
  return false;
}

bool droppable(const std::vector<Operation>& operations, std::size_t index, const std::vector<Observation>& observations) {
  const Operation& write = operations[index];
  if (write.op == KvOp::append && write.value.empty()) return true;  // changes nothing
  return std::none_of(observations.begin(), observations.end(), [&](const Observation& observation) {
    return observation.operation != index && could_contain(observation, write);
  });
}

}  // namespace

TimedOutWrites resolve_timed_out_writes(std::vector<Operation>& operations) {
  TimedOutWrites result;
  // Dropping one write can leave another unobserved (a pending cas was the only one to expect
  // its value), so drop until nothing changes.
  while (true) {
    WrittenValues values(operations);
    std::vector<Observation> observations = observations_of(operations, values);
    std::vector<Operation> kept;
    kept.reserve(operations.size());
    for (std::size_t i = 0; i < operations.size(); ++i) {
      if (operations[i].pending && operations[i].is_write() && droppable(operations, i, observations)) continue;
      kept.push_back(operations[i]);
    }
    if (kept.size() == operations.size()) break;
    result.dropped += operations.size() - kept.size();
    operations = std::move(kept);
  }

  WrittenValues values(operations);
  std::vector<Observation> observations = observations_of(operations, values);
  for (Operation& write : operations) {
    if (!write.pending || !write.is_write()) continue;
    std::optional<TimeUs> bound;
    for (const Observation& observation : observations) {
      if (!observation.return_us || &operations[observation.operation] == &write) continue;
      if (bound && *bound <= *observation.return_us) continue;
      if (!could_contain(observation, write)) continue;
      if (values.spellable_prefixes(observation.text, &write)[observation.text.size()]) continue;  // another write can spell it
      bound = observation.return_us;
    }
    // An observer that returned before the write was even called cannot be explained at all; the
    // search will find that, with the write left pending.
    if (bound && *bound >= write.call_us) {
      write.pending = false;
      write.return_us = *bound;
      ++result.bounded;
    } else {
      ++result.open;
    }
  }
  return result;
}

}  // namespace dsim
