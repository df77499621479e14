// The history of a published integer key (viz/model/state_series.h), read from hand-written
// traces: one series per node, values in time order, removals as 0, and nothing past the moment.
#include <catch2/catch.hpp>

#include "sim/trace/trace_reader.h"
#include "tests/viz/trace_text.h"
#include "viz/model/state_series.h"
#include "viz/model/timeline.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::TraceText;

TEST_CASE("integer series follow a key node by node up to a moment, a removal reading as zero", "[viz][model]") {
  TraceText trace(3);
  trace.state(0, 1, "queue", "0").state(100, 1, "queue", "3").state(200, 0, "queue", "1").state(300, 1, "queue", "null");
  trace.state(400, 2, "queue", "\"not a number\"").state(500, 1, "queue", "7").state(50, 0, "other", "9");
  Timeline timeline(read_trace_text(trace.text(1000), "test.jsonl"));
  std::vector<IntegerSeries> all = integer_series(timeline, "queue", 1000);
  REQUIRE(all.size() == 2);  // node 2's value is not an integer
  CHECK(all[0].node == 0);
  CHECK(all[1].node == 1);
  CHECK(all[1].points == std::vector<std::pair<TimeUs, std::int64_t>>{{0, 0}, {100, 3}, {300, 0}, {500, 7}});
  CHECK(all[1].at(99) == 0);
  CHECK(all[1].at(100) == 3);
  CHECK(all[1].at(350) == 0);
  CHECK(all[0].at(150, -1) == -1);  // before its first point
  CHECK(all[1].highest() == 7);
  // Up to 250 us only: node 1's removal and later value are not there yet.
  std::vector<IntegerSeries> early = integer_series(timeline, "queue", 250);
  REQUIRE(early.size() == 2);
  CHECK(early[1].points.size() == 2);
  WorldSnapshot world = timeline.snapshot_at(250);
  CHECK(publishes(world, "queue"));
  CHECK_FALSE(publishes(world, "missing"));
  CHECK(integer_of(world.nodes[1], "queue") == 3);
  CHECK(integer_of(world.nodes[2], "queue", -5) == -5);
}
