// Figure 16 (Raft §9.3) in small: the trials are deterministic, the modelled testbed matters (disk
// writes lengthen every election, timer jitter is what ends 150-150), more timeout randomness and
// shorter timeouts behave as the paper reports, and a run is judged against the paper's numbers.
#include <catch2/catch.hpp>

#include "sim/experiments/raft_fig16.h"
#include "sim/experiments/raft_fig16_paper.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

TimeoutRange range_ms(std::int64_t low, std::int64_t high) { return {low * kMillisecond, high * kMillisecond}; }

std::vector<DurationUs> trials(const TimeoutRange& range, int count, const Fig16Options& options = {}) {
  std::vector<DurationUs> downtimes;
  for (int t = 0; t < count; ++t) downtimes.push_back(run_fig16_trial(range, t, options));
  return downtimes;
}

LatencyDistribution constant(DurationUs us) {
  LatencyDistribution latency;
  latency.kind = LatencyDistribution::Kind::constant;
  latency.a_us = us;
  return latency;
}

}  // namespace

TEST_CASE("a Figure 16 trial is the same every time it runs with the same range and trial number") {
  CHECK(run_fig16_trial(range_ms(150, 300), 7, {}) == run_fig16_trial(range_ms(150, 300), 7, {}));
  CHECK(run_fig16_trial(range_ms(150, 300), 7, {}) != run_fig16_trial(range_ms(150, 300), 8, {}));
}

TEST_CASE("downtime is at least the minimum timeout less one heartbeat, plus three writes and three hops") {
  // The followers heard the last heartbeat at most a heartbeat (75 ms) before the crash and need
  // 150 ms of silence; then the candidate's write, RequestVote, the voter's write, the reply, the
  // new leader's no-op write and its AppendEntries. With 1 ms writes and 0.1 ms hops: 3.3 ms more.
  Fig16Options options;
  options.disk_write = constant(kMillisecond);
  for (DurationUs downtime : trials(range_ms(150, 300), 30, options)) CHECK(downtime >= (75 + 3) * kMillisecond + 300);
}

TEST_CASE("durable writes lengthen every election: instant disks elect sooner (thesis §9.3's W)") {
  Fig16Options instant;
  instant.disk_write = constant(0);
  std::vector<DurationUs> with_disk = trials(range_ms(12, 24), 40);
  std::vector<DurationUs> without = trials(range_ms(12, 24), 40, instant);
  // Three writes of about 4 ms each lie on the path of every election.
  CHECK(percentile_of(with_disk, 50) >= percentile_of(without, 50) + 6 * kMillisecond);
}

TEST_CASE("without timer jitter or disk spread equal timeouts never elect; with them they take more than 10 s") {
  Fig16Options exact;
  exact.timer_jitter_us = 0;
  exact.disk_write = constant(4 * kMillisecond);
  exact.give_up_after_us = 60 * kSecond;
  for (DurationUs downtime : trials(range_ms(150, 150), 3, exact)) CHECK(downtime == 60 * kSecond);
  // The modelled testbed: the survivors drift apart a little every round until one wins.
  for (DurationUs downtime : trials(range_ms(150, 150), 3)) {
    CHECK(downtime > 10 * kSecond);
    CHECK(downtime < Fig16Options{}.give_up_after_us);
  }
}

TEST_CASE("a wider timeout range elects a leader sooner in the worst case (Raft Figure 16, top)") {
  std::vector<DurationUs> narrow = trials(range_ms(150, 155), 40);
  std::vector<DurationUs> wide = trials(range_ms(150, 300), 40);
  CHECK(percentile_of(wide, 90) < percentile_of(narrow, 90));
  CHECK(percentile_of(wide, 100) < kSecond);
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

namespace {

// Every range filled with `count` copies of the paper's own median (150-150: 100 trials of 41 s),
// so that a judgement of it passes everything but what a test changes.
std::vector<Fig16Series> paper_like(std::size_t count) {
  std::vector<Fig16Series> all = fig16_ranges();
  for (Fig16Series& series : all) {
    for (const Fig16PaperCurve& curve : fig16_paper_curves()) {
      if (curve.range != series.range.label()) continue;
      std::size_t n = series.range.min_us == series.range.max_us ? 100 : count;
      series.downtimes_us.assign(n, static_cast<DurationUs>(curve.median_ms * 1000));
    }
  }
  return all;
}

Fig16Series& named(std::vector<Fig16Series>& all, const std::string& label) {
  for (Fig16Series& series : all) {
    if (series.range.label() == label) return series;
  }
  FAIL("no range " << label);
  return all.front();
}

}  // namespace

TEST_CASE("the paper's curves hold what the text prints (Raft §9.3)") {
  const auto& curves = fig16_paper_curves();
  REQUIRE(curves.size() == fig16_ranges().size());
  for (std::size_t i = 0; i < curves.size(); ++i) CHECK(curves[i].range == fig16_ranges()[i].range.label());
  CHECK(curves[2].median_ms == Approx(287).epsilon(0.01));  // 150-155: "a median downtime of 287ms"
  CHECK(curves[4].max_ms == Approx(513).epsilon(0.01));     // 150-200: "the worst-case ... was 513ms"
  CHECK(curves[6].mean_ms == Approx(35).epsilon(0.02));     // 12-24: "35ms on average"
  CHECK(curves[6].max_ms == Approx(152).epsilon(0.01));     // "the longest trial took 152ms"
}

TEST_CASE("a run is judged against the paper within a factor 1.35, and only at full size") {
  Fig16Options full;
  std::vector<Fig16Series> all = paper_like(1000);
  // The printed worst case and mean need their own values: put them in one trial each.
  named(all, "150-200").downtimes_us.back() = 513 * kMillisecond;
  named(all, "12-24").downtimes_us.back() = 152 * kMillisecond;
  Fig16Judgement judgement = judge_fig16(all, full);
  CHECK(judgement.judged);
  CHECK(judgement.outside() == 0);

  // 150-175 twice as slow: its median is outside.
  std::vector<Fig16Series> slow = all;
  for (DurationUs& downtime : named(slow, "150-175").downtimes_us) downtime *= 2;
  judgement = judge_fig16(slow, full);
  CHECK(judgement.outside() == 1);
  CHECK_FALSE(judgement.medians[3].ok);
  CHECK(judgement.medians[3].what == "150-175 median");

  // 150-150: ten trials under 10 s is not "consistently longer than 10 seconds"; one trial that
  // never ended is not an election.
  std::vector<Fig16Series> quick = all;
  for (int i = 0; i < 10; ++i) named(quick, "150-150").downtimes_us[static_cast<std::size_t>(i)] = 5 * kSecond;
  CHECK(judge_fig16(quick, full).outside() == 1);
  std::vector<Fig16Series> stuck = all;
  named(stuck, "150-150").downtimes_us[0] = full.give_up_after_us;
  CHECK(judge_fig16(stuck, full).outside() == 1);

  // With fewer trials than the paper's nothing is judged.
  Fig16Options small;
  small.trials = 20;
  small.trials_for_fixed = 2;
  judgement = judge_fig16(slow, small);
  CHECK_FALSE(judgement.judged);
  CHECK(judgement.outside() == 0);
}
