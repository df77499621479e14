// Timed-out writes before the search (timed_out_writes.h): table tests of what is dropped, bounded
// or left open, and a brute-force cross-check on thousands of small random histories that neither
// the reduction nor the whole search ever changes a verdict (Herlihy and Wing's definition, tried
// directly: every order of every subset of the pending operations).
#include <catch2/catch.hpp>

#include <functional>

#include "sim/check/linearizability.h"
#include "sim/check/timed_out_writes.h"
#include "sim/core/random.h"

using namespace dsim;

namespace {

Operation make(KvOp kind, std::string value, std::string output, TimeUs call, TimeUs ret, std::string expected = "") {
  Operation operation;
  operation.process = 1;
  operation.op = kind;
  operation.key = std::string(1, 'x');  // not = "x": GCC 12's -Wrestrict misfires on it here (bug 105329)
  operation.value = std::move(value);
  operation.expected = std::move(expected);
  operation.output = std::move(output);
  operation.call_us = call;
  operation.pending = ret < 0;
  operation.return_us = operation.pending ? kTimeNever : ret;
  return operation;
}
Operation put(std::string value, TimeUs call, TimeUs ret) { return make(KvOp::put, std::move(value), "", call, ret); }
Operation append(std::string value, TimeUs call, TimeUs ret) { return make(KvOp::append, std::move(value), "", call, ret); }
Operation cas(std::string expected, std::string value, TimeUs call, TimeUs ret) {
  return make(KvOp::cas, std::move(value), "", call, ret, std::move(expected));
}
Operation get(std::string output, TimeUs call, TimeUs ret) { return make(KvOp::get, "", std::move(output), call, ret); }

// The definition, tried directly: some order of all completed operations and some of the pending
// ones, each placed after every operation that returned before its call, that the model accepts.
bool brute_force_linearizable(const std::vector<Operation>& operations) {
  std::vector<bool> placed(operations.size(), false);
  std::function<bool(const std::string&)> extend = [&](const std::string& state) {
    bool done = true;
    for (std::size_t i = 0; i < operations.size(); ++i) done = done && (placed[i] || operations[i].pending);
    if (done) return true;
    for (std::size_t i = 0; i < operations.size(); ++i) {
      if (placed[i]) continue;
      bool may_go_next = true;
      for (std::size_t j = 0; j < operations.size() && may_go_next; ++j) {
        if (j != i && !placed[j] && !operations[j].pending && operations[j].return_us < operations[i].call_us) {
          may_go_next = false;
        }
      }
      if (!may_go_next) continue;
      std::optional<std::string> next = KvModel::step(state, operations[i]);
      if (!next) continue;
      placed[i] = true;
      if (extend(*next)) return true;
      placed[i] = false;
    }
    return false;
  };
  return extend(KvModel::initial());
}

// A small history of one key: each operation takes effect at a random point of its interval (a
// pending one perhaps never), results come from running them in that order, and now and then a
// result is corrupted, so that both verdicts occur. Values are short and repeat, so that one
// write's value can be spelt by others ("a" + "b" = "ab").
std::vector<Operation> random_history(Rng& rng) {
  static const std::vector<std::string> kValues = {"a", "b", "ab", ""};
  static const std::vector<std::string> kAppends = {"a", "b"};
  static const std::vector<std::string> kReads = {"", "a", "b", "ab", "ba", "abb", "aab"};
  std::size_t count = 2 + rng.index(6);
  struct Planned {
    Operation operation;
    TimeUs point;  // when it takes effect; kTimeNever: never
  };
  std::vector<Planned> plan;
  for (std::size_t i = 0; i < count; ++i) {
    TimeUs call = rng.uniform(0, 12);
    TimeUs ret = rng.chance(1, 3) ? -1 : call + rng.uniform(0, 6);
    Operation operation;
    switch (rng.index(4)) {
      case 0: operation = get("", call, ret); break;
      case 1: operation = put(rng.pick(kValues), call, ret); break;
      case 2: operation = append(rng.pick(kAppends), call, ret); break;
      default: operation = cas(rng.pick(kValues), rng.pick(kValues), call, ret); break;
    }
    operation.process = static_cast<NodeId>(i);
    TimeUs point = operation.pending ? (rng.chance(1, 2) ? kTimeNever : call + rng.uniform(0, 15))
                                     : rng.uniform(call, operation.return_us);
    plan.push_back({operation, point});
  }
  std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.point < b.point; });
  std::string state;
  std::vector<Operation> history;
  for (Planned& step : plan) {
    Operation& operation = step.operation;
    if (step.point != kTimeNever) {
      if (operation.op == KvOp::get) operation.output = state;
      if (operation.op == KvOp::cas && state != operation.expected && rng.chance(3, 4)) operation.expected = state;
      if (std::optional<std::string> next = KvModel::step(state, operation)) state = *next;
    }
    if (operation.op == KvOp::get && operation.pending) continue;  // the checker leaves these out
    if (operation.op == KvOp::get && rng.chance(1, 6)) operation.output = rng.pick(kReads);
    history.push_back(operation);
  }
  return history;
}

}  // namespace

