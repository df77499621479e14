// SWIM's analysis against the real protocol (swim.h). Sections: the group; detection; false
// positives; load; judging.
#include "sim/experiments/swim.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/assert.h"
#include "sim/core/simulator.h"
#include "sim/experiments/trial_pool.h"
#include "sim/net/network.h"
#include "sim/protocols/swim/swim_node.h"
#include "sim/protocols/swim/view.h"

namespace dsim::experiments {

using swim::SwimNode;
using swim::SwimParams;

namespace {

// ---------------------------------------------------------------- the group

constexpr DurationUs kPeriod = kSecond;
constexpr DurationUs kLatency = kMillisecond;
constexpr std::int64_t kWarmUpPeriods = 3;      // the crash comes after these
constexpr std::int64_t kDisseminationPeriods = 60;  // then at most this long for everyone to know

SwimParams experiment_params(bool suspicion, std::uint32_t k) {
  SwimParams params;
  params.period_us = kPeriod;
  params.ping_timeout_us = 200 * kMillisecond;
  params.timing = swim::PeriodTiming::synchronous;
  params.suspicion = suspicion;
  params.indirect_probes = k;
  return params;
}

LinkModel link_with_delivery(double delivery) {
  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::constant;
  link.latency.a_us = kLatency;
  link.loss = 1.0 - delivery;
  return link;
}

void add_members(Simulator& sim, std::uint32_t members, const SwimParams& params) {
  for (std::uint32_t i = 0; i < members; ++i) {
    sim.add_node("n" + std::to_string(i),
                 [params, members](NodeId) { return std::make_unique<SwimNode>(params, swim::SwimWorkload{}, members); });
  }
}

// Watches every member's published view of the victim, and counts messages.
class DetectionWatch final : public Observer {
 public:
  DetectionWatch(Simulator& sim, std::uint32_t members) : sim_(sim), members_(members), dead_in_view_(members, false) {}

  void arm(NodeId victim, TimeUs crash_at) {
    victim_ = victim;
    crash_at_ = crash_at;
  }
  void on_send(TimeUs time, NodeId, NodeId, const Message&, TimeUs) override {
    if (time >= kPeriod && time < kWarmUpPeriods * kPeriod) ++warm_up_messages_;
  }
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value) override {
    if (victim_ == kNoNode || time < crash_at_ || node == victim_ || key != swim::view::kMembers.name || value.empty()) return;
    std::string letters = nlohmann::json::parse(value).get<std::string>();
    char seen = victim_ < letters.size() ? letters[victim_] : '-';
    if ((seen == 'S' || seen == 'D') && first_detection_at_ < 0) first_detection_at_ = time;
    if (seen == 'D' && !dead_in_view_[node]) {
      dead_in_view_[node] = true;
      if (++dead_views_ == members_ - 1) {
        all_know_at_ = time;
        sim_.stop();
      }
    }
  }
  TimeUs first_detection_at() const { return first_detection_at_; }
  TimeUs all_know_at() const { return all_know_at_; }
  double warm_up_load() const {
    return static_cast<double>(warm_up_messages_) / members_ / static_cast<double>(kWarmUpPeriods - 1);
  }

 private:
  Simulator& sim_;
  std::uint32_t members_;
  NodeId victim_ = kNoNode;
  TimeUs crash_at_ = 0;
  TimeUs first_detection_at_ = -1;
  TimeUs all_know_at_ = -1;
  std::vector<bool> dead_in_view_;
  std::uint32_t dead_views_ = 0;
  std::uint64_t warm_up_messages_ = 0;
};

// Sums two of the members' counters.
class ProbeCounter final : public Observer {
 public:
  void on_metric(TimeUs, NodeId, std::string_view name, MetricKind kind, std::int64_t value) override {
    if (kind != MetricKind::counter) return;
    if (name == swim::view::kMetricProbes) probes += static_cast<std::uint64_t>(value);
    if (name == swim::view::kMetricProbeFailures) failures += static_cast<std::uint64_t>(value);
  }
  std::uint64_t probes = 0;
  std::uint64_t failures = 0;
};

}  // namespace

// ---------------------------------------------------------------- detection

double swim_expected_detection_periods(std::uint32_t members) {
  double others = static_cast<double>(members) - 1;
  return 1.0 / (1.0 - std::pow(1.0 - 1.0 / others, others));
}

