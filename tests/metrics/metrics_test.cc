// Metrics: nearest-rank percentiles checked against tables worked out by hand, the recorder's
// aggregation of node metrics, and the exact CSV a student feeds to gnuplot or pandas.
#include <catch2/catch.hpp>

#include <sstream>

#include "sim/metrics/metrics.h"

using namespace dsim;

namespace {

Histogram histogram_of(std::initializer_list<std::int64_t> values) {
  Histogram histogram;
  for (std::int64_t value : values) histogram.add(value);
  return histogram;
}

}  // namespace

TEST_CASE("percentiles of 1 to 100 are the nearest ranks") {
  Histogram histogram;
  for (std::int64_t value = 100; value >= 1; --value) histogram.add(value);  // added out of order
  CHECK(histogram.count() == 100);
  CHECK(histogram.min() == 1);
  CHECK(histogram.max() == 100);
  CHECK(histogram.percentile(0) == 1);
  CHECK(histogram.percentile(1) == 1);
  CHECK(histogram.percentile(25) == 25);
  CHECK(histogram.percentile(50) == 50);
  CHECK(histogram.percentile(90) == 90);
  CHECK(histogram.percentile(99) == 99);
  CHECK(histogram.percentile(99.9) == 100);
  CHECK(histogram.percentile(100) == 100);
  CHECK(histogram.mean() == 50.5);
}

TEST_CASE("percentiles of ten values round the rank up") {
  // Nearest rank: rank = ceil(p / 100 * n). With n = 10: p10 -> 1, p11 -> 2, p50 -> 5, p95 -> 10.
  Histogram histogram = histogram_of({70, 10, 100, 40, 20, 90, 30, 60, 50, 80});
  struct Row {
    double p;
    std::int64_t expected;
  };
  for (Row row : {Row{0, 10}, Row{10, 10}, Row{11, 20}, Row{50, 50}, Row{51, 60}, Row{90, 90}, Row{95, 100},
                  Row{99, 100}, Row{100, 100}}) {
    INFO("p" << row.p);
    CHECK(histogram.percentile(row.p) == row.expected);
  }
}

TEST_CASE("every percentile of a single value is that value") {
  Histogram histogram = histogram_of({7});
  CHECK(histogram.percentile(0) == 7);
  CHECK(histogram.percentile(50) == 7);
  CHECK(histogram.percentile(100) == 7);
  CHECK(histogram.min() == 7);
  CHECK(histogram.max() == 7);
  CHECK(histogram.mean() == 7.0);
}

TEST_CASE("an empty histogram reports zeros") {
  Histogram histogram;
  CHECK(histogram.empty());
  CHECK(histogram.count() == 0);
  CHECK(histogram.percentile(50) == 0);
  CHECK(histogram.min() == 0);
  CHECK(histogram.max() == 0);
  CHECK(histogram.mean() == 0.0);
}

TEST_CASE("merging histograms pools their samples") {
  Histogram low = histogram_of({1, 2, 3});
  Histogram high = histogram_of({10, 0});
  low.merge(high);
  CHECK(low.count() == 5);
  CHECK(low.min() == 0);
  CHECK(low.max() == 10);
  CHECK(low.percentile(60) == 2);  // sorted 0,1,2,3,10: rank 3
  low.merge(low);
  CHECK(low.count() == 10);
  CHECK(low.percentile(50) == 2);  // sorted 0,0,1,1,2,2,3,3,10,10: rank 5
  CHECK(low.percentile(40) == 1);  // rank 4
}

TEST_CASE("the mean of large samples does not overflow") {
  Histogram histogram = histogram_of({INT64_MAX, INT64_MAX});
  CHECK(histogram.mean() == static_cast<double>(INT64_MAX));
}

