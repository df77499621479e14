// The shared resource's reactions: apply a write, or refuse it for quoting an old fencing token.
#include "sim/protocols/lock/resource_node.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/lock/view.h"

namespace dsim::lock {

void SharedResource::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == layout_of(params_).resource, "the shared resource is the node after the lock service");
  ctx.publish(dsim::view::kRole, view::kRoleResource);
  if (auto stored = ctx.storage().get_int(view::kDurableHighestToken)) highest_token_ = static_cast<std::uint64_t>(*stored);
}

void SharedResource::publish_view(Context& ctx) {
  ctx.publish(view::kHighestToken, static_cast<std::int64_t>(highest_token_));
  ctx.publish(view::kLastWriter, last_writer_ == kNoNode ? -1 : static_cast<std::int64_t>(last_writer_));
  ctx.publish(view::kWritesAccepted, writes_accepted_);
  ctx.publish(view::kWritesRefused, writes_refused_);
}

bool SharedResource::refuses(std::uint64_t token) const {
  if (!params_.fencing) return false;
  if (params_.mutant_fence_one_behind) return token + 1 < highest_token_;
  return token < highest_token_;
}

void SharedResource::on_write(Context& ctx, NodeId from, const Write& write) {
  HistoryEvent event;
  event.op = std::string(view::kHistoryWrite);
  event.key = std::to_string(from);
  event.value = std::to_string(write.token);
  event.request_id = write.request_id;
  WriteReply reply;
  reply.request_id = write.request_id;
  if (refuses(write.token)) {
    ctx.mark(view::kMarkFencedWriteRefused);
    ctx.count(view::kMetricWritesRefused);
    ctx.annotate("refused " + ctx.node_name(from) + "'s write: its token " + std::to_string(write.token) +
                 " is older than token " + std::to_string(highest_token_) + ", which I have already accepted");
    ++writes_refused_;
    event.kind = HistoryEvent::Kind::fail;
  } else {
    if (write.token < highest_token_) {
      ctx.mark(view::kMarkStaleWriteAccepted);
      ctx.count(view::kMetricStaleWrites);
      ctx.annotate("applied " + ctx.node_name(from) + "'s write with token " + std::to_string(write.token) +
                   " after one with token " + std::to_string(highest_token_) + ": two clients hold the lock");
    }
    if (write.token > highest_token_) {
      highest_token_ = write.token;
      // Durable before the reply: a restarted resource must still refuse what it refused before.
      ctx.persist_int(view::kDurableHighestToken, static_cast<std::int64_t>(highest_token_));
    }
    last_writer_ = from;
    ++writes_accepted_;
    ctx.count(view::kMetricWritesAccepted);
    event.kind = HistoryEvent::Kind::ok;
    reply.accepted = true;
  }
  reply.highest_token = highest_token_;
  ctx.record(std::move(event));
  ctx.send(from, std::move(reply));
}

}  // namespace dsim::lock
