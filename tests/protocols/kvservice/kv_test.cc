// Table tests of the shared key-value state machine and its encoding (Raft §8).
#include <catch2/catch.hpp>

#include "sim/protocols/kvservice/kv.h"

using namespace dsim;
using namespace dsim::kvservice;

TEST_CASE("the key-value store runs get, put, append and compare-and-set") {
  KeyValueStore store;
  CHECK(store.apply({"get", "a", "", "", 1, 1}).value == "");
  store.apply({"put", "a", "x", "", 1, 2});
  store.apply({"append", "a", "y", "", 1, 3});
  CHECK(store.apply({"get", "a", "", "", 1, 4}).value == "xy");
  CHECK_FALSE(store.apply({"cas", "a", "z", "nope", 1, 5}).ok);
  CHECK(store.apply({"cas", "a", "z", "xy", 1, 6}).ok);
  CHECK(store.data().at("a") == "z");
}

TEST_CASE("a session runs a retried request once and remembers its result (Raft §8)") {
  KeyValueStore store;
  Command append{"append", "a", "x", "", 7, 1};
  store.apply(append);
  store.apply(append);
  CHECK(store.data().at("a") == "x");
  CHECK(store.executed_result(7, 1).has_value());
  store.apply({"append", "a", "y", "", 7, 2});
  store.apply(append);  // an older request arriving late changes nothing
  CHECK(store.data().at("a") == "xy");
  CHECK(store.is_superseded(7, 1));
  CHECK_FALSE(store.is_superseded(8, 1));
}

TEST_CASE("a snapshot of the store keeps data and sessions (Raft §7)") {
  KeyValueStore store;
  store.apply({"put", "a", "1:2|3", "", 4, 9});
  store.apply({"put", "b", "", "", 5, 1});
  auto copy = KeyValueStore::decode(store.encode());
  REQUIRE(copy.has_value());
  CHECK(copy->data() == store.data());
  CHECK(copy->executed_result(4, 9) == store.executed_result(4, 9));
  CHECK_FALSE(KeyValueStore::decode("3:abc").has_value());
  CHECK_FALSE(KeyValueStore::decode(store.encode() + "x").has_value());
}

TEST_CASE("a command survives its durable encoding") {
  Command command{"cas", "k", "new", "old", 3, 12};
  ByteWriter out;
  write_command(out, command);
  ByteReader in(out.bytes());
  auto back = read_command(in);
  REQUIRE(back.has_value());
  CHECK(*back == command);
  CHECK(in.done());
}

TEST_CASE("a command reads with its client, and one a replicated service proposed itself never shows a blank client") {
  Command sent{"put", "k0", "c1.2", "", 1, 2};
  CHECK(sent.describe("c1") == "put k0=c1.2 (c1 #2)");
  // replicated::RaftReplica::propose: no client node (a shard configuration on its Raft group).
  Command proposed{"cas", "config/000002", "2:1,2", "", kNoNode, 2};
  CHECK(proposed.describe("") == "cas config/000002 ->2:1,2 (service #2)");
  CHECK(proposed.describe("").find("( #") == std::string::npos);
  CHECK(Command{"noop", "", "", "", kNoNode, 0}.describe("") == "noop");
}
