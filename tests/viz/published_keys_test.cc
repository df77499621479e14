// The inspector's grouping of a node's published keys (viz/model/published_keys.h).
#include <catch2/catch.hpp>

#include "viz/model/published_keys.h"

using namespace dsim::viz;

TEST_CASE("natural order compares runs of digits as numbers", "[viz]") {
  CHECK(natural_less("n2", "n10"));
  CHECK_FALSE(natural_less("n10", "n2"));
  CHECK(natural_less("n9", "n10"));
  CHECK(natural_less("T1", "T2"));
  CHECK(natural_less("a", "b"));
  CHECK(natural_less("n1", "n1x"));
  CHECK_FALSE(natural_less("n1", "n1"));
  CHECK(natural_less("p007", "p10"));
}

TEST_CASE("a SWIM member's view of the others is one group in member order, beside its plain keys", "[viz]") {
  std::map<std::string, std::string> state = {{"incarnation", "0"},         {"member.n0", "\"alive\""},
                                              {"member.n10", "\"dead\""},   {"member.n2", "\"suspect\""},
                                              {"members", "\"AASA\""},      {"role", "\"server\""},
                                              {"status", "\"member\""}};
  std::vector<PublishedGroup> groups = group_published_keys(state);
  REQUIRE(groups.size() == 5);
  CHECK(groups[0].name == "incarnation");
  CHECK_FALSE(groups[0].family);
  CHECK(groups[1].name == "member");
  CHECK(groups[1].family);
  CHECK(groups[1].entries == std::vector<std::pair<std::string, std::string>>{
                                 {"n0", "\"alive\""}, {"n2", "\"suspect\""}, {"n10", "\"dead\""}});
  CHECK(groups[2].name == "members");
  CHECK(groups[3].name == "role");
  CHECK(groups[4].name == "status");
}

TEST_CASE("a dotted key alone, or with nothing after its dot, stays a plain key", "[viz]") {
  std::vector<PublishedGroup> groups = group_published_keys({{"fate.T1", "\"committed\""}, {"odd.", "1"}});
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].name == "fate.T1");
  CHECK_FALSE(groups[0].family);
  CHECK(groups[0].entries.front().second == "\"committed\"");
  CHECK(groups[1].name == "odd.");
  CHECK_FALSE(groups[1].family);
}
