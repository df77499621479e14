// See limiter.h; also the algorithms' names.
#include "sim/protocols/ratelimit/limiter.h"

#include <charconv>
#include <vector>

#include "sim/core/assert.h"

namespace dsim::ratelimit {

std::string_view algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::token_bucket: return "token-bucket";
    case Algorithm::leaky_bucket: return "leaky-bucket";
    case Algorithm::fixed_window: return "fixed-window";
    case Algorithm::sliding_log: return "sliding-log";
    case Algorithm::sliding_counter: return "sliding-counter";
  }
  return "?";
}

std::optional<Algorithm> algorithm_from_name(std::string_view name) {
  for (Algorithm algorithm : kAllAlgorithms) {
    if (algorithm_name(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

namespace {

std::variant<TokenBucket, LeakyBucket, FixedWindow, SlidingLog, SlidingCounter> initial_state(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::token_bucket: return TokenBucket{};
    case Algorithm::leaky_bucket: return LeakyBucket{};
    case Algorithm::fixed_window: return FixedWindow{};
    case Algorithm::sliding_log: return SlidingLog{};
    case Algorithm::sliding_counter: return SlidingCounter{};
  }
  return TokenBucket{};
}

}  // namespace

Limiter::Limiter(Limit limit) : limit_(limit), state_(initial_state(limit.algorithm)) {
  DSIM_ASSERT(limit_.limit >= 1 && limit_.limit <= kMaxLimit, "a limit of 1 to 1,000,000 requests");
  DSIM_ASSERT(limit_.window_us >= 1 && limit_.window_us <= kMaxWindow, "a window of 1 us to 1 hour");
  DSIM_ASSERT(limit_.burst >= 1 && limit_.burst <= kMaxLimit, "a burst of 1 to 1,000,000 requests");
  DSIM_ASSERT(limit_.queue >= 0 && limit_.queue <= kMaxLimit, "a queue of 0 to 1,000,000 requests");
  DSIM_ASSERT(limit_.algorithm != Algorithm::leaky_bucket || limit_.window_us % limit_.limit == 0,
              "a leaky bucket's window is a whole number of leak intervals");
}

Decision Limiter::offer(TimeUs now, CountsElsewhere elsewhere) {
  if (auto* bucket = std::get_if<TokenBucket>(&state_)) return {bucket->offer(limit_, now), now};
  if (auto* leaky = std::get_if<LeakyBucket>(&state_)) {
    TimeUs release = leaky->offer(limit_, now);
    return {release >= 0, release >= 0 ? release : now};
  }
  if (auto* fixed = std::get_if<FixedWindow>(&state_)) return {fixed->offer(limit_, now, elsewhere), now};
  if (auto* log = std::get_if<SlidingLog>(&state_)) return {log->offer(limit_, now), now};
  return {std::get<SlidingCounter>(state_).offer(limit_, now, elsewhere), now};
}

std::int64_t Limiter::level_milli(TimeUs now) const {
  if (auto* bucket = std::get_if<TokenBucket>(&state_)) return bucket->level_milli(limit_, now);
  if (auto* leaky = std::get_if<LeakyBucket>(&state_)) return leaky->waiting(now) * 1000;
  if (auto* fixed = std::get_if<FixedWindow>(&state_)) return fixed->count_at(limit_, now) * 1000;
  if (auto* log = std::get_if<SlidingLog>(&state_)) return log->count_at(limit_, now) * 1000;
  return std::get<SlidingCounter>(state_).estimate_milli(limit_, now);
}

std::int64_t Limiter::capacity_milli() const {
  switch (limit_.algorithm) {
    case Algorithm::token_bucket: return limit_.burst * 1000;
    case Algorithm::leaky_bucket: return limit_.queue * 1000;
    default: return limit_.limit * 1000;
  }
}

// ---------------------------------------------------------------- persisted state
// "<tag> <number> <number> ...": t (token bucket: units, refilled_at, started), l (leaky bucket:
// last release, released_any, then each pending release), f (fixed window: index, count), s
// (sliding log: each admission time), c (sliding counter: index, current, previous).

namespace {

std::string join(char tag, const std::vector<std::int64_t>& numbers) {
  std::string text(1, tag);
  for (std::int64_t number : numbers) text += " " + std::to_string(number);
  return text;
}

// The numbers after the tag, or nullopt when a word is not an integer.
std::optional<std::vector<std::int64_t>> numbers_of(std::string_view text) {
  std::vector<std::int64_t> numbers;
  std::size_t at = 1;
  while (at < text.size()) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), value);
    if (error != std::errc()) return std::nullopt;
    numbers.push_back(value);
    at = static_cast<std::size_t>(end - text.data());
  }
  return numbers;
}

}  // namespace

std::string Limiter::encode() const {
  if (auto* bucket = std::get_if<TokenBucket>(&state_)) {
    return join('t', {bucket->units, bucket->refilled_at_us, bucket->started ? 1 : 0});
  }
  if (auto* leaky = std::get_if<LeakyBucket>(&state_)) {
    std::vector<std::int64_t> numbers{leaky->last_release_us, leaky->released_any ? 1 : 0};
    numbers.insert(numbers.end(), leaky->releases_us.begin(), leaky->releases_us.end());
    return join('l', numbers);
  }
  if (auto* fixed = std::get_if<FixedWindow>(&state_)) return join('f', {fixed->index, fixed->count});
  if (auto* log = std::get_if<SlidingLog>(&state_)) {
    return join('s', std::vector<std::int64_t>(log->admitted_us.begin(), log->admitted_us.end()));
  }
  const auto& counter = std::get<SlidingCounter>(state_);
  return join('c', {counter.index, counter.current, counter.previous});
}

bool Limiter::restore(std::string_view text) {
  if (text.empty()) return false;
  std::optional<std::vector<std::int64_t>> numbers = numbers_of(text);
  if (!numbers) return false;
  const std::vector<std::int64_t>& n = *numbers;
  char tag = text[0];
  if (tag == 't' && n.size() == 3 && std::holds_alternative<TokenBucket>(state_)) {
    state_ = TokenBucket{n[0], n[1], n[2] != 0};
    return true;
  }
  if (tag == 'l' && n.size() >= 2 && std::holds_alternative<LeakyBucket>(state_)) {
    LeakyBucket leaky;
    leaky.last_release_us = n[0];
    leaky.released_any = n[1] != 0;
    leaky.releases_us.assign(n.begin() + 2, n.end());
    state_ = leaky;
    return true;
  }
  if (tag == 'f' && n.size() == 2 && std::holds_alternative<FixedWindow>(state_)) {
    state_ = FixedWindow{n[0], n[1]};
    return true;
  }
  if (tag == 's' && std::holds_alternative<SlidingLog>(state_)) {
    SlidingLog log;
    log.admitted_us.assign(n.begin(), n.end());
    state_ = log;
    return true;
  }
  if (tag == 'c' && n.size() == 3 && std::holds_alternative<SlidingCounter>(state_)) {
    state_ = SlidingCounter{n[0], n[1], n[2]};
    return true;
  }
  return false;
}

}  // namespace dsim::ratelimit
