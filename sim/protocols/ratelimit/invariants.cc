// Rate limiting's checkers: gather every admission from the history, sort by the time it was
// decided, and ask limit_bounds.h for the breaches; each breach becomes one plain sentence naming
// the interval, the counts and who decided the admissions in it.
#include "sim/protocols/ratelimit/invariants.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/ratelimit/limit_bounds.h"
#include "sim/protocols/ratelimit/view.h"

namespace dsim::ratelimit {

namespace {

struct RecordedAdmission {
  AdmissionTimes times;
  NodeId limiter = kNoNode;
  std::string decider;  // view.h's words: local, store, fail-open
};

// "<decider> <decided_us> <released_us>"; nullopt when the value is not in that form.
std::optional<RecordedAdmission> parse_admission(const HistoryEvent& event) {
  std::string_view text = event.value;
  std::size_t first = text.find(' ');
  std::size_t second = first == std::string_view::npos ? first : text.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  RecordedAdmission admission;
  admission.decider = std::string(text.substr(0, first));
  admission.limiter = event.process;
  const char* end = text.data() + text.size();
  auto decided = std::from_chars(text.data() + first + 1, text.data() + second, admission.times.decided_us);
  auto released = std::from_chars(text.data() + second + 1, end, admission.times.released_us);
  if (decided.ec != std::errc() || released.ec != std::errc() || released.ptr != end) return std::nullopt;
  return admission;
}

class LimitChecker : public Checker {
 public:
  LimitChecker(std::string_view name, Limit limit) : Checker(std::string(name)), limit_(limit) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kHistoryOp || event.kind != HistoryEvent::Kind::ok) return;
    if (std::optional<RecordedAdmission> admission = parse_admission(event)) {
      admissions_.push_back(std::move(*admission));
    } else {
      report(event.time, {event.process}, node_name(event.process) + " recorded an admission that does not read as "
                                          "\"<decider> <decided_us> <released_us>\": \"" + event.value + "\"");
    }
  }

  void finish(const FinalState&) override {
    std::stable_sort(admissions_.begin(), admissions_.end(), [](const RecordedAdmission& a, const RecordedAdmission& b) {
      return a.times.decided_us < b.times.decided_us;
    });
    std::vector<AdmissionTimes> times;
    for (const RecordedAdmission& admission : admissions_) times.push_back(admission.times);
    for (const Breach& breach : breaches(times)) describe(breach);
  }

 protected:
  virtual std::vector<Breach> breaches(const std::vector<AdmissionTimes>& admissions) const = 0;
  const Limit& limit() const { return limit_; }

 private:
  // One sentence per breach: the first interval that broke the promise, the worst one if worse,
  // and who decided the admissions in it.
  void describe(const Breach& breach) {
    bool by_release = limit_.algorithm == Algorithm::leaky_bucket;
    const Excess& first = breach.first;
    std::map<std::string, std::int64_t> deciders;
    std::vector<NodeId> limiters;
    for (const RecordedAdmission& admission : admissions_) {
      TimeUs at = by_release ? admission.times.released_us : admission.times.decided_us;
      if (at < first.from_us || at > first.to_us) continue;
      std::string who = node_name(admission.limiter) + (admission.decider == view::kDecidedLocally ? "" : " (" + admission.decider + ")");
      ++deciders[who];
      if (std::find(limiters.begin(), limiters.end(), admission.limiter) == limiters.end()) limiters.push_back(admission.limiter);
    }
    std::sort(limiters.begin(), limiters.end());
    std::string who;
    for (const auto& [name, count] : deciders) who += (who.empty() ? "" : ", ") + name + " " + std::to_string(count);
    const char* verb = by_release ? "released" : "admitted";
    auto interval = [&](const Excess& excess) {
      std::string when = excess.from_us == excess.to_us
                             ? "at " + format_time_seconds(excess.from_us)
                             : "from " + format_time_seconds(excess.from_us) + " to " + format_time_seconds(excess.to_us);
      return when + ", " + std::to_string(excess.admitted) + " requests were " + verb + " where " +
             std::to_string(excess.allowed) + " are allowed";
    };
    std::string message;
    switch (breach.measure) {
      case Measure::estimate_milli:
        message = "at " + format_time_seconds(first.from_us) + " a request was admitted with the estimate at " +
                  thousandths(first.admitted) + ": " + breach.what;
        break;
      case Measure::waiting: message = "at " + format_time_seconds(first.from_us) + ": " + breach.what; break;
      case Measure::requests: message = interval(first) + ": " + breach.what; break;
    }
    if (!who.empty()) message += " [" + who + "]";
    const Excess& worst = breach.worst;
    if (worst.from_us != first.from_us || worst.to_us != first.to_us) message += "; at worst " + interval(worst);
    report(first.to_us, limiters, message);
  }

  static std::string thousandths(std::int64_t milli) {
    std::string fraction = std::to_string(milli % 1000);
    while (fraction.size() < 3) fraction = "0" + fraction;
    return std::to_string(milli / 1000) + "." + fraction;
  }

  Limit limit_;
  std::vector<RecordedAdmission> admissions_;
};

class WithinLimitChecker final : public LimitChecker {
 public:
  explicit WithinLimitChecker(Limit limit) : LimitChecker(kCheckWithinLimit, limit) {}

 protected:
  std::vector<Breach> breaches(const std::vector<AdmissionTimes>& admissions) const override {
    return breaches_of_definition(limit(), admissions);
  }
};

class WithinLimitAnyWindowChecker final : public LimitChecker {
 public:
  explicit WithinLimitAnyWindowChecker(Limit limit) : LimitChecker(kCheckWithinLimitAnyWindow, limit) {}

 protected:
  std::vector<Breach> breaches(const std::vector<AdmissionTimes>& admissions) const override {
    std::vector<TimeUs> times = limited_times(limit(), admissions);
    return breaches_of_any_window(limit().limit, limit().window_us, times);
  }
};

}  // namespace

std::unique_ptr<Checker> make_within_limit_checker(Limit limit) { return std::make_unique<WithinLimitChecker>(limit); }

std::unique_ptr<Checker> make_within_limit_any_window_checker(Limit limit) {
  return std::make_unique<WithinLimitAnyWindowChecker>(limit);
}

}  // namespace dsim::ratelimit
