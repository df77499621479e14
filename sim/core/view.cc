// The shared published-view conventions (view.h).
#include "sim/core/view.h"

#include "sim/core/fields.h"

namespace dsim::view {

std::string quoted(std::string_view text) { return json_string(text); }

}  // namespace dsim::view
