// Table tests of the linearizability search on hand-written key-value histories (independent of
// any protocol): sequential and concurrent histories, stale reads, pending ("info") operations,
// and the shrinking of a failing history to its core.
#include <catch2/catch.hpp>

#include "sim/check/linearizability.h"

using namespace dsim;

namespace {

// op(process, "put", input, output, call_ms, return_ms) on key "x"; return_ms < 0: pending. A
// cas's input is written "expected->new" here, only to keep the table short.
Operation op(NodeId process, std::string name, std::string input, std::string output, TimeUs call_ms,
             TimeUs return_ms) {
  Operation operation;
  operation.process = process;
  operation.op = *kv_op_from_name(name);
  operation.key = "x";
  if (operation.op == KvOp::cas) {
    std::size_t arrow = input.find("->");
    operation.expected = input.substr(0, arrow);
    operation.value = input.substr(arrow + 2);
  } else {
    operation.value = std::move(input);
  }
  operation.output = std::move(output);
  operation.call_us = call_ms * kMillisecond;
  operation.pending = return_ms < 0;
  operation.return_us = operation.pending ? kTimeNever : return_ms * kMillisecond;
  return operation;
}

struct Row {
  const char* description;
  std::vector<Operation> history;
  LinearizabilityOutcome expected;
};

}  // namespace

TEST_CASE("the search decides a table of hand-written histories") {
  using O = LinearizabilityOutcome;
  std::vector<Row> rows = {
      {"empty history", {}, O::linearizable},
      {"a read of the initial value", {op(1, "get", "", "", 0, 1)}, O::linearizable},
      {"sequential put then get", {op(1, "put", "a", "", 0, 1), op(2, "get", "", "a", 2, 3)}, O::linearizable},
      {"a stale read after a completed put",
       {op(1, "put", "a", "", 0, 1), op(1, "put", "b", "", 2, 3), op(2, "get", "", "a", 4, 5)},
       O::not_linearizable},
      {"a read concurrent with a put may see either value (old)",
       {op(1, "put", "a", "", 0, 1), op(1, "put", "b", "", 2, 6), op(2, "get", "", "a", 3, 4)},
       O::linearizable},
      {"a read concurrent with a put may see either value (new)",
       {op(1, "put", "a", "", 0, 1), op(1, "put", "b", "", 2, 6), op(2, "get", "", "b", 3, 4)},
       O::linearizable},
      {"two reads may not see new then old",
       {op(1, "put", "b", "", 0, 10), op(2, "get", "", "b", 1, 2), op(3, "get", "", "", 3, 4)},
       O::not_linearizable},
      {"a read of a value never written", {op(1, "put", "a", "", 0, 1), op(2, "get", "", "z", 2, 3)},
       O::not_linearizable},
      {"appends concatenate in linearization order",
       {op(1, "append", "1", "", 0, 5), op(2, "append", "2", "", 0, 5), op(3, "get", "", "21", 6, 7)},
       O::linearizable},
      {"appends cannot interleave against real time",
       {op(1, "append", "1", "", 0, 1), op(2, "append", "2", "", 2, 3), op(3, "get", "", "21", 4, 5)},
       O::not_linearizable},
      {"a successful cas needs the expected value",
       {op(1, "put", "a", "", 0, 1), op(2, "cas", "a->b", "", 2, 3), op(3, "get", "", "b", 4, 5)},
       O::linearizable},
      {"a cas cannot succeed on the wrong value",
       {op(1, "put", "a", "", 0, 1), op(2, "cas", "z->b", "", 2, 3)},
       O::not_linearizable},
      {"a pending put may have taken effect",
       {op(1, "put", "a", "", 0, -1), op(2, "get", "", "a", 5, 6)},
       O::linearizable},
      {"a pending put may never take effect",
       {op(1, "put", "a", "", 0, -1), op(2, "get", "", "", 5, 6)},
       O::linearizable},
      {"a pending put cannot take effect before it was called",
       {op(2, "get", "", "a", 0, 1), op(1, "put", "a", "", 5, -1)},
       O::not_linearizable},
      {"a pending put takes effect once, not on and off",
       {op(1, "put", "a", "", 0, -1), op(2, "get", "", "a", 5, 6), op(2, "get", "", "", 7, 8)},
       O::not_linearizable},
      {"operations ending and starting at the same instant count as concurrent",
       {op(1, "put", "a", "", 0, 5), op(2, "get", "", "", 5, 6)},
       O::linearizable},
  };
  for (const Row& row : rows) {
    INFO(row.description);
    CHECK(check_linearizable(row.history, 100000) == row.expected);
  }
}

