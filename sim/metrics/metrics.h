// Metrics a student can plot: counters (totals), histograms (with percentiles) and time series
// (gauge samples over time). Nodes record through their Context; the simulator's own message
// counters are added at the end of a run. `dsim run --metrics out.csv` writes them in long form.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/observer.h"
#include "sim/core/simulator.h"

namespace dsim {

class Histogram {
 public:
  void add(std::int64_t value);
  std::size_t count() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  std::int64_t min() const;
  std::int64_t max() const;
  double mean() const;
  // Nearest-rank percentile, p in [0, 100]. Zero when empty.
  std::int64_t percentile(double p) const;
  const std::vector<std::int64_t>& values() const { return values_; }
  void merge(const Histogram& other);

 private:
  void sort_if_needed() const;
  mutable std::vector<std::int64_t> values_;
  mutable bool sorted_ = true;
};

struct TimeSeriesPoint {
  TimeUs time_us = 0;
  NodeId node = kNoNode;
  std::int64_t value = 0;
};

class MetricsRecorder final : public Observer {
 public:
  void on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind kind, std::int64_t value) override;

  void add_counter(const std::string& name, std::int64_t delta);
  void add_sample(const std::string& name, std::int64_t value);
  void add_point(const std::string& name, TimeUs time, NodeId node, std::int64_t value);
  // Adds the simulator's own totals as counters: "sim.events", "sim.messages_sent",
  // "sim.messages_delivered", "sim.messages_dropped", "sim.messages_duplicated", "sim.timers_fired".
  void add_simulator_stats(const SimulatorStats& stats);

  // For summaries: a counter's total (0 when never counted), a histogram (null when none).
  std::int64_t counter(const std::string& name) const;
  const Histogram* histogram(const std::string& name) const;

  const std::map<std::string, std::int64_t>& counters() const { return counters_; }
  const std::map<std::string, Histogram>& histograms() const { return histograms_; }
  const std::map<std::string, std::vector<TimeSeriesPoint>>& series() const { return series_; }

  // Long form, one row per value: kind,name,node,time_s,value (counters and histogram summaries
  // at the end time; every time-series point at its time). Ready for gnuplot or pandas.
  void write_csv(std::ostream& out, TimeUs end_time) const;

 private:
  std::map<std::string, std::int64_t> counters_;
  std::map<std::string, Histogram> histograms_;
  std::map<std::string, std::vector<TimeSeriesPoint>> series_;
};

}  // namespace dsim
