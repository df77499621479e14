// Table tests of load balancing's pure pieces (sim/protocols/loadbalance/): the load table, the
// bounded-load ring and its capacity, the six policies' picks, and service times.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

#include "sim/protocols/loadbalance/bounded_load_ring.h"
#include "sim/protocols/loadbalance/load_table.h"
#include "sim/protocols/loadbalance/server_picker.h"
#include "sim/protocols/loadbalance/service_time.h"

using namespace dsim;
using namespace dsim::loadbalance;

TEST_CASE("a load table finds a least-loaded server in O(1), whatever order the loads changed in") {
  LoadTable table(4);
  Rng rng(1);
  CHECK(table.total() == 0);
  table.add(0);
  table.add(0);
  table.add(1);
  table.add(2);
  table.add(3);
  CHECK(table.lowest() == 1);
  CHECK(table.total() == 5);
  table.remove(1);
  CHECK(table.lowest() == 0);
  CHECK(table.least_loaded(rng) == 1);
  table.set(1, 7);
  CHECK(table.lowest() == 1);
  CHECK(table.total() == 11);
  CHECK(table.loads() == std::vector<std::int64_t>{2, 7, 1, 1});
  table.remove(2);
  table.remove(2);  // never below zero
  CHECK(table.load(2) == 0);
  CHECK(table.least_loaded(rng) == 2);
  table.set(2, -3);
  CHECK(table.load(2) == 0);
}

TEST_CASE("a load table draws uniformly among the servers that share the lowest load") {
  LoadTable table(5);
  table.add(4);  // servers 0..3 share load 0
  Rng rng(7);
  std::map<std::uint32_t, int> picks;
  for (int i = 0; i < 40000; ++i) ++picks[table.least_loaded(rng)];
  CHECK(picks.count(4) == 0);
  for (std::uint32_t server = 0; server < 4; ++server) {
    INFO("server " << server);
    CHECK(picks[server] > 9500);  // 10,000 expected, 1.1% standard deviation
    CHECK(picks[server] < 10500);
  }
}

TEST_CASE("the bounded-load capacity is ceil((1 + epsilon) m / n), exactly (Mirrokni et al. 2018)") {
  CHECK(bounded_capacity(10, 4, 250) == 4);   // 12.5 / 4 = 3.125
  CHECK(bounded_capacity(8, 4, 250) == 3);    // 10 / 4 = 2.5
  CHECK(bounded_capacity(16, 4, 250) == 5);   // exactly 5
  CHECK(bounded_capacity(8, 4, 0) == 2);
  CHECK(bounded_capacity(1, 1000, 250) == 1);
  CHECK(bounded_capacity(1000000, 3, 1000) == 666667);
}

TEST_CASE("a bounded-load ring sends a key home unless home is at capacity, then walks on") {
  BoundedLoadRing ring(5, 10, 42);
  CHECK(ring.size() == 50);
  LoadTable loads(5);
  const std::uint64_t key = 12345;
  std::uint32_t home = ring.home(key);
  RingPick pick = ring.pick(key, loads, 250);
  CHECK(pick.server == home);
  CHECK(pick.passed_over == 0);
  CHECK(pick.capacity == 1);  // ceil(1.25 x 1 / 5)
  // Fill home up to the bound for the next request (m = 5 with the new one: capacity 2).
  loads.add(home);
  loads.add(home);
  loads.add((home + 1) % 5);
  loads.add((home + 2) % 5);
  pick = ring.pick(key, loads, 250);
  CHECK(pick.capacity == 2);
  CHECK(pick.server != home);
  CHECK(pick.passed_over >= 1);
  CHECK(loads.load(pick.server) < pick.capacity);
  // The same key, the same ring: the same answers; another seed places servers elsewhere.
  CHECK(BoundedLoadRing(5, 10, 42).home(key) == home);
  int moved = 0;
  for (std::uint64_t k = 0; k < 200; ++k) moved += BoundedLoadRing(5, 10, 43).home(k) != ring.home(k) ? 1 : 0;
  CHECK(moved > 100);
}

