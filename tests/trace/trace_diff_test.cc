// first_difference, as `dsim run --check-determinism` uses it: it names the first line where two
// traces part ways, with the event's time.
#include <catch2/catch.hpp>

#include "sim/trace/trace_diff.h"
#include "tests/trace/ping_pong_run.h"

using namespace dsim;
using namespace dsim::testing;

TEST_CASE("identical traces have no difference") {
  CHECK_FALSE(first_difference("a\nb\n", "a\nb\n").has_value());
  CHECK_FALSE(first_difference("", "").has_value());
}

TEST_CASE("the first differing event line is named with its time") {
  std::string left = "{\"format\":\"dsim-trace\"}\n{\"t\":5,\"e\":\"x\"}\n{\"t\":3201000,\"e\":\"a\"}\n{\"t\":4000000,\"e\":\"z\"}\n";
  std::string right = "{\"format\":\"dsim-trace\"}\n{\"t\":5,\"e\":\"x\"}\n{\"t\":3201000,\"e\":\"b\"}\n{\"t\":4000000,\"e\":\"y\"}\n";
  auto difference = first_difference(left, right);
  REQUIRE(difference.has_value());
  CHECK(difference->line == 3);
  CHECK(difference->left == "{\"t\":3201000,\"e\":\"a\"}");
  CHECK(difference->right == "{\"t\":3201000,\"e\":\"b\"}");
  CHECK(difference->time_us == 3201000);
  CHECK(difference->describe() ==
        "traces differ at line 3 (event at t=3.201s): {\"t\":3201000,\"e\":\"a\"} vs {\"t\":3201000,\"e\":\"b\"}");
}

TEST_CASE("a trace that ends early differs where it ends") {
  auto difference = first_difference("h\n{\"t\":1,\"e\":\"a\"}\n{\"t\":2,\"e\":\"b\"}\n", "h\n{\"t\":1,\"e\":\"a\"}\n");
  REQUIRE(difference.has_value());
  CHECK(difference->line == 3);
  CHECK(difference->right.empty());
  CHECK(difference->right_ended);
  CHECK_FALSE(difference->left_ended);
  CHECK(difference->describe() ==
        "traces differ at line 3 (event at t=0.000s): {\"t\":2,\"e\":\"b\"} vs (the second trace ends here)");
}

TEST_CASE("a differing header is named as the header") {
  auto difference = first_difference("{\"seed\":1}\nx\n", "{\"seed\":2}\nx\n");
  REQUIRE(difference.has_value());
  CHECK(difference->line == 1);
  CHECK(difference->describe() == "traces differ at line 1 (the header): {\"seed\":1} vs {\"seed\":2}");
}

TEST_CASE("traces that differ only in the final newline are still different") {
  auto difference = first_difference("a\nb\n", "a\nb");
  REQUIRE(difference.has_value());
  CHECK(difference->line == 2);
  CHECK(difference->describe() == "traces differ at line 2: b vs b (only the final newline differs)");
}

TEST_CASE("two runs that crash a node at different times first differ at the earlier crash") {
  PingPongLog first_log;
  PingPongLog second_log;
  std::string crash_at_4ms = run_ping_pong(first_log, {.seed = 42, .crash_at_us = 4000});
  std::string crash_at_4_6ms = run_ping_pong(second_log, {.seed = 42, .crash_at_us = 4600});
  auto difference = first_difference(crash_at_4ms, crash_at_4_6ms);
  REQUIRE(difference.has_value());
  // Lines 1-21 are the header and the events before 4ms (see trace_writer_test.cc).
  CHECK(difference->line == 22);
  CHECK(difference->left == R"({"t":4000,"e":"fault","kind":"crash","nodes":[1],"detail":""})");
  CHECK(difference->right == R"({"t":4500,"e":"note","node":null,"text":"the beta node is gone"})");
  CHECK(difference->describe().starts_with("traces differ at line 22 (event at t=0.004s): {\"t\":4000,"));
}
