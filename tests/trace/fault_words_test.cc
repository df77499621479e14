// Fault records in words: node ids become names where they stand for nodes, and nowhere else.
#include <catch2/catch.hpp>

#include "sim/trace/fault_words.h"

using namespace dsim;

namespace {
const std::vector<std::string> kNames = {"n0", "n1", "n2", "n3", "n4", "c0", "c1"};
}

TEST_CASE("a node fault names its node") {
  CHECK(fault_in_words("crash", {3}, "", kNames) == "crash n3");
  CHECK(fault_in_words("restart", {0, 4}, "", kNames) == "restart n0,n4");
}

TEST_CASE("a request and a clock fault name their node beside their detail") {
  CHECK(fault_in_words("request", {5}, "put x 5", kNames) == "request c0 (put x 5)");
  CHECK(fault_in_words("clock", {2}, "skew -50ms, drift 100ppm", kNames) == "clock n2 (skew -50ms, drift 100ppm)");
}

TEST_CASE("network details name the nodes of their groups and cuts") {
  CHECK(fault_in_words("partition", {0, 1, 2, 3, 4}, "groups {0,1} | {2,3,4}; cut 3->1, 3->2", kNames) ==
        "partition (groups {n0,n1} | {n2,n3,n4}; cut n3->n1, n3->n2)");
  CHECK(fault_in_words("heal", {4}, "isolation of {4} ended; still in force: {0,1} | {2,3,4}", kNames) ==
        "heal (isolation of {n4} ended; still in force: {n0,n1} | {n2,n3,n4})");
  CHECK(fault_in_words("cut", {3, 4}, "3->4", kNames) == "cut (n3->n4)");
}

TEST_CASE("numbers that are not nodes stay as they are") {
  CHECK(name_node_ids("latency constant 9ms, loss 0.3 on links between {4} and {0}", kNames) ==
        "latency constant 9ms, loss 0.3 on links between {n4} and {n0}");
  CHECK(name_node_ids("loss 0.5 on all links", kNames) == "loss 0.5 on all links");
  CHECK(name_node_ids("uniform 5ms..15ms", kNames) == "uniform 5ms..15ms");
}

TEST_CASE("an id past the names is written n<id>") {
  CHECK(fault_in_words("crash", {9}, "", kNames) == "crash n9");
  CHECK(name_node_ids("{12}", kNames) == "{n12}");
}
