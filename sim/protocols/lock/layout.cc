// Who is which node in a lock run (params.h, LockLayout).
#include "sim/protocols/lock/params.h"

namespace dsim::lock {

LockLayout layout_of(const LockParams& params) {
  if (!params.group) return {};
  LockLayout layout;
  layout.service = replicated::group_members(*params.group);
  layout.resource = static_cast<NodeId>(params.group->replicas);
  layout.first_client = layout.resource + 1;
  return layout;
}

}  // namespace dsim::lock