TEST_CASE("a bounded-load ring's walk always ends on a server below capacity") {
  BoundedLoadRing ring(8, 3, 9);
  LoadTable loads(8);
  Rng rng(3);
  for (int step = 0; step < 2000; ++step) {
    RingPick pick = ring.pick(rng.next_u64(), loads, 100);
    REQUIRE(loads.load(pick.server) < pick.capacity);
    loads.add(pick.server);
    if (rng.chance(1, 2)) loads.remove(static_cast<std::uint32_t>(rng.index(8)));
  }
}

TEST_CASE("round robin takes the servers in turn, random and two choices draw, least loaded picks the least") {
  LoadTable loads(4);
  Rng rng(11);
  ServerPicker round_robin({Policy::round_robin}, 4);
  std::vector<std::uint32_t> turns;
  for (int i = 0; i < 6; ++i) turns.push_back(round_robin.pick(loads, rng, 0).server);
  CHECK(turns == std::vector<std::uint32_t>{0, 1, 2, 3, 0, 1});

  loads.set(0, 3);
  loads.set(1, 1);
  loads.set(2, 5);
  loads.set(3, 1);
  for (Policy policy : {Policy::least_connections, Policy::jsq}) {
    ServerPicker picker({policy}, 4);
    for (int i = 0; i < 20; ++i) {
      Pick pick = picker.pick(loads, rng, 0);
      CHECK((pick.server == 1 || pick.server == 3));
      CHECK(pick.load == 1);
    }
  }
  // Two independent draws, the shorter queue wins: server 1 or 3 unless both draws hit 0 or 2.
  loads.set(0, 5);
  loads.set(1, 0);
  loads.set(3, 5);
  ServerPicker two({Policy::two_choices, 2}, 4);
  int lightest = 0;
  for (int i = 0; i < 16000; ++i) lightest += two.pick(loads, rng, 0).server == 1 ? 1 : 0;
  CHECK(lightest == Approx(16000 * (1 - 0.75 * 0.75)).epsilon(0.03));  // 7/16
  // One choice is random assignment.
  ServerPicker one({Policy::two_choices, 1}, 4);
  ServerPicker random({Policy::random}, 4);
  int one_lightest = 0;
  int random_lightest = 0;
  for (int i = 0; i < 16000; ++i) {
    one_lightest += one.pick(loads, rng, 0).server == 1 ? 1 : 0;
    random_lightest += random.pick(loads, rng, 0).server == 1 ? 1 : 0;
  }
  CHECK(one_lightest == Approx(4000).epsilon(0.05));
  CHECK(random_lightest == Approx(4000).epsilon(0.05));
  CHECK(policy_from_name("consistent-hash-bounded") == Policy::consistent_hash_bounded);
  CHECK(policy_name(Policy::round_robin) == "round-robin");
  CHECK_FALSE(policy_from_name("round_robin").has_value());
}

TEST_CASE("service times: the distribution's draw divided by the server's speed, never below 1 us") {
  Rng rng(5);
  ServiceTime constant{ServiceTime::Kind::constant, 100 * kMillisecond};
  CHECK(constant.draw(rng, 1.0) == 100 * kMillisecond);
  CHECK(constant.draw(rng, 0.1) == kSecond);
  CHECK(constant.draw(rng, 4.0) == 25 * kMillisecond);
  ServiceTime exponential{ServiceTime::Kind::exponential, 100 * kMillisecond};
  double sum = 0;
  for (int i = 0; i < 20000; ++i) sum += static_cast<double>(exponential.draw(rng, 2.0));
  CHECK(sum / 20000 == Approx(50 * kMillisecond).epsilon(0.03));
  ServiceTime uniform{ServiceTime::Kind::uniform, 0, 10 * kMillisecond, 20 * kMillisecond};
  for (int i = 0; i < 100; ++i) {
    DurationUs draw = uniform.draw(rng, 1.0);
    CHECK(draw >= 10 * kMillisecond);
    CHECK(draw <= 20 * kMillisecond);
  }
  CHECK(uniform.mean() == 15 * kMillisecond);
  ServiceTime lognormal{ServiceTime::Kind::lognormal, 100 * kMillisecond, 0, 0, 1.0};
  CHECK(lognormal.mean() == Approx(100 * kMillisecond * std::exp(0.5)));
  CHECK(ServiceTime{ServiceTime::Kind::constant, 1}.draw(rng, 1000.0) == 1);
}
