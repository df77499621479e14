// Table tests of the cache protocol's small pure pieces: key names and placement, the eviction
// orders, the Bloom filter, the service queue, the meter, the recorded text, early expiration.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "sim/protocols/cache/bloom_filter.h"
#include "sim/protocols/cache/early_expiration.h"
#include "sim/protocols/cache/eviction.h"
#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/meter.h"
#include "sim/protocols/cache/service_queue.h"

using namespace dsim;
using namespace dsim::cache;

TEST_CASE("key names read back, and anything else is refused") {
  CHECK(key_name(17) == "k17");
  CHECK(parse_key_name("k17") == std::optional<KeyId>(17));
  CHECK(parse_key_name("k0") == std::optional<KeyId>(0));
  for (const char* bad : {"", "k", "17", "k1x", "x17", "k-1", "K3"}) {
    INFO(bad);
    CHECK_FALSE(parse_key_name(bad).has_value());
  }
}

TEST_CASE("placement: a key has one owner per cluster, replicas follow it, deletes reach every copy (Nishtala et al. §4)") {
  Placement one(4, 1, {}, 1);
  CHECK(one.cluster_members(0) == std::vector<NodeId>{1, 2, 3, 4});
  std::map<NodeId, int> owners;
  for (KeyId key = 0; key < 400; ++key) {
    std::vector<NodeId> holders = one.holders(key, 0);
    REQUIRE(holders.size() == 1);
    ++owners[holders[0]];
    CHECK(one.all_holders(key) == holders);
  }
  // The hash spreads keys over every node (400 keys, 4 nodes: each gets a fair share).
  REQUIRE(owners.size() == 4);
  for (const auto& [node, count] : owners) CHECK((count > 60 && count < 140));

  Placement replicated(4, 1, {7}, 3);
  std::vector<NodeId> copies = replicated.holders(7, 0);
  REQUIRE(copies.size() == 3);
  CHECK(std::set<NodeId>(copies.begin(), copies.end()).size() == 3);
  CHECK(copies[0] == one.holders(7, 0)[0]);  // the owner first
  CHECK(replicated.holders(8, 0).size() == 1);  // only the listed key is replicated

  Placement two_clusters(4, 2, {}, 1);
  CHECK(two_clusters.cluster_members(0) == std::vector<NodeId>{1, 3});
  CHECK(two_clusters.cluster_members(1) == std::vector<NodeId>{2, 4});
  CHECK(two_clusters.cluster_of_client(0) == 0);
  CHECK(two_clusters.cluster_of_client(3) == 1);
  for (KeyId key = 0; key < 50; ++key) {
    std::vector<NodeId> everywhere = two_clusters.all_holders(key);
    REQUIRE(everywhere.size() == 2);  // one copy in each cluster
    NodeId in_first = two_clusters.holders(key, 0)[0];
    NodeId in_second = two_clusters.holders(key, 1)[0];
    CHECK(two_clusters.warm_peer(key, in_first) == in_second);
    CHECK(two_clusters.warm_peer(key, in_second) == in_first);
  }
  CHECK(one.warm_peer(3, 1) == kNoNode);
}

TEST_CASE("LRU evicts the entry used longest ago") {
  LruOrder lru;
  lru.inserted(1);
  lru.inserted(2);
  lru.inserted(3);
  CHECK(lru.victim() == std::optional<KeyId>(1));
  lru.used(1);  // 2 is now the oldest
  CHECK(lru.victim() == std::optional<KeyId>(2));
  lru.erased(2);
  CHECK(lru.victim() == std::optional<KeyId>(3));
  CHECK(lru.size() == 2);
}

TEST_CASE("LFU evicts the entry used fewest times, the older use first on a tie") {
  LfuOrder lfu;
  lfu.inserted(1);
  lfu.inserted(2);
  lfu.inserted(3);
  lfu.used(1);
  lfu.used(1);
  lfu.used(3);
  CHECK(lfu.victim() == std::optional<KeyId>(2));  // one use
  lfu.erased(2);
  CHECK(lfu.victim() == std::optional<KeyId>(3));  // two uses, against 1's three
  lfu.inserted(4);                                 // a newcomer has one use: it goes first
  CHECK(lfu.victim() == std::optional<KeyId>(4));
  // A burst of one-off keys does not push out a key read many times.
  for (KeyId key = 100; key < 110; ++key) {
    lfu.inserted(key);
    CHECK(lfu.victim() != std::optional<KeyId>(1));
  }
}

