// See limit_bounds.h. Every function is a single pass (two pointers, a running minimum, or a
// group-by) over the sorted admissions; products are formed in 128 bits, since a run's time in
// microseconds times a limit can pass 2^63.
#include "sim/protocols/ratelimit/limit_bounds.h"

#include <algorithm>
#include <functional>
#include <queue>

#include "sim/protocols/ratelimit/fixed_window.h"

namespace dsim::ratelimit {

namespace {

using Wide = __int128_t;

std::string plural(std::int64_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::vector<Breach> token_bucket_breaches(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  // Admissions i..j (inclusive) break the promise when (j - i + 1) W > B W + L (t_j - t_i), that
  // is g_j - g_i + W > B W with g_k = k W - L t_k: so the worst interval ending at j starts where
  // g is smallest so far.
  std::vector<Breach> breaches;
  const Wide window = limit.window_us;
  Wide lowest_g = 0;
  std::size_t lowest_at = 0;
  bool in_episode = false;
  Wide worst_excess = 0;
  for (std::size_t j = 0; j < admissions.size(); ++j) {
    Wide g = static_cast<Wide>(j) * window - static_cast<Wide>(limit.limit) * admissions[j].decided_us;
    if (j == 0 || g <= lowest_g) {  // the latest lowest point: the shortest interval with that excess
      lowest_g = g;
      lowest_at = j;
    }
    Wide excess = g - lowest_g + window - static_cast<Wide>(limit.burst) * window;
    if (excess <= 0) {
      in_episode = false;
      continue;
    }
    TimeUs from = admissions[lowest_at].decided_us;
    TimeUs to = admissions[j].decided_us;
    Excess interval{from, to, static_cast<std::int64_t>(j - lowest_at + 1),
                    limit.burst + static_cast<std::int64_t>(static_cast<Wide>(limit.limit) * (to - from) / window)};
    if (!in_episode) {
      Breach breach;
      breach.first = breach.worst = interval;
      breach.what = "a token bucket of " + plural(limit.burst, "token", "tokens") + " refilled at " +
                    std::to_string(limit.limit) + " per " + format_duration(limit.window_us) +
                    " admits at most burst + rate x length";
      breaches.push_back(breach);
      worst_excess = excess;
      in_episode = true;
    } else if (excess > worst_excess) {
      breaches.back().worst = interval;
      worst_excess = excess;
    }
  }
  return breaches;
}

std::vector<Breach> leaky_bucket_breaches(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  std::vector<Breach> breaches;
  const DurationUs interval = limit.leak_interval_us();
  std::vector<TimeUs> releases = limited_times(limit, admissions);
  bool in_episode = false;
  for (std::size_t k = 1; k < releases.size(); ++k) {
    DurationUs gap = releases[k] - releases[k - 1];
    if (gap >= interval) {
      in_episode = false;
      continue;
    }
    if (in_episode) continue;
    in_episode = true;
    Breach breach;
    breach.first = breach.worst = Excess{releases[k - 1], releases[k], 2, 1};
    breach.what = "a leaky bucket releases one request every " + format_duration(interval) + ", but two left " +
                  format_duration(gap) + " apart";
    breaches.push_back(breach);
  }
  // Waiting requests: at each decision, those decided by then and not yet released.
  std::priority_queue<TimeUs, std::vector<TimeUs>, std::greater<>> waiting;  // release times
  in_episode = false;
  for (const AdmissionTimes& admission : admissions) {
    while (!waiting.empty() && waiting.top() <= admission.decided_us) waiting.pop();
    if (admission.released_us > admission.decided_us) waiting.push(admission.released_us);
    auto count = static_cast<std::int64_t>(waiting.size());
    if (count <= limit.queue) {
      in_episode = false;
      continue;
    }
    if (in_episode) continue;
    in_episode = true;
    Breach breach;
    breach.measure = Measure::waiting;
    breach.first = breach.worst = Excess{admission.decided_us, admission.decided_us, count, limit.queue};
    breach.what = "a leaky bucket holds at most " + plural(limit.queue, "waiting request", "waiting requests") +
                  ", but " + std::to_string(count) + " were waiting";
    breaches.push_back(breach);
  }
  return breaches;
}

std::vector<Breach> fixed_window_breaches(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  std::vector<Breach> breaches;
  std::size_t start = 0;
  while (start < admissions.size()) {
    std::int64_t index = window_index(admissions[start].decided_us, limit.window_us);
    std::size_t end = start;
    while (end < admissions.size() && window_index(admissions[end].decided_us, limit.window_us) == index) ++end;
    auto count = static_cast<std::int64_t>(end - start);
    if (count > limit.limit) {
      Breach breach;
      breach.first = breach.worst = Excess{index * limit.window_us, (index + 1) * limit.window_us, count, limit.limit};
      breach.what = "a fixed window admits at most " + std::to_string(limit.limit) + " per aligned window of " +
                    format_duration(limit.window_us);
      breaches.push_back(breach);
    }
    start = end;
  }
  return breaches;
}

std::vector<Breach> sliding_counter_breaches(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  std::vector<Breach> breaches;
  std::size_t start = 0;
  std::int64_t previous_index = 0;
  std::int64_t previous_count = 0;
  bool in_episode = false;
  while (start < admissions.size()) {
    std::int64_t index = window_index(admissions[start].decided_us, limit.window_us);
    std::size_t end = start;
    while (end < admissions.size() && window_index(admissions[end].decided_us, limit.window_us) == index) ++end;
    std::int64_t previous = previous_index == index - 1 ? previous_count : 0;
    for (std::size_t k = start; k < end; ++k) {
      auto before = static_cast<std::int64_t>(k - start);  // admitted earlier in this window
      TimeUs at = admissions[k].decided_us;
      Wide elapsed = at - index * limit.window_us;
      Wide scaled = static_cast<Wide>(previous) * (limit.window_us - elapsed) + static_cast<Wide>(before) * limit.window_us;
      if (scaled < static_cast<Wide>(limit.limit) * limit.window_us) {
        in_episode = false;
        continue;
      }
      if (in_episode) continue;
      in_episode = true;
      Breach breach;
      breach.measure = Measure::estimate_milli;
      breach.first = breach.worst = Excess{at, at, static_cast<std::int64_t>(scaled * 1000 / limit.window_us), limit.limit * 1000};
      breach.what = "a sliding window counter admits only while previous x (W - elapsed) / W + current < " +
                    std::to_string(limit.limit) + " (previous window " + std::to_string(previous) + ", this one " +
                    std::to_string(before) + " so far)";
      breaches.push_back(breach);
    }
    previous_index = index;
    previous_count = static_cast<std::int64_t>(end - start);
    start = end;
  }
  return breaches;
}

}  // namespace

std::vector<TimeUs> limited_times(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  std::vector<TimeUs> times;
  times.reserve(admissions.size());
  for (const AdmissionTimes& admission : admissions) {
    times.push_back(limit.algorithm == Algorithm::leaky_bucket ? admission.released_us : admission.decided_us);
  }
  std::sort(times.begin(), times.end());
  return times;
}

std::vector<Breach> breaches_of_definition(const Limit& limit, std::span<const AdmissionTimes> admissions) {
  switch (limit.algorithm) {
    case Algorithm::token_bucket: return token_bucket_breaches(limit, admissions);
    case Algorithm::leaky_bucket: return leaky_bucket_breaches(limit, admissions);
    case Algorithm::fixed_window: return fixed_window_breaches(limit, admissions);
    case Algorithm::sliding_log: {
      std::vector<TimeUs> times = limited_times(limit, admissions);
      return breaches_of_any_window(limit.limit, limit.window_us, times);
    }
    case Algorithm::sliding_counter: return sliding_counter_breaches(limit, admissions);
  }
  return {};
}

std::vector<Breach> breaches_of_any_window(std::int64_t limit, DurationUs window_us, std::span<const TimeUs> sorted_times) {
  std::vector<Breach> breaches;
  std::size_t first = 0;  // the oldest admission inside (t_j - W, t_j]
  bool in_episode = false;
  for (std::size_t j = 0; j < sorted_times.size(); ++j) {
    while (sorted_times[first] <= sorted_times[j] - window_us) ++first;
    auto count = static_cast<std::int64_t>(j - first + 1);
    if (count <= limit) {
      in_episode = false;
      continue;
    }
    Excess interval{sorted_times[first], sorted_times[j], count, limit};
    if (!in_episode) {
      Breach breach;
      breach.first = breach.worst = interval;
      breach.what = "at most " + std::to_string(limit) + " may be admitted in any window of " + format_duration(window_us);
      breaches.push_back(breach);
      in_episode = true;
    } else if (count > breaches.back().worst.admitted) {
      breaches.back().worst = interval;
    }
  }
  return breaches;
}

WorstWindow most_in_any_window(std::span<const TimeUs> sorted_times, DurationUs window_us) {
  WorstWindow worst;
  std::size_t first = 0;
  for (std::size_t j = 0; j < sorted_times.size(); ++j) {
    while (sorted_times[first] <= sorted_times[j] - window_us) ++first;
    auto count = static_cast<std::int64_t>(j - first + 1);
    if (count > worst.admitted) worst = {count, sorted_times[first], sorted_times[j]};
  }
  return worst;
}

}  // namespace dsim::ratelimit
