// job_delivery and cron_ticks (invariants.h), over the recorded history only.
#include "sim/protocols/jobs/invariants.h"

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/jobs/view.h"

namespace dsim::jobs {
namespace {

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t number = 0;
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return number;
}

// "<worker> <attempt>" as recorded by the queue (lease) and the sink (execute).
std::pair<NodeId, std::uint64_t> worker_attempt(std::string_view text) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return {kNoNode, 0};
  auto worker = parse_number(text.substr(0, space));
  auto attempt = parse_number(text.substr(space + 1));
  return {worker ? static_cast<NodeId>(*worker) : kNoNode, attempt.value_or(0)};
}

class JobDeliveryChecker final : public Checker {
 public:
  JobDeliveryChecker(Guarantee guarantee, DurationUs drain_us)
      : Checker(std::string(kCheckJobDelivery)), guarantee_(guarantee), drain_us_(drain_us) {}

  void on_history(const HistoryEvent& event) override {
    auto id = parse_number(event.key);
    if (!id) return;
    if (event.op == view::kHistorySubmit && event.kind == HistoryEvent::Kind::ok) {
      Job& job = jobs_[*id];
      job.submitted = true;
      job.key = event.value;
      job.submitted_at_us = event.time;
    } else if (event.op == view::kHistoryLease) {
      auto [worker, attempt] = worker_attempt(event.value);
      jobs_[*id].deliveries.push_back({event.time, worker, attempt});
    } else if (event.op == view::kHistoryExecute && event.kind == HistoryEvent::Kind::ok) {
      auto [worker, attempt] = worker_attempt(event.value);
      Job& job = jobs_[*id];
      job.applied.push_back({event.time, worker, attempt});
      if (guarantee_ == Guarantee::effectively_once && job.applied.size() == 2) {
        report(event.time, {event.process, job.applied[0].worker, worker},
               "job " + std::to_string(*id) + " (key " + job.key + ") ran twice at " + node_name(event.process) +
                   " (the sink), but the scenario promises effectively once: " + describe(job.applied[0]) +
                   ", then " + describe(job.applied[1]) + "; deliveries: " + deliveries(job));
      }
    } else if (event.op == view::kHistoryCrash) {
      ++jobs_[*id].crashes;
    } else if (event.op == view::kHistoryDead) {
      Job& job = jobs_[*id];
      job.dead = true;
      job.dead_at_us = event.time;
    }
  }

  void finish(const FinalState& final_state) override {
    for (const auto& [id, job] : jobs_) {
      if (!job.submitted || !job.applied.empty()) continue;
      if (job.dead && job.crashes > 0) continue;  // a poison message, set aside on purpose
      if (!job.dead && job.submitted_at_us + drain_us_ > final_state.end_us()) continue;  // may still run
      std::string what = "job " + std::to_string(id) + " (key " + job.key + ", submitted at " +
                         format_time_seconds(job.submitted_at_us) + ") ";
      if (job.dead) {
        report(job.dead_at_us, {kQueue},
               what + "was moved to the dead-letter queue at " + format_time_seconds(job.dead_at_us) +
                   " without ever crashing a worker: a good job given up on, lost (deliveries: " + deliveries(job) +
                   ")");
      } else {
        report(final_state.end_us(), {kQueue},
               what + "never ran by the end of the run at " + format_time_seconds(final_state.end_us()) +
                   ": lost (" + std::to_string(job.deliveries.size()) + " deliveries" +
                   (job.crashes > 0 ? ", " + std::to_string(job.crashes) + " of them crashed their worker" : "") +
                   (job.deliveries.empty() ? "" : ": " + deliveries(job)) + ")");
      }
    }
  }

 private:
  struct Delivery {
    TimeUs at_us = 0;
    NodeId worker = kNoNode;
    std::uint64_t attempt = 0;
  };
  struct Job {
    bool submitted = false;
    std::string key;
    TimeUs submitted_at_us = 0;
    std::vector<Delivery> deliveries;  // leases granted
    std::vector<Delivery> applied;     // side effects applied at the sink
    std::uint64_t crashes = 0;
    bool dead = false;
    TimeUs dead_at_us = 0;
  };

  std::string describe(const Delivery& applied) const {
    return "applied at " + format_time_seconds(applied.at_us) + " for " + node_name(applied.worker) + "'s attempt " +
           std::to_string(applied.attempt);
  }
  std::string deliveries(const Job& job) const {
    std::string text;
    constexpr std::size_t kShown = 6;
    for (std::size_t i = 0; i < job.deliveries.size() && i < kShown; ++i) {
      if (i > 0) text += ", ";
      text += "attempt " + std::to_string(job.deliveries[i].attempt) + " to " + node_name(job.deliveries[i].worker) +
              " at " + format_time_seconds(job.deliveries[i].at_us);
    }
    if (job.deliveries.size() > kShown) text += " and " + std::to_string(job.deliveries.size() - kShown) + " more";
    return text.empty() ? "none" : text;
  }

  Guarantee guarantee_;
  DurationUs drain_us_;
  std::map<std::uint64_t, Job> jobs_;
};

class CronTicksChecker final : public Checker {
 public:
  CronTicksChecker(DurationUs period_us, DurationUs grace_us)
      : Checker(std::string(kCheckCronTicks)), period_us_(period_us), grace_us_(grace_us) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kHistoryCron || event.kind != HistoryEvent::Kind::ok) return;
    auto tick = parse_number(event.key);
    auto by = parse_number(event.value);
    if (!tick) return;
    std::vector<Fire>& fires = fires_[*tick];
    fires.push_back({event.time, by ? static_cast<NodeId>(*by) : kNoNode});
    if (fires.size() == 2) {
      report(event.time, {event.process, fires[0].by, fires[1].by},
             "cron tick " + std::to_string(*tick) + " (due at " + format_time_seconds(due(*tick)) +
                 ") was enqueued twice: fired by " + node_name(fires[0].by) + " (enqueued at " +
                 format_time_seconds(fires[0].at_us) + ") and by " + node_name(fires[1].by) + " (enqueued at " +
                 format_time_seconds(fires[1].at_us) + ")");
    }
  }

  void finish(const FinalState& final_state) override {
    for (std::uint64_t tick = 1; due(tick) + grace_us_ <= final_state.end_us(); ++tick) {
      if (fires_.count(tick) > 0) continue;
      auto before = fires_.lower_bound(tick);
      std::string context = before == fires_.begin() ? "no tick before it was enqueued either"
                                                      : "the tick before it was enqueued at " +
                                                            format_time_seconds(std::prev(before)->second[0].at_us) +
                                                            " by " + node_name(std::prev(before)->second[0].by);
      report(due(tick), {kQueue},
             "cron tick " + std::to_string(tick) + " (due at " + format_time_seconds(due(tick)) +
                 ") was never enqueued: skipped (" + context + ")");
    }
  }

 private:
  struct Fire {
    TimeUs at_us = 0;
    NodeId by = kNoNode;
  };
  TimeUs due(std::uint64_t tick) const { return static_cast<TimeUs>(tick) * period_us_; }

  DurationUs period_us_;
  DurationUs grace_us_;
  std::map<std::uint64_t, std::vector<Fire>> fires_;
};

}  // namespace

std::unique_ptr<Checker> make_job_delivery_checker(Guarantee guarantee, DurationUs drain_us) {
  return std::make_unique<JobDeliveryChecker>(guarantee, drain_us);
}

std::unique_ptr<Checker> make_cron_ticks_checker(DurationUs period_us, DurationUs grace_us) {
  return std::make_unique<CronTicksChecker>(period_us, grace_us);
}

}  // namespace dsim::jobs
