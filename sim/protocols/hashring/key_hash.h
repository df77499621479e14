// The 64-bit hash every placement function here uses for keys and node names. Our own, not
// std::hash: std::hash differs between standard libraries (and is the identity for integers in
// libstdc++), which would move keys between machines and break "same seed, same result".
// Bytes go through FNV-1a (Fowler, Noll and Vo), whose short-key output is poorly mixed in the
// high bits, so every result ends in splitmix64's finalizer (Steele, Lea and Flood, 2014), which
// makes each output bit depend on every input bit. Placement needs uniform high bits: rings order
// by them and partitions are taken from them.
#pragma once

#include <cstdint>
#include <string_view>

namespace dsim::hashring {

// FNV-1a, 64-bit, exactly as published (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
std::uint64_t fnv1a64(std::string_view bytes);

// splitmix64's output function on `x + 0x9e3779b97f4a7c15`: a bijection of 64-bit words.
std::uint64_t mix64(std::uint64_t x);

// A value hashed under a seed: different seeds give unrelated functions.
std::uint64_t hash_u64(std::uint64_t value, std::uint64_t seed = 0);

// A byte string hashed under a seed: hash_u64(fnv1a64(bytes), seed).
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0);

}  // namespace dsim::hashring