SwimDetectionRow run_swim_detection_trial(std::uint32_t members, std::int64_t trial) {
  DSIM_ASSERT(members >= 3, "detection needs a victim and two others");
  std::uint64_t seed = trial_seed("swim-detection", {members, trial});
  Network network(members, link_with_delivery(1.0));
  Simulator sim(seed, network);
  add_members(sim, members, experiment_params(false, 3));
  DetectionWatch watch(sim, members);
  sim.add_observer(watch);
  // The victim and the moment: any member, any time in the period after the warm-up except its
  // first 10 ms (a probe sent at the period's start is answered within 2 ms; a crash before that
  // answer would make that probe count as this period's).
  Rng choice = Rng(seed).fork(0x76696374);  // "vict"
  NodeId victim = static_cast<NodeId>(choice.index(members));
  TimeUs crash_at = kWarmUpPeriods * kPeriod + choice.uniform(10 * kMillisecond, kPeriod - 1);
  watch.arm(victim, crash_at);
  sim.schedule(crash_at, [victim](Simulator& s) { s.crash(victim); });
  sim.start();
  sim.run_until(crash_at + kDisseminationPeriods * kPeriod);
  DSIM_ASSERT(watch.first_detection_at() >= 0, "a crashed member is detected within the run");
  SwimDetectionRow row;
  row.members = members;
  row.trial = trial;
  // Decisions fall on period boundaries: detected at m*T' means the probe of period m-1 failed.
  std::int64_t crash_period = crash_at / kPeriod;
  std::int64_t failed_probe_period = watch.first_detection_at() / kPeriod - 1;
  row.first_detection_periods = failed_probe_period - crash_period;
  row.all_know_periods =
      watch.all_know_at() < 0 ? -1.0 : static_cast<double>(watch.all_know_at() - crash_at) / static_cast<double>(kPeriod);
  row.swim_load = watch.warm_up_load();
  return row;
}

// ---------------------------------------------------------------- false positives

double swim_false_positive_probability(double delivery, std::uint32_t k) {
  return (1 - delivery * delivery) * std::pow(1 - std::pow(delivery, 4), static_cast<double>(k));
}

SwimFalsePositiveRow run_swim_false_positive(double delivery, std::uint32_t k, const SwimExperimentOptions& options) {
  std::uint64_t seed = trial_seed("swim-false-positive", {static_cast<std::int64_t>(std::llround(delivery * 1e6)), k});
  Network network(options.false_positive_members, link_with_delivery(delivery));
  Simulator sim(seed, network);
  add_members(sim, options.false_positive_members, experiment_params(false, k));
  ProbeCounter counter;
  sim.add_observer(counter);
  sim.start();
  sim.run_until(options.false_positive_periods * kPeriod);
  return SwimFalsePositiveRow{delivery, k, counter.probes, counter.failures};
}

// ---------------------------------------------------------------- load

SwimLoadRow run_heartbeat_load(std::uint32_t members) {
  Network network(members, link_with_delivery(1.0));
  Simulator sim(trial_seed("swim-heartbeat", {members}), network);
  SwimParams params = experiment_params(false, 3);
  params.detector = swim::Detector::heartbeat;
  add_members(sim, members, params);
  DetectionWatch watch(sim, members);  // for its message count over the warm-up
  sim.add_observer(watch);
  sim.start();
  sim.run_until(kWarmUpPeriods * kPeriod);
  return SwimLoadRow{members, watch.warm_up_load()};
}

// ---------------------------------------------------------------- judging

