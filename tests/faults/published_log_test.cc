// Reading a server's published log back for the aimed nemesis moves (sim/faults/published_log.h):
// integers and integer arrays as the view publishes them, anything else refused, and the Figure 8
// condition (an uncommitted entry of an older term) on hand-made logs.
#include <catch2/catch.hpp>

#include "sim/faults/published_log.h"

using namespace dsim;

TEST_CASE("published integers are read; anything else is none") {
  CHECK(parse_json_integer("42") == 42);
  CHECK(parse_json_integer(" -1 ") == -1);
  CHECK(parse_json_integer("0") == 0);
  CHECK_FALSE(parse_json_integer("").has_value());
  CHECK_FALSE(parse_json_integer("\"3\"").has_value());
  CHECK_FALSE(parse_json_integer("3.5").has_value());
  CHECK_FALSE(parse_json_integer("-").has_value());
  CHECK_FALSE(parse_json_integer("99999999999999999999").has_value());
}

TEST_CASE("published integer arrays are read; anything else is none") {
  CHECK(parse_json_integer_array("[]") == std::vector<std::int64_t>{});
  CHECK(parse_json_integer_array("[1,1,2]") == std::vector<std::int64_t>{1, 1, 2});
  CHECK(parse_json_integer_array(" [ 3 , 4 ] ") == std::vector<std::int64_t>{3, 4});
  CHECK_FALSE(parse_json_integer_array("").has_value());
  CHECK_FALSE(parse_json_integer_array("[1,]").has_value());
  CHECK_FALSE(parse_json_integer_array("[1 2]").has_value());
  CHECK_FALSE(parse_json_integer_array("[1").has_value());
  CHECK_FALSE(parse_json_integer_array("[1] x").has_value());
  CHECK_FALSE(parse_json_integer_array("[\"a\"]").has_value());
}

TEST_CASE("a log holds uncommitted entries of an old term only past its commit index and below its term") {
  PublishedLog log;
  log.start = 1;
  log.terms = {1, 1, 2, 2};
  log.term = 3;
  log.commit_index = 2;
  CHECK(log.last_index() == 4);
  CHECK(log.holds_uncommitted_entries_of_old_term());  // entries 3 and 4 are term 2 < 3, uncommitted
  log.commit_index = 4;
  CHECK_FALSE(log.holds_uncommitted_entries_of_old_term());  // all committed
  log.commit_index = 2;
  log.term = 2;
  CHECK_FALSE(log.holds_uncommitted_entries_of_old_term());  // they are of the current term
  log.terms = {1, 1, 2, 3};
  log.term = 3;
  CHECK(log.holds_uncommitted_entries_of_old_term());  // entry 3 is still of term 2

  PublishedLog compacted;  // after a snapshot: the window starts at 11
  compacted.start = 11;
  compacted.terms = {2, 4};
  compacted.term = 4;
  compacted.commit_index = 11;
  CHECK(compacted.last_index() == 12);
  CHECK_FALSE(compacted.holds_uncommitted_entries_of_old_term());
  compacted.commit_index = 10;
  CHECK(compacted.holds_uncommitted_entries_of_old_term());

  PublishedLog empty;
  empty.start = 6;
  CHECK(empty.last_index() == 5);
  CHECK_FALSE(empty.holds_uncommitted_entries_of_old_term());
}
