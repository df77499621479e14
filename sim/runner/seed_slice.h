// Which seeds a sweep result holds, without listing them: every shard_count-th seed of
// first..last, starting at first + shard_index (`dsim sweep --shard K/N` runs slice K-1 of N). A
// merged result holds several slices; two parts may merge only when no seed is in both, which for
// two such arithmetic progressions is a question for the Chinese remainder theorem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

struct SeedSlice {
  std::uint64_t first = 1;
  std::uint64_t last = 1;  // inclusive
  std::uint32_t shard_index = 0;  // 0-based
  std::uint32_t shard_count = 1;

  // How many seeds the slice holds (0 when first + shard_index is past last).
  std::uint64_t size() const;
  // The i-th seed of the slice, i < size().
  std::uint64_t seed(std::uint64_t i) const { return first + shard_index + i * shard_count; }
  bool contains(std::uint64_t seed) const;
  bool sharded() const { return shard_count > 1; }
  // "3/8" (1-based, as --shard takes it).
  std::string shard_text() const;

  bool operator==(const SeedSlice& other) const = default;
};

// The smallest seed both slices hold, or nullopt when they share none.
std::optional<std::uint64_t> first_common_seed(const SeedSlice& a, const SeedSlice& b);

// Puts merged slices in a canonical form, so that parts which together make up a sweep describe
// exactly what the unsplit sweep does: a complete set of shards 1/N..N/N of one range becomes the
// range itself, and unsharded ranges that touch join. Sorted by first seed, then shard. The
// slices must not overlap.
std::vector<SeedSlice> normalise_slices(std::vector<SeedSlice> slices);

}  // namespace dsim
