// Table tests of mutual_exclusion on hand-written histories: what the lock service (grants) and the
// resource (writes) record, with no simulator. Kleppmann 2016: the resource must never apply a
// write of an older lease after a newer one.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/lock/invariants.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/view.h"

using namespace dsim;
using namespace dsim::lock;

namespace {

HistoryEvent event(TimeUs time, NodeId process, std::string_view op, NodeId who, std::uint64_t token,
                   HistoryEvent::Kind kind = HistoryEvent::Kind::ok) {
  HistoryEvent result;
  result.time = time;
  result.process = process;
  result.kind = kind;
  result.op = std::string(op);
  result.key = std::to_string(who);
  result.value = std::to_string(token);
  return result;
}
HistoryEvent grant(TimeUs time, NodeId holder, std::uint64_t token) {
  return event(time, kLockService, lock::view::kHistoryGrant, holder, token);
}
HistoryEvent write(TimeUs time, NodeId writer, std::uint64_t token, HistoryEvent::Kind kind = HistoryEvent::Kind::ok) {
  return event(time, kResource, lock::view::kHistoryWrite, writer, token, kind);
}

std::unique_ptr<Checker> judge(const std::vector<HistoryEvent>& history) {
  std::unique_ptr<Checker> checker = make_mutual_exclusion_checker();
  checker->begin(RunInfo{1, {"n0", "n1", "n2", "n3", "n4"}, 5});
  for (const HistoryEvent& each : history) checker->on_history(each);
  checker->finish(FinalState(10 * kSecond, std::vector<DurableEntries>(5), std::vector<bool>(5, true)));
  return checker;
}

}  // namespace

TEST_CASE("writes whose tokens only grow pass mutual_exclusion, whoever writes") {
  auto checker = judge({grant(0, 2, 1), write(100, 2, 1), write(200, 2, 1), grant(300, 3, 2), write(400, 3, 2),
                        grant(500, 2, 3), write(600, 2, 3)});
  CHECK(checker->passed());
}

TEST_CASE("a write with an older token applied after a newer one fails, naming both writers, tokens and grants") {
  auto checker = judge({grant(0, 2, 1), write(100'000, 2, 1), grant(1'000'000, 3, 2), write(1'200'000, 3, 2),
                        write(1'900'000, 2, 1)});
  REQUIRE(checker->violations().size() == 1);
  const Violation& violation = checker->violations()[0];
  CHECK(violation.time_us == 1'900'000);
  CHECK(violation.nodes == std::vector<NodeId>{kResource, 2, 3});
  CHECK(violation.message ==
        "n1 (the resource) applied n2's write with token 1 at 1.900s after applying n3's write with token 2 at "
        "1.200s: two clients acted as lock holder at once (token 1 was granted to n2 at 0.000s; token 2 was "
        "granted to n3 at 1.000s)");
}

TEST_CASE("a refused write is no violation: the resource did not apply it") {
  auto checker = judge({grant(0, 2, 1), write(100, 2, 1), grant(1000, 3, 2), write(1200, 3, 2),
                        write(1900, 2, 1, HistoryEvent::Kind::fail)});
  CHECK(checker->passed());
}

TEST_CASE("several stale writes of one old lease are reported once per pair of leases") {
  auto checker = judge({grant(0, 2, 1), write(100, 3, 2), write(200, 2, 1), write(300, 2, 1), write(400, 4, 3),
                        write(500, 2, 1)});
  REQUIRE(checker->violations().size() == 2);
  CHECK(checker->violations()[0].message.find("token 1 at 0.000s after applying n3's write with token 2") !=
        std::string::npos);
  CHECK(checker->violations()[1].message.find("token 1 at 0.000s after applying n4's write with token 3") !=
        std::string::npos);
}

TEST_CASE("one token quoted by two clients fails: the lock service granted it twice") {
  auto checker = judge({grant(0, 2, 1), write(100, 2, 1), grant(2000, 3, 1), write(2100, 3, 1)});
  REQUIRE(checker->violations().size() == 1);
  CHECK(checker->violations()[0].message ==
        "n1 (the resource) applied writes with token 1 from two clients, n2 and n3: the lock service handed out "
        "the same token twice (token 1 was granted to n2 at 0.000s and to n3 at 0.002s)");
}
