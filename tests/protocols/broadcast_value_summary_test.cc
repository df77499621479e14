// Table tests of value ids and the digest's "contiguous prefix plus exceptions" summary.
#include <catch2/catch.hpp>

#include "sim/protocols/broadcast/value_summary.h"

using dsim::broadcast::parse_value_id;
using dsim::broadcast::ValueId;
using dsim::broadcast::ValueSummary;

TEST_CASE("value ids print as c<client>-<sequence> and read back") {
  CHECK(ValueId{0, 17}.to_string() == "c0-17");
  CHECK(ValueId{12, 3}.to_string() == "c12-3");
  CHECK(parse_value_id("c0-17") == ValueId{0, 17});
  CHECK(parse_value_id("c12-3") == ValueId{12, 3});
}

TEST_CASE("malformed value ids are rejected") {
  for (const char* text : {"", "c", "c0", "c0-", "c-1", "x0-1", "c0-0", "c0-1x", "c0x-1", "c0--1"}) {
    INFO(text);
    CHECK_FALSE(parse_value_id(text).has_value());
  }
}

TEST_CASE("value ids order by client then sequence, not as text") {
  CHECK(ValueId{0, 2} < ValueId{0, 10});
  CHECK(ValueId{0, 99} < ValueId{1, 1});
}

TEST_CASE("a summary keeps a contiguous prefix and lists only the gaps beyond it") {
  ValueSummary summary;
  for (std::uint64_t sequence : {1, 2, 3, 5, 7}) summary.add({0, sequence});
  summary.add({1, 2});
  CHECK(summary.describe() == "c0:1-3,5,7 c1:2");
  CHECK(summary.size() == 6);
  CHECK(summary.contains({0, 3}));
  CHECK(summary.contains({0, 5}));
  CHECK_FALSE(summary.contains({0, 4}));
  CHECK_FALSE(summary.contains({1, 1}));
  CHECK_FALSE(summary.contains({2, 1}));
  CHECK(summary.encoded_numbers() == 2 + 2 + 2 + 1);
}

TEST_CASE("filling a gap folds the exceptions behind it into the prefix") {
  ValueSummary summary;
  for (std::uint64_t sequence : {2, 3, 5, 1}) summary.add({0, sequence});
  CHECK(summary.describe() == "c0:1-3,5");
  summary.add({0, 4});
  CHECK(summary.describe() == "c0:1-5");
  CHECK(summary.encoded_numbers() == 2);
}

TEST_CASE("adding a value twice changes nothing") {
  ValueSummary summary;
  summary.add({3, 1});
  summary.add({3, 1});
  summary.add({3, 4});
  summary.add({3, 4});
  CHECK(summary.size() == 2);
  CHECK(summary.describe() == "c3:1,4");
}

TEST_CASE("a summary lists its values in client then sequence order") {
  ValueSummary summary;
  for (ValueId value : {ValueId{1, 1}, ValueId{0, 3}, ValueId{0, 1}, ValueId{0, 2}}) summary.add(value);
  CHECK(summary.values() == std::vector<ValueId>{{0, 1}, {0, 2}, {0, 3}, {1, 1}});
}
