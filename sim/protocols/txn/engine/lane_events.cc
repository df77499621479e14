// Publishing the engine's lane events (see lane_events.h).
#include "sim/protocols/txn/engine/lane_events.h"

#include "sim/protocols/txn/engine/view.h"

namespace dsim::txn {

void publish_lane_events(Context& ctx, const std::vector<std::string>& events) {
  for (const std::string& event : events) ctx.publish(view::kLaneEvent, event);
}

}  // namespace dsim::txn
