// The log-shaped part of durable storage (sim/core/durable_log.h): its keys, its own operations
// (append, truncate, compact, install a snapshot, read back), and DurableStorage with log keys
// against the plain key/value map it replaced: the same operations must leave the same entries(),
// the same get() answers and the same write count.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/node.h"
#include "sim/core/random.h"

using namespace dsim;

namespace {

DurableBytes bytes(const std::string& text) { return durable_text(text); }

// The log's contents read back through for_each, as (index, bytes) pairs.
std::vector<std::pair<std::int64_t, std::string>> read_back(const DurableLog& log) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  log.for_each([&](std::int64_t index, const std::string& value) { out.emplace_back(index, value); });
  return out;
}

// A DurableStorage and the std::map it replaced, changed together. The map counts writes as
// DurableStorage always did: a put is one, an erase of a present key is one.
struct Twin {
  DurableStorage storage;
  DurableEntries map;
  std::uint64_t writes = 0;

  void put(const std::string& key, const std::string& value) {
    storage.put(key, value);
    map[key] = value;
    ++writes;
  }
  void put_log(std::int64_t index, const std::string& value) {
    storage.put_log(index, bytes(value));
    map[DurableLog::key(index)] = value;
    ++writes;
  }
  void erase(const std::string& key) {
    storage.erase(key);
    writes += map.erase(key);
  }
  void erase_prefix(const std::string& prefix) {
    storage.erase_prefix(prefix);
    for (auto it = map.lower_bound(prefix); it != map.end() && it->first.starts_with(prefix);) {
      it = map.erase(it);
      ++writes;
    }
  }
  void check(const std::string& probe) const {
    CHECK(storage.entries() == map);
    CHECK(storage.writes() == writes);
    const std::string* got = storage.get(probe);
    auto expected = map.find(probe);
    REQUIRE((got != nullptr) == (expected != map.end()));
    if (got) CHECK(*got == expected->second);
  }
};

}  // namespace

TEST_CASE("a log key is log/ and twelve digits, zero-padded so that key order is index order") {
  CHECK(DurableLog::key(0) == "log/000000000000");
  CHECK(DurableLog::key(42) == "log/000000000042");
  CHECK(DurableLog::key(DurableLog::kMaxIndex) == "log/999999999999");
  CHECK(DurableLog::index_of("log/000000000042") == 42);
  CHECK(DurableLog::index_of(DurableLog::key(123456789)) == 123456789);
  CHECK(DurableLog::key(9) < DurableLog::key(10));
  // Anything else is an ordinary key.
  CHECK_FALSE(DurableLog::index_of("log/42"));
  CHECK_FALSE(DurableLog::index_of("log/0000000000042"));  // 13 digits
  CHECK_FALSE(DurableLog::index_of("log/00000000004x"));
  CHECK_FALSE(DurableLog::index_of("log/p0/00000012"));   // the partitioned log's keys
  CHECK_FALSE(DurableLog::index_of("lag/000000000042"));
  CHECK_FALSE(DurableLog::index_of("term"));
}

TEST_CASE("a durable log appends, truncates, compacts, installs a snapshot and reads back in order") {
  DurableLog log;
  CHECK(log.empty());
  CHECK(log.get(1) == nullptr);
  for (int i = 1; i <= 6; ++i) log.put(i, bytes("e" + std::to_string(i)));
  CHECK(log.size() == 6);
  CHECK(log.first_index() == 1);
  CHECK(log.last_index() == 6);
  REQUIRE(log.get(4) != nullptr);
  CHECK(*log.get(4) == "e4");
  CHECK(log.get(7) == nullptr);
  CHECK(log.get(0) == nullptr);

  SECTION("truncating a conflicting suffix, from its first index up (as Raft erases it), then appending") {
    for (int i = 4; i <= 6; ++i) CHECK(log.erase(i));
    CHECK(log.size() == 3);
    CHECK(log.last_index() == 3);
    log.put(4, bytes("new4"));
    CHECK(read_back(log) == std::vector<std::pair<std::int64_t, std::string>>{{1, "e1"}, {2, "e2"}, {3, "e3"}, {4, "new4"}});
  }
  SECTION("compacting a prefix into a snapshot") {
    for (int i = 1; i <= 4; ++i) CHECK(log.erase(i));
    CHECK(log.first_index() == 5);
    CHECK(read_back(log) == std::vector<std::pair<std::int64_t, std::string>>{{5, "e5"}, {6, "e6"}});
    log.put(7, bytes("e7"));
    CHECK(log.last_index() == 7);
  }
  SECTION("installing a snapshot that replaces the whole log") {
    CHECK(log.clear() == 6);
    CHECK(log.empty());
    CHECK(log.get(3) == nullptr);
    log.put(101, bytes("after the snapshot"));
    CHECK(log.first_index() == 101);
    CHECK(read_back(log) == std::vector<std::pair<std::int64_t, std::string>>{{101, "after the snapshot"}});
  }
  SECTION("a hole in the middle reads as nothing and is skipped when read back") {
    CHECK(log.erase(3));
    CHECK_FALSE(log.erase(3));  // already gone
    CHECK(log.get(3) == nullptr);
    CHECK(log.size() == 5);
    CHECK(read_back(log).size() == 5);
    log.put(3, bytes("back"));
    CHECK(*log.get(3) == "back");
    CHECK(log.size() == 6);
  }
  SECTION("a put before the first index or past the end leaves empty slots between") {
    log.put(9, bytes("e9"));
    log.put(0, bytes("e0"));
    CHECK(log.first_index() == 0);
    CHECK(log.last_index() == 9);
    CHECK(log.size() == 8);
    CHECK(log.get(8) == nullptr);
    CHECK(log.erase(9));
    CHECK(log.last_index() == 6);  // the empty slots at the end went with it
  }
  SECTION("a replaced entry holds the new bytes, and every copy shares the old ones until then") {
    DurableBytes shared = bytes("shared");
    log.put(2, shared);
    DurableLog copy = log;
    log.put(2, bytes("replaced"));
    CHECK(*log.get(2) == "replaced");
    CHECK(copy.get(2) == &shared->bytes());  // the same bytes, not a copy
  }
  SECTION("a record's bytes are made when first read, once, however many logs hold it") {
    struct Counted final : DurableRecord {
      mutable int made = 0;
      mutable std::string text;
      const std::string& bytes() const override {
        if (text.empty()) {
          ++made;
          text = "encoded";
        }
        return text;
      }
    };
    auto record = std::make_shared<const Counted>();
    DurableLog other;
    log.put(7, record);
    other.put(7, record);
    CHECK(record->made == 0);  // stored, not encoded
    CHECK(*log.get(7) == "encoded");
    CHECK(*other.get(7) == "encoded");
    CHECK(read_back(other) == std::vector<std::pair<std::int64_t, std::string>>{{7, "encoded"}});
    CHECK(record->made == 1);
  }
}

