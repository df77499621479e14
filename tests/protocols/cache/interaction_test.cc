// Step-by-step interaction tests: a script node sends chosen messages to a real cache node and a
// real database at chosen times, on a network where every message takes 1 ms, and the test reads
// the replies and the recorded operations. Each case is one rule of the protocol.
#include <catch2/catch.hpp>

#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/view.h"
#include "tests/protocols/cache/cache_harness.h"

using namespace dsim;
using namespace dsim::cache;
using namespace dsim::cache::testing;
namespace cv = dsim::cache::view;

namespace {

constexpr NodeId kDb = 0;
constexpr NodeId kCacheNode = 1;

// A database, one cache node and a script node (node 2), run for `duration_us`.
struct Bench {
  Bench(CacheParams params, std::vector<ScriptNode::Step> steps, DurationUs duration_us = 2 * kSecond)
      : network(1 * kMillisecond), simulator(1, network) {
    params.cache_nodes = 1;
    Placement placement(1, 1, params.cache.replicated_keys, params.cache.replicas);
    simulator.add_node("db", [params](NodeId) { return std::make_unique<DatabaseServer>(params.database, params.keys); });
    simulator.add_node("cache1", [params, placement](NodeId) { return std::make_unique<CacheServer>(params, placement); });
    simulator.add_node("script", [steps, this](NodeId) { return std::make_unique<ScriptNode>(steps, received); });
    simulator.add_observer(log);
    simulator.start();
    simulator.run_until(duration_us);
  }

  template <typename M>
  std::vector<std::pair<TimeUs, M>> replies() const {
    std::vector<std::pair<TimeUs, M>> out;
    for (const auto& r : *received) {
      if (const M* m = r.message->as<M>()) out.emplace_back(r.at_us, *m);
    }
    return out;
  }
  std::vector<HistoryEvent> records(std::string_view op) const {
    std::vector<HistoryEvent> out;
    for (const HistoryEvent& e : log.history) {
      if (e.op == op) out.push_back(e);
    }
    return out;
  }

  dsim::FixedLatencyNetwork network;
  Simulator simulator;
  std::shared_ptr<std::vector<ScriptNode::Received>> received = std::make_shared<std::vector<ScriptNode::Received>>();
  RecordLog log;
};

CacheParams quick_params() {
  CacheParams params;
  params.keys = 10;
  params.cache.service_time = ServiceTime{ServiceTime::Kind::constant, 0, 0};
  params.database.read_time = ServiceTime{ServiceTime::Kind::constant, 50 * kMillisecond, 0};
  params.database.write_time = ServiceTime{ServiceTime::Kind::constant, 5 * kMillisecond, 0};
  return params;
}

CacheGet get(KeyId key, std::uint64_t id) {
  CacheGet g;
  g.key = key;
  g.request_id = id;
  return g;
}
CacheSet set(KeyId key, Version version, std::uint64_t lease = 0) {
  CacheSet s;
  s.key = key;
  s.version = version;
  s.lease = lease;
  return s;
}
CacheDelete erase(KeyId key, Version version) {
  CacheDelete d;
  d.key = key;
  d.version = version;
  return d;
}

}  // namespace

TEST_CASE("cache-aside: a get misses, the reader sets the value, and the next get hits it") {
  Bench bench(quick_params(), {{0, kCacheNode, message(get(3, 1))},
                               {10 * kMillisecond, kCacheNode, message(set(3, 1))},
                               {20 * kMillisecond, kCacheNode, message(get(3, 2))}});
  auto replies = bench.replies<CacheGetReply>();
  REQUIRE(replies.size() == 2);
  CHECK(replies[0].second.outcome == GetOutcome::miss);
  CHECK(replies[1].second.outcome == GetOutcome::hit);
  CHECK(replies[1].second.version == 1);
  CHECK(replies[1].second.expires_us == 11 * kMillisecond + CacheParams{}.cache.ttl_us);  // set when it arrived
}

