// What a key-value client publishes (besides the shared role "client", sim/core/view.h): the
// requests it has completed and the one in flight.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/view.h"

namespace dsim::kvservice::view {

inline constexpr ViewKey<std::int64_t> kCompleted{"completed"};
inline constexpr ViewKey<std::string> kInFlight{"in_flight"};

}  // namespace dsim::kvservice::view
