// The sweep's bounded histogram: exact where it says it is, within 1 part in 8,192 elsewhere, the
// same percentiles as Histogram on exact values, and merging that does not depend on the order.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/core/random.h"
#include "sim/metrics/merged_histogram.h"
#include "sim/metrics/metrics.h"

using namespace dsim;

TEST_CASE("values below 16384 have buckets of their own, larger ones share 14 leading bits") {
  struct Row {
    std::int64_t value;
    std::int64_t bucket;
  };
  for (Row row : {Row{0, 0}, Row{1, 1}, Row{16383, 16383}, Row{16384, 16384}, Row{16385, 16384},
                  Row{16386, 16386}, Row{32767, 32766}, Row{32768, 32768}, Row{32771, 32768},
                  Row{32772, 32772}, Row{1'000'001, 1'000'000}, Row{-5, -5}, Row{-16385, -16384},
                  Row{INT64_MAX, INT64_MAX - ((std::int64_t{1} << 49) - 1)}, Row{INT64_MIN, INT64_MIN}}) {
    INFO("value " << row.value);
    CHECK(MergedHistogram::bucket_of(row.value) == row.bucket);
  }
}

TEST_CASE("a bucket is never wider than 1/8192 of the values it holds") {
  Rng rng(3);
  for (int i = 0; i < 100000; ++i) {
    int bits = static_cast<int>(rng.index(62)) + 1;
    std::int64_t value = rng.uniform(0, (std::int64_t{1} << bits) - 1);
    std::int64_t bucket = MergedHistogram::bucket_of(value);
    REQUIRE(bucket <= value);
    REQUIRE(static_cast<double>(value - bucket) <= static_cast<double>(value) / 8192.0);
    REQUIRE(MergedHistogram::bucket_of(bucket) == bucket);
  }
}

TEST_CASE("on exact values the percentiles are Histogram's, and min and max are always exact") {
  Rng rng(8);
  Histogram exact;
  MergedHistogram merged;
  for (int i = 0; i < 5000; ++i) {
    std::int64_t value = rng.uniform(0, 16383);
    exact.add(value);
    merged.add(value);
  }
  for (double p : {0.0, 1.0, 10.0, 25.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    INFO("p" << p);
    CHECK(merged.percentile(p) == exact.percentile(p));
  }
  merged.add(1'000'003);
  CHECK(merged.max() == 1'000'003);
  CHECK(merged.percentile(100) == 1'000'003);
  CHECK(merged.min() == exact.min());
  CHECK(merged.count() == 5001);
}

TEST_CASE("large percentiles are within 1/8192 of the exact nearest rank") {
  Rng rng(9);
  Histogram exact;
  MergedHistogram merged;
  for (int i = 0; i < 20000; ++i) {
    std::int64_t value = rng.uniform(5'000, 1'000'000);
    exact.add(value);
    merged.add(value);
  }
  for (double p : {1.0, 50.0, 90.0, 99.0}) {
    INFO("p" << p);
    std::int64_t truth = exact.percentile(p);
    CHECK(merged.percentile(p) <= truth);
    CHECK(static_cast<double>(truth - merged.percentile(p)) <= static_cast<double>(truth) / 8192.0);
  }
}

TEST_CASE("merging in any grouping or order gives the same histogram") {
  Rng rng(10);
  std::vector<MergedHistogram> parts(6);
  MergedHistogram all;
  for (int i = 0; i < 3000; ++i) {
    std::int64_t value = rng.uniform(-50'000, 2'000'000);
    parts[rng.index(parts.size())].add(value);
    all.add(value);
  }
  MergedHistogram forward, backward, pairs;
  for (const MergedHistogram& part : parts) forward.merge(part);
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) backward.merge(*it);
  for (std::size_t i = 0; i < parts.size(); i += 2) {
    MergedHistogram pair = parts[i];
    pair.merge(parts[i + 1]);
    pairs.merge(pair);
  }
  CHECK(forward == all);
  CHECK(backward == all);
  CHECK(pairs == all);
  CHECK(all.count() == 3000);
}

TEST_CASE("a million samples over a wide range keep the histogram bounded") {
  Rng rng(11);
  MergedHistogram merged;
  for (int i = 0; i < 1'000'000; ++i) merged.add(rng.uniform(0, 999'999));
  // 16,384 exact values and 8,192 buckets per doubling above them: 6 doublings up to 10^6.
  CHECK(merged.buckets().size() <= 16384 + 6 * 8192);
  CHECK(merged.count() == 1'000'000);
}

TEST_CASE("a histogram rebuilt from its buckets, min and max equals the original") {
  Rng rng(12);
  MergedHistogram original;
  for (int i = 0; i < 2000; ++i) original.add(rng.uniform(-100'000, 3'000'000));
  auto restored = MergedHistogram::restore(original.buckets(), original.min(), original.max());
  REQUIRE(restored.has_value());
  CHECK(*restored == original);
  CHECK(restored->percentile(50) == original.percentile(50));
}

TEST_CASE("buckets, min and max that do not fit together are refused") {
  using Buckets = MergedHistogram::Buckets;
  CHECK(MergedHistogram::restore(Buckets{{10, 2}, {20, 1}}, 10, 20).has_value());
  CHECK_FALSE(MergedHistogram::restore(Buckets{{20, 1}, {10, 2}}, 10, 20).has_value());     // not ascending
  CHECK_FALSE(MergedHistogram::restore(Buckets{{16385, 1}}, 16385, 16385).has_value());     // starts no bucket
  CHECK_FALSE(MergedHistogram::restore(Buckets{{10, 2}, {20, 0}}, 10, 20).has_value());     // an empty bucket
  CHECK_FALSE(MergedHistogram::restore(Buckets{{10, 2}, {20, 1}}, 11, 20).has_value());     // min elsewhere
  CHECK_FALSE(MergedHistogram::restore(Buckets{{10, 2}, {20, 1}}, 10, 30).has_value());     // max elsewhere
  CHECK_FALSE(MergedHistogram::restore(Buckets{{16384, 1}}, 16384, 16385).has_value());     // one sample, two values
  CHECK(MergedHistogram::restore(Buckets{{16384, 2}}, 16384, 16385).has_value());
  CHECK(MergedHistogram::restore(Buckets{}, 0, 0).has_value());
}
