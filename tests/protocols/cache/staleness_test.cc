// The bounded-staleness judge (sim/protocols/cache/staleness.h): a read is stale beyond the bound
// B when it began more than B after a newer version was known committed; the judge groups such
// reads and explains them with the delete and the stale set that preceded them.
#include <catch2/catch.hpp>

#include "sim/protocols/cache/staleness.h"

using namespace dsim;
using namespace dsim::cache;

namespace {
constexpr NodeId kCache = 1;
constexpr NodeId kReader = 3;
constexpr NodeId kSetter = 4;
}  // namespace

TEST_CASE("a read that began within the bound of a newer commit may return the older version") {
  StalenessJudge judge(250 * kMillisecond);
  judge.committed("k1", 6, 1000 * kMillisecond);
  CHECK_FALSE(judge.read("k1", 5, 1249 * kMillisecond, 1300 * kMillisecond, kReader, kCache));
  CHECK_FALSE(judge.read("k1", 5, 1250 * kMillisecond, 1300 * kMillisecond, kReader, kCache));  // exactly the bound
  CHECK_FALSE(judge.read("k1", 6, 5000 * kMillisecond, 5001 * kMillisecond, kReader, kCache));  // the newest
  CHECK_FALSE(judge.read("k9", 1, 5000 * kMillisecond, 5001 * kMillisecond, kReader, kCache));  // never written
  CHECK(judge.episodes().empty());
}

TEST_CASE("reads that began past the bound and returned an older version form one episode per key and version") {
  StalenessJudge judge(250 * kMillisecond);
  judge.committed("k1", 6, 1000 * kMillisecond);
  judge.committed("k1", 7, 1100 * kMillisecond);
  CHECK(judge.read("k1", 5, 1300 * kMillisecond, 1302 * kMillisecond, kReader, kCache));
  CHECK(judge.read("k1", 5, 1400 * kMillisecond, 1403 * kMillisecond, kReader, kCache));
  CHECK(judge.read("k1", 6, 1500 * kMillisecond, 1501 * kMillisecond, kReader, kCache));
  REQUIRE(judge.episodes().size() == 2);
  const StaleEpisode& first = judge.episodes()[0];
  CHECK(first.key == "k1");
  CHECK(first.returned == 5);
  CHECK(first.newer == 6);  // at 1.3 s, version 7 was only 200 ms old: within the bound
  CHECK(first.reads == 2);
  CHECK(first.first_invoked_us == 1300 * kMillisecond);
  CHECK(first.last_returned_us == 1403 * kMillisecond);
  CHECK(judge.episodes()[1].newer == 7);
  CHECK(judge.stale_reads() == 3);
}

TEST_CASE("an episode names the delete and the later stale set that put the old version back") {
  StalenessJudge judge(250 * kMillisecond);
  judge.cache_set("k1", kCache, 5, 100 * kMillisecond, true, kSetter);
  judge.committed("k1", 6, 1000 * kMillisecond);
  judge.cache_delete("k1", kCache, 6, 1002 * kMillisecond);
  judge.cache_set("k1", kCache, 6, 1010 * kMillisecond, true, 5);
  judge.cache_set("k1", kCache, 5, 1040 * kMillisecond, true, kSetter);   // the stale set
  judge.cache_set("k1", kCache, 5, 1050 * kMillisecond, false, kSetter);  // refused: not evidence
  REQUIRE(judge.read("k1", 5, 1300 * kMillisecond, 1301 * kMillisecond, kReader, kCache));
  const StaleEpisode& episode = judge.episodes().at(0);
  REQUIRE(episode.stale_set_us.has_value());
  CHECK(*episode.stale_set_us == 1040 * kMillisecond);
  CHECK(episode.stale_setter == kSetter);
  REQUIRE(episode.delete_before_set_us.has_value());
  CHECK(*episode.delete_before_set_us == 1002 * kMillisecond);
  CHECK(episode.delete_version == 6);
}

TEST_CASE("a write acknowledged before the database has it counts from its acknowledgement (write-behind)") {
  StalenessJudge judge(250 * kMillisecond);
  judge.acknowledged("k2", 9, 1000 * kMillisecond, kSetter);
  judge.committed("k2", 9, 1100 * kMillisecond);  // the later evidence does not move it
  CHECK(judge.read("k2", 8, 1260 * kMillisecond, 1261 * kMillisecond, kReader, kNoNode));
  const StaleEpisode& episode = judge.episodes().at(0);
  CHECK(episode.newer_known_us == 1000 * kMillisecond);
  CHECK(episode.newer_writer == kSetter);
  CHECK_FALSE(episode.stale_set_us.has_value());  // served by the database: no cache set to blame
}
