// The --student derivation (sim/cli/lab_seeds.h): reproducible from the ID, different between
// students and between tests, a prefix for more seeds, and 1..N with no variation without an ID.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/cli/lab_seeds.h"

using namespace dsim::cli;

TEST_CASE("without a student, a lab test runs seeds 1 to N and varies nothing") {
  CHECK(lab_test_seeds("01-broadcast", "", "happy-path", 3) == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(lab_test_variation("01-broadcast", "", "happy-path", {{"nodes", {"3", "5"}}}).empty());
}

TEST_CASE("a student's seeds are reproducible from the ID alone and differ between students and tests") {
  auto alice = lab_test_seeds("01-broadcast", "alice", "happy-path", 5);
  CHECK(alice == lab_test_seeds("01-broadcast", "alice", "happy-path", 5));
  CHECK(alice != lab_test_seeds("01-broadcast", "bob", "happy-path", 5));
  CHECK(alice != lab_test_seeds("01-broadcast", "alice", "lossy-links", 5));
  CHECK(alice != lab_test_seeds("02-raft-election", "alice", "happy-path", 5));
  for (std::uint64_t seed : alice) CHECK((seed >= 1 && seed < (std::uint64_t{1} << 31)));
  // More seeds extend the list: a failing seed stays in it.
  auto more = lab_test_seeds("01-broadcast", "alice", "happy-path", 8);
  CHECK(std::vector<std::uint64_t>(more.begin(), more.begin() + 5) == alice);
}

TEST_CASE("a student's variation picks one choice per key, in key order, the same every time") {
  std::map<std::string, std::vector<std::string>> vary = {{"nodes", {"3", "4", "5"}}, {"network.loss", {"0.2", "0.3"}}};
  auto sets = lab_test_variation("01-broadcast", "alice", "lossy-links", vary);
  REQUIRE(sets.size() == 2);
  CHECK(sets[0].rfind("network.loss=", 0) == 0);
  CHECK(sets[1].rfind("nodes=", 0) == 0);
  CHECK(sets == lab_test_variation("01-broadcast", "alice", "lossy-links", vary));
  // Over many students every choice comes up.
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    for (const std::string& set : lab_test_variation("01-broadcast", "s" + std::to_string(i), "lossy-links", vary)) seen.insert(set);
  }
  CHECK(seen.size() == 5);
}

TEST_CASE("the derivation's hash is FNV-1a 64 (pinned, so an instructor's own script can reproduce it)") {
  CHECK(fnv1a64("") == UINT64_C(0xcbf29ce484222325));
  CHECK(fnv1a64("a") == UINT64_C(0xaf63dc4c8601ec8c));
  CHECK(lab_test_seeds("01-broadcast", "alice", "happy-path", 1) == lab_test_seeds("01-broadcast", "alice", "happy-path", 1));
}
