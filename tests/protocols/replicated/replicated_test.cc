// The pure pieces of a service on a Raft group: which replica a client asks (following hints,
// passing over a silent replica), and reading "single" / "raft" / {"replicas", ...Raft params}.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/protocols/replicated/group_params.h"
#include "sim/protocols/replicated/replica_address.h"
#include "sim/scenario/json_reader.h"

using namespace dsim;
using namespace dsim::replicated;

TEST_CASE("a client asks its guess, follows a not-leader hint, and passes over a silent replica", "[replicated]") {
  ReplicaAddress address({0, 1, 2});
  CHECK(address.next_ask() == 0);
  // n0 answered as leader: the next ask goes to n0 again.
  address.answered(0);
  CHECK(address.next_ask() == 0);
  // n0 never answered this one (crashed): the next ask moves on to n1.
  CHECK(address.next_ask() == 1);
  // n1 does not lead and names n2: worth asking at once.
  CHECK(address.redirected(1, 2));
  CHECK(address.guess() == 2);
  // n2 does not lead either and knows no leader: move on by one, no immediate resend.
  CHECK_FALSE(address.redirected(2, kNoNode));
  CHECK(address.guess() == 0);
  // A hint naming the answering replica itself, or a node outside the group, is no use.
  CHECK_FALSE(address.redirected(0, 0));
  CHECK(address.guess() == 1);
  CHECK_FALSE(address.redirected(1, 7));
  CHECK(address.guess() == 2);
  // An answered redirect counts as an answer: the next ask stays on the guess.
  CHECK(address.next_ask() == 2);
}

TEST_CASE("with one replica every ask goes to it", "[replicated]") {
  ReplicaAddress address({0});
  for (int i = 0; i < 3; ++i) CHECK(address.next_ask() == 0);
  CHECK_FALSE(address.redirected(0, kNoNode));
  CHECK(address.next_ask() == 0);
}

namespace {
std::optional<GroupParams> parse(const nlohmann::json& json, std::uint32_t max_replicas = 6) {
  nlohmann::json params = {{"config_service", json}};
  return parse_group_params(JsonReader(params, "s.json").at("config_service"), max_replicas);
}
std::string error_of(const nlohmann::json& json, std::uint32_t max_replicas = 6) {
  try {
    parse(json, max_replicas);
  } catch (const ScenarioError& error) {
    return error.path() + ": " + error.message();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a service's placement: single, raft, or a Raft group's parameters", "[replicated]") {
  CHECK_FALSE(parse("single").has_value());
  std::optional<GroupParams> raft = parse("raft");
  REQUIRE(raft.has_value());
  CHECK(raft->replicas == 3);
  CHECK(raft->raft.election_timeout_min_us == 150 * kMillisecond);
  std::optional<GroupParams> five = parse({{"replicas", 5}, {"election_timeout", {"300ms", "600ms"}}, {"heartbeat", "100ms"}});
  REQUIRE(five.has_value());
  CHECK(five->replicas == 5);
  CHECK(five->raft.election_timeout_max_us == 600 * kMillisecond);
  CHECK(five->raft.heartbeat_us == 100 * kMillisecond);
  CHECK(group_members(*five) == std::vector<NodeId>{0, 1, 2, 3, 4});
}

TEST_CASE("a bad placement is reported with its JSON path and what was expected", "[replicated]") {
  CHECK(error_of("paxos").find("config_service") != std::string::npos);
  CHECK(error_of("paxos").find("single") != std::string::npos);
  CHECK(error_of(7).find("\"single\", \"raft\" or an object") != std::string::npos);
  CHECK(error_of({{"replicas", 9}}).find("config_service.replicas") != std::string::npos);
  // Raft's own keys and checks, with this object's path.
  CHECK(error_of({{"replicas", 3}, {"heartbit", "10ms"}}).find("heartbit") != std::string::npos);
  CHECK(error_of({{"heartbeat", "400ms"}}).find("shorter than the election timeout") != std::string::npos);
  CHECK(error_of("raft", 2).find("a Raft group of 3 needs more nodes") != std::string::npos);
}
