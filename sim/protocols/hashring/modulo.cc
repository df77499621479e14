// See modulo.h.
#include "sim/protocols/hashring/modulo.h"

#include "sim/core/assert.h"

namespace dsim::hashring {

std::uint32_t modulo_bucket(std::uint64_t key_hash, std::uint32_t buckets) {
  DSIM_ASSERT(buckets > 0, "hash mod N needs at least one bucket");
  return static_cast<std::uint32_t>(key_hash % buckets);
}

}  // namespace dsim::hashring
