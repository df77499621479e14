// Lab 5's given helpers (the workload and the records the checkers read), so that your member
// only has to do the vector-clock bookkeeping and the hold-back queue. They are the same steps
// dsim's own causal member takes (sim/protocols/causal/causal_node.cc), so your runs are judged
// and drawn exactly like the library's causality/ scenarios.
#pragma once

#include <optional>
#include <string>

#include "sim/core/node.h"
#include "sim/protocols/causal/messages.h"
#include "sim/protocols/causal/params.h"

namespace dsim::lab05 {

// Records a post or a delivery of `message` for the checkers (causal_delivery, all_delivered) and
// the viewer. Call record_post when you send your own post, record_delivery when you deliver one.
void record_post(Context& ctx, const causal::Multicast& message);
void record_delivery(Context& ctx, const causal::Multicast& message);

// Sets the next PostTimer (a Poisson arrival), unless the workload has stopped posting.
void schedule_next_post(Context& ctx, const causal::CausalWorkload& workload);

// The text of the reply this member posts after delivering `delivered`, if it replies to it: the
// workload answers some of the posts it delivers, so that a reply causally depends on its post.
std::optional<std::string> reply_to(Context& ctx, const causal::CausalWorkload& workload,
                                    const causal::Multicast& delivered);

}  // namespace dsim::lab05
