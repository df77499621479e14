// Table tests of the linearizability search on hand-written key-value histories (independent of
// any protocol): sequential and concurrent histories, stale reads, pending ("info") operations,
// and the shrinking of a failing history to its core.
#include <catch2/catch.hpp>

#include "sim/check/linearizability.h"

using namespace dsim;

namespace {

// op(process, "put", "x", input, output, call_ms, return_ms); return_ms < 0: pending.
Operation op(NodeId process, std::string name, std::string input, std::string output, TimeUs call_ms,
             TimeUs return_ms) {
  Operation operation;
  operation.process = process;
  operation.op = std::move(name);
  operation.key = "x";
  operation.input = std::move(input);
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
       {op(1, "put", "a", "", 0, 1), op(2, "cas", "a|b", "", 2, 3), op(3, "get", "", "b", 4, 5)},
       O::linearizable},
      {"a cas cannot succeed on the wrong value",
       {op(1, "put", "a", "", 0, 1), op(2, "cas", "z|b", "", 2, 3)},
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
      {1, 8, HistoryEvent::Kind::invoke, "cas", "x", "q|r", 1},
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
  CHECK(operations[0].op == "put");
  CHECK(operations[0].return_us == 2);
  CHECK(operations[1].op == "get");
  CHECK(operations[1].output == "a");
  CHECK(operations[2].op == "append");
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
  CHECK(smallest[0].input == "a");
  CHECK(smallest[1].input == "b");
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

TEST_CASE("the search gives up rather than run past its budget") {
  // Twelve concurrent appends and a read that matches no order: many states to explore.
  std::vector<Operation> history;
  for (int i = 0; i < 12; ++i) history.push_back(op(static_cast<NodeId>(i), "append", std::string(1, static_cast<char>('a' + i)), "", 0, 100));
  history.push_back(op(99, "get", "", "nope", 101, 102));
  CHECK(check_linearizable(history, 1000) == LinearizabilityOutcome::gave_up);
}

TEST_CASE("describe_operation shows the call, result and interval") {
  Operation get = op(2, "get", "", "a", 1200, 1350);
  CHECK(describe_operation(get, "c0") == "c0 get x -> \"a\" [1.200s, 1.350s]");
  Operation cas = op(3, "cas", "a|b", "", 0, -1);
  CHECK(describe_operation(cas) == "node 3 cas x \"a\"->\"b\" [0.000s, never answered]");
}