TEST_CASE("without a remedy a set of an old version after a delete is stored, and marked as a stale set (Nishtala et al. §3.2.1)") {
  Bench bench(quick_params(), {{0, kCacheNode, message(erase(3, 2))},
                               {10 * kMillisecond, kCacheNode, message(set(3, 1))},
                               {20 * kMillisecond, kCacheNode, message(get(3, 1))}});
  CHECK(bench.log.mark(cv::kMarkStaleSet) == 1);
  auto replies = bench.replies<CacheGetReply>();
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].second.version == 1);  // the cache now serves the version the delete made obsolete
  std::vector<HistoryEvent> sets = bench.records(cv::kOpCacheSet);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].kind == HistoryEvent::Kind::ok);
  CHECK(sets[0].value == "v1 n2");  // set by the script node
}

TEST_CASE("with leases the delete revokes the reader's lease and its late set is refused") {
  CacheParams params = quick_params();
  params.cache.leases = true;
  // get (lease 1), delete, set with lease 1 (refused), get (a new lease, 2)
  Bench bench(params, {{0, kCacheNode, message(get(3, 1))},
                       {10 * kMillisecond, kCacheNode, message(erase(3, 2))},
                       {20 * kMillisecond, kCacheNode, message(set(3, 1, 1))},
                       {30 * kMillisecond, kCacheNode, message(get(3, 2))}});
  auto replies = bench.replies<CacheGetReply>();
  REQUIRE(replies.size() == 2);
  CHECK(replies[0].second.lease == 1);
  CHECK(replies[1].second.outcome == GetOutcome::miss);
  CHECK(replies[1].second.lease == 2);
  CHECK(bench.log.mark(cv::kMarkStaleSetRefused) == 1);
  std::vector<HistoryEvent> sets = bench.records(cv::kOpCacheSet);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].kind == HistoryEvent::Kind::fail);
}

TEST_CASE("with leases a second reader is told to wait while the first fills the key") {
  CacheParams params = quick_params();
  params.cache.leases = true;
  Bench bench(params, {{0, kCacheNode, message(get(3, 1))},
                       {5 * kMillisecond, kCacheNode, message(get(3, 2))},
                       {10 * kMillisecond, kCacheNode, message(set(3, 1, 1))},
                       {20 * kMillisecond, kCacheNode, message(get(3, 3))}});
  auto replies = bench.replies<CacheGetReply>();
  REQUIRE(replies.size() == 3);
  CHECK(replies[1].second.outcome == GetOutcome::wait);
  CHECK(replies[2].second.outcome == GetOutcome::hit);
  CHECK(bench.log.mark(cv::kMarkLeaseWait) == 1);
}

TEST_CASE("read-through with single-flight answers three misses of one key with one database read") {
  CacheParams params = quick_params();
  params.read_path = ReadPath::read_through;
  params.cache.single_flight = true;
  Bench bench(params, {{0, kCacheNode, message(get(3, 1))},
                       {1 * kMillisecond, kCacheNode, message(get(3, 2))},
                       {2 * kMillisecond, kCacheNode, message(get(3, 3))}});
  auto replies = bench.replies<CacheGetReply>();
  REQUIRE(replies.size() == 3);
  for (const auto& [at, reply] : replies) {
    CHECK(reply.outcome == GetOutcome::hit);
    CHECK(reply.version == 1);
    CHECK(at == 54 * kMillisecond);  // 1 ms there, 1 to the database, 50 ms query, 1 back, 1 to the script
  }
  CHECK(bench.log.counter(cv::kMetricDbReads) == 1);
  CHECK(bench.log.mark(cv::kMarkCoalesced) == 2);
}

TEST_CASE("read-through without single-flight sends one database read per miss: the stampede through the cache") {
  CacheParams params = quick_params();
  params.read_path = ReadPath::read_through;
  Bench bench(params, {{0, kCacheNode, message(get(3, 1))},
                       {1 * kMillisecond, kCacheNode, message(get(3, 2))},
                       {2 * kMillisecond, kCacheNode, message(get(3, 3))}});
  CHECK(bench.replies<CacheGetReply>().size() == 3);
  CHECK(bench.log.counter(cv::kMetricDbReads) == 3);
}

