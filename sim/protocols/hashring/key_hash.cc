// See key_hash.h for why the hash is our own and why it ends in a finalizer.
#include "sim/protocols/hashring/key_hash.h"

namespace dsim::hashring {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = UINT64_C(0xcbf29ce484222325);
  for (unsigned char byte : bytes) {
    h ^= byte;
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

std::uint64_t mix64(std::uint64_t x) {
  std::uint64_t z = x + UINT64_C(0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

std::uint64_t hash_u64(std::uint64_t value, std::uint64_t seed) {
  // The seed is mixed on its own first, so that neighbouring seeds (0, 1, 2...) give unrelated
  // functions rather than shifted copies of one another.
  return mix64(value ^ mix64(seed ^ UINT64_C(0x6a09e667f3bcc909)));
}

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) { return hash_u64(fnv1a64(bytes), seed); }

}  // namespace dsim::hashring