TEST_CASE("a Bloom filter never says no to a key it holds, and its false positives are near (1 - e^(-kn/m))^k (Bloom 1970)") {
  BloomFilter filter(10'000, 10);
  CHECK(filter.probes() == 7);  // round(10 ln 2)
  for (KeyId key = 0; key < 10'000; ++key) filter.add(key);
  for (KeyId key = 0; key < 10'000; ++key) REQUIRE(filter.may_contain(key));
  std::size_t false_positives = 0;
  const std::size_t absent = 100'000;
  for (KeyId key = 10'000; key < 10'000 + absent; ++key) false_positives += filter.may_contain(key);
  double measured = static_cast<double>(false_positives) / absent;
  double expected = filter.expected_false_positive_rate(10'000);
  INFO("measured " << measured << ", expected " << expected);
  CHECK(expected == Approx(0.0082).margin(0.0005));
  CHECK(measured > expected * 0.7);
  CHECK(measured < expected * 1.3);
  BloomFilter empty(100, 10);
  CHECK_FALSE(empty.may_contain(5));
}

TEST_CASE("a service queue starts jobs while workers are free, queues the rest in order, and refuses beyond its limit") {
  ServiceQueue queue(2, 2);
  CHECK(queue.admit(1) == ServiceQueue::Admission::start);
  CHECK(queue.admit(2) == ServiceQueue::Admission::start);
  CHECK(queue.admit(3) == ServiceQueue::Admission::queued);
  CHECK(queue.admit(4) == ServiceQueue::Admission::queued);
  CHECK(queue.admit(5) == ServiceQueue::Admission::refused);
  CHECK(queue.busy() == 2);
  CHECK(queue.waiting() == 2);
  CHECK(queue.finish() == std::optional<std::uint64_t>(3));  // first come, first served
  CHECK(queue.finish() == std::optional<std::uint64_t>(4));
  CHECK(queue.busy() == 2);
  CHECK(queue.finish() == std::nullopt);
  CHECK(queue.busy() == 1);
  CHECK(queue.admit(6) == ServiceQueue::Admission::start);
}

TEST_CASE("service times are drawn within their distribution") {
  Rng rng(3);
  ServiceTime constant{ServiceTime::Kind::constant, 20 * kMillisecond, 0};
  ServiceTime uniform{ServiceTime::Kind::uniform, 5 * kMillisecond, 15 * kMillisecond};
  ServiceTime lognormal{ServiceTime::Kind::lognormal, 20 * kMillisecond, 0, 0.5};
  std::vector<DurationUs> draws;
  for (int i = 0; i < 2001; ++i) {
    CHECK(constant.draw(rng) == 20 * kMillisecond);
    DurationUs u = uniform.draw(rng);
    CHECK((u >= 5 * kMillisecond && u <= 15 * kMillisecond));
    draws.push_back(lognormal.draw(rng));
  }
  std::sort(draws.begin(), draws.end());
  CHECK(draws[1000] == Approx(20 * kMillisecond).epsilon(0.1));  // the median
  CHECK(uniform.typical_us() == 10 * kMillisecond);
  CHECK(lognormal.describe() == "lognormal median 20ms sigma 0.5");
  CHECK(uniform.describe() == "uniform 5ms-15ms");
}

TEST_CASE("the meter reports the second just past: requests, hit ratio and the p99 latency") {
  Meter meter;
  CHECK(meter.hit_ratio_permille() == -1);
  CHECK(meter.latency_p99_us() == -1);
  for (int tick = 0; tick < 10; ++tick) {
    for (int i = 0; i < 5; ++i) meter.count_request();
    for (int i = 0; i < 3; ++i) meter.count_hit();
    meter.count_miss();
    for (int i = 1; i <= 10; ++i) meter.add_latency(i * 1000 + tick);
    meter.tick();
  }
  CHECK(meter.requests_per_second() == 50);
  CHECK(meter.hit_ratio_permille() == 750);
  CHECK(meter.latency_p99_us() == 10'008);  // nearest rank: the 99th smallest of 100 samples
  // Ten more quiet ticks and the window is empty again.
  for (int tick = 0; tick < 10; ++tick) meter.tick();
  CHECK(meter.requests_per_second() == 0);
  CHECK(meter.hit_ratio_permille() == -1);
}

TEST_CASE("recorded values read back: versions, who served a read, a commit's writes") {
  CHECK(read_value(5, 2) == "v5 n2");
  CHECK(read_value(5, kDatabaseNode) == "v5 db");
  CHECK(commit_value(7, "c1#17,c2#5") == "v7 c1#17,c2#5");
  CHECK(parse_version("v5 n2") == std::optional<Version>(5));
  CHECK(parse_version("v12") == std::optional<Version>(12));
  CHECK_FALSE(parse_version("absent").has_value());
  CHECK_FALSE(parse_version("v").has_value());
  CHECK(value_detail("v7 c1#17,c2#5") == "c1#17,c2#5");
  CHECK(value_detail("v7") == "");
  CHECK(write_origin(1, 17) == "c1#17");
}

TEST_CASE("XFetch recomputes early with probability e^(-t/(beta delta)) when t is left (Vattani et al. 2015, §5)") {
  Rng rng(11);
  const DurationUs delta = 100 * kMillisecond;
  for (double beta : {0.5, 1.0, 2.0}) {
    for (DurationUs left : {0 * kMillisecond, 50 * kMillisecond, 100 * kMillisecond, 300 * kMillisecond}) {
      int yes = 0;
      const int trials = 20000;
      for (int i = 0; i < trials; ++i) yes += recompute_early(EarlyExpiration::xfetch, 0, left, delta, beta, rng);
      double expected = std::exp(-static_cast<double>(left) / (beta * static_cast<double>(delta)));
      INFO("beta " << beta << ", " << left << " us left");
      CHECK(static_cast<double>(yes) / trials == Approx(expected).margin(0.015));
    }
  }
  // The uniform rule's chance falls linearly to nothing at 2 beta delta.
  int yes = 0;
  for (int i = 0; i < 20000; ++i) yes += recompute_early(EarlyExpiration::uniform, 0, 50 * kMillisecond, delta, 1.0, rng);
  CHECK(yes / 20000.0 == Approx(0.75).margin(0.015));
  for (int i = 0; i < 100; ++i) CHECK_FALSE(recompute_early(EarlyExpiration::uniform, 0, 201 * kMillisecond, delta, 1.0, rng));
  for (int i = 0; i < 100; ++i) CHECK_FALSE(recompute_early(EarlyExpiration::none, 0, 1, delta, 1.0, rng));
}