TEST_CASE("the database serves as many queries as it has workers, queues the rest in order, and refuses past its queue") {
  CacheParams params = quick_params();
  params.database.workers = 2;
  params.database.queue_limit = 2;
  std::vector<ScriptNode::Step> steps;
  for (std::uint64_t id = 1; id <= 5; ++id) {
    DbRead read;
    read.request_id = id;
    read.key = 2;
    steps.push_back({0, kDb, message(read)});
  }
  Bench bench(params, steps);
  auto replies = bench.replies<DbReadReply>();
  REQUIRE(replies.size() == 5);
  // The refusal comes at once; then two after one query time, two after two.
  CHECK(replies[0].second.refused);
  CHECK(replies[0].first == 2 * kMillisecond);
  CHECK(replies[1].first == 52 * kMillisecond);
  CHECK(replies[2].first == 52 * kMillisecond);
  CHECK(replies[3].first == 102 * kMillisecond);
  CHECK(replies[4].first == 102 * kMillisecond);
  CHECK(replies[3].second.request_id == 3);  // first come, first served
  CHECK(bench.log.mark(cv::kMarkDatabaseRefused) == 1);
}

TEST_CASE("a database read returns what was committed when it started, not a write that commits while it runs") {
  CacheParams params = quick_params();
  DbRead read;
  read.request_id = 1;
  read.key = 4;
  DbWrite write;
  write.request_id = 2;
  write.key = 4;
  write.origin = "script#2";
  Bench bench(params, {{0, kDb, message(read)}, {10 * kMillisecond, kDb, message(write)}});
  auto reads = bench.replies<DbReadReply>();
  auto writes = bench.replies<DbWriteReply>();
  REQUIRE(reads.size() == 1);
  REQUIRE(writes.size() == 1);
  CHECK(writes[0].second.version == 2);
  CHECK(writes[0].first < reads[0].first);  // committed first...
  CHECK(reads[0].second.version == 1);      // ...but the read's snapshot was older
  std::vector<HistoryEvent> commits = bench.records(cv::kOpCommit);
  REQUIRE(commits.size() == 1);
  CHECK(commits[0].value == "v2 script#2");
}

TEST_CASE("write-through: the node writes the database, stores the new version, then answers; a read then hits it") {
  CacheParams params = quick_params();
  params.read_path = ReadPath::read_through;
  params.write_path = WritePath::write_through;
  CacheWrite write;
  write.request_id = 1;
  write.key = 5;
  write.origin = "script#1";
  Bench bench(params, {{0, kCacheNode, message(write)}, {20 * kMillisecond, kCacheNode, message(get(5, 2))}});
  auto writes = bench.replies<CacheWriteReply>();
  REQUIRE(writes.size() == 1);
  CHECK(writes[0].second.ok);
  CHECK(writes[0].second.version == 2);
  CHECK(writes[0].first == 9 * kMillisecond);  // there, to the database, 5 ms write, back, to the script
  auto reads = bench.replies<CacheGetReply>();
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].second.outcome == GetOutcome::hit);
  CHECK(reads[0].second.version == 2);
  CHECK(bench.log.counter(cv::kMetricDbReads) == 0);
}

TEST_CASE("write-behind answers writes at once and writes the database later, three writes as one commit") {
  CacheParams params = quick_params();
  params.read_path = ReadPath::read_through;
  params.write_path = WritePath::write_behind;
  std::vector<ScriptNode::Step> steps;
  for (std::uint64_t id = 1; id <= 3; ++id) {
    CacheWrite write;
    write.request_id = id;
    write.key = 6;
    write.origin = "script#" + std::to_string(id);
    steps.push_back({static_cast<TimeUs>(id) * kMillisecond, kCacheNode, message(write)});
  }
  Bench bench(params, steps);
  auto writes = bench.replies<CacheWriteReply>();
  REQUIRE(writes.size() == 3);
  // The first write needs the key's current version (one 50 ms read); the others queue behind it.
  CHECK(writes[0].second.version == 2);
  CHECK(writes[1].second.version == 3);
  CHECK(writes[2].second.version == 4);
  std::vector<HistoryEvent> commits = bench.records(cv::kOpCommit);
  REQUIRE(commits.size() == 1);
  CHECK(commits[0].value == "v4 script#1,script#2,script#3");
  CHECK(bench.log.counter(cv::kMetricDbWrites) == 1);
}
