#include <catch2/catch.hpp>

#include "sim/core/time.h"

using namespace dsim;

TEST_CASE("durations parse in every unit the scenario format allows") {
  CHECK(parse_duration("150ms") == 150000);
  CHECK(parse_duration("2.5s") == 2500000);
  CHECK(parse_duration("10us") == 10);
  CHECK(parse_duration("1m") == 60000000);
  CHECK(parse_duration("1h") == 3600000000);
  CHECK(parse_duration("0") == 0);
  CHECK(parse_duration("0.1s") == 100000);
  CHECK(parse_duration("0.001ms") == 1);
}

TEST_CASE("bad durations are rejected with a reason") {
  std::string error;
  CHECK_FALSE(parse_duration("150", &error));
  CHECK(error == "duration \"150\" has no unit (use us, ms, s, m or h)");
  CHECK_FALSE(parse_duration("3sec", &error));
  CHECK(error == "unknown unit 'sec' in \"3sec\" (use us, ms, s, m or h)");
  CHECK_FALSE(parse_duration("", &error));
  CHECK_FALSE(parse_duration("ms", &error));
  CHECK_FALSE(parse_duration("-5ms", &error));
  CHECK_FALSE(parse_duration("0.5us", &error));
  CHECK(error == "duration \"0.5us\" is not a whole number of microseconds");
  CHECK_FALSE(parse_duration("99999999999999999s", &error));
  CHECK_FALSE(parse_duration("200000000000m", &error));
  CHECK(error == "duration \"200000000000m\" is too large");
}

TEST_CASE("durations print in the largest exact unit and read back") {
  CHECK(format_duration(150000) == "150ms");
  CHECK(format_duration(2500000) == "2.5s");
  CHECK(format_duration(10) == "10us");
  CHECK(format_duration(60000000) == "1m");
  CHECK(format_duration(90000000) == "90s");
  CHECK(format_duration(1500) == "1.5ms");
  CHECK(format_duration(1234567) == "1234.567ms");
  CHECK(format_duration(0) == "0s");
  for (DurationUs d : std::initializer_list<DurationUs>{1, 999, 1000, 1001, 123456, 5000000, 7200000000}) {
    CHECK(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("times print as seconds with milliseconds") {
  CHECK(format_time_seconds(3200000) == "3.200s");
  CHECK(format_time_seconds(0) == "0.000s");
}
