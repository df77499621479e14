// The hot row's mode names (see params.h).
#include "sim/protocols/txn/hot_row/params.h"

namespace dsim::txn::hot_row {

const char* hot_row_mode_name(HotRowMode mode) {
  switch (mode) {
    case HotRowMode::atomic_update: return "atomic-update";
    case HotRowMode::for_update: return "for-update";
    case HotRowMode::queue: return "queue";
  }
  return "?";
}

std::optional<HotRowMode> parse_hot_row_mode(std::string_view text) {
  for (HotRowMode mode : {HotRowMode::atomic_update, HotRowMode::for_update, HotRowMode::queue})
    if (text == hot_row_mode_name(mode)) return mode;
  return std::nullopt;
}

}  // namespace dsim::txn::hot_row
