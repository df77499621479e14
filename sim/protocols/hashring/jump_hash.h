// Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
// 2014), written from the paper's derivation rather than copied from its listing. Going from n to
// n+1 buckets, a key must move to the new bucket n with probability 1/(n+1) and otherwise stay.
// Follow one key's choices as the bucket count grows: if its last move was to bucket b, the chance
// that it has not moved again by the time there are i buckets is (b+1)/i, so with r uniform in
// (0, 1] the next move is to bucket floor((b+1)/r). The key jumps from move to move until the next
// one falls past the last bucket: O(log n) steps, no memory. Buckets must be numbered 0..n-1, so
// only the last bucket can leave; that is the price of needing no table.
// The per-key random numbers come from splitmix64 seeded with the key's hash (the paper uses a
// 64-bit linear congruential generator; any generator whose stream depends only on the key works).
#pragma once

#include <cstdint>

namespace dsim::hashring {

// The bucket 0..buckets-1 of a hashed key; buckets must be positive.
std::uint32_t jump_bucket(std::uint64_t key_hash, std::uint32_t buckets);

}  // namespace dsim::hashring
