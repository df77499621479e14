// Hash mod N: the placement everyone writes first, and the baseline the others are measured
// against. It spreads keys perfectly evenly, but changing N moves almost every key: a key stays
// from N to N+1 buckets only when h mod N == h mod (N+1), which holds for N of every N(N+1)
// residues, so a fraction N/(N+1) of the keys move (Karger et al. 1997 §1 make the same point
// about web caches).
#pragma once

#include <cstdint>

namespace dsim::hashring {

// The bucket 0..buckets-1 of a hashed key; buckets must be positive.
std::uint32_t modulo_bucket(std::uint64_t key_hash, std::uint32_t buckets);

}  // namespace dsim::hashring
