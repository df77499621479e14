// Load balancing's checkers, over the recorded history only.
#include "sim/protocols/loadbalance/invariants.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/fields.h"
#include "sim/protocols/loadbalance/view.h"

namespace dsim::loadbalance {

namespace {

std::string percent(double share) {
  std::int64_t tenths = std::llround(share * 1000);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

class LatencySloChecker final : public Checker {
 public:
  LatencySloChecker(double quantile, DurationUs slo_us)
      : Checker(std::string(kCheckLatencySlo)), quantile_(quantile), slo_us_(slo_us) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kOpRequest) return;
    std::pair<NodeId, std::uint64_t> id{event.process, event.request_id};
    if (event.kind == HistoryEvent::Kind::invoke) {
      invoked_[id] = event.time;
      return;
    }
    auto it = invoked_.find(id);
    if (it == invoked_.end()) return;
    if (event.kind == HistoryEvent::Kind::ok) latencies_.push_back(event.time - it->second);
    else ++abandoned_;
    invoked_.erase(it);
  }

  void finish(const FinalState& final_state) override {
    // Still waiting at the end: late if it had slo to be answered, not judged otherwise.
    std::int64_t unanswered = 0;
    for (const auto& [id, time] : invoked_) unanswered += time + slo_us_ <= final_state.end_us() ? 1 : 0;
    auto judged = static_cast<std::int64_t>(latencies_.size()) + abandoned_ + unanswered;
    if (judged == 0) return;
    std::sort(latencies_.begin(), latencies_.end());
    auto on_time = static_cast<std::int64_t>(std::upper_bound(latencies_.begin(), latencies_.end(), slo_us_) - latencies_.begin());
    double share = static_cast<double>(on_time) / static_cast<double>(judged);
    if (share >= quantile_) return;
    // The quantile itself, over every judged request (the late ones that never came count as longest).
    auto rank = static_cast<std::size_t>(std::ceil(quantile_ * static_cast<double>(judged)));
    std::string quantile_text = rank <= latencies_.size() ? format_time_seconds(latencies_[rank - 1]) : "never answered";
    report(final_state.end_us(), {},
           "only " + percent(share) + " of " + std::to_string(judged) + " requests were answered within " +
               format_duration(slo_us_) + " (the objective is " + percent(quantile_) + "): " +
               std::to_string(static_cast<std::int64_t>(latencies_.size()) - on_time) + " took longer, " +
               std::to_string(abandoned_) + " were abandoned, " + std::to_string(unanswered) +
               " were never answered; the " + percent(quantile_) + " latency was " + quantile_text);
  }

 private:
  double quantile_;
  DurationUs slo_us_;
  std::map<std::pair<NodeId, std::uint64_t>, TimeUs> invoked_;  // awaiting an answer
  std::vector<DurationUs> latencies_;
  std::int64_t abandoned_ = 0;
};

class RetryAmplificationChecker final : public Checker {
 public:
  explicit RetryAmplificationChecker(double limit) : Checker(std::string(kCheckRetryAmplification)), limit_(limit) {}

  void on_history(const HistoryEvent& event) override {
    if (event.kind != HistoryEvent::Kind::invoke) return;
    if (event.op == view::kOpRequest) ++seconds_[event.time / kSecond].first;
    if (event.op == view::kOpRetry) ++seconds_[event.time / kSecond].second;
  }

  void finish(const FinalState&) override {
    struct Episode {
      std::int64_t from = 0, to = 0;       // seconds, inclusive
      std::int64_t firsts = 0, retries = 0;
      std::int64_t worst_second = 0;
      double worst = 0;
    };
    std::vector<Episode> episodes;
    std::int64_t previous = -2;
    for (const auto& [second, counts] : seconds_) {
      auto [firsts, retries] = counts;
      std::int64_t attempts = firsts + retries;
      if (attempts < kAmplificationMinAttempts || firsts < kAmplificationMinNewRequests) continue;
      double ratio = static_cast<double>(attempts) / static_cast<double>(firsts);
      if (ratio <= limit_) continue;
      if (episodes.empty() || second != previous + 1) episodes.push_back(Episode{second, second, 0, 0, second, 0});
      Episode& episode = episodes.back();
      episode.to = second;
      episode.firsts += firsts;
      episode.retries += retries;
      if (ratio > episode.worst) {
        episode.worst = ratio;
        episode.worst_second = second;
      }
      previous = second;
    }
    for (const Episode& episode : episodes) {
      double ratio = static_cast<double>(episode.firsts + episode.retries) / static_cast<double>(episode.firsts);
      report((episode.to + 1) * kSecond, {},
             "from " + format_time_seconds(episode.from * kSecond) + " to " + format_time_seconds((episode.to + 1) * kSecond) +
                 " clients made " + std::to_string(episode.firsts + episode.retries) + " attempts for " +
                 std::to_string(episode.firsts) + " new requests, " + format_ratio(ratio) +
                 " per request where the limit is " + format_ratio(limit_) + " (worst second from " +
                 format_time_seconds(episode.worst_second * kSecond) + ": " + format_ratio(episode.worst) + ")");
    }
  }

 private:
  static std::string format_ratio(double ratio) {
    std::int64_t hundredths = std::llround(ratio * 100);
    std::string fraction = std::to_string(hundredths % 100);
    if (fraction.size() < 2) fraction = "0" + fraction;
    return std::to_string(hundredths / 100) + "." + fraction;
  }

  double limit_;
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> seconds_;  // second -> (new requests, retries)
};

class BoundedLoadChecker final : public Checker {
 public:
  BoundedLoadChecker() : Checker(std::string(kCheckBoundedLoad)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kOpDispatch || event.kind != HistoryEvent::Kind::ok) return;
    std::string_view text = event.value;
    std::size_t space = text.find(' ');
    std::int64_t load = 0;
    std::int64_t capacity = 0;
    bool read = space != std::string_view::npos &&
                std::from_chars(text.data(), text.data() + space, load).ec == std::errc() &&
                std::from_chars(text.data() + space + 1, text.data() + text.size(), capacity).ec == std::errc();
    if (!read) {
      report(event.time, {event.process}, node_name(event.process) + " recorded a dispatch that does not read as "
                                          "\"<load> <capacity>\": \"" + event.value + "\"");
      return;
    }
    if (load < capacity) return;
    NodeId server = static_cast<NodeId>(std::stoull(event.key));
    report(event.time, {event.process, server},
           "at " + format_time_seconds(event.time) + " " + node_name(event.process) + " sent request c" +
               std::to_string(event.request_id >> 32) + "#" + std::to_string(event.request_id & 0xffffffffu) + " to " +
               node_name(server) + ", which already held " + std::to_string(load) + " where the bound was " +
               std::to_string(capacity) + " (ceil((1 + epsilon) x requests in the system / servers))");
  }
};

}  // namespace

std::unique_ptr<Checker> make_latency_slo_checker(double quantile, DurationUs slo_us) {
  return std::make_unique<LatencySloChecker>(quantile, slo_us);
}

std::unique_ptr<Checker> make_retry_amplification_checker(double limit) {
  return std::make_unique<RetryAmplificationChecker>(limit);
}

std::unique_ptr<Checker> make_bounded_load_checker() { return std::make_unique<BoundedLoadChecker>(); }

}  // namespace dsim::loadbalance