TEST_CASE("operations_from_history pairs completions, drops fails and keeps info as pending") {
  std::vector<HistoryEvent> history = {
      {0, 7, HistoryEvent::Kind::invoke, "put", "x", "a", 1},
      {1, 8, HistoryEvent::Kind::invoke, "cas", "x", "r", 1, "q"},
      {2, 7, HistoryEvent::Kind::ok, "put", "x", "", 1},
      {3, 8, HistoryEvent::Kind::fail, "cas", "x", "", 1},
      {4, 8, HistoryEvent::Kind::invoke, "get", "x", "", 2},
      {5, 8, HistoryEvent::Kind::ok, "get", "x", "a", 2},
      {6, 7, HistoryEvent::Kind::invoke, "append", "x", "b", 2},
      {9, 7, HistoryEvent::Kind::info, "append", "x", "", 2},
      {10, 9, HistoryEvent::Kind::invoke, "broadcast", "", "m", 1},
  };
  std::vector<Operation> operations = operations_from_history(history);
  REQUIRE(operations.size() == 3);
  CHECK(operations[0].op == KvOp::put);
  CHECK(operations[0].return_us == 2);
  CHECK(operations[1].op == KvOp::get);
  CHECK(operations[1].output == "a");
  CHECK(operations[2].op == KvOp::append);
  CHECK(operations[2].pending);
  CHECK(operations[2].return_us == kTimeNever);
}

TEST_CASE("a failing key is shrunk to the operations that prove it") {
  // Many innocent operations around one stale read: put a, put b, then a read of a.
  std::vector<Operation> history;
  history.push_back(op(1, "put", "a", "", 0, 1));
  for (int i = 0; i < 10; ++i) history.push_back(op(3, "append", "", "", 2 + i, 2 + i));  // appends of "" change nothing
  history.push_back(op(1, "put", "b", "", 20, 21));
  for (int i = 0; i < 10; ++i) history.push_back(op(4, "get", "", "b", 22 + 2 * i, 23 + 2 * i));
  history.push_back(op(2, "get", "", "a", 50, 51));
  REQUIRE(check_linearizable(history, 100000) == LinearizabilityOutcome::not_linearizable);
  std::vector<Operation> smallest = shrink_non_linearizable(history, 100000);
  REQUIRE(smallest.size() == 3);  // put a, put b, then a read of a
  CHECK(smallest[0].value == "a");
  CHECK(smallest[1].value == "b");
  CHECK(smallest[2].output == "a");
  CHECK(check_linearizable(smallest, 100000) == LinearizabilityOutcome::not_linearizable);
}

TEST_CASE("keys are checked independently and only failing keys are reported") {
  std::vector<Operation> history = {op(1, "put", "a", "", 0, 1), op(2, "get", "", "a", 2, 3),
                                    op(1, "put", "a", "", 0, 1), op(2, "get", "", "z", 2, 3)};
  history[2].key = history[3].key = "y";
  auto verdicts = check_key_value_history(history, 100000);
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].key == "y");
  CHECK(verdicts[0].outcome == LinearizabilityOutcome::not_linearizable);
  CHECK(verdicts[0].smallest.size() == 1);  // the read of "z" alone cannot be explained
}

