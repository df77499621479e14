// See jump_hash.h for the derivation. The division is plain IEEE double arithmetic, which is
// correctly rounded on every machine, so the result does not depend on the platform.
#include "sim/protocols/hashring/jump_hash.h"

#include "sim/core/assert.h"
#include "sim/core/random.h"

namespace dsim::hashring {

std::uint32_t jump_bucket(std::uint64_t key_hash, std::uint32_t buckets) {
  DSIM_ASSERT(buckets > 0, "jump hash needs at least one bucket");
  std::uint64_t state = key_hash;
  std::uint64_t bucket = 0;  // with one bucket every key is in bucket 0
  for (;;) {
    // r uniform in (0, 1] with 53 random bits: never zero, so the division is finite.
    double r = static_cast<double>((splitmix64(state) >> 11) + 1) * 0x1.0p-53;
    double next = static_cast<double>(bucket + 1) / r;
    if (next >= static_cast<double>(buckets)) return static_cast<std::uint32_t>(bucket);
    bucket = static_cast<std::uint64_t>(next);  // floor; next >= bucket + 1, so this always advances
  }
}

}  // namespace dsim::hashring