TEST_CASE("a timed-out write that nothing could have seen is dropped") {
  std::vector<Operation> history = {put("a", 0, 1), put("b", 2, -1), get("a", 5, 6)};
  TimedOutWrites result = resolve_timed_out_writes(history);
  CHECK(result.dropped == 1);
  REQUIRE(history.size() == 2);
  CHECK(history[1].op == KvOp::get);
}

TEST_CASE("a timed-out write is seen only where its value could stand in the state") {
  // "c5.3" is a prefix of the read "c5.31", but no append spells the "1": not a sighting.
  std::vector<Operation> history = {put("c5.31", 0, 1), put("c5.3", 2, -1), get("c5.31", 5, 6)};
  CHECK(resolve_timed_out_writes(history).dropped == 1);
  // With an append of "1" the read could be "c5.3" + "1": the put may have been seen.
  history = {put("c5.31", 0, 1), put("c5.3", 2, -1), append("1", 3, 4), get("c5.31", 5, 6)};
  TimedOutWrites kept = resolve_timed_out_writes(history);
  CHECK(kept.dropped == 0);
  CHECK(kept.open == 1);  // but "c5.31" is also a put of its own: not surely through this one
}

TEST_CASE("a timed-out write only it could explain takes effect before its first reader returns") {
  std::vector<Operation> history = {put("a", 0, -1), get("a", 5, 6), get("a", 8, 9)};
  TimedOutWrites result = resolve_timed_out_writes(history);
  CHECK(result.bounded == 1);
  CHECK_FALSE(history[0].pending);
  CHECK(history[0].return_us == 6);
}

TEST_CASE("a timed-out append seen inside a read is bounded by that read") {
  std::vector<Operation> history = {put("a", 0, 1), append("b", 2, -1), get("ab", 5, 6)};
  CHECK(resolve_timed_out_writes(history).bounded == 1);
  CHECK(history[1].return_us == 6);
}

TEST_CASE("a timed-out write whose value another write also wrote stays open") {
  std::vector<Operation> history = {put("a", 0, -1), put("a", 1, 2), get("a", 5, 6)};
  TimedOutWrites result = resolve_timed_out_writes(history);
  CHECK(result.open == 1);
  CHECK(history[0].pending);
}

TEST_CASE("a timed-out write seen by a read that returned before its call stays open for the search to reject") {
  std::vector<Operation> history = {get("a", 0, 1), put("a", 5, -1)};
  CHECK(resolve_timed_out_writes(history).open == 1);
  CHECK(check_linearizable(history, 1000) == LinearizabilityOutcome::not_linearizable);
}

TEST_CASE("dropping repeats: a timed-out cas was the only one to expect another timed-out write's value") {
  // cas b->c pending, nobody reads c: dropped; then nothing expects b any more: put b dropped too.
  std::vector<Operation> history = {put("b", 0, -1), cas("b", "c", 2, -1), get("", 5, 6)};
  CHECK(resolve_timed_out_writes(history).dropped == 2);
  CHECK(history.size() == 1);
}

TEST_CASE("an empty timed-out append changes nothing and is dropped") {
  std::vector<Operation> history = {append("", 0, -1), get("", 5, 6)};
  CHECK(resolve_timed_out_writes(history).dropped == 1);
}

TEST_CASE("neither the reduction nor the search changes a verdict (brute force on random small histories)") {
  Rng rng(20260522);
  int linearizable = 0, not_linearizable = 0;
  TimedOutWrites totals;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<Operation> history = random_history(rng);
    bool expected = brute_force_linearizable(history);
    std::vector<Operation> resolved = history;
    TimedOutWrites result = resolve_timed_out_writes(resolved);
    totals.dropped += result.dropped;
    totals.bounded += result.bounded;
    totals.open += result.open;
    INFO("trial " << trial);
    REQUIRE(brute_force_linearizable(resolved) == expected);
    REQUIRE(check_linearizable(history, 1'000'000) ==
            (expected ? LinearizabilityOutcome::linearizable : LinearizabilityOutcome::not_linearizable));
    (expected ? linearizable : not_linearizable) += 1;
  }
  // The cross-check means something only if it met every case.
  CHECK(linearizable > 2000);
  CHECK(not_linearizable > 2000);
  CHECK(totals.dropped > 500);
  CHECK(totals.bounded > 500);
  CHECK(totals.open > 500);
}
