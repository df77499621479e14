// Seed slices: their sizes, their overlaps and their canonical form. See seed_slice.h.
#include "sim/runner/seed_slice.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace dsim {

std::uint64_t SeedSlice::size() const {
  if (last < first || last - first < shard_index) return 0;
  return (last - first - shard_index) / shard_count + 1;
}

bool SeedSlice::contains(std::uint64_t value) const {
  return value >= first && value <= last && (value - first) % shard_count == shard_index;
}

std::string SeedSlice::shard_text() const {
  return std::to_string(shard_index + 1) + "/" + std::to_string(shard_count);
}

std::optional<std::uint64_t> first_common_seed(const SeedSlice& a, const SeedSlice& b) {
  if (a.size() == 0 || b.size() == 0) return std::nullopt;
  // Seeds of a: x = a0 + a.count * s; of b: x = b0 + b.count * t. Both hold x exactly when
  // a.count * s = b0 - a0 (mod b.count), which is solvable only when gcd divides b0 - a0.
  using Wide = __int128_t;
  Wide a0 = a.seed(0), b0 = b.seed(0);
  Wide na = a.shard_count, nb = b.shard_count;
  Wide g = std::gcd(a.shard_count, b.shard_count);
  Wide difference = b0 - a0;
  if (difference % g != 0) return std::nullopt;
  Wide modulus = nb / g;
  // s = (difference / g) * inverse(na / g) mod modulus; the inverse by the extended Euclid.
  Wide s = 0;
  if (modulus > 1) {
    Wide r0 = (na / g) % modulus, r1 = modulus, x0 = 1, x1 = 0;
    while (r1 != 0) {
      Wide q = r0 / r1;
      std::tie(r0, r1) = std::make_tuple(r1, r0 - q * r1);
      std::tie(x0, x1) = std::make_tuple(x1, x0 - q * x1);
    }
    Wide inverse = ((x0 % modulus) + modulus) % modulus;
    s = (((difference / g) % modulus + modulus) % modulus) * inverse % modulus;
  }
  Wide step = na * modulus;  // lcm(na, nb)
  Wide x = a0 + na * s;      // a common seed, maybe below the start of one of the slices
  Wide start = std::max(a0, b0);
  if (x < start) x += (start - x + step - 1) / step * step;
  Wide end = std::min<Wide>(a.last, b.last);
  if (x > end) return std::nullopt;
  return static_cast<std::uint64_t>(x);
}

std::vector<SeedSlice> normalise_slices(std::vector<SeedSlice> slices) {
  // Complete shard sets of one range: all N shards of first..last present.
  std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>, std::vector<std::uint32_t>> sets;
  for (const SeedSlice& slice : slices) {
    if (slice.sharded()) sets[{slice.first, slice.last, slice.shard_count}].push_back(slice.shard_index);
  }
  std::vector<SeedSlice> result;
  for (const SeedSlice& slice : slices) {
    if (!slice.sharded()) {
      result.push_back(slice);
      continue;
    }
    const auto& indices = sets[{slice.first, slice.last, slice.shard_count}];
    if (indices.size() != slice.shard_count) {
      result.push_back(slice);
    } else if (slice.shard_index == 0) {
      result.push_back(SeedSlice{slice.first, slice.last, 0, 1});  // once for the whole set
    }
  }
  std::sort(result.begin(), result.end(), [](const SeedSlice& x, const SeedSlice& y) {
    return std::tie(x.first, x.shard_count, x.shard_index, x.last) < std::tie(y.first, y.shard_count, y.shard_index, y.last);
  });
  // Unsharded ranges that touch become one.
  std::vector<SeedSlice> joined;
  for (const SeedSlice& slice : result) {
    if (!joined.empty() && !slice.sharded() && !joined.back().sharded() && joined.back().last != UINT64_MAX &&
        joined.back().last + 1 == slice.first) {
      joined.back().last = slice.last;
    } else {
      joined.push_back(slice);
    }
  }
  return joined;
}

}  // namespace dsim