namespace {

void judge(SwimExperimentResult& result, const SwimExperimentOptions& options) {
  for (std::uint32_t members : options.group_sizes) {
    double sum = 0, load = 0, know = 0;
    std::int64_t count = 0, know_count = 0;
    for (const SwimDetectionRow& row : result.detection) {
      if (row.members != members) continue;
      sum += static_cast<double>(row.first_detection_periods);
      load += row.swim_load;
      if (row.all_know_periods >= 0) {
        know += row.all_know_periods;
        ++know_count;
      }
      ++count;
    }
    if (count == 0) continue;
    double expected = swim_expected_detection_periods(members);
    double p = 1 / expected;
    double standard_error = std::sqrt((1 - p) / (p * p) / static_cast<double>(count));
    FigureCheck detection;
    detection.section = "detection";
    detection.figure = "n=" + std::to_string(members) + ": periods to first detection";
    detection.source = "SWIM §3.1: 1/(1-(1-1/(n-1))^(n-1)) <= e/(e-1)";
    detection.reference = expected;
    detection.measured = sum / static_cast<double>(count);
    detection.low = expected - options.z * standard_error;
    detection.high = expected + options.z * standard_error;
    detection.band_rule = "detection: the exact expectation +- z * the geometric distribution's standard error of a mean";
    detection.trials = count;
    result.figures.push_back(detection);

    FigureCheck spread;
    spread.section = "detection";
    spread.figure = "n=" + std::to_string(members) + ": periods until every member knows";
    spread.source = "SWIM §4.1: O(log n) (no closed form)";
    spread.reference = std::log(static_cast<double>(members));
    spread.measured = know_count > 0 ? know / static_cast<double>(know_count) : -1;
    spread.judged = false;
    spread.band_rule = "dissemination: shown beside ln(n) for its growth; the paper gives no constant";
    spread.trials = know_count;
    result.figures.push_back(spread);

    FigureCheck swim_load;
    swim_load.section = "load";
    swim_load.figure = "n=" + std::to_string(members) + ": SWIM messages per member per period";
    swim_load.source = "SWIM §3.1: a ping and an ack, whatever n";
    swim_load.reference = 2;
    swim_load.measured = load / static_cast<double>(count);
    swim_load.low = 1.99;
    swim_load.high = 2.01;
    swim_load.band_rule = "load: exactly 2 with no loss (each member sends one ping and answers one on average); 0.5% "
                          "for the counting window's edges";
    swim_load.trials = count;
    result.figures.push_back(swim_load);
  }
  for (const SwimLoadRow& row : result.heartbeat_loads) {
    FigureCheck load;
    load.section = "load";
    load.figure = "n=" + std::to_string(row.members) + ": heartbeat messages per member per period";
    load.source = "all-to-all heartbeating: n-1";
    load.reference = row.members - 1.0;
    load.measured = row.heartbeat_load;
    load.low = load.reference * 0.995;
    load.high = load.reference * 1.005;
    load.band_rule = "heartbeat load: exactly n-1 (every member to every other each period); 0.5% for the window's edges";
    load.trials = 1;
    result.figures.push_back(load);
  }
  for (const SwimFalsePositiveRow& row : result.false_positives) {
    double p = swim_false_positive_probability(row.delivery, row.k);
    double probes = static_cast<double>(row.probes);
    double standard_error = std::sqrt(p * (1 - p) / probes);
    FigureCheck figure;
    figure.section = "false positive";
    char q[16];
    std::snprintf(q, sizeof q, "%.2f", row.delivery);
    figure.figure = std::string("q=") + q + " k=" + std::to_string(row.k) + ": failed probes of live members";
    figure.source = "SWIM §3.1: (1-q^2)(1-q^4)^k";
    figure.reference = p;
    figure.measured = probes > 0 ? static_cast<double>(row.false_failures) / probes : 0;
    figure.low = std::max(0.0, p - options.z * standard_error);
    figure.high = p + options.z * standard_error;
    figure.band_rule = "false positive: the formula +- z * the binomial standard error over the probes made";
    figure.trials = static_cast<std::int64_t>(row.probes);
    result.figures.push_back(figure);
  }
}

}  // namespace

bool SwimExperimentResult::passed() const {
  for (const FigureCheck& figure : figures) {
    if (!figure.passed()) return false;
  }
  return true;
}

SwimExperimentResult run_swim_experiment(const SwimExperimentOptions& options) {
  SwimExperimentResult result;
  const std::size_t per_size = static_cast<std::size_t>(options.detection_trials);
  result.detection = run_trials<SwimDetectionRow>(options.group_sizes.size() * per_size, options.jobs, [&](std::size_t i) {
    return run_swim_detection_trial(options.group_sizes[i / per_size], static_cast<std::int64_t>(i % per_size));
  });
  const std::size_t per_delivery = options.indirect_probes.size();
  result.false_positives = run_trials<SwimFalsePositiveRow>(
      options.deliveries.size() * per_delivery, options.jobs, [&](std::size_t i) {
        return run_swim_false_positive(options.deliveries[i / per_delivery], options.indirect_probes[i % per_delivery],
                                       options);
      });
  result.heartbeat_loads = run_trials<SwimLoadRow>(options.heartbeat_sizes.size(), options.jobs,
                                                   [&](std::size_t i) { return run_heartbeat_load(options.heartbeat_sizes[i]); });
  judge(result, options);
  return result;
}

}  // namespace dsim::experiments
