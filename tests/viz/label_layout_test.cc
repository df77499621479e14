// Legend entries flowed into rows (flow_layout.h) and the sentinels published integers carry,
// written as words (published_words.h): the pure helpers behind the shard ring's legend, the
// topology's numbers and the inspector.
#include <catch2/catch.hpp>

#include "tests/viz/loaded_view.h"
#include "tests/viz/trace_text.h"
#include "viz/model/flow_layout.h"
#include "viz/model/published_words.h"
#include "viz/model/run_views.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::TraceText;

TEST_CASE("legend entries flow into rows no wider than the panel", "[viz][layout]") {
  // The shard ring's three entries: 100, 200 and 330 px, 13 px apart.
  const std::vector<float> widths{100, 200, 330};
  CHECK(flow_rows(widths, 1000, 13) == std::vector<std::size_t>{0, 0, 0});
  CHECK(flow_rows(widths, 313, 13) == std::vector<std::size_t>{0, 0, 1});   // 100 + 13 + 200 fits exactly
  CHECK(flow_rows(widths, 312, 13) == std::vector<std::size_t>{0, 1, 2});
  // Wider than the panel alone: a row of its own (its words wrap there); nothing dropped.
  CHECK(flow_rows(widths, 150, 13) == std::vector<std::size_t>{0, 1, 2});
  CHECK(flow_rows({400, 20, 20}, 150, 13) == std::vector<std::size_t>{0, 1, 1});
  CHECK(flow_rows({}, 150, 13).empty());
}

TEST_CASE("sentinels read as words, ordinary numbers as numbers", "[viz][sentinels]") {
  CHECK(sentinel_word("worker_job", -1) == std::optional<std::string_view>("none"));
  CHECK_FALSE(sentinel_word("worker_job", 3).has_value());
  CHECK(sentinel_word("voted_for", -1).has_value());
  CHECK(sentinel_word("leader", -1).has_value());
  CHECK(sentinel_word("holder", -1).has_value());
  CHECK(sentinel_word("hit_ratio_permille", -1) == std::optional<std::string_view>("no reads"));
  CHECK_FALSE(sentinel_word("hit_ratio_permille", 0).has_value());
  CHECK_FALSE(sentinel_word("crdt_value", -1).has_value());  // a PN-counter's -1 is a value

  CHECK(with_sentinel_words("voted_for", "-1") == std::optional<std::string>("\"none\""));
  CHECK_FALSE(with_sentinel_words("voted_for", "2").has_value());
  CHECK_FALSE(with_sentinel_words("term", "-1").has_value());
  // Inside the log's values: a partition's leader, the group's committed offsets, positions.
  CHECK(with_sentinel_words("partition.p0", R"({"leader":-1,"epoch":2,"log_end":45})") ==
        std::optional<std::string>(R"({"epoch":2,"leader":"none","log_end":45})"));
  CHECK(with_sentinel_words("group", R"({"generation":3,"committed":[12,7,-1]})") ==
        std::optional<std::string>(R"({"committed":[12,7,"never"],"generation":3})"));
  CHECK(with_sentinel_words("consumer", R"({"state":"member","positions":[12,-1,4]})") ==
        std::optional<std::string>(R"({"positions":[12,"none",4],"state":"member"})"));
  CHECK_FALSE(with_sentinel_words("partition.p0", R"({"leader":1,"epoch":2})").has_value());
  // Another protocol's object with a "leader" member is left as it is.
  CHECK_FALSE(with_sentinel_words("shard_map", R"({"leader":-1})").has_value());
  CHECK_FALSE(with_sentinel_words("worker_job", "not json").has_value());
}

TEST_CASE("the topology's numbers never show a sentinel: an idle worker has no worker_job -1", "[viz][sentinels]") {
  TraceText trace(3, 0, kSecond);
  trace.state(0, 2, "role", "\"worker\"").state(0, 2, "worker_job", "-1").state(0, 2, "worker_state", "\"idle\"");
  trace.state(500000, 2, "worker_job", "4").state(500000, 2, "worker_state", "\"working\"");
  trace.state(0, 1, "role", "\"lock service\"").state(0, 1, "holder", "-1").state(0, 1, "lease_expires_us", "-1");
  trace.state(0, 1, "token", "0");
  trace.state(0, 0, "role", "\"resource\"").state(0, 0, "highest_token", "0").state(0, 0, "last_writer", "-1");
  trace.state(0, 0, "writes_accepted", "0");
  LoadedView run(trace.text(kSecond));
  run.at(100000);
  CHECK(node_badge(run.world.nodes[2]).empty());
  CHECK(node_badge(run.world.nodes[1]).empty());
  CHECK(node_badge(run.world.nodes[0]) == "highest_token 0 writes_accepted 0");
  run.at(600000);
  CHECK(node_badge(run.world.nodes[2]) == "worker_job 4");
}
