// Independent trials run on a few threads, each result in its own slot: the output is the same
// whatever the thread count and whichever thread finishes first (parallelism lives only across
// runs, docs/architecture.md). Each trial seeds its own simulator from its coordinates, so trial K
// can be replayed alone.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <thread>
#include <vector>

namespace dsim::experiments {

// `run_trial(i)` for i in [0, count), on `jobs` threads (at least one: the caller's).
template <typename Result, typename RunTrial>
std::vector<Result> run_trials(std::size_t count, unsigned jobs, RunTrial run_trial) {
  std::vector<Result> results(count);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) results[i] = run_trial(i);
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, jobs); ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  return results;
}

// A trial's seed: FNV-1a over the experiment's name and the trial's coordinates (its case and its
// number); the simulator's splitmix64 seeding spreads the bits. Distinct coordinates give distinct
// streams, and nothing else (thread, order, other trials) enters.
inline std::uint64_t trial_seed(std::string_view experiment, std::initializer_list<std::int64_t> coordinates) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t seed = 0xcbf29ce484222325ULL;
  for (char c : experiment) seed = (seed ^ static_cast<unsigned char>(c)) * kPrime;
  for (std::int64_t part : coordinates) {
    for (int byte = 0; byte < 8; ++byte) {
      seed = (seed ^ ((static_cast<std::uint64_t>(part) >> (8 * byte)) & 0xff)) * kPrime;
    }
  }
  return seed;
}

}  // namespace dsim::experiments
