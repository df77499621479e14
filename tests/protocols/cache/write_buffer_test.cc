// Write-behind's coalescing buffer (sim/protocols/cache/write_buffer.h): writes of a key wait as
// one batch of its newest version, one batch per key is in flight, an acknowledged batch is done,
// a refused one waits again, and every write's origin reaches the database.
#include <catch2/catch.hpp>

#include "sim/protocols/cache/write_buffer.h"

using namespace dsim;
using namespace dsim::cache;

TEST_CASE("writes of one key coalesce into one batch carrying the newest version and every origin") {
  WriteBuffer buffer;
  buffer.add(1, 5, "c0#1", 0);
  buffer.add(1, 6, "c1#4", 0);
  buffer.add(2, 3, "c0#2", 0);
  buffer.add(1, 7, "c2#9", 0);
  CHECK(buffer.writes() == 4);
  CHECK(buffer.newest(1) == std::optional<Version>(7));
  CHECK(buffer.newest(3) == std::nullopt);
  std::vector<WriteBuffer::Send> sends = buffer.take(100, 1000, 10);
  REQUIRE(sends.size() == 2);
  CHECK(sends[0].key == 1);  // its oldest write came first
  CHECK(sends[0].batch.version == 7);
  CHECK(sends[0].batch.origin_list() == "c0#1,c1#4,c2#9");
  CHECK(sends[1].key == 2);
  CHECK(sends[1].batch.origin_list() == "c0#2");
}

TEST_CASE("one batch per key is in flight: newer writes wait for its acknowledgement") {
  WriteBuffer buffer;
  buffer.add(1, 5, "c0#1", 11);
  REQUIRE(buffer.take(0, 1000, 10).size() == 1);
  buffer.add(1, 6, "c0#2", 12);
  CHECK(buffer.take(10, 1000, 10).empty());  // 5 is still in flight
  CHECK(buffer.newest(1) == std::optional<Version>(6));
  std::optional<WriteBatch> done = buffer.acknowledged(1, 5);
  REQUIRE(done.has_value());
  CHECK(done->journal == std::vector<std::uint64_t>{11});
  std::vector<WriteBuffer::Send> next = buffer.take(20, 1000, 10);
  REQUIRE(next.size() == 1);
  CHECK(next[0].batch.version == 6);
  CHECK(buffer.acknowledged(1, 6).has_value());
  CHECK(buffer.empty());
  CHECK_FALSE(buffer.acknowledged(1, 6).has_value());  // a duplicate answer changes nothing
}

TEST_CASE("a refused batch waits again, merged with the newer writes, oldest origins first") {
  WriteBuffer buffer;
  buffer.add(1, 5, "c0#1", 0);
  buffer.take(0, 1000, 10);
  buffer.add(1, 6, "c1#3", 0);
  buffer.refused(1, 5);
  std::vector<WriteBuffer::Send> retry = buffer.take(10, 1000, 10);
  REQUIRE(retry.size() == 1);
  CHECK(retry[0].batch.version == 6);
  CHECK(retry[0].batch.origin_list() == "c0#1,c1#3");
}

TEST_CASE("a batch never answered is sent again after the resend time, and the limit caps a flush") {
  WriteBuffer buffer;
  buffer.add(1, 5, "c0#1", 0);
  buffer.add(2, 5, "c0#2", 0);
  buffer.add(3, 5, "c0#3", 0);
  CHECK(buffer.take(0, 500, 2).size() == 2);  // the two oldest
  std::vector<WriteBuffer::Send> rest = buffer.take(10, 500, 2);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].key == 3);
  CHECK(buffer.take(400, 500, 10).empty());
  std::vector<WriteBuffer::Send> again = buffer.take(505, 500, 10);
  REQUIRE(again.size() == 2);  // keys 1 and 2, sent at 0, unanswered for longer than 500; key 3 not yet
  CHECK(again[0].key == 1);
  CHECK(again[1].key == 2);
}