TEST_CASE("the search stops at its budget and says undecided") {
  // Twelve concurrent puts of "a" and a read of "ab", which no order can give. Every put may come
  // last before the read, so nothing rules a subset out early: 2^12 sets of puts to try.
  std::vector<Operation> history;
  for (int i = 0; i < 12; ++i) history.push_back(op(static_cast<NodeId>(i), "put", "a", "", 0, 100));
  history.push_back(op(99, "get", "", "ab", 101, 102));
  SearchResult result = search_linearization(history, 1000);
  CHECK(result.outcome == LinearizabilityOutcome::undecided);
  CHECK(result.states == 1000);
  CHECK(result.most_linearized == 12);  // every put placed; the read never matched
  // Given room, the same search decides.
  result = search_linearization(history, 100'000);
  CHECK(result.outcome == LinearizabilityOutcome::not_linearizable);
  CHECK(result.states == 4095);  // every non-empty set of puts, with the state "a"
}

TEST_CASE("a history full of timed-out writes is decided within a small budget (issue 22)") {
  // Eight clients append to one key, round after round: one append answered, seven timed out and
  // never read, then a read of everything answered so far. Left pending, the timed-out appends
  // could each have taken effect anywhere after their call, in any order, and the search drowned
  // in configurations (the old search gave up at 2,000,000 steps with three rounds). No read ever
  // saw them, so they are dropped before the search.
  std::vector<Operation> history;
  std::string answered;
  for (int round = 0; round < 60; ++round) {
    TimeUs start = round * 100;
    for (int client = 0; client < 8; ++client) {
      std::string value = "+c" + std::to_string(client) + "." + std::to_string(round);
      history.push_back(op(static_cast<NodeId>(client), "append", value, "", start + client, client == 0 ? start + 20 : -1));
    }
    answered += "+c0." + std::to_string(round);
    history.push_back(op(9, "get", "", answered, start + 30, start + 40));
  }
  SearchResult result = search_linearization(history, 10'000);
  CHECK(result.outcome == LinearizabilityOutcome::linearizable);
  CHECK(result.timed_out.dropped == 420);
  // A timed-out append that a later read did see took effect before that read returned...
  history.push_back(op(8, "append", "+late", "", 6000, -1));
  history.push_back(op(9, "get", "", answered + "+late", 6100, 6200));
  result = search_linearization(history, 10'000);
  CHECK(result.timed_out.bounded == 1);
  CHECK(result.outcome == LinearizabilityOutcome::linearizable);
  // ...so a read after that one that lacks it is caught.
  history.push_back(op(9, "get", "", answered, 6300, 6400));
  CHECK(check_linearizable(history, 10'000) == LinearizabilityOutcome::not_linearizable);
}

TEST_CASE("a cas is judged on its own fields, whatever its values contain") {
  // The values hold "|", which a packed "expected|new" text would have split in the wrong place.
  std::vector<Operation> history = {op(1, "put", "a|b", "", 0, 1), op(1, "cas", "a|b->c", "", 2, 3),
                                    op(2, "get", "", "c", 4, 5)};
  CHECK(check_linearizable(history, 1000) == LinearizabilityOutcome::linearizable);
  history[2].output = "a|b";  // a read of the value the cas replaced, after the cas returned
  CHECK(check_linearizable(history, 1000) == LinearizabilityOutcome::not_linearizable);
}

TEST_CASE("describe_operation shows the call, result and interval") {
  Operation get = op(2, "get", "", "a", 1200, 1350);
  CHECK(describe_operation(get, "c0") == "c0 get x -> \"a\" [1.200s, 1.350s]");
  Operation cas = op(3, "cas", "a|b->c", "", 0, -1);
  CHECK(describe_operation(cas) == "node 3 cas x \"a|b\"->\"c\" [0.000s, never answered]");
}