TEST_CASE("the recorder sums counters across nodes, collects histograms and keeps gauges as time series") {
  MetricsRecorder recorder;
  recorder.on_metric(100, 0, "msgs", MetricKind::counter, 3);
  recorder.on_metric(200, 1, "msgs", MetricKind::counter, 4);
  recorder.on_metric(300, 0, "lat_us", MetricKind::histogram, 5);
  recorder.on_metric(400, 2, "lat_us", MetricKind::histogram, 1);
  recorder.on_metric(500, 1, "leader", MetricKind::gauge, 1);
  CHECK(recorder.counter("msgs") == 7);
  CHECK(recorder.counter("never") == 0);
  REQUIRE(recorder.histogram("lat_us") != nullptr);
  CHECK(recorder.histogram("lat_us")->count() == 2);
  CHECK(recorder.histogram("never") == nullptr);
  REQUIRE(recorder.series().at("leader").size() == 1);
  CHECK(recorder.series().at("leader")[0].time_us == 500);
  CHECK(recorder.series().at("leader")[0].node == 1);
  CHECK(recorder.series().at("leader")[0].value == 1);
}

TEST_CASE("the simulator's totals join the counters under sim names") {
  MetricsRecorder recorder;
  SimulatorStats stats;
  stats.events = 10;
  stats.messages_sent = 4;
  stats.messages_delivered = 3;
  stats.messages_dropped = 1;
  stats.timers_fired = 2;
  recorder.add_simulator_stats(stats);
  CHECK(recorder.counter("sim.events") == 10);
  CHECK(recorder.counter("sim.messages_sent") == 4);
  CHECK(recorder.counter("sim.messages_delivered") == 3);
  CHECK(recorder.counter("sim.messages_dropped") == 1);
  CHECK(recorder.counter("sim.messages_duplicated") == 0);
  CHECK(recorder.counter("sim.timers_fired") == 2);
}

TEST_CASE("the CSV lists series points, then counters, then histogram summaries, each sorted by name") {
  MetricsRecorder recorder;
  recorder.on_metric(2000001, 1, "leader", MetricKind::gauge, 1);
  recorder.on_metric(1500000, 0, "leader", MetricKind::gauge, 0);
  recorder.on_metric(3000000, 2, "commit_index", MetricKind::gauge, 12);
  recorder.on_metric(0, 0, "msgs", MetricKind::counter, 3);
  recorder.on_metric(0, 1, "msgs", MetricKind::counter, 4);
  recorder.add_counter("aborts", 2);
  recorder.on_metric(0, 0, "lat_us", MetricKind::histogram, 5);
  recorder.on_metric(0, 0, "lat_us", MetricKind::histogram, 1);
  recorder.add_sample("lat_us", 2);
  recorder.add_sample("hops", 1);
  recorder.add_sample("hops", 2);
  std::ostringstream out;
  recorder.write_csv(out, 10 * kSecond);
  CHECK(out.str() ==
        "kind,name,node,time_s,value\n"
        "series,commit_index,2,3.000000,12\n"
        "series,leader,1,2.000001,1\n"  // points keep the order they were recorded in
        "series,leader,0,1.500000,0\n"
        "counter,aborts,,10.000000,2\n"
        "counter,msgs,,10.000000,7\n"
        "histogram,hops.count,,10.000000,2\n"
        "histogram,hops.min,,10.000000,1\n"
        "histogram,hops.p50,,10.000000,1\n"
        "histogram,hops.p90,,10.000000,2\n"
        "histogram,hops.p99,,10.000000,2\n"
        "histogram,hops.max,,10.000000,2\n"
        "histogram,hops.mean,,10.000000,1.5\n"
        "histogram,lat_us.count,,10.000000,3\n"
        "histogram,lat_us.min,,10.000000,1\n"
        "histogram,lat_us.p50,,10.000000,2\n"
        "histogram,lat_us.p90,,10.000000,5\n"
        "histogram,lat_us.p99,,10.000000,5\n"
        "histogram,lat_us.max,,10.000000,5\n"
        "histogram,lat_us.mean,,10.000000,2.6666666666666665\n");
}

TEST_CASE("a metric name holding a comma is quoted in the CSV") {
  MetricsRecorder recorder;
  recorder.add_counter("a,b", 1);
  recorder.add_point("x\"y", 1, kNoNode, 2);
  std::ostringstream out;
  recorder.write_csv(out, 0);
  CHECK(out.str() ==
        "kind,name,node,time_s,value\n"
        "series,\"x\"\"y\",,0.000001,2\n"
        "counter,\"a,b\",,0.000000,1\n");
}
