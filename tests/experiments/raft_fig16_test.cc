// Figure 16 (Raft §9.3) in small: the trials are deterministic, more timeout randomness and
// shorter timeouts behave as the paper reports, and equal timeouts show the split-vote tail.
#include <catch2/catch.hpp>

#include "sim/experiments/raft_fig16.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

TimeoutRange range_ms(std::int64_t low, std::int64_t high) { return {low * kMillisecond, high * kMillisecond}; }

std::vector<DurationUs> trials(const TimeoutRange& range, int count, const Fig16Options& options = {}) {
  std::vector<DurationUs> downtimes;
  for (int t = 0; t < count; ++t) downtimes.push_back(run_fig16_trial(range, t, options));
  return downtimes;
}

}  // namespace

TEST_CASE("a Figure 16 trial is the same every time it runs with the same range and trial number") {
  CHECK(run_fig16_trial(range_ms(150, 300), 7, {}) == run_fig16_trial(range_ms(150, 300), 7, {}));
  CHECK(run_fig16_trial(range_ms(150, 300), 7, {}) != run_fig16_trial(range_ms(150, 300), 8, {}));
}

TEST_CASE("downtime is at least the minimum timeout less one heartbeat, plus an election round trip") {
  // The followers heard the last heartbeat at most a heartbeat (75 ms) before the crash, need 150
  // ms of silence, then one RequestVote round trip and one AppendEntries (each leg >= 5 ms).
  for (DurationUs downtime : trials(range_ms(150, 300), 30)) CHECK(downtime >= (150 - 75 + 15) * kMillisecond);
}

TEST_CASE("a wider timeout range elects a leader sooner in the worst case (Raft Figure 16, top)") {
  std::vector<DurationUs> narrow = trials(range_ms(150, 155), 40);
  std::vector<DurationUs> wide = trials(range_ms(150, 300), 40);
  CHECK(percentile_of(wide, 90) < percentile_of(narrow, 90));
  CHECK(percentile_of(wide, 100) < kSecond);
}

TEST_CASE("equal timeouts show the long tail of split votes (Raft Figure 16, 150-150 ms)") {
  Fig16Options options;
  options.give_up_after_us = 20 * kSecond;
  for (DurationUs downtime : trials(range_ms(150, 150), 3, options)) CHECK(downtime >= 10 * kSecond);
}

TEST_CASE("shorter timeouts give shorter downtime (Raft Figure 16, bottom)") {
  std::int64_t previous_median = 0;
  for (auto range : {range_ms(12, 24), range_ms(50, 100), range_ms(150, 300)}) {
    std::int64_t median = percentile_of(trials(range, 40), 50);
    CHECK(median > previous_median);
    previous_median = median;
  }
}

TEST_CASE("run_raft_fig16 fills every range with its trials in order, whatever the number of jobs") {
  Fig16Options options;
  options.trials = 6;
  options.trials_for_fixed = 2;
  options.give_up_after_us = 2 * kSecond;
  options.jobs = 1;
  std::vector<Fig16Series> one = run_raft_fig16(options);
  options.jobs = 3;
  std::vector<Fig16Series> three = run_raft_fig16(options);
  REQUIRE(one.size() == 10);
  CHECK(one.front().range.label() == "150-150");
  CHECK(one.front().downtimes_us.size() == 2);
  CHECK(one.back().downtimes_us.size() == 6);
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(one[i].downtimes_us == three[i].downtimes_us);
  CHECK(one[3].downtimes_us[4] == run_fig16_trial(one[3].range, 4, options));
}

TEST_CASE("percentile_of takes the nearest rank") {
  std::vector<DurationUs> values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
  CHECK(percentile_of(values, 0) == 1);
  CHECK(percentile_of(values, 50) == 5);
  CHECK(percentile_of(values, 90) == 9);
  CHECK(percentile_of(values, 100) == 10);
}
