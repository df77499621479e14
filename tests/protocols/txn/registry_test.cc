// The transaction protocols as a scenario names them: five explicit names, and the retired "txn"
// (which once chose among the single-database ones by the keys of the workload) answered with them.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "sim/scenario/loader.h"
#include "tests/support/library.h"

using namespace dsim;

TEST_CASE("each transaction protocol is registered under the name its scenarios give") {
  for (const char* name : {"txn-isolation", "txn-flash-sale", "txn-hot-row", "txn-2pc", "txn-saga"}) {
    INFO(name);
    CHECK(testing::builtin_registry().find(name) != nullptr);
  }
  CHECK(testing::builtin_registry().find("txn") == nullptr);
}

TEST_CASE("a scenario still naming the protocol txn is told which protocols replaced it") {
  std::ifstream file(testing::library_scenario("txn/flash-sale-optimistic"));
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::size_t at = text.find("\"protocol\": \"txn-flash-sale\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string("\"protocol\": \"txn-flash-sale\"").size(), "\"protocol\": \"txn\"");
  try {
    load_scenario_text(text, "old.json", testing::builtin_registry());
    FAIL("the retired protocol name was accepted");
  } catch (const ScenarioError& error) {
    std::string message = error.what();
    CHECK_THAT(message, Catch::StartsWith("old.json: at protocol: the protocol \"txn\" no longer exists"));
    for (const char* replacement : {"\"txn-isolation\"", "\"txn-flash-sale\"", "\"txn-hot-row\"", "\"txn-2pc\"", "\"txn-saga\""})
      CHECK_THAT(message, Catch::Contains(replacement));
  }
}