TEST_CASE("durable storage with log keys keeps the same entries, answers and write count as the map it replaced") {
  Twin twin;
  twin.put("term", "3");
  twin.put("voted_for", "1");
  for (int i = 1; i <= 10; ++i) twin.put_log(i, "entry " + std::to_string(i));
  twin.check("log/000000000004");
  twin.put(DurableLog::key(11), "by its key");  // the text key reaches the log too
  twin.check("log/000000000011");
  CHECK(twin.storage.log().size() == 11);
  twin.erase("log/000000000011");
  twin.erase("log/000000000011");  // absent: no write
  twin.erase("log/000000000099");
  twin.check("log/000000000011");
  twin.put("log/p0/00000001", "a partitioned log's record stays in the map");
  twin.put("logbook", "so does a key that only starts alike");
  twin.check("log/p0/00000001");
  CHECK(twin.storage.log().size() == 10);
  twin.erase_prefix("log/00000000000");  // a prefix with digits: entries 1 to 9
  twin.check("log/000000000010");
  twin.erase_prefix("log/");  // the log and the partitioned record
  twin.check("logbook");
  CHECK(twin.storage.log().empty());
  CHECK(twin.storage.get_int("term") == 3);

  // A copy reads the same, and the copy is unchanged by later writes to the original.
  for (int i = 5; i <= 8; ++i) twin.put_log(i, "again " + std::to_string(i));
  DurableStorage copy = twin.storage;
  CHECK(copy.entries() == twin.map);
  twin.put_log(9, "later");
  CHECK(copy.get("log/000000000009") == nullptr);
  twin.check("log/000000000009");
}

TEST_CASE("durable storage matches the map under a random Raft-like mix of appends, truncations, compactions and snapshots") {
  Rng rng(20261202);
  Twin twin;
  std::int64_t first = 1, last = 0;  // the log the "server" believes it holds
  for (int step = 0; step < 4000; ++step) {
    std::int64_t choice = rng.uniform(0, 99);
    if (choice < 60) {
      ++last;
      twin.put_log(last, "t" + std::to_string(rng.uniform(1, 5)) + " #" + std::to_string(step));
    } else if (choice < 70 && last >= first) {  // truncate a suffix, from its first index up
      std::int64_t from = rng.uniform(first, last);
      for (std::int64_t i = from; i <= last; ++i) twin.erase(DurableLog::key(i));
      last = from - 1;
    } else if (choice < 78 && last >= first) {  // compact a prefix
      std::int64_t through = rng.uniform(first, last);
      for (std::int64_t i = first; i <= through; ++i) twin.erase(DurableLog::key(i));
      first = through + 1;
    } else if (choice < 80) {  // install a snapshot that replaces the log
      twin.erase_prefix("log/");
      first = last = rng.uniform(last, last + 50);
      ++first;
      twin.put("snapshot_index", std::to_string(last));
    } else if (choice < 90) {
      twin.put("term", std::to_string(step));
    } else {
      twin.erase("voted_for");
      twin.put("voted_for", std::to_string(rng.uniform(0, 4)));
    }
    if (step % 97 == 0) twin.check(DurableLog::key(rng.uniform(0, last + 2)));
  }
  twin.check(DurableLog::key(last));
}
