// The published-log reader (sim/check/published_log.h): its hand-written canonical readers agree
// with the full JSON parser on every input they accept and decline the rest, and a log window read
// incrementally (the part kept from the previous window plus what was appended) is the window the
// text says, whatever changed in it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/check/published_log.h"

using namespace dsim;

TEST_CASE("the canonical integer reader takes the protocols' form and declines the rest") {
  struct Row {
    std::string json;
    bool canonical;
    std::int64_t value;
  };
  std::vector<Row> rows = {
      {"0", true, 0},           {"7", true, 7},       {"-12", true, -12},
      {"123456789012345678", true, 123456789012345678},
      {"1234567890123456789", false, 0},  // 19 digits: the full parser decides (overflow)
      {"-0", false, 0},         {"01", false, 0},     {" 1", false, 0},  {"1 ", false, 0},
      {"1.0", false, 0},        {"1e3", false, 0},    {"", false, 0},    {"-", false, 0},
      {"\"1\"", false, 0},      {"[1]", false, 0},
  };
  for (const Row& row : rows) {
    INFO(row.json);
    std::int64_t value = -99;
    CHECK(parse_canonical_integer(row.json, value) == row.canonical);
    if (row.canonical) CHECK(value == row.value);
  }
  // What the canonical reader declines still reads as JSON through the full parser.
  std::int64_t value = 0;
  CHECK(parse_json_integer(" 1", value));
  CHECK(value == 1);
  CHECK(parse_json_integer("-0", value));
  CHECK(value == 0);
  CHECK_FALSE(parse_json_integer("1.5", value));
  CHECK_FALSE(parse_json_integer("\"1\"", value));
}

TEST_CASE("the canonical array and string readers agree with the full parser") {
  std::vector<std::int64_t> values;
  CHECK(parse_canonical_integer_array("[]", values));
  CHECK(values.empty());
  CHECK(parse_canonical_integer_array("[3,3,-4,10]", values));
  CHECK(values == std::vector<std::int64_t>{3, 3, -4, 10});
  for (std::string declined : {"[1, 2]", "[1,]", "[,1]", "[1,2", "1,2]", "[1]x", "[\"a\"]", "[1.5]", "[ ]"}) {
    INFO(declined);
    CHECK_FALSE(parse_canonical_integer_array(declined, values));
  }
  CHECK(parse_json_integer_array("[1, 2]", values));
  CHECK(values == std::vector<std::int64_t>{1, 2});
  CHECK_FALSE(parse_json_integer_array("[1,\"a\"]", values));

  std::string text;
  CHECK(parse_canonical_string("\"leader\"", text));
  CHECK(text == "leader");
  CHECK_FALSE(parse_canonical_string("\"a\\\"b\"", text));  // an escape: the full parser reads it
  CHECK(parse_json_string("\"a\\\"b\"", text));
  CHECK(text == "a\"b");
  CHECK_FALSE(parse_json_string("7", text));
}

TEST_CASE("a log window read piece by piece equals the window its text shows") {
  PublishedLogs logs;
  struct Step {
    std::string log_start;  // "" when not republished
    std::string log;
    std::int64_t start;
    std::vector<std::int64_t> terms;
  };
  std::vector<Step> steps = {
      {"1", "[1,1]", 1, {1, 1}},
      {"", "[1,1,2]", 1, {1, 1, 2}},                  // appended
      {"2", "[1,2,2,2]", 2, {1, 2, 2, 2}},            // slid by one, two appended
      {"4", "[2,2]", 4, {2, 2}},                      // compacted, nothing appended
      {"", "[2,3]", 4, {2, 3}},                       // the last entry replaced (same length)
      {"", "[2,3,3,10,11]", 4, {2, 3, 3, 10, 11}},
      {"9", "[12]", 9, {12}},                         // slid past everything it showed
      {"8", "[12,12,12]", 8, {12, 12, 12}},           // start moved back (a snapshot install)
      {"", "[ 12, 13 ]", 8, {12, 13}},                // not canonical: the full parser
      {"", "[12,13,14]", 8, {12, 13, 14}},            // and canonical again after it
      {"", "[]", 8, {}},
      {"", "[5]", 8, {5}},
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("step " << i);
    if (!steps[i].log_start.empty()) CHECK(logs.update(0, "log_start", steps[i].log_start));
    CHECK(logs.update(0, "log", steps[i].log));
    CHECK(logs.server(0).log_start == steps[i].start);
    CHECK(logs.server(0).terms == steps[i].terms);
  }
  // A crash clears what the server showed; the next window is read afresh.
  CHECK(logs.update(0, "log", ""));
  CHECK_FALSE(logs.server(0).present);
  CHECK(logs.update(0, "log", "[7,8]"));
  CHECK(logs.server(0).terms == std::vector<std::int64_t>{7, 8});
}

TEST_CASE("a reader that does not track the log skips it but still counts it as its key") {
  PublishedLogs roles(/*track_log=*/false);
  CHECK(roles.update(0, "log_start", "5"));
  CHECK(roles.update(0, "log", "[1,2]"));
  CHECK(roles.server(0).terms.empty());
  CHECK(roles.server(0).log_start == 1);
  CHECK(roles.update(0, "role", "\"leader\""));
  CHECK(roles.server(0).role == "leader");
  CHECK_FALSE(roles.update(0, "phase", "\"vote\""));
}
