// Counters, nearest-rank histograms and gauge time series, and their long-form CSV. Every
// container is a sorted map or an append-only vector, so the CSV of equal runs is byte-identical.
#include "sim/metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/core/fields.h"

namespace dsim {
namespace {

// Microseconds as seconds with six decimals, exactly: 3200001 -> "3.200001".
std::string seconds_text(TimeUs time) {
  char buffer[48];
  const char* sign = time < 0 ? "-" : "";
  std::uint64_t magnitude = time < 0 ? 0 - static_cast<std::uint64_t>(time) : static_cast<std::uint64_t>(time);
  std::snprintf(buffer, sizeof buffer, "%s%llu.%06llu", sign, static_cast<unsigned long long>(magnitude / 1000000),
                static_cast<unsigned long long>(magnitude % 1000000));
  return buffer;
}

// A CSV field: quoted only when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace

// ---------------------------------------------------------------- Histogram

void Histogram::add(std::int64_t value) {
  if (!values_.empty() && value < values_.back()) sorted_ = false;
  values_.push_back(value);
}

void Histogram::sort_if_needed() const {
  if (sorted_) return;
  std::sort(values_.begin(), values_.end());
  sorted_ = true;
}

std::int64_t Histogram::min() const {
  if (values_.empty()) return 0;
  sort_if_needed();
  return values_.front();
}

std::int64_t Histogram::max() const {
  if (values_.empty()) return 0;
  sort_if_needed();
  return values_.back();
}

double Histogram::mean() const {
  if (values_.empty()) return 0.0;
  __int128_t sum = 0;  // a million samples near INT64_MAX still fit
  for (std::int64_t value : values_) sum += value;
  return static_cast<double>(sum) / static_cast<double>(values_.size());
}

std::int64_t Histogram::percentile(double p) const {
  if (values_.empty()) return 0;
  sort_if_needed();
  if (!(p > 0)) return values_.front();  // also NaN
  if (p >= 100) return values_.back();
  // Nearest rank: the smallest value with at least p% of the samples at or below it. The epsilon
  // keeps 90% of 100 samples at rank 90 when 0.9 * 100 rounds up a hair.
  double rank = std::ceil(p * static_cast<double>(values_.size()) / 100.0 - 1e-9);
  auto index = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  return values_[std::min(index, values_.size() - 1)];
}

void Histogram::merge(const Histogram& other) {
  if (other.values_.empty()) return;
  // Copy first: `other` may be this histogram.
  std::vector<std::int64_t> incoming = other.values_;
  if (!values_.empty() && (!other.sorted_ || incoming.front() < values_.back())) sorted_ = false;
  if (values_.empty()) sorted_ = other.sorted_;
  values_.insert(values_.end(), incoming.begin(), incoming.end());
}

// ---------------------------------------------------------------- MetricsRecorder

void MetricsRecorder::on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind kind,
                                std::int64_t value) {
  switch (kind) {
    case MetricKind::counter: counters_[std::string(name)] += value; return;
    case MetricKind::histogram: histograms_[std::string(name)].add(value); return;
    case MetricKind::gauge: series_[std::string(name)].push_back(TimeSeriesPoint{time, node, value}); return;
  }
}

void MetricsRecorder::add_counter(const std::string& name, std::int64_t delta) { counters_[name] += delta; }

void MetricsRecorder::add_sample(const std::string& name, std::int64_t value) { histograms_[name].add(value); }

void MetricsRecorder::add_point(const std::string& name, TimeUs time, NodeId node, std::int64_t value) {
  series_[name].push_back(TimeSeriesPoint{time, node, value});
}

void MetricsRecorder::add_simulator_stats(const SimulatorStats& stats) {
  auto as_count = [](std::uint64_t value) { return static_cast<std::int64_t>(value); };
  add_counter("sim.events", as_count(stats.events));
  add_counter("sim.messages_sent", as_count(stats.messages_sent));
  add_counter("sim.messages_delivered", as_count(stats.messages_delivered));
  add_counter("sim.messages_dropped", as_count(stats.messages_dropped));
  add_counter("sim.messages_duplicated", as_count(stats.messages_duplicated));
  add_counter("sim.timers_fired", as_count(stats.timers_fired));
  add_counter("sim.peak_node_sends_per_second", as_count(stats.peak_node_sends_per_second));
}

std::int64_t MetricsRecorder::counter(const std::string& name) const {
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

const Histogram* MetricsRecorder::histogram(const std::string& name) const {
  auto it = histograms_.find(name);
  return it == histograms_.end() ? nullptr : &it->second;
}

void MetricsRecorder::write_csv(std::ostream& out, TimeUs end_time) const {
  std::string text = "kind,name,node,time_s,value\n";
  for (const auto& [name, points] : series_) {
    for (const TimeSeriesPoint& point : points) {
      text += "series," + csv_field(name) + ",";
      if (point.node != kNoNode) text += std::to_string(point.node);
      text += "," + seconds_text(point.time_us) + "," + std::to_string(point.value) + "\n";
    }
  }
  const std::string end = seconds_text(end_time);
  for (const auto& [name, value] : counters_) {
    text += "counter," + csv_field(name) + ",," + end + "," + std::to_string(value) + "\n";
  }
  for (const auto& [name, histogram] : histograms_) {
    auto row = [&](const char* statistic, const std::string& value) {
      text += "histogram," + csv_field(name + "." + statistic) + ",," + end + "," + value + "\n";
    };
    row("count", std::to_string(histogram.count()));
    row("min", std::to_string(histogram.min()));
    row("p50", std::to_string(histogram.percentile(50)));
    row("p90", std::to_string(histogram.percentile(90)));
    row("p99", std::to_string(histogram.percentile(99)));
    row("max", std::to_string(histogram.max()));
    row("mean", format_double(histogram.mean()));
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace dsim
